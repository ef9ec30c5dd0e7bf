#include "search/query.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "text/accent_fold.h"
#include "index/schema.h"
#include "index/synonyms.h"
#include "search/query_lexer.h"
#include "search/query_limits.h"
#include "search/query_parser.h"
#include "search/query_words.h"

namespace news {

namespace {

using Node = QueryNode;

constexpr std::size_t kMaxSynonymRun = 4;  // longest unquoted word run looked up as one synonym key

// Every weighted part of the query goes through here (for --explain).
void add_clause(CompiledQuery& out, std::string label, const Xapian::Query& query) {
  out.clauses.push_back({std::move(label), query});
}

// `parts` with each repeated subquery kept once, its weight multiplied by its
// count: the same matches and scores (an OR or AND adds its parts' weights),
// but fewer leaves for Xapian's matcher, whose work grows with the square of
// the leaves ("said said said ..." 8,000 times took 2.8 s as 8,000 leaves).
std::vector<Xapian::Query> merge_repeats(const std::vector<Xapian::Query>& parts) {
  std::map<std::string, std::size_t> index_of;  // description -> position in `unique`
  std::vector<std::pair<Xapian::Query, double>> unique;
  for (const Xapian::Query& q : parts) {
    const auto [it, added] = index_of.try_emplace(q.get_description(), unique.size());
    if (added) {
      unique.emplace_back(q, 1.0);
    } else {
      unique[it->second].second += 1.0;
    }
  }
  std::vector<Xapian::Query> merged;
  merged.reserve(unique.size());
  for (const auto& [q, count] : unique) {
    merged.push_back(count == 1.0 ? q : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, count));
  }
  return merged;
}

// The term of a canonical name, the same name as it appears in `term`.
std::string name_of(const std::string& term, const std::string& prefix) { return term.substr(prefix.size()); }

// dir:'s folder as the index writes it: no "./", no leading, trailing or doubled '/'.
std::string folder_path(std::string_view value) {
  std::string folder;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t slash = std::min(value.find('/', start), value.size());
    const std::string_view part = value.substr(start, slash - start);
    if (!part.empty() && part != ".") {
      if (!folder.empty()) folder += '/';
      folder.append(part);
    }
    start = slash + 1;
  }
  return folder;
}

}  // namespace

