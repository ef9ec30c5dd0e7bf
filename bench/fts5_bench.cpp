// fts5_bench: the SQLite FTS5 peer our indexer and search are measured
// against, doing the same work as a user of FTS5 would: one table with the
// full text stored, `porter unicode61` tokenising, bm25 ranking and snippet()
// for the top hits. Query times are taken in-process, as `search --batch`
// takes ours, so that neither side pays for process start-up.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "corpus_files.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Everything FTS5 stores: the full text, so snippets come from the index.
constexpr const char* kCreateTable =
    "CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, path UNINDEXED, title, body, "
    "tokenize='porter unicode61')";

// `ORDER BY rank` (bm25(articles) unless configured otherwise) lets FTS5
// sort inside the virtual table, as its documentation recommends; it measured
// twice as fast as `ORDER BY bm25(articles)` on one-word queries here.
constexpr const char* kSelectTop =
    "SELECT id, bm25(articles), snippet(articles, 3, '<b>', '</b>', '\xE2\x80\xA6', 24) "
    "FROM articles WHERE articles MATCH ?1 ORDER BY rank LIMIT ?2";

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

Db open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    throw std::runtime_error(path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  return db;
}

void exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error(std::string(sql).substr(0, 40) + "...: " + message);
  }
}

Statement prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("cannot prepare statement: ") + sqlite3_errmsg(db));
  }
  return Statement(raw);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::uintmax_t size_on_disk(const fs::path& db_path) {
  std::uintmax_t total = 0;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    const fs::path p = db_path.string() + suffix;
    if (fs::exists(p)) total += fs::file_size(p);
  }
  return total;
}

int index_corpus(const std::string& corpus, const std::string& db_path, bool optimize) {
  const auto start = Clock::now();
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(db_path + suffix);
  Db db = open(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  exec(db.get(), kCreateTable);
  exec(db.get(), "BEGIN");
  Statement insert = prepare(db.get(), "INSERT INTO articles(id, path, title, body) VALUES (?1, ?2, ?3, ?4)");
  std::size_t articles = 0;
  std::uintmax_t bytes = 0;
  auto add = [&](const fs::path& file, const std::string& id, std::string_view title, std::string_view body) {
    const std::string path = file.lexically_relative(corpus).generic_string();
    sqlite3_bind_text(insert.get(), 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert.get(), 2, path.data(), static_cast<int>(path.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert.get(), 3, title.data(), static_cast<int>(title.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert.get(), 4, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) {
      throw std::runtime_error(file.string() + ": insert failed: " + sqlite3_errmsg(db.get()));
    }
    sqlite3_reset(insert.get());
    ++articles;
  };
  for (const fs::path& file : bench::list_text_files(corpus, /*jsonl=*/true)) {
    const std::string text = bench::read_file(file);
    bytes += text.size();
    // The id as ours makes it: the path under the corpus without the extension.
    const std::string file_id = (file.lexically_relative(corpus).parent_path() / file.stem()).generic_string();
    if (file.extension() == ".jsonl") {
      // One record per line, as a FTS5 user loading a JSONL dump would: title and text (or body).
      std::size_t line_number = 0;
      for (std::string_view rest = text; !rest.empty();) {
        const auto eol = rest.find('\n');
        const std::string_view line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
        ++line_number;
        if (bench::trim(line).empty()) continue;
        const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
        if (!record.is_object()) continue;
        const std::string title = record.value("title", "");
        const std::string body = record.contains("text") ? record.value("text", "") : record.value("body", "");
        const std::string id = record.contains("id") ? (record["id"].is_string() ? record["id"].get<std::string>()
                                                                                 : record["id"].dump())
                                                     : file_id + "-L" + std::to_string(line_number);
        add(file, id, title, body);
      }
      continue;
    }
    const bench::PlainArticle article = bench::split_plain_text(text);
    add(file, file_id, article.title, article.body);
  }
  exec(db.get(), "COMMIT");
  // Off by default: a plain FTS5 user does not merge segments, and what we
  // compare against is what they would get.
  if (optimize) exec(db.get(), "INSERT INTO articles(articles) VALUES('optimize')");
  insert.reset();
  db.reset();
  const double wall = seconds_since(start);
  std::cout << nlohmann::json{{"engine", "fts5"},           {"sqlite", sqlite3_libversion()},
                              {"articles", articles},       {"bytes", bytes},
                              {"wall_s", wall},             {"db_bytes", size_on_disk(db_path)},
                              {"optimized", optimize}}
                   .dump()
            << "\n";
  return 0;
}

// Nearest-rank percentile, the same definition bench/run.sh uses.
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  // The epsilon keeps a product that lands a hair above an integer (binary
  // fractions) at that integer.
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size()) - 1e-9));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

