#include "entities/sequence_model.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "text/stable_hash.h"
#include "entities/ner_features.h"

namespace news {

static_assert(std::endian::native == std::endian::little, "the model file is little-endian and read as is");

namespace {

constexpr char kMagic[8] = {'N', 'E', 'W', 'S', 'N', 'E', 'R', '\x1a'};
constexpr std::uint32_t kFormatVersion = 1;
constexpr std::uint32_t kMinBits = 8;
constexpr std::uint32_t kMaxBits = 24;

// The fixed-size start of the file; the weight table follows it.
struct Header {
  char magic[8];
  std::uint32_t format_version;
  std::uint32_t feature_version;
  std::uint32_t labels;
  std::uint32_t bucket_bits;
  float scale;
  float transitions[(kBioLabels + 1) * kLabelStride];
  std::uint32_t reserved;
  std::uint64_t weights_hash;  // stable_hash of the weight bytes
};
static_assert(sizeof(Header) == 296);

constexpr std::string_view kLabelNames[kBioLabels] = {"O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"};

std::size_t weight_bytes(std::uint32_t bits) { return (std::size_t{1} << bits) * kLabelStride * sizeof(std::int16_t); }

[[noreturn]] void refuse(std::string_view origin, const std::string& why) {
  throw std::runtime_error(std::string(origin) + ": " + why);
}

}  // namespace

template <class T>
T* HugePageAllocator<T>::allocate(std::size_t n) {
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  const std::size_t bytes = n * sizeof(T);
  const std::size_t alignment = bytes >= kHugePage ? kHugePage : 64;
  const std::size_t rounded = (bytes + alignment - 1) / alignment * alignment;
  void* p = std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
  if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (alignment == kHugePage) madvise(p, rounded, MADV_HUGEPAGE);  // advice only: refused is fine
#endif
  return static_cast<T*>(p);
}

template struct HugePageAllocator<std::int16_t>;

std::string_view label_name(BioLabel label) { return label < kBioLabels ? kLabelNames[label] : "?"; }

std::optional<BioLabel> label_from_name(std::string_view name) {
  for (BioLabel label = 0; label < kBioLabels; ++label) {
    if (kLabelNames[label] == name) return label;
  }
  return std::nullopt;
}

void best_labels(const float* emissions, std::size_t n, const Transitions& model_transitions, BioLabel* labels,
                 float* margins) {
  if (n == 0) return;
  constexpr float kImpossible = -std::numeric_limits<float>::infinity();
  // A disallowed step costs -inf: it can never be the best (every comparison
  // below is strict or a max), so the loops need no test for it.
  Transitions transitions = model_transitions;
  for (BioLabel p = 0; p <= kSentenceStart; ++p) {
    for (BioLabel y = 0; y < kBioLabels; ++y) {
      if (!allowed_transition(p, y)) transitions[p * kLabelStride + y] = kImpossible;
    }
  }
  // forward[t][y]: best score of tokens 0..t ending in y; back[t][y]: its
  // previous label. Per-thread buffers: allocating them per sentence cost a
  // tenth of the labeller's time.
  thread_local std::vector<float> forward, backward;
  thread_local std::vector<BioLabel> back;
  forward.assign(n * kLabelStride, kImpossible);
  back.assign(n * kLabelStride, kOutside);
  for (BioLabel y = 0; y < kBioLabels; ++y) forward[y] = transitions[kSentenceStart * kLabelStride + y] + emissions[y];
  for (std::size_t t = 1; t < n; ++t) {
    const float* previous = &forward[(t - 1) * kLabelStride];
    for (BioLabel y = 0; y < kBioLabels; ++y) {
      float best = kImpossible;
      BioLabel from = kOutside;
      for (BioLabel p = 0; p < kBioLabels; ++p) {
        const float score = previous[p] + transitions[p * kLabelStride + y];
        if (score > best) {
          best = score;
          from = p;
        }
      }
      forward[t * kLabelStride + y] = best + emissions[t * kLabelStride + y];
      back[t * kLabelStride + y] = from;
    }
  }
  const float* last = &forward[(n - 1) * kLabelStride];
  BioLabel y = static_cast<BioLabel>(std::max_element(last, last + kBioLabels) - last);
  const float best_score = last[y];
  for (std::size_t t = n; t-- > 0;) {
    labels[t] = y;
    y = back[t * kLabelStride + y];
  }
  if (!margins) return;
  // backward[t][y]: best score of tokens t+1.. given label y at t. The best
  // labelling through (t, O) scores forward[t][O] + backward[t][O].
  backward.assign(n * kLabelStride, 0.0F);
  for (std::size_t t = n - 1; t-- > 0;) {
    for (BioLabel p = 0; p < kBioLabels; ++p) {
      float best = kImpossible;
      for (BioLabel next = 0; next < kBioLabels; ++next) {
        best = std::max(best, transitions[p * kLabelStride + next] + emissions[(t + 1) * kLabelStride + next] +
                                  backward[(t + 1) * kLabelStride + next]);
      }
      backward[t * kLabelStride + p] = best;
    }
  }
  for (std::size_t t = 0; t < n; ++t) {
    if (labels[t] != kOutside) {
      margins[t] = best_score - (forward[t * kLabelStride + kOutside] + backward[t * kLabelStride + kOutside]);
      continue;
    }
    float best_named = kImpossible;  // the best labelling that puts a name on token t
    for (BioLabel y = 0; y < kBioLabels; ++y) {
      if (y != kOutside) best_named = std::max(best_named, forward[t * kLabelStride + y] + backward[t * kLabelStride + y]);
    }
    margins[t] = best_score - best_named;
  }
}

SequenceModel::SequenceModel(std::uint32_t bucket_bits, const std::vector<float>& weights,
                             const Transitions& transitions)
    : bucket_bits_(bucket_bits), transitions_(transitions) {
  if (bucket_bits < kMinBits || bucket_bits > kMaxBits || weights.size() != (std::size_t{1} << bucket_bits) * kLabelStride) {
    throw std::invalid_argument("SequenceModel: weight table does not have 2^bits rows");
  }
  float largest = 0;
  for (float w : weights) largest = std::max(largest, std::fabs(w));
  scale_ = largest > 0 ? largest / 32767.0F : 1.0F;
  weights_.resize(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i) {
    weights_[i] = static_cast<std::int16_t>(std::lround(weights[i] / scale_));
  }
}

SequenceModel SequenceModel::from_bytes(std::string_view bytes, std::string_view origin) {
  Header header{};
  if (bytes.size() < sizeof header || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    if (bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0) {
      refuse(origin, "truncated entity model (" + std::to_string(bytes.size()) + " bytes, header alone is " +
                         std::to_string(sizeof header) + ")");
    }
    refuse(origin, "not a newssearch entity model (bad magic number)");
  }
  std::memcpy(&header, bytes.data(), sizeof header);
  if (header.format_version != kFormatVersion) {
    refuse(origin, "entity model format version " + std::to_string(header.format_version) + ", this program reads " +
                       std::to_string(kFormatVersion));
  }
  if (header.feature_version != kNerFeatureVersion) {
    refuse(origin, "entity model built for features version " + std::to_string(header.feature_version) +
                       ", this program computes version " + std::to_string(kNerFeatureVersion) +
                       " (retrain with tools/train-ner.sh)");
  }
  if (header.labels != kBioLabels || header.bucket_bits < kMinBits || header.bucket_bits > kMaxBits) {
    refuse(origin, "entity model header is corrupt (labels " + std::to_string(header.labels) + ", table bits " +
                       std::to_string(header.bucket_bits) + ")");
  }
  const std::size_t expected = sizeof header + weight_bytes(header.bucket_bits);
  if (bytes.size() != expected) {
    refuse(origin, (bytes.size() < expected ? "truncated entity model (" : "entity model has trailing bytes (") +
                       std::to_string(bytes.size()) + " bytes, expected " + std::to_string(expected) + ")");
  }
  const std::string_view table = bytes.substr(sizeof header);
  if (stable_hash(table) != header.weights_hash) refuse(origin, "entity model is corrupt (weight checksum mismatch)");
  SequenceModel model;
  model.bucket_bits_ = header.bucket_bits;
  model.scale_ = header.scale;
  std::copy(std::begin(header.transitions), std::end(header.transitions), model.transitions_.begin());
  model.weights_.resize(table.size() / sizeof(std::int16_t));
  std::memcpy(model.weights_.data(), table.data(), table.size());
  return model;
}

SequenceModel SequenceModel::load(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) refuse(path, std::string("cannot open entity model: ") + std::strerror(errno));
  std::string bytes;
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {
    const long size = std::ftell(file.get());
    if (size > 0) bytes.resize(static_cast<std::size_t>(size));
    std::rewind(file.get());
  }
  if (!bytes.empty() && std::fread(bytes.data(), 1, bytes.size(), file.get()) != bytes.size()) {
    refuse(path, "cannot read entity model");
  }
  return from_bytes(bytes, path);
}

