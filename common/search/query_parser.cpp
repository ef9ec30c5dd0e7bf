#include "search/query_parser.h"

#include <algorithm>
#include <string>
#include <utility>

#include "search/query_limits.h"

namespace news {

namespace {

using Lex = QueryLexeme::Kind;
using Node = QueryNode;

class Parser {
 public:
  explicit Parser(const std::vector<QueryLexeme>& lexemes) : lx_(lexemes) {}

  Node parse() {
    Node root = sequence();
    if (pos_ < lx_.size()) {
      // Only a stray ')' can stop a top-level sequence early.
      throw QuerySyntaxError("unexpected ')': no '(' to close", lx_[pos_].column);
    }
    return root;
  }

 private:
  bool at(Lex kind) const { return pos_ < lx_.size() && lx_[pos_].kind == kind; }
  bool at_operand_start() const {
    return pos_ < lx_.size() &&
           (at(Lex::word) || at(Lex::phrase) || at(Lex::field) || at(Lex::lparen) || at(Lex::op_not));
  }
  // The operator just consumed must have an operand after it (and not NOT).
  void expect_operand_after(const QueryLexeme& op, const std::string& what) const {
    if (!at_operand_start() || at(Lex::op_not)) throw QuerySyntaxError(what + " needs something after it", op.column);
  }

