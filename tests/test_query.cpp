#include <doctest/doctest.h>

#include <filesystem>
#include <random>

#include <xapian.h>

#include "text/analyser.h"
#include "index/document_builder.h"
#include "search/query.h"

using news::QueryCompiler;
using news::QuerySyntaxError;

namespace {

// A small glass database (the in-memory backend has no spelling table).
struct TinyIndex {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("news-query-test-" + std::to_string(std::random_device{}()));
  Xapian::WritableDatabase db{path.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS};

  TinyIndex() {
    news::Analyser analyser;
    const char* texts[] = {"Sanctions on Russia\n\nThe sanctions hit Moscow hard. Putin and Kim met.",
                           "Military drills\n\nJapan held military exercises near the islands."};
    int n = 0;
    for (const char* text : texts) {
      news::Article a = news::parse_plain_text(text, "doc" + std::to_string(n++), "x.txt");
      db.add_document(news::build_document(news::analyse_article(std::move(a), analyser, nullptr), analyser));
    }
    db.add_spelling("sanctions");
    db.add_spelling("military");
    db.commit();
  }
  ~TinyIndex() {
    db.close();
    std::filesystem::remove_all(path);
  }
};

std::size_t error_column(QueryCompiler& compiler, const std::string& query) {
  try {
    compiler.compile(query);
  } catch (const QuerySyntaxError& e) {
    return e.column;
  }
  return 0;
}

}  // namespace

TEST_CASE("query: malformed queries are errors with a column") {
  TinyIndex tiny;
  Xapian::WritableDatabase& db = tiny.db;
  news::Analyser analyser;
  QueryCompiler compiler(db, analyser);
  CHECK(error_column(compiler, "\"retaliatory measures") == 1);
  CHECK(error_column(compiler, "(Putin OR Kim") == 1);
  CHECK(error_column(compiler, "Putin)") == 6);
  CHECK(error_column(compiler, "Putin AND") == 7);
  CHECK(error_column(compiler, "OR Putin") == 1);
  CHECK(error_column(compiler, "Putin NOT") == 7);
  CHECK(error_column(compiler, "Putin NEAR") == 7);
  CHECK(error_column(compiler, "title:") == 1);
  CHECK(error_column(compiler, "colour:red") == 1);
  CHECK(error_column(compiler, "mil*tary") == 4);
  CHECK(error_column(compiler, "()") == 1);
  CHECK(error_column(compiler, "Putin - Kim") == 7);
  CHECK(error_column(compiler, "Putin AND (Kim OR Xi)") == 0);
}

TEST_CASE("query: error messages say what is wrong") {
  TinyIndex tiny;
  Xapian::WritableDatabase& db = tiny.db;
  news::Analyser analyser;
  QueryCompiler compiler(db, analyser);
  auto message = [&](const std::string& q) {
    try {
      compiler.compile(q);
    } catch (const QuerySyntaxError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(message("\"open") == "unbalanced quote: this '\"' is never closed (at column 1)");
  CHECK(message("(open") == "unbalanced parenthesis: this '(' is never closed (at column 1)");
  CHECK(message("a AND") == "AND needs something after it (at column 3)");
}

TEST_CASE("query: words are stemmed with the analyser and match inflections") {
  TinyIndex tiny;
  Xapian::WritableDatabase& db = tiny.db;
  news::Analyser analyser;
  QueryCompiler compiler(db, analyser);
  auto count = [&](const std::string& q) {
    Xapian::Enquire enquire(db);
    enquire.set_query(compiler.compile(q).query);
    return enquire.get_mset(0, 10).size();
  };
  CHECK(count("sanction") == 1);
  CHECK(count("\"sanction\"") == 1);  // quotes group words; matching is by stem
  CHECK(count("\"sanctions hit\"") == 1);
  CHECK(count("\"sanction hits\"") == 1);
  CHECK(count("\"hit sanctions\"") == 0);
  CHECK(count("militar*") == 1);
  CHECK(count("Putin NEAR/1 Kim") == 1);
  CHECK(count("Putin NEAR/0 Moscow") == 0);
  CHECK(count("sanctions OR drills") == 2);
  CHECK(count("sanctions AND drills") == 0);
  CHECK(count("islands -military") == 0);
  CHECK(count("islands NOT military") == 0);
  CHECK(count("title:military") == 1);
  CHECK(count("title:islands") == 0);
  CHECK(count("id:doc1") == 1);
}

TEST_CASE("query: the highlight plan lists stems, and phrases as runs") {
  TinyIndex tiny;
  Xapian::WritableDatabase& db = tiny.db;
  news::Analyser analyser;
  QueryCompiler compiler(db, analyser);
  const news::CompiledQuery q = compiler.compile("sanctions \"military exercises\" -Kim");
  CHECK(q.highlights.terms == std::vector<std::string>{"Zsanction"});
  REQUIRE(q.highlights.phrases.size() == 1);
  CHECK(q.highlights.phrases[0] == std::vector<std::string>{"Zmilitari", "Zexercis"});
  CHECK(q.all_clauses_bonus > 0);
}

TEST_CASE("query: spelling suggestions keep the user's capitalisation") {
  TinyIndex tiny;
  Xapian::WritableDatabase& db = tiny.db;
  news::Analyser analyser;
  QueryCompiler compiler(db, analyser);
  auto fix = compiler.suggest("Sanktions on Russia");
  REQUIRE(fix.has_value());
  CHECK(fix->corrected_query == "Sanctions on Russia");
  CHECK_FALSE(compiler.suggest("sanctions").has_value());
  CHECK(compiler.suggest("\"militery drills\"")->corrected_query == "\"military drills\"");
}