std::string SequenceModel::to_bytes() const {
  Header header{};
  std::memcpy(header.magic, kMagic, sizeof kMagic);
  header.format_version = kFormatVersion;
  header.feature_version = kNerFeatureVersion;
  header.labels = kBioLabels;
  header.bucket_bits = bucket_bits_;
  header.scale = scale_;
  std::copy(transitions_.begin(), transitions_.end(), std::begin(header.transitions));
  const std::string_view table(reinterpret_cast<const char*>(weights_.data()), weights_.size() * sizeof(std::int16_t));
  header.weights_hash = stable_hash(table);
  std::string bytes(reinterpret_cast<const char*>(&header), sizeof header);
  bytes.append(table);
  return bytes;
}

void SequenceModel::emissions(const std::uint64_t* features, std::size_t count, float* scores) const {
  const std::uint32_t offsets[2] = {0, static_cast<std::uint32_t>(count)};
  emissions(features, offsets, 1, nullptr, scores);
}

void SequenceModel::add_weights(const std::uint64_t* features, std::size_t count, std::int32_t* sums) const {
  for (std::size_t f = 0; f < count; ++f) {
    const std::int16_t* row = &weights_[std::size_t{bucket(features[f])} * kLabelStride];
    for (std::uint32_t k = 0; k < kLabelStride; ++k) sums[k] += row[k];
  }
}

