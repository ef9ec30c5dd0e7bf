#include "text/analyser.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <new>
#include <optional>
#include <stdexcept>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "text/accent_fold.h"

namespace news {

namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Typographic apostrophes (’ ‘ ʼ ＇) become ASCII ', so America’s == America's.
std::string unify_apostrophes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x99 || static_cast<unsigned char>(s[i + 2]) == 0x98)) {
      out.push_back('\'');
      i += 2;
    } else if (c == 0xCA && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
      out.push_back('\'');
      i += 1;
    } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC &&
               static_cast<unsigned char>(s[i + 2]) == 0x87) {
      out.push_back('\'');
      i += 2;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string nfkc_casefold(const std::string& s) {
  if (is_ascii(s)) {
    std::string out = s;
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold data unavailable");
  icu::UnicodeString folded = nfkc_cf->normalize(icu::UnicodeString::fromUTF8(s), status);
  if (U_FAILURE(status)) return s;
  std::string out;
  folded.toUTF8String(out);
  return out;
}

// "u.s" and "u.s.a" (single letters joined by dots) are acronyms.
bool is_dotted_acronym(std::string_view s) {
  if (s.find('.') == std::string_view::npos) return false;
  std::size_t run = 0;
  for (char c : s) {
    if (c == '.') {
      if (run != 1) return false;
      run = 0;
    } else if (static_cast<unsigned char>(c) < 0x80 && std::isalpha(static_cast<unsigned char>(c))) {
      ++run;
    } else {
      return false;
    }
  }
  return run <= 1;
}

bool is_grouped_number(std::string_view s) {
  if (s.find(',') == std::string_view::npos) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ',' || c == '.' || (c >= '0' && c <= '9'); });
}

// Abbreviations after which a full stop does not end a sentence.
bool is_abbreviation(std::string_view lower) {
  static constexpr std::array<std::string_view, 52> kAbbreviations = {
      "mr",   "mrs",  "ms",   "dr",   "amb",  "gen",  "col",  "lt",  "sgt", "capt", "cmdr", "adm", "gov",
      "sen",  "rep",  "st",   "jr",   "sr",   "prof", "rev",  "hon", "maj", "brig", "pres", "sec", "no",
      "vs",   "inc",  "corp", "co",   "ltd",  "dept", "univ", "mt",  "ft",  "jan",  "feb",  "mar", "apr",
      "jun",  "jul",  "aug",  "sep",  "sept", "oct",  "nov",  "dec", "etc", "e.g",  "i.e",  "cpl", "pvt"};
  return std::find(kAbbreviations.begin(), kAbbreviations.end(), lower) != kAbbreviations.end();
}

UChar32 first_code_point(std::string_view s) {
  std::int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const std::uint8_t*>(s.data()), i, static_cast<std::int32_t>(s.size()), c);
  return c;
}

// Whether the punctuation between two tokens ends a sentence.
bool gap_ends_sentence(std::string_view gap) {
  bool terminal = false;
  for (std::size_t i = 0; i < gap.size(); ++i) {
    const char c = gap[i];
    if (c == '.' || c == '!' || c == '?') terminal = true;
    if (c == '\n' && i + 1 < gap.size() && gap.find('\n', i + 1) != std::string_view::npos) return true;  // blank line
    if (gap.compare(i, 3, "\xE2\x80\xA6") == 0) terminal = true;                                          // …
    if (terminal && (c == ' ' || c == '\n' || c == '\t')) return true;
  }
  return false;
}

// The code point starting at text[at] (U+FFFD for a broken sequence), and where the next one starts.
UChar32 code_point_at(std::string_view text, std::uint32_t at, std::uint32_t* next = nullptr) {
  auto i = static_cast<std::int32_t>(at);
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const std::uint8_t*>(text.data()), i, static_cast<std::int32_t>(text.size()), c);
  if (next) *next = static_cast<std::uint32_t>(i);
  return c < 0 ? 0xFFFD : c;
}

// The code point ending at text[at - 1], and where it starts.
UChar32 code_point_before(std::string_view text, std::uint32_t at, std::uint32_t floor, std::uint32_t* start) {
  auto i = static_cast<std::int32_t>(at);
  UChar32 c = 0;
  U8_PREV(reinterpret_cast<const std::uint8_t*>(text.data()), static_cast<std::int32_t>(floor), i, c);
  *start = static_cast<std::uint32_t>(i);
  return c < 0 ? 0xFFFD : c;
}

