// The stored-record decoder (index/stored_article.h) on any bytes, and the
// snippet builder on whatever it accepts: a damaged record is refused with
// std::runtime_error, and an accepted one never makes the snippet code read
// outside the text (ASan) or produce highlights outside the snippet.
#include <stdexcept>
#include <string_view>

#include <xapian.h>

#include "index/stored_article.h"
#include "search/snippet.h"
#include "fuzz_target.h"

namespace {

// One document with the term "Zx" at every position a small record can have
// (and at the largest position), so that snippets mark whatever tokens the
// record claims.
struct Positions {
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
  news::HighlightPlan plan;
  Positions() {
    Xapian::Document doc;
    for (Xapian::termpos p = 1; p <= 300; p += (p < 40 ? 1 : 7)) doc.add_posting("Zx", p);
    doc.add_posting("Zy", 2);
    doc.add_posting("Zx", 0xFFFFFFFFu);
    db.add_document(doc);
    using news::HighlightTerm;
    plan.terms = {HighlightTerm("Zx")};
    plan.phrases = {{HighlightTerm("Zx"), HighlightTerm("Zy")}, {HighlightTerm("Zx"), HighlightTerm("Zx"), HighlightTerm("Zx")}};
  }
};

void check_marks(const news::MarkedText& marked) {
  for (const news::Highlight& h : marked.highlights) {
    fuzz::expect(h.begin <= h.end && h.end <= marked.text.size(), "highlight outside its text");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Positions positions;
  static const news::SnippetBuilder snippets(positions.db, positions.plan);
  news::StoredArticle stored;
  try {
    stored = news::decode_stored_article(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const std::runtime_error&) {
    return 0;
  }
  fuzz::expect(stored.title.end <= stored.text.size(), "title past the text");
  const news::HitTexts texts = snippets.build(1, stored);
  check_marks(texts.title);
  check_marks(texts.snippet);
  // A record that decodes encodes back to the same bytes.
  fuzz::expect(news::encode(stored) == std::string_view(reinterpret_cast<const char*>(data), size) ||
                   news::decode_stored_article(news::encode(stored)).tokens == stored.tokens,
               "a decoded record does not survive encode and decode");
  return 0;
}
