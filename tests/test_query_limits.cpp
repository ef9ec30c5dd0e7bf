// The limits on what one query may cost (search/query_limits.h): hostile
// queries are one-line errors naming a column, never a crash or minutes of
// matching; and the limits in docs/query-syntax.md are the ones in the code.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include <xapian.h>

#include "text/analyser.h"
#include "index/document_builder.h"
#include "index/schema.h"
#include "search/query.h"
#include "search/query_lexer.h"
#include "search/query_limits.h"
#include "search/query_parser.h"

using news::QueryCompiler;
using news::QuerySyntaxError;

namespace {

// Two articles, and a spelling dictionary with `extra_words` more words
// ("wa0", "wa1", ...) for the wildcards to expand to.
struct LimitsIndex {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("news-limits-test-" + std::to_string(std::random_device{}()));
  Xapian::WritableDatabase db{path.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS};

  explicit LimitsIndex(int extra_words = 0) {
    news::Analyser analyser;
    const char* texts[] = {"Sanctions on Russia\n\nThe sanctions hit Moscow hard. Putin and Kim met.",
                           "Military drills\n\nJapan held military exercises near the islands."};
    int n = 0;
    for (const char* text : texts) {
      news::Article a = news::parse_plain_text(text, "doc" + std::to_string(n++), "x.txt");
      db.add_document(news::build_document(news::analyse_article(std::move(a), analyser, nullptr), analyser));
    }
    for (const char* word : {"sanctions", "military", "moscow", "japan"}) db.add_spelling(word);
    for (int i = 0; i < extra_words; ++i) db.add_spelling("wa" + std::to_string(i));
    db.commit();
  }
  ~LimitsIndex() {
    db.close();
    std::filesystem::remove_all(path);
  }
};

std::string repeated(const std::string& piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

std::string nested(std::size_t levels, const std::string& inside = "Putin") {
  return repeated("(", levels) + inside + repeated(")", levels);
}

// The error's message, or "" when the query compiles.
std::string error_of(QueryCompiler& compiler, const std::string& query) {
  try {
    compiler.compile(query);
  } catch (const QuerySyntaxError& e) {
    return e.what();
  }
  return "";
}

std::size_t column_of(QueryCompiler& compiler, const std::string& query) {
  try {
    compiler.compile(query);
  } catch (const QuerySyntaxError& e) {
    return e.column;
  }
  return 0;
}

std::vector<Xapian::docid> matches(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, 10);
  std::vector<Xapian::docid> ids;
  for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
  return ids;
}

}  // namespace

TEST_CASE("regression: 3,200 nested parentheses are a syntax error, not a crash") {
  LimitsIndex index;
  news::Analyser analyser;
  QueryCompiler compiler(index.db, analyser);
  const std::string message = error_of(compiler, nested(3200));
  CHECK(message == "parentheses and fields nested more than 64 levels deep (at column 65)");
  CHECK(message.find('\n') == std::string::npos);
  // Unclosed, and only opening: the same error, before the missing ')' is noticed.
  CHECK(column_of(compiler, repeated("(", 10000)) == news::kMaxQueryNesting + 1);
  CHECK(column_of(compiler, repeated("-(", 3000)) == 2 * news::kMaxQueryNesting + 1);
}

TEST_CASE("query limits: 64 levels of parentheses, title: and every operator still compile") {
  LimitsIndex index;
  news::Analyser analyser;
  QueryCompiler compiler(index.db, analyser);
  CHECK(error_of(compiler, nested(news::kMaxQueryNesting)) == "");
  CHECK(error_of(compiler, nested(news::kMaxQueryNesting + 1)) != "");
  // Each level holds a sequence, OR, AND or NOT: the deepest tree the parser
  // accepts must stay inside the compiler's own depth bound.
  std::string deep = "Putin";
  for (std::size_t i = 0; i < news::kMaxQueryNesting / 2; ++i) deep = "(a OR b AND c NOT (" + deep + ") d)";
  CHECK(error_of(compiler, deep) == "");
  std::string titles = "Japan";
  for (std::size_t i = 0; i < news::kMaxQueryNesting / 2; ++i) titles = "title:(" + titles + ")";
  CHECK(error_of(compiler, titles) == "");
  CHECK(matches(index.db, compiler.compile(titles).query).size() == 0);  // "Japan" is in no title
}

