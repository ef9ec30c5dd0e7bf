#include "entities/ner_features.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "text/stable_hash.h"

namespace news {

namespace {

// Feature templates. The numbers are part of the model format: append, never
// renumber (or bump kNerFeatureVersion).
enum class Template : std::uint64_t {
  bias = 1,
  word,
  word_m1,
  word_p1,
  word_m2,
  word_p2,
  bigram_left,
  bigram_right,
  surface,
  shape,
  shape_m1,
  shape_p1,
  case_window,
  case_position,
  prefix2,
  prefix3,
  suffix2,
  suffix3,
  suffix4,
  line,
  line_case,
  possessive,
  before,
  after,
  before_case,
  known,
  known_m1,
  known_p1,
  given_name,
  given_name_m1,
  title_word,
  after_title,
  head_here,
  head_p1,
  head_p2,
  east_asian_family,
  common_word,
  never_name,
  particle,
  name_suffix,
  speech_verb_after,
  sentence_end,
  written_elsewhere,
};

// Combines two 64-bit values (splitmix64's finaliser over a boost-style
// combine); the strings themselves go through stable_hash.
constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t x = a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

constexpr std::uint64_t feature(Template t, std::uint64_t value) { return mix(static_cast<std::uint64_t>(t), value); }

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string_view without_possessive(std::string_view s, bool& possessive) {
  possessive = false;
  // Every tail below ends in 's', an apostrophe or the last byte of U+2019.
  if (s.size() < 2 || (s.back() != 's' && s.back() != '\'' && s.back() != '\x99')) return s;
  for (std::string_view tail : {"'s", "\xE2\x80\x99s", "'", "\xE2\x80\x99"}) {
    if (s.size() > tail.size() && ends_with(s, tail)) {
      possessive = true;
      return s.substr(0, s.size() - tail.size());
    }
  }
  possessive = false;
  return s;
}

// One punctuation character standing for a gap: the last one before a
// token (`last`) or the first one after it, within the token's line; '\n'
// when there is none and the gap crosses a line, ' ' when there is none.
// Typographic quotes and dashes become their ASCII forms, anything else
// non-ASCII is '~'.
char punctuation_class(std::string_view gap, bool last) {
  const std::size_t newline = last ? gap.rfind('\n') : gap.find('\n');
  if (newline != std::string_view::npos) gap = last ? gap.substr(newline + 1) : gap.substr(0, newline);
  char found = newline != std::string_view::npos ? '\n' : ' ';
  for (std::size_t i = 0; i < gap.size(); ++i) {
    const auto c = static_cast<unsigned char>(gap[i]);
    char klass = 0;
    if (c == ' ' || c == '\t' || c == '\r') continue;
    if (c < 0x80) {
      klass = static_cast<char>(c);
    } else if (c == 0xE2 && i + 2 < gap.size() && static_cast<unsigned char>(gap[i + 1]) == 0x80) {
      const auto d = static_cast<unsigned char>(gap[i + 2]);
      klass = (d >= 0x9C && d <= 0x9F) ? '"' : (d >= 0x98 && d <= 0x9B) ? '\'' : (d >= 0x90 && d <= 0x95) ? '-' : '~';
      i += 2;
    } else if (c == 0xC2 && i + 1 < gap.size() && static_cast<unsigned char>(gap[i + 1]) == 0xA0) {
      ++i;  // no-break space
      continue;
    } else {
      klass = '~';
      while (i + 1 < gap.size() && (static_cast<unsigned char>(gap[i + 1]) & 0xC0) == 0x80) ++i;
    }
    found = klass;
    if (!last) return found;
  }
  return found;
}

// Whether two words of a known name or title may be separated by this gap:
// spaces, a hyphen, or the full stop of an abbreviation.
bool joins_name(std::string_view gap) {
  int newlines = 0;
  for (char c : gap) {
    if (c == '\n' && ++newlines > 1) return false;
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '-' && c != '.') return false;
  }
  return true;
}

// The last `n` code points of s (fewer when shorter).
std::string_view last_code_points(std::string_view s, int n) {
  std::size_t i = s.size();
  while (i > 0 && n > 0) {
    --i;
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) --n;
  }
  return s.substr(i);
}

