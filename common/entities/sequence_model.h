// A linear-chain model over BIO entity labels: a hashed table of per-label
// feature weights, label-to-label transition weights, and Viterbi decoding
// that allows only well-formed BIO (an I-X follows a B-X or an I-X). The
// learners in tools/ner produce one; sequence_labeller.h runs it. On disk it
// is a small header and a table of 16-bit weights, read in one go.
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "entities/entity_type.h"

namespace news {

// O, then B and I of each entity type in kEntityTypes order:
// O B-PER I-PER B-LOC I-LOC B-ORG I-ORG.
using BioLabel = std::uint8_t;
inline constexpr std::uint32_t kBioLabels = 7;
inline constexpr std::uint32_t kLabelStride = 8;  // weights per feature, padded to 16 bytes
inline constexpr BioLabel kOutside = 0;
inline constexpr BioLabel kSentenceStart = kBioLabels;  // the "previous label" of a first token

constexpr BioLabel begin_label(EntityType type) { return static_cast<BioLabel>(1 + 2 * static_cast<int>(type)); }
constexpr BioLabel inside_label(EntityType type) { return static_cast<BioLabel>(2 + 2 * static_cast<int>(type)); }
constexpr bool is_begin(BioLabel label) { return label != kOutside && label % 2 == 1; }
constexpr bool is_inside(BioLabel label) { return label != kOutside && label % 2 == 0; }
constexpr EntityType label_type(BioLabel label) { return static_cast<EntityType>((label - 1) / 2); }
// Whether `next` may follow `previous` (kSentenceStart for a first token).
constexpr bool allowed_transition(BioLabel previous, BioLabel next) {
  if (!is_inside(next)) return true;
  return previous != kSentenceStart && previous != kOutside && label_type(previous) == label_type(next);
}
// "O", "B-PER", "I-LOC" (CoNLL's names); label_from_name is their inverse.
std::string_view label_name(BioLabel label);
std::optional<BioLabel> label_from_name(std::string_view name);

// transitions[previous * kLabelStride + next]; previous runs to kSentenceStart.
using Transitions = std::array<float, (kBioLabels + 1) * kLabelStride>;

// The best allowed labelling of n tokens, given each token's label scores
// (emissions[t * kLabelStride + label]). When `margins` is given, margins[t]
// is how much lower the best labelling that puts O on token t scores, or for
// a token labelled O, the best that puts a name on it: small means unsure.
void best_labels(const float* emissions, std::size_t n, const Transitions& transitions, BioLabel* labels,
                 float* margins = nullptr);

// Where the bucket of a feature lives for a table of 2^bits rows; the same
// fold the model uses, for learners that keep float tables.
constexpr std::uint32_t feature_bucket(std::uint64_t feature, std::uint32_t bits) {
  return static_cast<std::uint32_t>(feature >> (64 - bits));
}

// Allocates a weight table on 2 MB boundaries and asks Linux for huge pages
// there: lookups land all over the table, and with 4 KB pages each one was
// also a TLB miss. Elsewhere (or when refused) it is ordinary memory.
template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(std::size_t n);
  void deallocate(T* p, std::size_t) { std::free(p); }
  bool operator==(const HugePageAllocator&) const { return true; }
};

class SequenceModel {
 public:
  // From a learner's float weights: 2^bucket_bits rows of kLabelStride.
  SequenceModel(std::uint32_t bucket_bits, const std::vector<float>& weights, const Transitions& transitions);

  // The model in `path`; throws std::runtime_error with one line naming the
  // file when it is missing, not a model, of another version, or truncated.
  static SequenceModel load(const std::string& path);
  static SequenceModel from_bytes(std::string_view bytes, std::string_view origin);
  std::string to_bytes() const;

  std::uint32_t bucket_bits() const { return bucket_bits_; }
  std::uint32_t bucket(std::uint64_t feature) const { return feature_bucket(feature, bucket_bits_); }
  const Transitions& transitions() const { return transitions_; }
  // scores[0..kLabelStride) = the summed label weights of `count` features.
  void emissions(const std::uint64_t* features, std::size_t count, float* scores) const;
  // The same for `tokens` tokens at once: token t's features are
  // features[offsets[t]..offsets[t + 1]), its scores scores[t * kLabelStride..].
  // `partial`, if given, holds sums (add_weights) of more features of each
  // token, kLabelStride per token; the result is as if they were listed too.
  void emissions(const std::uint64_t* features, const std::uint32_t* offsets, std::size_t tokens,
                 const std::int32_t* partial, float* scores) const;
  // Adds the stored weights of `count` features to sums[0..kLabelStride):
  // what emissions() sums before scaling, exactly (integers).
  void add_weights(const std::uint64_t* features, std::size_t count, std::int32_t* sums) const;
  // The stored (quantised) weight of one bucket and label, for tests and dumps.
  float weight(std::uint32_t bucket, BioLabel label) const;

 private:
  SequenceModel() = default;
  std::uint32_t bucket_bits_ = 0;
  float scale_ = 1;  // weight = stored int16 * scale_
  Transitions transitions_{};
  std::vector<std::int16_t, HugePageAllocator<std::int16_t>> weights_;
};

}  // namespace news
