// Finding the article files of a corpus: a recursive walk that skips hidden
// files and folders, follows symlinks without ever looping, and returns files
// in a stable (sorted) order with what incremental indexing compares: size and
// modification time. What it cannot list it reports as such, so that nobody
// mistakes an unreadable folder for an empty one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace news {

struct CorpusFile {
  std::filesystem::path full_path;
  std::string relative_path;  // to the corpus root, '/'-separated
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  // Empty for a regular file; else what it is ("FIFO", "socket", "device"):
  // named like an article but never opened.
  std::string special;
};

struct CorpusWalk {
  std::vector<CorpusFile> files;        // supported formats only, sorted by relative path
  // Relative paths the walk could not look into (a folder it may not list, an
  // entry it may not stat): what lies under them is unknown, not gone.
  std::vector<std::string> unreadable;
  std::vector<std::string> warnings;    // the unreadable paths, symlink loops
  std::vector<std::string> unsupported;  // relative paths of files of other formats, sorted

  // Whether `relative_path` is, or lies under, an unreadable path.
  bool is_unreadable(const std::string& relative_path) const;
};

// Throws std::runtime_error when the root itself is missing, not a folder or
// cannot be listed.
CorpusWalk walk_corpus(const std::filesystem::path& root);

}  // namespace news