std::string_view first_code_points(std::string_view s, int n) {
  std::size_t i = 0;
  while (i < s.size() && n >= 0) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n-- == 0) break;
    ++i;
  }
  return s.substr(0, i);
}

struct LetterCounts {
  int letters = 0;
  int upper = 0;
  int lower = 0;
};

LetterCounts count_letters(std::string_view s) {
  LetterCounts counts;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  std::int32_t i = 0;
  while (i < length) {
    UChar32 c = bytes[i];
    if (c < 0x80) {
      ++i;
      if (c >= 'A' && c <= 'Z') {
        ++counts.letters;
        ++counts.upper;
      } else if (c >= 'a' && c <= 'z') {
        ++counts.letters;
        ++counts.lower;
      }
      continue;
    }
    U8_NEXT(bytes, i, length, c);
    if (!u_isalpha(c)) continue;
    ++counts.letters;
    if (u_isupper(c) || u_istitle(c)) ++counts.upper;
    if (u_islower(c)) ++counts.lower;
  }
  return counts;
}

}  // namespace

std::string word_shape(std::string_view word) {
  std::string shape;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(word.data());
  const auto length = static_cast<std::int32_t>(word.size());
  std::int32_t i = 0;
  while (i < length && shape.size() < 8) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    char klass = 'o';
    if (c < 0x80) {
      klass = (c >= 'A' && c <= 'Z') ? 'X' : (c >= 'a' && c <= 'z') ? 'x' : (c >= '0' && c <= '9') ? 'd' : static_cast<char>(c);
    } else if (u_isalpha(c)) {
      klass = (u_isupper(c) || u_istitle(c)) ? 'X' : 'x';
    } else if (u_isdigit(c)) {
      klass = 'd';
    }
    if (shape.empty() || shape.back() != klass) shape.push_back(klass);
  }
  return shape;
}

namespace {

WordCase case_of(std::string_view word, const LetterCounts& counts) {
  if (counts.letters == 0) return WordCase::none;
  if (counts.lower == counts.letters) return WordCase::lower;
  if (counts.upper == counts.letters) return counts.letters == 1 ? WordCase::capitalised : WordCase::upper;
  // Capitalised: the first letter upper-case, the others lower ("Shane");
  // anything else is mixed ("McDonald", "iPhone").
  const std::size_t first_letter = std::find_if(word.begin(), word.end(), [](char ch) {
                                     return static_cast<unsigned char>(ch) >= 0x80 || std::isalpha(static_cast<unsigned char>(ch));
                                   }) - word.begin();
  const LetterCounts first = count_letters(first_code_points(word.substr(first_letter), 1));
  return first.upper == 1 && counts.upper == 1 ? WordCase::capitalised : WordCase::mixed;
}

}  // namespace

WordCase word_case(std::string_view word) { return case_of(word, count_letters(word)); }

NerFeatureExtractor::NerFeatureExtractor(const EntityLexicon& lexicon) : lexicon_(lexicon) {}

NerFeatureExtractor::~NerFeatureExtractor() = default;

namespace {

// Facts computed in passes over the tokens of one call.
class FactsBuilder {
 public:
  FactsBuilder(const EntityLexicon& lexicon, std::string_view text, const std::vector<Token>& tokens,
               std::uint32_t first, std::uint32_t end, const std::vector<bool>* complete, std::vector<TokenFacts>& out)
      : lex_(lexicon), text_(text), tokens_(tokens), first_(first), end_(end), complete_(complete), out_(out),
        letters_(scratch_letters(end - first)) {}

