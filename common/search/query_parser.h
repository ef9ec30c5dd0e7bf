// The query parser: lexemes to a syntax tree, by precedence (tightest first:
// NEAR, NOT, AND, OR, then clauses written side by side). Every malformed
// query is a QuerySyntaxError here, naming its column, so the compiler only
// ever sees well-formed trees.
#pragma once

#include <vector>

#include "search/query_lexer.h"
#include "search/query_syntax.h"

namespace news {

// The root is a sequence node: the top-level clauses, in order. The tree is
// at most about 5 * kMaxQueryNesting deep (query_limits.h): a query nested
// deeper, or with more clauses than allowed, is a QuerySyntaxError.
QueryNode parse_query(const std::vector<QueryLexeme>& lexemes);

}  // namespace news
