// Hand-annotated NER data in CoNLL form (one "word<TAB>BIO tag" per line,
// a blank line ends a sentence, -DOCSTART- starts a document) turned into
// what our programs see: text, our analyser's tokens, and the gold labels
// moved onto those tokens by byte offsets. Training and evaluation both go
// through here, so the model is trained on the tokens it will label.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyser.h"
#include "text/text_range.h"
#include "entities/entity_type.h"
#include "entities/sequence_model.h"

namespace news::ner {

struct ConllSentence {
  std::vector<std::string> words;
  std::vector<BioLabel> labels;
};

struct ConllDocument {
  std::vector<ConllSentence> sentences;
};

// Throws std::runtime_error naming the file and line on a malformed line.
std::vector<ConllDocument> read_conll(const std::string& path);

// A sentence written back as text: no space before closing punctuation and
// clitics ("Lord 's ." -> "Lord's."), none after opening brackets, "@" and "#"
// ("@ colgo" -> "@colgo"), and a hyphen between two words joins them
// ("Al - Zaman" -> "Al-Zaman", how the UD sources split hyphens).
struct SentenceText {
  std::string text;
  std::vector<TextRange> words;  // where each CoNLL word is in `text`
};
SentenceText detokenise(const std::vector<std::string>& words);

// A gold entity on our tokens: [first_token, end_token) are the tokens that
// begin inside its bytes. Lost (no token begins inside, e.g. an entity that
// is only "@") when first_token == end_token.
struct GoldSpan {
  TextRange bytes;
  EntityType type = EntityType::person;
  std::uint32_t first_token = 0;
  std::uint32_t end_token = 0;
  bool lost() const { return first_token == end_token; }
};

// A CoNLL document as our programs see it: its sentences as paragraphs of one
// text (blank lines between them, each analysed as its own range, like an
// article's paragraphs), our tokens, and the gold entities and labels on them.
struct AnalysedDocument {
  std::string text;
  std::vector<Token> tokens;
  std::vector<GoldSpan> gold;
  std::vector<BioLabel> labels;  // per token: the gold labels moved onto our tokens
  std::uint32_t entities = 0;    // gold entities in the CoNLL document
  std::uint32_t lost = 0;        // ...of which no token of ours begins inside
  std::uint32_t shifted = 0;     // ...mapped, but whose tokens reach past its bytes ("Lord" in "Lord's")
};

// `upper_case[s]`, when given and true, writes sentence s in capitals (the
// ALL-CAPS augmentation of training data and the ALL-CAPS evaluation). A
// non-empty `title` comes first as a paragraph of its own, so that the rule
// recogniser reads the sentences as an article's body, not its headline.
AnalysedDocument analyse_document(const ConllDocument& document, Analyser& analyser,
                                  const std::vector<bool>& upper_case = {}, std::string_view title = {});

// Every document analysed, on `workers` threads, in order; upper_case[d] is
// analyse_document's upper_case for document d (may be empty).
std::vector<AnalysedDocument> analyse_documents(const std::vector<ConllDocument>& documents,
                                                const std::vector<std::vector<bool>>& upper_case, unsigned workers,
                                                std::string_view title = {});

// Moves the labels of `words` (byte ranges in `text`) onto the tokens of
// [first, end): a token takes the entity it begins inside (or reaches into
// with only punctuation before it: "@YouTube"), B- on the first token of each
// entity and I- on the rest. Appends the entities to `gold`.
void align_labels(std::string_view text, const std::vector<TextRange>& words, const std::vector<BioLabel>& word_labels,
                  const std::vector<Token>& tokens, std::uint32_t first, std::uint32_t end,
                  std::vector<BioLabel>& token_labels, std::vector<GoldSpan>& gold);

// ICU's full upper-casing ("straße" -> "STRASSE").
std::string to_upper(const std::string& text);

}  // namespace news::ner