  void word_facts(const std::vector<std::uint32_t>& flags);
  void line_kinds();
  void known_names(const std::vector<std::uint32_t>& flags);
  void titles(const std::vector<std::uint32_t>& flags);
  void written_elsewhere(const std::vector<std::uint64_t>& term_hashes);

 private:
  std::string_view gap(std::uint32_t i) const {  // between token i-1 and token i
    return text_.substr(tokens_[i - 1].end, tokens_[i].begin - tokens_[i - 1].end);
  }
  // What follows the last token given, up to the end of its line.
  std::string_view trailing_text(std::uint32_t i) const {
    const std::string_view rest = text_.substr(tokens_[i].end);
    return rest.substr(0, std::min(rest.find('\n'), std::size_t{8}));
  }
  // The punctuation before the first token given, from the start of its line.
  char leading_class(std::uint32_t i) const {
    const std::string_view before = text_.substr(0, tokens_[i].begin);
    const std::size_t newline = before.rfind('\n');
    const char found = punctuation_class(before.substr(newline == std::string_view::npos ? 0 : newline), true);
    return found == ' ' ? '\n' : found;
  }
  bool new_sentence(std::uint32_t i) const { return i == first_ || tokens_[i].sentence_start || tokens_[i].paragraph_start; }
  // Whether token i gets all its facts, not only those written_elsewhere needs.
  bool complete(std::uint32_t i) const { return !complete_ || (*complete_)[i - first_]; }
  TokenFacts& at(std::uint32_t i) { return out_[i - first_]; }
  bool case_fits(std::uint32_t i, CaseRule rule) {
    const WordCase c = at(i).word_case;
    if (rule == CaseRule::capitalised) return c == WordCase::capitalised || c == WordCase::upper || c == WordCase::mixed;
    if (rule == CaseRule::upper) return c == WordCase::upper || (c == WordCase::capitalised && at(i).word.size() == 1);
    return true;
  }

