#include "search/searcher.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <utility>

#include "text/printable.h"
#include "index/entity_codes.h"
#include "index/schema.h"
#include "index/stored_article.h"
#include "index/streamed_value.h"
#include "search/entity_names.h"
#include "search/document_set_source.h"
#include "search/expansion.h"
#include "search/merged_docids.h"
#include "search/more_like_this.h"
#include "search/second_reader.h"
#include "search/snippet.h"

namespace news {

namespace {
constexpr int kRetries = 3;
// A second reader that keeps a page waiting this long for its last hit had
// lost its core (search/second_reader.h): a hit takes 30-60 us to render.
constexpr std::chrono::microseconds kSlowSecondReader{250};
// Up to this many articles, totals are always exact.
constexpr Xapian::doccount kExactTotalBelow = 10000;
// Extra results fetched to see whether equal scores straddle the page end:
// one is enough to tell; each more keeps Xapian from pruning (10 cost 8% of
// the benchmark's p50 without facets).
constexpr Xapian::doccount kTieWindow = 1;

std::string article_id_of(const Xapian::MSetIterator& item) { return item.get_document().get_value(schema::kIdSlot); }

// BM25 as Lucene and the literature define it: k2 = 0 (no extra length
// correction), k3 = 1 (a repeated query word counts linearly) and min_normlen
// 0, where Xapian's default 0.5 treats every article shorter than half the
// average as half the average (0 gained MEDLINE .012 MAP, bench/RELEVANCE.md).
Xapian::BM25Weight bm25(const SearchRequest& request) {
  return Xapian::BM25Weight(request.bm25_k1, 0, 1, request.bm25_b, 0);
}

// The articles of the page that match every one of the query's top-level
// clauses: one boolean query per part, restricted to the page's articles.
std::set<Xapian::docid> matching_every_clause(const Xapian::Database& db, const std::vector<Xapian::Database>& parts,
                                              bool remote, const Xapian::Query& every_clause,
                                              const std::vector<Xapian::MSetIterator>& page) {
  std::set<Xapian::docid> found;
  if (page.empty() || every_clause.empty()) return found;
  auto matches_of = [](const Xapian::Database& part, const Xapian::Query& query, Xapian::doccount at_most) {
    Xapian::Enquire enquire(part);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, at_most);
  };
  const bool shard_each = std::all_of(parts.begin(), parts.end(), [](const Xapian::Database& part) { return part.size() == 1; });
  if (remote || !shard_each) {  // a posting source does not travel to xapian-tcpsrv: the page's id terms do
    std::vector<Xapian::Query> ids;
    for (const Xapian::MSetIterator& item : page) ids.emplace_back(schema::id_term(article_id_of(item)));
    const Xapian::Query restricted(Xapian::Query::OP_FILTER, every_clause, Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end()));
    const Xapian::MSet matches = matches_of(db, restricted, static_cast<Xapian::doccount>(page.size()));
    for (auto it = matches.begin(); it != matches.end(); ++it) found.insert(*it);
    return found;
  }
  const Xapian::doccount databases = db.size();
  std::size_t place = 0;
  for (const Xapian::Database& part : parts) {
    const std::size_t first = std::exchange(place, place + part.size());
    std::vector<Xapian::docid> local;
    for (const Xapian::MSetIterator& item : page) {
      if (const LocalDocid in = local_docid(*item, databases); in.place == first) local.push_back(in.docid);
    }
    if (local.empty()) continue;
    DocumentSetSource page_articles(local);
    const Xapian::MSet matches = matches_of(part, Xapian::Query(Xapian::Query::OP_FILTER, every_clause, Xapian::Query(&page_articles)),
                                            static_cast<Xapian::doccount>(local.size()));
    for (auto it = matches.begin(); it != matches.end(); ++it) found.insert(merged_docid({first, *it}, databases));
  }
  return found;
}

// A cluster value (16 hex digits) as the number it spells.
std::uint64_t cluster_key(std::string_view value) {
  std::uint64_t cluster = 0;
  std::from_chars(value.data(), value.data() + value.size(), cluster, 16);
  return cluster;
}

// How many matches fall in each story cluster: an open-addressing table
// cluster key -> matches, at most half full (a sort of every match's key took
// a fifth of a counting query's time; the keys are hashes already, so a cheap
// mix spreads them).
class ClusterSizes {
 public:
  void add(std::uint64_t cluster, std::uint64_t matches) {
    if (matches == 0) return;
    if (2 * (used_ + 1) > slots_.size()) grow();
    Slot& slot = slots_[slot_of(cluster)];
    if (slot.matches == 0) {
      slot.cluster = cluster;
      ++used_;
    }
    slot.matches += matches;
  }
  // The number of distinct clusters, and one cluster's matches.
  std::size_t clusters() const { return used_; }
  std::uint64_t matches_of(std::uint64_t cluster) const { return slots_.empty() ? 0 : slots_[slot_of(cluster)].matches; }