QueryCompiler::QueryCompiler(const Xapian::Database& db, Analyser& analyser, const EntityCanonicals* canonicals)
    : db_(db), analyser_(analyser), entity_canonicals_(canonicals) {}

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
    if (words.size() > 1) out.highlights.phrases.emplace_back(stem_terms.begin(), stem_terms.end());
    if (words.size() == 1) alternatives.push_back(words.front());
    if (words.size() > 1) alternatives.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end(), words.size());
  }
  if (alternatives.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

std::vector<QueryCompiler::WordTerm> QueryCompiler::word_terms(std::string_view text, bool in_title, bool case_free) {
  const std::string_view prefix = in_title ? schema::kTitleStemPrefix : schema::kStemPrefix;
  std::vector<WordTerm> terms;
  for (const Token& t : analyser_.tokens(text)) {
    if (t.term.size() > schema::kMaxTermBytes) continue;
    const std::string_view surface = text.substr(t.begin, t.end - t.begin);
    const CaseReading reading = case_free || case_.shouted ? CaseReading::any_form : case_reading(surface, t.term);
    std::string stem_term = schema::term(prefix, analyser_.stem(t.term));
    HighlightTerm highlight = reading == CaseReading::any_form
                                  ? HighlightTerm(stem_term)
                                  : HighlightTerm(stem_term, t.term, reading == CaseReading::capitals);
    terms.push_back({std::move(stem_term), word_form_filter(db_, analyser_, reading, t.term), std::move(highlight)});
  }
  return terms;
}

Xapian::Query QueryCompiler::word_query(std::string_view word, bool in_title, bool case_free, CompiledQuery& out) {
  using Q = Xapian::Query;
  const std::vector<WordTerm> terms = word_terms(word, in_title, case_free);
  if (terms.empty()) return Q();
  std::vector<Q> stems;
  std::vector<FormFilter> filters;
  for (const WordTerm& t : terms) {
    stems.emplace_back(t.stem_term);
    filters.push_back(t.form_filter);
  }
  Q q = stems.front();
  if (terms.size() == 1) {
    out.highlights.terms.push_back(terms.front().highlight);
  } else {
    // "medium-range", "U.S.-Japan", or a quoted phrase: several tokens in a
    // row, matched by their stems' positions, then filtered by exact forms.
    std::vector<HighlightTerm> phrase;
    for (const WordTerm& t : terms) phrase.push_back(t.highlight);
    out.highlights.phrases.push_back(std::move(phrase));
    q = Q(Q::OP_PHRASE, stems.begin(), stems.end(), stems.size());
  }
  return with_form_filters(q, filters);
}

Xapian::Query QueryCompiler::wildcard_query(std::string_view prefix_text, std::size_t column, bool in_title,
                                            CompiledQuery& out) {
  const std::string prefix = Analyser::normalise(prefix_text);
  if (prefix.empty()) return Xapian::Query();  // "-*", "**": nothing a word could start with
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
  // Not empty: an empty Query would be dropped, and "+xyzzy* Japan" match "Japan".
  if (stems.empty()) return Xapian::Query(std::string(schema::kMatchNothingTerm));
  wildcard_terms_ += stems.size();
  if (wildcard_terms_ > kMaxWildcardExpansionsTotal) {
    throw QuerySyntaxError("the wildcards expand to more than " + std::to_string(kMaxWildcardExpansionsTotal) +
                               " words in all: use fewer or longer prefixes", column);
  }
  out.highlights.terms.insert(out.highlights.terms.end(), stems.begin(), stems.end());
  return Xapian::Query(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
}

std::vector<std::string> QueryCompiler::resolve_entity(EntityType type, std::string_view name) {
  const std::string prefix(schema::entity_prefix(type));
  // Every name the table joins to the entity the term names (spellings,
  // short forms, overrides; also of another type after a retype).
  auto with_aliases = [&](const std::string& term) {
    if (!entity_canonicals_) return std::vector<std::string>{term};
    const std::optional<EntityRef> canonical = entity_canonicals_->canonical(type, name_of(term, prefix));
    if (!canonical) return std::vector<std::string>{term};
    std::vector<std::string> terms;
    for (const EntityRef& n : entity_canonicals_->names_of(*canonical)) terms.push_back(schema::entity_term(n.type, n.name));
    return terms;
  };
  const std::string key = synonym_key(analyser_, name);
  for (auto s = db_.synonyms_begin(key); s != db_.synonyms_end(key); ++s) {
    if ((*s).rfind(prefix, 0) == 0) return with_aliases(*s);
  }
  std::string trimmed(name);
  while (!trimmed.empty() && is_query_space(trimmed.back())) trimmed.pop_back();
  const std::string exact = schema::entity_term(type, trimmed);
  if (db_.term_exists(exact)) return with_aliases(exact);
  // Without case or accents ("jose mourinho" for "José Mourinho"); else a
  // person by family name, or an organisation or place by its first words
  // ("Labour" for "Labour Party"), when exactly one entity has it so.
  auto comparable = [](std::string_view s) { return lower_ascii(has_foldable_accents(s) ? fold_accents(s) : std::string(s)); };
  const std::string wanted = comparable(trimmed);
  std::vector<std::string> by_part;
  for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
    const std::string candidate = comparable(std::string_view(*t).substr(prefix.size()));
    if (candidate == wanted) return with_aliases(*t);
    if (candidate.size() <= wanted.size()) continue;
    const bool ends = candidate.compare(candidate.size() - wanted.size(), wanted.size(), wanted) == 0 &&
                      candidate[candidate.size() - wanted.size() - 1] == ' ';
    const bool starts = candidate.compare(0, wanted.size(), wanted) == 0 && candidate[wanted.size()] == ' ';
    if (type == EntityType::person ? ends : starts) by_part.push_back(*t);
  }
  if (by_part.size() == 1) return with_aliases(by_part.front());
  // A name only the table gives (an override's new name or type).
  if (entity_canonicals_) {
    const std::vector<EntityRef> names = entity_canonicals_->names_of({type, trimmed});
    if (names.size() > 1) {
      std::vector<std::string> terms;
      for (const EntityRef& n : names) terms.push_back(schema::entity_term(n.type, n.name));
      return terms;
    }
  }
  return {exact};  // matches nothing: the index has no such entity
}

Xapian::Query QueryCompiler::build(const Node& node, bool in_title, CompiledQuery& out) {
  using Q = Xapian::Query;
  // The parser bounds the tree's depth; this keeps the recursion bounded on any tree.
  struct Depth {
    std::size_t& depth;
    ~Depth() { --depth; }
  } depth{++depth_};
  if (depth_ > kMaxQueryTreeDepth) throw QuerySyntaxError("the query is nested too deeply", node.column);
  switch (node.kind) {
    case Node::Kind::word: {
      Q q = word_query(node.text, in_title, case_.sentence_starts.contains(node.begin), out);
      if (!in_title && !q.empty()) {
        if (Q synonyms = synonyms_of(synonym_key(analyser_, node.text), out); !synonyms.empty()) {
          q = Q(Q::OP_SYNONYM, q, synonyms);
        }
      }
      if (!q.empty()) add_clause(out, (in_title ? "title:" : "") + node.text, q);
      return q;
    }
    case Node::Kind::phrase: {
      Q q = word_query(node.text, in_title, false, out);  // quotes switch synonyms off
      if (!q.empty()) add_clause(out, (in_title ? "title:\"" : "\"") + node.text + "\"", q);
      return q;
    }
    case Node::Kind::wildcard: {
      Q q = wildcard_query(node.text, node.column, in_title, out);
      add_clause(out, node.text + "*", q);
      return q;
    }
    case Node::Kind::field:
      return build_field(node, out);
    case Node::Kind::op_and:
    case Node::Kind::op_or: {
      std::vector<Q> parts;
      for (const Node& child : node.children) {
        if (Q q = build(child, in_title, out); !q.empty()) parts.push_back(q);
      }
      parts = merge_repeats(parts);
      return Q(node.kind == Node::Kind::op_and ? Q::OP_AND : Q::OP_OR, parts.begin(), parts.end());
    }
    case Node::Kind::op_and_not: {  // children[0] without any of the others
      Q left = build(node.children[0], in_title, out);
      const std::size_t highlighted = out.highlights.terms.size(), phrases = out.highlights.phrases.size();
      std::vector<Q> excluded;
      for (std::size_t i = 1; i < node.children.size(); ++i) {
        if (Q q = build(node.children[i], in_title, out); !q.empty()) excluded.push_back(q);
      }
      // Excluded words are not highlighted.
      out.highlights.terms.resize(highlighted);
      out.highlights.phrases.resize(phrases);
      if (left.empty()) left = Q::MatchAll;
      return excluded.empty() ? left : Q(Q::OP_AND_NOT, left, Q(Q::OP_OR, excluded.begin(), excluded.end()));
    }
    case Node::Kind::op_near:
      return build_near(node, in_title, out);
    case Node::Kind::sequence:
      return build_sequence(node, in_title, out);
  }
  return Xapian::Query();
}

// source: and author: values: their words as the indexer wrote them, in a row.
Xapian::Query QueryCompiler::metadata_words(std::string_view prefix, std::string_view value) {
  using Q = Xapian::Query;
  std::vector<Q> words;
  for (const Token& t : analyser_.tokens(value)) words.emplace_back(schema::term(prefix, t.term));
  // A value without words matches nothing: the bare prefix is no document's term.
  if (words.empty()) return Q(std::string(prefix));
  if (words.size() == 1) return words.front();
  return Q(Q::OP_PHRASE, words.begin(), words.end(), words.size());
}

// title: scopes its value to the title; the other fields are filters, weight 0.
Xapian::Query QueryCompiler::build_field(const Node& node, CompiledQuery& out) {
  using Q = Xapian::Query;
  const Node& value = node.children.front();
  if (node.text == "title") return build(value, true, out);
  if (node.text == "id") return Q(Q::OP_SCALE_WEIGHT, Q(schema::id_term(value.text)), 0);
  if (node.text == "source") return Q(Q::OP_SCALE_WEIGHT, metadata_words(schema::kSourcePrefix, value.text), 0);
  if (node.text == "author") return Q(Q::OP_SCALE_WEIGHT, metadata_words(schema::kAuthorPrefix, value.text), 0);
  if (node.text == "dir") {
    const std::string folder = folder_path(value.text);
    // The corpus root ("dir:/", "dir:."): every article.
    return Q(Q::OP_SCALE_WEIGHT, folder.empty() ? Q::MatchAll : Q(schema::folder_term(folder)), 0);
  }
  const auto type = entity_type_from_string(node.text);
  const std::vector<std::string> terms = resolve_entity(*type, value.text);
  out.highlights.terms.insert(out.highlights.terms.end(), terms.begin(), terms.end());
  return Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, terms.begin(), terms.end()), 0);
}

