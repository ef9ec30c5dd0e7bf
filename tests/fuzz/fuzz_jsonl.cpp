// The JSON Lines reader (ingest/jsonl_reader.h) on any bytes, fed line by line
// as the indexer does: never a crash or an exception; every article's ranges
// lie inside its UTF-8 text, and every warning is one line.
#include <string>
#include <string_view>

#include "text/text_util.h"
#include "ingest/jsonl_reader.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view feed(reinterpret_cast<const char*>(data), size);
  news::JsonlReader reader("feed.jsonl");
  std::size_t number = 0;
  for (std::string_view line : news::split_lines(feed)) reader.add_line(line, ++number);
  const news::FileArticles read = reader.finish();
  for (const news::Article& a : read.articles) {
    fuzz::expect(news::is_valid_utf8(a.text), "article text is not UTF-8");
    fuzz::expect(a.title.begin <= a.title.end && a.title.end <= a.text.size(), "title outside the text");
    for (const news::TextRange& r : a.body) {
      fuzz::expect(r.begin <= r.end && r.end <= a.text.size(), "paragraph outside the text");
    }
  }
  for (const std::string& warning : read.warnings) {
    fuzz::expect(warning.find('\n') == std::string::npos, "a warning spans several lines");
  }
  return 0;
}
