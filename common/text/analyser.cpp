#include "text/analyser.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

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

std::string Analyser::normalise(std::string_view word) {
  std::string s = nfkc_casefold(unify_apostrophes(word));
  if (s.size() >= 2 && s.compare(s.size() - 2, 2, "'s") == 0) s.resize(s.size() - 2);
  while (!s.empty() && s.back() == '\'') s.pop_back();
  if (is_dotted_acronym(s)) {
    s.erase(std::remove(s.begin(), s.end(), '.'), s.end());
  } else if (is_grouped_number(s)) {
    s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  }
  return s;
}

const std::string& Analyser::stem(const std::string& term) {
  const std::size_t hash = std::hash<std::string_view>{}(term);
  RecentStem& recent = recent_stems_[hash & (recent_stems_.size() - 1)];
  if (recent.term && recent.hash == hash && *recent.term == term) return *recent.stem;
  auto it = stem_cache_.find(term);
  if (it == stem_cache_.end()) {
    if (stem_cache_.size() >= kStemCacheLimit) {
      stem_cache_.clear();
      recent_stems_.fill({});
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
  std::int32_t start = icu_->words->first();
  for (std::int32_t stop = icu_->words->next(); stop != icu::BreakIterator::DONE;
       start = stop, stop = icu_->words->next()) {
    const std::int32_t status_tag = icu_->words->getRuleStatus();
    if (status_tag < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    Token token;
    token.begin = range.begin + static_cast<std::uint32_t>(start);
    token.end = range.begin + static_cast<std::uint32_t>(stop);
    const std::string_view surface = text.substr(token.begin, token.end - token.begin);
    token.term = normalise(surface);
    if (token.term.empty()) continue;
    token.is_number = status_tag >= UBRK_WORD_NUMBER && status_tag < UBRK_WORD_NUMBER_LIMIT;
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
