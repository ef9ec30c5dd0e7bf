#include "text/printable.h"

#include <cstdint>
#include <optional>
#include <utility>

namespace news {

namespace {

constexpr char kHex[] = "0123456789abcdef";

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The code point of the well-formed UTF-8 sequence at s[i] and its length, or
// nothing (overlong forms, surrogates and values past U+10FFFF are not well formed).
std::optional<std::pair<char32_t, std::size_t>> utf8_at(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t smallest = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, cp = lead & 0x1F, smallest = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, cp = lead & 0x0F, smallest = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, cp = lead & 0x07, smallest = 0x10000;
  } else {
    return std::nullopt;
  }
  if (i + length > s.size()) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(s[i + k]);
    if (!is_continuation(byte)) return std::nullopt;
    cp = (cp << 6) | (byte & 0x3F);
  }
  if (cp < smallest || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return std::make_pair(cp, length);
}

bool changes_display(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

void append_byte_escape(std::string& out, unsigned char byte) {
  out += "\\x";
  out.push_back(kHex[byte >> 4]);
  out.push_back(kHex[byte & 15]);
}

void append_code_point_escape(std::string& out, char32_t cp) {
  out += "\\u{";
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(cp >> shift) & 15]);
  out += "}";
}

bool is_plain_ascii(std::string_view s) {
  for (char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F || c == '\\') return false;
  }
  return true;
}

}  // namespace

std::string printable(std::string_view name) {
  if (is_plain_ascii(name)) return std::string(name);
  std::string out;
  out.reserve(name.size() + 8);
  for (std::size_t i = 0; i < name.size();) {
    const auto byte = static_cast<unsigned char>(name[i]);
    if (byte >= 0x80) {
      const auto sequence = utf8_at(name, i);
      if (!sequence) {
        append_byte_escape(out, byte);
        ++i;
        continue;
      }
      const auto [cp, length] = *sequence;
      if (changes_display(cp)) {
        append_code_point_escape(out, cp);
      } else {
        out.append(name.substr(i, length));
      }
      i += length;
      continue;
    }
    switch (byte) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\\': out += "\\\\"; break;
      default:
        if (byte < 0x20 || byte == 0x7F) {
          append_byte_escape(out, byte);
        } else {
          out.push_back(static_cast<char>(byte));
        }
    }
    ++i;
  }
  return out;
}

}  // namespace news
