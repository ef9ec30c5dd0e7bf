#include "entities/model_spans.h"

#include <algorithm>

#include "entities/span_names.h"

namespace news::recognition {

namespace {

bool overlaps(std::uint32_t b1, std::uint32_t e1, std::uint32_t b2, std::uint32_t e2) { return b1 < e2 && b2 < e1; }

// Which of a list of token spans overlap a range: the list sorted by start,
// and a span that starts more than the longest span's length before the range
// cannot reach it. Scanning the whole list for each range made a long article
// quadratic (a 10 MB JSONL line ran for over ten minutes here).
class OverlapLookup {
 public:
  void add(std::uint32_t first, std::uint32_t end, std::size_t index) {
    entries_.push_back({first, end, index});
    longest_ = std::max(longest_, end - first);
  }
  // Ready for lookups; visits go in start order, then in the order added.
  void sort() {
    std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& x, const Entry& y) { return x.first < y.first; });
  }
  template <typename Visit>
  void overlapping(std::uint32_t first, std::uint32_t end, Visit visit) const {
    const std::uint32_t from = first > longest_ ? first - longest_ : 0;
    auto it = std::lower_bound(entries_.begin(), entries_.end(), from,
                               [](const Entry& x, std::uint32_t start) { return x.first < start; });
    for (; it != entries_.end() && it->first < end; ++it) {
      if (overlaps(it->first, it->end, first, end)) visit(it->first, it->end, it->index);
    }
  }
  bool any_overlapping(std::uint32_t first, std::uint32_t end) const {
    bool any = false;
    overlapping(first, end, [&any](std::uint32_t, std::uint32_t, std::size_t) { any = true; });
    return any;
  }

 private:
  struct Entry {
    std::uint32_t first;
    std::uint32_t end;
    std::size_t index;
  };
  std::vector<Entry> entries_;
  std::uint32_t longest_ = 0;
};

OverlapLookup lookup_of_found(const RecognitionState& a) {
  OverlapLookup lookup;
  for (std::size_t f = 0; f < a.found.size(); ++f) lookup.add(a.found[f].first, a.found[f].end, f);
  lookup.sort();
  return lookup;
}

// The name a model span gives its entity: the lexicon's when it knows the
// whole span (a team named after its city keeps the city's spelling: "MIAMI"
// -> Miami), else the words as the rules would write them; a person or place
// seen only in capitals is written as a name ("VAIL" -> Vail).
std::string model_name(const RecognitionState& a, const LabelledSpan& s) {
  if (auto m = a.match_known(s.first_token, s.end_token, true); m && m->end == s.end_token && !m->name->adjective) {
    return a.entity(*m).canonical;
  }
  if (s.type == EntityType::org) return org_name(a, s.first_token, s.end_token);
  bool capitals = true;
  for (std::uint32_t k = s.first_token; k < s.end_token && capitals; ++k) {
    capitals = a.shape[k].upper || a.shape[k].letters == 0 || (a.shape[k].cap && a.shape[k].letters == 1);
  }
  std::string name = span_text(a, s.first_token, s.end_token);
  return capitals ? title_cased(name) : name;
}

// The words of a model span the rules would leave out of the name: titles
// before a person ("Sen. A. M. Aikin Jr." -> "A. M. Aikin Jr."), a leading
// "the", lower-case edges, a person's trailing number ("Frank Owen 3").
// False when nothing is left, or only a title.
bool trim(const RecognitionState& a, LabelledSpan& s) {
  if (s.type == EntityType::person) {
    for (std::uint32_t j = s.end_token - 1; j-- > s.first_token;) {
      if (auto start = a.title_ending_at(j); start && *start <= s.first_token) {
        s.first_token = j + 1;
        break;
      }
    }
    if (a.title_ending_at(s.end_token - 1)) return false;
  }
  auto edge = [&a](std::uint32_t k) { return !a.shape[k].cap && !a.tokens[k].is_number; };
  while (s.first_token < s.end_token && (edge(s.first_token) || a.term(s.first_token) == "the")) ++s.first_token;
  while (s.end_token > s.first_token && edge(s.end_token - 1)) --s.end_token;
  if (s.type == EntityType::person) {
    while (s.end_token > s.first_token && a.tokens[s.end_token - 1].is_number) --s.end_token;
  }
  return s.first_token < s.end_token;
}

