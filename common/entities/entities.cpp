// The recogniser's public face: loading the data, running the stages of
// recognition_state.h over one article, and resolving names users type.
#include "entities/entities.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "text/data_files.h"
#include "entities/chunks.h"
#include "entities/coreference.h"
#include "entities/entity_lexicon.h"
#include "entities/model_spans.h"
#include "entities/recognition_state.h"
#include "entities/sequence_labeller.h"
#include "entities/sports_pages.h"
#include "entities/typing_rules.h"

namespace news {

struct EntityRecognizer::Data {
  EntityLexicon lex;
  std::unique_ptr<SequenceLabeller> labeller;  // reads lex: declared after it
};

namespace {

using recognition::Found;

constexpr std::string_view kModelFile = "ner-model.bin";

// Stage 4, mentions emitted: in text order, without the ones left unnamed.
std::vector<EntityMention> emit_mentions(std::vector<Found> found) {
  std::sort(found.begin(), found.end(),
            [](const Found& a, const Found& b) { return a.first != b.first ? a.first < b.first : a.end < b.end; });
  std::vector<EntityMention> mentions;
  mentions.reserve(found.size());
  for (Found& f : found) {
    if (f.name.empty()) continue;
    mentions.push_back({f.type, std::move(f.name), f.first, f.end});
  }
  return mentions;
}

}  // namespace

EntityRecognizer::EntityRecognizer() : data_(std::make_unique<Data>()) {}
EntityRecognizer::~EntityRecognizer() = default;

const EntityRecognizer& EntityRecognizer::standard() {
  static const std::unique_ptr<EntityRecognizer> recognizer = [] {
    std::unique_ptr<EntityRecognizer> r(new EntityRecognizer());
    r->data_->lex = EntityLexicon::load([](std::string_view file) { return find_data_file(file); });
    r->data_->labeller = SequenceLabeller::load(find_data_file(kModelFile), r->data_->lex);
    return r;
  }();
  return *recognizer;
}

std::unique_ptr<EntityRecognizer> EntityRecognizer::from_directory(const std::string& data_dir) {
  std::unique_ptr<EntityRecognizer> r(new EntityRecognizer());
  r->data_->lex = EntityLexicon::load([&data_dir](std::string_view file) {
    const std::filesystem::path path = std::filesystem::path(data_dir) / file;
    if (!std::filesystem::is_regular_file(path)) {
      throw std::runtime_error("entity data file " + path.string() + " not found");
    }
    return path.string();
  });
  const std::filesystem::path model = std::filesystem::path(data_dir) / kModelFile;
  if (std::filesystem::is_regular_file(model)) r->data_->labeller = SequenceLabeller::load(model.string(), r->data_->lex);
  return r;
}

std::vector<EntityMention> EntityRecognizer::recognise(std::string_view text, const std::vector<Token>& tokens,
                                                       const RecognitionOptions& options) const {
  if (tokens.empty()) return {};
  recognition::RecognitionState article(data_->lex, text, tokens);
  article.chunks = recognition::propose_spans(article);
  for (const recognition::Span& chunk : article.chunks) recognition::type_chunk(article, chunk);
  recognition::canonicalise_names(article);
  bool renamed = false;
  if (options.use_model && data_->labeller) {
    recognition::ModelThresholds thresholds;
    thresholds.add = options.add_margin;
    thresholds.widen = options.widen_margin;
    thresholds.retype = options.retype_margin;
    thresholds.veto = options.veto_margin;
    thresholds.overrule = options.overrule_margin;
    thresholds.model_first = options.model_first;
    thresholds.keep_rules = static_cast<recognition::Evidence>(options.keep_rules);
    std::vector<float> margins;
    const std::vector<bool> unexplained = recognition::unexplained_tokens(article);
    const TokenTerms terms{article.term_hashes, article.words};
    const std::vector<BioLabel> labels = data_->labeller->token_labels(text, tokens, &margins, &unexplained, &terms);
    renamed = recognition::merge_model_spans(article, spans_of_labels(labels, &margins), labels, margins, thresholds);
  }
  renamed = recognition::read_sports_page(article) || renamed;
  // The model's people and the scorers join the article's: "Warne" after "Shane Warne".
  if (renamed) recognition::canonicalise_names(article);
  return emit_mentions(std::move(article.found));
}

std::optional<EntityAlias> EntityRecognizer::resolve(std::string_view name, std::optional<EntityType> type) const {
  const EntityLexicon& lex = data_->lex;
  std::vector<std::string> terms;
  for (NameWord& word : split_name(name)) terms.push_back(std::move(word.term));
  while (!terms.empty() && terms.front() == "the") terms.erase(terms.begin());
  // Drop leading titles: "Prime Minister Fumio Kishida", "Mr. Lenin".
  for (bool stripped = true; stripped && terms.size() > 1;) {
    stripped = false;
    for (std::size_t length = std::min<std::size_t>(terms.size() - 1, 4); length > 0 && !stripped; --length) {
      auto it = lex.titles_by_last_term.find(terms[length - 1]);
      if (it == lex.titles_by_last_term.end()) continue;
      for (const auto& phrase : it->second) {
        if (phrase.size() == length && std::equal(phrase.begin(), phrase.end(), terms.begin())) {
          terms.erase(terms.begin(), terms.begin() + static_cast<std::ptrdiff_t>(length));
          stripped = true;
          break;
        }
      }
    }
  }
  auto it = lex.entity_by_key.find(join_terms(terms));
  if (it == lex.entity_by_key.end()) return std::nullopt;
  const KnownEntity& entity = lex.entities[it->second];
  if (type && *type != entity.type) return std::nullopt;
  return EntityAlias{std::string(name), entity.type, entity.canonical};
}

const std::vector<EntityAlias>& EntityRecognizer::aliases() const { return data_->lex.aliases; }

const EntityLexicon& EntityRecognizer::lexicon() const { return data_->lex; }

const SequenceLabeller* EntityRecognizer::labeller() const { return data_->labeller.get(); }

std::vector<std::string> EntityRecognizer::person_short_forms(std::string_view canonical) const {
  return recognition::person_short_forms(data_->lex, canonical);
}

}  // namespace news
