// The analyst views' pieces alone: story signatures and clusters, timeline
// periods and the chart, the association score, entity specs.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "index/story_clusters.h"
#include "index/story_signature.h"
#include "search/related_entities.h"
#include "search/timeline.h"
#include "output/timeline_chart.h"

namespace {

// Tokens of paragraphs of words ("w17"), `paragraph_start` on each first.
std::vector<news::Token> tokens(const std::vector<std::vector<int>>& paragraphs) {
  std::vector<news::Token> out;
  for (const auto& words : paragraphs) {
    for (std::size_t i = 0; i < words.size(); ++i) {
      news::Token t;
      t.term = std::string("w").append(std::to_string(words[i]));
      t.paragraph_start = i == 0;
      out.push_back(t);
    }
  }
  return out;
}

std::vector<int> run_of(int first, int count) {
  std::vector<int> words(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) words[static_cast<std::size_t>(i)] = first + i;
  return words;
}

news::StorySignature signature_of(const std::vector<std::vector<int>>& paragraphs) {
  auto s = news::story_signature(tokens(paragraphs), 0);
  REQUIRE(s);
  return *s;
}

}  // namespace

TEST_CASE("story signature: paragraph order does not matter, the words do, and it survives storage") {
  const auto a = signature_of({run_of(0, 80), run_of(100, 80), run_of(200, 80)});
  const auto reordered = signature_of({run_of(200, 80), run_of(0, 80), run_of(100, 80)});
  CHECK(a == reordered);
  CHECK(news::estimated_jaccard(a, reordered) == 1.0);
  // Half the shingles shared: J = 1/3; a different story shares next to none.
  const auto half = signature_of({run_of(0, 80), run_of(100, 80), run_of(500, 80), run_of(600, 80)});
  const double j = news::estimated_jaccard(a, half);
  CHECK(j > 0.2);
  CHECK(j < 0.6);
  CHECK_FALSE(news::near_duplicates(a, half));
  const auto other = signature_of({run_of(1000, 240)});
  CHECK(news::estimated_jaccard(a, other) < 0.1);
  // One word changed in 240: still the same story.
  auto edited_words = run_of(0, 80);
  edited_words[40] = 9999;
  CHECK(news::near_duplicates(a, signature_of({edited_words, run_of(100, 80), run_of(200, 80)})));
  CHECK(news::decode_story_signature(news::encode(a)) == a);
  CHECK_FALSE(news::decode_story_signature("short"));
  CHECK_FALSE(news::story_signature(tokens({run_of(0, 10)}), 10));  // no body words
}

TEST_CASE("story clusters: a copy joins its story, ids never move, a removed founder's copies keep theirs") {
  news::StoryClusters clusters;
  const auto story = signature_of({run_of(0, 200)});
  const auto other = signature_of({run_of(5000, 200)});
  const std::uint64_t first = clusters.assign("a", story);
  CHECK(clusters.assign("b", story) == first);
  const std::uint64_t second = clusters.assign("c", other);
  CHECK(second != first);
  clusters.remove("a");
  CHECK(clusters.assign("d", story) == first);  // b still stands for it
  // An article rewritten as the other story moves to that cluster.
  CHECK(clusters.assign("b", other) == second);
  // Hidden articles are no candidates until revealed.
  news::StoryClusters loaded;
  loaded.add_indexed("x", 42, story, true);
  CHECK(loaded.assign("y", story) != 42);
  loaded.reveal("x");
  CHECK(loaded.assign("z", story) == 42);
  // No signature: a cluster of its own.
  CHECK(clusters.assign("e", std::nullopt) != clusters.assign("f", std::nullopt));
}

