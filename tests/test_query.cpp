#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include <xapian.h>

#include "text/analyser.h"
#include "index/document_builder.h"
#include "search/document_set_source.h"
#include "search/query.h"
#include "search/query_lexer.h"
#include "search/query_parser.h"
#include "search/query_words.h"

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

std::vector<std::string> term_names(const std::vector<news::HighlightTerm>& terms) {
  std::vector<std::string> names;
  for (const news::HighlightTerm& t : terms) names.push_back(t.term);
  return names;
}

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
  CHECK(error_column(compiler, "Putin AND NOT") == 11);
  CHECK(error_column(compiler, "Putin &&") == 7);
  CHECK(error_column(compiler, "|| Putin") == 1);
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
  CHECK(term_names(q.highlights.terms) == std::vector<std::string>{"Zsanction"});
  REQUIRE(q.highlights.phrases.size() == 1);
  CHECK(term_names(q.highlights.phrases[0]) == std::vector<std::string>{"Zmilitari", "Zexercis"});
  CHECK_FALSE(q.every_clause.empty());  // two clauses: matched_all has something to check
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

TEST_CASE("query lexer: a sign and a field are their own lexemes, with columns and byte offsets") {
  using Kind = news::QueryLexeme::Kind;
  const auto lexemes = news::lex_query("-Title:\"Russia warns\" NEAR/3 mil*");
  REQUIRE(lexemes.size() == 4);
  CHECK(lexemes[0].kind == Kind::field);
  CHECK(lexemes[0].text == "title");  // field names are folded
  CHECK(lexemes[0].sign == -1);
  CHECK(lexemes[1].kind == Kind::phrase);
  CHECK(lexemes[1].sign == 0);  // the sign belongs to the field
  CHECK(lexemes[1].begin == 8);
  CHECK(lexemes[1].text == "Russia warns");
  CHECK(lexemes[2].kind == Kind::op_near);
  CHECK(lexemes[2].window == 3);
  CHECK(lexemes[2].column == 23);
  CHECK(lexemes[3].wildcard);
  CHECK(lexemes[3].text == "mil");
  CHECK(news::lex_query("and or not")[0].kind == Kind::word);  // operators are upper case
}

TEST_CASE("query parser: NEAR binds tightest, then NOT, AND, OR, then clauses side by side") {
  using Kind = news::QueryNode::Kind;
  const news::QueryNode root = news::parse_query(news::lex_query("a OR b AND c NOT d NEAR e f"));
  REQUIRE(root.kind == Kind::sequence);
  REQUIRE(root.children.size() == 2);
  const news::QueryNode& either = root.children[0];
  REQUIRE(either.kind == Kind::op_or);
  REQUIRE(either.children.size() == 2);
  CHECK(either.children[0].text == "a");
  const news::QueryNode& both = either.children[1];
  REQUIRE(both.kind == Kind::op_and);
  const news::QueryNode& but_not = both.children[1];
  REQUIRE(but_not.kind == Kind::op_and_not);
  CHECK(but_not.children[0].text == "c");
  CHECK(but_not.children[1].kind == Kind::op_near);
  CHECK(but_not.children[1].children.size() == 2);
  CHECK(root.children[1].text == "f");
  // A one-clause group is that clause; its sign carries over.
  const news::QueryNode group = news::parse_query(news::lex_query("-(Putin)"));
  REQUIRE(group.children.size() == 1);
  CHECK(group.children[0].kind == Kind::word);
  CHECK(group.children[0].sign == -1);
}

TEST_CASE("query words: the stop list and the everyday words are loaded whole") {
  const news::QueryWordLists& lists = news::QueryWordLists::get();
  for (const char* word : {"the", "what", "and", "or", "not", "in", "so", "very", "don't"}) {
    CAPTURE(word);
    CHECK(lists.is_stop_word(word));
  }
  CHECK_FALSE(lists.is_stop_word("wells"));
  CHECK_FALSE(lists.is_stop_word("us"));  // not on Snowball's list: "us" is an everyday word instead
  CHECK(lists.is_common_word("us"));
  CHECK(lists.is_common_word("it"));
  CHECK_FALSE(lists.is_common_word("nato"));
}

