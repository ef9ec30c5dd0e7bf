#include "runs.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

namespace relevance {

namespace {

std::runtime_error line_error(const std::string& source, std::size_t line, const std::string& what) {
  return std::runtime_error(source + ":" + std::to_string(line) + ": " + what);
}

}  // namespace

void write_run(std::ostream& out, const Run& run, const std::string& tag) {
  for (const auto& [query, documents] : run) {
    for (std::size_t i = 0; i < documents.size(); ++i) {
      out << query << " Q0 " << documents[i] << ' ' << i + 1 << " -" << i + 1 << ' ' << tag << '\n';
    }
  }
}

Run read_run(std::istream& in, const std::string& source) {
  std::map<std::string, std::vector<std::pair<long, std::string>>> ranked;
  std::string raw;
  for (std::size_t number = 1; std::getline(in, raw); ++number) {
    std::istringstream fields(raw);
    std::string query, q0, document, score, tag;
    long rank = 0;
    if (!(fields >> query)) continue;  // blank line
    if (!(fields >> q0 >> document >> rank >> score >> tag)) {
      throw line_error(source, number, "expected `QUERY Q0 DOC RANK SCORE TAG`");
    }
    ranked[query].emplace_back(rank, document);
  }
  Run run;
  for (auto& [query, documents] : ranked) {
    std::stable_sort(documents.begin(), documents.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [rank, document] : documents) run[query].push_back(std::move(document));
  }
  return run;
}

Run read_search_batch(std::istream& in, std::size_t queries, const std::string& source) {
  Run run;
  std::string raw;
  std::size_t number = 0;
  while (std::getline(in, raw)) {
    ++number;
    const nlohmann::json line = nlohmann::json::parse(raw, nullptr, false);
    if (line.is_discarded() || !line.is_object()) throw line_error(source, number, "not a JSON object");
    if (line.contains("error")) throw line_error(source, number, "search error: " + line["error"].dump());
    if (line.value("corrected", false))
      throw line_error(source, number, "the query was corrected (run with --no-autocorrect)");
    auto& documents = run[std::to_string(number)];
    if (line.contains("ids")) {  // --ids: no snippets, several times faster with 1000 hits
      for (const auto& id : line["ids"]) documents.push_back(id.get<std::string>());
    } else {
      for (const auto& hit : line.value("hits", nlohmann::json::array()))
        documents.push_back(hit.at("id").get<std::string>());
    }
  }
  if (number != queries) {
    throw std::runtime_error(source + ": " + std::to_string(number) + " result lines for " + std::to_string(queries) +
                             " queries");
  }
  return run;
}

}  // namespace relevance