 private:
  struct Slot {
    std::uint64_t cluster = 0;
    std::uint64_t matches = 0;  // 0: an empty slot
  };
  // The cluster's slot, or the empty one where it would go.
  std::size_t slot_of(std::uint64_t cluster) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = static_cast<std::size_t>(((cluster ^ (cluster >> 29)) * 0x9E3779B97F4A7C15ULL) >> 20) & mask;
    while (slots_[i].matches != 0 && slots_[i].cluster != cluster) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    std::vector<Slot> old(std::max<std::size_t>(64, slots_.size() * 2));
    old.swap(slots_);
    used_ = 0;
    for (const Slot& s : old) {
      if (s.matches != 0) add(s.cluster, s.matches);
    }
  }
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
};

// The story cluster of every match of one part, keyed by the cluster's 64
// bits (a local index; remote shards count with a ValueCountMatchSpy, which
// xapian-tcpsrv knows how to run). The spy only notes document numbers; the
// clusters are then read in one forward walk of the slot's value stream,
// where a value read per match looked its chunk up afresh (a third of the
// cost). A vector sorted once at the end costs a third of a hash map updated
// per match (perf, 20,000 articles).
class ClusterKeys : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double) override { noted_.push_back(doc.get_docid()); }
  // The noted matches' clusters (key 0 for one without a cluster), read from
  // `part`, counted into `sizes`.
  void count_into(const Xapian::Database& part, ClusterSizes& sizes) {
    std::sort(noted_.begin(), noted_.end());
    StreamedValue clusters(part, schema::kClusterSlot);
    for (const Xapian::docid doc : noted_) sizes.add(cluster_key(clusters.at(doc)), 1);
    noted_.clear();
  }

 private:
  std::vector<Xapian::docid> noted_;
};

// What one counting pass over every match found: their number and, as
// asked, their dates and how many fall in each story cluster (entity facets
// go straight into the caller's EntityFacetSpy).
struct MatchCounts {
  std::uint64_t matches = 0;
  TimelineCounts dates;
  ClusterSizes cluster_sizes;
};

// The counting pass, BoolWeight, no page: a part at a time with remote shards,
// whose merged spy counts Xapian 1.4 gets wrong (docs/scaling.md), each
// part's counts then added. `parts` may also be a local index's shards, as
// for facets, whose spy notes document numbers (a shard's own: Xapian 1.4
// hands a spy those, not the merged ones).
MatchCounts count_matches(const std::vector<Xapian::Database>& parts, bool remote, const Xapian::Query& query,
                          EntityFacetSpy* facets, bool dates, bool clusters) {
  MatchCounts out;
  std::size_t first_database = 0;  // the part's place among the merged databases
  for (const Xapian::Database& part : parts) {
    const std::size_t place = std::exchange(first_database, first_database + part.size());
    if (part.get_doccount() == 0) continue;  // the lexicon
    Xapian::ValueCountMatchSpy entity_values(schema::kEntitiesSlot), date_values(schema::kDateSlot),
        cluster_values(schema::kClusterSlot);
    ClusterKeys local_clusters;
    Xapian::Enquire counting(part);
    counting.set_query(query);
    counting.set_weighting_scheme(Xapian::BoolWeight());
    if (facets && remote) counting.add_matchspy(&entity_values);
    if (facets && !remote) {
      facets->start_part(part, place);
      counting.add_matchspy(facets);
    }
    if (dates) counting.add_matchspy(&date_values);
    if (clusters) remote ? counting.add_matchspy(&cluster_values) : counting.add_matchspy(&local_clusters);
    out.matches += counting.get_mset(0, 0, part.get_doccount()).get_matches_estimated();
    if (facets && remote) facets->add_counts(entity_values);
    if (dates) out.dates.add(date_values);
    for (auto it = cluster_values.values_begin(); it != cluster_values.values_end(); ++it) {
      out.cluster_sizes.add(cluster_key(*it), it.get_termfreq());
    }
    if (clusters && !remote) local_clusters.count_into(part, out.cluster_sizes);
  }
  return out;
}

// Xapian keeps a story's best match by score, then by document number, which
// depends on the layout; of equal scores the lowest article id must stand for
// it. One query over the stories that had copies collapsed into them asks
// Xapian for that (reading ids of their matches only) and swaps it in.
void keep_lowest_id_of_equals(const Xapian::Database& db, const Xapian::Query& query, const Xapian::Weight& weight,
                              Xapian::doccount check_at_least, std::vector<Xapian::MSetIterator>& items) {
  std::vector<Xapian::Query> stories;
  for (const Xapian::MSetIterator& item : items) {
    if (item.get_collapse_count() > 0) stories.emplace_back(schema::cluster_term(item.get_collapse_key()));
  }
  if (stories.empty()) return;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(Xapian::Query::OP_OR, stories.begin(), stories.end())));
  enquire.set_weighting_scheme(weight);
  enquire.set_collapse_key(schema::kClusterSlot);
  enquire.set_sort_by_relevance_then_value(schema::kIdSlot, false);
  const Xapian::MSet best = enquire.get_mset(0, static_cast<Xapian::doccount>(stories.size()), check_at_least);
  std::map<std::string, Xapian::MSetIterator> best_of_story;
  for (auto it = best.begin(); it != best.end(); ++it) best_of_story.emplace(it.get_collapse_key(), it);
  for (Xapian::MSetIterator& item : items) {
    if (item.get_collapse_count() == 0) continue;
    const auto found = best_of_story.find(item.get_collapse_key());
    if (found != best_of_story.end() && *found->second != *item && found->second.get_weight() == item.get_weight()) {
      item = found->second;
    }
  }
}

