// Training data for the entity model's learners: each sentence of our
// analyser (as the labeller cuts them) with its feature buckets and gold
// labels, and the float weights the learners update. Features are computed
// once; every epoch only reads them.
#pragma once

#include <cstdint>
#include <vector>

#include "entities/ner_features.h"
#include "entities/sequence_model.h"
#include "ner/conll.h"

namespace news::ner {

struct TrainingSequence {
  std::vector<std::uint32_t> buckets;  // the features of token t are buckets[offsets[t] .. offsets[t + 1])
  std::vector<std::uint32_t> offsets;
  std::vector<BioLabel> gold;
  std::uint32_t lost = 0;              // gold entities of this sentence no token carries
};

// Appends one sequence per sentence of `document`. A sentence our analyser
// cut inside an entity starts with an I- label: it becomes B- (`repaired`
// counts them).
void add_sequences(const AnalysedDocument& document, const NerFeatureExtractor& extractor, std::uint32_t bits,
                   std::vector<TrainingSequence>& out, std::uint32_t* repaired = nullptr);

// A linear-chain model in floats, as learners hold it.
struct LinearWeights {
  explicit LinearWeights(std::uint32_t table_bits);
  std::uint32_t bits;
  std::vector<float> weights;  // 2^bits rows of kLabelStride
  Transitions transitions{};

  void emissions(const TrainingSequence& sequence, std::vector<float>& out) const;
  std::vector<BioLabel> decode(const TrainingSequence& sequence) const;
  SequenceModel to_model() const { return SequenceModel(bits, weights, transitions); }
};

// Exact-span counts of decoding `sequences` with `weights` (lost entities
// count as missed): what the trainer prints after each epoch.
struct SpanCounts {
  std::uint64_t correct = 0, predicted = 0, gold = 0;
  double f1() const { return predicted + gold ? 2.0 * static_cast<double>(correct) / static_cast<double>(predicted + gold) : 0; }
};
SpanCounts span_counts(const LinearWeights& weights, const std::vector<TrainingSequence>& sequences);

// The positions of a fixed-seed shuffle (Fisher-Yates over mt19937_64, so
// the same on every platform and standard library).
void shuffle_in_place(std::vector<std::uint32_t>& order, std::uint64_t& state);

}  // namespace news::ner