TEST_CASE("query words: what a word's case asks for") {
  using news::CaseReading;
  CHECK(news::case_reading("wells", "wells") == CaseReading::any_form);
  CHECK(news::case_reading("Wells", "wells") == CaseReading::exact_form);
  CHECK(news::case_reading("NATO", "nato") == CaseReading::exact_form);  // no everyday word: any case
  CHECK(news::case_reading("US", "us") == CaseReading::capitals);
  CHECK(news::case_reading("U.S.", "us") == CaseReading::capitals);
  CHECK(news::case_reading("IT", "it") == CaseReading::capitals);
  CHECK(news::case_reading("Zürich", "zurich") == CaseReading::exact_form);
  news::Analyser analyser;
  auto starts = [&](const std::string& q) { return news::query_case(q, news::lex_query(q), analyser).sentence_starts.size(); };
  CHECK(starts("Wells") == 0);
  CHECK(starts("Wells Fargo") == 0);
  CHECK(starts("Articles on drilling oil wells") == 1);  // a sentence's first word
  CHECK(starts("Wells and Marks") == 0);                 // too short for a sentence: names
  CHECK(starts("Wells and marks") == 0);
  CHECK(starts("Wells Fargo bank fees rise") == 0);      // followed by a capitalised word
  CHECK(starts("why? Papers on oil wells") == 1);
  CHECK(starts("US troops leave the base") == 0);  // capitals are never a sentence start
  CHECK(news::query_case("KENNEDY ADMINISTRATION PRESSURE", news::lex_query("KENNEDY ADMINISTRATION PRESSURE"), analyser).shouted);
  CHECK_FALSE(news::query_case("NATO US", news::lex_query("NATO US"), analyser).shouted);
}

TEST_CASE("query parser: AND NOT, a NOT after a clause, && and ||") {
  using Kind = news::QueryNode::Kind;
  auto clauses = [](const std::string& q) {
    std::vector<std::string> out;
    for (const news::QueryNode& n : news::parse_query(news::lex_query(q)).children) {
      out.push_back((n.sign < 0 ? "-" : "") + (n.kind == Kind::word ? n.text : "(node)"));
    }
    return out;
  };
  CHECK(clauses("Blair AND NOT Brown") == std::vector<std::string>{"Blair", "-Brown"});
  CHECK(clauses("Blair NOT Brown") == std::vector<std::string>{"Blair", "-Brown"});
  CHECK(clauses("Blair Brown NOT Cameron") == std::vector<std::string>{"Blair", "Brown", "-Cameron"});
  CHECK(clauses("Blair NOT Brown NOT Cameron") == std::vector<std::string>{"Blair", "-Brown", "-Cameron"});
  CHECK(clauses("Blair AND Brown AND NOT Cameron") == std::vector<std::string>{"(node)", "-Cameron"});
  // Inside OR, NOT binds tighter: a OR (b NOT c).
  const news::QueryNode either = news::parse_query(news::lex_query("a OR b NOT c")).children.at(0);
  CHECK(either.kind == Kind::op_or);
  CHECK(either.children.at(1).kind == Kind::op_and_not);
  const auto lexemes = news::lex_query("a && b || c and d or e not f");
  REQUIRE(lexemes.size() == 11);
  CHECK(lexemes[1].kind == news::QueryLexeme::Kind::op_and);
  CHECK(lexemes[3].kind == news::QueryLexeme::Kind::op_or);
  for (std::size_t i : {5, 7, 9}) CHECK(lexemes[i].kind == news::QueryLexeme::Kind::word);  // lower case: words
  CHECK(news::describe(lexemes[1]) == "&&");
}

