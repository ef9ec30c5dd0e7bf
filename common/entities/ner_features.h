// What the statistical entity labeller (sequence_labeller.h) knows about each
// token: readable facts (shape, capitalisation, the line it sits on, what the
// gazetteers say), then those facts and the neighbours' words hashed into
// feature ids. Training (tools/ner) and labelling call the same code, so a
// feature means the same thing on both sides.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyser.h"
#include "entities/entity_lexicon.h"

namespace news {

// Bump when the features computed for some text change: a model trained on
// other features is refused when loaded.
inline constexpr std::uint32_t kNerFeatureVersion = 1;

// Texts up to this many tokens keep the labeller's per-thread buffers for
// the next text (longer ones give them back).
inline constexpr std::uint32_t kKeepScratchTokens = 1u << 16;

enum class WordCase : std::uint8_t { lower, capitalised, upper, mixed, none };

// What kind of line a token sits on. On an ALL-CAPS line (headlines, wire
// datelines) capitals say nothing, so the case-dependent facts are replaced by
// one marker; a table row (results, standings) has names between numbers.
enum class LineKind : std::uint8_t { prose, all_caps, table };

// What the gazetteers say about a token: inside a known name (and where), a
// nationality adjective, or nothing.
enum class KnownTag : std::uint8_t { none, begin, inside };

struct TokenFacts {
  std::string_view word;    // the written word without a possessive 's
  std::string shape;        // collapsed character classes: "Xx", "X.X", "d-d"; case-blind on ALL-CAPS lines
  WordCase word_case = WordCase::none;
  LineKind line = LineKind::prose;
  bool possessive = false;
  std::uint8_t position = 0;  // in its sentence, counted up to 3
  bool sentence_end = false;  // last token of its sentence
  char before = ' ';          // last punctuation character before the token, ' ' for none, '\n' across lines
  char after = ' ';           // first punctuation character after it

  KnownTag known = KnownTag::none;  // inside a name of the lexicon...
  EntityType known_type = EntityType::place;
  bool known_adjective = false;  // ...that is a nationality adjective ("Russian")
  bool known_cased = false;      // written with the capitals the lexicon asks for
  bool given_name = false;
  bool title_word = false;       // part of a title phrase ("Prime Minister", "Mr.")
  bool after_title = false;      // the token after a title phrase
  bool org_head = false;         // "Ministry", "Inc", "Party"
  bool place_head = false;       // "River", "County"
  bool east_asian_family = false;
  bool common_word = false;      // a capitalised common word is rarely a name
  bool never_name = false;       // weekdays, months, holidays
  bool particle = false;         // de, van, bin
  bool name_suffix = false;      // Jr, III
  bool speech_verb_after = false;  // "Warne said"
  // How the same word is written elsewhere in the text given: capitalised
  // inside a sentence (a name, even where it opens a sentence or sits on an
  // ALL-CAPS line), and in lower case (a common word).
  bool capitalised_elsewhere = false;
  bool lower_elsewhere = false;
};

// What a caller may already know of each token of [first, end): the
// stable_hash of its term and the lexicon's WordFlag bits for it
// (EntityLexicon::word_flags). The recogniser's state has both.
struct TokenTerms {
  const std::vector<std::uint64_t>& hashes;
  const std::vector<std::uint32_t>& flags;
};

// The facts and features of analysed text. Built once from the lexicon,
// immutable afterwards, so any number of threads may use one.
class NerFeatureExtractor {
 public:
  explicit NerFeatureExtractor(const EntityLexicon& lexicon);
  ~NerFeatureExtractor();
  NerFeatureExtractor(const NerFeatureExtractor&) = delete;
  NerFeatureExtractor& operator=(const NerFeatureExtractor&) = delete;

  // The facts of tokens [first, end), which must hold whole lines (the
  // labeller passes sentences or whole articles).
  std::vector<TokenFacts> facts(std::string_view text, const std::vector<Token>& tokens, std::uint32_t first,
                                std::uint32_t end) const;

  // Appends the feature ids of token `first + i` for every i, and
  // offsets[i + 1] = where token i's features end in `features` (offsets[0]
  // is where they start). Feature ids are 64-bit hashes: the model folds
  // them into its own table size.
  // With `needed` (one flag per token of [first, end)), tokens not needed get
  // no features (their offsets repeat), which saves the hashing.
  // With `terms`, their hashes and flags are not worked out again, and each
  // token's term_features() are left out: the labeller keeps their weights
  // per term (sequence_labeller.h).
  void features(std::string_view text, const std::vector<Token>& tokens, std::uint32_t first, std::uint32_t end,
                std::vector<std::uint64_t>& features, std::vector<std::uint32_t>& offsets,
                const std::vector<bool>* needed = nullptr, const TokenTerms* terms = nullptr) const;
  // Appends the features that depend on a token's term alone (the bias, the
  // term, its prefixes and suffixes): part of what features() gives a token.
  void term_features(std::string_view term, std::vector<std::uint64_t>& out) const;

 private:
  void facts(std::string_view text, const std::vector<Token>& tokens, std::uint32_t first, std::uint32_t end,
             const std::vector<std::uint64_t>& term_hashes, const std::vector<std::uint32_t>* given_flags,
             const std::vector<bool>* complete, std::vector<TokenFacts>& out) const;
  const EntityLexicon& lexicon_;
};

// The shape of a word: each letter X or x, each digit d, other characters as
// they are (non-ASCII ones as o), runs collapsed, at most 8 characters.
// "Shane" -> "Xx", "McDonald" -> "XxXx", "1996-12-06" -> "d-d-d".
std::string word_shape(std::string_view word);
WordCase word_case(std::string_view word);

}  // namespace news