int run_queries(const std::string& db_path, const std::string& queries_path, int limit, const std::string& output) {
  if (!fs::exists(db_path)) throw std::runtime_error(db_path + ": no such database (run fts5_bench index first)");
  Db db = open(db_path, SQLITE_OPEN_READONLY);
  Statement select = prepare(db.get(), kSelectTop);
  std::ifstream in(queries_path);
  if (!in) throw std::runtime_error(queries_path + ": cannot open");
  std::ofstream file;
  if (!output.empty()) {
    file.open(output, std::ios::binary);
    if (!file) throw std::runtime_error(output + ": cannot create");
  }
  std::ostream& out = output.empty() ? std::cout : file;

  struct Hit {
    std::string id;
    double score;
    std::string snippet;
  };
  std::vector<double> times_ms;
  std::size_t errors = 0;
  std::string query;
  std::vector<Hit> hits;
  while (std::getline(in, query)) {
    if (query.empty()) continue;
    hits.clear();
    std::string error;
    const auto start = Clock::now();
    sqlite3_reset(select.get());
    sqlite3_bind_text(select.get(), 1, query.data(), static_cast<int>(query.size()), SQLITE_STATIC);
    sqlite3_bind_int(select.get(), 2, limit);
    int rc;
    while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
      const auto* id = reinterpret_cast<const char*>(sqlite3_column_text(select.get(), 0));
      const double score = sqlite3_column_double(select.get(), 1);
      const auto* snippet = reinterpret_cast<const char*>(sqlite3_column_text(select.get(), 2));
      hits.push_back({id ? id : "", score, snippet ? snippet : ""});
    }
    if (rc != SQLITE_DONE) error = sqlite3_errmsg(db.get());
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();

    nlohmann::json line = {{"query", query}, {"elapsed_ms", ms}};
    if (!error.empty()) {
      ++errors;
      line["error"] = error;
    } else {
      times_ms.push_back(ms);
      line["returned"] = hits.size();
      line["hits"] = nlohmann::json::array();
      for (const Hit& h : hits) line["hits"].push_back({{"id", h.id}, {"score", h.score}, {"snippet", h.snippet}});
    }
    out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  std::sort(times_ms.begin(), times_ms.end());
  std::cerr << fmt::format("fts5_bench: {} queries, {} errors; ms p50 {:.3f} p90 {:.3f} p99 {:.3f} max {:.3f}\n",
                           times_ms.size() + errors, errors, percentile(times_ms, 0.50), percentile(times_ms, 0.90),
                           percentile(times_ms, 0.99), times_ms.empty() ? 0.0 : times_ms.back());
  return times_ms.empty() && errors > 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"SQLite FTS5 peer for bench/run.sh: builds an FTS5 index of a corpus and times queries against it."};
  app.require_subcommand(1);

  std::string corpus, db_path, queries, output;
  bool optimize = false;
  int limit = 10;
  CLI::App* index = app.add_subcommand(
      "index", "Index every .txt article and .jsonl record below --corpus into a new database; prints JSON");
  index->add_option("--corpus", corpus, "Corpus folder")->required()->check(CLI::ExistingDirectory);
  index->add_option("--db", db_path, "Database file (replaced)")->required();
  index->add_flag("--optimize", optimize, "Merge the FTS5 segments after indexing (not done by default)");

  CLI::App* query = app.add_subcommand(
      "query", "Run each line of --queries as a MATCH expression (bm25 order, snippet of the body); one JSON line each");
  query->add_option("--db", db_path, "Database file written by `fts5_bench index`")->required();
  query->add_option("--queries", queries, "Query file, one FTS5 MATCH expression per line")
      ->required()
      ->check(CLI::ExistingFile);
  query->add_option("--limit", limit, "Rows per query")->capture_default_str()->check(CLI::PositiveNumber);
  query->add_option("--output", output, "Write the JSON lines here instead of standard output");

  CLI11_PARSE(app, argc, argv);
  try {
    if (index->parsed()) return index_corpus(corpus, db_path, optimize);
    return run_queries(db_path, queries, limit, output);
  } catch (const std::exception& e) {
    std::cerr << "fts5_bench: " << e.what() << "\n";
    return 2;
  }
}