// Whether the rules leave such words out on purpose: a nationality adjective
// ("Ukrainian"), one everyday or stoplisted word ("Sterling was firm", "I'm",
// "REUTER"), only head words ("Co Inc"), a street or building ("Fulton
// County Jail"), "trans-Atlantic", words across punctuation ("Texas --
// State"), a one-word person in capitals in prose (an acronym: "SEATO").
bool left_out(const RecognitionState& a, const LabelledSpan& s, const std::vector<LineKind>& lines) {
  const std::uint32_t b = s.first_token;
  const std::uint32_t e = s.end_token;
  if (b > 0 && a.shape[b].hyphen && !a.shape[b - 1].cap) return true;
  for (std::uint32_t k = b + 1; k < e; ++k) {
    const std::string_view gap = a.gap_before(k);
    if (gap.find_first_of(",;:()\"") != std::string_view::npos || gap.find(" -") != std::string_view::npos) return true;
  }
  const auto known = a.match_known(b, e, true);
  const bool whole = known && known->end == e;
  if (whole && known->name->adjective) return true;
  if (e - b == 1 && !known) {
    if (a.is(b, kCommonWord) || a.is(b, kAcronymStop) || a.never_name(b)) return true;
    if (s.type == EntityType::person && a.shape[b].upper && lines[b] == LineKind::prose && !a.shouting) return true;
  }
  bool only_heads = true;
  for (std::uint32_t k = b; k < e && only_heads; ++k) only_heads = a.head_at(k) != nullptr;
  if (only_heads) return true;
  const HeadWord* head = a.head_at(e - 1);
  return head && head->kind == HeadKind::ignore && s.type != EntityType::person && e - b >= 2;
}

// A model span as the rules would write it, or nothing (trim, left_out).
std::optional<LabelledSpan> tidied(const RecognitionState& a, LabelledSpan s, const std::vector<LineKind>& lines) {
  if (!trim(a, s) || left_out(a, s, lines)) return std::nullopt;
  return s;
}

// The rules split names at a possessive or an "and" on purpose ("Japan's
// Foreign Minister", "the State Department and Russia's Foreign Ministry"):
// a model span across one does not replace what they found.
bool may_widen(const RecognitionState& a, const LabelledSpan& s) {
  for (std::uint32_t k = s.first_token; k + 1 < s.end_token; ++k) {
    if (a.shape[k].possessive || (!a.shape[k].cap && (a.term(k) == "and" || a.term(k) == "or"))) return false;
  }
  return true;
}

// Per token, whether the rules read it in a chunk and judged it no name:
// neither typed nor left pending ("Assistant Secretary for East Asian and
// Pacific Affairs", a sentence-start "Like", a building).
std::vector<bool> judged_no_name(const RecognitionState& a) {
  std::vector<bool> judged(a.n, false);
  for (const Span& c : a.chunks) std::fill(judged.begin() + c.first, judged.begin() + c.end, true);
  for (const Span& p : a.pending) std::fill(judged.begin() + p.first, judged.begin() + p.end, false);
  for (const Found& f : a.found) std::fill(judged.begin() + f.first, judged.begin() + f.end, false);
  return judged;
}

// What the rules found over a model span's tokens.
struct Overlap {
  std::vector<std::size_t> inside;  // rule spans within the model's, not equal to it
  std::optional<std::size_t> same;  // a rule span of exactly the model's tokens
  bool crossing = false;            // a rule span reaching outside it, or holding it
};

// `found`: lookup_of_found(a).
Overlap overlap_of(const OverlapLookup& found, const LabelledSpan& s) {
  Overlap o;
  found.overlapping(s.first_token, s.end_token, [&](std::uint32_t first, std::uint32_t end, std::size_t f) {
    if (first == s.first_token && end == s.end_token) {
      o.same = f;
    } else if (first >= s.first_token && end <= s.end_token) {
      o.inside.push_back(f);
    } else {
      o.crossing = true;
    }
  });
  return o;
}

// The model's spans win; rule spans elsewhere stay when sure enough, and on
// ALL-CAPS lines and table rows only when the gazetteer knows them.
void merge_model_first(RecognitionState& a, const std::vector<LabelledSpan>& spans, const ModelThresholds& thresholds) {
  const std::vector<LineKind> lines = line_kinds(a);
  std::vector<Found> kept;
  OverlapLookup taken;
  for (const LabelledSpan& labelled : spans) {
    const std::optional<LabelledSpan> tidy = tidied(a, labelled, lines);
    if (!tidy || tidy->margin < thresholds.add) continue;
    const LabelledSpan& s = *tidy;
    if (a.in_headline(s.first_token) && !a.match_known(s.first_token, s.end_token)) continue;
    kept.push_back({s.type, s.first_token, s.end_token, model_name(a, s), Evidence::weak});
    taken.add(s.first_token, s.end_token, kept.size());
  }
  taken.sort();
  for (Found& f : a.found) {
    const Evidence needed = lines[f.first] != LineKind::prose ? Evidence::known : thresholds.keep_rules;
    if (static_cast<int>(f.evidence) <= static_cast<int>(needed) && !taken.any_overlapping(f.first, f.end)) {
      kept.push_back(std::move(f));
    }
  }
  std::erase_if(kept, [](const Found& f) { return f.name.empty(); });
  a.found = std::move(kept);
}

