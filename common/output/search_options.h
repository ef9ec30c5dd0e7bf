// The options of a search, defined once in one table: the command line
// (`search --limit 5 --person Blair`) and the HTTP API
// (`/api/search?limit=5&person=Blair`) read them through the same entries,
// with the same checks and the same setters, so the two cannot drift.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "search/index_stats.h"
#include "search/searcher.h"
#include "output/writer.h"

namespace news {

// The values a person gives, before they become a SearchRequest or an
// EntityListing.
struct SearchOptions {
  std::vector<std::string> words;  // the query
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::size_t facets = 5;
  std::size_t facet_sample = kFacetSampleAbove;
  bool no_facets = false, exact_total = false, count = false, ids = false, explain = false, no_autocorrect = false;
  bool expand = false;
  double bm25_k1 = kBm25K1, bm25_b = kBm25B;
  std::string since_text, until_text;  // as given (a saved search keeps "7d" as "7d")
  // Analyst views (docs/analyst.md).
  std::string timeline, related, cluster, like;
  bool no_collapse = false;
  std::string save, new_since;     // saved searches: the command line only
  bool saved = false;
  QueryFilters filters;            // --since/--until already as first/last days
  bool sort_by_date = false;
  std::string type;                // entity listing: person, place, org or empty
  std::set<std::string> given;     // parameter names set explicitly ("limit")

  std::string query() const;       // the words joined
  bool has_filter() const;
  // Whether anything chooses articles: words, a filter, or a view that brings its own.
  bool asks_anything() const;
};

// Which requests an option belongs to (a bit set); 0: the command line only
// (saved searches write beside the index, which the API never does).
enum OptionUse : unsigned { kCommandLineOnly = 0, kForSearch = 1, kForEntities = 2 };

struct SearchOption {
  std::string flag;           // CLI11 names: "--limit,-n"; "query" for the positional words
  std::string parameter;      // the URL parameter: "limit"
  std::string value_name;     // "N"; empty for a switch (no value)
  std::string help;
  unsigned uses = kForSearch;
  bool repeatable = false;    // --person A --person B, person=A&person=B
  std::optional<CLI::Validator> check;  // run before `set`; its choices show in --help and completions
  // Applies one value (a switch gets ""); returns an error ("expected ...") or "".
  std::function<std::string(SearchOptions&, const std::string&)> set;
  std::string group = "";     // the --help section; empty: Options
};

// Every option, in --help order.
const std::vector<SearchOption>& search_options();

// Adds every option of the table to the command line, writing into `options`.
void add_search_options(CLI::App& app, SearchOptions& options);

// The HTTP side: applies `parameter=value` for a request of `use`. Returns
// the one-line error naming the parameter ("limit: expected ..."), or nullopt.
// A switch takes "", "1", "true" or "yes" (and "0", "false", "no" to leave it off).
std::optional<std::string> apply_parameter(SearchOptions& options, unsigned use, const std::string& parameter,
                                           const std::string& value);

SearchRequest search_request(const SearchOptions& options);
RelatedRequest related_request(const SearchOptions& options);
// `listed_text`: the --entities TEXT, joined with the query words.
EntityListing entity_listing(const SearchOptions& options, const std::string& listed_text = "");
ResultView result_view(const SearchOptions& options);

}  // namespace news