void SequenceModel::emissions(const std::uint64_t* features, const std::uint32_t* offsets, std::size_t tokens,
                              const std::int32_t* partial, float* scores) const {
  // The rows are scattered over the table (4 MB, more than the caches):
  // asking for a row some features ahead overlaps the misses.
  constexpr std::size_t kAhead = 16;
  const std::uint32_t last = offsets[tokens];
  for (std::size_t t = 0; t < tokens; ++t) {
    std::int32_t sums[kLabelStride] = {};
    if (partial) std::copy(partial + t * kLabelStride, partial + (t + 1) * kLabelStride, sums);
    for (std::uint32_t f = offsets[t]; f < offsets[t + 1]; ++f) {
      if (f + kAhead < last) __builtin_prefetch(&weights_[std::size_t{bucket(features[f + kAhead])} * kLabelStride]);
      const std::int16_t* row = &weights_[std::size_t{bucket(features[f])} * kLabelStride];
      for (std::uint32_t k = 0; k < kLabelStride; ++k) sums[k] += row[k];
    }
    for (std::uint32_t k = 0; k < kLabelStride; ++k) scores[t * kLabelStride + k] = static_cast<float>(sums[k]) * scale_;
  }
}

float SequenceModel::weight(std::uint32_t bucket, BioLabel label) const {
  return static_cast<float>(weights_[std::size_t{bucket} * kLabelStride + label]) * scale_;
}

}  // namespace news
