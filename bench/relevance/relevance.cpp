// relevance: the C++ half of the ranking-quality benchmark (bench/relevance.sh).
// `convert` turns a SMART collection into a corpus our indexer reads plus the
// files the other engines read; `fts5` ranks it with SQLite FTS5; `ours-run`
// turns `search --batch` output into a run; `evaluate` scores runs.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "fts5_ranker.h"
#include "metrics.h"
#include "plain_query.h"
#include "runs.h"
#include "smart.h"

namespace fs = std::filesystem;
using namespace relevance;

namespace {

// What `convert` writes into a collection folder, and what the other steps read.
struct CollectionFiles {
  fs::path root;
  fs::path corpus() const { return root / "corpus"; }        // <id>.jsonl, one document each: our indexer's input
  fs::path documents() const { return root / "docs.tsv"; }   // ID \t TITLE \t TEXT: FTS5's and Lucene's input
  fs::path queries() const { return root / "queries.txt"; }  // line N: query N as plain words
  fs::path qrels() const { return root / "qrels.txt"; }      // TREC qrels, gains as the measures use them
};

std::ifstream open_input(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  return in;
}

std::ofstream open_output(const fs::path& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error(path.string() + ": cannot create");
  return out;
}

std::vector<SmartRecord> read_smart_file(const fs::path& path) {
  std::ifstream in = open_input(path);
  return read_smart(in, path.string());
}

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

// Documents without any text (Cranfield 471 and 995) are left out for every
// engine: none could match them, and our indexer refuses them. Returns how many.
std::size_t write_documents(const CollectionFiles& files, const std::vector<SmartRecord>& documents) {
  fs::remove_all(files.corpus());
  fs::create_directories(files.corpus());
  std::ofstream table = open_output(files.documents());
  std::set<std::string> ids;
  std::size_t empty = 0;
  for (const SmartRecord& document : documents) {
    if (!ids.insert(document.id).second) throw std::runtime_error("document " + document.id + " appears twice");
    if (document.text.empty() && document.title.empty()) {
      ++empty;
      continue;
    }
    nlohmann::json record = {{"id", document.id}, {"text", document.text}};
    if (!document.title.empty()) record["title"] = document.title;
    open_output(files.corpus() / (document.id + ".jsonl")) << record.dump() << '\n';
    table << one_line(document.id) << '\t' << one_line(document.title) << '\t' << one_line(document.text) << '\n';
  }
  return empty;
}

// Query numbers are positions in the file (1, 2, ...), as cran.rel counts them.
void write_queries(const CollectionFiles& files, const std::vector<SmartRecord>& queries) {
  std::ofstream out = open_output(files.queries());
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const std::string query = plain_query(queries[i].text);
    if (query.empty()) throw std::runtime_error(fmt::format("query {} (.I {}) has no words", i + 1, queries[i].id));
    out << query << '\n';
  }
}

int convert(const fs::path& documents_file, const fs::path& queries_file, const fs::path& qrels_file,
            QrelsFormat format, const CollectionFiles& files) {
  const std::vector<SmartRecord> documents = read_smart_file(documents_file);
  const std::vector<SmartRecord> queries = read_smart_file(queries_file);
  std::ifstream qrels_in = open_input(qrels_file);
  const Qrels qrels = read_qrels(qrels_in, format, qrels_file.string());
  fs::create_directories(files.root);
  const std::size_t empty = write_documents(files, documents);
  write_queries(files, queries);

  std::set<std::string> ids;
  for (const SmartRecord& d : documents) ids.insert(d.id);
  std::ofstream qrels_out = open_output(files.qrels());
  std::size_t relevant = 0, unknown = 0;
  for (const auto& [query, judged] : qrels) {
    const long number = std::stol(query);
    if (number < 1 || static_cast<std::size_t>(number) > queries.size()) {
      throw std::runtime_error(fmt::format("{}: query {} is not among the {} queries of {}", qrels_file.string(), query,
                                           queries.size(), queries_file.string()));
    }
    for (const auto& [document, gain] : judged) {
      qrels_out << query << " 0 " << document << ' ' << gain << '\n';
      ++relevant;
      if (!ids.contains(document)) ++unknown;
    }
  }
  if (unknown > 0)
    std::cerr << fmt::format("relevance: warning: {} judged documents are not in {}\n", unknown,
                             documents_file.string());
  std::cout << nlohmann::json{{"documents", documents.size() - empty},
                              {"empty_documents_left_out", empty},
                              {"queries", queries.size()},
                              {"judged_queries", qrels.size()},
                              {"relevant_judgments", relevant}}
                   .dump()
            << '\n';
  return 0;
}

