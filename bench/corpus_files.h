// Reading a folder of plain-text articles the way our indexer does: every
// `.txt` file below a root, in a fixed order; the first non-empty line is the
// title, the rest the body, paragraphs separated by blank lines.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

// Every regular `.txt` file below `root`, sorted by path so that each run
// visits them in the same order. Throws std::runtime_error if root is no folder.
// With `jsonl`, `.jsonl` files too.
std::vector<std::filesystem::path> list_text_files(const std::filesystem::path& root, bool jsonl = false);

// The whole file; throws std::runtime_error naming the file on failure.
std::string read_file(const std::filesystem::path& path);

struct PlainArticle {
  std::string_view title;  // first non-empty line, trimmed
  std::string_view body;   // everything after it, trimmed
};

// Views into `text` (a leading UTF-8 byte order mark is skipped).
PlainArticle split_plain_text(std::string_view text);

// Paragraphs of a body: runs of non-empty lines, joined with single spaces.
std::vector<std::string> paragraphs(std::string_view body);

std::string_view trim(std::string_view s);

}  // namespace bench
