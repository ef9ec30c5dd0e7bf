// Answering one query against an open index: compile, match, count facets,
// build snippets. Used once per process by `search`, and once per line in
// batch mode with the index opened once.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "text/analyser.h"
#include "search/facets.h"
#include "search/hit_renderer.h"
#include "search/query.h"
#include "search/related_entities.h"
#include "search/search_index.h"
#include "search/second_reader.h"
#include "search/search_result.h"
#include "search/timeline.h"

namespace news {

enum class SortOrder { relevance, date };

// BM25's parameters (Robertson's k1, term frequency saturation, and b, length
// normalisation): Lucene's and the literature's standard values, which beat
// Xapian's defaults (1, 0.5) on every collection of bench/RELEVANCE.md.
inline constexpr double kBm25K1 = 1.2;
inline constexpr double kBm25B = 0.75;
// Above this many articles in the facet set, facets are counted over a
// sample of about this many and scaled (marked as estimates); chosen by
// measurement (docs/design.md, "Facets").
inline constexpr std::size_t kFacetSampleAbove = 1000;

struct SearchRequest {
  std::string query;
  QueryFilters filters;
  std::size_t offset = 0;
  std::size_t limit = 10;
  std::size_t facets = 5;      // per type; 0 = no facet counting
  std::size_t facet_sample = kFacetSampleAbove;  // facets estimated from a sample above this many articles; 0 = exact
  SortOrder sort = SortOrder::relevance;
  bool snippets = true;
  bool explain = false;
  bool autocorrect = true;     // search the spelling suggestion when nothing matches
  bool count_only = false;     // only `total` (exact)
  bool exact_total = false;    // count every match even in a large index (facets do anyway)
  double bm25_k1 = kBm25K1;    // tuning (bench/relevance.sh sweeps them)
  double bm25_b = kBm25B;
  bool expand = false;         // pseudo-relevance feedback (expansion.h); ranked by relevance only
  // Analyst views (docs/analyst.md).
  bool collapse = true;        // hits: one per story cluster, its best match, with similar_count
  std::string cluster;         // only this story cluster's articles (a cluster id, or an article id: its cluster)
  std::string like;            // an article id: the articles most like it, instead of a query's (query words filter)
  std::optional<TimelineUnit> timeline;  // count the matches per period
  std::optional<std::vector<std::string>> only_ids;  // only these articles (a saved search's new ones)
};

// search --related ENTITY: the query and filters choose the articles, the
// entity narrows them to those naming it.
struct RelatedRequest {
  std::string entity;  // parse_entity_spec()
  std::string query;
  QueryFilters filters;
  std::size_t limit = 10;
};

// Thrown for a query the user must fix (syntax, empty query).
struct QueryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Searcher {
 public:
  explicit Searcher(SearchIndex& index);
  ~Searcher();
  // For a long run of queries (search --batch): pages of two hits or more
  // are then read and highlighted on two threads (second_reader.h), when
  // the index is local and the machine has two cores or more. A searcher
  // answering one query does not pay for opening the index twice.
  void read_pages_on_two_threads();

  // Throws QueryError for a bad query, IndexUnavailable when the index fails.
  SearchResult search(const SearchRequest& request);
  // Between queries of a long run: follow a rebuild (SearchIndex::refresh),
  // which may have indexed another corpus folder.
  void refresh_index();

  // The article with this id, whole; nullopt when the index has none.
  std::optional<ShownArticle> show(const std::string& id);

  // The entities most associated with request.entity (related_entities.h).
  // Throws QueryError for an entity the index does not know, or a bad query.
  RelatedEntities related(const RelatedRequest& request);

  // The id and content hash of every article matching `request`'s query,
  // filters, cluster and like (saved searches compare them with what they saw).
  std::vector<std::pair<std::string, std::string>> matching_versions(const SearchRequest& request);

 private:
  // When a date filter leaves nothing because no matching article is dated: the notice.
  std::optional<std::string> undated_notice(const SearchRequest& request, const std::string& query_text);
  // `source_path` joined to the corpus root the index records.
  std::string absolute_path(const std::string& source_path) const;
  SearchResult run(const SearchRequest& request, const std::string& query_text);
  // The facets of the `articles` articles `spy` has noted: read from a
  // sample of about request.facet_sample of them, and scaled, when there are more.
  FacetCounts facets_of(const SearchRequest& request, EntityFacetSpy& spy, std::uint64_t articles, FacetBasis basis);
  // The query to run for `request` (with `query_text`): the compiled query,
  // or the like query it filters, narrowed to a cluster or to some ids.
  // `result` gets what the header says (the like article's title).
  CompiledQuery matching_query(const SearchRequest& request, const std::string& query_text, SearchResult* result);
  // The entity of --related, and its terms (throws QueryError for one the index does not know).
  EntityRef related_entity(const std::string& spec, QueryCompiler& compiler, std::vector<std::string>& terms);
  // The cluster named by --cluster: an article id (its cluster) or a cluster id.
  std::string cluster_of(const std::string& cluster_or_article);
  // Retries a read that an indexer commit or a lost shard interrupted.
  template <typename Read>
  auto with_retries(Read read) -> decltype(read());
  // The page in score order, equal scores by article id; when collapsing
  // (story_weight: the query's weighting), each story shown by its best match
  // of lowest id.
  Xapian::MSet ranked_page(Xapian::Enquire& enquire, const Xapian::Weight* story_weight, Xapian::doccount offset,
                           Xapian::doccount limit, Xapian::doccount check_at_least, std::vector<Xapian::MSetIterator>& page);

  // Renders the page's hits into result.hits (and result.damaged), on
  // the second reader's thread too when there is one that reads the
  // index's snapshot.
  void render_page(const std::vector<PageEntry>& entries, const HitRendering& how, SearchResult& result);

  SearchIndex& index_;
  bool two_threads_ = false;
  std::unique_ptr<SecondReader> second_reader_;  // opened for the first page that can use it
  unsigned pages_alone_ = 0;  // pages still to render on one thread, after the second reader was slow
  unsigned backoff_ = 0;      // how many the next slow page sets: 8, doubling to 512
  std::string corpus_root_;
  Analyser analyser_;
  EntityCounts facet_counts_;  // reused by every query
};

}  // namespace news
