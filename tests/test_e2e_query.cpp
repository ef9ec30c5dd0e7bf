// End to end: the query language, JSON/JSONL output, batch mode, suggestions.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "e2e_support.h"
#include "json_schema.h"

using e2e::id;
using nlohmann::json;

namespace {

std::string read_doc(const std::string& name) {
  std::ifstream in(std::string(NEWS_DOCS_DIR) + "/" + name);
  REQUIRE_MESSAGE(in.good(), (std::string("missing docs/") + name));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void check_schema(const json& value) {
  static const json schema = e2e::documented_schema();
  const auto errors = e2e::validate(value, schema);
  CHECK_MESSAGE(errors.empty(), (errors.empty() ? "" : errors.front()));
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string prefix_list(const std::vector<std::string>& ids) {
  std::set<std::string> prefixes;
  for (const auto& i : ids) prefixes.insert(i.substr(0, 3));
  std::string out;
  for (const auto& p : prefixes) out += (out.empty() ? "" : " ") + p;
  return out;
}

}  // namespace

TEST_CASE("e2e query: every example in docs/query-syntax.md finds what it says") {
  e2e::IndexedCorpus c;
  const std::string doc = read_doc("query-syntax.md");
  const std::string examples = doc.substr(doc.find("## Examples"));
  const std::regex row(R"(\| `([^`]+)` \| ([^|]+) \|)");
  int checked = 0;
  for (std::sregex_iterator it(examples.begin(), examples.end(), row), end; it != end; ++it) {
    const std::string query = std::regex_replace((*it)[1].str(), std::regex(R"(\\\|)"), "|");  // Markdown's \| in a table
    std::string expected = (*it)[2];
    expected.erase(expected.find_last_not_of(' ') + 1);
    CAPTURE(query);
    CAPTURE(expected);
    const e2e::Run r = c.search({"--ids", "--no-color", query});
    if (expected == "error") {
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    } else if (expected == "none") {
      CHECK(r.exit_code == 1);
      CHECK(r.out.empty());
    } else if (expected.size() > 6 && expected.substr(expected.size() - 6) == " first") {
      CHECK(r.exit_code == 0);
      CHECK(r.out.substr(0, 3) == expected.substr(0, 3));
    } else {
      CHECK(r.exit_code == 0);
      CHECK(prefix_list(lines(r.out)) == expected);
    }
    ++checked;
  }
  CHECK(checked >= 30);
}

TEST_CASE("e2e query: JSON output, field by field, valid against the documented schema") {
  e2e::IndexedCorpus c;
  const json r = c.search_json({"Patriot Ukraine"});
  check_schema(r);
  CHECK(r["query"] == "Patriot Ukraine");
  CHECK(r["searched"] == "Patriot Ukraine");
  CHECK(r["parsed"].get<std::string>().find("Zpatriot") != std::string::npos);
  CHECK(r["total"] == 4);  // every article mentioning Ukraine or Patriot: 004 has neither
  CHECK(r["total_exact"] == true);
  CHECK(r["offset"] == 0);
  CHECK(r["limit"] == 10);
  CHECK(r["suggestion"].is_null());
  CHECK(r["corrected"] == false);
  CHECK(r["elapsed_ms"].get<double>() > 0);
  CHECK(r["partial"] == false);
  REQUIRE(r["hits"].size() == 4);
  const json& hit = r["hits"][0];
  CHECK(hit["rank"] == 1);
  CHECK(hit["id"] == id("001"));
  CHECK(hit["path"].get<std::string>().find("corpus/" + id("001") + ".txt") != std::string::npos);
  CHECK(hit["title"].get<std::string>().rfind("In a recent interview with Newsweek", 0) == 0);
  CHECK(hit["score"].get<double>() > 0);
  const std::string text = hit["snippet_text"];
  for (const auto& range : hit["highlights"]) {
    const std::size_t b = range[0], e = range[1];
    REQUIRE(e <= text.size());
    const std::string word = text.substr(b, e - b);
    CHECK((word == "Patriot" || word == "Ukraine"));
  }
  CHECK(hit["snippet"].get<std::string>().find("<mark>Ukraine</mark>") != std::string::npos);
  CHECK(hit["entities"]["person"].size() >= 1);
  CHECK(r["facets"]["person"][0]["count"].get<int>() >= 1);
  // Ranks keep counting across pages.
  const json page2 = c.search_json({"--offset", "1", "--limit", "2", "Patriot Ukraine"});
  check_schema(page2);
  REQUIRE(page2["hits"].size() == 2);
  CHECK(page2["hits"][0]["rank"] == 2);
  CHECK(page2["hits"][0]["id"] == r["hits"][1]["id"]);
  CHECK(page2["hits"][1]["id"] == r["hits"][2]["id"]);
  CHECK(page2["total"] == 4);
  // `warnings` is optional: absent above, an array of strings for a filter naming nobody.
  CHECK_FALSE(r.contains("warnings"));
  const json warned = c.search_json({"--person", "Kishda", "Patriot"});
  check_schema(warned);
  REQUIRE(warned.contains("warnings"));
  CHECK(warned["warnings"][0] == "no such person in the index: \"Kishda\"; did you mean \"Fumio Kishida\"?");
}

TEST_CASE("e2e query: batch mode with a good line, a bad line, a blank line and a comment") {
  e2e::IndexedCorpus c;
  const std::string batch = "# a comment\nPatriot Ukraine\n\n\"retaliatory measures\n  \nLavrov\n";
  e2e::write_file(c.dir / "queries.txt", batch);
  for (const std::string source : {"file", "stdin"}) {
    CAPTURE(source);
    const e2e::Run r = source == "file" ? c.search({"--batch", (c.dir / "queries.txt").string()}) : c.search({"--batch", "-"}, batch);
    CHECK(r.exit_code == 2);  // one query failed
    const auto out = lines(r.out);
    REQUIRE(out.size() == 3);
    const json first = json::parse(out[0]), bad = json::parse(out[1]), last = json::parse(out[2]);
    check_schema(first);
    check_schema(last);
    CHECK(first["query"] == "Patriot Ukraine");
    CHECK(first["hits"][0]["id"] == id("001"));
    CHECK(bad["query"] == "\"retaliatory measures");
    CHECK(bad["error"].get<std::string>().find("unbalanced quote") != std::string::npos);
    CHECK(last["query"] == "Lavrov");
    CHECK(e2e::hit_ids(last) == std::vector<std::string>{id("002")});
  }
  const e2e::Run good = c.search({"--batch", "-"}, "Lavrov\nxylophone\n");
  CHECK(good.exit_code == 0);  // every query ran, even one without a match
  CHECK(lines(good.out).size() == 2);
}

TEST_CASE("e2e query: a batch refuses the views a line would leave out, and query words, in one line") {
  e2e::IndexedCorpus c;
  const std::vector<std::vector<std::string>> refused = {
      {"--related", "place:Japan"}, {"--save", "kuril"}, {"--saved"}, {"--new", "kuril"},
      {"--stats"}, {"--show", id("001")}, {"--entities"}, {"Patriot"}};
  for (const auto& extra : refused) {
    CAPTURE(extra.front());
    std::vector<std::string> args{"--batch", "-"};
    args.insert(args.end(), extra.begin(), extra.end());
    const e2e::Run r = c.search(args, "Kuril\n");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.find("--batch") != std::string::npos);
  }
  // Filters and views of a search apply to every line.
  const e2e::Run filtered = c.search({"--batch", "-", "--place", "Japan", "--count"}, "Kuril\nLavrov\n");
  CHECK(filtered.exit_code == 0);
  CHECK(lines(filtered.out).size() == 2);
  CHECK(!std::filesystem::exists(c.index / "saved-searches.json"));
}

TEST_CASE("e2e query: a batch answers the same without search-serve beside search") {
  // search hands --batch to search-serve (jemalloc, serve_mode.h); alone, it runs the batch itself.
  e2e::IndexedCorpus c;
  const std::filesystem::path alone = c.dir / "alone";
  std::filesystem::create_directories(alone);
  std::filesystem::copy_file(NEWS_SEARCH_BIN, alone / "search");
  const std::string queries = "Patriot Ukraine\nLavrov\nKuril Islands\n";
  const std::vector<std::string> args{"--index", c.index.string(), "--batch", "-"};
  std::vector<std::string> alone_argv{(alone / "search").string()};
  alone_argv.insert(alone_argv.end(), args.begin(), args.end());
  const e2e::Run by_itself = e2e::run(alone_argv, queries);
  const e2e::Run handed_over = e2e::search(args, queries);
  REQUIRE(by_itself.exit_code == 0);
  REQUIRE(handed_over.exit_code == 0);
  const auto a = lines(by_itself.out), b = lines(handed_over.out);
  REQUIRE(a.size() == 3);
  REQUIRE(b.size() == 3);
  for (std::size_t i = 0; i < a.size(); ++i) {
    json x = json::parse(a[i]), y = json::parse(b[i]);
    x.erase("elapsed_ms");
    y.erase("elapsed_ms");
    CHECK(x == y);
  }
}

TEST_CASE("e2e query: a batch's pages, read on two threads, are a single search's pages") {
  // A batch shares each page's hits with a second reader (search/second_reader.h);
  // a single search renders them all on one thread.
  e2e::IndexedCorpus c;
  const std::vector<std::string> queries{"Patriot Ukraine", "Japan", "\"Kuril Islands\"", "Kishida OR Lavrov",
                                         "sanctions", "Russia -Ukraine", "person:\"Fumio Kishida\" Russia"};
  for (const std::vector<std::string>& options :
       {std::vector<std::string>{}, {"--no-collapse", "--no-facets"}, {"--offset", "1", "--limit", "3"}}) {
    std::string input;
    for (const std::string& q : queries) input += q + "\n";
    std::vector<std::string> batch_args{"--batch", "-", "--format", "jsonl"};
    batch_args.insert(batch_args.end(), options.begin(), options.end());
    const e2e::Run batch = c.search(batch_args, input);
    REQUIRE(batch.exit_code == 0);
    const auto pages = lines(batch.out);
    REQUIRE(pages.size() == queries.size());
    std::size_t shared_pages = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
      CAPTURE(queries[i]);
      std::vector<std::string> args{"--format", "jsonl"};
      args.insert(args.end(), options.begin(), options.end());
      args.push_back(queries[i]);
      const e2e::Run single = c.search(args);
      REQUIRE(single.exit_code == 0);
      json x = json::parse(pages[i]), y = json::parse(single.out);
      x.erase("elapsed_ms");
      y.erase("elapsed_ms");
      CHECK(x == y);
      if (y["hits"].size() >= 2) ++shared_pages;
    }
    CHECK(shared_pages >= 4);
  }
}

