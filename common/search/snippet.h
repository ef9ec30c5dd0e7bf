// Snippets: the best passage of an article for a query (one or two sentences,
// about 200 characters) with every matched word marked. Matches come from the
// Xapian positions of the query's terms and the stored token table, so no
// article text is read from disk or analysed again at query time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "index/stored_article.h"
#include "search/query.h"

namespace news {

struct Highlight {
  std::uint32_t begin = 0;  // byte offsets into the plain snippet (or title) text
  std::uint32_t end = 0;
  friend bool operator==(const Highlight&, const Highlight&) = default;
};

struct MarkedText {
  std::string text;  // plain text, whitespace runs collapsed
  std::vector<Highlight> highlights;
};

struct HitTexts {
  MarkedText title;
  MarkedText snippet;
};

class SnippetBuilder {
 public:
  SnippetBuilder(const Xapian::Database& db, const HighlightPlan& plan, std::size_t target_bytes = 200);

  HitTexts build(Xapian::docid did, const StoredArticle& article) const;

 private:
  struct Span {
    std::uint32_t first;  // token indices, end exclusive
    std::uint32_t end;
    std::uint32_t group;  // which query term or phrase matched
  };
  std::vector<Span> spans(Xapian::docid did, const StoredArticle& article) const;
  // The 1-based positions where `word` matches: its term's positions, kept
  // only where the token is written in the word's form when it has one.
  std::vector<Xapian::termpos> positions(Xapian::docid did, const HighlightTerm& word, const StoredArticle& article) const;

  Xapian::Database db_;
  std::vector<HighlightTerm> terms_;
  std::vector<std::vector<HighlightTerm>> phrases_;
  std::size_t target_bytes_;
};

// The marked text with "<mark>" tags, HTML-escaped (for JSON's "snippet").
std::string to_html(const MarkedText& marked);

}  // namespace news
