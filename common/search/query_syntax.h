// The query language's syntax tree: what the parser builds from the lexemes and
// the compiler turns into a Xapian query. Also the fields of the language and
// the one error both front stages throw, with the column it points at.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace news {

// A malformed query: the message says what is wrong and at which column.
struct QuerySyntaxError : std::runtime_error {
  QuerySyntaxError(const std::string& message, std::size_t column)
      : std::runtime_error(message + " (at column " + std::to_string(column) + ")"), column(column) {}
  std::size_t column;  // 1-based
};

// A field of the language ("person:Kishida"). A new field is one line here
// and its case in QueryCompiler::build_field.
struct QueryField {
  std::string_view name;  // lower case; matched case-insensitively
  // A filter restricts the results without scoring and takes one name, word
  // or "quoted name"; the others (title:) scope a sub-query.
  bool is_filter;
};
inline constexpr std::array<QueryField, 8> kQueryFields = {{
    {"title", false},
    {"id", true},
    {"person", true},
    {"place", true},
    {"org", true},
    {"source", true},  // the publication: words of its name, a "quoted phrase" for several
    {"author", true},  // likewise, any of the article's authors
    {"dir", true},     // a folder relative to the corpus root, and everything under it (recoll's dir:)
}};

// The field called `name` (lower case), or null.
inline const QueryField* find_query_field(std::string_view name) {
  auto it = std::find_if(kQueryFields.begin(), kQueryFields.end(), [&](const QueryField& f) { return f.name == name; });
  return it == kQueryFields.end() ? nullptr : &*it;
}

// What separates query words, and the case folding of field and entity names
// (ASCII only: the analyser folds the words themselves).
inline bool is_query_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
inline std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// One node of the tree. Operators hold their operands in `children`; a field
// holds its value as its only child.
struct QueryNode {
  enum class Kind { word, phrase, wildcard, field, sequence, op_and, op_or, op_and_not, op_near };
  Kind kind = Kind::sequence;
  std::string text;       // word/phrase text, a wildcard's prefix, a field's name
  std::size_t begin = 0;  // byte offset of `text` in the query
  std::size_t column = 1; // 1-based, for error messages
  int sign = 0;           // +1 required, -1 excluded (also a leading NOT)
  unsigned window = 0;    // NEAR/n
  std::vector<QueryNode> children;

  bool is_plain_word() const { return kind == Kind::word && sign == 0; }
  bool is_filter() const {
    if (kind != Kind::field) return false;
    const QueryField* field = find_query_field(text);
    return field && field->is_filter;
  }
};

}  // namespace news
