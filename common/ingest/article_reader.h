// Reading article files of every supported format into Articles: plain text
// (.txt, .md), HTML (.html, .htm, through gumbo) and JSON Lines news records
// (.jsonl, one article per line). Also where bad input is caught: text that is
// not UTF-8 is detected (ICU) and converted, binary, empty and oversized files
// are skipped with a reason, malformed JSONL lines are skipped one by one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ingest/article.h"

namespace news {

enum class FileFormat { text, markdown, html, jsonl, unsupported };

// By extension, case-insensitively.
FileFormat format_of(const std::filesystem::path& path);

struct ReadOptions {
  // Single-article files (txt, md, html) and single JSONL records larger than
  // this are refused; JSONL files themselves are streamed and may be larger.
  std::uintmax_t max_article_bytes = 16u << 20;
};

struct FileArticles {
  enum class Status {
    read,     // articles holds everything the file had (warnings may still say what was repaired)
    partial,  // some articles read, some parts skipped (e.g. a malformed JSONL line)
    skipped,  // nothing to index: empty, binary, too large
    failed,   // could not be read at all: permissions, I/O error
  };
  Status status = Status::read;
  std::vector<Article> articles;
  // One line each, naming the file (and line, for JSONL): "a/b.txt: not UTF-8,
  // converted from windows-1252 (confidence 68%)", "feed.jsonl:17: malformed
  // JSON, line skipped". Every warning is listed in docs/input-formats.md.
  std::vector<std::string> warnings;
  // Of the raw bytes read (file_state.h), so an incremental indexer can tell
  // a touched file from a changed one without reading it again; 0 when the
  // file was not read whole (refused by size, unreadable).
  std::uint64_t content_hash = 0;
};

// Reads one file. `relative_path` (to the corpus root) becomes each article's
// source_path and the prefix of every warning. Never throws for bad content;
// throws only when the furniture rules cannot be loaded (a broken install).
// Safe to call from several threads at once.
FileArticles read_article_file(const std::filesystem::path& full_path, const std::string& relative_path,
                               const ReadOptions& options = {});

}  // namespace news