  const EntityLexicon& lex_;
  std::string_view text_;
  const std::vector<Token>& tokens_;
  std::uint32_t first_;
  std::uint32_t end_;
  const std::vector<bool>* complete_;  // whole sentences; null: every token
  std::vector<TokenFacts>& out_;
  // Per-thread buffers, reused from call to call: an article's worth of
  // fresh memory per call cost page faults.
  static std::vector<LetterCounts>& scratch_letters(std::size_t n) {
    thread_local std::vector<LetterCounts> letters;
    letters.assign(n, LetterCounts{});
    return letters;
  }
  std::vector<LetterCounts>& letters_;  // of each token's word, counted once
};

void FactsBuilder::word_facts(const std::vector<std::uint32_t>& flags) {
  std::uint8_t position = 0;
  for (std::uint32_t i = first_; i < end_; ++i) {
    TokenFacts& f = at(i);
    const Token& token = tokens_[i];
    f.word = without_possessive(text_.substr(token.begin, token.end - token.begin), f.possessive);
    letters_[i - first_] = count_letters(f.word);
    f.word_case = case_of(f.word, letters_[i - first_]);
    if (new_sentence(i)) position = 0;
    f.position = position;
    position = static_cast<std::uint8_t>(std::min(position + 1, 3));
    f.sentence_end = i + 1 == end_ || new_sentence(i + 1);
    if (!complete(i)) continue;
    f.before = i == first_ ? leading_class(i) : punctuation_class(gap(i), true);
    f.after = punctuation_class(i + 1 == end_ ? trailing_text(i) : gap(i + 1), false);
    const std::uint32_t w = flags[i - first_];
    f.given_name = w & kGivenName;
    f.common_word = w & kCommonWord;
    f.never_name = (w & kNeverName) || ((w & kBeforeNumber) && i + 1 < end_ && tokens_[i + 1].is_number);
    f.particle = w & kParticle;
    f.name_suffix = w & kNameSuffix;
    f.east_asian_family = w & kEastAsianFamily;
    f.org_head = w & kOrgHead;
    f.place_head = w & kPlaceHead;
    f.speech_verb_after = !f.sentence_end && (flags[i + 1 - first_] & kSpeechVerb);
  }
}

// A line is a run of tokens with no line break between them. ALL-CAPS: at
// least two words and six letters, none lower-case. A table row: two or more
// numbers making a quarter of its tokens, and at most one lower-case word.
void FactsBuilder::line_kinds() {
  std::uint32_t begin = first_;
  while (begin < end_) {
    std::uint32_t stop = begin + 1;
    while (stop < end_ && !tokens_[stop].paragraph_start && gap(stop).find('\n') == std::string_view::npos) ++stop;
    int words = 0, letters = 0, lower_letters = 0, numbers = 0, lower_words = 0;
    for (std::uint32_t i = begin; i < stop; ++i) {
      const LetterCounts& counts = letters_[i - first_];
      words += counts.letters > 0;
      letters += counts.letters;
      lower_letters += counts.lower;
      numbers += tokens_[i].is_number;
      lower_words += counts.letters >= 2 && counts.lower == counts.letters;
    }
    const std::uint32_t count = stop - begin;
    LineKind kind = LineKind::prose;
    if (words >= 2 && letters >= 6 && lower_letters == 0) {
      kind = LineKind::all_caps;
    } else if (numbers >= 2 && static_cast<std::uint32_t>(numbers) * 4 >= count && lower_words <= 1) {
      kind = LineKind::table;
    }
    for (std::uint32_t i = begin; i < stop; ++i) {
      TokenFacts& f = at(i);
      f.line = kind;
      if (complete(i)) f.shape = word_shape(kind == LineKind::all_caps ? std::string_view(tokens_[i].term) : f.word);
    }
    begin = stop;
  }
}

// Longest known name starting at each token, left to right; case is checked
// but only recorded (known_cased), so lower-case text ("london") still shows
// the model a known name.
void FactsBuilder::known_names(const std::vector<std::uint32_t>& flags) {
  std::uint32_t i = first_;
  while (i < end_) {
    if (!complete(i) || !(flags[i - first_] & kNameStart)) {
      ++i;
      continue;
    }
    auto it = lex_.names_by_first_term.find(tokens_[i].term);
    std::uint32_t matched = 0;
    const KnownName* match = nullptr;
    bool cased = true;
    if (it != lex_.names_by_first_term.end()) {
      for (const KnownName& name : it->second) {
        const auto length = static_cast<std::uint32_t>(name.terms.size());
        if (i + length > end_) continue;
        bool ok = true;
        bool name_cased = true;
        for (std::uint32_t k = 0; k < length && ok; ++k) {
          const std::uint32_t j = i + k;
          ok = tokens_[j].term == name.terms[k] && (k == 0 || (!new_sentence(j) && joins_name(gap(j))));
          if (ok && name.dotted[k]) ok = tokens_[j].end < text_.size() && text_[tokens_[j].end] == '.';
          name_cased = name_cased && case_fits(j, name.cases[k]);
        }
        if (ok) {
          matched = length;
          match = &name;
          cased = name_cased;
          break;
        }
      }
    }
    if (!match) {
      ++i;
      continue;
    }
    const KnownEntity& entity = lex_.entities[match->entity];
    for (std::uint32_t k = 0; k < matched; ++k) {
      TokenFacts& f = at(i + k);
      f.known = k == 0 ? KnownTag::begin : KnownTag::inside;
      f.known_type = entity.type;
      f.known_adjective = match->adjective;
      f.known_cased = cased;
    }
    i += matched;
  }
}

// The longest title phrase ending at each title word: its words are title
// words, the token after it comes after a title.
void FactsBuilder::titles(const std::vector<std::uint32_t>& flags) {
  for (std::uint32_t j = first_; j < end_; ++j) {
    if (!complete(j) || !(flags[j - first_] & kTitleEnd)) continue;
    auto it = lex_.titles_by_last_term.find(tokens_[j].term);
    for (const auto& phrase : it->second) {
      const auto length = static_cast<std::uint32_t>(phrase.size());
      if (length > j + 1 - first_) continue;
      const std::uint32_t start = j + 1 - length;
      bool ok = true;
      for (std::uint32_t k = 0; k < length && ok; ++k) {
        ok = tokens_[start + k].term == phrase[k] && (k == 0 || (!new_sentence(start + k) && joins_name(gap(start + k))));
      }
      if (!ok) continue;
      for (std::uint32_t k = start; k <= j; ++k) at(k).title_word = true;
      if (j + 1 < end_ && !new_sentence(j + 1)) at(j + 1).after_title = true;
      break;
    }
  }
}

// Counts, per term, its capitalised mid-sentence and lower-case uses on
// prose lines; each token then sees the uses other than its own.
void FactsBuilder::written_elsewhere(const std::vector<std::uint64_t>& term_hashes) {
  // An open-addressing table of the text's terms: a node-based map's
  // allocations were a tenth of the labeller's time.
  struct Uses {
    std::uint64_t term = 0;  // 0: empty slot (a real hash of 0 only merges two counts)
    std::uint32_t capitalised = 0;
    std::uint32_t lower = 0;
  };
  std::size_t size = 16;
  while (size < 2 * std::size_t{end_ - first_}) size *= 2;
  thread_local std::vector<Uses> table;
  table.assign(size, Uses{});
  auto slot = [&](std::uint64_t term) -> Uses& {
    std::size_t k = static_cast<std::size_t>(term) & (size - 1);
    while (table[k].term != 0 && table[k].term != term) k = (k + 1) & (size - 1);
    table[k].term = term;
    return table[k];
  };
  auto capitalised_mid = [&](const TokenFacts& f) {
    return f.line == LineKind::prose && f.position > 0 && (f.word_case == WordCase::capitalised || f.word_case == WordCase::mixed);
  };
  auto lower = [&](const TokenFacts& f) { return f.line == LineKind::prose && f.word_case == WordCase::lower; };
  for (std::uint32_t i = first_; i < end_; ++i) {
    Uses& u = slot(term_hashes[i - first_]);
    u.capitalised += capitalised_mid(at(i));
    u.lower += lower(at(i));
  }
  for (std::uint32_t i = first_; i < end_; ++i) {
    if (!complete(i)) continue;  // every token counts, only the labelled ones read the counts
    TokenFacts& f = at(i);
    const Uses& u = slot(term_hashes[i - first_]);
    f.capitalised_elsewhere = u.capitalised > (capitalised_mid(f) ? 1u : 0u);
    f.lower_elsewhere = u.lower > (lower(f) ? 1u : 0u);
  }
}

}  // namespace

