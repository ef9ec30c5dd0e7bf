// End to end: the real indexer on the bundled corpus, the real search binary.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "e2e_support.h"

using e2e::id;
using nlohmann::json;

namespace {

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

std::string highlighted_words(const json& hit) {
  std::string out;
  const std::string snippet = hit.at("snippet_text");
  for (const auto& range : hit.at("highlights")) {
    const std::size_t b = range[0], e = range[1];
    if (!out.empty()) out += '|';
    out += snippet.substr(b, e - b);
  }
  return out;
}

// Articles of the bundled corpus whose text contains `needle` as written.
std::set<std::string> articles_containing(const std::string& needle) {
  std::set<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(e2e::bundled_corpus())) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find(needle) != std::string::npos) ids.insert(entry.path().stem().string());
  }
  return ids;
}

}  // namespace

TEST_CASE("e2e core: Patriot Ukraine ranks 001 first with both words highlighted") {
  e2e::IndexedCorpus c;
  const json r = c.search_json({"Patriot Ukraine"});
  REQUIRE(r.at("hits").size() >= 1);
  CHECK(r["hits"][0]["id"] == id("001"));
  CHECK(r["hits"][0]["matched_all"] == true);
  const std::string words = highlighted_words(r["hits"][0]);
  CHECK(words.find("Patriot") != std::string::npos);
  CHECK(words.find("Ukraine") != std::string::npos);
  CHECK(r["hits"][0]["snippet"].get<std::string>().find("<mark>Patriot</mark>") != std::string::npos);
}

TEST_CASE("e2e core: the issue's queries return the expected articles") {
  e2e::IndexedCorpus c;
  CHECK(as_set(e2e::hit_ids(c.search_json({"Kuril Islands"}))) == std::set<std::string>{id("000"), id("001"), id("003")});
  CHECK(e2e::hit_ids(c.search_json({"Lavrov"})) == std::vector<std::string>{id("002")});
  CHECK(as_set(e2e::hit_ids(c.search_json({"sanction"}))) == std::set<std::string>{id("000"), id("001")});
  const auto missiles = e2e::hit_ids(c.search_json({"medium-range missiles"}));
  REQUIRE_FALSE(missiles.empty());
  CHECK(missiles.front() == id("004"));
  CHECK(e2e::hit_ids(c.search_json({"\"retaliatory measures\""})) == std::vector<std::string>{id("000")});
}

TEST_CASE("e2e core: stemmed forms match and are highlighted as written") {
  e2e::IndexedCorpus c;
  const json r = c.search_json({"sanction"});
  REQUIRE(r["hits"].size() == 2);
  for (const auto& hit : r["hits"]) CHECK(highlighted_words(hit).find("sanctions") != std::string::npos);
}

TEST_CASE("e2e core: index and query analyse words alike") {
  e2e::IndexedCorpus c;
  // Each query must find every article that contains its text as written.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"America’s", "America’s"}, {"America's", "America’s"}, {"U.S.", "U.S."},
      {"US", "US "},              {"medium-range", "medium-range"}, {"re-militarization", "re-militarization"},
      {"Kim Jong Un", "Kim Jong Un"}, {"2022", "2022"},          {"Zelensky", "Zelensky"}};
  for (const auto& [query, written] : cases) {
    CAPTURE(query);
    const std::set<std::string> expected = articles_containing(written);
    REQUIRE_FALSE(expected.empty());
    const std::set<std::string> found = as_set(e2e::hit_ids(c.search_json({"--limit", "10", query})));
    for (const auto& article : expected) CHECK(found.count(article) == 1);
  }
}

TEST_CASE("e2e core: page furniture is neither indexed nor shown") {
  e2e::IndexedCorpus c;
  for (const std::string furniture : {"Login", "\"Posted 113 days ago\"", "\"Read more\"", "Copyright"}) {
    CAPTURE(furniture);
    const e2e::Run r = c.search({furniture});
    CHECK(r.exit_code == 1);
  }
  const json r = c.search_json({"\"joined the bloc\""});
  REQUIRE(r["hits"].size() == 1);
  CHECK(r["hits"][0]["snippet_text"].get<std::string>().find("Read more") == std::string::npos);
}