// On ALL-CAPS lines and table rows the model leads (docs/entities.md: 0.96
// against the rules' 0.56 on made-up tables): the rules keep there only known
// names, on ALL-CAPS lines only those no model span overlaps ("WHO" the
// pronoun), on table rows all of them (a dateline's "TIGNES, France"; a city
// in a results line, which the sports-page rule makes a team).
void yield_caps_and_tables(RecognitionState& a, const std::vector<LabelledSpan>& spans,
                           const ModelThresholds& thresholds, const std::vector<LineKind>& lines) {
  if (std::all_of(lines.begin(), lines.end(), [](LineKind k) { return k == LineKind::prose; })) return;
  OverlapLookup model;
  for (const LabelledSpan& s : spans) {
    if (lines[s.first_token] != LineKind::prose && s.margin >= thresholds.add) model.add(s.first_token, s.end_token, 0);
  }
  model.sort();
  std::erase_if(a.found, [&](const Found& f) {
    const LineKind line = lines[f.first];
    if (line == LineKind::prose) return false;
    return f.evidence != Evidence::known || (line == LineKind::all_caps && model.any_overlapping(f.first, f.end));
  });
}

// The rules' weakest guess, capitals read as an acronym, where the model
// says "no entity" and is sure of it: "GMT", "CAPS", "EST".
void veto_weak_guesses(RecognitionState& a, const std::vector<BioLabel>& labels, const std::vector<float>& margins,
                       float veto) {
  std::erase_if(a.found, [&](const Found& f) {
    if (f.evidence != Evidence::weak || f.end - f.first != 1 || !a.shape[f.first].upper) return false;
    for (std::uint32_t k = f.first; k < f.end; ++k) {
      if (labels[k] != kOutside || margins[k] < veto) return false;
    }
    return true;
  });
}

}  // namespace

std::vector<bool> unexplained_tokens(const RecognitionState& a) {
  std::vector<bool> unexplained(a.n, false);
  for (std::uint32_t i = 0; i < a.n; ++i) {
    // Capitals that say nothing: "The", "Monday", "President".
    unexplained[i] = a.shape[i].cap && !a.tokens[i].is_number && !a.is(i, kCommonWord) &&
                     !a.never_name(i);
  }
  for (std::uint32_t j = 0; j < a.n; ++j) {
    if (!unexplained[j]) continue;
    if (auto start = a.title_ending_at(j)) std::fill(unexplained.begin() + *start, unexplained.begin() + j + 1, false);
  }
  for (const Found& f : a.found) {
    if (f.evidence != Evidence::weak) std::fill(unexplained.begin() + f.first, unexplained.begin() + f.end, false);
  }
  const std::vector<LineKind> lines = line_kinds(a);
  for (std::uint32_t i = 0; i < a.n; ++i) unexplained[i] = unexplained[i] || lines[i] != LineKind::prose;
  return unexplained;
}

bool merge_model_spans(RecognitionState& a, const std::vector<LabelledSpan>& spans, const std::vector<BioLabel>& labels,
                       const std::vector<float>& margins, const ModelThresholds& thresholds) {
  const std::vector<LineKind> lines = line_kinds(a);
  std::vector<bool> judged = judged_no_name(a);
  for (std::uint32_t i = 0; i < a.n; ++i) judged[i] = judged[i] && lines[i] == LineKind::prose;  // capitals mislead the rules elsewhere
  a.pending.clear();  // the article-wide stage has typed what it could
  if (thresholds.model_first) {
    merge_model_first(a, spans, thresholds);
    return true;
  }
  const std::size_t found_before = a.found.size();
  bool retyped = false;
  yield_caps_and_tables(a, spans, thresholds, lines);
  veto_weak_guesses(a, labels, margins, thresholds.veto);
  std::vector<bool> dropped(a.found.size(), false);
  std::vector<Found> added;
  const OverlapLookup found = lookup_of_found(a);  // a.found only changes after the loop
  for (const LabelledSpan& labelled : spans) {
    const std::optional<LabelledSpan> tidy = tidied(a, labelled, lines);
    if (!tidy) continue;
    const LabelledSpan& s = *tidy;
    if (a.in_headline(s.first_token) && !a.match_known(s.first_token, s.end_token)) continue;
    const Overlap o = overlap_of(found, s);
    if (o.crossing) continue;
    if (o.same) {
      Found& r = a.found[*o.same];
      if (r.type != s.type && r.evidence == Evidence::weak && s.margin >= thresholds.retype) {
        r.type = s.type;
        r.name = model_name(a, s);
        retyped = true;
      }
      continue;
    }
    const bool overrules = std::any_of(judged.begin() + s.first_token, judged.begin() + s.end_token, [](bool j) { return j; });
    if (overrules && s.margin < thresholds.overrule) continue;
    const float needed = o.inside.empty() ? thresholds.add : thresholds.widen;
    if (s.margin < needed || (!o.inside.empty() && !may_widen(a, s))) continue;
    for (std::size_t f : o.inside) dropped[f] = true;
    added.push_back({s.type, s.first_token, s.end_token, model_name(a, s), Evidence::weak});
  }
  std::vector<Found> kept;
  kept.reserve(a.found.size() + added.size());
  for (std::size_t f = 0; f < a.found.size(); ++f) {
    if (!dropped[f]) kept.push_back(std::move(a.found[f]));
  }
  for (Found& f : added) {
    if (!f.name.empty()) kept.push_back(std::move(f));
  }
  a.found = std::move(kept);
  return retyped || !added.empty() || a.found.size() != found_before;
}

}  // namespace news::recognition
