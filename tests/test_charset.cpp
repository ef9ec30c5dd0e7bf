#include <doctest/doctest.h>

#include <string>

#include "text/charset.h"

using news::decode_to_utf8;

TEST_CASE("charset: UTF-8 passes through untouched, its BOM dropped, without a warning") {
  const std::string text = "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D";
  auto plain = decode_to_utf8(text);
  CHECK(plain.text == text);
  CHECK_FALSE(plain.converted());
  CHECK(plain.warning().empty());
  auto with_bom = decode_to_utf8("\xEF\xBB\xBF" + text);
  CHECK(with_bom.text == text);
  CHECK_FALSE(with_bom.converted());
}

TEST_CASE("charset: Latin-1 and Windows-1252 are told apart by bytes 0x80-0x9F") {
  // "\x93" and "\x94" are curly quotes in 1252 and C1 controls in Latin-1.
  auto cp1252 = decode_to_utf8("The minister said \x93we will respond\x94 \x97 and it\x92s serious.");
  CHECK(cp1252.charset == "windows-1252");
  CHECK(cp1252.text ==
        "The minister said \xE2\x80\x9Cwe will respond\xE2\x80\x9D \xE2\x80\x94 and it\xE2\x80\x99s serious.");
  auto latin1 = decode_to_utf8("Der B\xE4r und die M\xF6we gr\xFC\xDF" "en den Stra\xDF" "enbahnfahrer.");
  CHECK(latin1.charset == "ISO-8859-1");
  CHECK(latin1.text == "Der B\xC3\xA4r und die M\xC3\xB6we gr\xC3\xBC\xC3\x9F" "en den Stra\xC3\x9F" "enbahnfahrer.");
  CHECK(latin1.warning() == "not UTF-8, converted from ISO-8859-1 (confidence 88%)");
}

TEST_CASE("charset: a word or two is too little for the detector, Western European is assumed") {
  auto short_text = decode_to_utf8("Cr\xE8me");
  CHECK(short_text.text == "Cr\xC3\xA8me");
  CHECK(short_text.warning() == "not UTF-8, converted from ISO-8859-1 (low-confidence guess)");
  auto one_quote = decode_to_utf8("It\x92s");
  CHECK(one_quote.text == "It\xE2\x80\x99s");
  CHECK(one_quote.charset == "windows-1252");
}

TEST_CASE("charset: UTF-16 with a byte order mark is converted, BOM removed") {
  const std::string le("\xFF\xFE" "H\0i\0 \0\x1C\x20", 10);
  auto decoded = decode_to_utf8(le);
  CHECK(decoded.text == "Hi \xE2\x80\x9C");
  CHECK(decoded.warning() == "not UTF-8, converted from UTF-16LE (byte order mark)");
  const std::string be("\xFE\xFF\0H\0i", 6);
  CHECK(decode_to_utf8(be).text == "Hi");
  CHECK(news::starts_with_wide_bom(le));
  CHECK_FALSE(news::starts_with_wide_bom("Hi"));
}

TEST_CASE("charset: undecodable bytes become U+FFFD, never a control character") {
  CHECK(news::convert_to_utf8("\x82\xA0\xFF", "Shift_JIS") == "\xE3\x81\x82\xEF\xBF\xBD");
  CHECK(news::convert_to_utf8("abc", "no-such-charset") == "abc");  // falls back, never fails
}

TEST_CASE("charset: binary and blank text") {
  CHECK(news::looks_binary(std::string("text\0more", 9)));
  CHECK(news::looks_binary("\x01\x02\x03 some \x04\x05 text"));
  CHECK_FALSE(news::looks_binary("Plain text\r\n\twith tabs\f and a form feed.\n"));
  CHECK_FALSE(news::looks_binary("Caf\xE9 au lait"));  // Latin-1 is text, not binary
  CHECK(news::is_blank(""));
  CHECK(news::is_blank(" \t\r\n\xC2\xA0\n"));
  CHECK(news::is_blank("\xEF\xBB\xBF  \n"));
  CHECK_FALSE(news::is_blank(" x "));
}
