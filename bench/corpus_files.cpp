#include "corpus_files.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace bench {

std::vector<fs::path> list_text_files(const fs::path& root, bool jsonl) {
  if (!fs::is_directory(root)) throw std::runtime_error(root.string() + ": not a folder");
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const fs::path ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".txt" || (jsonl && ext == ".jsonl"))) files.push_back(entry.path());
  }
  // Compare as generic strings: the order must not depend on the directory
  // iterator, which follows the file system's own order.
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw std::runtime_error(path.string() + ": read error");
  return std::move(buffer).str();
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

PlainArticle split_plain_text(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  PlainArticle article;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    const std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    if (!trim(line).empty()) {
      article.title = trim(line);
      article.body = trim(text);
      break;
    }
  }
  return article;
}

std::vector<std::string> paragraphs(std::string_view body) {
  std::vector<std::string> result;
  std::string current;
  auto close = [&] {
    if (!current.empty()) result.push_back(std::move(current));
    current.clear();
  };
  while (!body.empty()) {
    const auto eol = body.find('\n');
    const std::string_view line = trim(body.substr(0, eol));
    body = eol == std::string_view::npos ? std::string_view{} : body.substr(eol + 1);
    if (line.empty()) {
      close();
      continue;
    }
    if (!current.empty()) current += ' ';
    current += line;
  }
  close();
  return result;
}

}  // namespace bench