// How many articles match A OR B, from the count of A AND B already made (the
// facets' pass): |A| + |B| - |A and B|, a term's |A| its frequency, anything
// else counted on its own, which reads fewer postings than the OR (for
// `Patriot Ukraine` no pass at all). Nullopt unless the query is exactly the
// OR of two clauses whose AND `both` is (Xapian flattens a clause that is
// itself an OR or an AND into its parent, which leaves more than two).
std::optional<std::uint64_t> two_clause_union(const Xapian::Database& db, const std::vector<Xapian::Database>& parts,
                                              bool remote, const Xapian::Query& either, const Xapian::Query& both,
                                              std::uint64_t with_both) {
  if (either.get_type() != Xapian::Query::OP_OR || either.get_num_subqueries() != 2) return std::nullopt;
  if (both.get_type() != Xapian::Query::OP_AND || both.get_num_subqueries() != 2) return std::nullopt;
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < 2; ++i) {
    const Xapian::Query clause = either.get_subquery(i);
    if (clause.get_type() == Xapian::Query::LEAF_TERM) {
      sum += db.get_termfreq(*clause.get_terms_begin());
    } else {
      sum += count_matches(parts, remote, clause, nullptr, false, false).matches;
    }
  }
  if (sum < with_both) return std::nullopt;  // cannot be, in one revision of the index: count instead
  return sum - with_both;
}

}  // namespace

// Equal scores are ordered by article id, so a sharded index ranks exactly like
// a single one (Xapian orders them by document number, which depends on the
// layout). Asking Xapian to sort by relevance then id costs a value read per
// candidate (when collapsing, alternating with the cluster's: 14% of the
// benchmark's block reads), so instead fetch a little more than the page,
// order the ties among those, and only fall back to Xapian's sort when a run
// of equal scores reaches past what was fetched.
Xapian::MSet Searcher::ranked_page(Xapian::Enquire& enquire, const Xapian::Weight* story_weight, Xapian::doccount offset,
                                   Xapian::doccount limit, Xapian::doccount check_at_least,
                                   std::vector<Xapian::MSetIterator>& page) {
  const auto window = static_cast<Xapian::doccount>(std::min<std::uint64_t>(
      std::uint64_t{offset} + limit + kTieWindow, std::numeric_limits<Xapian::doccount>::max()));
  Xapian::MSet mset = enquire.get_mset(0, window, check_at_least);
  std::vector<Xapian::MSetIterator> items;
  for (auto it = mset.begin(); it != mset.end(); ++it) items.push_back(it);
  const std::size_t end = std::min<std::uint64_t>(items.size(), std::uint64_t{offset} + limit);
  if (limit > 0 && end > 0 && items.size() == window && items[end - 1].get_weight() == items.back().get_weight()) {
    enquire.clear_matchspies();  // they have counted every match already
    enquire.set_sort_by_relevance_then_value(schema::kIdSlot, false);
    Xapian::MSet sorted = enquire.get_mset(offset, limit, check_at_least);
    for (auto it = sorted.begin(); it != sorted.end(); ++it) page.push_back(it);
    return sorted;
  }
  if (story_weight) keep_lowest_id_of_equals(index_.db(), enquire.get_query(), *story_weight, check_at_least, items);
  for (std::size_t i = 0; i < items.size();) {
    std::size_t j = i + 1;
    while (j < items.size() && items[j].get_weight() == items[i].get_weight()) ++j;
    if (j - i > 1 && i < end) {
      std::vector<std::pair<std::string, Xapian::MSetIterator>> tied;
      for (std::size_t k = i; k < j; ++k) tied.emplace_back(article_id_of(items[k]), items[k]);
      std::sort(tied.begin(), tied.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      for (std::size_t k = i; k < j; ++k) items[k] = tied[k - i].second;
    }
    i = j;
  }
  for (std::size_t i = offset; i < end; ++i) page.push_back(items[i]);
  return mset;
}

Searcher::Searcher(SearchIndex& index)
    : index_(index),
      corpus_root_(index.metadata(schema::kMetaCorpusRoot)),
      facet_counts_(entity_number_count(index.db())) {}

Searcher::~Searcher() = default;

void Searcher::refresh_index() {
  // Only when something changed: a metadata read is a B-tree lookup, and a
  // batch refreshes before every line.
  if (index_.refresh()) corpus_root_ = index_.metadata(schema::kMetaCorpusRoot);
}

std::string Searcher::absolute_path(const std::string& source_path) const {
  if (corpus_root_.empty()) return source_path;
  return (std::filesystem::path(corpus_root_) / source_path).lexically_normal().string();
}

std::optional<std::string> Searcher::undated_notice(const SearchRequest& request, const std::string& query_text) {
  if (request.filters.since.empty() && request.filters.until.empty()) return std::nullopt;
  QueryFilters without_dates = request.filters;
  without_dates.since.clear();
  without_dates.until.clear();
  QueryCompiler compiler(index_.db(), analyser_, &index_.entity_canonicals());
  const CompiledQuery compiled = compiler.compile(query_text, without_dates);
  if (compiled.empty) return std::nullopt;
  using Q = Xapian::Query;
  const Xapian::doccount all = index_.db().get_doccount();
  auto count = [&](const Q& q) {
    Xapian::Enquire enquire(index_.db());
    enquire.set_query(q);
    return enquire.get_mset(0, 0, all).get_matches_estimated();
  };
  const Xapian::doccount undated_too = count(compiled.query);
  if (undated_too == 0) return std::nullopt;  // nothing matches at all: nothing to explain
  const Q dated(Q::OP_VALUE_GE, schema::kDateSlot, std::string(schema::kDateBeforeAll));
  if (count(Q(Q::OP_FILTER, compiled.query, dated)) > 0) return std::nullopt;
  return "no matching article has a date: the date filter (--since/--until) leaves none of the " +
         std::to_string(undated_too) + " that match without it";
}

std::optional<ShownArticle> Searcher::show(const std::string& id) {
  const Xapian::Database& db = index_.db();
  const std::string term = schema::id_term(id);
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    const StoredArticle stored = decode_stored_article(db.get_document(*it).get_value(schema::kRecordSlot));
    if (stored.id != id) continue;
    ShownArticle a;
    a.id = stored.id;
    a.path = absolute_path(stored.source_path);
    a.folder = stored.folder();
    a.line = stored.line;
    a.title = std::string(stored.title_text());
    a.date = stored.date;
    a.url = stored.url;
    a.source = stored.source;
    a.author = stored.author;
    for (TextRange p : stored.body) a.paragraphs.emplace_back(std::string_view(stored.text).substr(p.begin, p.size()));
    a.entities = decode_entities(stored.entities);
    apply_entity_canonicals(a.entities, index_.entity_canonicals());
    return a;
  }
  return std::nullopt;
}

