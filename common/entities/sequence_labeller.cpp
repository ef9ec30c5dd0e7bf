#include "entities/sequence_labeller.h"

#include <algorithm>
#include <atomic>

#include "text/stable_hash.h"
#include "entities/entities.h"

namespace news {

namespace {

bool starts_sentence(const std::vector<Token>& tokens, std::size_t i) {
  return i == 0 || tokens[i].sentence_start || tokens[i].paragraph_start;
}

// Whether a sentence may hold a name: a word starting with a capital (or a
// letter outside ASCII) other than an everyday word opening it ("He said
// the deal was off." is all O). The model is not run on the others: half of
// labelling is scoring and decoding, and news has many such sentences.
bool may_hold_name(std::string_view text, const std::vector<Token>& tokens, std::uint32_t begin, std::uint32_t end,
                   const TermSet& common_words) {
  for (std::uint32_t i = begin; i < end; ++i) {
    const Token& t = tokens[i];
    if (t.is_number || t.end <= t.begin) continue;
    const auto lead = static_cast<unsigned char>(text[t.begin]);
    if (!((lead >= 'A' && lead <= 'Z') || lead >= 0x80)) continue;
    if (i == begin && common_words.contains(t.term)) continue;
    return true;
  }
  return false;
}

// How many words either side of a capital the rules left unexplained the
// model reads (its features still see the whole sentence). Whole sentences
// scored half of all tokens; two words cost at most 0.002 of F on the dev sets
// and cut entity recognition's share of indexing from 26% to 22%
// (docs/entities.md, "Speed").
constexpr std::uint32_t kWindowAroundUnexplained = 2;

// The stretches of sentence [begin, end) within kWindowAroundUnexplained
// tokens of an unexplained one, joined where they touch.
void add_windows(const std::vector<bool>& unexplained, std::uint32_t begin, std::uint32_t end,
                 std::vector<std::pair<std::uint32_t, std::uint32_t>>& windows) {
  bool open = false;
  std::uint32_t from = 0, to = 0;
  for (std::uint32_t i = begin; i < end; ++i) {
    if (!unexplained[i]) continue;
    const std::uint32_t lo = i - std::min(i - begin, kWindowAroundUnexplained);
    const std::uint32_t hi = std::min(end, i + kWindowAroundUnexplained + 1);
    if (open && lo <= to) {
      to = std::max(to, hi);
      continue;
    }
    if (open) windows.emplace_back(from, to);
    open = true, from = lo, to = hi;
  }
  if (open) windows.emplace_back(from, to);
}

std::atomic<std::uint64_t> next_labeller_id{1};

template <class Buffer>
void release(Buffer& buffer) {
  Buffer().swap(buffer);
}

// Per thread, the summed weights of the features that depend on a term alone
// (NerFeatureExtractor::term_features: bias, term, affixes), for the terms
// seen lately: a term met again costs one lookup instead of five hashes and
// seven rows of the weight table. Keyed by the term's 64-bit stable_hash,
// which the term feature itself is made of; direct-mapped, so a newer term
// takes an older one's slot. Labels are the same with or without it
// (integer sums).
class TermWeights {
 public:
  const std::int32_t* of(std::uint64_t owner, std::string_view term, std::uint64_t term_hash,
                         const NerFeatureExtractor& extractor, const SequenceModel& model) {
    if (owner != owner_) {  // filled for another labeller's model
      std::fill(filled_.begin(), filled_.end(), false);
      owner_ = owner;
    }
    const std::size_t k = term_hash & (kEntries - 1);
    Sums& sums = sums_[k];
    if (!filled_[k] || terms_[k] != term_hash) {
      features_.clear();
      extractor.term_features(term, features_);
      std::fill(std::begin(sums.of), std::end(sums.of), 0);
      model.add_weights(features_.data(), features_.size(), sums.of);
      terms_[k] = term_hash;
      filled_[k] = true;
    }
    return sums.of;
  }

