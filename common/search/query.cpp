#include "search/query.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>

#include "index/schema.h"
#include "index/synonyms.h"

namespace news {

namespace {

constexpr unsigned kDefaultNearDistance = 10;
constexpr std::size_t kMaxWildcardExpansion = 100;
constexpr std::size_t kMaxSynonymRun = 4;  // longest unquoted word run looked up as one synonym key

const char* const kFieldNames[] = {"title", "id", "person", "place", "org"};

bool is_field_name(std::string_view name) {
  return std::find(std::begin(kFieldNames), std::end(kFieldNames), name) != std::end(kFieldNames);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Lexeme {
  enum class Kind { word, phrase, field, lparen, rparen, op_and, op_or, op_not, op_near };
  Kind kind;
  std::string text;       // word text, phrase content, field name
  std::size_t begin = 0;  // byte offset of `text` in the query
  std::size_t column = 1; // 1-based column of the lexeme's first character
  int sign = 0;           // +1 for '+', -1 for '-' in front of it
  unsigned window = 0;    // NEAR/n
  bool wildcard = false;  // word ended with '*'
};

std::string describe(const Lexeme& l) {
  switch (l.kind) {
    case Lexeme::Kind::op_and: return "AND";
    case Lexeme::Kind::op_or: return "OR";
    case Lexeme::Kind::op_not: return "NOT";
    case Lexeme::Kind::op_near: return "NEAR";
    case Lexeme::Kind::lparen: return "'('";
    case Lexeme::Kind::rparen: return "')'";
    case Lexeme::Kind::field: return "'" + l.text + ":'";
    default: return "'" + l.text + "'";
  }
}

std::vector<Lexeme> lex(std::string_view q) {
  std::vector<Lexeme> out;
  std::size_t i = 0;
  auto at_term_start = [&](std::size_t pos) { return pos == 0 || is_space(q[pos - 1]) || q[pos - 1] == '('; };
  while (i < q.size()) {
    if (is_space(q[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    int sign = 0;
    if ((q[i] == '+' || q[i] == '-') && at_term_start(i)) {
      sign = q[i] == '+' ? 1 : -1;
      ++i;
      if (i >= q.size() || is_space(q[i]) || q[i] == ')') {
        throw QuerySyntaxError(std::string("'") + q[start] + "' must be followed by a word, a \"phrase\" or a (group)",
                               start + 1);
      }
    }
    Lexeme l{};
    l.column = start + 1;
    l.sign = sign;
    if (q[i] == '(') {
      l.kind = Lexeme::Kind::lparen;
      ++i;
    } else if (q[i] == ')') {
      if (sign) throw QuerySyntaxError("unexpected ')'", i + 1);
      l.kind = Lexeme::Kind::rparen;
      ++i;
    } else if (q[i] == '"') {
      const std::size_t close = q.find('"', i + 1);
      if (close == std::string_view::npos) throw QuerySyntaxError("unbalanced quote: this '\"' is never closed", i + 1);
      l.kind = Lexeme::Kind::phrase;
      l.begin = i + 1;
      l.text = std::string(q.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      std::size_t end = i;
      while (end < q.size() && !is_space(q[end]) && q[end] != '(' && q[end] != ')' && q[end] != '"') ++end;
      std::string_view word = q.substr(i, end - i);
      const auto colon = word.find(':');
      if (colon != std::string_view::npos && colon > 0 &&
          std::all_of(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(colon),
                      [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
        const std::string name = lower_ascii(word.substr(0, colon));
        const bool has_value = colon + 1 < word.size() || (end < q.size() && (q[end] == '"' || q[end] == '('));
        if (is_field_name(name)) {
          if (!has_value) throw QuerySyntaxError(name + ": needs a word, a \"phrase\" or a (group) after it", i + 1);
          l.kind = Lexeme::Kind::field;
          l.text = name;
          l.begin = i;
          out.push_back(l);
          i += colon + 1;
          continue;  // the value is lexed next, as its own lexeme
        }
        if (has_value) {
          throw QuerySyntaxError("unknown field '" + name + ":' (fields: title, id, person, place, org)", i + 1);
        }
      }
      l.begin = i;
      if (!sign && (word == "AND" || word == "OR" || word == "NOT")) {
        l.kind = word == "AND" ? Lexeme::Kind::op_and : word == "OR" ? Lexeme::Kind::op_or : Lexeme::Kind::op_not;
      } else if (!sign && (word == "NEAR" || word.rfind("NEAR/", 0) == 0)) {
        l.kind = Lexeme::Kind::op_near;
        l.window = kDefaultNearDistance;
        if (word.size() > 4) {
          const std::string_view n = word.substr(5);
          if (n.empty() || n.size() > 4 || !std::all_of(n.begin(), n.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            throw QuerySyntaxError("NEAR/ needs a number of words, as in NEAR/3", i + 1);
          }
          l.window = static_cast<unsigned>(std::stoul(std::string(n)));
        }
      } else {
        l.kind = Lexeme::Kind::word;
        if (word.size() > 1 && word.back() == '*') {
          l.wildcard = true;
          word.remove_suffix(1);
        }
        if (word.find('*') != std::string_view::npos) {
          throw QuerySyntaxError("'*' is only allowed at the end of a word (militar*)", i + word.find('*') + 1);
        }
        l.text = std::string(word);
      }
      i = end;
    }
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

struct QueryCompiler::Node {
  enum class Kind { word, phrase, wildcard, field, sequence, op_and, op_or, op_and_not, op_near };
  Kind kind = Kind::sequence;
  std::string text;   // word/phrase/wildcard text, field name
  std::size_t begin = 0;
  std::size_t column = 1;
  int sign = 0;
  unsigned window = 0;
  std::vector<Node> children;

  bool is_plain_word() const { return kind == Kind::word && sign == 0; }
  bool is_filter() const { return kind == Kind::field && text != "title"; }
};

class QueryCompiler::Parser {
 public:
  explicit Parser(std::vector<Lexeme> lexemes) : lx_(std::move(lexemes)) {}

  Node parse() {
    Node root = sequence();
    if (pos_ < lx_.size()) {
      // Only a stray ')' can stop a top-level sequence early.
      throw QuerySyntaxError("unexpected ')': no '(' to close", lx_[pos_].column);
    }
    return root;
  }

 private:
  bool at(Lexeme::Kind kind) const { return pos_ < lx_.size() && lx_[pos_].kind == kind; }
  bool at_operand_start() const {
    return pos_ < lx_.size() && (at(Lexeme::Kind::word) || at(Lexeme::Kind::phrase) || at(Lexeme::Kind::field) ||
                                 at(Lexeme::Kind::lparen) || at(Lexeme::Kind::op_not));
  }

  // sequence := or_expr* (implicit operator between clauses)
  Node sequence() {
    Node node;
    node.kind = Node::Kind::sequence;
    while (pos_ < lx_.size() && !at(Lexeme::Kind::rparen)) {
      if (!at_operand_start()) {
        throw QuerySyntaxError(describe(lx_[pos_]) + " needs something before it", lx_[pos_].column);
      }
      node.children.push_back(or_expr());
    }
    return node;
  }

  static Node joined(Node::Kind kind, std::size_t column, Node left, Node right) {
    Node node;
    node.kind = kind;
    node.column = column;
    node.children.push_back(std::move(left));
    node.children.push_back(std::move(right));
    return node;
  }

  template <typename Next>
  Node binary(Lexeme::Kind op, Node::Kind kind, Next next) {
    Node left = (this->*next)();
    while (at(op)) {
      const Lexeme& o = lx_[pos_++];
      if (!at_operand_start() || at(Lexeme::Kind::op_not)) {
        throw QuerySyntaxError(describe(o) + " needs something after it", o.column);
      }
      Node right = (this->*next)();
      if (left.kind == kind && left.sign == 0) {
        left.children.push_back(std::move(right));
      } else {
        left = joined(kind, o.column, std::move(left), std::move(right));
      }
    }
    return left;
  }

  Node or_expr() { return binary(Lexeme::Kind::op_or, Node::Kind::op_or, &Parser::and_expr); }
  Node and_expr() { return binary(Lexeme::Kind::op_and, Node::Kind::op_and, &Parser::not_expr); }

  Node not_expr() {
    Node left = near_expr();
    while (at(Lexeme::Kind::op_not)) {
      const Lexeme& o = lx_[pos_++];
      if (!at_operand_start() || at(Lexeme::Kind::op_not)) throw QuerySyntaxError("NOT needs something after it", o.column);
      Node right = near_expr();
      left = joined(Node::Kind::op_and_not, o.column, std::move(left), std::move(right));
    }
    return left;
  }

  Node near_expr() {
    Node left = unary();
    while (at(Lexeme::Kind::op_near)) {
      const Lexeme& o = lx_[pos_++];
      if (!at(Lexeme::Kind::word)) throw QuerySyntaxError("NEAR needs a word after it", o.column);
      if (left.kind != Node::Kind::word || left.sign != 0) {
        if (left.kind != Node::Kind::op_near) throw QuerySyntaxError("NEAR works between plain words", o.column);
      }
      Node right = unary();
      if (right.kind != Node::Kind::word || right.sign != 0) throw QuerySyntaxError("NEAR works between plain words", o.column);
      if (left.kind == Node::Kind::op_near) {
        left.window = std::max(left.window, o.window);
        left.children.push_back(std::move(right));
      } else {
        left = joined(Node::Kind::op_near, o.column, std::move(left), std::move(right));
        left.window = o.window;
      }
    }
    return left;
  }

  // unary := NOT primary | primary   (a leading NOT excludes, like '-')
  Node unary() {
    if (at(Lexeme::Kind::op_not)) {
      const Lexeme& o = lx_[pos_++];
      if (!at_operand_start() || at(Lexeme::Kind::op_not)) throw QuerySyntaxError("NOT needs something after it", o.column);
      Node node = primary();
      node.sign = -1;
      return node;
    }
    return primary();
  }

  Node primary() {
    if (pos_ >= lx_.size()) throw QuerySyntaxError("the query ends where a word was expected", lx_.back().column);
    const Lexeme& l = lx_[pos_++];
    Node node;
    node.column = l.column;
    node.sign = l.sign;
    node.begin = l.begin;
    switch (l.kind) {
      case Lexeme::Kind::word:
        node.kind = l.wildcard ? Node::Kind::wildcard : Node::Kind::word;
        node.text = l.text;
        return node;
      case Lexeme::Kind::phrase:
        node.kind = Node::Kind::phrase;
        node.text = l.text;
        return node;
      case Lexeme::Kind::lparen: {
        Node inner = sequence();
        if (!at(Lexeme::Kind::rparen)) throw QuerySyntaxError("unbalanced parenthesis: this '(' is never closed", l.column);
        ++pos_;
        if (inner.children.empty()) throw QuerySyntaxError("empty parentheses", l.column);
        if (inner.children.size() == 1) {
          Node only = std::move(inner.children.front());
          if (l.sign) only.sign = l.sign;
          return only;
        }
        inner.sign = l.sign;
        inner.column = l.column;
        return inner;
      }
      case Lexeme::Kind::field: {
        node.kind = Node::Kind::field;
        node.text = l.text;
        if (pos_ >= lx_.size() || lx_[pos_].sign != 0 ||
            !(at(Lexeme::Kind::word) || at(Lexeme::Kind::phrase) || at(Lexeme::Kind::lparen))) {
          throw QuerySyntaxError(l.text + ": needs a word, a \"phrase\" or a (group) after it", l.column);
        }
        Node value = primary();
        if (l.text != "title" && value.kind != Node::Kind::word && value.kind != Node::Kind::phrase) {
          throw QuerySyntaxError(l.text + ": takes a name, a word or a \"quoted name\"", l.column);
        }
        node.children.push_back(std::move(value));
        return node;
      }
      default:
        throw QuerySyntaxError(describe(l) + " needs something before it", l.column);
    }
  }

  std::vector<Lexeme> lx_;
  std::size_t pos_ = 0;
};

QueryCompiler::QueryCompiler(const Xapian::Database& db, Analyser& analyser, const PersonAliases* person_aliases)
    : db_(db), analyser_(analyser), person_aliases_(person_aliases) {}

Xapian::Query QueryCompiler::synonyms_of(const std::string& key, CompiledQuery& out) {
  std::vector<Xapian::Query> alternatives;
  for (auto s = db_.synonyms_begin(key); s != db_.synonyms_end(key); ++s) {
    const std::string value = *s;
    if (is_entity_synonym(value)) {
      alternatives.emplace_back(value);
      out.highlights.terms.push_back(value);
      continue;
    }
    std::vector<Xapian::Query> words;
    std::vector<std::string> stem_terms;
    std::size_t start = 0;
    while (start <= value.size()) {
      const auto space = value.find(' ', start);
      const std::string word = value.substr(start, space == std::string::npos ? std::string::npos : space - start);
      if (!word.empty()) {
        stem_terms.push_back(schema::term(schema::kStemPrefix, analyser_.stem(word)));
        words.emplace_back(stem_terms.back());
      }
      if (space == std::string::npos) break;
      start = space + 1;
    }
    if (words.size() == 1) out.highlights.terms.push_back(stem_terms.front());
    if (words.size() > 1) out.highlights.phrases.push_back(stem_terms);
    if (words.size() == 1) alternatives.push_back(words.front());
    if (words.size() > 1) alternatives.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end(), words.size());
  }
  if (alternatives.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

Xapian::Query QueryCompiler::word_query(std::string_view word, bool in_title, CompiledQuery& out) {
  std::vector<Token> tokens = analyser_.tokens(word);
  const std::string_view prefix = in_title ? schema::kTitleStemPrefix : schema::kStemPrefix;
  std::vector<Xapian::Query> stems;
  std::vector<std::string> stem_terms;
  for (const Token& t : tokens) {
    if (t.term.size() > schema::kMaxTermBytes) continue;
    stem_terms.push_back(schema::term(prefix, analyser_.stem(t.term)));
    stems.emplace_back(stem_terms.back());
  }
  if (stems.empty()) return Xapian::Query();
  if (stems.size() == 1) {
    out.highlights.terms.push_back(stem_terms.front());
    return stems.front();
  }
  // "medium-range", "U.S.-Japan", or a quoted phrase: several tokens in a row.
  out.highlights.phrases.push_back(stem_terms);
  return Xapian::Query(Xapian::Query::OP_PHRASE, stems.begin(), stems.end(), stems.size());
}

Xapian::Query QueryCompiler::wildcard_query(std::string_view prefix_text, bool in_title, CompiledQuery& out) {
  const std::string prefix = Analyser::normalise(prefix_text);
  if (prefix.empty()) return Xapian::Query();
  // The surface words of the index are its spelling dictionary (kept in the
  // local lexicon, so this works with remote shards too); their stems are
  // what the articles are indexed by.
  std::vector<std::pair<Xapian::doccount, std::string>> expansions;
  Xapian::TermIterator word = db_.spellings_begin();
  for (word.skip_to(prefix); word != db_.spellings_end() && (*word).rfind(prefix, 0) == 0; ++word) {
    expansions.emplace_back(word.get_termfreq(), *word);
  }
  // Keep the most frequent words, like Xapian's WILDCARD_LIMIT_MOST_FREQUENT.
  if (expansions.size() > kMaxWildcardExpansion) {
    std::partial_sort(expansions.begin(), expansions.begin() + kMaxWildcardExpansion, expansions.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first; });
    expansions.resize(kMaxWildcardExpansion);
  }
  std::set<std::string> stems;
  for (const auto& [freq, surface] : expansions) {
    stems.insert(schema::term(in_title ? schema::kTitleStemPrefix : schema::kStemPrefix, analyser_.stem(surface)));
  }
  if (stems.empty()) return Xapian::Query(Xapian::Query::MatchNothing);
  out.highlights.terms.insert(out.highlights.terms.end(), stems.begin(), stems.end());
  return Xapian::Query(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
}

namespace {
// The term of a canonical name, the same name as it appears in `term`.
std::string name_of(const std::string& term, const std::string& prefix) { return term.substr(prefix.size()); }
}  // namespace

std::vector<std::string> QueryCompiler::resolve_entity(EntityType type, std::string_view name) {
  const std::string prefix(schema::entity_prefix(type));
  auto with_aliases = [&](const std::string& term) {
    if (type != EntityType::person || !person_aliases_) return std::vector<std::string>{term};
    std::vector<std::string> terms;
    for (const auto& n : person_aliases_->names_of(person_aliases_->canonical(name_of(term, prefix)))) {
      terms.push_back(schema::entity_term(type, n));
    }
    return terms;
  };
  const std::string key = synonym_key(analyser_, name);
  for (auto s = db_.synonyms_begin(key); s != db_.synonyms_end(key); ++s) {
    if ((*s).rfind(prefix, 0) == 0) return with_aliases(*s);
  }
  std::string trimmed(name);
  while (!trimmed.empty() && is_space(trimmed.back())) trimmed.pop_back();
  const std::string exact = schema::entity_term(type, trimmed);
  if (db_.term_exists(exact)) return with_aliases(exact);
  // Case-insensitively, or by family name when exactly one entity ends with it.
  const std::string wanted = lower_ascii(trimmed);
  std::vector<std::string> by_last_word;
  for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
    const std::string candidate = lower_ascii((*t).substr(prefix.size()));
    if (candidate == wanted) return with_aliases(*t);
    if (candidate.size() > wanted.size() && candidate.compare(candidate.size() - wanted.size(), wanted.size(), wanted) == 0 &&
        candidate[candidate.size() - wanted.size() - 1] == ' ') {
      by_last_word.push_back(*t);
    }
  }
  if (by_last_word.size() == 1) return with_aliases(by_last_word.front());
  return {exact};  // matches nothing: the index has no such entity
}

Xapian::Query QueryCompiler::build(const Node& node, bool in_title, CompiledQuery& out) {
  using Q = Xapian::Query;
  switch (node.kind) {
    case Node::Kind::word: {
      Q q = word_query(node.text, in_title, out);
      if (!in_title && !q.empty()) {
        if (Q synonyms = synonyms_of(synonym_key(analyser_, node.text), out); !synonyms.empty()) {
          q = Q(Q::OP_SYNONYM, q, synonyms);
        }
      }
      if (!q.empty()) out.clauses.push_back({(in_title ? "title:" : "") + node.text, q});
      return q;
    }
    case Node::Kind::phrase: {
      Q q = word_query(node.text, in_title, out);  // quotes only switch synonyms off
      if (!q.empty()) out.clauses.push_back({(in_title ? "title:\"" : "\"") + node.text + "\"", q});
      return q;
    }
    case Node::Kind::wildcard: {
      Q q = wildcard_query(node.text, in_title, out);
      out.clauses.push_back({node.text + "*", q});
      return q;
    }
    case Node::Kind::field: {
      const Node& value = node.children.front();
      if (node.text == "title") return build(value, true, out);
      if (node.text == "id") return Q(Q::OP_SCALE_WEIGHT, Q(schema::term(schema::kIdPrefix, value.text)), 0);
      const auto type = entity_type_from_string(node.text);
      const std::vector<std::string> terms = resolve_entity(*type, value.text);
      out.highlights.terms.insert(out.highlights.terms.end(), terms.begin(), terms.end());
      return Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, terms.begin(), terms.end()), 0);
    }
    case Node::Kind::op_and:
    case Node::Kind::op_or: {
      std::vector<Q> parts;
      for (const Node& child : node.children) {
        if (Q q = build(child, in_title, out); !q.empty()) parts.push_back(q);
      }
      return Q(node.kind == Node::Kind::op_and ? Q::OP_AND : Q::OP_OR, parts.begin(), parts.end());
    }
    case Node::Kind::op_and_not: {
      Q left = build(node.children[0], in_title, out);
      HighlightPlan saved = out.highlights;  // excluded words are not highlighted
      Q right = build(node.children[1], in_title, out);
      out.highlights = std::move(saved);
      if (left.empty()) left = Q::MatchAll;
      return right.empty() ? left : Q(Q::OP_AND_NOT, left, right);
    }
    case Node::Kind::op_near: {
      std::vector<Q> terms;
      for (const Node& child : node.children) {
        const std::vector<Token> tokens = analyser_.tokens(child.text);
        if (tokens.size() != 1) throw QuerySyntaxError("NEAR works between single words, not '" + child.text + "'", child.column);
        const std::string term =
            schema::term(in_title ? schema::kTitleStemPrefix : schema::kStemPrefix, analyser_.stem(tokens[0].term));
        out.highlights.terms.push_back(term);
        terms.emplace_back(term);
      }
      const auto window = static_cast<Xapian::termcount>(node.window + terms.size());
      Q q(Q::OP_NEAR, terms.begin(), terms.end(), window);
      std::string label;
      for (const Node& child : node.children) label += (label.empty() ? "" : " NEAR ") + child.text;
      out.clauses.push_back({label, q});
      return q;
    }
    case Node::Kind::sequence: {
      // Love/hate semantics: +required, -excluded, field filters must match,
      // plain clauses are optional and ranked by BM25.
      std::vector<Q> required, excluded, optional;
      std::map<std::string, std::vector<Q>> filters;  // same field: any of; different fields: all of
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        const Node& child = node.children[i];
        // A run of plain words that is a synonym key ("Northern Territories") is one clause.
        if (!in_title && child.is_plain_word()) {
          std::size_t best = 0;
          std::string run_text = child.text, best_text;
          for (std::size_t n = 2; n <= kMaxSynonymRun && i + n <= node.children.size(); ++n) {
            if (!node.children[i + n - 1].is_plain_word()) break;
            run_text += " " + node.children[i + n - 1].text;
            const std::string key = synonym_key(analyser_, run_text);
            if (db_.synonyms_begin(key) != db_.synonyms_end(key)) {
              best = n;
              best_text = run_text;
            }
          }
          if (best) {
            const std::string& text = best_text;
            Q synonyms = synonyms_of(synonym_key(analyser_, text), out);
            Q phrase = word_query(text, false, out);
            Q q(Q::OP_SYNONYM, phrase, synonyms);
            out.clauses.push_back({text, q});
            optional.push_back(q);
            i += best - 1;
            continue;
          }
        }
        if (child.sign < 0) {
          HighlightPlan saved = out.highlights;
          Q q = build(child, in_title, out);
          out.highlights = std::move(saved);
          if (!q.empty()) excluded.push_back(q);
          continue;
        }
        Q q = build(child, in_title, out);
        if (q.empty()) continue;
        if (child.is_filter()) {
          filters[child.text].push_back(q);
        } else if (child.sign > 0) {
          required.push_back(q);
        } else {
          optional.push_back(q);
        }
      }
      Q result;
      if (!optional.empty()) {
        result = Q(Q::OP_OR, optional.begin(), optional.end());
        if (optional.size() > 1 && &node == top_) {
          // Articles with every clause first: a constant bonus on them.
          out.all_clauses_bonus = kAllClausesBonus;
          Q all(Q::OP_AND, optional.begin(), optional.end());
          // release(): the query owns the source (Xapian reference-counts it).
          Q bonus((new Xapian::FixedWeightPostingSource(kAllClausesBonus))->release());
          result = Q(Q::OP_OR, result, Q(Q::OP_FILTER, bonus, all));
        }
      }
      if (!required.empty()) {
        Q must(Q::OP_AND, required.begin(), required.end());
        result = result.empty() ? must : Q(Q::OP_AND_MAYBE, must, result);
      }
      for (auto& [field, alternatives] : filters) {
        Q any(Q::OP_OR, alternatives.begin(), alternatives.end());
        result = result.empty() ? any : Q(Q::OP_FILTER, result, any);
      }
      if (!excluded.empty()) {
        if (result.empty()) result = Q::MatchAll;
        result = Q(Q::OP_AND_NOT, result, Q(Q::OP_OR, excluded.begin(), excluded.end()));
      }
      return result;
    }
  }
  return Xapian::Query();
}

CompiledQuery QueryCompiler::compile(std::string_view text, const QueryFilters& filters) {
  Node root = Parser(lex(text)).parse();
  CompiledQuery out;
  top_ = &root;
  Xapian::Query q = build(root, false, out);
  top_ = nullptr;
  out.empty = q.empty();

  using Q = Xapian::Query;
  std::vector<Q> filter_parts;
  const std::pair<EntityType, const std::vector<std::string>*> by_type[] = {
      {EntityType::person, &filters.person}, {EntityType::place, &filters.place}, {EntityType::org, &filters.org}};
  for (const auto& [type, names] : by_type) {
    if (names->empty()) continue;
    std::vector<Q> any;
    for (const auto& name : *names) {
      for (const std::string& term : resolve_entity(type, name)) {
        out.highlights.terms.push_back(term);
        any.emplace_back(term);
      }
    }
    filter_parts.emplace_back(Q::OP_OR, any.begin(), any.end());
  }
  if (!filters.since.empty() || !filters.until.empty()) {
    filter_parts.emplace_back(Q::OP_VALUE_RANGE, schema::kDateSlot, filters.since.empty() ? std::string(schema::kDateBeforeAll) : filters.since,
                              filters.until.empty() ? std::string(schema::kDateAfterAll) : filters.until);
  }
  if (!filter_parts.empty()) {
    Q filter(Q::OP_AND, filter_parts.begin(), filter_parts.end());
    q = q.empty() ? Q(Q::OP_SCALE_WEIGHT, filter, 0) : Q(Q::OP_FILTER, q, filter);
    out.empty = false;
  }
  out.query = q;
  out.parsed = q.get_description();
  return out;
}

std::optional<SpellingSuggestion> QueryCompiler::suggest(std::string_view text) {
  const std::vector<Lexeme> lexemes = lex(text);
  Parser(lexemes).parse();  // same errors as compile()
  std::string corrected(text);
  std::ptrdiff_t shift = 0;  // corrected is longer or shorter than text by this much so far
  bool changed = false;
  bool after_field = false;
  for (const Lexeme& l : lexemes) {
    const bool is_field_value = after_field;
    after_field = l.kind == Lexeme::Kind::field;
    if (is_field_value || l.wildcard || (l.kind != Lexeme::Kind::word && l.kind != Lexeme::Kind::phrase)) continue;
    for (const Token& token : analyser_.tokens(l.text)) {
      // A word the index knows in some inflection is not misspelt.
      if (token.is_number || token.term.size() < 3 ||
          db_.term_exists(schema::term(schema::kStemPrefix, analyser_.stem(token.term)))) {
        continue;
      }
      std::string fix = db_.get_spelling_suggestion(token.term);
      if (fix.empty() || fix == token.term) continue;
      const std::string_view original = std::string_view(l.text).substr(token.begin, token.end - token.begin);
      // Keep the user's capitalisation: "Kishda" -> "Kishida", "LAVROF" -> "LAVROV".
      const bool all_upper = std::all_of(original.begin(), original.end(), [](char c) { return !std::islower(static_cast<unsigned char>(c)); });
      if (all_upper && original.size() > 1) {
        for (char& c : fix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      } else if (std::isupper(static_cast<unsigned char>(original.front()))) {
        fix[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(fix[0])));
      }
      const std::size_t at = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(l.begin + token.begin) + shift);
      corrected.replace(at, original.size(), fix);
      shift += static_cast<std::ptrdiff_t>(fix.size()) - static_cast<std::ptrdiff_t>(original.size());
      changed = true;
    }
  }
  if (!changed) return std::nullopt;
  return SpellingSuggestion{corrected};
}

}  // namespace news
