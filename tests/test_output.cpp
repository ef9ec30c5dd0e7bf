// The output layer alone: the writers (notices, views, invalid UTF-8 in
// JSON), the indexing progress bar with and without colour, the number checks
// of the option groups, the man page and completion generators, and the name
// folding behind `search --entities TEXT` and the unknown-entity notice.
#include <doctest/doctest.h>

#include <sstream>

#include <CLI/CLI.hpp>

#include "search/entity_names.h"
#include "output/cli.h"
#include "output/indexing_report.h"
#include "output/json_writer.h"
#include "output/program_docs.h"
#include "output/writer.h"

namespace {

news::SearchResult result_with_warning() {
  news::SearchResult r;
  r.query = r.searched = "Japan";
  r.total = 2;
  r.hits.resize(2);
  r.hits[0].id = "a";
  r.hits[1].id = "b";
  r.warnings = {"no such person in the index: \"X\""};
  return r;
}

// The error of `--n value` on an App with one checked option of type T, or "".
template <typename T = std::size_t>
std::string parse_error(CLI::Validator check, const std::string& value) {
  CLI::App app{"test", "prog"};
  T n = 0;
  app.add_option("--n", n)->check(check);
  std::vector<std::string> args{value, "--n"};  // CLI11 takes them in reverse
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("output: a result's warnings go to the notice stream with the program's name, and into JSON") {
  const news::SearchResult r = result_with_warning();
  for (news::OutputFormat format : {news::OutputFormat::text, news::OutputFormat::json, news::OutputFormat::jsonl}) {
    std::ostringstream out, notices;
    news::OutputStyle style;
    style.format = format;
    style.view = news::ResultView::count;
    news::make_output_writer(style, {out, &notices, "search"})->result(r);
    CHECK(notices.str() == "search: no such person in the index: \"X\"\n");
    if (format == news::OutputFormat::text) {
      CHECK(out.str() == "2\n");
    } else {
      const auto j = nlohmann::json::parse(out.str());
      CHECK(j["total"] == 2);
      CHECK(j["warnings"].size() == 1);
    }
  }
  std::ostringstream out;
  news::OutputStyle ids;
  ids.view = news::ResultView::ids;
  news::make_output_writer(ids, {out, nullptr, "search"})->result(r);  // --quiet: no notice stream
  CHECK(out.str() == "a\nb\n");
}

TEST_CASE("output: every JSON output replaces invalid UTF-8 instead of throwing") {
  news::IndexStats stats;
  stats.location = "/tmp/index-\xff";
  news::EntityCount entity{news::EntityType::org, "Bad\xc3", 1};
  for (news::OutputFormat format : {news::OutputFormat::json, news::OutputFormat::jsonl}) {
    std::ostringstream out;
    news::OutputStyle style;
    style.format = format;
    const auto writer = news::make_output_writer(style, {out, nullptr, "search"});
    writer->stats(stats);
    writer->entities({entity});
    writer->query_error("q\xfe", "bad \xff");
    news::SearchResult r = result_with_warning();
    r.warnings = {"no such person in the index: \"\xff\""};
    writer->result(r);
    CHECK(out.str().find("\xEF\xBF\xBD") != std::string::npos);
    CHECK(out.str().find('\xff') == std::string::npos);
  }
}

TEST_CASE("output: the progress bar draws on a terminal, and colour is a separate choice") {
  const auto progress_output = [](news::ProgressStyle style) {
    std::ostringstream out, err;
    news::ConsoleProgress progress(style, out, err);
    progress.started(2, 200);
    progress.advanced(100, 1);
    progress.file_done({"a.txt", news::FileFate::added, 1, 100, false, {}});
    progress.warning("b.txt: something");
    progress.finishing(news::IndexSummary{});
    return err.str();
  };
  const std::string plain = progress_output({true, false, false});
  CHECK(plain.find("[############............] 0/2 files  100 bytes/200 bytes  measuring speed") != std::string::npos);
  CHECK(plain.find("\x1b[3") == std::string::npos);  // no colour
  CHECK(plain.find("\r\x1b[K") != std::string::npos);  // the bar is cleared before the warning
  CHECK(plain.find("indexer: warning: b.txt: something\n") != std::string::npos);
  const std::string coloured = progress_output({true, true, false});
  CHECK(coloured.find("[\x1b[32m############\x1b[0m............] 0/2 files") != std::string::npos);
  CHECK(progress_output({false, true, false}) == "indexer: warning: b.txt: something\n");
}

TEST_CASE("output: whole numbers are checked as typed, with one message") {
  CHECK(parse_error(news::whole_number(1), "7").empty());
  CHECK(parse_error(news::whole_number(1), "18446744073709551615").empty());
  CHECK(parse_error(news::whole_number(1), "-5") == "--n: expected a whole number of 1 or more, got \"-5\"");
  CHECK(parse_error(news::whole_number(0, 10), "11") == "--n: expected a whole number from 0 to 10, got \"11\"");
  for (const char* bad : {"", "1.5", "1e3", "0x10", "5 ", "18446744073709551616"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_error(news::whole_number(0), bad).empty());
  }
  CHECK(parse_error<double>(news::positive_number(16), "0.5").empty());
  CHECK(parse_error<double>(news::positive_number(16), "0") == "--n: expected a number above 0 and at most 16, got \"0\"");
  CHECK_FALSE(parse_error<double>(news::positive_number(16), "17").empty());
  CHECK_FALSE(parse_error<double>(news::positive_number(16), "1e30").empty());
}

TEST_CASE("output: man page and completions come from the App's visible options") {
  CLI::App app{"A tool.", "tool"};
  std::string format, dir, hidden;
  bool quiet = false;
  app.add_option("--format", format, "output format")->check(CLI::IsMember({"text", "json"}))->type_name("FORMAT");
  app.add_option("--dir", dir, "a folder")->type_name("DIR");
  app.add_flag("--quiet,-q", quiet, "say nothing");
  app.add_option("--secret", hidden, "not shown")->group("");
  const auto docs = news::option_docs(app);
  REQUIRE(docs.size() == 4);  // --help too; not --secret
  CHECK(docs[1].names == std::vector<std::string>{"--format"});
  CHECK(docs[1].value == "FORMAT");
  CHECK(docs[1].choices == std::vector<std::string>{"text", "json"});
  CHECK(docs[3].names == std::vector<std::string>{"-q", "--quiet"});
  CHECK(docs[3].value.empty());

  const std::string man = news::man_page(app, {"tool", "A tool.", "", {{"0", "fine"}}, {}}, "1.2.3", "/usr/share/doc/x");
  CHECK(man.find(".TH TOOL 1 \"\" \"newssearch 1.2.3\"") != std::string::npos);
  CHECK(man.find("\\fB\\-q\\fR, \\fB\\-\\-quiet\\fR") != std::string::npos);
  CHECK(man.find("\\fB\\-\\-format\\fR \\fIFORMAT\\fR") != std::string::npos);
  CHECK(man.find("secret") == std::string::npos);

  const std::string bash = news::bash_completion(app);
  CHECK(bash.find("--format) COMPREPLY=($(compgen -W 'text json' -- \"$cur\"))") != std::string::npos);
  CHECK(bash.find("--dir) compopt -o filenames; COMPREPLY=($(compgen -d") != std::string::npos);
  CHECK(bash.find("complete -F _news_tool tool") != std::string::npos);
  const std::string zsh = news::zsh_completion(app);
  CHECK(zsh.rfind("#compdef tool\n", 0) == 0);
  CHECK(zsh.find("--format='[output format]:FORMAT:(text json)'") != std::string::npos);
  CHECK(zsh.find("'(-q --quiet)'{-q,--quiet}'[say nothing]'") != std::string::npos);
  CHECK(zsh.find("secret") == std::string::npos);
}

TEST_CASE("entity names: folded for matching without case or accents") {
  CHECK(news::fold_name("  José  MOURINHO ") == "jose mourinho");
  CHECK(news::fold_name("Zürich") == "zurich");
  CHECK(news::fold_name("Straße") == "strasse");
  CHECK(news::fold_name("Fumio Kishida") == "fumio kishida");
  CHECK(news::fold_name("") == "");
}
