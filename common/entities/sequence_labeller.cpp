#include "entities/sequence_labeller.h"

#include <algorithm>

#include "text/data_files.h"

namespace news {

namespace {

constexpr std::string_view kModelFile = "ner-model.bin";

bool starts_sentence(const std::vector<Token>& tokens, std::size_t i) {
  return i == 0 || tokens[i].sentence_start || tokens[i].paragraph_start;
}

}  // namespace

SequenceLabeller::SequenceLabeller(SequenceModel model, const EntityLexicon& lexicon)
    : model_(std::move(model)), features_(lexicon) {}

std::unique_ptr<SequenceLabeller> SequenceLabeller::load(const std::string& model_path, const EntityLexicon& lexicon) {
  return std::make_unique<SequenceLabeller>(SequenceModel::load(model_path), lexicon);
}

const SequenceLabeller& SequenceLabeller::standard() {
  // The lexicon is loaded again here, not shared with EntityRecognizer::standard()
  // (which keeps its own private): phase 2 of the model's integration shares it.
  static const EntityLexicon lexicon =
      EntityLexicon::load([](std::string_view file) { return find_data_file(file); });
  static const std::unique_ptr<SequenceLabeller> labeller = load(find_data_file(kModelFile), lexicon);
  return *labeller;
}

std::vector<BioLabel> SequenceLabeller::token_labels(std::string_view text, const std::vector<Token>& tokens,
                                                     std::vector<float>* margins) const {
  const auto n = static_cast<std::uint32_t>(tokens.size());
  std::vector<BioLabel> labels(n, kOutside);
  if (margins) margins->assign(n, 0.0F);
  if (n == 0) return labels;
  std::vector<std::uint64_t> features;
  std::vector<std::uint32_t> offsets;
  features.reserve(std::size_t{n} * 40);
  offsets.reserve(n + 1);
  features_.features(text, tokens, 0, n, features, offsets);
  std::vector<float> emissions(std::size_t{n} * kLabelStride);
  for (std::uint32_t i = 0; i < n; ++i) {
    model_.emissions(&features[offsets[i]], offsets[i + 1] - offsets[i], &emissions[std::size_t{i} * kLabelStride]);
  }
  std::uint32_t begin = 0;
  while (begin < n) {
    std::uint32_t end = begin + 1;
    while (end < n && !starts_sentence(tokens, end)) ++end;
    best_labels(&emissions[std::size_t{begin} * kLabelStride], end - begin, model_.transitions(), &labels[begin],
                margins ? margins->data() + begin : nullptr);
    begin = end;
  }
  return labels;
}

std::vector<LabelledSpan> SequenceLabeller::label(std::string_view text, const std::vector<Token>& tokens) const {
  std::vector<float> margins;
  const std::vector<BioLabel> labels = token_labels(text, tokens, &margins);
  return spans_of_labels(labels, &margins);
}

std::vector<LabelledSpan> spans_of_labels(const std::vector<BioLabel>& labels, const std::vector<float>* margins) {
  std::vector<LabelledSpan> spans;
  const auto n = static_cast<std::uint32_t>(labels.size());
  for (std::uint32_t i = 0; i < n;) {
    if (labels[i] == kOutside) {
      ++i;
      continue;
    }
    // An I-X without its B-X (a learner without BIO constraints) starts a span too.
    const EntityType type = label_type(labels[i]);
    std::uint32_t end = i + 1;
    while (end < n && labels[end] == inside_label(type)) ++end;
    float margin = margins ? (*margins)[i] : 0.0F;
    for (std::uint32_t k = i; margins && k < end; ++k) margin = std::min(margin, (*margins)[k]);
    spans.push_back({i, end, type, margin});
    i = end;
  }
  return spans;
}

}  // namespace news