TEST_CASE("query words: a form filter is left out where every article with the stem passes it") {
  using news::CaseReading;
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("news-form-filter-" + std::to_string(std::random_device{}()));
  {
    Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    news::Analyser analyser;
    const char* texts[] = {"Kyiv\n\nUkraine asked for Patriot batteries.", "Water\n\nThe oil wells ran dry.",
                           "Health\n\nShe is doing well.", "Flags\n\nA patriotic crowd sang.",
                           "Trade\n\nThe US and NATO met."};
    int n = 0;
    for (const char* text : texts) {
      news::Article a = news::parse_plain_text(text, "doc" + std::to_string(n++), "x.txt");
      db.add_document(news::build_document(news::analyse_article(std::move(a), analyser, nullptr), analyser));
    }
    for (const char* w : {"ukraine", "patriot", "patriotic", "wells", "well", "us", "nato"}) db.add_spelling(w);
    db.commit();
  }
  const Xapian::Database db(path.string());
  news::Analyser analyser;
  auto filter_of = [&](CaseReading reading, const std::string& term) {
    const news::FormFilter f = news::word_form_filter(db, analyser, reading, term);
    return std::make_pair(f.required.get_description(), f.excluded.get_description());
  };
  // Every article with the stem has the form (or the capitals): nothing to filter.
  CHECK(filter_of(CaseReading::exact_form, "ukraine") == std::make_pair(std::string("Query()"), std::string("Query()")));
  CHECK(filter_of(CaseReading::capitals, "us") == std::make_pair(std::string("Query()"), std::string("Query()")));
  // "well" alone in one article: "Wells" must be the form itself.
  CHECK(filter_of(CaseReading::exact_form, "wells").first == "Query(Rwells)");
  // A base form excludes the articles with only another form of its stem.
  CHECK(filter_of(CaseReading::exact_form, "patriot").second == "Query((Rpatriotic AND_NOT Rpatriot))");
  CHECK(filter_of(CaseReading::any_form, "patriot") == std::make_pair(std::string("Query()"), std::string("Query()")));
  const Xapian::Query stem("Zpatriot");
  CHECK(news::with_form_filters(stem, {}).get_description() == "Query(Zpatriot)");
  CHECK(news::with_form_filters(stem, {{Xapian::Query("Ra"), Xapian::Query("Rb")}, {Xapian::Query("Rc"), Xapian::Query()}})
            .get_description() == "Query(((Zpatriot FILTER (Ra AND Rc)) AND_NOT Rb))");
  std::filesystem::remove_all(path);
}

TEST_CASE("query: the clauses' AND alone finds the articles with every clause only when the query is their OR") {
  TinyIndex index;
  news::Analyser analyser;
  QueryCompiler compiler(index.db, analyser);
  CHECK(compiler.compile("sanctions military").every_clause_alone);
  CHECK(compiler.compile("sanctions \"military exercises\"").every_clause_alone);
  CHECK_FALSE(compiler.compile("sanctions").every_clause_alone);  // one clause: no AND at all
  CHECK(compiler.compile("sanctions").every_clause.empty());
  CHECK_FALSE(compiler.compile("sanctions military +Japan").every_clause_alone);  // a required clause
  CHECK_FALSE(compiler.compile("sanctions military -Japan").every_clause_alone);  // an excluded one
  CHECK_FALSE(compiler.compile("sanctions military place:Japan").every_clause_alone);  // a field filter
  news::QueryFilters dated;
  dated.since = "2020-01-01";
  CHECK_FALSE(compiler.compile("sanctions military", dated).every_clause_alone);
  news::QueryFilters person;
  person.person = {"Putin"};
  CHECK_FALSE(compiler.compile("sanctions military", person).every_clause_alone);
}

TEST_CASE("query: a document set source restricts a query to its documents") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int i = 1; i <= 40; ++i) {
    Xapian::Document doc;
    if (i % 2 == 0) doc.add_term("even");
    if (i % 3 == 0) doc.add_term("three");
    db.add_document(doc);
  }
  auto matching = [&](const Xapian::Query& restricted) {
    Xapian::Enquire enquire(db);
    enquire.set_query(restricted);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::vector<Xapian::docid> found;
    const Xapian::MSet mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it) found.push_back(*it);
    std::sort(found.begin(), found.end());
    return found;
  };
  // Unsorted and repeated on the way in; 41 is past the last document.
  news::DocumentSetSource page({30, 4, 7, 12, 4, 41, 35});
  CHECK(matching(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("even"), Xapian::Query(&page))) ==
        std::vector<Xapian::docid>{4, 12, 30});
  // Under an AND the rarer side leads and the other skips to it.
  const Xapian::Query both(Xapian::Query::OP_AND, Xapian::Query("even"), Xapian::Query("three"));
  CHECK(matching(Xapian::Query(Xapian::Query::OP_FILTER, both, Xapian::Query(&page))) == std::vector<Xapian::docid>{12, 30});
  news::DocumentSetSource none({});
  CHECK(matching(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("even"), Xapian::Query(&none))).empty());
}
