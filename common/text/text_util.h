// Small byte-level helpers on UTF-8 text shared by the parsers: line splitting
// and whitespace trimming that also knows the no-break space news sites love.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/text_range.h"

namespace news {

// Lines without their terminator ("\n" or "\r\n").
std::vector<std::string_view> split_lines(std::string_view text);
// The words of a name, split at spaces (runs of spaces make no empty word).
std::vector<std::string> space_separated_words(std::string_view text);
// Line ranges (terminators excluded) of a whole text.
std::vector<TextRange> line_ranges(std::string_view text);

std::string_view trim(std::string_view s);
// `r` without leading and trailing ASCII whitespace and U+00A0.
TextRange trim_range(std::string_view text, TextRange r);

// Copies `s` with every run of whitespace (ASCII, U+00A0) turned into one space.
std::string collapse_whitespace(std::string_view s);

// A value quoted in a warning: "\"someday\"", on one line, at most about 40
// bytes (cut on a character boundary, then "...").
std::string quoted_excerpt(std::string_view value);

bool starts_with_utf8_bom(std::string_view s);
// True when `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

}  // namespace news
