#include "fts5_ranker.h"

#include <sqlite3.h>

#include <stdexcept>

namespace relevance {

namespace {

// The same tokenizer as bench/fts5_bench.cpp, which measures FTS5's speed.
constexpr const char* kCreateTable =
    "CREATE VIRTUAL TABLE documents USING fts5(id UNINDEXED, title, text, tokenize='porter unicode61')";
constexpr const char* kInsert = "INSERT INTO documents(id, title, text) VALUES (?1, ?2, ?3)";
// `ORDER BY rank` is bm25(documents) with every column weighted 1.
constexpr const char* kSelectTop = "SELECT id FROM documents WHERE documents MATCH ?1 ORDER BY rank LIMIT ?2";

struct Statement {
  sqlite3_stmt* handle = nullptr;
  ~Statement() { sqlite3_finalize(handle); }
};

void bind(sqlite3_stmt* statement, int index, const std::string& text) {
  sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

}  // namespace

struct Fts5Ranker::Database {
  sqlite3* handle = nullptr;
  ~Database() { sqlite3_close(handle); }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("fts5: " + what + ": " + sqlite3_errmsg(handle));
  }

  void exec(const char* sql) const {
    if (sqlite3_exec(handle, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
  }

  void prepare(Statement& statement, const char* sql) const {
    if (sqlite3_prepare_v2(handle, sql, -1, &statement.handle, nullptr) != SQLITE_OK) fail(sql);
  }
};

Fts5Ranker::Fts5Ranker(const std::vector<CollectionDocument>& documents) : db_(std::make_unique<Database>()) {
  if (sqlite3_open(":memory:", &db_->handle) != SQLITE_OK) db_->fail("cannot open an in-memory database");
  db_->exec(kCreateTable);
  db_->exec("BEGIN");
  Statement insert;
  db_->prepare(insert, kInsert);
  for (const CollectionDocument& document : documents) {
    bind(insert.handle, 1, document.id);
    bind(insert.handle, 2, document.title);
    bind(insert.handle, 3, document.text);
    if (sqlite3_step(insert.handle) != SQLITE_DONE) db_->fail("insert of document " + document.id);
    sqlite3_reset(insert.handle);
  }
  db_->exec("COMMIT");
}

Fts5Ranker::~Fts5Ranker() = default;

std::string Fts5Ranker::match_expression(const std::vector<std::string>& words) {
  std::string expression;
  for (const std::string& word : words) {
    if (!expression.empty()) expression += " OR ";
    expression += '"';
    for (const char c : word) expression += c == '"' ? std::string("\"\"") : std::string(1, c);
    expression += '"';
  }
  return expression;
}

std::string Fts5Ranker::sqlite_version() { return sqlite3_libversion(); }

std::vector<std::string> Fts5Ranker::rank(const std::vector<std::string>& words, int limit) {
  std::vector<std::string> ids;
  if (words.empty()) return ids;
  Statement select;
  db_->prepare(select, kSelectTop);
  const std::string expression = match_expression(words);
  bind(select.handle, 1, expression);
  sqlite3_bind_int(select.handle, 2, limit);
  int rc;
  while ((rc = sqlite3_step(select.handle)) == SQLITE_ROW) {
    ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(select.handle, 0)));
  }
  if (rc != SQLITE_DONE) db_->fail("query " + expression);
  return ids;
}

}  // namespace relevance
