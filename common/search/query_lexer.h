// The query lexer: the characters of a query cut into lexemes (words, "phrases",
// field names, parentheses, operators), each with its byte offset and column,
// so that neither the parser nor the spelling suggester looks at characters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "search/query_syntax.h"

namespace news {

struct QueryLexeme {
  enum class Kind { word, phrase, field, lparen, rparen, op_and, op_or, op_not, op_near };
  Kind kind;
  std::string text;       // word text, phrase content, field name
  std::size_t begin = 0;  // byte offset of `text` in the query
  std::size_t column = 1; // 1-based column of the lexeme's first character
  int sign = 0;           // +1 for '+', -1 for '-' in front of it
  unsigned window = 0;    // NEAR/n
  bool wildcard = false;  // word ended with '*'
};

// Throws QuerySyntaxError for a query longer than kMaxQueryBytes
// (query_limits.h) and for what is wrong within one lexeme: an unclosed
// quote, a lone '+' or '-', an unknown or empty field, a '*' inside a word, a
// bad NEAR/n.
std::vector<QueryLexeme> lex_query(std::string_view query);

// How error messages name a lexeme: "AND", "')'", "'title:'", "'word'".
std::string describe(const QueryLexeme& lexeme);

}  // namespace news