Xapian::Query QueryCompiler::build_near(const Node& node, bool in_title, CompiledQuery& out) {
  using Q = Xapian::Query;
  std::vector<Q> terms;
  std::vector<FormFilter> filters;
  for (const Node& child : node.children) {
    std::vector<WordTerm> word = word_terms(child.text, in_title, case_.sentence_starts.contains(child.begin));
    if (word.size() != 1) throw QuerySyntaxError("NEAR works between single words, not '" + child.text + "'", child.column);
    out.highlights.terms.push_back(word.front().highlight);
    terms.emplace_back(word.front().stem_term);
    filters.push_back(word.front().form_filter);
  }
  const auto window = static_cast<Xapian::termcount>(node.window + terms.size());
  const Q q = with_form_filters(Q(Q::OP_NEAR, terms.begin(), terms.end(), window), filters);
  std::string label;
  for (const Node& child : node.children) label += (label.empty() ? "" : " NEAR ") + child.text;
  add_clause(out, label, q);
  return q;
}

std::size_t QueryCompiler::synonym_run(const Node& sequence, std::size_t first, std::string& run_text) {
  std::size_t best = 0;
  std::string text = sequence.children[first].text;
  for (std::size_t n = 2; n <= kMaxSynonymRun && first + n <= sequence.children.size(); ++n) {
    if (!sequence.children[first + n - 1].is_plain_word()) break;
    text += " " + sequence.children[first + n - 1].text;
    const std::string key = synonym_key(analyser_, text);
    if (db_.synonyms_begin(key) != db_.synonyms_end(key)) {
      best = n;
      run_text = text;
    }
  }
  return best;
}

