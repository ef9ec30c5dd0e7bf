#include "plain_query.h"

#include <algorithm>
#include <array>

namespace relevance {

namespace {

bool is_ascii_word_char(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Byte length of the UTF-8 punctuation character at the start of `s`, or 0.
std::size_t punctuation_length(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  if (s.size() >= 2 && byte(0) == 0xC2 && byte(1) >= 0xA0 && byte(1) <= 0xBF) return 2;  // U+00A0..U+00BF
  if (s.size() >= 3 && byte(0) == 0xE2 && (byte(1) == 0x80 || byte(1) == 0x81)) {
    const unsigned code = ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu);  // low 12 bits of U+2xxx
    if (code <= 0x06F) return 3;                                         // U+2000..U+206F
  }
  return 0;
}

// Byte length of an apostrophe (' or U+2019) at the start of `s`, or 0.
std::size_t apostrophe_length(std::string_view s) {
  if (s.starts_with('\'')) return 1;
  if (s.starts_with("\xE2\x80\x99")) return 3;
  return 0;
}

bool starts_word(std::string_view s) {
  const auto c = static_cast<unsigned char>(s.front());
  return c < 0x80 ? is_ascii_word_char(c) : punctuation_length(s) == 0;
}

bool is_operator_word(std::string_view word) {
  constexpr std::array<std::string_view, 4> operators{"AND", "OR", "NOT", "NEAR"};
  return std::find(operators.begin(), operators.end(), word) != operators.end();
}

}  // namespace

std::vector<std::string> plain_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  const auto finish_word = [&] {
    if (!word.empty() && !is_operator_word(word)) words.push_back(word);
    word.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (const std::size_t length = apostrophe_length(text.substr(i));
        length > 0 && !word.empty() && i + length < text.size() && starts_word(text.substr(i + length))) {
      word += '\'';  // inside a word, as in "can't", "Kuchemann's"
      i += length;
    } else if (c < 0x80) {
      if (is_ascii_word_char(c))
        word += static_cast<char>(c);
      else
        finish_word();
      ++i;
    } else if (const std::size_t length = punctuation_length(text.substr(i)); length > 0) {
      finish_word();
      i += length;
    } else {
      word += static_cast<char>(c);
      ++i;
    }
  }
  finish_word();
  return words;
}

std::string plain_query(std::string_view text) {
  std::string query;
  for (const std::string& word : plain_words(text)) {
    if (!query.empty()) query += ' ';
    query += word;
  }
  return query;
}

}  // namespace relevance
