// An article as the indexer sees it: its text (UTF-8, exactly as read after
// decoding), where the title and the body paragraphs lie in that text, and the
// metadata its source gave. Page furniture lines are simply left out of the
// ranges, so they are never indexed nor shown, while `text` keeps them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/text_range.h"

namespace news {

struct Article {
  std::string id;           // path relative to the corpus root without extension, or a record's own id
  std::string source_path;  // relative to the corpus root, '/'-separated
  std::string text;         // decoded UTF-8 text; ranges below index into it
  TextRange title;
  std::vector<TextRange> body;  // paragraphs, furniture removed
  std::string date;             // ISO "YYYY-MM-DD", or empty when the source gives none
  std::string url;
  std::string source;
  std::string author;
  // Where a record of a multi-article file (JSONL line, feed item) starts:
  // 1-based line number; 0 for an article that is the whole file.
  std::uint32_t line = 0;

  std::string_view slice(TextRange r) const { return std::string_view(text).substr(r.begin, r.size()); }
  std::string_view title_text() const { return slice(title); }
};

// Parses a plain-text article: the first non-empty line is the title, the rest
// the body. `text` must already be UTF-8 (a leading BOM is dropped here); CRLF
// and LF are both fine. Furniture lines (see furniture.h) are excluded.
Article parse_plain_text(std::string text, std::string id, std::string source_path);

// The id of a file from its path relative to the corpus root: that path
// without the extension, so "business/001.txt" is "business/001" and files of
// the same name in different folders never share an id; a file at the root
// keeps its bare name ("001.txt" is "001").
std::string article_id_from_path(std::string_view relative_path);

}  // namespace news
