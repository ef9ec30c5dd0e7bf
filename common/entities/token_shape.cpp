#include "entities/token_shape.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace news::recognition {

namespace {

// Letters of a word: how many (up to 15), whether the first is upper-case,
// whether any is lower-case. ASCII words, the common case, skip ICU.
void letter_shape(std::string_view s, Shape& shape) {
  bool any_lower = false;
  bool first_seen = false;
  int letters = 0;
  std::int32_t i = 0;
  const auto length = static_cast<std::int32_t>(s.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  while (i < length) {
    UChar32 c = bytes[i];
    if (c < 0x80) {
      ++i;
      const bool upper = c >= 'A' && c <= 'Z';
      const bool lower = c >= 'a' && c <= 'z';
      if (!upper && !lower) continue;
      if (!first_seen) shape.cap = upper;
      first_seen = true;
      any_lower = any_lower || lower;
    } else {
      U8_NEXT(bytes, i, length, c);
      if (!u_isalpha(c)) continue;
      if (!first_seen) shape.cap = u_isupper(c) || u_istitle(c);
      first_seen = true;
      any_lower = any_lower || u_islower(c);
    }
    if (letters < 15) ++letters;
  }
  shape.letters = static_cast<std::uint8_t>(letters);
  shape.upper = shape.cap && letters >= 2 && !any_lower;
}

// Whether the gap between two tokens keeps them in one name.
void join_shape(std::string_view gap, bool abbreviation, Shape& shape) {
  // A hyphen joins only when it is the whole gap ("Indo-Pacific",
  // "U.S.-Japan"), not a dash between spaces ("Austin, Texas -- Committee").
  const bool hyphen_only = gap == "-" || (abbreviation && gap == ".-");
  const bool ampersand = gap == " & " || gap == "&";  // "Texas A & I College", "Scott & Co."
  bool ok = true;
  int newlines = 0;
  for (std::size_t k = 0; k < gap.size() && ok; ++k) {
    const char c = gap[k];
    if (c == ' ' || c == '\t' || c == '\r' || (c == '-' && hyphen_only) || (c == '&' && ampersand)) continue;
    if (c == '\n') {
      ok = ++newlines < 2;
    } else if (c == '.') {
      ok = abbreviation;
    } else if (c == '\xC2' && k + 1 < gap.size() && gap[k + 1] == '\xA0') {
      ++k;  // no-break space
    } else {
      ok = false;
    }
  }
  shape.joined = ok;
  shape.hyphen = gap == "-";
}

}  // namespace

bool is_possessive(std::string_view word) {
  return word.ends_with("'s") || word.ends_with("\xE2\x80\x99s") || word.ends_with("s'") ||
         word.ends_with("s\xE2\x80\x99");
}

std::string_view without_possessive(std::string_view word) {
  for (std::string_view tail : {"'s", "\xE2\x80\x99s", "'", "\xE2\x80\x99"}) {
    if (word.ends_with(tail)) return word.substr(0, word.size() - tail.size());
  }
  return word;
}

bool is_roman_numeral(std::string_view word) {
  return !word.empty() && word.find_first_not_of("IVXLCDM") == std::string_view::npos;
}

std::vector<Shape> token_shapes(std::string_view text, const std::vector<Token>& tokens,
                                const TermSet& dotted_abbreviations) {
  const auto surface = [&](std::size_t i) { return text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin); };
  std::vector<Shape> shapes(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    Shape& s = shapes[i];
    std::string_view word = surface(i);
    s.possessive = is_possessive(word);
    if (s.possessive) word = without_possessive(word);
    letter_shape(word, s);
    s.dot_after = tokens[i].end < text.size() && text[tokens[i].end] == '.';
    s.initial = s.cap && s.letters == 1 && s.dot_after && word.size() <= 2;
    if (i == 0 || tokens[i].sentence_start || tokens[i].paragraph_start) continue;
    const Shape& prev = shapes[i - 1];
    const std::string_view gap = text.substr(tokens[i - 1].end, tokens[i].begin - tokens[i - 1].end);
    // Only a gap with a full stop needs the (hashed) abbreviation test.
    const bool abbreviation = gap.find('.') != std::string_view::npos &&
                              (prev.initial || surface(i - 1).find('.') != std::string_view::npos ||
                               dotted_abbreviations.contains(tokens[i - 1].term));
    join_shape(gap, abbreviation, s);
  }
  return shapes;
}

bool is_shouting(const std::vector<Shape>& shapes) {
  std::uint32_t words = 0;
  std::uint32_t shouted = 0;
  for (const Shape& s : shapes) {
    words += s.letters >= 2;
    shouted += s.upper;
  }
  return words >= 20 && shouted * 2 > words;
}

}  // namespace news::recognition
