// Training data for the entity model's learners: each sentence of our
// analyser (as the labeller cuts them) with its feature buckets and gold
// labels, and the float weights the learners update. Features are computed
// once; every epoch only reads them.
#pragma once

#include <array>
#include <cstdint>
#include <tuple>
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

// Weights and their running average, kept the lazy way: besides the
// weights, the sum of step * update, subtracted at the end (Daume's trick),
// so a step costs only the features it touches.
class AveragedWeights {
 public:
  explicit AveragedWeights(std::uint32_t bits)
      : current(bits), weight_steps_(current.weights.size(), 0.0), transition_steps_{} {}

  void add(std::size_t index, float delta) {
    current.weights[index] += delta;
    weight_steps_[index] += step_ * delta;
  }
  void add_transition(std::size_t index, float delta) {
    current.transitions[index] += delta;
    transition_steps_[index] += step_ * delta;
  }
  void next_step() { ++step_; }

  LinearWeights average() const {
    LinearWeights out(current.bits);
    for (std::size_t i = 0; i < out.weights.size(); ++i) {
      out.weights[i] = static_cast<float>(current.weights[i] - weight_steps_[i] / step_);
    }
    for (std::size_t i = 0; i < out.transitions.size(); ++i) {
      out.transitions[i] = static_cast<float>(current.transitions[i] - transition_steps_[i] / step_);
    }
    return out;
  }

  LinearWeights current;

 private:
  double step_ = 1;
  std::vector<double> weight_steps_;
  std::array<double, std::tuple_size_v<Transitions>> transition_steps_;
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
