#include "search/hit_renderer.h"

#include <stdexcept>

#include "text/printable.h"
#include "index/entity_codes.h"
#include "index/schema.h"
#include "index/stored_article.h"

namespace news {

HitRenderer::HitRenderer(const Xapian::Database& db, const HitRendering& how)
    : db_(db), how_(how), snippets_(db, *how.highlights) {}

RenderedHit HitRenderer::render(const PageEntry& entry) const {
  const Xapian::Document doc = entry.document ? *entry.document : db_.get_document(entry.docid, Xapian::DOC_ASSUME_VALID);
  StoredArticle stored;
  try {
    stored = decode_stored_article(doc.get_value(schema::kRecordSlot));
  } catch (const std::runtime_error& e) {
    // Never shown from a record that fails its checks: skipped, and said so.
    return {std::nullopt, "article " + printable(doc.get_value(schema::kIdSlot)) + ": " + e.what() +
                              "; skipped (run indexer --rebuild)"};
  }
  Hit hit;
  hit.rank = entry.rank;
  hit.id = stored.id;
  hit.path = how_.absolute_path(stored.source_path);
  hit.date = stored.date;
  hit.url = stored.url;
  hit.source = stored.source;
  hit.author = stored.author;
  hit.line = stored.line;
  hit.score = entry.score;
  hit.matched_all = entry.matched_all;
  hit.entities = decode_entities(stored.entities);
  apply_entity_canonicals(hit.entities, *how_.canonicals);
  // Collapsing read every candidate's cluster already: a value read less per hit.
  hit.cluster = entry.cluster ? *entry.cluster : doc.get_value(schema::kClusterSlot);
  hit.similar_count = entry.similar_count;
  if (how_.snippets) {
    HitTexts texts = snippets_.build(entry.docid, stored);
    hit.title = std::move(texts.title);
    hit.snippet = std::move(texts.snippet);
  } else {
    hit.title.text = std::string(stored.title_text());
  }
  return {std::move(hit), {}};
}

}  // namespace news
