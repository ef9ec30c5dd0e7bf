// Turns an article into a Xapian document: analyse it once (tokens, sentence
// starts, entity mentions), then write terms, positions, values and the stored
// record. This is the whole of "what gets indexed"; schema.h names the parts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "analyser.h"
#include "article.h"
#include "entities.h"

namespace news {

struct AnalysedArticle {
  Article article;
  std::vector<Token> tokens;        // title tokens, then body tokens
  std::uint32_t title_tokens = 0;
  std::vector<EntityMention> mentions;
};

// `recognizer` may be null to skip entity recognition.
AnalysedArticle analyse_article(Article article, Analyser& analyser, const EntityRecognizer* recognizer);

Xapian::Document build_document(const AnalysedArticle& analysed, Analyser& analyser);

// Whether an exact term belongs in the spelling dictionary: words, not numbers
// or one-letter tokens.
bool is_spelling_word(std::string_view term);

}  // namespace news