TEST_CASE("regression: a chain of 999 NOTs is one node, not 999 levels of recursion") {
  std::string query = "Putin";
  for (int i = 0; i < 999; ++i) query += " NOT w" + std::to_string(i);
  // At the top, a NOT after a clause excludes from the list ("a NOT b" is "a -b"): one flat list.
  const news::QueryNode root = news::parse_query(news::lex_query(query));
  REQUIRE(root.children.size() == 1000);
  CHECK(root.children[0].sign == 0);
  CHECK(std::all_of(root.children.begin() + 1, root.children.end(), [](const news::QueryNode& n) { return n.sign < 0; }));
  // Inside OR, the chain stays one node.
  const news::QueryNode either = news::parse_query(news::lex_query("Kim OR " + query.substr(0, query.rfind(" NOT "))));
  REQUIRE(either.children.size() == 1);
  REQUIRE(either.children[0].children.size() == 2);
  CHECK(either.children[0].children[1].kind == news::QueryNode::Kind::op_and_not);
  CHECK(either.children[0].children[1].children.size() == 999);
  LimitsIndex index;
  news::Analyser analyser;
  QueryCompiler compiler(index.db, analyser);
  CHECK(matches(index.db, compiler.compile("sanctions NOT Kim NOT Putin").query).empty());
  CHECK(matches(index.db, compiler.compile("sanctions NOT drills NOT Japan").query).size() == 1);
}

TEST_CASE("regression: a query of more than 1,000 words is an error naming the 1,001st") {
  LimitsIndex index;
  news::Analyser analyser;
  QueryCompiler compiler(index.db, analyser);
  std::string words;
  for (std::size_t i = 0; i < news::kMaxQueryClauses; ++i) words.append("w").append(std::to_string(i % 10)).append(" ");
  CHECK(error_of(compiler, words) == "");
  const std::size_t column = words.size() + 1;
  words += "Putin";
  CHECK(column_of(compiler, words) == column);
  CHECK(error_of(compiler, words).rfind("too many words: a query holds at most 1000", 0) == 0);
  // Phrases and field values count as well.
  std::string phrases;
  for (std::size_t i = 0; i <= news::kMaxQueryClauses; ++i) phrases += "\"a\" ";
  CHECK(error_of(compiler, phrases) != "");
  std::string fields;
  for (std::size_t i = 0; i <= news::kMaxQueryClauses; ++i) fields += "id:x ";
  CHECK(error_of(compiler, fields) != "");
}

TEST_CASE("regression: a query longer than 16,384 bytes is an error, whatever it holds") {
  LimitsIndex index;
  news::Analyser analyser;
  QueryCompiler compiler(index.db, analyser);
  const std::string longest(news::kMaxQueryBytes, 'a');
  CHECK(error_of(compiler, longest) == "");
  CHECK(error_of(compiler, longest + "a") == "the query is longer than 16384 bytes (at column 16385)");
  CHECK(column_of(compiler, std::string(1 << 20, '"')) == news::kMaxQueryBytes + 1);
}

