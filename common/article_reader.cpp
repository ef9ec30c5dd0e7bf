// Bootstrap: plain text only. The full reader (issue 5) replaces this.
#include "article_reader.h"

#include <algorithm>

#include "data_files.h"

namespace news {

FileFormat format_of(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".txt") return FileFormat::text;
  if (ext == ".md") return FileFormat::markdown;
  if (ext == ".html" || ext == ".htm") return FileFormat::html;
  if (ext == ".jsonl") return FileFormat::jsonl;
  return FileFormat::unsupported;
}

FileArticles read_article_file(const std::filesystem::path& full_path, const std::string& relative_path,
                               const ReadOptions&) {
  FileArticles result;
  try {
    result.articles.push_back(
        parse_plain_text(read_file(full_path.string()), article_id_from_path(relative_path), relative_path));
  } catch (const std::exception& e) {
    result.status = FileArticles::Status::failed;
    result.warnings.push_back(relative_path + ": " + e.what());
  }
  return result;
}

}  // namespace news
