// The query language (docs/query-syntax.md): words, "phrases", AND/OR/NOT,
// +required/-excluded, parentheses, NEAR and NEAR/n, trailing wildcards, and
// the fields title:, id:, person:, place:, org:, source:, author:, dir:. Our own parser rather than
// Xapian's QueryParser, because query words must go through the same ICU
// analyser as the articles (QueryParser splits words by its own rules), and
// because malformed queries must be errors, not silently reinterpreted.
// Three stages: query_lexer.h (characters -> lexemes), query_parser.h
// (lexemes -> the tree of query_syntax.h, every QuerySyntaxError) and the
// QueryCompiler below (tree -> Xapian query, highlights, clauses, spelling).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "text/analyser.h"
#include "entities/entity_type.h"
#include "index/entity_canonicals.h"
#include "search/query_syntax.h"

namespace news {

// Filters given as flags rather than in the query text.
struct QueryFilters {
  std::vector<std::string> person, place, org;  // names or aliases; several of one type: any of them
  std::string since, until;                      // "YYYY-MM-DD", inclusive; empty = open
};

// What snippets highlight: terms whose positions mark matched words.
struct HighlightPlan {
  std::vector<std::string> terms;                  // each highlighted wherever it occurs
  std::vector<std::vector<std::string>> phrases;   // highlighted only as a whole run
};

// One weighted part of the query, for --explain.
struct QueryClause {
  std::string label;  // as the user wrote it
  Xapian::Query query;
};

struct CompiledQuery {
  Xapian::Query query;
  std::string parsed;  // Xapian's description of the query, without the ranking bonus
  // Added to the score of articles that match every top-level clause, so they
  // rank before partial matches; subtract it to show the BM25 score.
  double all_clauses_bonus = 0;
  HighlightPlan highlights;
  std::vector<QueryClause> clauses;
  bool empty = true;  // no clause at all (e.g. only whitespace)
};

struct SpellingSuggestion {
  std::string corrected_query;  // the whole query with misspelt words replaced
};

class QueryCompiler {
 public:
  QueryCompiler(const Xapian::Database& db, Analyser& analyser, const EntityCanonicals* canonicals = nullptr);

  // Throws QuerySyntaxError for malformed input and for a query past one of
  // the limits of query_limits.h.
  CompiledQuery compile(std::string_view text, const QueryFilters& filters = {});

  // For each plain word absent from the index, the index's own closest word
  // (Xapian's spelling dictionary). Throws QuerySyntaxError like compile().
  std::optional<SpellingSuggestion> suggest(std::string_view text);

  // The entity terms for a user-typed name: an alias from the synonym table,
  // an exact or case-insensitive name, or a unique family name; for a person,
  // with the family-name-only mentions joined to that name.
  std::vector<std::string> resolve_entity(EntityType type, std::string_view name);

 private:
  Xapian::Query build(const QueryNode& node, bool in_title, CompiledQuery& out);
  Xapian::Query build_field(const QueryNode& node, CompiledQuery& out);
  Xapian::Query build_near(const QueryNode& node, bool in_title, CompiledQuery& out);
  Xapian::Query build_sequence(const QueryNode& node, bool in_title, CompiledQuery& out);
  // How many plain words from children[first] on form the longest synonym key
  // ("Northern Territories"); 0 when fewer than two do.
  std::size_t synonym_run(const QueryNode& sequence, std::size_t first, std::string& run_text);
  // The stem of a word, or a phrase of the stems when the text has several tokens.
  Xapian::Query word_query(std::string_view text, bool in_title, CompiledQuery& out);
  // Throws QuerySyntaxError, naming `column`, once the query's wildcards expand
  // to more than kMaxWildcardExpansionsTotal words (query_limits.h).
  Xapian::Query wildcard_query(std::string_view prefix, std::size_t column, bool in_title, CompiledQuery& out);
  Xapian::Query synonyms_of(const std::string& key, CompiledQuery& out);
  Xapian::Query metadata_words(std::string_view prefix, std::string_view value);

  Xapian::Database db_;
  Analyser& analyser_;
  const QueryNode* top_ = nullptr;  // the outermost clause sequence, which gets the all-clauses bonus
  std::size_t depth_ = 0;           // of build()'s recursion
  std::size_t wildcard_terms_ = 0;  // the query's wildcard expansions so far
  const EntityCanonicals* entity_canonicals_;
};

// The tier bonus constant (see CompiledQuery::all_clauses_bonus): far above
// any sum of BM25 term weights, which stay below ~50 per term.
inline constexpr double kAllClausesBonus = 1e6;

}  // namespace news
