// The RSS/Atom reader (ingest/feed_reader.h) on any bytes, handed over in
// small pieces as a file read would: never a crash, an exception or a hang on
// entities; every article's ranges lie inside its UTF-8 text, and every
// warning is one line.
#include <algorithm>
#include <cstring>
#include <string>

#include "text/text_util.h"
#include "ingest/feed_reader.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::size_t at = 0;
  // 97-byte pieces: items and tags split across reads, as with a real file.
  const news::ByteReader read = [&](char* buffer, std::size_t wanted) -> long {
    const std::size_t n = std::min({wanted, size - at, std::size_t{97}});
    std::memcpy(buffer, data + at, n);
    at += n;
    return static_cast<long>(n);
  };
  const news::FileArticles feed = news::read_feed(read, "feed.rss", "feed.rss", true);
  for (const news::Article& a : feed.articles) {
    fuzz::expect(news::is_valid_utf8(a.text), "article text is not UTF-8");
    fuzz::expect(a.title.begin <= a.title.end && a.title.end <= a.text.size(), "title outside the text");
    for (const news::TextRange& r : a.body) {
      fuzz::expect(r.begin <= r.end && r.end <= a.text.size(), "paragraph outside the text");
    }
  }
  for (const std::string& warning : feed.warnings) {
    fuzz::expect(warning.find('\n') == std::string::npos, "a warning spans several lines");
  }
  return 0;
}
