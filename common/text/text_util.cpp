#include "text/text_util.h"

#include <unicode/utf8.h>

#include "text/printable.h"

namespace news {

namespace {
bool is_ascii_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Length of the whitespace starting at s[i] (ASCII space or U+00A0), or 0.
std::size_t space_at(std::string_view s, std::size_t i) {
  if (is_ascii_space(static_cast<unsigned char>(s[i]))) return 1;
  if (static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  return 0;
}
// Length of the whitespace ending just before s[end], or 0.
std::size_t space_before(std::string_view s, std::size_t end) {
  if (is_ascii_space(static_cast<unsigned char>(s[end - 1]))) return 1;
  if (end >= 2 && static_cast<unsigned char>(s[end - 2]) == 0xC2 && static_cast<unsigned char>(s[end - 1]) == 0xA0) return 2;
  return 0;
}
}  // namespace

std::vector<TextRange> line_ranges(std::string_view text) {
  std::vector<TextRange> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::size_t content_end = (end > start && text[end - 1] == '\r') ? end - 1 : end;
    if (nl == std::string_view::npos && start == text.size()) break;
    lines.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(content_end)});
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  for (TextRange r : line_ranges(text)) out.push_back(text.substr(r.begin, r.size()));
  return out;
}

TextRange trim_range(std::string_view text, TextRange r) {
  while (r.begin < r.end) {
    std::size_t n = space_at(text, r.begin);
    if (n == 0 || r.begin + n > r.end) break;
    r.begin += static_cast<std::uint32_t>(n);
  }
  while (r.end > r.begin) {
    std::size_t n = space_before(text, r.end);
    if (n == 0 || r.end - n < r.begin) break;
    r.end -= static_cast<std::uint32_t>(n);
  }
  return r;
}

std::string_view trim(std::string_view s) {
  TextRange r = trim_range(s, {0, static_cast<std::uint32_t>(s.size())});
  return s.substr(r.begin, r.size());
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool in_space = false;
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t n = space_at(s, i)) {
      in_space = true;
      i += n;
      continue;
    }
    if (in_space && !out.empty()) out.push_back(' ');
    in_space = false;
    out.push_back(s[i++]);
  }
  return out;
}

bool starts_with_utf8_bom(std::string_view s) { return s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF"; }

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  std::int32_t i = 0;
  while (i < length) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

std::string quoted_excerpt(std::string_view value) {
  constexpr std::size_t kMaxBytes = 40;
  std::string s = collapse_whitespace(value);
  if (s.size() > kMaxBytes) {
    std::size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s = s.substr(0, cut) + "...";
  }
  // Appended, not "\"" + ...: GCC 12 warns falsely (-Wrestrict) on that.
  std::string quoted = "\"";
  quoted.append(printable(s)).push_back('"');
  return quoted;
}

std::vector<std::string> space_separated_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

}  // namespace news