TEST_CASE("timeline: periods, ISO weeks across a year's end, gaps kept, undated counted") {
  using news::TimelineUnit;
  CHECK(news::period_of("2024-03-05", TimelineUnit::day) == "2024-03-05");
  CHECK(news::period_of("2024-03-05", TimelineUnit::week) == "2024-W10");
  CHECK(news::period_of("2021-01-03", TimelineUnit::week) == "2020-W53");  // a Sunday: 2020's last week
  CHECK(news::period_of("2024-12-30", TimelineUnit::week) == "2025-W01");
  CHECK(news::period_of("2024-03-05", TimelineUnit::month) == "2024-03");
  CHECK(news::period_of("2024-03-05", TimelineUnit::year) == "2024");
  CHECK(news::period_of("not a date", TimelineUnit::month).empty());
  CHECK(news::next_period("2024-02-28", TimelineUnit::day) == "2024-02-29");
  CHECK(news::next_period("2020-W53", TimelineUnit::week) == "2021-W01");
  CHECK(news::next_period("2024-12", TimelineUnit::month) == "2025-01");

  news::TimelineCounts counts;
  counts.add("2024-01-10", 2);
  counts.add("2024-04-01", 1);
  counts.add("", 3);  // undated
  const news::Timeline t = counts.timeline(TimelineUnit::month);
  REQUIRE(t.periods.size() == 4);
  CHECK(t.periods[0].period == "2024-01");
  CHECK(t.periods[0].count == 2);
  CHECK(t.periods[1].count == 0);
  CHECK(t.periods[3].count == 1);
  CHECK(t.undated == 3);
  CHECK(news::timeline_unit_from_string("week") == TimelineUnit::week);
  CHECK_FALSE(news::timeline_unit_from_string("fortnight"));
}

TEST_CASE("timeline chart: fits the width, the busiest period fills it, every non-empty period shows") {
  news::Timeline t;
  t.periods = {{"2024-01", 1000}, {"2024-02", 0}, {"2024-03", 1}, {"2024-04", 500}};
  for (int width : {30, 60, 120}) {
    CAPTURE(width);
    const auto ascii = news::timeline_chart(t, width, false);
    REQUIRE(ascii.size() == 4);
    for (const std::string& line : ascii) CHECK(static_cast<int>(line.size()) <= width);
    const auto bars = [&](std::size_t i) { return std::count(ascii[i].begin(), ascii[i].end(), '#'); };
    CHECK(bars(0) == width - static_cast<int>(std::string("2024-01  ").size() + std::string(" 1000").size()));
    CHECK(bars(1) == 0);
    CHECK(bars(2) == 1);
    CHECK(bars(3) * 2 >= bars(0) - 1);
    CHECK(bars(3) * 2 <= bars(0) + 1);
  }
  const auto unicode = news::timeline_chart(t, 40, true);
  CHECK(unicode[0].find("█") != std::string::npos);
  CHECK(unicode[2].find("▏") != std::string::npos);  // 1 of 1000: an eighth, not nothing
  CHECK(unicode[1].find_first_of("#") == std::string::npos);
}

TEST_CASE("association score: corrects for how common an entity is, needs over-representation") {
  // Named in 4 of 5 foreground articles and 6 of 100 overall ...
  const double rare = news::jlh_score(4, 5, 6, 100);
  // ... beats one named in all 5 but also in 90 of 100.
  const double common = news::jlh_score(5, 5, 90, 100);
  CHECK(rare > common);
  CHECK(rare == doctest::Approx((0.8 - 0.06) * (0.8 / 0.06)));
  CHECK(news::jlh_score(5, 5, 100, 100) == 0);  // everywhere: no association
  CHECK(news::jlh_score(1, 10, 50, 100) == 0);  // rarer here than overall
  CHECK(news::jlh_score(0, 10, 5, 100) == 0);

  auto spec = news::parse_entity_spec("person:\"Sergei Lavrov\"");
  CHECK(spec.type == news::EntityType::person);
  CHECK(spec.name == "Sergei Lavrov");
  spec = news::parse_entity_spec(" Japan ");
  CHECK_FALSE(spec.type);
  CHECK(spec.name == "Japan");
}
