// The averaged structured perceptron: decode each sentence with the current
// weights, and where the best labelling differs from the gold one, add the
// gold features and subtract the predicted ones. Averaging the weights over
// every step (the "lazy" form: keep sum of step * update and subtract it at
// the end) is what makes the perceptron generalise.
#include "ner/learners.h"

#include <numeric>

namespace news::ner {


LinearWeights train_perceptron(const std::vector<TrainingSequence>& data, const LearnerOptions& options,
                               const EpochReport& report) {
  AveragedWeights model(options.bits);
  std::vector<std::uint32_t> order(data.size());
  std::iota(order.begin(), order.end(), 0U);
  std::uint64_t shuffle_state = options.seed;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    shuffle_in_place(order, shuffle_state);
    for (std::uint32_t index : order) {
      const TrainingSequence& sequence = data[index];
      const std::vector<BioLabel> predicted = model.current.decode(sequence);
      BioLabel gold_previous = kSentenceStart;
      BioLabel predicted_previous = kSentenceStart;
      for (std::size_t t = 0; t < sequence.gold.size(); ++t) {
        const BioLabel gold = sequence.gold[t];
        const BioLabel guess = predicted[t];
        if (gold != guess) {
          for (std::uint32_t f = sequence.offsets[t]; f < sequence.offsets[t + 1]; ++f) {
            const std::size_t row = std::size_t{sequence.buckets[f]} * kLabelStride;
            model.add(row + gold, 1.0F);
            model.add(row + guess, -1.0F);
          }
        }
        if (gold != guess || gold_previous != predicted_previous) {
          model.add_transition(gold_previous * kLabelStride + gold, 1.0F);
          model.add_transition(predicted_previous * kLabelStride + guess, -1.0F);
        }
        gold_previous = gold;
        predicted_previous = guess;
      }
      model.next_step();
    }
    if (report) report(epoch, model.average());
  }
  return model.average();
}

}  // namespace news::ner
