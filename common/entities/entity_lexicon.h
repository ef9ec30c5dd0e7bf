// What the entity recogniser knows before it reads an article: names of known
// places, organisations and people with their aliases (data/ files plus ICU's
// region names and time-zone cities), and the word lists its rules consult
// (titles, given names, head words...). Loaded once, immutable afterwards, so
// any number of threads may read it. data/README.md documents every file.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "text/stable_hash.h"
#include "entities/entities.h"

namespace news {

// Hashing that lets a std::string_view look up std::string keys without a copy.
struct TermHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using TermSet = std::unordered_set<std::string, TermHash, std::equal_to<>>;
template <class Value>
using TermMap = std::unordered_map<std::string, Value, TermHash, std::equal_to<>>;

// How a word of a known name must be written in the text to match: an alias
// written "US" never matches the pronoun "us", "North Korea" needs capitals.
enum class CaseRule : std::uint8_t { any, capitalised, upper };

struct KnownEntity {
  EntityType type;
  std::string canonical;
  bool is_country = false;  // one of ICU's countries and territories
  std::string adjective;    // first nationality adjective ("Russian"), may be empty
};

// One way of writing a known entity, as the analyser's terms.
struct KnownName {
  std::vector<std::string> terms;
  std::vector<CaseRule> cases;
  std::vector<bool> dotted;  // written with a full stop ("Ala."): the text needs it too
  std::uint32_t entity = 0;  // index into EntityLexicon::entities
  bool adjective = false;    // a nationality adjective: recognised, never an entity
};

// One word of a name as split for lookups: the analyser's normalised term and
// how it was capitalised.
struct NameWord {
  std::string term;
  CaseRule written = CaseRule::any;
  bool dotted = false;  // ends with a full stop
};
// Splits a written name into words the way the analyser tokenises text
// ("U.S.-Japan" -> us, japan; "Mr." -> mr). Used for data and for resolve().
std::vector<NameWord> split_name(std::string_view name);
std::string join_terms(const std::vector<std::string>& terms);

enum class HeadKind : std::uint8_t { org, place, ignore };
struct HeadWord {
  HeadKind kind;
  bool prefix = false;   // starts a name without "of" ("Mount Fuji")
  bool suffix = true;    // ends a name ("Hyannis Port"); false for prefix-only words
  bool compass = false;  // before a known place, names a new one ("East St. Louis")
  bool same_place = false;  // "<word> of <known place>" is that place ("City of Atlanta")
};

// What the word lists below say about one term, as bits of one number: the
// rules and the labeller ask per token, and one lookup in a flat table costs
// less than a dozen string-set lookups.
enum WordFlag : std::uint32_t {
  kGivenName = 1u << 0,
  kCommonWord = 1u << 1,
  kNeverName = 1u << 2,
  kBeforeNumber = 1u << 3,
  kParticle = 1u << 4,
  kNameSuffix = 1u << 5,
  kSpeechVerb = 1u << 6,
  kEastAsianFamily = 1u << 7,
  kOrgHead = 1u << 8,
  kPlaceHead = 1u << 9,
  kTitleEnd = 1u << 10,   // ends a title phrase (titles_by_last_term)
  kNameStart = 1u << 11,  // starts a known name (names_by_first_term)
  kHeadWord = 1u << 12,   // any head word, also HeadKind::ignore
  kAcronymStop = 1u << 13,
  kPersonNoun = 1u << 14,
  kDottedAbbreviation = 1u << 15,
  kSportsHeading = 1u << 16,
  kResultWord = 1u << 17,
};

struct EntityLexicon;

// stable_hash(term) -> WordFlag bits, open addressing.
class WordFlagTable {
 public:
  WordFlagTable() = default;
  explicit WordFlagTable(const EntityLexicon& lexicon);
  std::uint32_t of(std::uint64_t term_hash) const {
    if (slots_.empty()) return 0;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t k = term_hash & mask;; k = (k + 1) & mask) {
      if (slots_[k].flags == 0) return 0;
      if (slots_[k].term == term_hash) return slots_[k].flags;
    }
  }
  std::uint32_t of(std::string_view term) const { return of(stable_hash(term)); }

 private:
  struct Slot {
    std::uint64_t term = 0;
    std::uint32_t flags = 0;  // 0: empty (every stored term has a flag)
  };
  std::vector<Slot> slots_;
};

struct EntityLexicon {
  std::vector<KnownEntity> entities;
  TermMap<std::vector<KnownName>> names_by_first_term;  // longest name first
  TermMap<std::uint32_t> entity_by_key;                 // join_terms(name) -> entity
  std::vector<EntityAlias> aliases;

  TermMap<std::vector<std::vector<std::string>>> titles_by_last_term;  // longest first
  TermMap<HeadWord> head_words;
  TermSet given_names;
  TermSet east_asian_family_names;
  TermSet common_words;
  TermSet acronym_stoplist;
  TermSet speech_verbs;
  TermSet person_nouns;  // "the Biden administration"
  TermSet particles;
  TermSet suffixes;
  TermSet never_name_words;         // weekdays, holidays
  TermSet before_number_words;      // months: not a name word before a number
  TermSet dotted_abbreviations;     // words written with a full stop in data ("jr", "corp")
  TermSet sports_headings;          // a headline starting with one is a sports page (sports_words.tsv)
  TermSet result_words;             // next to a team: "beat", "against"
  // The sets and maps above as bits per term; load() builds it last, so
  // whoever changes a set afterwards rebuilds it (WordFlagTable(lexicon)).
  WordFlagTable word_flags;

  // Finds a data file by name (throws when missing).
  using Locate = std::function<std::string(std::string_view file)>;
  static EntityLexicon load(const Locate& locate);
};

}  // namespace news
