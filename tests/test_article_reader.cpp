#include <doctest/doctest.h>

#include "article_reader.h"

TEST_CASE("reader: formats are chosen by extension") {
  CHECK(news::format_of("a/b.TXT") == news::FileFormat::text);
  CHECK(news::format_of("x.htm") == news::FileFormat::html);
  CHECK(news::format_of("feed.jsonl") == news::FileFormat::jsonl);
  CHECK(news::format_of("notes.pdf") == news::FileFormat::unsupported);
}
