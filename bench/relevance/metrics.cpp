#include "metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

namespace relevance {

namespace {

double discount(std::size_t rank) { return 1.0 / std::log2(static_cast<double>(rank) + 1.0); }

double ideal_dcg(const std::map<std::string, int>& judged, std::size_t cutoff) {
  std::vector<int> gains;
  for (const auto& [document, gain] : judged) gains.push_back(gain);
  std::sort(gains.begin(), gains.end(), std::greater<>());
  double dcg = 0;
  for (std::size_t i = 0; i < gains.size() && i < cutoff; ++i) dcg += gains[i] * discount(i + 1);
  return dcg;
}

}  // namespace

Measures measure_query(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged,
                       std::size_t depth) {
  Measures m;
  std::set<std::string> seen;
  std::size_t rank = 0, relevant_so_far = 0, relevant_at_10 = 0, relevant_at_100 = 0;
  double precision_sum = 0, dcg_10 = 0;
  for (const std::string& document : ranked) {
    if (rank == depth) break;
    if (!seen.insert(document).second) continue;
    ++rank;
    const auto judgment = judged.find(document);
    if (judgment == judged.end()) continue;
    ++relevant_so_far;
    precision_sum += static_cast<double>(relevant_so_far) / static_cast<double>(rank);
    if (rank <= 10) {
      ++relevant_at_10;
      dcg_10 += judgment->second * discount(rank);
    }
    if (rank <= 100) ++relevant_at_100;
  }
  const auto relevant = static_cast<double>(judged.size());
  m.map = precision_sum / relevant;
  m.ndcg_10 = dcg_10 / ideal_dcg(judged, 10);
  m.precision_10 = static_cast<double>(relevant_at_10) / 10.0;
  m.recall_100 = static_cast<double>(relevant_at_100) / relevant;
  return m;
}

Evaluation evaluate(const Run& run, const Qrels& qrels, const std::vector<std::string>& queries, std::size_t depth) {
  Evaluation result;
  static const std::vector<std::string> nothing;
  for (const std::string& query : queries) {
    const auto judged = qrels.find(query);
    if (judged == qrels.end() || judged->second.empty()) {
      ++result.skipped;
      continue;
    }
    const auto ranked = run.find(query);
    const Measures m = measure_query(ranked == run.end() ? nothing : ranked->second, judged->second, depth);
    result.queries[query] = m;
    result.mean.map += m.map;
    result.mean.ndcg_10 += m.ndcg_10;
    result.mean.precision_10 += m.precision_10;
    result.mean.recall_100 += m.recall_100;
  }
  if (const auto n = static_cast<double>(result.queries.size()); n > 0) {
    result.mean.map /= n;
    result.mean.ndcg_10 /= n;
    result.mean.precision_10 /= n;
    result.mean.recall_100 /= n;
  }
  return result;
}

}  // namespace relevance
