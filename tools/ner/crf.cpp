// A linear-chain CRF fitted by stochastic gradient descent on the
// log-likelihood, one sentence at a time (Bottou's recipe): learning rate
// rate / (1 + epochs done so far), the L2 penalty applied as one shrinking
// scale factor so a step only touches the features of its sentence.
// Marginals come from forward-backward over the allowed BIO transitions.
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
  CrfTrainer(std::uint32_t bits, double l2) : values_(bits), l2_(l2) {}

  void step(const TrainingSequence& sequence, double rate) {
    scale_ *= 1.0 - rate * l2_;
    if (scale_ < 1e-6) rescale();
    const std::size_t n = sequence.gold.size();
    values_.emissions(sequence, emissions_);
    for (float& e : emissions_) e = static_cast<float>(e * scale_);
    forward_backward(n);
    const double gain = rate / scale_;
    for (std::size_t t = 0; t < n; ++t) {
      double gradient[kLabelStride] = {};
      for (BioLabel y = 0; y < kBioLabels; ++y) gradient[y] = -marginal(t, y);
      gradient[sequence.gold[t]] += 1.0;
      for (std::uint32_t f = sequence.offsets[t]; f < sequence.offsets[t + 1]; ++f) {
        float* row = &values_.weights[std::size_t{sequence.buckets[f]} * kLabelStride];
        for (BioLabel y = 0; y < kBioLabels; ++y) row[y] += static_cast<float>(gain * gradient[y]);
      }
      const BioLabel gold_previous = t == 0 ? kSentenceStart : sequence.gold[t - 1];
      transitions_[gold_previous * kLabelStride + sequence.gold[t]] += rate;
      for (BioLabel p = 0; p < (t == 0 ? 1 : kBioLabels); ++p) {
        const BioLabel previous = t == 0 ? kSentenceStart : p;
        for (BioLabel y = 0; y < kBioLabels; ++y) {
          if (!allowed_transition(previous, y)) continue;
          transitions_[previous * kLabelStride + y] -= rate * pair_marginal(t, previous, y);
        }
      }
    }
    for (std::size_t i = 0; i < transitions_.size(); ++i) values_.transitions[i] = static_cast<float>(transitions_[i]);
  }

  LinearWeights weights() const {
    LinearWeights out = values_;
    for (float& w : out.weights) w = static_cast<float>(w * scale_);
    return out;
  }

 private:
  double transition(BioLabel previous, BioLabel next) const {
    return allowed_transition(previous, next) ? transitions_[previous * kLabelStride + next] : kImpossible;
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

  void rescale() {
    for (float& w : values_.weights) w = static_cast<float>(w * scale_);
    scale_ = 1.0;
  }

  LinearWeights values_;  // weights = scale_ * values_.weights
  double scale_ = 1.0;
  double l2_;
  std::array<double, std::tuple_size_v<Transitions>> transitions_{};
  std::vector<float> emissions_;
  std::vector<double> alpha_, beta_;
  double log_z_ = 0;
};

}  // namespace

LinearWeights train_crf(const std::vector<TrainingSequence>& data, const LearnerOptions& options,
                        const EpochReport& report) {
  CrfTrainer trainer(options.bits, options.crf_l2);
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