TEST_CASE("e2e query: --count, --ids and --explain") {
  e2e::IndexedCorpus c;
  const e2e::Run count = c.search({"--count", "Kuril Islands"});
  CHECK(count.exit_code == 0);
  CHECK(count.out == "3\n");
  const e2e::Run ids = c.search({"--ids", "Kuril Islands"});
  const auto id_lines = lines(ids.out);
  CHECK(std::set<std::string>{id("000"), id("001"), id("003")} == std::set<std::string>(id_lines.begin(), id_lines.end()));
  CHECK(c.search({"--count", "xylophone"}).exit_code == 1);

  const json r = c.search_json({"--explain", "Patriot Ukraine"});
  check_schema(r);
  const json& explanation = r["hits"][0]["explanation"];
  REQUIRE(explanation.size() == 2);
  double sum = 0;
  for (const auto& part : explanation) {
    CHECK(part["weight"].get<double>() > 0);
    sum += part["weight"].get<double>();
  }
  CHECK(sum == doctest::Approx(r["hits"][0]["score"].get<double>()).epsilon(0.01));
  const e2e::Run text = c.search({"--explain", "Patriot Ukraine"});
  CHECK(text.out.find("Patriot") != std::string::npos);
}

TEST_CASE("e2e query: misspelt words get suggestions from the index's vocabulary") {
  e2e::IndexedCorpus c;
  const std::pair<std::string, std::string> cases[] = {{"Kishda", "Kishida"}, {"Lavrof", "Lavrov"}, {"Patriott", "Patriot"}};
  for (const auto& [typo, fixed] : cases) {
    CAPTURE(typo);
    const json r = c.search_json({typo});
    check_schema(r);
    CHECK(r["suggestion"] == fixed);
    CHECK(r["corrected"] == true);
    CHECK(r["searched"] == fixed);
    CHECK(r["total"].get<int>() > 0);
    const e2e::Run off = c.search({"--no-autocorrect", typo});
    CHECK(off.exit_code == 1);
    CHECK(off.out.find("Did you mean: " + fixed + "?") != std::string::npos);
  }
  // With matches for the other words, the suggestion is offered, not searched.
  const e2e::Run mixed = c.search({"Kishda Patriot"});
  CHECK(mixed.exit_code == 0);
  CHECK(mixed.out.find("Did you mean: Kishida Patriot?") != std::string::npos);
}

TEST_CASE("e2e query: no query string crashes the searcher") {
  e2e::IndexedCorpus c;
  std::mt19937 random(12345);
  const std::string alphabet = "ab \"()+-*:NEAR/ORANDNOT title: person:\xE2\x80\x99\xC3\xA9\x01";
  std::string batch;
  for (int i = 0; i < 300; ++i) {
    std::string q;
    const int length = 1 + static_cast<int>(random() % 20);
    for (int k = 0; k < length; ++k) q += alphabet[random() % alphabet.size()];
    for (char& ch : q) if (ch == '\n' || ch == '\r') ch = ' ';
    batch += q + "\n";
  }
  const e2e::Run r = c.search({"--batch", "-"}, batch);
  CHECK((r.exit_code == 0 || r.exit_code == 2));
  for (const auto& line : lines(r.out)) {
    const json j = json::parse(line, nullptr, false);
    CHECK_FALSE(j.is_discarded());
    if (!j.contains("error")) check_schema(j);
  }
}
