// The learners tried for the entity model, all producing the same linear
// chain (LinearWeights -> SequenceModel), so the labeller does not care which
// one trained it: the averaged structured perceptron (Collins 2002) and a
// linear-chain CRF fitted by stochastic gradient descent.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "ner/training_set.h"

namespace news::ner {

struct LearnerOptions {
  std::uint32_t bits = 20;     // feature table of 2^bits rows
  int epochs = 10;
  std::uint64_t seed = 1;      // the shuffle of every epoch
  double crf_rate = 0.1;       // CRF: initial learning rate
};

// Called after each epoch with the weights a model would ship (the average,
// for the perceptron).
using EpochReport = std::function<void(int epoch, const LinearWeights& weights)>;

LinearWeights train_perceptron(const std::vector<TrainingSequence>& data, const LearnerOptions& options,
                               const EpochReport& report);
LinearWeights train_crf(const std::vector<TrainingSequence>& data, const LearnerOptions& options,
                        const EpochReport& report);

}  // namespace news::ner
