// JSON Lines news feeds: every line one record, every record one Article.
//   {"id": "...", "title": "...", "text": "..." (or "body"),
//    "date": "...", "url": "...", "source": "...", "author": "..."}
// Lines are fed one at a time, so a feed of any size costs one line of memory,
// and a bad line costs a warning naming it, never the rest of the file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "text/charset.h"
#include "ingest/article_reader.h"

namespace news {

class JsonlReader {
 public:
  // `relative_path` (to the corpus root) is each article's source_path and
  // gives generated ids their stem; `shown_path` (default: the same) prefixes
  // warnings.
  explicit JsonlReader(std::string relative_path, std::string shown_path = {});

  // One line without its terminator; lines are numbered from 1. Blank lines
  // are ignored. Lines that are not UTF-8 are converted with the charset
  // given to use_charset, or else guessed from the first such line, and the
  // first conversion is warned about.
  void add_line(std::string_view line, std::size_t line_number);
  // The charset for lines that are not UTF-8, guessed by the caller from a
  // bigger sample than one line (one line is too little for the detector).
  // The first call wins.
  void use_charset(CharsetGuess guess);
  bool has_charset() const { return !charset_.charset.empty(); }
  // A line the caller could not hand over (too long): `reason` ends the
  // warning "path:LINE: reason".
  void skip_line(std::size_t line_number, const std::string& reason);

  // The articles and warnings so far; the status is partial when some lines
  // were skipped, skipped when no record could be read.
  FileArticles finish();

 private:
  void warn(std::size_t line_number, const std::string& message);
  void add_record(std::string_view json, std::size_t line_number);

  std::string relative_path_;
  std::string path_;  // as warnings show it
  std::string stem_;
  CharsetGuess charset_;  // for lines that are not UTF-8
  bool warned_charset_ = false;
  FileArticles result_;
  std::size_t skipped_lines_ = 0;
};

}  // namespace news
