#include "ner/span_scores.h"

#include <algorithm>
#include <tuple>

namespace news::ner {

namespace {

std::string family_name(const std::string& key) {
  const std::size_t space = key.rfind(' ');
  return space == std::string::npos ? key : key.substr(space + 1);
}

// Distinct names of one type; `found` counts the gold names some prediction
// matches, `correct` the predicted names matching some gold name.
Counts compare_names(const std::set<std::string>& gold, const std::set<std::string>& predicted, bool by_family) {
  Counts counts;
  counts.gold = gold.size();
  counts.predicted = predicted.size();
  auto matches = [by_family](const std::string& a, const std::string& b) {
    return by_family ? family_name(a) == family_name(b) : a == b;
  };
  for (const std::string& g : gold) {
    counts.found += std::any_of(predicted.begin(), predicted.end(), [&](const std::string& p) { return matches(g, p); });
  }
  for (const std::string& p : predicted) {
    counts.correct += std::any_of(gold.begin(), gold.end(), [&](const std::string& g) { return matches(g, p); });
  }
  return counts;
}

}  // namespace

Counts& Counts::operator+=(const Counts& other) {
  correct += other.correct;
  predicted += other.predicted;
  found += other.found;
  gold += other.gold;
  return *this;
}

Counts Scores::exact_overall() const {
  Counts all;
  for (const Counts& c : exact) all += c;
  return all;
}

Counts Scores::lenient_overall() const {
  Counts all;
  for (const Counts& c : lenient) all += c;
  return all;
}

Scores& Scores::operator+=(const Scores& other) {
  for (std::size_t t = 0; t < exact.size(); ++t) {
    exact[t] += other.exact[t];
    lenient[t] += other.lenient[t];
  }
  return *this;
}

std::string span_key(const std::vector<Token>& tokens, std::uint32_t first, std::uint32_t end) {
  std::string key;
  for (std::uint32_t i = first; i < end; ++i) {
    if (!key.empty()) key.push_back(' ');
    key += tokens[i].term;
  }
  return key;
}

Scores score_document(const AnalysedDocument& document, const std::vector<PredictedSpan>& predicted) {
  Scores scores;
  using Key = std::tuple<std::uint32_t, std::uint32_t, int>;
  std::set<Key> gold_spans;
  std::array<std::set<std::string>, 3> gold_names, predicted_names;
  for (const GoldSpan& g : document.gold) {
    const auto type = static_cast<std::size_t>(g.type);
    ++scores.exact[type].gold;
    if (g.lost()) {
      // Still a name the document mentions: compare it by its normalised text.
      const std::string text = document.text.substr(g.bytes.begin, g.bytes.size());
      gold_names[type].insert(Analyser::normalise(text));
      continue;
    }
    gold_spans.insert({g.first_token, g.end_token, static_cast<int>(type)});
    gold_names[type].insert(span_key(document.tokens, g.first_token, g.end_token));
  }
  for (const PredictedSpan& p : predicted) {
    const auto type = static_cast<std::size_t>(p.type);
    ++scores.exact[type].predicted;
    if (gold_spans.contains({p.first_token, p.end_token, static_cast<int>(type)})) {
      ++scores.exact[type].correct;
      ++scores.exact[type].found;
    }
    predicted_names[type].insert(span_key(document.tokens, p.first_token, p.end_token));
  }
  for (EntityType type : kEntityTypes) {
    const auto t = static_cast<std::size_t>(type);
    scores.lenient[t] = compare_names(gold_names[t], predicted_names[t], type == EntityType::person);
  }
  return scores;
}

}  // namespace news::ner
