// End to end: the analyst views (docs/analyst.md): story clusters and
// collapsing, timelines, --related, --like, saved searches.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <sstream>

#include "e2e_support.h"
#include "json_schema.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Paragraphs of made-up news prose from a fixed vocabulary: two seeds give
// two stories on the same subject that share words but hardly any 5-word run.
std::vector<std::string> story(std::uint32_t seed, int paragraphs = 4, int words_per_paragraph = 45) {
  static const std::vector<std::string> words{
      "the",      "harbour",  "council", "voted",    "on",        "a",        "plan",     "to",      "dredge",
      "river",    "mouth",    "while",   "fishermen", "warned",   "that",     "herring",  "stocks",  "were",
      "falling",  "and",      "mayor",   "said",     "budget",    "would",    "cover",    "new",     "quay",
      "workers",  "ships",    "port",    "tides",    "storm",     "last",     "winter",   "damaged", "wall",
      "engineers", "expect",  "costs",   "rise",     "residents", "asked",    "for",      "meeting", "in",
      "spring",   "after",    "report",  "showed",   "silt",      "blocking", "channel"};
  std::uint64_t state = seed * 2654435761u + 1;
  std::vector<std::string> out;
  for (int p = 0; p < paragraphs; ++p) {
    std::string text;
    for (int w = 0; w < words_per_paragraph; ++w) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      if (w > 0) text.push_back(' ');
      text.append(words[(state >> 33) % words.size()]);
    }
    out.push_back(text + ".");
  }
  return out;
}

std::string article(const std::string& title, const std::vector<std::string>& paragraphs) {
  std::string text = title + "\n";
  for (const std::string& p : paragraphs) text += "\n" + p + "\n";
  return text;
}

// Every result printed here must fit the documented JSON schema.
void check_schema(const json& value) {
  static const json schema = e2e::documented_schema();
  const auto errors = e2e::validate(value, schema);
  CHECK_MESSAGE(errors.empty(), (errors.empty() ? "" : errors.front()));
}

struct Workspace {
  e2e::TempDir dir;
  fs::path corpus = dir / "corpus";
  fs::path index = dir / "index";
  void write(const std::string& name, const std::string& text) const { e2e::write_file(corpus / name, text); }
  void index_now(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"--corpus", corpus.string(), "--index", index.string(), "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    const e2e::Run r = e2e::indexer(args);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  }
  e2e::Run find(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) const {
    args.insert(args.begin(), {"--index", index.string()});
    return e2e::search(args, "", env);
  }
  json find_json(std::vector<std::string> args) const {
    args.insert(args.end(), {"--format", "json"});
    const e2e::Run r = find(args);
    REQUIRE_MESSAGE(r.exit_code <= 1, r.err);
    json result = json::parse(r.out);
    if (result.is_object() && result.contains("hits")) check_schema(result);
    return result;
  }
  // Article id -> cluster, over every article matching `query`.
  std::map<std::string, std::string> clusters(const std::string& query) const {
    std::map<std::string, std::string> out;
    const json result = find_json({"--no-collapse", "--limit", "1000", query});
    for (const json& hit : result["hits"]) {
      out[hit["id"]] = hit["cluster"];
    }
    return out;
  }
};

// A story and its planted copies, and two other stories on the same subject.
void write_planted_copies(const Workspace& w) {
  const std::vector<std::string> base = story(1);
  w.write("base.txt", article("Harbour council votes on dredging", base));
  w.write("exact.txt", article("Harbour council votes on dredging", base));
  std::vector<std::string> signed_copy = base;
  signed_copy.insert(signed_copy.begin(), "By Jane Doe, Harbour Correspondent");
  w.write("byline.txt", article("Council backs dredging plan", signed_copy));
  std::vector<std::string> reordered = base;
  std::reverse(reordered.begin(), reordered.end());
  w.write("reordered.txt", article("Dredging plan: the vote", reordered));
  std::vector<std::string> edited = base;
  edited[1] += " A council spokesman confirmed the vote on Friday.";  // a sentence added
  edited[3].replace(0, edited[3].find(' '), "Yesterday");                 // a word changed
  w.write("edited.txt", article("Harbour council votes on dredging (updated)", edited));
  w.write("other1.txt", article("Harbour council and the fishermen", story(2)));
  w.write("other2.txt", article("Storm damage at the port", story(3)));
}

}  // namespace

