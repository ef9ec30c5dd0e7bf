// The HTML reader as the indexer runs it (ingest/article_reader.cpp): bytes
// decoded to UTF-8, the guard's depth check, then gumbo through parse_html.
// Never a crash or an abort in gumbo; the article's ranges lie inside its
// text, and the text is UTF-8.
#include <string>

#include "text/charset.h"
#include "text/text_util.h"
#include "ingest/html_guard.h"
#include "ingest/html_reader.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const news::DecodedText decoded = news::decode_to_utf8(std::string(reinterpret_cast<const char*>(data), size));
  if (news::estimated_nesting_depth(decoded.text) > news::kMaxHtmlNestingDepth) return 0;  // refused
  const news::Article a = news::parse_html(decoded.text, "id", "page.html");
  fuzz::expect(news::is_valid_utf8(a.text), "article text is not UTF-8");
  fuzz::expect(a.title.begin <= a.title.end && a.title.end <= a.text.size(), "title outside the text");
  for (const news::TextRange& r : a.body) {
    fuzz::expect(r.begin <= r.end && r.end <= a.text.size(), "paragraph outside the text");
  }
  return 0;
}
