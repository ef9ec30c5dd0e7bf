// Finding the article files of a corpus: a recursive walk that skips hidden
// files and folders, follows symlinks without ever looping, and returns files
// in a stable (sorted) order with what incremental indexing compares: size and
// modification time.
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
};

struct CorpusWalk {
  std::vector<CorpusFile> files;        // supported formats only, sorted by relative path
  std::vector<std::string> warnings;    // unreadable folders, symlink loops
  std::vector<std::string> unsupported;  // relative paths of files of other formats, sorted
};

// Throws std::runtime_error when the root itself is missing or not a folder.
CorpusWalk walk_corpus(const std::filesystem::path& root);

}  // namespace news