TEST_CASE("e2e analyst: exact copies of a story are shown by their lowest article id in every shard layout") {
  // Equal scores: Xapian would keep the copy of lowest document number, which
  // depends on the layout and the order the files were indexed in.
  e2e::TempDir dir;
  const std::string copy = article("Harbour council votes on dredging", story(7));
  for (const std::string name : {"copy-h", "copy-e", "copy-b", "copy-g", "copy-a", "copy-d", "copy-f", "copy-c"}) {
    e2e::write_file(dir / "corpus" / (name + ".txt"), copy);
  }
  for (std::uint32_t seed : {2u, 3u, 4u}) {
    e2e::write_file(dir / "corpus" / ("other" + std::to_string(seed) + ".txt"), article("Harbour news", story(seed)));
  }
  for (const std::string shards : {"1", "2", "3", "4"}) {
    const std::string index = (dir / ("index-" + shards)).string();
    REQUIRE(e2e::indexer({"--corpus", (dir / "corpus").string(), "--index", index, "--shards", shards, "-q"}).exit_code == 0);
    for (const std::vector<std::string>& flags : {std::vector<std::string>{}, std::vector<std::string>{"--no-facets"}}) {
      CAPTURE(shards);
      CAPTURE(flags.size());
      std::vector<std::string> args{"--index", index, "--format", "json", "harbour council dredging"};
      args.insert(args.end(), flags.begin(), flags.end());
      const json r = json::parse(e2e::search(args).out);
      bool shown = false;
      for (const json& hit : r["hits"]) {
        if (hit["id"].get<std::string>().rfind("copy-", 0) != 0) continue;
        CHECK_FALSE(shown);  // one hit for the story
        shown = true;
        CHECK(hit["id"] == "copy-a");
        CHECK(hit["similar_count"] == 7);
      }
      CHECK(shown);
    }
  }
}

