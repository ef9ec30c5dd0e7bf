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
#include "search/query_words.h"
#include "search/query_words.h"

namespace news {

// Filters given as flags rather than in the query text.
struct QueryFilters {
  std::vector<std::string> person, place, org;  // names or aliases; several of one type: any of them
  std::string since, until;                      // "YYYY-MM-DD", inclusive; empty = open
};

// A term whose positions mark matched words; for a capitalised query word,
// only the tokens written in its exact form (or in capitals) are matches.
struct HighlightTerm {
  HighlightTerm() = default;
  HighlightTerm(std::string term) : term(std::move(term)) {}  // NOLINT: every form, as most terms
  HighlightTerm(std::string term, std::string form, bool capitals)
      : term(std::move(term)), form(std::move(form)), capitals(capitals) {}
  std::string term;
  std::string form;       // non-empty: only tokens whose normalised word is this
  bool capitals = false;  // and only those written in capitals
  friend auto operator<=>(const HighlightTerm&, const HighlightTerm&) = default;
};

// What snippets highlight.
struct HighlightPlan {
  std::vector<HighlightTerm> terms;                  // each highlighted wherever it occurs
  std::vector<std::vector<HighlightTerm>> phrases;   // highlighted only as a whole run
};

// One weighted part of the query, for --explain.
struct QueryClause {
  std::string label;  // as the user wrote it
  Xapian::Query query;
};

struct CompiledQuery {
  Xapian::Query query;
  std::string parsed;  // Xapian's description of the query
  // The AND of the top-level optional clauses, for Hit::matched_all; empty
  // when there are fewer than two (then every match has them all).
  Xapian::Query every_clause;
  // Whether `query` is the OR of those clauses and nothing else (no required
  // or excluded clause, no filter), so that every_clause alone finds the
  // matches with every clause, without the OR evaluated beside it.
  bool every_clause_alone = false;
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
  // One token of a query word: its stem's term (Z, or ZS in a title), the
  // filter its case adds (word_form_filter) and what snippets mark for it.
  struct WordTerm {
    std::string stem_term;
    FormFilter form_filter;
    HighlightTerm highlight;
  };
  // The tokens of `text`; `case_free`: capitals mean nothing (a sentence start).
  std::vector<WordTerm> word_terms(std::string_view text, bool in_title, bool case_free);
  // The stem of a word, or a phrase of the stems when the text has several
  // tokens; filtered by what capitalised tokens ask for.
  Xapian::Query word_query(std::string_view text, bool in_title, bool case_free, CompiledQuery& out);
  // Throws QuerySyntaxError, naming `column`, once the query's wildcards expand
  // to more than kMaxWildcardExpansionsTotal words (query_limits.h).
  Xapian::Query wildcard_query(std::string_view prefix, std::size_t column, bool in_title, CompiledQuery& out);
  Xapian::Query synonyms_of(const std::string& key, CompiledQuery& out);
  Xapian::Query metadata_words(std::string_view prefix, std::string_view value);
  // A plain word that is a stop word, written otherwise than in capitals.
  bool is_stop_word(const QueryNode& node);

  Xapian::Database db_;
  Analyser& analyser_;
  const QueryNode* top_ = nullptr;  // the outermost clause sequence, whose clauses matched_all counts
  QueryCase case_;                  // of the query being compiled
  std::size_t depth_ = 0;           // of build()'s recursion
  std::size_t wildcard_terms_ = 0;  // the query's wildcard expansions so far
  const EntityCanonicals* entity_canonicals_;
};

}  // namespace news
