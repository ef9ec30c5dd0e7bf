// A linear-chain CRF fitted by stochastic gradient ascent on the
// log-likelihood, one sentence at a time, learning rate
// rate / (1 + epochs done so far), the iterates averaged (averaged SGD: the
// average is what regularises, as for the perceptron). Marginals come from
// forward-backward over the allowed BIO transitions.
#include "ner/learners.h"

#include <cmath>
#include <limits>
#include <array>
#include <numeric>
#include <tuple>

namespace news::ner {

namespace {

constexpr double kImpossible = -std::numeric_limits<double>::infinity();

double log_sum_exp(const double* values, std::size_t n) {
  double top = kImpossible;
  for (std::size_t i = 0; i < n; ++i) top = std::max(top, values[i]);
  if (top == kImpossible) return kImpossible;
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += std::exp(values[i] - top);
  return top + std::log(sum);
}

class CrfTrainer {
 public:
  explicit CrfTrainer(std::uint32_t bits) : model_(bits) {}

  void step(const TrainingSequence& sequence, double rate) {
    const std::size_t n = sequence.gold.size();
    model_.current.emissions(sequence, emissions_);
    transitions_ = model_.current.transitions;
    forward_backward(n);
    for (std::size_t t = 0; t < n; ++t) {
      float gradient[kLabelStride] = {};
      for (BioLabel y = 0; y < kBioLabels; ++y) gradient[y] = static_cast<float>(-rate * marginal(t, y));
      gradient[sequence.gold[t]] += static_cast<float>(rate);
      for (std::uint32_t f = sequence.offsets[t]; f < sequence.offsets[t + 1]; ++f) {
        const std::size_t row = std::size_t{sequence.buckets[f]} * kLabelStride;
        for (BioLabel y = 0; y < kBioLabels; ++y) model_.add(row + y, gradient[y]);
      }
      const BioLabel gold_previous = t == 0 ? kSentenceStart : sequence.gold[t - 1];
      model_.add_transition(gold_previous * kLabelStride + sequence.gold[t], static_cast<float>(rate));
      for (BioLabel p = 0; p < (t == 0 ? 1 : kBioLabels); ++p) {
        const BioLabel previous = t == 0 ? kSentenceStart : p;
        for (BioLabel y = 0; y < kBioLabels; ++y) {
          if (!allowed_transition(previous, y)) continue;
          model_.add_transition(previous * kLabelStride + y, static_cast<float>(-rate * pair_marginal(t, previous, y)));
        }
      }
    }
    model_.next_step();
  }

  LinearWeights weights() const { return model_.average(); }

 private:
  double transition(BioLabel previous, BioLabel next) const {
    return allowed_transition(previous, next) ? double{transitions_[previous * kLabelStride + next]} : kImpossible;
  }
  double emission(std::size_t t, BioLabel y) const { return emissions_[t * kLabelStride + y]; }
  double marginal(std::size_t t, BioLabel y) const {
    return std::exp(alpha_[t * kLabelStride + y] + beta_[t * kLabelStride + y] - log_z_);
  }
  double pair_marginal(std::size_t t, BioLabel previous, BioLabel y) const {
    const double before = t == 0 ? 0.0 : alpha_[(t - 1) * kLabelStride + previous];
    return std::exp(before + transition(previous, y) + emission(t, y) + beta_[t * kLabelStride + y] - log_z_);
  }

  void forward_backward(std::size_t n) {
    alpha_.assign(n * kLabelStride, kImpossible);
    beta_.assign(n * kLabelStride, 0.0);
    double terms[kBioLabels];
    for (BioLabel y = 0; y < kBioLabels; ++y) alpha_[y] = transition(kSentenceStart, y) + emission(0, y);
    for (std::size_t t = 1; t < n; ++t) {
      for (BioLabel y = 0; y < kBioLabels; ++y) {
        for (BioLabel p = 0; p < kBioLabels; ++p) terms[p] = alpha_[(t - 1) * kLabelStride + p] + transition(p, y);
        alpha_[t * kLabelStride + y] = log_sum_exp(terms, kBioLabels) + emission(t, y);
      }
    }
    for (std::size_t t = n - 1; t-- > 0;) {
      for (BioLabel p = 0; p < kBioLabels; ++p) {
        for (BioLabel y = 0; y < kBioLabels; ++y) {
          terms[y] = transition(p, y) + emission(t + 1, y) + beta_[(t + 1) * kLabelStride + y];
        }
        beta_[t * kLabelStride + p] = log_sum_exp(terms, kBioLabels);
      }
    }
    log_z_ = log_sum_exp(&alpha_[(n - 1) * kLabelStride], kBioLabels);
  }

  AveragedWeights model_;
  Transitions transitions_{};  // the current ones, while a step reads them
  std::vector<float> emissions_;
  std::vector<double> alpha_, beta_;
  double log_z_ = 0;
};

}  // namespace

LinearWeights train_crf(const std::vector<TrainingSequence>& data, const LearnerOptions& options,
                        const EpochReport& report) {
  CrfTrainer trainer(options.bits);
  std::vector<std::uint32_t> order(data.size());
  std::iota(order.begin(), order.end(), 0U);
  std::uint64_t shuffle_state = options.seed;
  double step = 0;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    shuffle_in_place(order, shuffle_state);
    for (std::uint32_t index : order) {
      trainer.step(data[index], options.crf_rate / (1.0 + step / static_cast<double>(data.size())));
      ++step;
    }
    if (report) report(epoch, trainer.weights());
  }
  return trainer.weights();
}

}  // namespace news::ner
