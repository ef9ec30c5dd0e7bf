// Reading article files of every supported format into Articles: plain text
// (.txt, .md), HTML (.html, .htm, through gumbo), JSON Lines news records
// (.jsonl, one article per line) and RSS/Atom feeds (.rss, .atom, and .xml
// whose root is a feed; one article per item). Also where bad input is caught: text that is
// not UTF-8 is detected (ICU) and converted, binary, empty and oversized files
// are skipped with a reason, malformed JSONL lines are skipped one by one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ingest/article.h"

namespace news {

// `xml`: a feed when its root element says so (rss, feed, rdf:RDF), else not
// an article file at all (a sitemap, an SVG).
enum class FileFormat { text, markdown, html, jsonl, feed, xml, unsupported };

// By extension, case-insensitively.
FileFormat format_of(const std::filesystem::path& path);

// The extensions read, for messages: ".txt, .md, .html, .htm, .jsonl, .rss, .atom, .xml".
std::string supported_extensions();

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
    unsupported,  // not an article file after all (an .xml file that is not a feed): no warning
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
  // For `unsupported` (and in the warning of `skipped` and `failed`): why, in
  // a few words ("an XML file whose root element is <urlset>").
  std::string reason;
};

// One file to read: where it is, and the two names it goes by.
struct SourceFile {
  std::filesystem::path full_path;
  // To the corpus root, '/'-separated: gives the ids (article_id_from_path)
  // and each article's source_path.
  std::string relative_path;
  // How warnings name it ("corpus/sport/001.txt", as the user gave the
  // corpus); empty: relative_path.
  std::string shown_path;
};

// Reads one file. Never throws for bad content; throws only when the
// furniture rules cannot be loaded (a broken install). Safe to call from
// several threads at once.
FileArticles read_article_file(const SourceFile& file, const ReadOptions& options = {});
// The same with `relative_path` also naming the file in warnings.
FileArticles read_article_file(const std::filesystem::path& full_path, const std::string& relative_path,
                               const ReadOptions& options = {});

}  // namespace news