TEST_CASE("e2e core: text output marks matches when not on a terminal") {
  e2e::IndexedCorpus c;
  const e2e::Run r = c.search({"Patriot Ukraine"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("[Patriot]") != std::string::npos);
  CHECK(r.out.find("[Ukraine]") != std::string::npos);
  CHECK(r.out.find(id("001")) != std::string::npos);
  CHECK(r.out.find("\033[") == std::string::npos);  // no colour codes in a pipe
  CHECK(r.err.empty());
}

TEST_CASE("e2e core: the index is self-contained") {
  e2e::IndexedCorpus c;
  std::filesystem::remove_all(c.corpus);
  const json r = c.search_json({"Patriot"});
  REQUIRE(r["hits"].size() == 1);
  CHECK(r["hits"][0]["snippet_text"].get<std::string>().find("Patriot") != std::string::npos);
  CHECK(r["hits"][0]["path"].get<std::string>().find("001_46a91a9c2d294562.txt") != std::string::npos);
}

TEST_CASE("e2e core: the index folder comes from --index or NEWS_INDEX") {
  e2e::IndexedCorpus c;
  const e2e::Run r = e2e::search({"Lavrov"}, "", {{"NEWS_INDEX", c.index.string()}});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find(id("002")) != std::string::npos);
}

