#include "search/query_lexer.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "search/query_limits.h"

namespace news {

namespace {

using Kind = QueryLexeme::Kind;

constexpr unsigned kDefaultNearDistance = 10;

// Operators are upper case, or && and ||: lower-case and/or/not are ordinary
// words, which as stop words are then left out (docs/query-syntax.md).
constexpr std::pair<std::string_view, Kind> kOperatorWords[] = {
    {"AND", Kind::op_and}, {"OR", Kind::op_or}, {"NOT", Kind::op_not}, {"&&", Kind::op_and}, {"||", Kind::op_or}};

std::optional<Kind> operator_word(std::string_view word) {
  for (const auto& [spelling, kind] : kOperatorWords) {
    if (word == spelling) return kind;
  }
  return std::nullopt;
}

std::string field_names() {
  std::string names;
  for (const QueryField& f : kQueryFields) names += (names.empty() ? "" : ", ") + std::string(f.name);
  return names;
}

class Lexer {
 public:
  explicit Lexer(std::string_view query) : q_(query) {}

  std::vector<QueryLexeme> run() {
    if (q_.size() > kMaxQueryBytes) {
      throw QuerySyntaxError("the query is longer than " + std::to_string(kMaxQueryBytes) + " bytes", kMaxQueryBytes + 1);
    }
    while (i_ < q_.size()) {
      if (is_query_space(q_[i_])) {
        ++i_;
        continue;
      }
      out_.push_back(next());
    }
    return std::move(out_);
  }

 private:
  bool at_term_start(std::size_t pos) const { return pos == 0 || is_query_space(q_[pos - 1]) || q_[pos - 1] == '('; }

  QueryLexeme next() {
    const std::size_t start = i_;
    QueryLexeme l{};
    l.column = start + 1;
    l.sign = sign();
    if (q_[i_] == '(') {
      l.kind = Kind::lparen;
      ++i_;
    } else if (q_[i_] == ')') {
      if (l.sign) throw QuerySyntaxError("unexpected ')'", i_ + 1);
      l.kind = Kind::rparen;
      ++i_;
    } else if (q_[i_] == '"') {
      phrase(l);
    } else {
      bare(l);
    }
    return l;
  }

  // A '+' or '-' in front of a term; consumed.
  int sign() {
    if ((q_[i_] != '+' && q_[i_] != '-') || !at_term_start(i_)) return 0;
    const std::size_t at = i_++;
    if (i_ >= q_.size() || is_query_space(q_[i_]) || q_[i_] == ')') {
      throw QuerySyntaxError(std::string("'") + q_[at] + "' must be followed by a word, a \"phrase\" or a (group)", at + 1);
    }
    return q_[at] == '+' ? 1 : -1;
  }

  void phrase(QueryLexeme& l) {
    const std::size_t close = q_.find('"', i_ + 1);
    if (close == std::string_view::npos) throw QuerySyntaxError("unbalanced quote: this '\"' is never closed", i_ + 1);
    l.kind = Kind::phrase;
    l.begin = i_ + 1;
    l.text = std::string(q_.substr(i_ + 1, close - i_ - 1));
    i_ = close + 1;
  }

  // Everything up to a space, a parenthesis or a quote: a field name (its
  // value is lexed next, as its own lexeme), an operator or a word.
  void bare(QueryLexeme& l) {
    std::size_t end = i_;
    while (end < q_.size() && !is_query_space(q_[end]) && q_[end] != '(' && q_[end] != ')' && q_[end] != '"') ++end;
    const std::string_view text = q_.substr(i_, end - i_);
    if (field(l, text, end)) return;
    l.begin = i_;
    if (!l.sign && operator_word(text)) {
      l.kind = *operator_word(text);
      l.text = std::string(text);  // how errors name it: "AND" or "&&"
    } else if (!l.sign && (text == "NEAR" || text.rfind("NEAR/", 0) == 0)) {
      near(l, text);
    } else {
      word(l, text);
    }
    i_ = end;
  }

  // "name:" at the start of `text`: a field lexeme when `name` is a field.
  bool field(QueryLexeme& l, std::string_view text, std::size_t end) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 ||
        !std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(colon),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
      return false;
    }
    const std::string name = lower_ascii(text.substr(0, colon));
    const bool has_value = colon + 1 < text.size() || (end < q_.size() && (q_[end] == '"' || q_[end] == '('));
    if (find_query_field(name)) {
      if (!has_value) throw QuerySyntaxError(name + ": needs a word, a \"phrase\" or a (group) after it", i_ + 1);
      l.kind = Kind::field;
      l.text = name;
      l.begin = i_;
      i_ += colon + 1;
      return true;
    }
    if (has_value) throw QuerySyntaxError("unknown field '" + name + ":' (fields: " + field_names() + ")", i_ + 1);
    return false;  // "word:" with nothing after it is a word
  }

  void near(QueryLexeme& l, std::string_view text) {
    l.kind = Kind::op_near;
    l.window = kDefaultNearDistance;
    if (text.size() <= 4) return;
    const std::string_view n = text.substr(5);
    if (n.empty() || n.size() > 4 ||
        !std::all_of(n.begin(), n.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      throw QuerySyntaxError("NEAR/ needs a number of words, as in NEAR/3", i_ + 1);
    }
    l.window = static_cast<unsigned>(std::stoul(std::string(n)));
  }

  void word(QueryLexeme& l, std::string_view text) {
    l.kind = Kind::word;
    if (text.size() > 1 && text.back() == '*') {
      l.wildcard = true;
      text.remove_suffix(1);
    }
    if (text.find('*') != std::string_view::npos) {
      throw QuerySyntaxError("'*' is only allowed at the end of a word (militar*)", i_ + text.find('*') + 1);
    }
    l.text = std::string(text);
  }

  std::string_view q_;
  std::size_t i_ = 0;
  std::vector<QueryLexeme> out_;
};

}  // namespace

std::vector<QueryLexeme> lex_query(std::string_view query) { return Lexer(query).run(); }

std::string describe(const QueryLexeme& l) {
  switch (l.kind) {
    case Kind::op_and: return l.text.empty() ? "AND" : l.text;
    case Kind::op_or: return l.text.empty() ? "OR" : l.text;
    case Kind::op_not: return "NOT";
    case Kind::op_near: return "NEAR";
    case Kind::lparen: return "'('";
    case Kind::rparen: return "')'";
    case Kind::field: return "'" + l.text + ":'";
    default: return "'" + l.text + "'";
  }
}

}  // namespace news
