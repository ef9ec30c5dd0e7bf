// End to end: how query words match (issue 15) on small articles the tests
// write: names against words, capitals, accents, symbols, stop words,
// operators, and corrections announced in every output mode.
#include <doctest/doctest.h>

#include <set>
#include <sstream>

#include "e2e_support.h"
#include "json_schema.h"

using nlohmann::json;

namespace {

// Articles written into a fresh corpus and indexed, searched with one call each.
struct SmallCorpus {
  e2e::TempDir dir;
  explicit SmallCorpus(const std::vector<std::pair<std::string, std::string>>& articles) {
    for (const auto& [name, text] : articles) e2e::write_file(dir / ("corpus/" + name + ".txt"), text);
    const e2e::Run r = e2e::indexer({"--corpus", (dir / "corpus").string(), "--index", (dir / "index").string(), "-q"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  }
  e2e::Run search(std::vector<std::string> args, const std::string& input = "") const {
    args.insert(args.begin(), {"--index", (dir / "index").string()});
    return e2e::search(args, input);
  }
  // The ids the query finds (all of them), as a set.
  std::set<std::string> ids(const std::string& query) const {
    const e2e::Run r = search({"--ids", query});
    CHECK_MESSAGE(r.exit_code <= 1, r.err);
    std::set<std::string> found;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) found.insert(line);
    return found;
  }
  json first_hit(const std::string& query) const {
    const e2e::Run r = search({"--format", "json", query});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const json result = json::parse(r.out);
    REQUIRE(!result["hits"].empty());
    return result["hits"][0];
  }
};

using Ids = std::set<std::string>;

// The words a hit's snippet highlights, '|'-separated.
std::string highlighted(const json& hit) {
  std::string out;
  const std::string text = hit.at("snippet_text");
  for (const auto& range : hit.at("highlights")) {
    const std::size_t b = range[0], e = range[1];
    if (!out.empty()) out += '|';
    out.append(text, b, e - b);
  }
  return out;
}

void check_schema(const json& value, const std::string& view = "") {
  const auto errors = e2e::validate(value, e2e::documented_schema(view));
  CHECK_MESSAGE(errors.empty(), (errors.empty() ? "" : errors.front()));
}

}  // namespace

TEST_CASE("e2e matching: a capitalised word matches its exact form, a lower-case word every form") {
  const SmallCorpus c({{"wells", "Mr Wells resigns\n\nOliver Wells said he would go.\n"},
                       {"oilwells", "Drilling\n\nThe oil wells ran dry.\n"},
                       {"well", "Health\n\nShe is doing well, and the well is deep.\n"},
                       {"marks", "Retail\n\nMarks and Spencer reported sales.\n"},
                       {"mark", "Exams\n\nHe got a good mark.\n"},
                       {"banks", "Finance\n\nTyra Banks opened a shop.\n"},
                       {"bank", "Finance\n\nThe bank raised its rates.\n"},
                       {"greene", "Books\n\nGraham Greene wrote novels.\n"},
                       {"green", "Parks\n\nThe park is green again.\n"}});
  CHECK(c.ids("Wells") == Ids{"wells", "oilwells"});  // "wells" in any case, never "well"
  CHECK(c.ids("wells") == Ids{"wells", "oilwells", "well"});
  CHECK(c.ids("Well") == Ids{"well"});  // the form itself: never "wells"
  CHECK(c.ids("Marks") == Ids{"marks"});
  CHECK(c.ids("Mark") == Ids{"mark"});
  CHECK(c.ids("marks") == Ids{"marks", "mark"});
  CHECK(c.ids("Banks") == Ids{"banks"});
  CHECK(c.ids("\"Greene\"") == Ids{"greene"});
  CHECK(c.ids("Greene") == Ids{"greene"});
  CHECK(c.ids("green") == Ids{"greene", "green"});  // Snowball: greene -> green
  CHECK(c.ids("\"Graham Greene\"") == Ids{"greene"});
  CHECK(c.ids("Wells NEAR/2 said") == Ids{"wells"});
  CHECK(c.ids("title:Wells") == Ids{"wells"});
  // Snippets mark the exact form only; a lower-case word marks every form.
  CHECK(highlighted(c.first_hit("Greene")) == "Greene");
  CHECK(highlighted(c.first_hit("Well")) == "well|well");
  CHECK(highlighted(c.first_hit("\"Oliver Wells\"")) == "Oliver Wells");
  CHECK(highlighted(c.first_hit("dry wells")) == "wells|dry");
}

TEST_CASE("e2e matching: US in capitals is the country, NATO any case, and a shouted line has no capitals") {
  const SmallCorpus c({{"country", "Trade\n\nThe US and the U.S. Congress agreed.\n"},
                       {"pronoun", "Letters\n\nTell us what you think.\n"},
                       {"nato", "Alliance\n\nNATO met in Brussels.\n"},
                       {"nato-lower", "Alliance\n\nNato allies met.\n"},
                       {"sector", "Jobs\n\nThe IT sector grew.\n"},
                       {"rain", "Weather\n\nIt rained.\n"},
                       {"shouted", "WHAT IT MEANS\n\nreaders wrote in.\n"}});
  CHECK(c.ids("US") == Ids{"country"});
  CHECK(c.ids("U.S.") == Ids{"country"});
  CHECK(c.ids("us") == Ids{"country", "pronoun"});
  CHECK(c.ids("IT") == Ids{"sector"});  // not the shouted headline's "IT"
  CHECK(c.ids("NATO") == Ids{"nato", "nato-lower"});  // "nato" is no everyday word: any case
  CHECK(c.ids("Nato") == Ids{"nato", "nato-lower"});
  CHECK(highlighted(c.first_hit("US")) == "US|U.S");
}

TEST_CASE("e2e matching: sentence starts and shouted queries read as lower case") {
  const SmallCorpus c({{"wells", "Water\n\nOil wells and water wells.\n"}, {"well", "Water\n\nThe well is deep and full.\n"}});
  CHECK(c.ids("Wells") == Ids{"wells"});
  CHECK(c.ids("Wells and well") == Ids{"wells", "well"});  // a name and a word
  CHECK(c.ids("Well water near deep mines") == Ids{"well", "wells"});  // a sentence's first word: every form
  CHECK(c.ids("WELL DEEP FULL") == Ids{"well", "wells"});              // shouted: case means nothing
  CHECK(c.ids("\"Well\" water near deep mines") == Ids{"well", "wells"});  // "wells" has water
  CHECK(c.ids("\"Well\" near deep mines") == Ids{"well"});  // quoted: the exact form again
}

TEST_CASE("e2e matching: accents fold both ways, in words and phrases, and snippets keep them") {
  const SmallCorpus c({{"accented", "Banking\n\nBanks in Zürich airport lounges met José Mourinho.\n"},
                       {"plain", "Banking\n\nBanks near Zurich airport met Jose Mourinho.\n"}});
  for (const char* query : {"Zürich", "Zurich", "zurich", "ZÜRICH", "\"Zürich airport\"", "\"zurich airport\"", "José", "Jose"}) {
    CAPTURE(query);
    CHECK(c.ids(query) == Ids{"accented", "plain"});
  }
  const json hit = c.first_hit("\"Zurich airport\" lounges");
  CHECK(highlighted(hit) == "Zürich airport|lounges");
  CHECK(hit["snippet_text"].get<std::string>().find("Zürich") != std::string::npos);
}

TEST_CASE("e2e matching: C++, C#, .NET, 3.5% and £5m are words of their own") {
  const SmallCorpus c({{"cpp", "Languages\n\nShe writes C++ and C# for .NET.\n"},
                       {"c", "Languages\n\nShe writes C, mostly.\n"},
                       {"money", "Deals\n\nA £5m deal, rates at 3.5% and $5m more.\n"},
                       {"plain", "Deals\n\nA 5m deal at 3.5 times.\n"}});
  CHECK(c.ids("C++") == Ids{"cpp"});
  CHECK(c.ids("C#") == Ids{"cpp"});
  CHECK(c.ids(".NET") == Ids{"cpp"});
  CHECK(c.ids("C") == Ids{"c"});
  CHECK(c.ids("£5m") == Ids{"money"});
  CHECK(c.ids("$5m") == Ids{"money"});
  CHECK(c.ids("5m") == Ids{"plain"});
  CHECK(c.ids("3.5%") == Ids{"money"});
  CHECK(highlighted(c.first_hit("C++")) == "C++");
}

TEST_CASE("e2e matching: stop words are neither weighed nor highlighted, except inside a phrase") {
  const SmallCorpus c({{"war", "Report\n\nThe war in the east goes on.\n"}, {"the", "Notes\n\nThe end of the road.\n"}});
  CHECK(c.ids("the war in the east") == Ids{"war"});  // "the", "in" left out: "the" article not matched
  CHECK(highlighted(c.first_hit("the war in the east")) == "war|east");
  CHECK(highlighted(c.first_hit("\"the war\"")) == "The war");
  CHECK(c.ids("the of") == Ids{"war", "the"});  // nothing but stop words: searched as given
  CHECK(c.ids("war and peace") == Ids{"war"});   // lower-case "and" is a stop word, not searched
}

TEST_CASE("e2e matching: every operator form: AND NOT, NOT after a clause, &&, ||, lower-case and/or/not") {
  const SmallCorpus c({{"blair", "Politics\n\nBlair spoke today.\n"},
                       {"brown", "Politics\n\nBrown spoke today.\n"},
                       {"both", "Politics\n\nBlair and Brown spoke.\n"},
                       {"cameron", "Politics\n\nBlair and Cameron spoke.\n"},
                       {"words", "Grammar\n\nThe words and, or and not are common.\n"}});
  CHECK(c.ids("Blair AND NOT Brown") == Ids{"blair", "cameron"});
  CHECK(c.ids("Blair NOT Brown") == Ids{"blair", "cameron"});
  CHECK(c.ids("Blair -Brown") == Ids{"blair", "cameron"});
  CHECK(c.ids("Blair Brown NOT Cameron") == Ids{"blair", "brown", "both"});  // excluded from the whole list
  CHECK(c.ids("Blair && Brown") == Ids{"both"});
  CHECK(c.ids("Blair AND Brown") == Ids{"both"});
  CHECK(c.ids("Cameron || Brown") == Ids{"brown", "both", "cameron"});
  CHECK(c.ids("Blair and Brown") == Ids{"blair", "brown", "both", "cameron"});  // "and": a stop word, not AND
  CHECK(c.ids("Blair or Brown") == Ids{"blair", "brown", "both", "cameron"});
  CHECK(c.ids("Blair not Brown") == Ids{"blair", "brown", "both", "cameron"});  // "not": not NOT
  CHECK(c.ids("\"and, or and not\"") == Ids{"words"});  // inside a phrase they are searched
  const e2e::Run dangling = c.search({"Blair AND NOT"});
  CHECK(dangling.exit_code == 2);
  CHECK(dangling.err == "search: bad query: NOT needs something after it (at column 11)\n");
}

TEST_CASE("e2e matching: a corrected query is announced in text, count, ids, json, jsonl and batch") {
  const SmallCorpus c({{"kishida", "Japan\n\nFumio Kishida visited Kyiv.\n"}, {"other", "Sport\n\nA match.\n"}});
  const e2e::Run text = c.search({"Kishda"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("No match for \"Kishda\"; showing results for \"Kishida\" instead.") != std::string::npos);
  for (const char* view : {"--count", "--ids"}) {
    CAPTURE(view);
    for (const bool quiet : {false, true}) {
      std::vector<std::string> args{view, "Kishda"};
      if (quiet) args.push_back("--quiet");
      const e2e::Run r = c.search(args);
      CHECK(r.exit_code == 0);
      CHECK(r.err == "search: searched \"Kishida\" instead of \"Kishda\"\n");  // also under --quiet
    }
    const e2e::Run exact = c.search({view, "Kishida"});
    CHECK(exact.err.empty());
    const e2e::Run off = c.search({view, "--no-autocorrect", "Kishda"});
    CHECK(off.exit_code == 1);
    CHECK(off.err.empty());
    const std::string schema = std::string(view) == "--count" ? "count" : "ids";
    for (const char* format : {"json", "jsonl"}) {
      const json j = json::parse(c.search({view, "--format", format, "Kishda"}).out);
      check_schema(j, schema);
      CHECK(j["searched"] == "Kishida");
      CHECK(j["corrected"] == true);
    }
    const e2e::Run batch = c.search({"--batch", "-", view}, "Kishda\nKishida\n");
    std::istringstream lines(batch.out);
    std::string first, second;
    std::getline(lines, first);
    std::getline(lines, second);
    const json a = json::parse(first), b = json::parse(second);
    check_schema(a, schema);
    check_schema(b, schema);
    CHECK(a["corrected"] == true);
    CHECK(a["searched"] == "Kishida");
    CHECK(b["corrected"] == false);
    CHECK(b["searched"] == "Kishida");
  }
  const json hits = json::parse(c.search({"--format", "json", "Kishda"}).out);
  check_schema(hits);
  CHECK(hits["corrected"] == true);
  CHECK(hits["searched"] == "Kishida");
}