bool QueryCompiler::is_stop_word(const Node& node) {
  if (!node.is_plain_word()) return false;
  const std::vector<Token> tokens = analyser_.tokens(node.text);
  if (tokens.size() != 1) return false;
  return !Analyser::written_in_capitals(node.text) && QueryWordLists::get().is_stop_word(tokens[0].term);
}

// Love/hate semantics: +required, -excluded, field filters must match, plain
// clauses are optional and ranked by BM25.
Xapian::Query QueryCompiler::build_sequence(const Node& node, bool in_title, CompiledQuery& out) {
  using Q = Xapian::Query;
  std::vector<Q> required, excluded, optional;
  std::map<std::string, std::vector<Q>> filters;  // same field: any of; different fields: all of
  // Stop words are left out when something else is searched ("the who" alone is searched as it is).
  std::vector<bool> stop(node.children.size());
  bool searches_more = false;
  for (std::size_t i = 0; i < node.children.size(); ++i) {
    stop[i] = is_stop_word(node.children[i]);
    searches_more = searches_more || (!stop[i] && node.children[i].sign >= 0);
  }
  for (std::size_t i = 0; i < node.children.size(); ++i) {
    const Node& child = node.children[i];
    // A run of plain words that is a synonym key ("Northern Territories") is one clause.
    std::string run_text;
    if (const std::size_t run = !in_title && child.is_plain_word() ? synonym_run(node, i, run_text) : 0) {
      Q synonyms = synonyms_of(synonym_key(analyser_, run_text), out);
      Q phrase = word_query(run_text, false, case_.sentence_starts.contains(child.begin), out);
      Q q(Q::OP_SYNONYM, phrase, synonyms);
      add_clause(out, run_text, q);
      optional.push_back(q);
      i += run - 1;
      continue;
    }
    if (stop[i] && searches_more) continue;
    if (child.sign < 0) {
      // Excluded words are not highlighted: forget what building them added
      // (not a copy of the plan per clause, which was quadratic in clauses).
      const std::size_t highlighted = out.highlights.terms.size(), phrases = out.highlights.phrases.size();
      Q q = build(child, in_title, out);
      out.highlights.terms.resize(highlighted);
      out.highlights.phrases.resize(phrases);
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
  optional = merge_repeats(optional);
  required = merge_repeats(required);
  Q result;
  if (!optional.empty()) {
    // No tier of articles with every clause: BM25 alone ranks better on every
    // collection of bench/RELEVANCE.md, short queries most (docs/design.md).
    result = Q(Q::OP_OR, optional.begin(), optional.end());
    if (optional.size() > 1 && &node == top_) {
      out.every_clause = Q(Q::OP_AND, optional.begin(), optional.end());
      out.every_clause_alone = required.empty() && filters.empty() && excluded.empty();
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

CompiledQuery QueryCompiler::compile(std::string_view text, const QueryFilters& filters) {
  const std::vector<QueryLexeme> lexemes = lex_query(text);
  Node root = parse_query(lexemes);
  case_ = query_case(text, lexemes, analyser_);
  CompiledQuery out;
  top_ = &root;
  depth_ = 0;
  wildcard_terms_ = 0;
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
    out.every_clause_alone = false;
    Q filter(Q::OP_AND, filter_parts.begin(), filter_parts.end());
    q = q.empty() ? Q(Q::OP_SCALE_WEIGHT, filter, 0) : Q(Q::OP_FILTER, q, filter);
    out.empty = false;
  }
  out.query = q;
  out.parsed = q.get_description();
  return out;
}

std::optional<SpellingSuggestion> QueryCompiler::suggest(std::string_view text) {
  const std::vector<QueryLexeme> lexemes = lex_query(text);
  parse_query(lexemes);  // same errors as compile()
  std::string corrected(text);
  std::ptrdiff_t shift = 0;  // corrected is longer or shorter than text by this much so far
  bool changed = false;
  bool after_field = false;
  for (const QueryLexeme& l : lexemes) {
    const bool is_field_value = after_field;
    after_field = l.kind == QueryLexeme::Kind::field;
    if (is_field_value || l.wildcard || (l.kind != QueryLexeme::Kind::word && l.kind != QueryLexeme::Kind::phrase)) continue;
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
