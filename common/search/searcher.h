// Answering one query against an open index: compile, match, count facets,
// build snippets. Used once per process by `search`, and once per line in
// batch mode with the index opened once.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "text/analyser.h"
#include "search/facets.h"
#include "search/query.h"
#include "search/search_index.h"
#include "search/search_result.h"

namespace news {

enum class SortOrder { relevance, date };

// BM25's parameters (Robertson's k1, term frequency saturation, and b, length
// normalisation): Lucene's and the literature's standard values, which beat
// Xapian's defaults (1, 0.5) on every collection of bench/RELEVANCE.md.
inline constexpr double kBm25K1 = 1.2;
inline constexpr double kBm25B = 0.75;

struct SearchRequest {
  std::string query;
  QueryFilters filters;
  std::size_t offset = 0;
  std::size_t limit = 10;
  std::size_t facets = 5;      // per type; 0 = no facet counting
  SortOrder sort = SortOrder::relevance;
  bool snippets = true;
  bool explain = false;
  bool autocorrect = true;     // search the spelling suggestion when nothing matches
  bool count_only = false;     // only `total` (exact)
  bool exact_total = false;    // count every match even in a large index (facets do anyway)
  double bm25_k1 = kBm25K1;    // tuning (bench/relevance.sh sweeps them)
  double bm25_b = kBm25B;
  bool expand = false;         // pseudo-relevance feedback (expansion.h); ranked by relevance only
};

// Thrown for a query the user must fix (syntax, empty query).
struct QueryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Searcher {
 public:
  explicit Searcher(SearchIndex& index);

  // Throws QueryError for a bad query, IndexUnavailable when the index fails.
  SearchResult search(const SearchRequest& request);
  // Between queries of a long run: follow a rebuild (SearchIndex::refresh).
  void refresh_index() {
    if (index_.refresh()) facet_counts_.forget_numbers();
  }

  // The article with this id, whole; nullopt when the index has none.
  std::optional<ShownArticle> show(const std::string& id);

 private:
  // When a date filter leaves nothing because no matching article is dated: the notice.
  std::optional<std::string> undated_notice(const SearchRequest& request, const std::string& query_text);
  // `source_path` joined to the corpus root the index records.
  std::string absolute_path(const std::string& source_path) const;
  SearchResult run(const SearchRequest& request, const std::string& query_text);
  Xapian::MSet ranked_page(Xapian::Enquire& enquire, Xapian::doccount offset, Xapian::doccount limit,
                           Xapian::doccount check_at_least, std::vector<Xapian::MSetIterator>& page);

  SearchIndex& index_;
  std::string corpus_root_;
  Analyser analyser_;
  EntityCounts facet_counts_;  // reused by every query
};

}  // namespace news
