// Turns an article into a Xapian document: analyse it once (tokens, sentence
// starts, entity mentions), then write terms, positions, values and the stored
// record. This is the whole of "what gets indexed"; schema.h names the parts.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "text/analyser.h"
#include "ingest/article.h"
#include "entities/entities.h"
#include "index/stored_article.h"

namespace news {

struct AnalysedArticle {
  Article article;
  std::vector<Token> tokens;        // title tokens, then body tokens
  std::uint32_t title_tokens = 0;
  std::vector<EntityMention> mentions;
};

// `recognizer` may be null to skip entity recognition.
AnalysedArticle analyse_article(Article article, Analyser& analyser, const EntityRecognizer* recognizer);

// Everything but the story cluster, which depends on the articles indexed
// before this one and is added in indexing order (add_story_cluster).
Xapian::Document build_document(const AnalysedArticle& analysed, Analyser& analyser);

// The article's story cluster (story_clusters.h): the collapse value and the K term.
void add_story_cluster(Xapian::Document& document, std::uint64_t cluster);

// Which version of an article this is, for saved searches: a hash of the
// title and body as indexed (kContentHashSlot).
std::uint64_t article_content_hash(const Article& article);

// The entities of an article named in a fixed position, each once, as type
// letter + name ("oREUTER"): a short first or last body paragraph (a
// dateline, a sign-off), or a short one starting "By" or "--" (a byline).
// Read back from a document's kFixedNamesSlot.
std::vector<std::string> fixed_position_names(const Xapian::Document& document);

// The folder terms of a source path relative to the corpus root: one for its
// folder and each folder above it (none at the root), for dir:.
std::vector<std::string> folder_terms(std::string_view source_path);

// The positional word terms of a metadata value under `prefix` (source,
// author): normalised words, positions from 1; for an author list
// ("A, B"), a gap between names so that no phrase runs across two of them.
std::vector<std::pair<std::string, Xapian::termpos>> metadata_word_terms(std::string_view prefix, std::string_view value,
                                                                           Analyser& analyser);

// Word -> number of articles using it, for the spelling dictionary (negative
// when removing). Articles, not occurrences: a word repeated in one article
// should not outweigh one used across the corpus.
using SpellingCounts = std::unordered_map<std::string, std::int64_t>;

// Whether a normalised word belongs in the spelling dictionary: words, not
// numbers or one-letter tokens.
bool is_spelling_word(std::string_view term);

// An article's distinct spelling words, taken (moved) from its tokens.
std::vector<std::string> take_spelling_words(std::vector<Token>& tokens);
// Subtracts one for each distinct spelling word of a stored article (used to
// forget a replaced or deleted one). False, and nothing subtracted, when the
// record is damaged: its words cannot be known, and the article must still be
// replaced or deleted rather than fail every later run.
bool forget_spelling(std::string_view stored_article_data, SpellingCounts& counts);
// The distinct spelling words of a stored article, as they were counted when
// it was added.
std::vector<std::string> stored_spelling_words(const StoredArticle& stored);

}  // namespace news
