// End to end: one index, local shards and remote shards (xapian-tcpsrv) give
// the same answers; a missing remote shard gives a partial answer.
#include <doctest/doctest.h>

#include <xapian.h>

#include "e2e_support.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::vector<std::string> kQueries = {
    "Patriot Ukraine", "Kuril Islands", "\"retaliatory measures\"", "sanction", "Lavrov OR Rudenko",
    "person:\"Fumio Kishida\" Patriot", "place:\"Northern Territories\"", "org:NATO", "militar*",
    "Kishda", "Japan -Russia", "title:Japan", "marker17", "marker4 OR marker5 OR marker6", "\"Sea of Japan\""};

// What must agree between layouts: everything but timing and the parsed text.
json comparable(json r) {
  r.erase("elapsed_ms");
  for (auto& hit : r["hits"]) hit["score"] = std::round(hit["score"].get<double>() * 100) / 100;
  return r;
}

std::vector<std::string> results(const fs::path& index, const std::vector<std::string>& extra = {}) {
  std::string batch;
  for (const auto& q : kQueries) batch += q + "\n";
  std::vector<std::string> args{"--index", index.string(), "--batch", "-", "--limit", "20"};
  args.insert(args.end(), extra.begin(), extra.end());
  const e2e::Run r = e2e::search(args, batch);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  std::vector<std::string> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) out.push_back(comparable(json::parse(line)).dump());
  return out;
}

fs::path generation_of(const fs::path& index) {
  for (const auto& entry : fs::directory_iterator(index)) {
    if (entry.path().filename().string().rfind("gen-", 0) == 0) return entry.path();
  }
  FAIL("no generation folder in " << index);
  return {};
}

struct TwoLayouts {
  e2e::TempDir dir;
  fs::path corpus = dir / "corpus";
  TwoLayouts() {
    fs::create_directories(corpus);
    fs::copy(e2e::bundled_corpus(), corpus / "bundled");
    e2e::make_corpus(corpus / "copies", 60);
  }
  fs::path build(const std::string& name, const std::string& shards) {
    const fs::path index = dir / name;
    const e2e::Run r = e2e::indexer({"--corpus", corpus.string(), "--index", index.string(), "--shards", shards, "-q"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return index;
  }
};

}  // namespace

TEST_CASE("e2e shards: one shard and three shards answer identically") {
  TwoLayouts c;
  const fs::path single = c.build("one", "1");
  const fs::path three = c.build("three", "3");
  CHECK(json::parse(e2e::search({"--index", three.string(), "--stats", "--format", "json"}).out)["shards"] == 3);
  const auto a = results(single), b = results(three);
  REQUIRE(a.size() == kQueries.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CAPTURE(kQueries[i]);
    CHECK_MESSAGE(a[i] == b[i], json::diff(json::parse(a[i]), json::parse(b[i])).dump());
  }
  // Sorting by date and entity listings agree too.
  CHECK(results(single, {"--sort", "date"}) == results(three, {"--sort", "date"}));
  CHECK(results(single, {"--no-facets"}) == results(three, {"--no-facets"}));
  CHECK(e2e::search({"--index", single.string(), "--entities"}).out ==
        e2e::search({"--index", three.string(), "--entities"}).out);
}

TEST_CASE("e2e shards: remote shards served by xapian-tcpsrv answer like local ones, and a missing one gives a partial answer") {
  TwoLayouts c;
  const fs::path local = c.build("local", "2");
  const fs::path generation = generation_of(local);
  e2e::TcpServer first(generation / "shard-0");
  e2e::TcpServer second(generation / "shard-1");
  const fs::path stub = c.dir / "remote.stub";
  e2e::write_file(stub, "# lexicon local, shards remote\nglass " + (generation / "lexicon").string() + "\nremote :127.0.0.1:" +
                            std::to_string(first.port()) + "\nremote :127.0.0.1:" + std::to_string(second.port()) + "\n");
  const auto expected = results(local);
  const auto remote = results(stub);
  REQUIRE(remote.size() == expected.size());
  for (std::size_t i = 0; i < remote.size(); ++i) {
    CAPTURE(kQueries[i]);
    CHECK_MESSAGE(remote[i] == expected[i], json::diff(json::parse(expected[i]), json::parse(remote[i])).dump());
  }
  // The analyst views (docs/analyst.md) count each shard's matches too:
  // timelines, story counts without facets, entities named together.
  CHECK(results(stub, {"--timeline", "year"}) == results(local, {"--timeline", "year"}));
  CHECK(results(stub, {"--no-facets"}) == results(local, {"--no-facets"}));
  const auto related = [](const fs::path& index) {
    return comparable(json::parse(
        e2e::search({"--index", index.string(), "--related", "place:Japan", "--format", "json", "Kuril"}).out));
  };
  CHECK(related(stub) == related(local));
  CHECK(!related(local)["related"].empty());

  second.stop();
  const e2e::Run partial = e2e::search({"--index", stub.string(), "--format", "json", "--timeout", "500", "Patriot Ukraine"});
  CHECK(partial.exit_code <= 1);
  const json r = json::parse(partial.out);
  CHECK(r["partial"] == true);
  CHECK(r["missing_shards"] == json::array({"127.0.0.1:" + std::to_string(second.port())}));
  CHECK(partial.err.find("127.0.0.1:" + std::to_string(second.port())) != std::string::npos);
  CHECK(partial.err.find("partial") != std::string::npos);
  // Warnings never reach standard output: it is one JSON document.
  CHECK(partial.out.rfind("{", 0) == 0);
  CHECK(partial.out.find("did not answer") == std::string::npos);
  // The answer comes from the shard that is still up.
  const json full = json::parse(e2e::search({"--index", local.string(), "--format", "json", "Patriot Ukraine"}).out);
  CHECK(r["total"].get<int>() > 0);
  CHECK(r["total"].get<int>() < full["total"].get<int>());

  const e2e::Run strict = e2e::search({"--index", stub.string(), "--strict", "--timeout", "500", "Patriot Ukraine"});
  CHECK(strict.exit_code == 2);
  CHECK(strict.out.empty());
  CHECK(strict.err.find("--strict") != std::string::npos);
}

TEST_CASE("e2e shards: an incremental update of one article touches one shard only") {
  TwoLayouts c;
  const fs::path index = c.build("three", "3");
  const fs::path generation = generation_of(index);
  auto revisions = [&] {
    std::vector<Xapian::rev> r;
    for (int s = 0; s < 3; ++s) r.push_back(Xapian::Database((generation / ("shard-" + std::to_string(s))).string()).get_revision());
    return r;
  };
  const auto before = revisions();
  e2e::write_file(c.corpus / "copies/part0/copy7.txt", "Corrected copy\n\nA rewritten article about albatrosses.\n");
  const e2e::Run r = e2e::indexer({"--corpus", c.corpus.string(), "--index", index.string()});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("1 changed") != std::string::npos);
  const auto after = revisions();
  int changed = 0;
  for (int s = 0; s < 3; ++s) changed += before[s] != after[s];
  CHECK(changed == 1);
  CHECK(e2e::search({"--index", index.string(), "--ids", "albatrosses"}).out == "copies/part0/copy7\n");
  CHECK(e2e::indexer({"--corpus", c.corpus.string(), "--index", index.string(), "--shards", "2"}).exit_code == 2);
}
