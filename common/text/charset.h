// File bytes to UTF-8 text. UTF-8 passes through untouched (its BOM dropped);
// UTF-16 and UTF-32 with a byte order mark are converted; anything else that is
// not valid UTF-8 goes through ICU's charset detector and is converted, and
// the caller warns with the guessed charset. Also the "is this text at all"
// test that keeps binary files out of the index.
#pragma once

#include <string>
#include <string_view>

namespace news {

struct DecodedText {
  std::string text;     // UTF-8, without a byte order mark
  std::string charset;  // what it was converted from; empty when it already was UTF-8
  // How the charset was chosen: "confidence 81%", "byte order mark",
  // "low-confidence guess". Empty when nothing was converted.
  std::string evidence;

  bool converted() const { return !charset.empty(); }
  // "not UTF-8, converted from windows-1252 (confidence 81%)", or empty.
  std::string warning() const;
};

// UTF-8 `bytes` are returned as they are, minus a UTF-8 BOM; others are
// converted (undecodable sequences become U+FFFD). Never throws for content.
DecodedText decode_to_utf8(std::string bytes);

struct CharsetGuess {
  std::string charset;   // an ICU converter name: "windows-1252", "ISO-8859-1", "Shift_JIS"...
  std::string evidence;  // as DecodedText::evidence
};

// What ICU's detector makes of `bytes` (not UTF-8, no byte order mark), with
// our policy on top: a weak guess falls back to Western European, and
// ISO-8859-1 becomes windows-1252 when bytes 0x80-0x9F occur.
CharsetGuess guess_charset(std::string_view bytes);

// A charset chosen once (e.g. for the first bad line of a JSONL file) and
// applied to more text: `charset` as DecodedText::charset reported it.
std::string convert_to_utf8(std::string_view bytes, const std::string& charset);

// True when the first few KB hold a NUL byte or more than a few percent of
// control characters (other than tab, newline, carriage return, form feed).
// Call it on bytes without a UTF-16/32 byte order mark, or on decoded text.
bool looks_binary(std::string_view bytes);

// True when `bytes` start with a UTF-16 or UTF-32 byte order mark (such text
// is full of NUL bytes and must be decoded before looks_binary is asked).
bool starts_with_wide_bom(std::string_view bytes);

// True when `text` holds nothing but ASCII whitespace, U+00A0 and a UTF-8 BOM.
bool is_blank(std::string_view text);

}  // namespace news