template <typename Read>
auto Searcher::with_retries(Read read) -> decltype(read()) {
  for (int attempt = 0;; ++attempt) {
    try {
      return read();
    } catch (const QuerySyntaxError& e) {
      throw QueryError(e.what());
    } catch (const Xapian::DatabaseModifiedError&) {
      // An indexer committed while we read: see its latest commit and retry.
      if (attempt >= kRetries) throw IndexUnavailable(index_.location().string() + ": index keeps changing under the search; try again");
      index_.reopen();
    } catch (const Xapian::NetworkError& e) {
      if (attempt >= kRetries || !index_.drop_unreachable_shards()) {
        throw IndexUnavailable(index_.location().string() + ": " + e.get_description());
      }
    }
  }
}

// On one core the second thread would only take turns with the first (and spin).
void Searcher::read_pages_on_two_threads() { two_threads_ = std::thread::hardware_concurrency() >= 2; }

void Searcher::render_page(const std::vector<PageEntry>& entries, const HitRendering& how, SearchResult& result) {
  std::vector<RenderedHit> rendered(entries.size());  // neither a hit nor a damaged line: not rendered
  bool shared = false;
  if (pages_alone_ > 0) --pages_alone_;
  if (two_threads_ && pages_alone_ == 0 && entries.size() >= 2 && index_.can_be_read_twice()) {
    try {
      if (!second_reader_) second_reader_ = std::make_unique<SecondReader>(index_);
      shared = second_reader_->follow(index_);
    } catch (const std::exception&) {
      second_reader_.reset();  // tried again on the next page
    }
  }
  // Both threads take the next hit not yet taken, so a second reader that
  // wakes late, or not at all (another process has the core), costs at most
  // the one hit it is rendering. One it could not render is rendered here
  // again, where errors reach with_retries().
  std::atomic<std::size_t> next_hit{0};
  if (shared) {
    second_reader_->start([&] {
      try {
        const HitRenderer renderer(second_reader_->db(), how);
        for (std::size_t i; (i = next_hit.fetch_add(1)) < entries.size();) {
          rendered[i] = renderer.render(entries[i]);
        }
      } catch (...) {
        // Its hit in progress is rendered below.
      }
    });
  }
  const HitRenderer renderer(index_.db(), how);
  auto stop_second_reader = [&] {
    if (!shared) return;
    next_hit = entries.size();
    if (second_reader_->take_back()) return;
    const auto waiting_since = std::chrono::steady_clock::now();
    second_reader_->wait();
    // Waiting long for its last hit means it lost its core meanwhile (a
    // loaded machine): render alone for a while, longer each time, so a
    // second thread never makes pages slower than one thread would.
    if (std::chrono::steady_clock::now() - waiting_since > kSlowSecondReader) {
      backoff_ = std::min<unsigned>(backoff_ == 0 ? 8 : backoff_ * 2, 512);
      pages_alone_ = backoff_;
    } else {
      backoff_ = 0;
    }
  };
  try {
    for (std::size_t i; (i = next_hit.fetch_add(1)) < entries.size();) rendered[i] = renderer.render(entries[i]);
  } catch (...) {
    stop_second_reader();
    throw;
  }
  stop_second_reader();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!rendered[i].hit && rendered[i].damaged.empty()) rendered[i] = renderer.render(entries[i]);
    if (rendered[i].hit) {
      result.hits.push_back(std::move(*rendered[i].hit));
    } else {
      result.damaged.push_back(std::move(rendered[i].damaged));
    }
  }
}

