// How the query language reads a written word beyond its letters: whether it
// is a stop word (neither weighed nor highlighted outside a phrase), and what
// its case says. A lower-case word matches every form of its stem; a
// capitalised one only its exact form ("Wells", never "well"); one written in
// capitals whose lower-case form is an everyday word only the capitals
// ("US", not "us"). docs/query-syntax.md ("Names and case") has the rules.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "text/analyser.h"
#include "search/query_lexer.h"

namespace news {

// The word lists (data/stop_words.txt, data/common_words.txt), loaded once per process.
class QueryWordLists {
 public:
  // Throws std::runtime_error naming a missing or unreadable file.
  static const QueryWordLists& get();

  // `term` is a normalised word (Analyser::normalise).
  bool is_stop_word(const std::string& term) const { return stop_words_.contains(term); }
  // A stop word or an everyday word ("us", "it", "who", "officials").
  bool is_common_word(const std::string& term) const { return stop_words_.contains(term) || common_words_.contains(term); }

 private:
  QueryWordLists();
  std::unordered_set<std::string> stop_words_;
  std::unordered_set<std::string> common_words_;
};

// What a query word's case asks for.
enum class CaseReading {
  any_form,    // every form of its stem ("well" finds "wells")
  exact_form,  // its normalised form only, in any case ("Wells": "Wells", "wells", never "well")
  capitals,    // written in capitals in the article ("US": "US", "U.S.", never "us")
};

// The case reading of one written word (`term` its normalised form).
CaseReading case_reading(std::string_view surface, const std::string& term);

// Where the whole query says its capitals mean nothing: all of it shouted
// (three words or more and no lower-case letter), or a word that only starts
// a sentence (the first word, or one after '?' or '!', of a query of five
// words or more, followed by a lower-case word).
struct QueryCase {
  bool shouted = false;
  std::set<std::size_t> sentence_starts;  // byte offsets (QueryLexeme::begin) of such words
};
QueryCase query_case(std::string_view query, const std::vector<QueryLexeme>& lexemes, Analyser& analyser);

// What a word of this case asks of an article besides its stem: a term it
// must have (its exact form, or the form in capitals), or, for the stem's
// base form (Analyser::base_form), which the index marks only where other
// forms occur too, the articles it must not be: those with another form of
// the stem (the index's words with that stem, from its spelling dictionary)
// and without the base form. Both empty when the case asks nothing, and when
// every article with the stem passes anyway (the matcher's time is better
// spent elsewhere: such a filter was a third of a query's).
struct FormFilter {
  Xapian::Query required;
  Xapian::Query excluded;
  bool empty() const { return required.empty() && excluded.empty(); }
};
FormFilter word_form_filter(const Xapian::Database& db, Analyser& analyser, CaseReading reading, const std::string& term);
// `query` with the filters applied: every required term, none of the excluded.
Xapian::Query with_form_filters(const Xapian::Query& query, const std::vector<FormFilter>& filters);

}  // namespace news
