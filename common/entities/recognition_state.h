// One article as the recogniser's stages see it, and what they have found so
// far. recognise() runs the stages in order, each in its own file:
//   1 spans proposed       chunks.h        capitalised runs that may hold names
//   2 types decided        typing_rules.h  person, place, organisation, or pending
//   3 names canonicalised  coreference.h   pending typed, surnames and short names joined
//   4 mentions emitted     entities.cpp    in text order, unnamed ones dropped
// Lives for one recognise() call, so the recogniser itself stays immutable
// and thread-safe. A trained model would propose spans or add typed `found`
// entries beside the rules, naming them with span_names.h. The stage
// functions take it as `a`, the article; b and e are a span's first and end tokens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyser.h"
#include "entities/entity_lexicon.h"
#include "entities/entity_type.h"
#include "entities/ner_features.h"
#include "entities/token_shape.h"

namespace news::recognition {

// Tokens [first, end) of the article.
struct Span {
  std::uint32_t first;
  std::uint32_t end;
};

// How sure the rule that typed a mention was: known (the gazetteer, or a
// dateline's place: "VAIL, Colorado"), strong (a head word, a title, a given
// name), weak (context, an acronym, the model).
enum class Evidence { known, strong, weak };

// A typed, named mention; the later stages may still rename it.
struct Found {
  EntityType type;
  std::uint32_t first;
  std::uint32_t end;
  std::string name;
  Evidence evidence;
};

// A known name from the lexicon written at some tokens, ending before `end`.
struct KnownMatch {
  std::uint32_t end;
  const KnownName* name;
};

struct RecognitionState {
  RecognitionState(const EntityLexicon& lexicon, std::string_view article_text,
                   const std::vector<Token>& article_tokens);

  const EntityLexicon& lex;
  std::string_view text;
  const std::vector<Token>& tokens;
  const std::uint32_t n;     // tokens.size()
  std::vector<Shape> shape;  // per token; the chunker adds nicknames
  std::vector<std::uint64_t> term_hashes;  // per token, stable_hash of its term
  std::vector<std::uint32_t> words;        // per token, the WordFlag bits of its term (lex.word_flags)
  bool shouting = false;     // mostly capitals: capitals are no acronyms
  std::uint32_t title_end = 0;  // set by the chunker: tokens of the title line
  bool headline = false;        // the title is in headline case
  std::vector<Found> found;     // typed so far
  std::vector<Span> pending;    // capitalised words no rule explained while reading
  std::vector<Span> chunks;     // stage 1's spans: words outside found and pending were judged no name
  // line_kinds(), worked out on its first call: it reads only the tokens
  // and the shapes' letters and case, which no stage changes.
  mutable std::vector<LineKind> line_kinds_memo;

  const std::string& term(std::uint32_t i) const { return tokens[i].term; }
  // Whether token i's term is in the word list of `flag` (entity_lexicon.h).
  bool is(std::uint32_t i, WordFlag flag) const { return (words[i] & flag) != 0; }
  std::string_view surface(std::uint32_t i) const {
    return text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
  }
  // The text between token i - 1 and token i.
  std::string_view gap_before(std::uint32_t i) const {
    return text.substr(tokens[i - 1].end, tokens[i].begin - tokens[i - 1].end);
  }
  bool in_headline(std::uint32_t i) const { return headline && i < title_end; }
  bool is_connector(std::uint32_t i) const {
    if (shape[i].cap) return false;
    const std::string& t = term(i);
    return t == "of" || t == "the" || t == "and" || t == "for" || t == "on" || is(i, kParticle);
  }
  const HeadWord* head_at(std::uint32_t i) const {
    if (!is(i, kHeadWord)) return nullptr;
    auto it = lex.head_words.find(term(i));
    return it == lex.head_words.end() ? nullptr : &it->second;
  }
  // Weekdays, holidays, and months before a number: never a name word.
  bool never_name(std::uint32_t i) const {
    return is(i, kNeverName) || (is(i, kBeforeNumber) && i + 1 < n && tokens[i + 1].is_number);
  }

  // The longest known name starting at token i and ending by `limit`, written
  // as the data requires (capitals, full stops). `lower_first` lets it start
  // on a lower-case word ("trans-Atlantic").
  std::optional<KnownMatch> match_known(std::uint32_t i, std::uint32_t limit, bool lower_first = false) const;
  const KnownEntity& entity(const KnownMatch& m) const { return lex.entities[m.name->entity]; }
  // The first token of the longest title phrase ending at token j, if any.
  std::optional<std::uint32_t> title_ending_at(std::int64_t j) const;

  void add(EntityType type, std::uint32_t first, std::uint32_t end, std::string name, Evidence evidence) {
    found.push_back({type, first, end, std::move(name), evidence});
  }
};

// Per token, the kind of its line (tokens between line breaks): ALL-CAPS (two
// or more words, six letters, none lower-case), a table row (two or more
// numbers making a quarter of its tokens, at most one lower-case word), or
// prose. Capitals and context cues mislead the rules on the first two. The
// labeller's own LineKind, from shapes.
std::vector<LineKind> line_kinds(const RecognitionState& a);

}  // namespace news::recognition
