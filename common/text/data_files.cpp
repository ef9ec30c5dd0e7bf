#include "text/data_files.h"

#include "text/text_util.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace news {

std::vector<std::string> data_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("NEWS_DATA_DIR"); env && *env) dirs.emplace_back(env);
  // Beside the program: <prefix>/bin/search -> <prefix>/share/newssearch, so an
  // install under any --prefix finds its data.
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back((exe.parent_path().parent_path() / "share" / "newssearch").string());
  dirs.emplace_back(NEWS_INSTALL_DATA_DIR);
  dirs.emplace_back(NEWS_SOURCE_DATA_DIR);
  return dirs;
}

std::string find_data_file(std::string_view name) {
  std::string looked;
  for (const auto& dir : data_dirs()) {
    std::filesystem::path candidate = std::filesystem::path(dir) / name;
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
    looked += looked.empty() ? dir : ", " + dir;
  }
  throw std::runtime_error("data file " + std::string(name) + " not found (looked in " + looked +
                           "; set NEWS_DATA_DIR)");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open for reading");
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) throw std::runtime_error(path + ": read error");
  return std::move(out).str();
}

std::vector<DataLine> data_lines(std::string_view content) {
  std::vector<DataLine> lines;
  int number = 0;
  for (std::string_view line : split_lines(content)) {
    ++number;
    line = trim(line);
    if (!line.empty() && line.front() != '#') lines.push_back({number, line});
  }
  return lines;
}

}  // namespace news
