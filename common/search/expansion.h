// Pseudo-relevance feedback (search --expand): the words that best tell the
// first results apart from the rest of the index (Xapian's ESet over the top
// articles) join the query at a reduced weight and re-rank its matches. The
// matches themselves, and so totals, filters and exclusions, stay the query's.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace news {

struct Expansion {
  Xapian::Query query;             // the query, re-ranked; the query itself when nothing was added
  Xapian::Query added;             // the added words' part of it (empty when none)
  std::vector<std::string> words;  // the added stems, best first (for --explain)
};

// Settings measured on bench/RELEVANCE.md's collections (docs/design.md, "Ranking").
inline constexpr Xapian::doccount kExpansionArticles = 10;  // the top articles taken as relevant
inline constexpr Xapian::termcount kExpansionWords = 10;     // words added
inline constexpr double kExpansionWeight = 0.5;              // each added word's weight, against a query word's

// `enquire` holds `query` and its weighting; its sort order is left as it was.
Expansion expand_query(Xapian::Enquire& enquire, const Xapian::Query& query);

}  // namespace news
