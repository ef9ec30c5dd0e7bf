// What a search returns: plain structs, no formatting. Every output format
// (output.h) is built from these and nothing else.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "entities/article_entities.h"
#include "search/facets.h"
#include "search/snippet.h"
#include "search/timeline.h"

namespace news {

struct TermContribution {
  std::string clause;  // as written in the query
  double weight = 0;
};

struct Hit {
  std::size_t rank = 0;  // 1-based, counting from the first result of the first page
  std::string id;
  std::string path;      // the source file: absolute (the corpus root the index records, joined)
  std::string date;      // "YYYY-MM-DD" or empty
  std::string url;
  std::string source;    // the publication, as the source names it, or empty
  std::string author;
  std::uint32_t line = 0;  // 1-based line of a JSONL record or feed item in `path`; 0: the whole file
  double score = 0;      // BM25
  bool matched_all = false;  // matched every top-level clause of the query
  MarkedText title;
  MarkedText snippet;
  ArticleEntities entities;
  std::vector<TermContribution> explanation;  // with --explain
  std::string cluster;          // its story cluster: 16 hex digits (empty in an index without clusters)
  std::uint64_t similar_count = 0;  // matches of the same cluster folded into this hit (collapsed results)
};

// One article whole (search --show): its metadata and its text as indexed.
struct ShownArticle {
  std::string id;
  std::string path;  // absolute, as in Hit
  std::string folder;  // relative to the corpus root; empty at the root
  std::uint32_t line = 0;
  std::string title, date, url, source, author;
  std::vector<std::string> paragraphs;  // the body, furniture left out
  ArticleEntities entities;
};

struct SearchResult {
  std::string query;           // as given
  std::string searched;        // the query actually run (differs after an automatic spelling correction)
  std::string parsed;          // Xapian's description of the compiled query
  std::uint64_t total = 0;     // matching articles
  bool total_exact = true;     // false: `total` is Xapian's estimate
  std::uint64_t total_min = 0, total_max = 0;
  std::size_t offset = 0;
  std::size_t limit = 10;
  std::optional<std::string> suggestion;  // "Did you mean"
  bool corrected = false;      // the suggestion was searched instead (the query had no match)
  double elapsed_ms = 0;
  std::vector<Hit> hits;
  std::optional<FacetCounts> facets;
  bool collapsed = false;      // one hit per story cluster
  std::uint64_t stories = 0;   // with `collapsed`: distinct clusters among the matches
  bool stories_exact = true;   // false: `stories` is estimated (always when `total` is)
  std::string cluster;         // --cluster: the cluster shown
  std::string like;            // --like: the article id, and its title
  std::string like_title;
  std::optional<Timeline> timeline;
  std::string saved_search;    // --new: the saved search's name, and when it was last checked (UTC)
  std::string checked_since;
  std::vector<std::string> missing_shards;  // non-empty: partial results
  std::vector<std::string> warnings;  // e.g. a filter naming no entity of the index, with the closest names
  // One warning per article of the page whose stored record is damaged: it is
  // left out of `hits` (the others keep their ranks). Non-empty: exit status 2.
  std::vector<std::string> damaged;
};

}  // namespace news
