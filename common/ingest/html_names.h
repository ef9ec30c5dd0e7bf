// Tag, attribute and meta names as the HTML stages compare them: ASCII,
// case-insensitive, and attribute values as lists of word tokens. Internal to
// the HTML reader (html_guard, html_extractor, html_metadata).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace news::html {

inline char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }
inline bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

inline std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

template <std::size_t N>
bool is_one_of(std::string_view s, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

// True when `value` (a class, id, role or rel value) holds one of `tokens` as
// a whole word: the value is split at anything not a letter or digit, so
// "header" or "download" never match "ad".
template <std::size_t N>
bool has_token(std::string_view value, const std::array<std::string_view, N>& tokens) {
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && !is_alnum(value[i])) ++i;
    std::size_t end = i;
    while (end < value.size() && is_alnum(value[end])) ++end;
    if (end > i && is_one_of(lowered(value.substr(i, end - i)), tokens)) return true;
    i = end;
  }
  return false;
}

}  // namespace news::html
