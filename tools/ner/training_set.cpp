#include "ner/training_set.h"

#include <random>

#include "entities/sequence_labeller.h"

namespace news::ner {

void add_sequences(const AnalysedDocument& document, const NerFeatureExtractor& extractor, std::uint32_t bits,
                   std::vector<TrainingSequence>& out, std::uint32_t* repaired) {
  const auto n = static_cast<std::uint32_t>(document.tokens.size());
  if (n == 0) return;
  std::vector<std::uint64_t> features;
  std::vector<std::uint32_t> offsets;
  extractor.features(document.text, document.tokens, 0, n, features, offsets);
  std::vector<std::uint32_t> lost_at(n + 1, 0);  // lost gold entities, counted at the next token
  for (const GoldSpan& g : document.gold) {
    if (g.lost()) ++lost_at[std::min(g.first_token, n - 1)];
  }
  std::uint32_t begin = 0;
  while (begin < n) {
    std::uint32_t end = begin + 1;
    while (end < n && !document.tokens[end].sentence_start && !document.tokens[end].paragraph_start) ++end;
    TrainingSequence sequence;
    sequence.offsets.push_back(0);
    for (std::uint32_t t = begin; t < end; ++t) {
      for (std::uint32_t f = offsets[t]; f < offsets[t + 1]; ++f) sequence.buckets.push_back(feature_bucket(features[f], bits));
      sequence.offsets.push_back(static_cast<std::uint32_t>(sequence.buckets.size()));
      BioLabel label = document.labels[t];
      const BioLabel previous = t == begin ? kSentenceStart : sequence.gold.back();
      if (!allowed_transition(previous, label)) {
        label = begin_label(label_type(label));
        if (repaired) ++*repaired;
      }
      sequence.gold.push_back(label);
      sequence.lost += lost_at[t];
    }
    out.push_back(std::move(sequence));
    begin = end;
  }
}

LinearWeights::LinearWeights(std::uint32_t table_bits)
    : bits(table_bits), weights((std::size_t{1} << table_bits) * kLabelStride, 0.0F) {}

void LinearWeights::emissions(const TrainingSequence& sequence, std::vector<float>& out) const {
  const std::size_t n = sequence.gold.size();
  out.assign(n * kLabelStride, 0.0F);
  for (std::size_t t = 0; t < n; ++t) {
    float* scores = &out[t * kLabelStride];
    for (std::uint32_t f = sequence.offsets[t]; f < sequence.offsets[t + 1]; ++f) {
      const float* row = &weights[std::size_t{sequence.buckets[f]} * kLabelStride];
      for (std::uint32_t k = 0; k < kLabelStride; ++k) scores[k] += row[k];
    }
  }
}

std::vector<BioLabel> LinearWeights::decode(const TrainingSequence& sequence) const {
  std::vector<float> scores;
  emissions(sequence, scores);
  std::vector<BioLabel> labels(sequence.gold.size());
  best_labels(scores.data(), labels.size(), transitions, labels.data());
  return labels;
}

SpanCounts span_counts(const LinearWeights& weights, const std::vector<TrainingSequence>& sequences) {
  SpanCounts counts;
  for (const TrainingSequence& sequence : sequences) {
    const std::vector<BioLabel> predicted = weights.decode(sequence);
    const std::vector<LabelledSpan> p = spans_of_labels(predicted, nullptr);
    const std::vector<LabelledSpan> g = spans_of_labels(sequence.gold, nullptr);
    counts.predicted += p.size();
    counts.gold += g.size() + sequence.lost;
    std::size_t j = 0;
    for (const LabelledSpan& span : p) {
      while (j < g.size() && g[j].first_token < span.first_token) ++j;
      if (j < g.size() && g[j].first_token == span.first_token && g[j].end_token == span.end_token &&
          g[j].type == span.type) {
        ++counts.correct;
      }
    }
  }
  return counts;
}

void shuffle_in_place(std::vector<std::uint32_t>& order, std::uint64_t& state) {
  std::mt19937_64 random(state);
  for (std::size_t i = order.size(); i > 1; --i) {
    const std::size_t j = random() % i;
    std::swap(order[i - 1], order[j]);
  }
  state = random();
}

}  // namespace news::ner
