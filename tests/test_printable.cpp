// printable(): the one escaping of names (file names, ids, queries) on their
// way to a terminal or a line of text output.
#include <doctest/doctest.h>

#include <string>

#include "text/printable.h"

using news::printable;

TEST_CASE("printable: ordinary names, UTF-8 included, are kept as they are") {
  CHECK(printable("corpus/2024/a.txt") == "corpus/2024/a.txt");
  CHECK(printable("Zürich – “quoted” 東京") == "Zürich – “quoted” 東京");
  CHECK(printable("") == "");
}

TEST_CASE("regression: a newline or ESC sequence in a name is escaped, never printed raw") {
  CHECK(printable("evil\nname.txt") == "evil\\nname.txt");
  CHECK(printable("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  CHECK(printable("a\rb\tc") == "a\\rb\\tc");
  CHECK(printable(std::string("nul\0byte", 8)) == "nul\\x00byte");
  CHECK(printable("del\x7f") == "del\\x7f");
  // The title-setting sequence ends with BEL.
  CHECK(printable("\x1b]0;owned\x07") == "\\x1b]0;owned\\x07");
}

TEST_CASE("printable: a backslash is doubled, so every escape reads one way") {
  CHECK(printable("a\\nb") == "a\\\\nb");
  CHECK(printable("a\nb") != printable("a\\nb"));
}

TEST_CASE("printable: invalid UTF-8 bytes, C1 controls, separators and bidi controls are escaped") {
  CHECK(printable("bad\xff\xfe") == "bad\\xff\\xfe");
  CHECK(printable("cut\xe2\x80") == "cut\\xe2\\x80");              // truncated sequence
  CHECK(printable("\xc0\xaf") == "\\xc0\\xaf");                    // overlong '/'
  CHECK(printable("\xed\xa0\x80") == "\\xed\\xa0\\x80");           // a surrogate
  CHECK(printable("csi\xc2\x9b" "2J") == "csi\\u{009b}2J");        // C1 CSI
  CHECK(printable("line\xe2\x80\xa8sep") == "line\\u{2028}sep");
  CHECK(printable("\xe2\x80\xaegnp.exe") == "\\u{202e}gnp.exe");   // right-to-left override
  CHECK(printable("\xe2\x81\xa6x") == "\\u{2066}x");
}

TEST_CASE("printable: what it returns holds no control byte at all") {
  std::string every;
  for (int b = 0; b < 256; ++b) every.push_back(static_cast<char>(b));
  const std::string shown = printable(every);
  for (char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    CHECK((byte >= 0x20 && byte != 0x7F));
  }
}