std::vector<std::string> read_lines(const fs::path& path) {
  std::ifstream in = open_input(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<CollectionDocument> read_documents(const fs::path& path) {
  std::vector<CollectionDocument> documents;
  std::size_t number = 0;
  for (const std::string& line : read_lines(path)) {
    ++number;
    const auto first = line.find('\t'), second = line.find('\t', first + 1);
    if (second == std::string::npos)
      throw std::runtime_error(fmt::format("{}:{}: expected ID<tab>TITLE<tab>TEXT", path.string(), number));
    documents.push_back({line.substr(0, first), line.substr(first + 1, second - first - 1), line.substr(second + 1)});
  }
  return documents;
}

int rank_with_fts5(const CollectionFiles& files, int limit, const fs::path& output) {
  Fts5Ranker fts5(read_documents(files.documents()));
  Run run;
  const std::vector<std::string> queries = read_lines(files.queries());
  for (std::size_t i = 0; i < queries.size(); ++i)
    run[std::to_string(i + 1)] = fts5.rank(plain_words(queries[i]), limit);
  std::ofstream out = open_output(output);
  write_run(out, run, "fts5");
  std::cout << nlohmann::json{{"engine", "fts5"}, {"sqlite", Fts5Ranker::sqlite_version()}, {"queries", queries.size()}}
                   .dump()
            << '\n';
  return 0;
}

int convert_search_output(const CollectionFiles& files, const fs::path& input, const fs::path& output) {
  std::ifstream in = open_input(input);
  const Run run = read_search_batch(in, read_lines(files.queries()).size(), input.string());
  std::ofstream out = open_output(output);
  write_run(out, run, "ours");
  return 0;
}

std::vector<std::string> query_numbers(const CollectionFiles& files) {
  std::vector<std::string> numbers;
  for (std::size_t i = 1; i <= read_lines(files.queries()).size(); ++i) numbers.push_back(std::to_string(i));
  return numbers;
}

nlohmann::json to_json(const Measures& m) {
  return {{"map", m.map}, {"ndcg_10", m.ndcg_10}, {"p_10", m.precision_10}, {"recall_100", m.recall_100}};
}

// One JSON line per run: its mean measures and how many queries were scored.
int evaluate_runs(const CollectionFiles& files, const std::vector<std::string>& runs, const fs::path& per_query) {
  std::ifstream qrels_in = open_input(files.qrels());
  const Qrels qrels = read_qrels(qrels_in, QrelsFormat::trec, files.qrels().string());
  const std::vector<std::string> queries = query_numbers(files);
  std::ofstream per_query_out;
  if (!per_query.empty()) per_query_out = open_output(per_query);
  for (const std::string& spec : runs) {
    const auto equals = spec.find('=');
    if (equals == std::string::npos || equals == 0) throw std::runtime_error("--run " + spec + ": expected NAME=FILE");
    const std::string name = spec.substr(0, equals), path = spec.substr(equals + 1);
    std::ifstream in = open_input(path);
    const Evaluation evaluation = evaluate(read_run(in, path), qrels, queries);
    nlohmann::json line = to_json(evaluation.mean);
    line["run"] = name;
    line["queries"] = evaluation.queries.size();
    line["skipped"] = evaluation.skipped;
    std::cout << line.dump() << '\n';
    for (const auto& [query, m] : evaluation.queries) {
      if (!per_query.empty())
        per_query_out << nlohmann::json{{"run", name}, {"query", query}, {"measures", to_json(m)}}.dump() << '\n';
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Ranking-quality benchmark tool for bench/relevance.sh: converts SMART collections, ranks them with FTS5, "
      "scores runs with trec_eval's measures. Exit status: 0 done, 2 error."};
  app.require_subcommand(1);
  CollectionFiles files;

  std::string documents_file, queries_file, qrels_file;
  QrelsFormat format = QrelsFormat::trec;
  CLI::App* convert_command =
      app.add_subcommand("convert", "Write a collection folder from SMART files; prints counts as JSON");
  convert_command->add_option("--docs", documents_file, "SMART documents (.I, .T, .W)")
      ->required()
      ->check(CLI::ExistingFile);
  convert_command->add_option("--queries", queries_file, "SMART queries; query N is the Nth record")
      ->required()
      ->check(CLI::ExistingFile);
  convert_command->add_option("--qrels", qrels_file, "relevance judgments")->required()->check(CLI::ExistingFile);
  convert_command
      ->add_option("--qrels-format", format,
                   "cranfield (QUERY DOC CODE, gain 5 - code, -1 dropped) or trec (QUERY 0 DOC REL)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, QrelsFormat>{{"cranfield", QrelsFormat::cranfield}, {"trec", QrelsFormat::trec}}))
      ->required();
  convert_command->add_option("--out", files.root, "collection folder (corpus/, docs.tsv, queries.txt, qrels.txt)")
      ->required();

  int limit = 1000;
  std::string output, input, per_query;
  CLI::App* fts5_command = app.add_subcommand(
      "fts5",
      "Rank every query of a collection folder with SQLite FTS5; writes a TREC run, prints the SQLite version as JSON");
  fts5_command->add_option("--collection", files.root, "folder written by convert")
      ->required()
      ->check(CLI::ExistingDirectory);
  fts5_command->add_option("--limit", limit, "documents per query")->capture_default_str()->check(CLI::PositiveNumber);
  fts5_command->add_option("--output", output, "the run file")->required();

  CLI::App* ours_command = app.add_subcommand("ours-run", "Turn `search --batch` JSONL output into a TREC run");
  ours_command->add_option("--collection", files.root, "folder written by convert")
      ->required()
      ->check(CLI::ExistingDirectory);
  ours_command->add_option("--input", input, "search's output, one line per query")
      ->required()
      ->check(CLI::ExistingFile);
  ours_command->add_option("--output", output, "the run file")->required();

  std::vector<std::string> runs;
  CLI::App* evaluate_command =
      app.add_subcommand("evaluate", "Score runs: MAP, nDCG@10, P@10, Recall@100; one JSON line per run");
  evaluate_command->add_option("--collection", files.root, "folder written by convert")
      ->required()
      ->check(CLI::ExistingDirectory);
  evaluate_command->add_option("--run", runs, "NAME=FILE, a TREC run (repeatable)")->required();
  evaluate_command->add_option("--per-query", per_query, "also write each query's measures here (JSON lines)");

  CLI11_PARSE(app, argc, argv);
  try {
    if (convert_command->parsed()) return convert(documents_file, queries_file, qrels_file, format, files);
    if (fts5_command->parsed()) return rank_with_fts5(files, limit, output);
    if (ours_command->parsed()) return convert_search_output(files, input, output);
    return evaluate_runs(files, runs, per_query);
  } catch (const std::exception& e) {
    std::cerr << "relevance: " << e.what() << "\n";
    return 2;
  }
}