TEST_CASE("e2e core: errors are one line with the documented exit codes") {
  e2e::TempDir dir;
  SUBCASE("no index") {
    const e2e::Run r = e2e::search({"--index", (dir / "nowhere").string(), "Patriot"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("nowhere") != std::string::npos);
    CHECK(r.err.find("indexer") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  e2e::IndexedCorpus c;
  SUBCASE("bad flag") {
    const e2e::Run r = c.search({"--no-such-flag", "Patriot"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--no-such-flag") != std::string::npos);
    CHECK(r.err.find("--help") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  SUBCASE("empty query") {
    const e2e::Run r = c.search({"  "});
    CHECK(r.exit_code == 2);
    // One line that says what to do, not the whole --help (issue 12).
    CHECK(r.err == "search: no query given (try: search \"Patriot Ukraine\", or search --help)\n");
  }
  SUBCASE("no match") {
    const e2e::Run r = c.search({"xylophone"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("No articles match") != std::string::npos);
  }
  SUBCASE("missing corpus") {
    const e2e::Run r = e2e::indexer({"--corpus", (dir / "none").string(), "--index", (dir / "idx").string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("corpus folder not found") != std::string::npos);
  }
}

TEST_CASE("e2e core: a title word outweighs the same word in the body") {
  e2e::TempDir dir;
  const std::string filler = "The report covered the weather, the markets and the local elections in some detail.";
  e2e::write_file(dir / "corpus/a.txt", "Zebra sighting reported\n\n" + filler + " Nothing else happened.\n");
  e2e::write_file(dir / "corpus/b.txt", "Local report\n\n" + filler + " A zebra happened by.\n");
  REQUIRE(e2e::indexer({"--corpus", (dir / "corpus").string(), "--index", (dir / "index").string(), "-q"}).exit_code == 0);
  const json r = json::parse(e2e::search({"--index", (dir / "index").string(), "--format", "json", "zebra"}).out);
  CHECK(e2e::hit_ids(r) == std::vector<std::string>{"a", "b"});
  CHECK(r["hits"][0]["title_highlights"].size() == 1);
}

TEST_CASE("e2e core: the total with facets of a two-clause query counts each article once") {
  // With facets the total of `A B` is |A| + |B| - |A and B|, the AND being the
  // facets' own count; --count counts the OR itself. Without collapsing, so
  // that this small index takes that path too.
  e2e::TempDir dir;
  const std::string filler = " The report covered the weather, the markets and the local elections.";
  const std::pair<const char*, const char*> articles[] = {
      {"a1", "Alpha notes\n\nAlpha was seen."}, {"a2", "More alpha\n\nAlpha again, alpha beta said."},
      {"b1", "Beta notes\n\nBeta was seen."},   {"ab", "Both\n\nAlpha and beta together, gamma too."},
      {"g1", "Gamma\n\nGamma only, with delta."}, {"d1", "Delta\n\nDelta and alpha beta in a row."}};
  for (const auto& [name, text] : articles) e2e::write_file(dir / "corpus" / (std::string(name) + ".txt"), text + filler + "\n");
  const std::string index = (dir / "index").string();
  REQUIRE(e2e::indexer({"--corpus", (dir / "corpus").string(), "--index", index, "-q"}).exit_code == 0);
  const std::pair<const char*, int> queries[] = {{"alpha beta", 5}, {"alpha gamma", 5}, {"\"alpha beta\" delta", 3}, {"gamma delta", 3}};
  for (const auto& [query, matches] : queries) {
    CAPTURE(query);
    const json r = json::parse(e2e::search({"--index", index, "--format", "json", "--no-collapse", query}).out);
    CHECK(r["total"] == matches);
    CHECK(r["total_exact"] == true);
    CHECK(std::stoi(e2e::search({"--index", index, "--count", query}).out) == matches);
  }
}

TEST_CASE("e2e core: an article with all the words ranks above one repeating one word, partial matches follow") {
  e2e::TempDir dir;
  e2e::write_file(dir / "corpus/many.txt", "Alpha alpha\n\nalpha alpha alpha alpha alpha alpha.\n");
  e2e::write_file(dir / "corpus/both.txt", "Notes\n\nThe alpha and the beta were mentioned once, among many other words here.\n");
  e2e::write_file(dir / "corpus/gamma.txt", "Gamma\n\nOnly gamma here.\n");
  REQUIRE(e2e::indexer({"--corpus", (dir / "corpus").string(), "--index", (dir / "index").string(), "-q"}).exit_code == 0);
  const std::string index = (dir / "index").string();
  const json r = json::parse(e2e::search({"--index", index, "--format", "json", "alpha beta"}).out);
  CHECK(e2e::hit_ids(r) == std::vector<std::string>{"both", "many"});
  CHECK(r["hits"][0]["matched_all"] == true);
  CHECK(r["hits"][1]["matched_all"] == false);
  CHECK(r["total"] == 2);
  // Without facets matched_all comes from a query of its own over the page, shard by shard.
  for (const std::string shards : {"1", "3"}) {
    CAPTURE(shards);
    const std::string sharded = (dir / ("index-" + shards)).string();
    REQUIRE(e2e::indexer({"--corpus", (dir / "corpus").string(), "--index", sharded, "--shards", shards, "-q"}).exit_code == 0);
    const json plain = json::parse(e2e::search({"--index", sharded, "--format", "json", "--no-facets", "alpha beta"}).out);
    REQUIRE(e2e::hit_ids(plain) == std::vector<std::string>{"both", "many"});
    CHECK(plain["hits"][0]["matched_all"] == true);
    CHECK(plain["hits"][1]["matched_all"] == false);
  }
  // No article has both words: the best partial matches are returned.
  const json partial = json::parse(e2e::search({"--index", index, "--format", "json", "gamma beta"}).out);
  CHECK(as_set(e2e::hit_ids(partial)) == std::set<std::string>{"gamma", "both"});
}

TEST_CASE("e2e core: the index records its metadata") {
  e2e::IndexedCorpus c;
  const e2e::Run r = c.search({"--stats", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  const json stats = json::parse(r.out);
  CHECK(stats["articles"] == 5);
  CHECK(std::stoi(stats["schema_version"].get<std::string>()) >= 1);
  CHECK_FALSE(stats["analyser_version"].get<std::string>().empty());
  CHECK(stats["corpus_root"].get<std::string>().find("corpus") != std::string::npos);
  CHECK_FALSE(stats["built_at"].get<std::string>().empty());
}