TEST_CASE("e2e analyst: planted copies of a story share a cluster, other stories on the subject do not") {
  Workspace w;
  write_planted_copies(w);
  w.index_now();
  const auto clusters = w.clusters("harbour");
  REQUIRE(clusters.size() == 7);
  const std::string story_cluster = clusters.at("base");
  CHECK(story_cluster.size() == 16);
  for (const std::string copy : {"exact", "byline", "reordered", "edited"}) {
    CAPTURE(copy);
    CHECK(clusters.at(copy) == story_cluster);
  }
  CHECK(clusters.at("other1") != story_cluster);
  CHECK(clusters.at("other2") != story_cluster);
  CHECK(clusters.at("other1") != clusters.at("other2"));

  SUBCASE("results collapse each story to one hit, +N similar") {
    const json r = w.find_json({"harbour"});
    CHECK(r["collapsed"] == true);
    CHECK(r["total"] == 7);
    CHECK(r["stories"] == 3);
    REQUIRE(r["hits"].size() == 3);
    std::set<std::string> seen;
    for (const json& hit : r["hits"]) {
      seen.insert(hit["cluster"].get<std::string>());
      CHECK(hit["similar_count"] == (hit["cluster"] == story_cluster ? 4 : 0));
    }
    CHECK(seen.size() == 3);
    const e2e::Run text = w.find({"--no-color", "--no-facets", "harbour"});
    CHECK(text.out.find("7 articles match \"harbour\" as 3 stories") != std::string::npos);
    CHECK(text.out.find("+4 similar") != std::string::npos);
  }
  SUBCASE("--no-collapse lists every copy; --cluster lists one story's, by article or cluster id") {
    const json all = w.find_json({"--no-collapse", "harbour"});
    CHECK(all["collapsed"] == false);
    CHECK(all["stories"].is_null());
    CHECK(all["hits"].size() == 7);
    const std::set<std::string> copies{"base", "byline", "edited", "exact", "reordered"};
    for (const std::string& named_by : {std::string("reordered"), story_cluster}) {
      CAPTURE(named_by);
      const json one = w.find_json({"--cluster", named_by});
      CHECK(one["cluster"] == story_cluster);
      const auto ids = e2e::hit_ids(one);
      CHECK(std::set<std::string>(ids.begin(), ids.end()) == copies);
    }
    const e2e::Run bad = w.find({"--cluster", "no-such-article"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("no-such-article") != std::string::npos);
  }
}

TEST_CASE("e2e analyst: incremental runs keep cluster ids as a rebuild would decide them") {
  Workspace w;
  write_planted_copies(w);
  w.index_now();
  const std::string story_cluster = w.clusters("harbour").at("base");

  // The founding article goes: its copies keep their cluster.
  fs::remove(w.corpus / "base.txt");
  w.index_now();
  auto clusters = w.clusters("harbour");
  CHECK(clusters.count("base") == 0);
  for (const char* copy : {"exact", "byline", "reordered", "edited"}) CHECK(clusters.at(copy) == story_cluster);

  // A new copy joins it; a copy rewritten as another story leaves it.
  std::vector<std::string> late = story(1);
  late.push_back("A late paragraph added by the evening edition.");
  w.write("late.txt", article("Late edition: dredging", late));
  w.write("edited.txt", article("Now a different story", story(7)));
  w.index_now();
  clusters = w.clusters("harbour");
  CHECK(clusters.at("late") == story_cluster);
  CHECK(clusters.at("edited") != story_cluster);
  CHECK(clusters.at("exact") == story_cluster);

  // A rebuild of the same files groups them the same way.
  const auto before = clusters;
  w.index_now({"--rebuild"});
  clusters = w.clusters("harbour");
  REQUIRE(clusters.size() == before.size());
  for (const auto& [a, cluster_a] : before) {
    for (const auto& [b, cluster_b] : before) {
      CAPTURE(a);
      CAPTURE(b);
      CHECK((cluster_a == cluster_b) == (clusters.at(a) == clusters.at(b)));
    }
  }
}

namespace {

// Six dated records mentioning herons (two of them copies) and one undated.
void write_dated(const Workspace& w) {
  std::string feed;
  const std::vector<std::pair<std::string, std::uint32_t>> dated{
      {"2024-01-01", 11}, {"2024-01-15", 12}, {"2024-01-31", 12}, {"2024-03-04", 14}, {"2024-03-30", 15}};
  int n = 0;
  for (const auto& [date, seed] : dated) {
    const std::string number = std::to_string(++n);
    json record{{"id", std::string("d").append(number)}, {"title", std::string("Heron report ").append(number)},
                {"text", "The heron colony. " + story(seed, 2)[0]}, {"date", date}};
    feed += record.dump() + "\n";
  }
  feed += json{{"id", "undated"}, {"title", "Heron notes"}, {"text", "A heron without a date. " + story(16, 1)[0]}}.dump() + "\n";
  w.write("feed.jsonl", feed);
}

}  // namespace

TEST_CASE("e2e analyst: --timeline counts every match per period, in JSON and as a chart") {
  Workspace w;
  write_dated(w);
  w.index_now();

  const json months = w.find_json({"--timeline", "month", "heron"});
  CHECK(months["hits"].size() == 5);  // d2 and d3 are one story
  CHECK(months["timeline_unit"] == "month");
  CHECK(months["timeline_undated"] == 1);
  CHECK(months["timeline"] == json::parse(R"([{"period": "2024-01", "count": 3}, {"period": "2024-02", "count": 0},
                                             {"period": "2024-03", "count": 2}])"));
  const json weeks = w.find_json({"--timeline", "week", "--since", "2024-03", "heron"});
  CHECK(weeks["timeline"] == json::parse(R"([{"period": "2024-W10", "count": 1}, {"period": "2024-W11", "count": 0},
                                            {"period": "2024-W12", "count": 0}, {"period": "2024-W13", "count": 1}])"));
  CHECK(weeks["timeline_undated"] == 0);
  const json years = w.find_json({"--timeline", "year", "heron"});
  CHECK(years["timeline"] == json::parse(R"([{"period": "2024", "count": 5}])"));
  const json plain = w.find_json({"heron"});
  CHECK(plain.count("timeline") == 0);

  SUBCASE("the chart fits the width; Unicode blocks in a UTF-8 locale, ASCII otherwise or with --no-color") {
    const std::map<std::string, std::string> utf8{{"LC_ALL", "C.UTF-8"}, {"COLUMNS", "40"}};
    const e2e::Run unicode = w.find({"--timeline", "month", "--color", "always", "--no-facets", "heron"}, utf8);
    CHECK(unicode.out.find("█") != std::string::npos);
    const e2e::Run ascii = w.find({"--timeline", "month", "--no-facets", "heron"}, {{"LC_ALL", "C"}, {"COLUMNS", "40"}});
    CHECK(ascii.out.find("█") == std::string::npos);
    CHECK(ascii.out.find("Matches by month: 5 dated, 1 undated") != std::string::npos);
    const e2e::Run no_color = w.find({"--timeline", "month", "--no-color", "--no-facets", "heron"}, utf8);
    CHECK(no_color.out.find("█") == std::string::npos);
    std::istringstream lines(ascii.out.substr(ascii.out.find("Matches by month")));
    std::string line;
    std::getline(lines, line);
    std::map<std::string, std::size_t> bars;
    while (std::getline(lines, line) && !line.empty()) {
      CHECK(line.size() <= 40);
      bars[line.substr(2, 7)] = static_cast<std::size_t>(std::count(line.begin(), line.end(), '#'));
    }
    CHECK(bars.size() == 3);
    CHECK(bars["2024-02"] == 0);
    CHECK(bars["2024-01"] > bars["2024-03"]);
    CHECK(bars["2024-03"] > 0);
    const e2e::Run wide = w.find({"--timeline", "month", "--no-facets", "heron"}, {{"LC_ALL", "C"}, {"COLUMNS", "100"}});
    CHECK(std::count(wide.out.begin(), wide.out.end(), '#') > std::count(ascii.out.begin(), ascii.out.end(), '#'));
  }
}

namespace {

std::string diplomacy(int n, bool lavrov, bool blinken) {
  std::string text = "Diplomacy report " + std::to_string(n) + "\n\nOfficials in Russia met on Tuesday. ";
  if (lavrov) text += "Foreign Minister Sergei Lavrov spoke to reporters. ";
  if (blinken) text += "Secretary of State Antony Blinken answered questions. ";
  text += "\n\n" + story(100 + static_cast<std::uint32_t>(n), 1)[0] + "\n";
  return text;
}

}  // namespace

TEST_CASE("e2e analyst: --related ranks who appears with an entity by association, not by raw count") {
  Workspace w;
  // Russia is in every article, Lavrov in five, Blinken in four of those and two others.
  for (int n = 1; n <= 12; ++n) {
    w.write(std::string("d").append(std::to_string(n)).append(".txt"), diplomacy(n, n <= 5, n <= 4 || n == 9 || n == 10));
  }
  w.index_now();
  const json r = w.find_json({"--related", "person:Sergei Lavrov"});
  CHECK(r["entity"]["name"] == "Sergei Lavrov");
  CHECK(r["entity"]["type"] == "person");
  CHECK(r["articles"] == 5);
  CHECK(r["index_articles"] == 12);
  REQUIRE(!r["related"].empty());
  const json& first = r["related"][0];
  CHECK(first["name"] == "Antony Blinken");
  CHECK(first["type"] == "person");
  CHECK(first["count"] == 4);
  CHECK(first["background"] == 6);
  CHECK(first["score"].get<double>() > 0);
  for (const json& e : r["related"]) CHECK(e["name"] != "Russia");  // in every article: no association
  for (std::size_t i = 1; i < r["related"].size(); ++i) {
    CHECK(r["related"][i - 1]["score"].get<double>() >= r["related"][i]["score"].get<double>());
  }
  const e2e::Run text = w.find({"--related", "Lavrov", "--no-color"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("Antony Blinken") != std::string::npos);
  const e2e::Run unknown = w.find({"--related", "person:Nobody Known"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("Nobody Known") != std::string::npos);
}

TEST_CASE("e2e analyst: --like finds articles on the same subject, never a copy of the article itself") {
  Workspace w;
  const std::string dredging =
      "Harbour council votes on dredging\n\n"
      "The harbour council voted on Tuesday to dredge the silted channel, after fishermen complained that "
      "their trawlers ran aground at low tide.\n\n"
      "The dredger will work through the winter. Fishermen said the herring catch had halved since the "
      "silt built up, and the quay was closed twice.\n";
  w.write("base.txt", dredging);
  w.write("copy.txt", dredging);
  w.write("follow-up.txt",
          "Dredger arrives in the harbour\n\n"
          "A dredger arrived at the quay on Monday to clear silt from the channel, weeks after the council vote. "
          "Fishermen watched from their trawlers as work began.\n");
  w.write("orchestra.txt",
          "Orchestra tour\n\nThe violinists and cellists of the orchestra rehearsed the symphony before the "
          "winter tour, the conductor said on Tuesday.\n");
  w.write("budget.txt",
          "City budget\n\nThe council set its budget on Monday; the mayor said taxes would not rise this winter.\n");
  w.index_now();
  const auto clusters = w.clusters("the");
  REQUIRE(clusters.at("copy") == clusters.at("base"));
  REQUIRE(clusters.at("follow-up") != clusters.at("base"));
  const json r = w.find_json({"--like", "base"});
  CHECK(r["like"]["id"] == "base");
  CHECK(r["like"]["title"] == "Harbour council votes on dredging");
  const auto ids = e2e::hit_ids(r);
  REQUIRE(!ids.empty());
  CHECK(ids.front() == "follow-up");
  CHECK(std::find(ids.begin(), ids.end(), "copy") == ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "base") == ids.end());
  // Query words and filters narrow the similar articles.
  CHECK(w.find({"--like", "base", "--count", "symphony"}).out == "0\n");
  CHECK(w.find({"--like", "base", "--count", "dredger"}).out == "1\n");
  const e2e::Run missing = w.find({"--like", "nope"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("nope") != std::string::npos);
}

TEST_CASE("e2e analyst: searches saved and checked at the same moment are all kept") {
  Workspace w;
  w.write("a.txt", article("Heron colony grows", story(31, 2)));
  w.write("b.txt", article("Gull numbers", story(33, 2)));
  w.index_now();
  REQUIRE(w.find({"--save", "first", "heron"}).exit_code == 0);
  // Each `search --save` reads the file, adds its search and replaces the
  // file: without a lock, one that read before another replaced it drops it.
  constexpr int kRounds = 3, kAtOnce = 8;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<int> pids;
    for (int i = 0; i < kAtOnce; ++i) {
      std::string name = "s";
      name += std::to_string(round);
      name += '-';
      name += std::to_string(i);
      pids.push_back(e2e::start({NEWS_SEARCH_BIN, "--index", w.index.string(), "--save", name, "gull"}));
      if (i % 2 == 0) pids.push_back(e2e::start({NEWS_SEARCH_BIN, "--index", w.index.string(), "--new", "first"}));
    }
    for (const int pid : pids) CHECK(e2e::wait_for(pid) <= 1);  // --new finds nothing new: 1
  }
  std::set<std::string> names;
  for (const json& s : w.find_json({"--saved"})) names.insert(s["name"].get<std::string>());
  CHECK(names.size() == 1 + kRounds * kAtOnce);
  CHECK(names.contains("first"));
  CHECK(names.contains("s2-7"));
}

TEST_CASE("e2e analyst: a saved search shows what is new since it was last checked, across a rebuild") {
  Workspace w;
  w.write("a.txt", article("Heron colony grows", story(31, 2)));
  w.write("b.txt", article("Heron survey", story(32, 2)));
  w.write("c.txt", article("Gull numbers", story(33, 2)));
  w.index_now();
  const e2e::Run saved = w.find({"--save", "herons", "heron"});
  REQUIRE_MESSAGE(saved.exit_code == 0, saved.err);
  CHECK(saved.out.find("2 articles match") != std::string::npos);

  json list = w.find_json({"--saved"});
  REQUIRE(list.size() == 1);
  CHECK(list[0]["name"] == "herons");
  CHECK(list[0]["query"] == "heron");
  CHECK(list[0]["matches"] == 2);
  CHECK(list[0]["new"] == 0);
  CHECK(w.find({"--new", "herons"}).exit_code == 1);

  w.write("d.txt", article("Heron chicks hatch", story(34, 2)));
  w.write("e.txt", article("Gull chicks hatch", story(35, 2)));
  w.index_now();
  CHECK(w.find_json({"--saved"})[0]["new"] == 1);
  const json fresh = w.find_json({"--new", "herons"});
  CHECK(fresh["saved_search"]["name"] == "herons");
  CHECK(e2e::hit_ids(fresh) == std::vector<std::string>{"d"});
  CHECK(w.find({"--new", "herons"}).exit_code == 1);  // checked: nothing new now

  // A rebuild renumbers every document and keeps the saved searches; a
  // changed article is new again.
  w.index_now({"--rebuild"});
  CHECK(w.find_json({"--saved"})[0]["new"] == 0);
  w.write("a.txt", article("Heron colony grows again", story(36, 2)));
  w.index_now();
  CHECK(e2e::hit_ids(w.find_json({"--new", "herons"})) == std::vector<std::string>{"a"});

  const e2e::Run unsaveable = w.find({"--save", "like-a", "--like", "a"});
  CHECK(unsaveable.exit_code == 2);
  CHECK(unsaveable.err.find("--save") != std::string::npos);
  const e2e::Run unknown = w.find({"--new", "egrets"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("egrets") != std::string::npos);
}
