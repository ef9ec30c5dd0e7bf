// How well predicted entity spans match the gold ones, two ways:
// exact spans (same tokens, same type), and the lenient document-level score
// the product is judged by: per document, the set of distinct names per type,
// a person counting as found when the family name (last word) matches.
#pragma once

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "entities/entity_type.h"
#include "ner/conll.h"

namespace news::ner {

struct PredictedSpan {
  std::uint32_t first_token = 0;
  std::uint32_t end_token = 0;
  EntityType type = EntityType::person;
};

struct Counts {
  std::uint64_t correct = 0;    // predictions that are right
  std::uint64_t predicted = 0;
  std::uint64_t found = 0;      // gold items found (== correct for exact spans)
  std::uint64_t gold = 0;
  double precision() const { return predicted ? static_cast<double>(correct) / static_cast<double>(predicted) : 0; }
  double recall() const { return gold ? static_cast<double>(found) / static_cast<double>(gold) : 0; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
  Counts& operator+=(const Counts& other);
};

struct Scores {
  std::array<Counts, 3> exact{};    // by EntityType
  std::array<Counts, 3> lenient{};  // by EntityType, document level
  Counts exact_overall() const;
  Counts lenient_overall() const;
  Scores& operator+=(const Scores& other);
};

// Scores one document's predictions; lost gold spans count as misses.
Scores score_document(const AnalysedDocument& document, const std::vector<PredictedSpan>& predicted);

// The name a span is compared by at document level: its tokens' terms joined
// by spaces ("Lord's" -> "lord", "U.S." -> "us").
std::string span_key(const std::vector<Token>& tokens, std::uint32_t first, std::uint32_t end);

}  // namespace news::ner