std::vector<TokenFacts> NerFeatureExtractor::facts(std::string_view text, const std::vector<Token>& tokens,
                                                   std::uint32_t first, std::uint32_t end) const {
  std::vector<std::uint64_t> term_hashes(end - first);
  for (std::uint32_t i = first; i < end; ++i) term_hashes[i - first] = stable_hash(tokens[i].term);
  std::vector<TokenFacts> out;
  facts(text, tokens, first, end, term_hashes, nullptr, nullptr, out);
  return out;
}

void NerFeatureExtractor::facts(std::string_view text, const std::vector<Token>& tokens, std::uint32_t first,
                                std::uint32_t end, const std::vector<std::uint64_t>& term_hashes,
                                const std::vector<std::uint32_t>* given_flags, const std::vector<bool>* complete,
                                std::vector<TokenFacts>& out) const {
  out.assign(end - first, TokenFacts{});
  thread_local std::vector<std::uint32_t> looked_up;
  if (!given_flags) {
    looked_up.assign(end - first, 0);
    for (std::uint32_t i = first; i < end; ++i) {
      if (!complete || (*complete)[i - first]) looked_up[i - first] = lexicon_.word_flags.of(term_hashes[i - first]);
    }
  }
  const std::vector<std::uint32_t>& flags = given_flags ? *given_flags : looked_up;
  FactsBuilder builder(lexicon_, text, tokens, first, end, complete, out);
  builder.word_facts(flags);
  builder.line_kinds();
  builder.known_names(flags);
  builder.titles(flags);
  builder.written_elsewhere(term_hashes);
}

