#include "entities/context_rules.h"

namespace news::recognition {

bool said_context(const RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  if (e < a.n && !a.tokens[e].sentence_start && a.is(e, kSpeechVerb)) return true;
  return b > 0 && !a.tokens[b].sentence_start && a.is(b - 1, kSpeechVerb);
}

bool apposition_context(const RecognitionState& a, std::uint32_t e) {
  if (e >= a.n || a.tokens[e].sentence_start) return false;
  if (a.gap_before(e).find(',') == std::string_view::npos) return false;
  const std::string& next = a.term(e);
  if (next == "and" || next == "or" || next == "but" || next == "who" || next == "which") return false;
  for (std::uint32_t i = e; i < a.n && i < e + 4; ++i) {
    if (i > e && a.tokens[i].sentence_start) break;
    if (a.is(i, kTitleEnd)) return true;
  }
  return false;
}

bool place_context(const RecognitionState& a, std::uint32_t b) {
  if (b == 0 || a.tokens[b].sentence_start || a.shape[b - 1].cap) return false;
  const std::string& before = a.term(b - 1);
  return before == "in" || before == "near";
}

bool city_state_context(const RecognitionState& a, std::uint32_t e) {
  if (e >= a.n || a.tokens[e].sentence_start) return false;
  const std::string_view gap = a.gap_before(e);
  if (gap != ", " && gap != ",") return false;
  auto m = a.match_known(e, a.n);
  return m && !m->name->adjective && a.entity(*m).type == EntityType::place &&
         (m->end >= a.n || !a.shape[m->end].joined ||  // "Raymondville, Texas, High School" too
          a.tokens[m->end].is_number);                  // a dateline: "VAIL, Colorado 1996-12-06"
}

bool person_noun_context(const RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  return b > 0 && e < a.n && a.term(b - 1) == "the" && !a.shape[e].cap && a.is(e, kPersonNoun);
}

}  // namespace news::recognition