TEST_CASE("regression: a word repeated 1,000 times is one weighted leaf with the same scores") {
  LimitsIndex index;
  news::Analyser analyser;
  QueryCompiler compiler(index.db, analyser);
  const news::CompiledQuery compiled = compiler.compile("sanctions sanctions sanctions Japan");
  const std::string description = compiled.query.get_description();
  CHECK(description.find("3 * Zsanction") != std::string::npos);
  // Scored as the plain OR of every copy.
  Xapian::Enquire ours(index.db), plain(index.db);
  ours.set_query(compiled.query);
  const Xapian::Query s("Zsanction"), j("Zjapan");
  const std::vector<Xapian::Query> copies = {s, s, s, j};
  plain.set_query(Xapian::Query(Xapian::Query::OP_OR, copies.begin(), copies.end()));
  const Xapian::MSet a = ours.get_mset(0, 10), b = plain.get_mset(0, 10);
  REQUIRE(a.size() == 2);
  REQUIRE(b.size() == 2);
  for (unsigned i = 0; i < 2; ++i) {
    CHECK(*a[i] == *b[i]);
    CHECK(a[i].get_weight() == doctest::Approx(b[i].get_weight()));
  }
  std::string thousand;
  for (std::size_t i = 0; i < news::kMaxQueryClauses; ++i) thousand += "sanctions ";
  CHECK(compiler.compile(thousand).query.get_description().find("1000 * Zsanction") != std::string::npos);
}

TEST_CASE("regression: a wildcard with no expansion matches nothing, and still counts as a clause") {
  LimitsIndex index;
  news::Analyser analyser;
  QueryCompiler compiler(index.db, analyser);
  const news::CompiledQuery nothing = compiler.compile("xyzzy*");
  CHECK_FALSE(nothing.empty);  // not "empty query": nothing found
  CHECK(matches(index.db, nothing.query).empty());
  CHECK(matches(index.db, compiler.compile("+xyzzy* sanctions").query).empty());
  CHECK(matches(index.db, compiler.compile("xyzzy* AND sanctions").query).empty());
  CHECK(matches(index.db, compiler.compile("xyzzy* OR sanctions").query).size() == 1);
  CHECK(matches(index.db, compiler.compile("sanctions -xyzzy*").query).size() == 1);
  CHECK(matches(index.db, compiler.compile("sanctions NOT xyzzy*").query).size() == 1);
}

TEST_CASE("regression: 300 one-letter wildcards are refused once they expand to more than 1,000 words") {
  LimitsIndex index(3000);  // wa0 ... wa2999
  news::Analyser analyser;
  QueryCompiler compiler(index.db, analyser);
  // One wildcard keeps its 100 most frequent words.
  const news::CompiledQuery one = compiler.compile("wa*");
  CHECK(one.highlights.terms.size() == news::kMaxWildcardExpansion);
  // Ten of them are 1,000 words; the eleventh goes over.
  std::string query;
  for (int i = 0; i < 10; ++i) query += "wa* ";
  CHECK(error_of(compiler, query) == "");
  const std::size_t column = query.size() + 1;
  query += "wa*";
  CHECK(column_of(compiler, query) == column);
  CHECK(error_of(compiler, query).find("expand to more than 1000 words in all") != std::string::npos);
  std::string hostile;
  for (int i = 0; i < 300; ++i) hostile += "w* ";
  CHECK(column_of(compiler, hostile) == 31);  // the eleventh "w*"
}

TEST_CASE("query limits: docs/query-syntax.md lists every limit with the value in the code") {
  std::ifstream in(std::string(NEWS_DOCS_DIR) + "/query-syntax.md");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const auto section = doc.find("## Limits");
  REQUIRE(section != std::string::npos);
  const std::string limits = doc.substr(section, doc.find("\n## ", section + 1) - section);
  const std::pair<const char*, std::size_t> expected[] = {
      {"query length", news::kMaxQueryBytes},
      {"clauses", news::kMaxQueryClauses},
      {"nesting", news::kMaxQueryNesting},
      {"one wildcard", news::kMaxWildcardExpansion},
      {"all wildcards", news::kMaxWildcardExpansionsTotal},
  };
  for (const auto& [name, value] : expected) {
    const std::string limit = name;
    CAPTURE(limit);
    const std::regex row("\\| [^|]*" + limit + "[^|]*\\| ([0-9,]+)");
    std::smatch m;
    REQUIRE(std::regex_search(limits, m, row));
    std::string digits = m[1];
    digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
    CHECK(std::stoul(digits) == value);
  }
}