bool is_word_char_at(std::string_view text, std::uint32_t at, std::uint32_t limit) {
  return at < limit && u_isalnum(code_point_at(text, at));
}

// Symbols that belong to the word they touch, which ICU leaves out: "C++",
// "C#", "F#" (a word, then "++" or "#" and no letter or digit), "3.5%" (a
// number and "%"). Returns the token's new end.
std::uint32_t with_symbol_suffix(std::string_view text, std::uint32_t end, std::uint32_t limit, bool number) {
  std::uint32_t after = end;
  if (number && after < limit && text[after] == '%') {
    ++after;
  } else if (!number && after + 2 <= limit && text.compare(after, 2, "++") == 0) {
    after += 2;
  } else if (!number && after < limit && text[after] == '#') {
    ++after;
  } else {
    return end;
  }
  return is_word_char_at(text, after, limit) ? end : after;
}

// ".NET" (a full stop at the start of a word, after a space or an opening
// bracket or quote) and "£5m", "$5.5bn", "€3" (a currency symbol before a
// number). Returns the token's new beginning.
std::uint32_t with_symbol_prefix(std::string_view text, std::uint32_t begin, std::uint32_t floor) {
  if (begin <= floor) return begin;
  std::uint32_t symbol = 0;
  const UChar32 before = code_point_before(text, begin, floor, &symbol);
  const UChar32 first = code_point_at(text, begin);
  const bool leading_dot = before == '.' && u_isalpha(first);
  const bool currency = u_charType(before) == U_CURRENCY_SYMBOL && u_isdigit(first);
  if (!leading_dot && !currency) return begin;
  if (symbol == floor) return symbol;
  std::uint32_t ignored = 0;
  const UChar32 previous = code_point_before(text, symbol, floor, &ignored);
  if (currency) return u_isalnum(previous) ? begin : symbol;
  const bool opens = u_isspace(previous) || previous == '(' || previous == '[' || previous == '"' || previous == '\'' ||
                     previous == 0x201C || previous == 0x2018;
  return opens ? symbol : begin;
}

}  // namespace

struct Analyser::Icu {
  std::unique_ptr<icu::BreakIterator> words;
  UText* utext = nullptr;
  ~Icu() {
    if (utext) utext_close(utext);
  }
};

Analyser::Analyser() : icu_(std::make_unique<Icu>()), stemmer_("english") {
  UErrorCode status = U_ZERO_ERROR;
  icu_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getEnglish(), status));
  if (U_FAILURE(status) || !icu_->words) throw std::runtime_error("ICU word break iterator unavailable");
}

Analyser::~Analyser() = default;

namespace {
constexpr std::pair<std::string_view, std::string_view> kBaseForms[] = {
#include "text/base_forms.inc"
};
static_assert(std::is_sorted(std::begin(kBaseForms), std::end(kBaseForms)), "base_forms.inc is sorted by stem");
// A search looks up a few words: a binary search of the table, where
// building the hash table (6,228 entries) cost a cold `search` ~0.3 ms. The
// indexer looks up every token: past this many lookups a thread switches to
// the hash table.
constexpr unsigned kLookupsBeforeHashing = 4096;
}  // namespace

std::string_view Analyser::base_form(std::string_view stem) {
  thread_local unsigned lookups = 0;
  if (lookups < kLookupsBeforeHashing) {
    ++lookups;
    const auto it = std::lower_bound(std::begin(kBaseForms), std::end(kBaseForms), stem,
                                     [](const auto& entry, std::string_view key) { return entry.first < key; });
    return it != std::end(kBaseForms) && it->first == stem ? it->second : stem;
  }
  static const std::unordered_map<std::string_view, std::string_view> table(std::begin(kBaseForms), std::end(kBaseForms));
  const auto it = table.find(stem);
  return it == table.end() ? stem : it->second;
}

bool Analyser::written_in_capitals(std::string_view surface) {
  if (surface.size() < 2 || (surface[0] >= 'a' && surface[0] <= 'z')) return false;  // most words: at once
  std::size_t letters = 0;
  for (std::uint32_t i = 0; i < surface.size();) {
    const UChar32 c = code_point_at(surface, i, &i);
    if (!u_isalpha(c)) continue;
    if (!u_isupper(c)) return false;
    ++letters;
  }
  return letters >= 2;
}

