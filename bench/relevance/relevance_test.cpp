// The relevance benchmark's parts on small hand-worked examples: the measures
// (worked out on paper below, as trec_eval defines them), the SMART and
// judgment readers, plain-word queries, and the run formats.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>

#include "fts5_ranker.h"
#include "metrics.h"
#include "plain_query.h"
#include "runs.h"
#include "smart.h"

using namespace relevance;

TEST_CASE("graded measures of one query, worked by hand") {
  // Relevant: a (gain 3), b (2), c (1). Ranked: a, x, b, y, z.
  const Measures m = measure_query({"a", "x", "b", "y", "z"}, {{"a", 3}, {"b", 2}, {"c", 1}});
  // AP: relevant at ranks 1 and 3, precisions 1/1 and 2/3, over 3 relevant.
  CHECK(m.map == doctest::Approx((1.0 + 2.0 / 3.0) / 3.0));
  CHECK(m.map == doctest::Approx(0.555556).epsilon(1e-5));
  // DCG@10 = 3/log2(2) + 2/log2(4) = 4; ideal = 3/log2(2) + 2/log2(3) + 1/log2(4) = 4.761860.
  CHECK(m.ndcg_10 == doctest::Approx(4.0 / 4.761860).epsilon(1e-6));
  CHECK(m.ndcg_10 == doctest::Approx(0.840008).epsilon(1e-5));
  CHECK(m.precision_10 == doctest::Approx(0.2));  // 2 relevant, divided by 10, not by the 5 returned
  CHECK(m.recall_100 == doctest::Approx(2.0 / 3.0));
}

TEST_CASE("binary measures; a repeated document counts at its first rank only") {
  // Ranks: x 1, a 2, (a again, ignored), b 3.
  const Measures m = measure_query({"x", "a", "a", "b"}, {{"a", 1}, {"b", 1}});
  CHECK(m.map == doctest::Approx((1.0 / 2 + 2.0 / 3) / 2));  // 0.583333
  // DCG = 1/log2(3) + 1/log2(4) = 1.130930; ideal = 1 + 1/log2(3) = 1.630930.
  CHECK(m.ndcg_10 == doctest::Approx(1.130930 / 1.630930).epsilon(1e-6));
  CHECK(m.precision_10 == doctest::Approx(0.2));
  CHECK(m.recall_100 == doctest::Approx(1.0));
}

TEST_CASE("only the top 10 count for P@10 and nDCG@10, only the depth for AP") {
  std::vector<std::string> ranked;
  for (int i = 1; i <= 10; ++i) ranked.push_back(std::to_string(100 + i));  // not relevant
  ranked.push_back("r");                                                    // rank 11
  const std::map<std::string, int> judged{{"r", 2}};
  const Measures full = measure_query(ranked, judged);
  CHECK(full.precision_10 == 0);
  CHECK(full.ndcg_10 == 0);
  CHECK(full.map == doctest::Approx(1.0 / 11));
  CHECK(full.recall_100 == 1);
  const Measures cut = measure_query(ranked, judged, 10);
  CHECK(cut.map == 0);
  CHECK(cut.recall_100 == 0);
}

TEST_CASE("the mean skips unjudged queries and scores a query without results 0") {
  const Qrels qrels{{"1", {{"a", 1}}}, {"2", {{"b", 1}}}};
  const Run run{{"1", {"x", "a"}}, {"3", {"c"}}};
  const Evaluation e = evaluate(run, qrels, {"1", "2", "3"});
  CHECK(e.skipped == 1);  // query 3 has no relevant document
  REQUIRE(e.queries.size() == 2);
  CHECK(e.queries.at("2").map == 0);
  CHECK(e.mean.map == doctest::Approx((0.5 + 0.0) / 2));
  CHECK(e.mean.precision_10 == doctest::Approx((0.1 + 0.0) / 2));
}

TEST_CASE("SMART records: multi-line title, indented lines start paragraphs, CRLF, .A and .B dropped") {
  std::istringstream in(
      ".I 1\r\n.T\r\nflow past a\r\nflat plate .\r\n.A\r\nblasius,h.\r\n.B\r\nj. ae. 1958\r\n"
      ".W\r\nflow past a\r\nflat plate .\r\n  the boundary layer\r\nis thin .\r\n.I 002\r\n.W\r\n only text\r\n");
  const std::vector<SmartRecord> records = read_smart(in, "test.all");
  REQUIRE(records.size() == 2);
  CHECK(records[0].id == "1");
  CHECK(records[0].title == "flow past a flat plate .");
  CHECK(records[0].text == "flow past a flat plate .\n\nthe boundary layer is thin .");
  CHECK(records[1].id == "002");
  CHECK(records[1].title.empty());
  CHECK(records[1].text == "only text");

  std::istringstream stray("some text\n.I 1\n");
  CHECK_THROWS_WITH_AS(read_smart(stray, "bad.all"), "bad.all:1: text before the first `.I` record",
                       std::runtime_error);
}

