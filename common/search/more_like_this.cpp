#include "search/more_like_this.h"

#include <algorithm>

#include "index/schema.h"
#include "index/stored_article.h"

namespace news {

namespace {

// Words (stems, not their title copies) or entities, found in more than one
// article: a term only this article has finds nothing else.
class ExpansionTerms : public Xapian::ExpandDecider {
 public:
  ExpansionTerms(const Xapian::Database& db, bool entities) : db_(db), entities_(entities) {}
  bool operator()(const std::string& term) const override {
    const bool wanted = entities_ ? schema::is_entity_term(term) : is_word(term);
    return wanted && db_.get_termfreq(term) > 1;
  }

 private:
  static bool is_word(const std::string& term) {
    const std::string_view title = schema::kTitleStemPrefix;
    return term.starts_with(schema::kStemPrefix) && !term.starts_with(title);
  }
  const Xapian::Database& db_;
  bool entities_;
};

// The ESet's terms, each weighted by its share of the best one times `scale`.
void add_expansion(const Xapian::ESet& eset, double scale, std::vector<Xapian::Query>& out,
                   std::vector<std::string>* words) {
  if (eset.empty()) return;
  const double best = eset.begin().get_weight();
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    const double share = best > 0 ? it.get_weight() / best : 1.0;
    out.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), scale * share);
    if (words) words->push_back(*it);
  }
}

}  // namespace

std::optional<LikeQuery> like_query(const Xapian::Database& db, const std::string& id) {
  const std::string id_term = schema::id_term(id);
  Xapian::PostingIterator posting = db.postlist_begin(id_term);
  if (posting == db.postlist_end(id_term)) return std::nullopt;
  const Xapian::docid docid = *posting;
  const Xapian::Document doc = db.get_document(docid);
  Xapian::RSet rset;
  rset.add_document(docid);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(id_term));
  LikeQuery like;
  std::vector<Xapian::Query> terms;
  const ExpansionTerms words(db, false), entities(db, true);
  add_expansion(enquire.get_eset(kLikeWordTerms, rset, &words), 1.0, terms, &like.words);
  add_expansion(enquire.get_eset(kLikeEntityTerms, rset, &entities), kLikeEntityWeight, terms, nullptr);
  like.title = std::string(decode_stored_article(doc.get_value(schema::kRecordSlot)).title_text());
  // One of the words must be there; entities only add weight: OR'd in, a
  // well-known name alone matched a quarter of the index, every match then
  // counted for facets and stories.
  const auto words_end = terms.begin() + static_cast<std::ptrdiff_t>(like.words.size());
  const Xapian::Query similar =
      terms.empty()       ? Xapian::Query(Xapian::Query::MatchNothing)
      : like.words.empty() ? Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())
                           : Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), words_end),
                                           Xapian::Query(Xapian::Query::OP_OR, words_end, terms.end()));
  const std::string cluster = doc.get_value(schema::kClusterSlot);
  const Xapian::Query itself = cluster.empty() ? Xapian::Query(id_term) : Xapian::Query(schema::cluster_term(cluster));
  like.query = Xapian::Query(Xapian::Query::OP_AND_NOT, similar, itself);
  return like;
}

}  // namespace news
