#include "entities/sports_pages.h"

#include <algorithm>

#include "entities/span_names.h"

namespace news::recognition {

namespace {

// A short first body paragraph ("BOSTON 1996-12-06") is a dateline: a place.
std::uint32_t dateline_end(const RecognitionState& a) {
  if (a.title_end >= a.n) return a.title_end;
  std::uint32_t end = a.title_end + 1;
  while (end < a.n && !a.tokens[end].paragraph_start) ++end;
  return end - a.title_end <= 8 ? end : a.title_end;
}

bool is_city(const RecognitionState& a, const Found& f) {
  if (f.type != EntityType::place) return false;
  std::vector<std::string> terms;
  for (NameWord& word : split_name(f.name)) terms.push_back(std::move(word.term));
  auto it = a.lex.entity_by_key.find(join_terms(terms));
  return it != a.lex.entity_by_key.end() && !a.lex.entities[it->second].is_country;
}

// "Detroit's Sergei Fedorov": a city's player.
bool owns_player(const RecognitionState& a, const Found& f) {
  if (!a.shape[f.end - 1].possessive) return false;
  return std::any_of(a.found.begin(), a.found.end(),
                     [&f](const Found& p) { return p.type == EntityType::person && p.first == f.end; });
}

bool next_to_result_word(const RecognitionState& a, const Found& f) {
  const bool after = f.end < a.n && !a.tokens[f.end].sentence_start && !a.shape[f.end].cap &&
                     a.is(f.end, kResultWord);
  const bool before = f.first > 0 && !a.tokens[f.first].sentence_start && !a.shape[f.first - 1].cap &&
                      a.is(f.first - 1, kResultWord);
  return after || before;
}

bool cities_as_teams(RecognitionState& a) {
  const std::vector<LineKind> lines = line_kinds(a);
  const std::uint32_t dateline = dateline_end(a);
  TermSet teams;
  for (const Found& f : a.found) {
    if (f.first >= a.title_end && f.first < dateline) continue;
    if (is_city(a, f) && (lines[f.first] == LineKind::table || next_to_result_word(a, f) || owns_player(a, f))) {
      teams.insert(f.name);
    }
  }
  bool changed = false;
  for (Found& f : a.found) {
    if (f.type != EntityType::place || !teams.contains(f.name) || (f.first >= a.title_end && f.first < dateline)) continue;
    f.type = EntityType::org;
    changed = true;
  }
  return changed;
}

// A cricket scorecard's dismissals: "c Saeed Anwar b Waqar Younis 31",
// "lbw b Mushtaq Ahmed": the capitalised words after a lower-case c, b, st or
// lbw are the fielder's or bowler's name.
void bowlers(const RecognitionState& a, std::vector<Found>& added) {
  for (std::uint32_t i = 1; i < a.n; ++i) {
    const std::string& before = a.term(i - 1);
    if (a.shape[i - 1].cap || (before != "b" && before != "c" && before != "st" && before != "lbw")) continue;
    if (!a.shape[i].cap || a.tokens[i].is_number || a.tokens[i].sentence_start || a.tokens[i].paragraph_start) continue;
    std::uint32_t j = i + 1;
    while (j < a.n && a.shape[j].cap && a.shape[j].joined && !a.tokens[j].is_number && j - i < 3) ++j;
    if (a.match_known(i, j)) continue;
    added.push_back({EntityType::person, i, j, span_text(a, i, j), Evidence::strong});
    i = j;
  }
}

// "(Konterman 34, Kluivert 80)": capitalised words, then a number, after a
// bracket or a comma and before one.
bool scorers(RecognitionState& a) {
  std::vector<Found> added;
  bowlers(a, added);
  for (std::uint32_t i = 1; i + 1 < a.n; ++i) {
    const std::string_view before = a.gap_before(i);
    if (before.find_first_of("(,") == std::string_view::npos || !a.shape[i].cap || a.tokens[i].is_number) continue;
    std::uint32_t j = i + 1;
    while (j < a.n && a.shape[j].cap && a.shape[j].joined && !a.tokens[j].is_number) ++j;
    if (j >= a.n || !a.tokens[j].is_number || a.tokens[j].sentence_start || j - i > 3) continue;
    const std::string_view after = j + 1 < a.n ? a.gap_before(j + 1) : std::string_view(")");
    if (after.find_first_of("),") != 0 || a.match_known(i, j)) continue;
    if (std::none_of(added.begin(), added.end(), [i](const Found& f) { return f.first <= i && i < f.end; })) {
      added.push_back({EntityType::person, i, j, span_text(a, i, j), Evidence::strong});
    }
    i = j;
  }
  if (added.empty()) return false;
  std::erase_if(a.found, [&added](const Found& f) {
    return std::any_of(added.begin(), added.end(), [&f](const Found& p) { return f.first < p.end && p.first < f.end; });
  });
  a.found.insert(a.found.end(), added.begin(), added.end());
  return true;
}

}  // namespace

std::uint32_t sports_slug_end(const RecognitionState& a) {
  std::uint32_t end = 0;
  while (end < a.title_end && (end == 0 || a.gap_before(end).find(" - ") == std::string_view::npos)) ++end;
  if (end == a.title_end) end = std::min<std::uint32_t>(1, a.title_end);  // no slug: the first word
  for (std::uint32_t i = 0; i < end; ++i) {
    if (a.is(i, kSportsHeading)) return end;
  }
  return 0;
}

bool is_sports_page(const RecognitionState& a) { return sports_slug_end(a) > 0; }

bool read_sports_page(RecognitionState& a) {
  const std::uint32_t slug = sports_slug_end(a);
  if (slug == 0) return false;
  // The headline's sport ("SOCCER -", "ICE HOCKEY -") is no organisation.
  const std::size_t before = a.found.size();
  std::erase_if(a.found, [slug](const Found& f) { return f.end <= slug; });
  const bool teams = cities_as_teams(a) || a.found.size() != before;
  const bool people = scorers(a);
  return teams || people;
}

}  // namespace news::recognition
