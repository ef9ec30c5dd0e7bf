#include "index/story_signature.h"

#include <algorithm>
#include <limits>

#include "text/stable_hash.h"

namespace news {

namespace {

// splitmix64's finaliser: every input bit moves every output bit.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The hash of tokens [begin, end): order matters, so "a b" is not "b a".
std::uint64_t shingle_hash(const std::vector<std::uint64_t>& word_hashes, std::size_t begin, std::size_t end) {
  std::uint64_t h = end - begin;
  for (std::size_t i = begin; i < end; ++i) h = (h ^ word_hashes[i]) * 0x9e3779b97f4a7c15ULL;
  return mix(h);
}

constexpr unsigned kBinBits = 7;  // 2^7 = kSignatureValues bins
static_assert(std::size_t{1} << kBinBits == kSignatureValues);
constexpr std::uint64_t kEmpty = std::numeric_limits<std::uint64_t>::max();

// Optimal densification: an empty bin takes the value of the first non-empty
// bin on its own fixed pseudo-random probe sequence, the same for every
// article, so two articles agree there as often as they agree anywhere.
void densify(std::array<std::uint64_t, kSignatureValues>& bins) {
  std::array<std::uint64_t, kSignatureValues> filled = bins;
  for (std::size_t i = 0; i < kSignatureValues; ++i) {
    if (bins[i] != kEmpty) continue;
    for (std::uint64_t attempt = 1;; ++attempt) {
      const std::size_t j = mix((i << 32) | attempt) >> (64 - kBinBits);
      if (bins[j] != kEmpty) {
        filled[i] = bins[j];
        break;
      }
    }
  }
  bins = filled;
}

}  // namespace

std::optional<StorySignature> story_signature(const std::vector<Token>& tokens, std::size_t first_body_token) {
  if (first_body_token >= tokens.size()) return std::nullopt;
  std::vector<std::uint64_t> word_hashes;
  word_hashes.reserve(tokens.size() - first_body_token);
  std::vector<std::size_t> paragraph_starts;
  for (std::size_t t = first_body_token; t < tokens.size(); ++t) {
    if (t == first_body_token || tokens[t].paragraph_start) paragraph_starts.push_back(word_hashes.size());
    word_hashes.push_back(stable_hash(tokens[t].term));
  }
  paragraph_starts.push_back(word_hashes.size());
  std::array<std::uint64_t, kSignatureValues> bins;
  bins.fill(kEmpty);
  auto add = [&bins](std::uint64_t h) {
    const std::size_t bin = h >> (64 - kBinBits);
    const std::uint64_t value = h & ((std::uint64_t{1} << (64 - kBinBits)) - 1);
    bins[bin] = std::min(bins[bin], value);
  };
  for (std::size_t p = 0; p + 1 < paragraph_starts.size(); ++p) {
    const std::size_t begin = paragraph_starts[p], end = paragraph_starts[p + 1];
    if (end - begin <= kShingleWords) {
      add(shingle_hash(word_hashes, begin, end));
      continue;
    }
    for (std::size_t s = begin; s + kShingleWords <= end; ++s) add(shingle_hash(word_hashes, s, s + kShingleWords));
  }
  densify(bins);
  StorySignature signature;
  for (std::size_t i = 0; i < kSignatureValues; ++i) signature.values[i] = static_cast<std::uint16_t>(bins[i]);
  return signature;
}

std::array<std::uint64_t, kBands> StorySignature::band_keys() const {
  std::array<std::uint64_t, kBands> keys;
  for (std::size_t b = 0; b < kBands; ++b) {
    std::uint64_t packed = 0;
    for (std::size_t v = 0; v < kBandValues; ++v) packed = (packed << 16) | values[b * kBandValues + v];
    keys[b] = mix(packed ^ mix(b + 1));
  }
  return keys;
}

double estimated_jaccard(const StorySignature& a, const StorySignature& b) {
  std::size_t equal = 0;
  for (std::size_t i = 0; i < kSignatureValues; ++i) equal += a.values[i] == b.values[i];
  return static_cast<double>(equal) / kSignatureValues;
}

bool near_duplicates(const StorySignature& a, const StorySignature& b) {
  return estimated_jaccard(a, b) >= kNearDuplicateJaccard;
}

std::string encode(const StorySignature& signature) {
  std::string out(2 * kSignatureValues, '\0');
  for (std::size_t i = 0; i < kSignatureValues; ++i) {
    out[2 * i] = static_cast<char>(signature.values[i] & 0xff);
    out[2 * i + 1] = static_cast<char>(signature.values[i] >> 8);
  }
  return out;
}

std::optional<StorySignature> decode_story_signature(std::string_view bytes) {
  if (bytes.size() != 2 * kSignatureValues) return std::nullopt;
  StorySignature signature;
  for (std::size_t i = 0; i < kSignatureValues; ++i) {
    signature.values[i] = static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[2 * i]) |
                                                     static_cast<unsigned char>(bytes[2 * i + 1]) << 8);
  }
  return signature;
}

}  // namespace news