std::string Analyser::normalise(std::string_view word) {
  std::string s = nfkc_casefold(unify_apostrophes(word));
  if (!is_ascii(s)) s = fold_accents(s);
  if (s.size() >= 2 && s.compare(s.size() - 2, 2, "'s") == 0) s.resize(s.size() - 2);
  while (!s.empty() && s.back() == '\'') s.pop_back();
  if (is_dotted_acronym(s)) {
    s.erase(std::remove(s.begin(), s.end(), '.'), s.end());
  } else if (is_grouped_number(s)) {
    s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  }
  return s;
}

void Analyser::FreeRecentStems::operator()(RecentStem* p) const { std::free(p); }

const std::string& Analyser::stem(const std::string& term) {
  if (!recent_stems_) {
    // Zeroed pages from calloc are all-null slots (RecentStem is an aggregate
    // of an integer and two pointers), faulted in only where touched.
    recent_stems_.reset(static_cast<RecentStem*>(std::calloc(kRecentStems, sizeof(RecentStem))));
    if (!recent_stems_) throw std::bad_alloc();
  }
  const std::size_t hash = std::hash<std::string_view>{}(term);
  RecentStem& recent = recent_stems_[hash & (kRecentStems - 1)];
  if (recent.term && recent.hash == hash && *recent.term == term) return *recent.stem;
  auto it = stem_cache_.find(term);
  if (it == stem_cache_.end()) {
    if (stem_cache_.size() >= kStemCacheLimit) {
      stem_cache_.clear();
      std::fill_n(recent_stems_.get(), kRecentStems, RecentStem{});
    }
    it = stem_cache_.emplace(term, stemmer_(term)).first;
  }
  recent = {hash, &it->first, &it->second};
  return it->second;
}

void Analyser::tokenize(std::string_view text, TextRange range, std::vector<Token>& out) {
  if (range.empty()) return;
  UErrorCode status = U_ZERO_ERROR;
  icu_->utext = utext_openUTF8(icu_->utext, text.data() + range.begin, range.size(), &status);
  icu_->words->setText(icu_->utext, status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU word segmentation failed: ") + u_errorName(status));

  bool first = true;
  std::uint32_t previous_end = range.begin;
  std::string_view previous_surface;
  // Whether the range has a lower-case letter (else capitals are shouting), looked at once when needed.
  std::optional<bool> range_has_lower;
  auto has_lower = [&] {
    if (!range_has_lower) {
      range_has_lower = false;
      for (std::uint32_t i = range.begin; i < range.end && !*range_has_lower;) {
        *range_has_lower = u_islower(code_point_at(text, i, &i));
      }
    }
    return *range_has_lower;
  };
  std::int32_t start = icu_->words->first();
  for (std::int32_t stop = icu_->words->next(); stop != icu::BreakIterator::DONE;
       start = stop, stop = icu_->words->next()) {
    const std::int32_t status_tag = icu_->words->getRuleStatus();
    if (status_tag < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    Token token;
    token.is_number = status_tag >= UBRK_WORD_NUMBER && status_tag < UBRK_WORD_NUMBER_LIMIT;
    token.begin = with_symbol_prefix(text, range.begin + static_cast<std::uint32_t>(start), std::max(range.begin, previous_end));
    token.end = with_symbol_suffix(text, range.begin + static_cast<std::uint32_t>(stop), range.end, token.is_number);
    const std::string_view surface = text.substr(token.begin, token.end - token.begin);
    token.term = normalise(surface);
    if (token.term.empty()) continue;
    token.capitals = written_in_capitals(surface) && has_lower();
    if (first) {
      token.sentence_start = token.paragraph_start = true;
    } else {
      const std::string_view gap = text.substr(previous_end, token.begin - previous_end);
      bool abbreviation = false;
      if (!gap.empty() && gap.front() == '.') {
        const std::string previous = nfkc_casefold(std::string(previous_surface));
        abbreviation = previous.size() == 1 || is_abbreviation(previous) || is_dotted_acronym(previous);
      }
      token.sentence_start = !abbreviation && gap_ends_sentence(gap) && !u_islower(first_code_point(surface));
    }
    first = false;
    previous_end = token.end;
    previous_surface = surface;
    out.push_back(std::move(token));
  }
}

std::vector<Token> Analyser::tokens(std::string_view text) {
  std::vector<Token> out;
  tokenize(text, {0, static_cast<std::uint32_t>(text.size())}, out);
  return out;
}

}  // namespace news