TEST_CASE("judgments: Cranfield codes become gains 5 - code, -1 is dropped; TREC relevance is the gain") {
  std::istringstream cranfield("1 184 2\n1 29 -1\n1 31 4\n2 12 1\n");
  const Qrels graded = read_qrels(cranfield, QrelsFormat::cranfield, "cran.rel");
  CHECK(graded.at("1") == std::map<std::string, int>{{"184", 3}, {"31", 1}});
  CHECK(graded.at("2").at("12") == 4);

  std::istringstream trec("1 0 13 1\n1 0 14 0\n2 0 15 1\n");
  const Qrels binary = read_qrels(trec, QrelsFormat::trec, "MED.REL");
  CHECK(binary.at("1") == std::map<std::string, int>{{"13", 1}});
  CHECK(binary.at("2").at("15") == 1);

  std::istringstream bad_code("1 184 5\n");
  CHECK_THROWS_WITH_AS(read_qrels(bad_code, QrelsFormat::cranfield, "cran.rel"),
                       "cran.rel:1: relevance code 5 is not -1 or 1 to 4", std::runtime_error);
  std::istringstream short_line("1 184\n");
  CHECK_THROWS_AS(read_qrels(short_line, QrelsFormat::cranfield, "cran.rel"), std::runtime_error);
}

TEST_CASE("plain words: punctuation and operator words neutralised, apostrophes inside words kept") {
  CHECK(plain_words("what (boundary-layer) AND \"flow\" near NEAR/3 +x -y z* title:mach can't .") ==
        std::vector<std::string>{"what", "boundary", "layer", "flow", "near", "3", "x", "y", "z", "title", "mach",
                                 "can't"});
  CHECK(plain_query("Blair OR NOT Brown") == "Blair Brown");
  CHECK(plain_query("\xE2\x80\x9CZ\xC3\xBCrich\xE2\x80\x9D \xE2\x80\x94 Kuchemann\xE2\x80\x99s") ==
        "Z\xC3\xBCrich Kuchemann's");
  CHECK(plain_query("'quoted' x'") == "quoted x");
  CHECK(plain_query("?? - ;").empty());
}

TEST_CASE("runs: written with minus the rank as score, read back in rank order") {
  std::ostringstream out;
  write_run(out, Run{{"1", {"d3", "d1"}}}, "t");
  CHECK(out.str() == "1 Q0 d3 1 -1 t\n1 Q0 d1 2 -2 t\n");
  std::istringstream in("2 Q0 b 2 0.5 x\n2 Q0 a 1 0.9 x\n\n1 Q0 c 1 1 x\n");
  const Run run = read_run(in, "test.run");
  CHECK(run.at("2") == std::vector<std::string>{"a", "b"});
  CHECK(run.at("1") == std::vector<std::string>{"c"});
  std::istringstream bad("1 Q0 c\n");
  CHECK_THROWS_WITH_AS(read_run(bad, "bad.run"), "bad.run:1: expected `QUERY Q0 DOC RANK SCORE TAG`",
                       std::runtime_error);
}

TEST_CASE("search batch output: line N answers query N; errors, corrections and missing lines fail") {
  std::istringstream good(R"({"query":"a","hits":[{"id":"7"},{"id":"3"}]})"
                          "\n"
                          R"({"query":"b","hits":[]})"
                          "\n"
                          R"({"query":"c","total":2,"ids":["5","1"]})"
                          "\n");
  const Run run = read_search_batch(good, 3, "ours.jsonl");
  CHECK(run.at("1") == std::vector<std::string>{"7", "3"});
  CHECK(run.at("2").empty());
  CHECK(run.at("3") == std::vector<std::string>{"5", "1"});  // --ids lines

  std::istringstream error(R"({"query":"(","error":"unbalanced parenthesis"})"
                           "\n");
  CHECK_THROWS_AS(read_search_batch(error, 1, "ours.jsonl"), std::runtime_error);
  std::istringstream corrected(R"({"query":"flwo","corrected":true,"hits":[]})"
                               "\n");
  CHECK_THROWS_AS(read_search_batch(corrected, 1, "ours.jsonl"), std::runtime_error);
  std::istringstream short_output(R"({"query":"a","hits":[]})"
                                  "\n");
  CHECK_THROWS_WITH_AS(read_search_batch(short_output, 2, "ours.jsonl"), "ours.jsonl: 1 result lines for 2 queries",
                       std::runtime_error);
}

TEST_CASE("FTS5: OR'd quoted words, bm25 order") {
  CHECK(Fts5Ranker::match_expression({"flow", "NOT", "a\"b"}) == R"("flow" OR "NOT" OR "a""b")");
  Fts5Ranker fts5({{"1", "", "pressure distribution on a cone"},
                   {"2", "heat transfer", "heat transfer in a boundary layer at high speed, heat flux"},
                   {"3", "", "boundary layer transition"}});
  CHECK(fts5.rank({"heat", "boundary"}, 10) == std::vector<std::string>{"2", "3"});
  CHECK(fts5.rank({"cones"}, 10) == std::vector<std::string>{"1"});  // porter stems
  CHECK(fts5.rank({"xylophone"}, 10).empty());
}