namespace {

std::uint64_t known_value(const TokenFacts& f) {
  if (f.known == KnownTag::none) return 0;
  return 1 + static_cast<std::uint64_t>(f.known) * 2 + static_cast<std::uint64_t>(f.known_type) * 8 +
         (f.known_adjective ? 64 : 0) + (f.known_cased ? 128 : 0);
}

std::uint64_t case_value(const TokenFacts& f) {
  return f.line == LineKind::all_caps ? 7 : static_cast<std::uint64_t>(f.word_case);
}

std::uint64_t head_value(const TokenFacts& f) { return f.org_head ? 1 : f.place_head ? 2 : 0; }

}  // namespace

namespace {

constexpr std::uint64_t kStart = 0x5354415254ULL;  // "START": before a sentence's first word
constexpr std::uint64_t kEnd = 0x454e44ULL;        // "END"

// One token in its sentence: what its features are made of.
struct TokenWindow {
  const std::vector<TokenFacts>& facts;
  const std::vector<std::uint64_t>& word_hash;
  const std::vector<std::uint64_t>& shape_hash;
  std::uint32_t sentence_begin;
  std::uint32_t sentence_stop;
  std::uint32_t i;

  bool has(std::int64_t k) const { return k >= sentence_begin && k < sentence_stop; }
  std::uint64_t word(std::int64_t k) const {
    return k < sentence_begin ? kStart : k >= sentence_stop ? kEnd : word_hash[static_cast<std::size_t>(k)];
  }
  std::uint64_t shape(std::int64_t k) const {
    return k < sentence_begin ? kStart : k >= sentence_stop ? kEnd : shape_hash[static_cast<std::size_t>(k)];
  }
  std::uint64_t case_at(std::int64_t k) const { return has(k) ? case_value(facts[static_cast<std::size_t>(k)]) : 9; }
};

// The features that depend on the term alone: the bias and the term, then
// its affixes (two calls, to keep the order training has always seen).
void append_term_features(std::uint64_t term_hash, std::vector<std::uint64_t>& out) {
  out.push_back(feature(Template::bias, 0));
  out.push_back(feature(Template::word, term_hash));
}

void append_affix_features(std::string_view term, std::vector<std::uint64_t>& out) {
  out.push_back(feature(Template::prefix2, stable_hash(first_code_points(term, 2))));
  out.push_back(feature(Template::prefix3, stable_hash(first_code_points(term, 3))));
  out.push_back(feature(Template::suffix2, stable_hash(last_code_points(term, 2))));
  out.push_back(feature(Template::suffix3, stable_hash(last_code_points(term, 3))));
  out.push_back(feature(Template::suffix4, stable_hash(last_code_points(term, 4))));
}

// The words around the token, its form, shape, case and (with_term) the
// term's own features.
void append_word_features(const TokenWindow& t, std::string_view term, bool with_term, std::vector<std::uint64_t>& out) {
  const TokenFacts& f = t.facts[t.i];
  const std::int64_t i = t.i;
  const std::uint64_t w = t.word(i);
  const std::uint64_t c = case_value(f);
  if (with_term) append_term_features(w, out);
  out.push_back(feature(Template::word_m1, t.word(i - 1)));
  out.push_back(feature(Template::word_p1, t.word(i + 1)));
  out.push_back(feature(Template::word_m2, t.word(i - 2)));
  out.push_back(feature(Template::word_p2, t.word(i + 2)));
  out.push_back(feature(Template::bigram_left, mix(t.word(i - 1), w)));
  out.push_back(feature(Template::bigram_right, mix(w, t.word(i + 1))));
  // The written word is often the term itself ("the"): its hash is known.
  if (f.line != LineKind::all_caps) out.push_back(feature(Template::surface, f.word == term ? w : stable_hash(f.word)));
  out.push_back(feature(Template::shape, t.shape(i)));
  out.push_back(feature(Template::shape_m1, t.shape(i - 1)));
  out.push_back(feature(Template::shape_p1, t.shape(i + 1)));
  out.push_back(feature(Template::case_window, mix(mix(t.case_at(i - 1), c), t.case_at(i + 1))));
  out.push_back(feature(Template::case_position, c * 4 + f.position));
  if (with_term) append_affix_features(term, out);
}

// The line, the punctuation, the gazetteers and word lists, each joined with
// the token's case (a given name in lower case is no evidence).
void append_fact_features(const TokenWindow& t, std::vector<std::uint64_t>& out) {
  const TokenFacts& f = t.facts[t.i];
  const std::int64_t i = t.i;
  const std::uint64_t c = case_value(f);
  const TokenFacts* previous = t.has(i - 1) ? &t.facts[t.i - 1] : nullptr;
  const TokenFacts* next = t.has(i + 1) ? &t.facts[t.i + 1] : nullptr;
  out.push_back(feature(Template::line, static_cast<std::uint64_t>(f.line)));
  out.push_back(feature(Template::line_case, static_cast<std::uint64_t>(f.line) * 8 + c));
  if (f.possessive) out.push_back(feature(Template::possessive, c));
  out.push_back(feature(Template::before, static_cast<unsigned char>(f.before)));
  out.push_back(feature(Template::after, static_cast<unsigned char>(f.after)));
  out.push_back(feature(Template::before_case, static_cast<unsigned char>(f.before) * 8 + c));
  if (f.known != KnownTag::none) out.push_back(feature(Template::known, known_value(f)));
  if (previous) out.push_back(feature(Template::known_m1, known_value(*previous)));
  if (next) out.push_back(feature(Template::known_p1, known_value(*next)));
  if (f.given_name) out.push_back(feature(Template::given_name, c));
  if (previous && previous->given_name) out.push_back(feature(Template::given_name_m1, case_value(*previous) * 8 + c));
  if (f.title_word) out.push_back(feature(Template::title_word, c));
  if (f.after_title) out.push_back(feature(Template::after_title, c));
  if (head_value(f)) out.push_back(feature(Template::head_here, head_value(f) * 8 + c));
  if (next && head_value(*next)) out.push_back(feature(Template::head_p1, head_value(*next) * 8 + c));
  if (t.has(i + 2) && head_value(t.facts[t.i + 2])) {
    out.push_back(feature(Template::head_p2, head_value(t.facts[t.i + 2]) * 8 + c));
  }
  if (f.east_asian_family) out.push_back(feature(Template::east_asian_family, c));
  if (f.common_word) out.push_back(feature(Template::common_word, c * 4 + f.position));
  if (f.never_name) out.push_back(feature(Template::never_name, 0));
  if (f.particle) out.push_back(feature(Template::particle, c));
  if (f.name_suffix) out.push_back(feature(Template::name_suffix, c));
  if (f.speech_verb_after) out.push_back(feature(Template::speech_verb_after, c));
  if (f.sentence_end) out.push_back(feature(Template::sentence_end, c));
  if (f.capitalised_elsewhere || f.lower_elsewhere) {
    out.push_back(feature(Template::written_elsewhere, c * 4 + f.capitalised_elsewhere + 2 * f.lower_elsewhere));
  }
}

// stable_hash of shapes (at most 8 bytes, a few dozen distinct ones in a
// text), each worked out once: a direct-mapped table keyed by the bytes.
class ShapeHashes {
 public:
  std::uint64_t of(std::string_view shape) {
    if (shape.size() > 8) return stable_hash(shape);
    std::uint64_t bytes = 0;
    std::memcpy(&bytes, shape.data(), shape.size());
    Entry& e = entries_[mix(bytes, shape.size()) & (kEntries - 1)];
    if (!e.filled || e.bytes != bytes || e.size != shape.size()) e = {bytes, stable_hash(shape), shape.size(), true};
    return e.hash;
  }

