// Ranking-quality measures of one engine's ranked lists against relevance
// judgments, with trec_eval's definitions (map, ndcg_cut.10, P.10,
// recall.100), so that figures compare with published ones.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "smart.h"

namespace relevance {

// query number -> document ids, best first (an engine's ranked list).
using Run = std::map<std::string, std::vector<std::string>>;

struct Measures {
  double map = 0;           // average precision over the whole list (trec_eval: top 1000)
  double ndcg_10 = 0;       // DCG@10 (gain / log2(rank + 1)) over the ideal DCG@10 of all judged gains
  double precision_10 = 0;  // relevant among the top 10, divided by 10 even when fewer were returned
  double recall_100 = 0;    // relevant among the top 100 over all relevant
};

// One query's measures. `ranked` is in rank order; a document listed twice
// counts at its first rank only. `judged` holds the relevant documents and
// their gains and must not be empty. Only the first `depth` ranks count.
Measures measure_query(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged,
                       std::size_t depth = 1000);

struct Evaluation {
  Measures mean;                            // over the queries evaluated
  std::map<std::string, Measures> queries;  // query number -> its measures
  int skipped = 0;                          // queries without any relevant document, left out
};

// The mean over every query of `queries` that has a relevant document in
// `qrels` (trec_eval -c: a query the run has nothing for scores 0, it is not
// left out). `queries` lists the collection's query numbers.
Evaluation evaluate(const Run& run, const Qrels& qrels, const std::vector<std::string>& queries,
                    std::size_t depth = 1000);

}  // namespace relevance
