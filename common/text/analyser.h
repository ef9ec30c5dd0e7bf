// The one text analyser. The indexer runs it over articles and the searcher over
// queries, so a word always becomes the same term on both sides: ICU word
// segmentation, NFKC case folding, accent folding, a few news-specific
// normalisations, and the English Snowball stemmer. Tokens keep byte offsets
// into the analysed text (the original, accents and all), which is what
// snippets and entity recognition work from.
#pragma once

#include <cstdint>
#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "text/text_range.h"

namespace news {

// Bump when the terms produced for some text change; an index built by another
// analyser version is refused by `search`.
// 2: accents folded (Zürich = Zurich); C++, C#, .NET, 3.5%, £5m are one token each.
inline constexpr int kAnalyserVersion = 2;

struct Token {
  std::uint32_t begin = 0;  // byte offsets into the analysed text
  std::uint32_t end = 0;
  std::string term;         // normalised form, what is indexed and searched
  bool sentence_start = false;
  bool paragraph_start = false;  // first token of an analysed range
  bool is_number = false;
  // Written in capitals (two letters or more, none lower case: "US", "U.S.",
  // "NATO") in a title or paragraph that has lower-case letters, so not shouted.
  bool capitals = false;
};

class Analyser {
 public:
  Analyser();
  Analyser(const Analyser&) = delete;
  Analyser& operator=(const Analyser&) = delete;
  ~Analyser();

  // Appends the tokens of text[range] to `out`; offsets stay relative to `text`.
  void tokenize(std::string_view text, TextRange range, std::vector<Token>& out);
  std::vector<Token> tokens(std::string_view text);

  // The English Snowball stem of a normalised term (cached: news vocabulary is
  // Zipfian, so most calls are hits). The reference is valid until the next call.
  const std::string& stem(const std::string& term);
  // The cache is emptied when it reaches this many words (about 12 MB), so a
  // long run over an open vocabulary (typos, ids, foreign words) stays bounded;
  // the frequent words are back in it within a few articles.
  static constexpr std::size_t kStemCacheLimit = std::size_t{1} << 17;
  std::size_t cached_stems() const { return stem_cache_.size(); }

  // The usual written form of a stem ("ukrain" -> "ukraine", "countri" ->
  // "country"): the most frequent form in the Brown corpus
  // (text/base_forms.inc, tools/base_forms.cpp), else the stem itself. The
  // index stores exact-form terms only for words that differ from it.
  static std::string_view base_form(std::string_view stem);

  // NFKC case folding and accent folding (text/accent_fold.h: Zürich ->
  // zurich) plus: typographic apostrophes become ', possessive 's is dropped
  // (America's -> america), dotted acronyms lose their dots (U.S. -> us), digit
  // grouping commas go (1,000 -> 1000). Empty when nothing is left.
  static std::string normalise(std::string_view word);

  // Whether a written word has two letters or more and none in lower case.
  static bool written_in_capitals(std::string_view surface);

 private:
  struct Icu;
  std::unique_ptr<Icu> icu_;
  Xapian::Stem stemmer_;
  std::unordered_map<std::string, std::string> stem_cache_;
  // A direct-mapped cache in front of stem_cache_: the frequent words hit it
  // without walking the big table's buckets (cache misses showed up as 5% of
  // indexing time). 16,384 slots rather than 4,096: Analyser::stem 5.4% ->
  // 4.1-4.6% of indexing CPU (perf, 5,000 articles). Allocated zeroed on first
  // use (calloc), so a query's few words fault in a page or two, not 384 KB.
  struct RecentStem {
    std::size_t hash = 0;
    const std::string* term = nullptr;  // nodes of stem_cache_, which never move
    const std::string* stem = nullptr;
  };
  static constexpr std::size_t kRecentStems = 16384;  // a power of two
  struct FreeRecentStems {
    void operator()(RecentStem* p) const;
  };
  std::unique_ptr<RecentStem[], FreeRecentStems> recent_stems_;
};

}  // namespace news