 private:
  static constexpr std::size_t kEntries = 64;
  struct Entry {
    std::uint64_t bytes = 0;
    std::uint64_t hash = 0;
    std::size_t size = 0;
    bool filled = false;
  };
  std::array<Entry, kEntries> entries_{};
};

// `needed` widened to the whole sentences holding a needed token.
void whole_sentences(const std::vector<Token>& tokens, std::uint32_t first, std::uint32_t end,
                     const std::vector<bool>& needed, std::vector<bool>& complete) {
  complete.assign(end - first, false);
  for (std::uint32_t begin = first; begin < end;) {
    std::uint32_t stop = begin + 1;
    while (stop < end && !tokens[stop].sentence_start && !tokens[stop].paragraph_start) ++stop;
    if (std::any_of(needed.begin() + (begin - first), needed.begin() + (stop - first), [](bool b) { return b; })) {
      std::fill(complete.begin() + (begin - first), complete.begin() + (stop - first), true);
    }
    begin = stop;
  }
}

}  // namespace

void NerFeatureExtractor::term_features(std::string_view term, std::vector<std::uint64_t>& out) const {
  append_term_features(stable_hash(term), out);
  append_affix_features(term, out);
}

void NerFeatureExtractor::features(std::string_view text, const std::vector<Token>& tokens, std::uint32_t first,
                                   std::uint32_t end, std::vector<std::uint64_t>& out,
                                   std::vector<std::uint32_t>& offsets, const std::vector<bool>* needed,
                                   const TokenTerms* terms) const {
  const std::uint32_t n = end - first;
  thread_local std::vector<std::uint64_t> local_hashes;
  if (!terms) {
    local_hashes.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) local_hashes[i] = stable_hash(tokens[first + i].term);
  }
  const std::vector<std::uint64_t>& word_hash = terms ? terms->hashes : local_hashes;
  // A needed token's window reads its sentence's facts; the other tokens
  // get only what written_elsewhere counts.
  thread_local std::vector<bool> complete;
  if (needed) whole_sentences(tokens, first, end, *needed, complete);
  thread_local std::vector<TokenFacts> all;
  facts(text, tokens, first, end, word_hash, terms ? &terms->flags : nullptr, needed ? &complete : nullptr, all);
  thread_local std::vector<std::uint64_t> shape_hash;
  shape_hash.assign(n, 0);
  ShapeHashes shape_hashes;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!needed || complete[i]) shape_hash[i] = shape_hashes.of(all[i].shape);
  }
  offsets.clear();
  offsets.push_back(static_cast<std::uint32_t>(out.size()));
  TokenWindow window{all, word_hash, shape_hash, 0, 0, 0};
  for (std::uint32_t i = 0; i < n; ++i) {
    if (i == window.sentence_stop) {  // windows stop at sentence ends, as decoding does
      window.sentence_begin = i;
      window.sentence_stop = i + 1;
      while (window.sentence_stop < n && all[window.sentence_stop].position != 0) ++window.sentence_stop;
    }
    window.i = i;
    if (!needed || (*needed)[i]) {
      append_word_features(window, tokens[first + i].term, !terms, out);
      append_fact_features(window, out);
    }
    offsets.push_back(static_cast<std::uint32_t>(out.size()));
  }
  if (n > kKeepScratchTokens) {  // an unusually long text: its buffers are not kept per thread
    std::vector<TokenFacts>().swap(all);
    std::vector<std::uint64_t>().swap(shape_hash);
    std::vector<std::uint64_t>().swap(local_hashes);
  }
}

}  // namespace news
