// Every limit on what one query may cost, in one place (docs/query-syntax.md,
// "Limits", lists them and a test checks the two agree). A query past a limit
// is a QuerySyntaxError naming the column where it went over, never a crash,
// a stack overflow or minutes of matching.
#pragma once

#include <cstddef>

namespace news {

// Bytes of query text: long enough for kMaxQueryClauses ordinary words.
inline constexpr std::size_t kMaxQueryBytes = 16384;

// Words, "phrases", wildcards and field values in one query. Xapian's matcher
// does work for every leaf of the query each time it recomputes the query's
// best possible score, which it does whenever a leaf's postings run out, so
// matching costs about leaves squared: 8,000 distinct words took 1.3 s on
// 2,000 articles, 1,000 words 0.03 s (docs/query-syntax.md, "Limits").
inline constexpr std::size_t kMaxQueryClauses = 1000;

// Parentheses and title: scopes inside one another. The parser and the
// compiler recurse once per level; 3,200 levels overflowed the stack.
inline constexpr std::size_t kMaxQueryNesting = 64;

// How deep the compiler may recurse into a parsed tree. Each nesting level
// adds at most a clause sequence, OR, AND and NOT node (query_parser.h), so a
// tree the parser accepts stays well inside this; the check keeps the
// compiler bounded on any tree, however it was made.
inline constexpr std::size_t kMaxQueryTreeDepth = 8 * (kMaxQueryNesting + 1);

// Words one wildcard expands to: the most frequent ones are kept.
inline constexpr std::size_t kMaxWildcardExpansion = 100;

// Words all the wildcards of one query expand to together; past this the
// query is refused (300 one-letter wildcards were 30,000 terms, 13 s and 200 MB).
inline constexpr std::size_t kMaxWildcardExpansionsTotal = 1000;

}  // namespace news
