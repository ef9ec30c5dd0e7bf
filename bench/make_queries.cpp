// make_queries: draws a fixed query set from a generated corpus and writes it
// twice, once in our search syntax and once as SQLite FTS5 MATCH expressions,
// line for line the same queries. Kinds: one to three common or rare words,
// phrases cut from the text, entity names, words with an entity filter, and
// boolean operators. The same corpus and seed give the same queries.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "corpus_files.h"
#include "entity_pools.h"
#include "random.h"

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------
// Words of the corpus

struct Token {
  std::string_view text;
  std::size_t begin = 0, end = 0;
  bool plain = false;  // lowercase ASCII letters, not part of "don't", "U.S." or "well-known"
};

bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Runs of ASCII letters. Only plain ones become query words: they are
// tokenised the same way by our analyser and by FTS5's unicode61.
std::vector<Token> tokens(std::string_view text) {
  std::vector<Token> out;
  for (std::size_t i = 0; i < text.size();) {
    if (!is_letter(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_letter(text[j])) ++j;
    Token t{text.substr(i, j - i), i, j, true};
    for (char c : t.text) t.plain = t.plain && std::islower(static_cast<unsigned char>(c));
    auto joiner = [](char c) { return c == '\'' || c == '-' || c == '.' || std::isdigit(static_cast<unsigned char>(c)); };
    if (i > 0 && joiner(text[i - 1])) t.plain = false;
    if (j < text.size() && joiner(text[j]) && !(text[j] == '.' && (j + 1 == text.size() || text[j + 1] == ' '))) {
      t.plain = false;
    }
    if (t.text.size() < 2) t.plain = false;
    out.push_back(t);
    i = j;
  }
  return out;
}

// Document frequencies of the plain words, and the bands queries draw from.
struct Vocabulary {
  std::vector<std::string> common;  // frequent, but not stopword-like
  std::vector<std::string> rare;    // in the lowest document-frequency band
  std::set<std::string> stop;       // the most frequent words

  bool content_word(std::string_view w) const { return w.size() >= 4 && !stop.contains(std::string(w)); }
};

Vocabulary vocabulary(const std::vector<fs::path>& files) {
  struct Count {
    std::uint32_t df = 0;
    std::uint32_t last_doc = UINT32_MAX;
  };
  std::unordered_map<std::string, Count> counts;
  for (std::uint32_t doc = 0; doc < files.size(); ++doc) {
    const std::string text = bench::read_file(files[doc]);
    for (const Token& t : tokens(text)) {
      if (!t.plain || t.text.size() < 3) continue;
      Count& c = counts[std::string(t.text)];
      if (c.last_doc != doc) ++c.df, c.last_doc = doc;
    }
  }
  std::vector<std::pair<std::uint32_t, std::string>> by_df;
  for (auto& [word, c] : counts) by_df.emplace_back(c.df, word);
  std::sort(by_df.begin(), by_df.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  // Fewer words than this cannot give hundreds of distinct queries.
  if (by_df.size() < 300) throw std::runtime_error("the corpus is too small for a query set (fewer than 300 words)");

  constexpr std::size_t kStopWords = 60, kCommonWords = 500;
  Vocabulary v;
  for (std::size_t i = 0; i < kStopWords; ++i) v.stop.insert(by_df[i].second);
  for (std::size_t i = kStopWords; i < by_df.size() && v.common.size() < kCommonWords; ++i) {
    if (by_df[i].second.size() >= 4) v.common.push_back(by_df[i].second);
  }
  // Rare: at or below the 30th percentile of document frequency, which is a
  // handful of articles whatever the corpus size.
  const std::uint32_t rare_df = by_df[by_df.size() - by_df.size() * 3 / 10].first;
  for (auto it = by_df.rbegin(); it != by_df.rend() && it->first <= rare_df; ++it) {
    if (it->second.size() >= 5) v.rare.push_back(it->second);
  }
  std::sort(v.rare.begin(), v.rare.end());
  return v;
}

// ---------------------------------------------------------------------------
// Queries, kept as parts so that each engine's syntax is rendered from one source

struct Part {
  enum Kind { word, phrase, filter, op } kind;
  std::string text;
  std::string field;  // for filters: person, place, org
};

struct Query {
  std::string kind;
  std::vector<Part> parts;
};

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Our syntax: words, "phrases", field:value or field:"two words", AND/OR/NOT.
std::string ours(const Query& q) {
  std::string out;
  for (const Part& p : q.parts) {
    if (!out.empty()) out += ' ';
    switch (p.kind) {
      case Part::word: out += p.text; break;
      case Part::phrase: out += in_quotes(p.text); break;
      case Part::filter: out += p.field + ":" + (p.text.find(' ') == std::string::npos ? p.text : in_quotes(p.text)); break;
      case Part::op: out += p.text; break;
    }
  }
  return out;
}

// FTS5: every word and phrase quoted (a bare AND, NEAR or "U.S." would be
// syntax); a filter becomes its value as a phrase, an approximation of the
// entity filter that FTS5 cannot express.
std::string fts5(const Query& q) {
  std::string out;
  for (const Part& p : q.parts) {
    if (!out.empty()) out += ' ';
    out += p.kind == Part::op ? p.text : in_quotes(p.text);
  }
  return out;
}

struct EntityRef {
  std::string field;       // person, place, org
  std::string name;        // canonical name, for filters and phrase queries
  std::string query_word;  // what a user would type: the surname for people
};

std::vector<EntityRef> all_entities() {
  std::vector<EntityRef> all;
  for (const auto& p : bench::people()) all.push_back({"person", p.name, p.surname});
  for (const auto& p : bench::places()) all.push_back({"place", p.name, p.name});
  for (const auto& o : bench::organisations()) all.push_back({"org", o.name, o.name});
  return all;
}

Part name_part(std::string_view name) {
  return name.find(' ') == std::string_view::npos ? Part{Part::word, std::string(name), {}}
                                                  : Part{Part::phrase, std::string(name), {}};
}

class QueryMaker {
 public:
  QueryMaker(std::vector<fs::path> files, Vocabulary vocabulary, std::uint64_t seed)
      : files_(std::move(files)), v_(std::move(vocabulary)), rng_(seed), entities_(all_entities()) {}

  // One query of a kind, or nullopt when this draw found nothing usable.
  std::optional<Query> make(std::string_view kind) {
    if (kind == "common1") return words(kind, {&v_.common});
    if (kind == "rare1") return words(kind, {&v_.rare});
    if (kind == "common2") return words(kind, {&v_.common, &v_.common});
    if (kind == "common3") return words(kind, {&v_.common, &v_.common, &v_.common});
    if (kind == "mixed") return rng_.chance(0.5) ? words(kind, {&v_.common, &v_.rare}) : words(kind, {&v_.rare, &v_.common, &v_.common});
    if (kind == "phrase") return phrase(kind, false);
    if (kind == "phrase_word") return phrase(kind, true);
    if (kind == "entity") return entity(kind);
    if (kind == "entity_word") return entity_in_article(kind, false);
    if (kind == "filter") return entity_in_article(kind, true);
    if (kind == "boolean") return boolean(kind);
    throw std::logic_error("unknown query kind");
  }

 private:
  std::optional<Query> words(std::string_view kind, std::vector<const std::vector<std::string>*> bands) {
    Query q{std::string(kind), {}};
    std::set<std::string> used;
    for (const auto* band : bands) {
      if (band->empty()) return std::nullopt;
      const std::string& w = rng_.pick(*band);
      if (!used.insert(w).second) return std::nullopt;
      q.parts.push_back({Part::word, w, {}});
    }
    return q;
  }

  // Two or three adjacent plain words from a random paragraph, at least one
  // of them not stopword-like; with a word from elsewhere in the article.
  std::optional<Query> phrase(std::string_view kind, bool with_word) {
    const std::string text = bench::read_file(rng_.pick(files_));
    const std::vector<std::string> paragraphs = bench::paragraphs(bench::split_plain_text(text).body);
    if (paragraphs.empty()) return std::nullopt;
    const std::string& paragraph = rng_.pick(paragraphs);
    const std::vector<Token> toks = tokens(paragraph);
    const std::size_t length = rng_.between(2, 3);
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i + length <= toks.size(); ++i) {
      bool ok = true, content = false;
      for (std::size_t k = i; k < i + length && ok; ++k) {
        ok = toks[k].plain && (k == i || (toks[k].begin == toks[k - 1].end + 1 && paragraph[toks[k - 1].end] == ' '));
        content = content || v_.content_word(toks[k].text);
      }
      if (ok && content) starts.push_back(i);
    }
    if (starts.empty()) return std::nullopt;
    const std::size_t i = rng_.pick(starts);
    std::string phrase_text(paragraph.substr(toks[i].begin, toks[i + length - 1].end - toks[i].begin));
    Query q{std::string(kind), {{Part::phrase, phrase_text, {}}}};
    if (with_word) {
      auto word = content_word_of(text);
      if (!word) return std::nullopt;
      q.parts.push_back({Part::word, *word, {}});
    }
    return q;
  }

  std::optional<std::string> content_word_of(std::string_view text) {
    std::vector<std::string_view> candidates;
    for (const Token& t : tokens(text)) {
      if (t.plain && v_.content_word(t.text)) candidates.push_back(t.text);
    }
    if (candidates.empty()) return std::nullopt;
    return std::string(rng_.pick(candidates));
  }

  // An entity as a user types it: a surname, a full name, a place, an organisation.
  std::optional<Query> entity(std::string_view kind) {
    const EntityRef& e = rng_.pick(entities_);
    const bool full_name = e.field == "person" && rng_.chance(0.4);
    return Query{std::string(kind), {name_part(full_name ? e.name : e.query_word)}};
  }

  // An entity a random article mentions, with a word of that article, either
  // as two search words or as a filter plus a word, so that most such
  // queries have hits.
  std::optional<Query> entity_in_article(std::string_view kind, bool as_filter) {
    const std::string text = bench::read_file(rng_.pick(files_));
    std::vector<const EntityRef*> mentioned;
    for (const EntityRef& e : entities_) {
      if (text.find(e.name) != std::string::npos) mentioned.push_back(&e);
    }
    if (mentioned.empty()) return std::nullopt;
    const EntityRef& e = *rng_.pick(mentioned);
    auto word = content_word_of(text);
    if (!word) return std::nullopt;
    Query q{std::string(kind), {}};
    if (as_filter) q.parts.push_back({Part::filter, e.name, e.field});
    else q.parts.push_back(name_part(e.query_word));
    q.parts.push_back({Part::word, *word, {}});
    return q;
  }

  std::optional<Query> boolean(std::string_view kind) {
    static const std::vector<std::string> kOps = {"AND", "OR", "NOT"};
    const std::string& a = rng_.pick(v_.common);
    const std::string& b = rng_.pick(v_.common);
    if (a == b) return std::nullopt;
    return Query{std::string(kind), {{Part::word, a, {}}, {Part::op, rng_.pick(kOps), {}}, {Part::word, b, {}}}};
  }

  std::vector<fs::path> files_;
  Vocabulary v_;
  bench::Random rng_;
  std::vector<EntityRef> entities_;
};

// Share of each kind in the set; the shares add up to 100.
const std::vector<std::pair<std::string_view, int>> kMix = {
    {"common1", 12}, {"rare1", 12}, {"common2", 10}, {"common3", 8},     {"mixed", 10},  {"phrase", 13},
    {"phrase_word", 4}, {"entity", 12}, {"entity_word", 6}, {"filter", 8}, {"boolean", 5},
};

void write_lines(const fs::path& path, const std::vector<std::string>& lines) {
  std::ofstream out(path, std::ios::binary);
  for (const std::string& line : lines) out << line << '\n';
  if (!out) throw std::runtime_error(path.string() + ": write failed");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Writes a fixed query set drawn from a corpus, in our syntax and in FTS5 MATCH syntax."};
  std::string corpus, out;
  std::size_t count = 600;
  std::uint64_t seed = 42;
  app.add_option("--corpus", corpus, "Corpus folder (as written by make_corpus)")->required()->check(CLI::ExistingDirectory);
  app.add_option("--out", out, "Folder for queries.txt, queries.fts5.txt and queries.kinds.txt")->required();
  app.add_option("--count", count, "Number of queries")->capture_default_str()->check(CLI::Range(100, 100000));
  app.add_option("--seed", seed, "Seed: the same corpus and seed give the same queries")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  try {
    std::vector<fs::path> files = bench::list_text_files(corpus);
    if (files.empty()) throw std::runtime_error(corpus + ": no .txt files");
    QueryMaker maker(files, vocabulary(files), seed);

    std::vector<Query> queries;
    std::set<std::string> seen;
    std::map<std::string, std::size_t> per_kind;
    for (std::size_t k = 0, assigned = 0; k < kMix.size(); ++k) {
      const auto [kind, share] = kMix[k];
      const std::size_t want = k + 1 == kMix.size() ? count - assigned : count * share / 100;
      assigned += want;
      for (std::size_t made = 0, tries = 0; made < want; ++tries) {
        if (tries > want * 200 + 1000) throw std::runtime_error("cannot draw enough " + std::string(kind) + " queries");
        std::optional<Query> q = maker.make(kind);
        if (!q || !seen.insert(ours(*q)).second) continue;
        queries.push_back(std::move(*q));
        ++made;
      }
      per_kind[std::string(kind)] = want;
    }
    // Interleave the kinds, so that no kind runs only on a cold or warm cache.
    bench::Random shuffle(seed, 1);
    for (std::size_t i = queries.size(); i > 1; --i) std::swap(queries[i - 1], queries[shuffle.below(i)]);

    std::vector<std::string> ours_lines, fts5_lines, kinds;
    for (const Query& q : queries) {
      ours_lines.push_back(ours(q));
      fts5_lines.push_back(fts5(q));
      kinds.push_back(q.kind);
    }
    fs::create_directories(out);
    write_lines(fs::path(out) / "queries.txt", ours_lines);
    write_lines(fs::path(out) / "queries.fts5.txt", fts5_lines);
    write_lines(fs::path(out) / "queries.kinds.txt", kinds);
    std::cout << nlohmann::json{{"queries", queries.size()}, {"kinds", per_kind}, {"out", out}}.dump() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "make_queries: " << e.what() << "\n";
    return 2;
  }
}