  // sequence := or_expr* (implicit operator between clauses). A NOT after a
  // clause of the list excludes from the whole list, as '-' does: "Blair
  // Brown NOT Cameron" is "Blair Brown -Cameron".
  Node sequence() {
    Node node;
    node.kind = Node::Kind::sequence;
    while (pos_ < lx_.size() && !at(Lex::rparen)) {
      if (!at_operand_start()) {
        throw QuerySyntaxError(describe(lx_[pos_]) + " needs something before it", lx_[pos_].column);
      }
      Node clause = or_expr();
      if (clause.kind != Node::Kind::op_and_not || clause.sign != 0) {
        node.children.push_back(std::move(clause));
        continue;
      }
      node.children.push_back(std::move(clause.children.front()));
      for (std::size_t i = 1; i < clause.children.size(); ++i) {
        Node excluded = std::move(clause.children[i]);
        excluded.sign = -1;
        node.children.push_back(std::move(excluded));
      }
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

  // left (op right)*, with runs of the same operator flattened into one node.
  template <typename Next>
  Node binary(Lex op, Node::Kind kind, Next next) {
    Node left = (this->*next)();
    while (at(op)) {
      const QueryLexeme& o = lx_[pos_++];
      expect_operand_after(o, describe(o));
      Node right = (this->*next)();
      if (left.kind == kind && left.sign == 0) {
        left.children.push_back(std::move(right));
      } else {
        left = joined(kind, o.column, std::move(left), std::move(right));
      }
    }
    return left;
  }

  Node or_expr() { return binary(Lex::op_or, Node::Kind::op_or, &Parser::and_expr); }
  // left (AND right | AND NOT right)*: "a AND NOT b" is "a NOT b".
  Node and_expr() {
    Node left = not_expr();
    while (at(Lex::op_and)) {
      const QueryLexeme& o = lx_[pos_++];
      if (at(Lex::op_not)) {
        left = excluding(std::move(left));
        continue;
      }
      expect_operand_after(o, describe(o));
      Node right = not_expr();
      if (left.kind == Node::Kind::op_and && left.sign == 0) {
        left.children.push_back(std::move(right));
      } else {
        left = joined(Node::Kind::op_and, o.column, std::move(left), std::move(right));
      }
    }
    return left;
  }

  // a NOT b NOT c is one node, a without any of b, c: a chain of NOTs stays
  // one level deep however long it is.
  Node not_expr() {
    Node left = near_expr();
    while (at(Lex::op_not)) left = excluding(std::move(left));
    return left;
  }

  // At a NOT (after a clause or AND): `left` without the operand after it,
  // joining a NOT node that `left` already is.
  Node excluding(Node left) {
    const QueryLexeme& o = lx_[pos_++];
    expect_operand_after(o, "NOT");
    Node right = near_expr();
    if (left.kind == Node::Kind::op_and_not && left.sign == 0) {
      left.children.push_back(std::move(right));
      return left;
    }
    return joined(Node::Kind::op_and_not, o.column, std::move(left), std::move(right));
  }

  Node near_expr() {
    Node left = unary();
    while (at(Lex::op_near)) {
      const QueryLexeme& o = lx_[pos_++];
      if (!at(Lex::word)) throw QuerySyntaxError("NEAR needs a word after it", o.column);
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
    if (at(Lex::op_not)) {
      const QueryLexeme& o = lx_[pos_++];
      expect_operand_after(o, "NOT");
      Node node = primary();
      node.sign = -1;
      return node;
    }
    return primary();
  }

  Node primary() {
    if (pos_ >= lx_.size()) throw QuerySyntaxError("the query ends where a word was expected", lx_.back().column);
    const QueryLexeme& l = lx_[pos_++];
    switch (l.kind) {
      case Lex::word:
        count_clause(l);
        return leaf(l, l.wildcard ? Node::Kind::wildcard : Node::Kind::word);
      case Lex::phrase:
        count_clause(l);
        return leaf(l, Node::Kind::phrase);
      case Lex::lparen:
        return group(l);
      case Lex::field:
        return field(l);
      default:
        throw QuerySyntaxError(describe(l) + " needs something before it", l.column);
    }
  }

  static Node leaf(const QueryLexeme& l, Node::Kind kind) {
    Node node;
    node.kind = kind;
    node.text = l.text;
    node.column = l.column;
    node.sign = l.sign;
    node.begin = l.begin;
    return node;
  }

  void count_clause(const QueryLexeme& l) {
    if (++clauses_ > kMaxQueryClauses) {
      throw QuerySyntaxError("too many words: a query holds at most " + std::to_string(kMaxQueryClauses) +
                                 " words, phrases and field values", l.column);
    }
  }

  // One level deeper inside a group or a field for as long as it lives; the
  // parser recurses once per level, so the depth is bounded before the stack is.
  class Nesting {
   public:
    Nesting(Parser& parser, const QueryLexeme& at) : parser_(parser) {
      if (++parser_.depth_ > kMaxQueryNesting) {
        throw QuerySyntaxError("parentheses and fields nested more than " + std::to_string(kMaxQueryNesting) +
                                   " levels deep", at.column);
      }
    }
    ~Nesting() { --parser_.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    Parser& parser_;
  };

  // '(' sequence ')': one clause stands for itself, several make a sequence.
  Node group(const QueryLexeme& open) {
    const Nesting nesting(*this, open);
    Node inner = sequence();
    if (!at(Lex::rparen)) throw QuerySyntaxError("unbalanced parenthesis: this '(' is never closed", open.column);
    ++pos_;
    if (inner.children.empty()) throw QuerySyntaxError("empty parentheses", open.column);
    if (inner.children.size() == 1) {
      Node only = std::move(inner.children.front());
      if (open.sign) only.sign = open.sign;
      return only;
    }
    inner.sign = open.sign;
    inner.column = open.column;
    return inner;
  }

  // name: value, where a filter's value is one name, word or "quoted name".
  Node field(const QueryLexeme& l) {
    const Nesting nesting(*this, l);  // title:title:... recurses like parentheses
    Node node = leaf(l, Node::Kind::field);
    if (pos_ >= lx_.size() || lx_[pos_].sign != 0 || !(at(Lex::word) || at(Lex::phrase) || at(Lex::lparen))) {
      throw QuerySyntaxError(l.text + ": needs a word, a \"phrase\" or a (group) after it", l.column);
    }
    Node value = primary();
    if (node.is_filter() && value.kind != Node::Kind::word && value.kind != Node::Kind::phrase) {
      throw QuerySyntaxError(l.text + ": takes a name, a word or a \"quoted name\"", l.column);
    }
    node.children.push_back(std::move(value));
    return node;
  }

  const std::vector<QueryLexeme>& lx_;
  std::size_t pos_ = 0;
  std::size_t clauses_ = 0;
  std::size_t depth_ = 0;
};

}  // namespace

QueryNode parse_query(const std::vector<QueryLexeme>& lexemes) { return Parser(lexemes).parse(); }

}  // namespace news
