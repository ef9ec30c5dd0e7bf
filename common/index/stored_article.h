// What the index keeps of each article (in a value slot, schema.h), so that
// `search` never opens corpus files: metadata, the text, and the token table
// (the byte range of the token at every position) that lets snippets find a
// matched word from its Xapian position without re-analysing anything. All
// of it but the record's version is one zstd frame (about half its size).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyser.h"
#include "ingest/article.h"

namespace news {

struct StoredArticle {
  std::string id;
  std::string source_path;
  std::string date;
  std::string url;
  std::string source;
  std::string author;
  std::uint32_t line = 0;  // of a record in a multi-article file (JSONL, feed), 1-based; 0: the whole file
  std::string entities;  // encode_entities() of the article's entities (facets.h)
  std::string text;
  TextRange title;
  std::vector<TextRange> body;
  // Token at Xapian position p is tokens[p - 1]; the title's tokens come first.
  std::vector<TextRange> tokens;
  std::uint32_t title_tokens = 0;
  std::vector<std::uint32_t> sentence_starts;   // token indices, ascending
  std::vector<std::uint32_t> paragraph_starts;  // token indices, ascending

  std::string_view title_text() const { return std::string_view(text).substr(title.begin, title.size()); }
  // The folder of source_path ("news/world" for "news/world/a.txt"; empty at the corpus root).
  std::string folder() const;
};

// `tokens` must be the analyser's output over article.text: title first, then body.
StoredArticle make_stored_article(const Article& article, const std::vector<Token>& tokens,
                                  std::uint32_t title_tokens);

std::string encode(const StoredArticle& stored);
// Throws std::runtime_error on a record this version cannot read, and on a
// damaged one: every count is bounded by the record's length before anything
// is allocated, and every range lies inside the text, in order (title; body
// paragraphs ascending; tokens ascending; sentence and paragraph starts
// ascending token indices), so a decoded record is safe to index into; a
// compressed body's size is bounded by its frame's before it is allocated.
StoredArticle decode_stored_article(std::string_view data);

}  // namespace news