SearchResult Searcher::search(const SearchRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  return with_retries([&] {
    SearchResult result = run(request, request.query);
    QueryCompiler compiler(index_.db(), analyser_, &index_.entity_canonicals());
    if (auto suggestion = compiler.suggest(request.query)) {
      result.suggestion = suggestion->corrected_query;
      if (result.total == 0 && request.autocorrect) {
        SearchResult corrected = run(request, suggestion->corrected_query);
        corrected.query = request.query;
        corrected.suggestion = suggestion->corrected_query;
        corrected.corrected = true;
        result = std::move(corrected);
      }
    }
    result.warnings = unknown_entity_notices(index_.db(), index_.entity_canonicals(), compiler, request.filters);
    if (result.total == 0) {
      if (auto notice = undated_notice(request, result.searched)) result.warnings.push_back(std::move(*notice));
    }
    result.missing_shards = index_.missing_shards();
    result.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return result;
  });
}

std::string Searcher::cluster_of(const std::string& cluster_or_article) {
  const Xapian::Database& db = index_.db();
  const std::string id_term = schema::id_term(cluster_or_article);
  if (auto p = db.postlist_begin(id_term); p != db.postlist_end(id_term)) {
    return db.get_document(*p).get_value(schema::kClusterSlot);
  }
  const bool hex = cluster_or_article.size() == 16 &&
                   std::all_of(cluster_or_article.begin(), cluster_or_article.end(),
                               [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  if (!hex) throw QueryError("no article or story cluster \"" + cluster_or_article + "\" in the index");
  return cluster_or_article;
}

CompiledQuery Searcher::matching_query(const SearchRequest& request, const std::string& query_text, SearchResult* result) {
  using Q = Xapian::Query;
  const Xapian::Database& db = index_.db();
  QueryCompiler compiler(db, analyser_, &index_.entity_canonicals());
  CompiledQuery compiled = compiler.compile(query_text, request.filters);
  // Narrowed by a query of weight 0 (a filter), or that query alone.
  auto narrow = [&compiled](const Q& only) {
    compiled.query = compiled.empty ? Q(Q::OP_SCALE_WEIGHT, only, 0) : Q(Q::OP_FILTER, compiled.query, only);
    compiled.empty = false;
    compiled.every_clause_alone = false;
  };
  if (!request.like.empty()) {
    const std::optional<LikeQuery> like = like_query(db, request.like);
    if (!like) throw QueryError("no article with id \"" + request.like + "\" in the index (--like)");
    // The query's words and filters narrow the similar articles; their ranking is the likeness.
    compiled.query = compiled.empty ? like->query : Q(Q::OP_FILTER, like->query, compiled.query);
    compiled.empty = false;
    compiled.every_clause = Q();  // every hit "matches all"
    compiled.every_clause_alone = false;
    compiled.clauses.clear();
    compiled.highlights.terms.insert(compiled.highlights.terms.end(), like->words.begin(), like->words.end());
    if (result) {
      result->like = request.like;
      result->like_title = like->title;
    }
  }
  if (!request.cluster.empty()) {
    const std::string cluster = cluster_of(request.cluster);
    narrow(Q(schema::cluster_term(cluster)));
    if (result) result->cluster = cluster;
  }
  if (request.only_ids) {
    std::vector<Q> ids;
    for (const std::string& id : *request.only_ids) ids.emplace_back(schema::id_term(id));
    narrow(ids.empty() ? Q(Q::MatchNothing) : Q(Q::OP_OR, ids.begin(), ids.end()));
  }
  if (compiled.empty) throw QueryError("empty query: give words to search for, or a filter");
  compiled.parsed = compiled.query.get_description();
  return compiled;
}

// The entity --related asks about, by its canonical name: of the type given,
// or of whichever type names the most articles.
EntityRef Searcher::related_entity(const std::string& spec_text, QueryCompiler& compiler,
                                   std::vector<std::string>& terms) {
  const Xapian::Database& db = index_.db();
  const EntitySpec spec = parse_entity_spec(spec_text);
  if (spec.name.empty()) throw QueryError("--related: give an entity, like person:\"Sergei Lavrov\" or Japan");
  std::optional<EntityRef> best;
  Xapian::doccount best_articles = 0;
  for (EntityType type : kEntityTypes) {
    if (spec.type && *spec.type != type) continue;
    std::vector<std::string> found;
    Xapian::doccount articles = 0;
    for (std::string& term : compiler.resolve_entity(type, spec.name)) {
      if (!db.term_exists(term)) continue;
      articles = std::max(articles, db.get_termfreq(term));
      found.push_back(std::move(term));
    }
    if (found.empty() || (best && articles <= best_articles)) continue;
    const std::string_view prefix = schema::entity_prefix(type);
    const std::string raw = found.front().substr(prefix.size());
    best = index_.entity_canonicals().canonical(type, raw).value_or(EntityRef{type, raw});
    best_articles = articles;
    terms = std::move(found);
  }
  if (best) return *best;
  const EntityType type = spec.type.value_or(EntityType::person);
  std::string message = "--related: no such " + std::string(spec.type ? to_string(type) : "entity") + " in the index: \"" + spec.name + "\"";
  const std::vector<std::string> closest = closest_entity_names(db, index_.entity_canonicals(), type, spec.name);
  if (!closest.empty()) message += "; did you mean \"" + closest.front() + "\"?";
  throw QueryError(message);
}

RelatedEntities Searcher::related(const RelatedRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  return with_retries([&] {
    using Q = Xapian::Query;
    const Xapian::Database& db = index_.db();
    QueryCompiler compiler(db, analyser_, &index_.entity_canonicals());
    std::vector<std::string> terms;
    const EntityRef entity = related_entity(request.entity, compiler, terms);
    const CompiledQuery compiled = compiler.compile(request.query, request.filters);
    const Q mentions(Q::OP_OR, terms.begin(), terms.end());
    const Q foreground = compiled.empty ? mentions : Q(Q::OP_FILTER, compiled.query, mentions);
    EntityFacetSpy spy(index_.entity_number_canonicals(), facet_counts_);
    RelatedEntities out;
    out.query = request.query;
    out.type = entity.type;
    out.name = entity.name;
    out.index_articles = db.get_doccount();
    out.articles = count_matches(index_.answering_parts(), index_.has_remote_shards(), foreground, &spy, false, false).matches;
    spy.count_values();
    const EntityNumber asked = lookup_entity_number(db, entity_id(entity.type, entity.name)).value_or(0);
    out.entities = score_related(facet_counts_, out.articles, asked, db,
                                 index_.entity_canonicals(), request.limit);
    out.warnings = unknown_entity_notices(db, index_.entity_canonicals(), compiler, request.filters);
    out.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return out;
  });
}

FacetCounts Searcher::facets_of(const SearchRequest& request, EntityFacetSpy& spy, std::uint64_t articles,
                                FacetBasis basis) {
  // Remote shards count with a stock spy, which cannot sample: exactly.
  const bool sample = !index_.has_remote_shards() && request.facet_sample > 0 && articles > request.facet_sample;
  const std::uint64_t read =
      spy.count_values(sample ? static_cast<double>(request.facet_sample) / static_cast<double>(articles) : 1.0);
  const double scale = sample && read > 0 ? static_cast<double>(articles) / static_cast<double>(read) : 1.0;
  FacetCounts facets = spy.top(request.facets, index_.db(), scale);
  facets.basis = basis;
  facets.articles = articles;
  facets.estimated = sample;
  if (sample) facets.sampled = read;
  return facets;
}

std::vector<std::pair<std::string, std::string>> Searcher::matching_versions(const SearchRequest& request) {
  return with_retries([&] {
    const Xapian::Database& db = index_.db();
    Xapian::Enquire enquire(db);
    enquire.set_query(matching_query(request, request.query, nullptr).query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount(), db.get_doccount());
    if (index_.has_remote_shards()) mset.fetch(mset.begin(), mset.end());
    std::vector<std::pair<std::string, std::string>> versions;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const Xapian::Document doc = it.get_document();
      versions.emplace_back(doc.get_value(schema::kIdSlot), doc.get_value(schema::kContentHashSlot));
    }
    return versions;
  });
}
SearchResult Searcher::run(const SearchRequest& request, const std::string& query_text) {
  const Xapian::Database& db = index_.db();
  SearchResult result;
  CompiledQuery compiled = matching_query(request, query_text, &result);
  result.query = request.query;
  result.searched = query_text;
  result.parsed = compiled.parsed;
  result.offset = request.offset;
  result.limit = request.limit;

  Xapian::Enquire enquire(db);
  enquire.set_query(compiled.query);
  enquire.set_weighting_scheme(bm25(request));
  Xapian::MultiValueKeyMaker newest_first;
  // Only filters (every score 0): the order is the article ids'.
  const bool by_id = compiled.clauses.empty() && request.like.empty() && request.sort == SortOrder::relevance;
  // One hit per story: its best match, and of exact copies (equal scores) the
  // lowest article id, so that the same one stands for the story in every
  // shard layout (by the sort orders' id below, or ranked_page()).
  const bool collapse = request.collapse && request.cluster.empty() && !request.count_only;
  if (request.sort == SortOrder::date) {
    newest_first.add_value(schema::kDateSlot, true, std::string(schema::kDateBeforeAll));  // undated articles last
    newest_first.add_value(schema::kIdSlot);                        // then by id: the same in every shard layout
    enquire.set_sort_by_key(&newest_first, false);
  } else if (by_id) {
    enquire.set_sort_by_value(schema::kIdSlot, false);
  }
  if (collapse) enquire.set_collapse_key(schema::kClusterSlot);
  result.collapsed = collapse;
  Xapian::Query matched = compiled.query;
  const bool expanded = request.expand && request.sort == SortOrder::relevance && !by_id && !request.count_only;
  if (expanded) {
    const Expansion expansion = expand_query(enquire, compiled.query);
    enquire.set_query(expansion.query);
    matched = expansion.query;
    if (!expansion.words.empty()) {
      std::string label = "expansion:";
      for (const std::string& word : expansion.words) label += " " + word;
      compiled.clauses.push_back({label, expansion.added});
    }
  }
  const bool want_facets = request.facets > 0 && !request.count_only;
  const bool want_timeline = request.timeline && !request.count_only;
  const bool remote = index_.has_remote_shards();
  // Each part on its own (the lexicon and the shards, local or remote).
  const std::vector<Xapian::Database> parts = index_.answering_parts();
  // Facets count the articles with every top-level clause; when the query
  // has one clause or no article has them all, every match (below). Their
  // spy notes the articles first, so that how many decides whether to read
  // all of them or a sample.
  std::optional<FacetCounts> facets;
  // The spy of that count also says which hits of the page have every clause.
  std::optional<EntityFacetSpy> all_words_spy;
  std::optional<std::uint64_t> with_every_clause_count;  // when the every-clause pass ran
  if (want_facets && !compiled.every_clause.empty()) {
    EntityFacetSpy& spy = all_words_spy.emplace(index_.entity_number_canonicals(), facet_counts_);
    // An expansion only adds to the OR: the articles with every clause match it anyway.
    const Xapian::Query all_words = compiled.every_clause_alone
                                        ? compiled.every_clause
                                        : Xapian::Query(Xapian::Query::OP_FILTER, matched, compiled.every_clause);
    const std::uint64_t with_all_words = count_matches(parts, remote, all_words, &spy, false, false).matches;
    if (compiled.every_clause_alone && !expanded) with_every_clause_count = with_all_words;
    if (with_all_words > 0) facets = facets_of(request, spy, with_all_words, FacetBasis::all_words);
  }
  const bool facets_over_all = want_facets && !facets;
  // Facet counts, timelines and counts come with an exact total; otherwise
  // a large index answers with Xapian's estimate (and says so), which lets
  // the matcher skip most of the postings.
  const bool small_index = db.get_doccount() <= kExactTotalBelow;
  const bool exact = want_facets || want_timeline || request.count_only || request.exact_total || small_index;
  // Facets need an exact number of matches, which a count that reads no
  // article gives, where counting the stories exactly reads every match's
  // cluster (a third more time a query on bench's index): with facets, in a
  // large local index, the stories are then an estimate.
  const bool stories_estimated =
      want_facets && collapse && !remote && !want_timeline && !request.exact_total && !small_index;
  // Counts over every match come from a pass of their own (count_matches):
  // when collapsing, where Xapian would have to collapse every match to
  // count them, and its totals count stories; and with remote shards
  // (timelines or collapsing), where its merged spy counts and collapse
  // counts are wrong. Otherwise the timeline spy rides along the ranked pass.
  const bool counting_pass = (collapse && exact && !stories_estimated) || (remote && (want_timeline || collapse)) ||
                             (want_timeline && facets_over_all);
  Xapian::ValueCountMatchSpy dates(schema::kDateSlot);
  if (!counting_pass && want_timeline) enquire.add_matchspy(&dates);
  // Else an exact total comes from a count of its own (with the facets over
  // every match, if they are), cheaper than a ranked pass that weighs every
  // match; but a timeline rides along the ranked pass, which then counts them all.
  const bool count_apart = exact && !counting_pass && !want_timeline;
  const Xapian::doccount check_at_least = exact && !counting_pass && !count_apart ? db.get_doccount() : 0;
  // Xapian counts documents in 32 bits: a page is clamped to the index size
  // (a larger offset or limit gives the same page) before it is narrowed.
  const Xapian::doccount articles = db.get_doccount();
  const auto offset = static_cast<Xapian::doccount>(std::min<std::uint64_t>(request.offset, articles));
  const auto limit = request.count_only ? 0 : static_cast<Xapian::doccount>(std::min<std::uint64_t>(request.limit, articles));
  std::vector<Xapian::MSetIterator> page;
  const bool xapian_orders = request.sort == SortOrder::date || by_id;
  const Xapian::BM25Weight story_weight = bm25(request);
  const Xapian::MSet mset = xapian_orders ? enquire.get_mset(offset, limit, check_at_least)
                                          : ranked_page(enquire, collapse ? &story_weight : nullptr, offset, limit,
                                                        check_at_least, page);
  if (xapian_orders) {
    for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back(it);
  }
  if (collapse) {
    result.total = mset.get_uncollapsed_matches_estimated();
    result.total_min = mset.get_uncollapsed_matches_lower_bound();
    result.total_max = mset.get_uncollapsed_matches_upper_bound();
    result.stories = mset.get_matches_estimated();
  } else {
    result.total = mset.get_matches_estimated();
    result.total_min = mset.get_matches_lower_bound();
    result.total_max = mset.get_matches_upper_bound();
  }
  // The share of stories among the matches the ranked pass saw.
  const double stories_per_match = collapse && result.total > 0 ? static_cast<double>(result.stories) / result.total : 1.0;
  MatchCounts counts;
  const bool counted = counting_pass || count_apart;
  const std::optional<std::uint64_t> union_count =
      count_apart && !facets_over_all && with_every_clause_count
          ? two_clause_union(db, parts, remote, matched, compiled.every_clause, *with_every_clause_count)
          : std::nullopt;
  if (union_count) {
    result.total = result.total_min = result.total_max = *union_count;
  } else if (counted) {
    EntityFacetSpy spy(index_.entity_number_canonicals(), facet_counts_);
    counts = count_matches(parts, remote, matched, facets_over_all ? &spy : nullptr, counting_pass && want_timeline,
                           counting_pass && collapse);
    if (facets_over_all) facets = facets_of(request, spy, counts.matches, FacetBasis::all_matches);
    result.total = result.total_min = result.total_max = counts.matches;
  }
  if (counting_pass && collapse) {
    result.stories = counts.cluster_sizes.clusters();
  } else if (stories_estimated) {
    result.stories = std::min<std::uint64_t>(result.total, std::llround(result.total * stories_per_match));
  }
  if (want_timeline && !counting_pass) counts.dates.add(dates);
  result.total_exact = result.total_min == result.total_max;
  result.stories_exact = result.total_exact && !stories_estimated;
  if (want_timeline) result.timeline = counts.dates.timeline(*request.timeline);
  if (want_facets) result.facets = std::move(facets);
  if (request.count_only) return result;

  // Remote shards: ask for every document in one round trip per shard.
  if (!page.empty() && index_.has_remote_shards()) mset.fetch(mset.begin(), mset.end());
  // Only the hits view shows matched_all (--ids asks for up to every match):
  // from the facets' count when it noted them (a local index), or a query.
  const bool noted_every_clause = all_words_spy && !remote && db.size() == parts.size();
  const std::set<Xapian::docid> with_every_clause = request.snippets && !noted_every_clause
                                                        ? matching_every_clause(db, parts, remote, compiled.every_clause, page)
                                                        : std::set<Xapian::docid>{};
  auto has_every_clause = [&](Xapian::docid docid) {
    if (compiled.every_clause.empty()) return true;
    return noted_every_clause ? all_words_spy->noted(docid, db.size()) : with_every_clause.contains(docid);
  };
  std::vector<PageEntry> entries;
  std::size_t rank = request.offset;
  for (const Xapian::MSetIterator& item : page) {
    PageEntry& entry = entries.emplace_back();
    entry.docid = *item;
    entry.rank = ++rank;
    entry.score = item.get_weight();
    entry.matched_all = has_every_clause(*item);
    if (remote) entry.document = item.get_document();  // fetched above
    if (collapse) {
      entry.cluster = item.get_collapse_key();
      const std::uint64_t size = counts.cluster_sizes.matches_of(cluster_key(*entry.cluster));
      entry.similar_count = size != 0 ? size - 1 : item.get_collapse_count();
    }
  }
  const HitRendering how{&compiled.highlights, request.snippets, &index_.entity_canonicals(),
                         [this](const std::string& path) { return absolute_path(path); }};
  render_page(entries, how, result);
  if (request.explain) {
    for (Hit& hit : result.hits) {
      const Xapian::Query this_doc(schema::id_term(hit.id));
      for (const QueryClause& clause : compiled.clauses) {
        Xapian::Enquire single(db);
        single.set_query(Xapian::Query(Xapian::Query::OP_FILTER, clause.query, this_doc));
        single.set_weighting_scheme(bm25(request));
        const Xapian::MSet one = single.get_mset(0, 1);
        hit.explanation.push_back({clause.label, one.empty() ? 0.0 : one.begin().get_weight()});
      }
    }
  }
  return result;
}

}  // namespace news
