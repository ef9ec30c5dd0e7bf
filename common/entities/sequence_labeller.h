// The statistical entity recogniser: a linear-chain model (sequence_model.h)
// trained on hand-annotated text by tools/ner_train, labelling the analyser's
// tokens with PER/LOC/ORG spans. It finds names no rule knows ("Shane Warne
// took five wickets"); it gives no canonical names, which stay the rules' and
// the lexicon's job (entities.h). docs/entities.md describes the model.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyser.h"
#include "entities/entity_lexicon.h"
#include "entities/entity_type.h"
#include "entities/ner_features.h"
#include "entities/sequence_model.h"

namespace news {

// One labelled mention: tokens [first_token, end_token) of the vector given
// to label().
struct LabelledSpan {
  std::uint32_t first_token = 0;
  std::uint32_t end_token = 0;
  EntityType type = EntityType::person;
  // How much lower the best labelling without this span scores (the
  // smallest such drop over its tokens), in model units: near 0 is a guess,
  // above 10 the model is sure. Phase 2's combination with the rules can
  // threshold it.
  float margin = 0;
};

class SequenceLabeller {
 public:
  // The shipped model, data/ner-model.bin (found like every data file,
  // text/data_files.h), with the shipped lexicon. Throws std::runtime_error
  // naming the file when it is missing or unusable.
  static const SequenceLabeller& standard();
  // A model file and the lexicon its gazetteer features read (kept by
  // reference: it must outlive the labeller).
  static std::unique_ptr<SequenceLabeller> load(const std::string& model_path, const EntityLexicon& lexicon);
  SequenceLabeller(SequenceModel model, const EntityLexicon& lexicon);

  // The mentions in `tokens` (the analyser's output over `text`, as given to
  // EntityRecognizer::recognise), in text order. Each sentence is decoded on
  // its own. Thread-safe.
  std::vector<LabelledSpan> label(std::string_view text, const std::vector<Token>& tokens) const;
  // The BIO label of every token, for training tools and tests.
  // `unexplained` (one flag per token), if given, limits labelling to the
  // words within two of a flagged token (the recogniser flags the capitals its
  // rules did not type for sure); the rest stay O.
  // `terms`, if given, are the tokens' term hashes and word flags (the
  // recogniser's state has them), so that they are not worked out again.
  std::vector<BioLabel> token_labels(std::string_view text, const std::vector<Token>& tokens,
                                     std::vector<float>* margins = nullptr,
                                     const std::vector<bool>* unexplained = nullptr,
                                     const TokenTerms* terms = nullptr) const;

  const SequenceModel& model() const { return model_; }
  const NerFeatureExtractor& features() const { return features_; }

 private:
  SequenceModel model_;
  NerFeatureExtractor features_;
  const EntityLexicon& lexicon_;
  std::uint64_t id_;  // tells the per-thread term weights (sequence_labeller.cpp) whose model filled them
};

// Labels to spans: a B-X starts a span of type X, I-X continues it.
std::vector<LabelledSpan> spans_of_labels(const std::vector<BioLabel>& labels, const std::vector<float>* margins);

}  // namespace news
