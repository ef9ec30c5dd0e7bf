#include "ingest/corpus_walker.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <stdexcept>
#include <utility>

#include "text/printable.h"
#include "ingest/article_reader.h"

namespace news {

namespace fs = std::filesystem;

namespace {

struct Walker {
  fs::path root;
  CorpusWalk result;
  // Warnings name paths as the user gave the corpus ("corpus/sub/up"), like the reader's.
  std::string shown(const std::string& relative) const { return printable((root / relative).lexically_normal().generic_string()); }

  std::set<std::pair<dev_t, ino_t>> visited_dirs;  // symlinked folders are followed once

  void walk(const fs::path& dir, const std::string& relative) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
      result.warnings.push_back(shown(relative) + ": cannot read folder: " + std::strerror(errno));
      return;
    }
    if (!visited_dirs.insert({st.st_dev, st.st_ino}).second) {
      result.warnings.push_back(shown(relative) + ": folder already visited (symlink loop?), skipped");
      return;
    }
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      result.warnings.push_back(shown(relative) + ": cannot read folder: " + ec.message());
      return;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const std::string name = it->path().filename().string();
      if (name.empty() || name.front() == '.') continue;
      const std::string child_relative = relative.empty() ? name : relative + "/" + name;
      struct stat child {};
      if (::stat(it->path().c_str(), &child) != 0) {
        // A dangling symlink or a file that vanished: report it as unreadable.
        if (format_of(it->path()) != FileFormat::unsupported) {
          result.files.push_back({it->path(), child_relative, 0, 0});
        }
        continue;
      }
      if (S_ISDIR(child.st_mode)) {
        walk(it->path(), child_relative);
      } else if (S_ISREG(child.st_mode)) {
        if (format_of(it->path()) == FileFormat::unsupported) {
          ++result.ignored;
          continue;
        }
        const std::int64_t mtime_ns = static_cast<std::int64_t>(child.st_mtim.tv_sec) * 1000000000 + child.st_mtim.tv_nsec;
        result.files.push_back({it->path(), child_relative, static_cast<std::uint64_t>(child.st_size), mtime_ns});
      }
    }
    if (ec) result.warnings.push_back(shown(relative) + ": error while listing folder: " + ec.message());
  }
};

}  // namespace

CorpusWalk walk_corpus(const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    throw std::runtime_error(root.string() + ": corpus folder not found (use --corpus DIR)");
  }
  Walker walker;
  walker.root = root;
  walker.walk(root, "");
  std::sort(walker.result.files.begin(), walker.result.files.end(),
            [](const CorpusFile& a, const CorpusFile& b) { return a.relative_path < b.relative_path; });
  return std::move(walker.result);
}

}  // namespace news
