// The RSS/Atom reader on hostile files the fuzzer found: warnings stay one
// line, and a file that is not a feed does not leak its parsed document
// (LeakSanitizer checks that in the sanitizer build).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "ingest/feed_reader.h"

namespace {

news::FileArticles read(const std::string& bytes, bool must_be_feed = true) {
  std::size_t at = 0;
  return news::read_feed(
      [&](char* buffer, std::size_t size) -> long {
        const std::size_t n = std::min(size, bytes.size() - at);
        std::memcpy(buffer, bytes.data() + at, n);
        at += n;
        return static_cast<long>(n);
      },
      "f.rss", "f.rss", must_be_feed);
}

}  // namespace

TEST_CASE("regression: libxml2's two-line error message is one warning line (found by fuzzing)") {
  // Not UTF-8 in a UTF-8 document: libxml2 says "...indicate encoding !\nBytes: 0xD5 ...".
  const news::FileArticles feed =
      read("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss><channel>\n<item><title>\xD5" "cha</title></item>");
  REQUIRE(feed.warnings.size() == 1);
  CHECK(feed.warnings[0].find('\n') == std::string::npos);
  CHECK(feed.warnings[0].find("Bytes: 0xD5") != std::string::npos);
}

TEST_CASE("regression: an XML file whose root is not a feed is refused without leaking its document (found by fuzzing)") {
  const std::string page = "<?xml version=\"1.0\"?>\n<efed><title>Feed</title><entry><title>x</title></entry></efed>";
  const news::FileArticles as_feed = read(page);
  CHECK(as_feed.status == news::FileArticles::Status::skipped);
  REQUIRE(as_feed.warnings.size() == 1);
  CHECK(as_feed.warnings[0] == "f.rss: not an RSS or Atom feed (root element <efed>), skipped");
  CHECK(read(page, false).status == news::FileArticles::Status::unsupported);
}