 private:
  // 8,192 terms in 330 KB: the common words, leaving the caches to the weight
  // table. Sums one cache line each, the keys apart.
  static constexpr std::size_t kEntries = std::size_t{1} << 13;
  struct alignas(32) Sums {
    std::int32_t of[kLabelStride];
  };
  std::uint64_t owner_ = 0;
  std::vector<std::uint64_t> terms_ = std::vector<std::uint64_t>(kEntries);
  std::vector<bool> filled_ = std::vector<bool>(kEntries, false);
  std::vector<Sums> sums_ = std::vector<Sums>(kEntries);
  std::vector<std::uint64_t> features_;
};

}  // namespace

SequenceLabeller::SequenceLabeller(SequenceModel model, const EntityLexicon& lexicon)
    : model_(std::move(model)), features_(lexicon), lexicon_(lexicon), id_(next_labeller_id++) {}

std::unique_ptr<SequenceLabeller> SequenceLabeller::load(const std::string& model_path, const EntityLexicon& lexicon) {
  return std::make_unique<SequenceLabeller>(SequenceModel::load(model_path), lexicon);
}

const SequenceLabeller& SequenceLabeller::standard() {
  // The recogniser loads the model with its lexicon: one copy of each.
  return *EntityRecognizer::standard().labeller();
}

std::vector<BioLabel> SequenceLabeller::token_labels(std::string_view text, const std::vector<Token>& tokens,
                                                     std::vector<float>* margins,
                                                     const std::vector<bool>* unexplained,
                                                     const TokenTerms* terms) const {
  const auto n = static_cast<std::uint32_t>(tokens.size());
  std::vector<BioLabel> labels(n, kOutside);
  if (margins) margins->assign(n, 0.0F);
  if (n == 0) return labels;
  // Sentences that may hold a name; the others stay O, unscored.
  // Per-thread buffers, reused: an article's worth of fresh memory per call
  // cost page faults (the feature list alone is ~40 ids a token).
  thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> sentences;
  thread_local std::vector<bool> needed;
  sentences.clear();
  needed.assign(n, false);
  for (std::uint32_t begin = 0; begin < n;) {
    std::uint32_t end = begin + 1;
    while (end < n && !starts_sentence(tokens, end)) ++end;
    if (!unexplained) {
      if (may_hold_name(text, tokens, begin, end, lexicon_.common_words)) sentences.emplace_back(begin, end);
    } else {
      if (may_hold_name(text, tokens, begin, end, lexicon_.common_words)) add_windows(*unexplained, begin, end, sentences);
    }
    begin = end;
  }
  if (sentences.empty()) return labels;
  for (const auto& [begin, end] : sentences) std::fill(needed.begin() + begin, needed.begin() + end, true);
  thread_local std::vector<std::uint64_t> features, own_hashes;
  thread_local std::vector<std::uint32_t> offsets, own_flags;
  if (!terms) {
    own_hashes.resize(n);
    own_flags.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      own_hashes[i] = stable_hash(tokens[i].term);
      own_flags[i] = lexicon_.word_flags.of(own_hashes[i]);
    }
  }
  const TokenTerms given = terms ? *terms : TokenTerms{own_hashes, own_flags};
  const std::vector<std::uint64_t>& term_hashes = given.hashes;
  features.clear();
  features.reserve(std::size_t{n} * 40);
  offsets.reserve(n + 1);
  features_.features(text, tokens, 0, n, features, offsets, &needed, &given);
  thread_local TermWeights term_weights;
  thread_local std::vector<std::int32_t> partial;
  thread_local std::vector<float> emissions;
  partial.assign(std::size_t{n} * kLabelStride, 0);
  emissions.assign(std::size_t{n} * kLabelStride, 0.0F);
  for (const auto& [begin, end] : sentences) {
    for (std::uint32_t i = begin; i < end; ++i) {
      const std::int32_t* sums = term_weights.of(id_, tokens[i].term, term_hashes[i], features_, model_);
      std::copy(sums, sums + kLabelStride, &partial[std::size_t{i} * kLabelStride]);
    }
    model_.emissions(features.data(), &offsets[begin], end - begin, &partial[std::size_t{begin} * kLabelStride],
                     &emissions[std::size_t{begin} * kLabelStride]);
    best_labels(&emissions[std::size_t{begin} * kLabelStride], end - begin, model_.transitions(), &labels[begin],
                margins ? margins->data() + begin : nullptr);
  }
  if (n > kKeepScratchTokens) {  // an unusually long text: its buffers are not kept per thread
    release(features), release(own_hashes), release(own_flags), release(offsets), release(partial), release(emissions);
  }
  return labels;
}

std::vector<LabelledSpan> SequenceLabeller::label(std::string_view text, const std::vector<Token>& tokens) const {
  std::vector<float> margins;
  const std::vector<BioLabel> labels = token_labels(text, tokens, &margins);
  return spans_of_labels(labels, &margins);
}

std::vector<LabelledSpan> spans_of_labels(const std::vector<BioLabel>& labels, const std::vector<float>* margins) {
  std::vector<LabelledSpan> spans;
  const auto n = static_cast<std::uint32_t>(labels.size());
  for (std::uint32_t i = 0; i < n;) {
    if (labels[i] == kOutside) {
      ++i;
      continue;
    }
    // An I-X without its B-X (a learner without BIO constraints) starts a span too.
    const EntityType type = label_type(labels[i]);
    std::uint32_t end = i + 1;
    while (end < n && labels[end] == inside_label(type)) ++end;
    float margin = margins ? (*margins)[i] : 0.0F;
    for (std::uint32_t k = i; margins && k < end; ++k) margin = std::min(margin, (*margins)[k]);
    spans.push_back({i, end, type, margin});
    i = end;
  }
  return spans;
}

}  // namespace news
