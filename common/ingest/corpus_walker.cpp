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

const char* special_kind(mode_t mode) {
  if (S_ISFIFO(mode)) return "FIFO";
  if (S_ISSOCK(mode)) return "socket";
  return "device";
}

struct Walker {
  fs::path root;
  CorpusWalk result;
  // Warnings name paths as the user gave the corpus ("corpus/sub/up"), like the reader's.
  std::string shown(const std::string& relative) const { return printable((root / relative).lexically_normal().generic_string()); }

  std::set<std::pair<dev_t, ino_t>> visited_dirs;  // symlinked folders are followed once

  void unreadable(const std::string& relative, const std::string& what, const std::string& reason) {
    if (relative.empty()) throw std::runtime_error(shown(relative) + ": cannot read corpus folder: " + reason);
    result.unreadable.push_back(relative);
    result.warnings.push_back(shown(relative) + ": " + what + ": " + reason + " (what the index holds from it is kept)");
  }

  void walk(const fs::path& dir, const std::string& relative) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) return unreadable(relative, "cannot read folder", std::strerror(errno));
    if (!visited_dirs.insert({st.st_dev, st.st_ino}).second) {
      result.warnings.push_back(shown(relative) + ": folder already visited (symlink loop?), skipped");
      return;
    }
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) return unreadable(relative, "cannot read folder", ec.message());
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const std::string name = it->path().filename().string();
      if (name.empty() || name.front() == '.') continue;
      const std::string child_relative = relative.empty() ? name : relative + "/" + name;
      struct stat child {};
      if (::stat(it->path().c_str(), &child) != 0) {
        if (errno != ENOENT) {
          unreadable(child_relative, "cannot read", std::strerror(errno));
        } else if (format_of(it->path()) != FileFormat::unsupported) {
          // A dangling symlink or a file that vanished: the reader reports it.
          result.files.push_back({it->path(), child_relative, 0, 0, {}});
        }
        continue;
      }
      if (S_ISDIR(child.st_mode)) {
        walk(it->path(), child_relative);
        continue;
      }
      if (format_of(it->path()) == FileFormat::unsupported) {
        if (S_ISREG(child.st_mode)) result.unsupported.push_back(child_relative);
        continue;
      }
      if (!S_ISREG(child.st_mode)) {
        result.files.push_back({it->path(), child_relative, 0, 0, special_kind(child.st_mode)});
        continue;
      }
      const std::int64_t mtime_ns = static_cast<std::int64_t>(child.st_mtim.tv_sec) * 1000000000 + child.st_mtim.tv_nsec;
      result.files.push_back({it->path(), child_relative, static_cast<std::uint64_t>(child.st_size), mtime_ns, {}});
    }
    if (ec) unreadable(relative, "error while listing folder", ec.message());
  }
};

}  // namespace

bool CorpusWalk::is_unreadable(const std::string& relative_path) const {
  for (const std::string& path : unreadable) {
    if (relative_path.size() >= path.size() && relative_path.compare(0, path.size(), path) == 0 &&
        (relative_path.size() == path.size() || relative_path[path.size()] == '/')) {
      return true;
    }
  }
  return false;
}

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
  std::sort(walker.result.unsupported.begin(), walker.result.unsupported.end());
  return std::move(walker.result);
}

}  // namespace news
