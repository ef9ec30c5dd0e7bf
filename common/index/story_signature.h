// What makes two articles the same story: a MinHash signature of the set of
// 5-word shingles of the body (title and page furniture left out), from which
// the Jaccard similarity of two bodies is estimated without keeping either.
// Computed from the analyser's tokens on the worker threads; stored in the
// document (schema.h, kSignatureSlot) so that every later run can compare.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyser.h"

namespace news {

// Words per shingle. Shingles never cross a paragraph break, so reordered
// paragraphs keep every shingle; a paragraph shorter than this is one shingle.
inline constexpr std::size_t kShingleWords = 5;
// Signature length: one-permutation MinHash (one hash per shingle, the
// smallest in each of 128 bins, empty bins filled by "optimal densification",
// Shrivastava 2017), each kept as its low 16 bits (b-bit MinHash, Li and
// König 2010). The share of equal values estimates the Jaccard similarity
// with a standard error of about 0.035 at 0.8.
inline constexpr std::size_t kSignatureValues = 128;
// Two articles are near-duplicates when their estimated Jaccard similarity is
// at least this (docs/analyst.md).
inline constexpr double kNearDuplicateJaccard = 0.8;
// Locality-sensitive hashing: the signature cut into bands of this many
// values; articles sharing a band are candidates, checked on the whole
// signature. 32 bands of 4 find a pair at 0.8 with probability 1 - 1e-7, at
// 0.6 with 0.99, and make a candidate of a pair at 0.2 only 5% of the time.
inline constexpr std::size_t kBandValues = 4;
inline constexpr std::size_t kBands = kSignatureValues / kBandValues;

struct StorySignature {
  std::array<std::uint16_t, kSignatureValues> values{};

  bool operator==(const StorySignature&) const = default;
  // Each band's values hashed to one key (with the band number, so equal
  // values in different bands do not meet).
  std::array<std::uint64_t, kBands> band_keys() const;
};

// The signature of the body tokens tokens[first_body_token...]; nullopt for a
// body without a word.
std::optional<StorySignature> story_signature(const std::vector<Token>& tokens, std::size_t first_body_token);

// The share of positions where the two signatures agree: the Jaccard estimate.
double estimated_jaccard(const StorySignature& a, const StorySignature& b);
bool near_duplicates(const StorySignature& a, const StorySignature& b);

// As stored: 2 bytes per value, little-endian. Decoding gives nullopt for a
// value of another length (none stored, or another schema's).
std::string encode(const StorySignature& signature);
std::optional<StorySignature> decode_story_signature(std::string_view bytes);

}  // namespace news
