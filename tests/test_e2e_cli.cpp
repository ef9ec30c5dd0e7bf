// End to end: the command line both programs share (issue 12): --version, the
// man pages and shell completions made from the option definitions and what
// `cmake --install` puts where, number checks with one-line errors, the entity
// listing filter, the notice for an unknown --person/--place/--org, colour
// and the progress bar on a terminal, and JSON for a non-UTF-8 index path.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <xapian.h>

#include "e2e_support.h"

namespace fs = std::filesystem;
using e2e::lines_of;
using e2e::contains;
using nlohmann::json;

namespace {

const e2e::IndexedCorpus& corpus() {
  static const e2e::IndexedCorpus c;
  return c;
}

std::string program_path(const std::string& program) { return program == "search" ? NEWS_SEARCH_BIN : NEWS_INDEXER_BIN; }

e2e::Run run_program(const std::string& program, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> argv{program_path(program)};
  argv.insert(argv.end(), args.begin(), args.end());
  return e2e::run(argv, "", env);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), (path.string() + ": missing"));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every long flag --help lists, e.g. "--limit".
std::set<std::string> long_flags_in_help(const std::string& program) {
  const e2e::Run help = run_program(program, {"--help"});
  REQUIRE(help.exit_code == 0);
  static const std::regex flag(R"((?:^|[\s,(])(--[a-z][a-z0-9-]*))");
  std::set<std::string> flags;
  for (auto it = std::sregex_iterator(help.out.begin(), help.out.end(), flag); it != std::sregex_iterator(); ++it) {
    flags.insert((*it)[1]);
  }
  return flags;
}

// The man page writes a flag's dashes as roff minus signs.
std::string roff_flag(const std::string& flag) { return std::regex_replace(flag, std::regex("-"), "\\-"); }

fs::path built_share() { return fs::path(NEWS_BUILD_DIR) / "share"; }

const std::vector<std::string> kPrograms{"search", "indexer"};

}  // namespace

TEST_CASE("e2e cli: --version names the program, the release, the schema, analyser, Xapian and ICU versions") {
  const json stats = corpus().search_json({"--stats"});
  for (const std::string& program : kPrograms) {
    CAPTURE(program);
    const e2e::Run r = run_program(program, {"--version"});
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    const std::vector<std::string> lines = lines_of(r.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == program + " (newssearch) " + NEWS_PROJECT_VERSION);
    // The versions a freshly built index records are the ones this build writes.
    CHECK(lines[1] == "index schema " + stats["schema_version"].get<std::string>() + ", analyser " +
                          stats["analyser_version"].get<std::string>());
    CHECK(std::regex_match(lines[2], std::regex("Xapian " + std::regex_replace(Xapian::version_string(), std::regex("\\."), "\\.") +
                                                ", ICU [0-9]+(\\.[0-9]+)+")));
  }
}

TEST_CASE("e2e cli: the man page is made from the options: every flag of --help, valid roff") {
  for (const std::string& program : kPrograms) {
    CAPTURE(program);
    const e2e::Run man = run_program(program, {"--help-man"});
    REQUIRE(man.exit_code == 0);
    // The build ran the same generator.
    CHECK(read_file(built_share() / "man/man1" / (program + ".1")) == man.out);
    CHECK(contains(man.out, ".TH " + std::string(program == "search" ? "SEARCH" : "INDEXER") + " 1"));
    for (const char* section : {".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH ENVIRONMENT", ".SH EXIT STATUS", ".SH FILES"}) {
      CHECK(contains(man.out, section));
    }
    const std::set<std::string> flags = long_flags_in_help(program);
    CHECK(flags.size() >= 10);
    for (const std::string& flag : flags) CHECK_MESSAGE(contains(man.out, roff_flag(flag)), flag);
    CHECK_FALSE(contains(man.out, "help\\-man"));  // hidden flags stay hidden
    if (std::string(NEWS_GROFF).empty()) {
      MESSAGE("groff not found: roff warnings not checked");
      continue;
    }
    e2e::TempDir dir;
    e2e::write_file(dir / "page.1", man.out);
    const e2e::Run groff = e2e::run({NEWS_GROFF, "-man", "-Tutf8", "-ww", "-z", (dir / "page.1").string()});
    CHECK(groff.exit_code == 0);
    CHECK_MESSAGE(groff.err.empty(), groff.err);
  }
}

TEST_CASE("e2e cli: the bash and zsh completions list every long flag of --help and complete values") {
  for (const std::string& program : kPrograms) {
    CAPTURE(program);
    const fs::path bash = built_share() / "bash-completion/completions" / program;
    const fs::path zsh = built_share() / "zsh/site-functions" / ("_" + program);
    CHECK(read_file(bash) == run_program(program, {"--completions", "bash"}).out);
    CHECK(read_file(zsh) == run_program(program, {"--completions", "zsh"}).out);
    const std::string bash_text = read_file(bash), zsh_text = read_file(zsh);
    for (const std::string& flag : long_flags_in_help(program)) {
      CHECK_MESSAGE(std::regex_search(bash_text, std::regex("[ ']" + flag + "[ ']")), ("bash: " + flag));
      // --index='[help]...', {-q,--quiet}'[help]', --stats'[help]'
      CHECK_MESSAGE(std::regex_search(zsh_text, std::regex(flag + R"([=+-]*\}?'?\[)")), ("zsh: " + flag));
    }
    CHECK(e2e::run({"/bin/bash", "-n", bash.string()}).exit_code == 0);
    // Ask bash what it would complete: a flag from its start, a value from its choices.
    const std::string complete = "source " + bash.string() + "; f=$(complete -p " + program + " | awk '{print $3}'); " +
                                 "COMP_WORDS=(" + program + " --for); COMP_CWORD=1; $f; echo \"${COMPREPLY[*]}\"; " +
                                 "COMP_WORDS=(" + program + " --format js); COMP_CWORD=2; $f; echo \"${COMPREPLY[*]}\"";
    const e2e::Run asked = e2e::run({"/bin/bash", "-c", complete});
    CHECK(asked.out == "--format\njson jsonl\n");
    if (std::string(NEWS_ZSH).empty()) {
      MESSAGE("zsh not found: the zsh completion's syntax not checked");
      continue;
    }
    CHECK(e2e::run({NEWS_ZSH, "-n", zsh.string()}).exit_code == 0);
  }
}

TEST_CASE("e2e cli: cmake --install puts programs, man pages, completions and docs in place, and --help names the docs") {
  e2e::TempDir prefix;
  const e2e::Run install = e2e::run({NEWS_CMAKE_COMMAND, "--install", NEWS_BUILD_DIR, "--prefix", prefix.path().string()});
  REQUIRE_MESSAGE(install.exit_code == 0, install.err);
  for (const char* file : {"bin/search", "bin/indexer", "share/man/man1/search.1", "share/man/man1/indexer.1",
                           "share/bash-completion/completions/search", "share/bash-completion/completions/indexer",
                           "share/zsh/site-functions/_search", "share/zsh/site-functions/_indexer",
                           "share/doc/newssearch/README.md", "share/doc/newssearch/docs/query-syntax.md",
                           "share/doc/newssearch/docs/json-output.md", "share/doc/newssearch/docs/man-pages.md"}) {
    CHECK_MESSAGE(fs::exists(prefix / file), file);
  }
  const std::string docs = (prefix / "share/doc/newssearch").string();
  for (const std::string& program : kPrograms) {
    const e2e::Run help = e2e::run({(prefix / "bin" / program).string(), "--help"});
    CHECK(help.exit_code == 0);
    CHECK_MESSAGE(contains(help.out, docs + "/docs/query-syntax.md"), help.out);
    CHECK(fs::exists(docs + "/docs/query-syntax.md"));
  }
}

TEST_CASE("e2e cli: a bad number is one line naming the flag, and exit 2") {
  const std::string index = corpus().index.string();
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
      {"search", {"-n", "-5", "Japan"}},         {"search", {"--limit", "0", "Japan"}},
      {"search", {"--limit", "1.5", "Japan"}},   {"search", {"--limit", "99999999999999999999", "Japan"}},
      {"search", {"--offset", "-3", "Japan"}},   {"search", {"--facets", "-1", "Japan"}},
      {"search", {"--facets", "1001", "Japan"}}, {"search", {"--timeout", "0", "Japan"}},
      {"search", {"--timeout", "-1", "Japan"}},  {"indexer", {"--threads", "0"}},
      {"indexer", {"--shards", "0"}},            {"indexer", {"--shards", "65"}},
      {"indexer", {"--batch-size", "-1"}},       {"indexer", {"--flush-every", "0"}},
      {"indexer", {"--max-file-size", "0"}},     {"indexer", {"--max-file-size", "1e30"}},
      {"indexer", {"--max-file-size", "lots"}}};
  for (const auto& [program, args] : cases) {
    std::vector<std::string> full{"--index", index};
    if (program == "indexer") full.insert(full.end(), {"--corpus", corpus().corpus.string()});
    full.insert(full.end(), args.begin(), args.end());
    const e2e::Run r = run_program(program, full);
    CAPTURE(program);
    CAPTURE(args[0] + " " + args[1]);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.rfind(program + ": " + (args[0] == "-n" ? "--limit" : args[0]) + ": expected ", 0) == 0);
    CHECK(contains(r.err, "\"" + args[1] + "\""));
  }
}

TEST_CASE("e2e cli: regression: --offset 3 --limit 4294967293 shows the page, not nothing (32-bit overflow)") {
  const json all = corpus().search_json({"--no-facets", "Japan"});
  REQUIRE(all["hits"].size() == 5);
  for (const std::string sort : {"relevance", "date"}) {
    CAPTURE(sort);
    const json page = corpus().search_json({"--sort", sort, "--offset", "3", "--limit", "4294967293", "Japan"});
    const json sorted = corpus().search_json({"--sort", sort, "--no-facets", "Japan"});
    REQUIRE(page["hits"].size() == 2);
    CHECK(page["hits"][0]["rank"] == 4);
    CHECK(page["hits"][0]["id"] == sorted["hits"][3]["id"]);
    CHECK(page["hits"][1]["id"] == sorted["hits"][4]["id"]);
    CHECK(page["limit"] == 4294967293ULL);
  }
  const json huge = corpus().search_json({"--offset", "18446744073709551615", "--limit", "18446744073709551615", "Japan"});
  CHECK(huge["hits"].empty());
  CHECK(huge["total"] == 5);
}

TEST_CASE("e2e cli: search --entities TEXT lists names containing it, any case, with --type, --limit and --format") {
  const json everyone = json::parse(corpus().search({"--entities", "--format", "json"}).out);
  // Filtered and limited: the first entries of the filtered list, in the same order.
  const e2e::Run r = corpus().search({"--entities", "AN", "--limit", "3", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  const json three = json::parse(r.out);
  json expected = json::array();
  for (const json& e : everyone) {
    std::string name = e["name"];
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    if (contains(name, "an") && expected.size() < 3) expected.push_back(e);
  }
  REQUIRE(expected.size() == 3);
  CHECK(three == expected);

  const json kishida = json::parse(corpus().search({"--entities", "kishi", "--type", "person", "--format", "json"}).out);
  REQUIRE(kishida.size() == 1);
  CHECK(kishida[0]["name"] == "Fumio Kishida");
  CHECK(kishida[0]["type"] == "person");
  CHECK(kishida[0]["articles"] == 5);
  // --type keeps to one type: "Japan" is a place, and "Sea of Japan" too; no person has it.
  CHECK(corpus().search({"--entities", "japan", "--type", "person"}).exit_code == 1);
  const e2e::Run places = corpus().search({"--entities", "japan", "--type", "place", "--format", "jsonl"});
  const std::vector<std::string> lines = lines_of(places.out);
  REQUIRE(lines.size() == 2);
  for (const std::string& line : lines) CHECK(json::parse(line)["type"] == "place");
  // Text, and words after the flag join the filter.
  const e2e::Run text = corpus().search({"--entities", "sea", "of", "japan"});
  CHECK(text.out == "     2  place   Sea of Japan\n");
  const e2e::Run none = corpus().search({"--entities", "zzzz"});
  CHECK(none.exit_code == 1);
  CHECK(none.out.empty());
}

TEST_CASE("e2e cli: an unknown --person/--place/--org is one line on stderr with the closest names, and the query still runs") {
  const e2e::Run r = corpus().search({"--person", "Kishda", "Japan"});
  CHECK(r.exit_code == 1);  // the filter matches nothing
  CHECK(r.err == "search: no such person in the index: \"Kishda\"; did you mean \"Fumio Kishida\"?\n");
  CHECK(contains(r.out, "No articles match \"Japan\""));

  const e2e::Run several = corpus().search({"--place", "Tokio", "--org", "Natto", "--person", "Xyzzy", "--count", "Japan"});
  CHECK(several.out == "0\n");
  CHECK(several.err ==
        "search: no such person in the index: \"Xyzzy\"\n"
        "search: no such place in the index: \"Tokio\"; did you mean \"Tokyo\"?\n"
        "search: no such org in the index: \"Natto\"; did you mean \"NATO\"?\n");

  // Known names, an alias and a family name alone say nothing.
  const e2e::Run known = corpus().search({"--person", "Kishida", "--place", "tokyo", "Japan"});
  CHECK(known.exit_code == 0);
  CHECK(known.err.empty());

  SUBCASE("JSON carries the same notice in `warnings`, also with --quiet") {
    for (const std::vector<std::string>& view : {std::vector<std::string>{}, {"--count"}, {"--ids"}}) {
      std::vector<std::string> args{"--quiet", "--person", "Kishda", "Japan"};
      args.insert(args.end(), view.begin(), view.end());
      const e2e::Run quiet = corpus().search(args);
      CHECK(quiet.err.empty());
      args.insert(args.begin(), {"--format", "json"});
      const json j = json::parse(corpus().search(args).out);
      REQUIRE(j.contains("warnings"));
      CHECK(j["warnings"] == json::array({"no such person in the index: \"Kishda\"; did you mean \"Fumio Kishida\"?"}));
    }
    CHECK_FALSE(corpus().search_json({"--person", "Kishida", "Japan"}).contains("warnings"));
    const e2e::Run batch = corpus().search({"--batch", "-", "--person", "Kishda"}, "Japan\nRussia\n");
    for (const std::string& line : lines_of(batch.out)) CHECK(json::parse(line)["warnings"].size() == 1);
  }
}

TEST_CASE("e2e cli: regression: on a terminal the progress bar shows, and NO_COLOR or --no-color drop only its colour") {
  e2e::TempDir dir;
  e2e::make_corpus(dir / "corpus", 20);
  const std::string green = "\x1b[32m";
  const auto index_on_terminal = [&](std::vector<std::string> extra, std::map<std::string, std::string> env) {
    std::vector<std::string> argv{NEWS_INDEXER_BIN, "--corpus", (dir / "corpus").string(), "--index",
                                  (dir / "index").string(), "--rebuild"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    env.emplace("TERM", "xterm");  // unless the case sets it
    return e2e::run_on_terminal(argv, env);
  };
  const e2e::Run coloured = index_on_terminal({}, {{"NO_COLOR", ""}});
  REQUIRE(coloured.exit_code == 0);
  CHECK(contains(coloured.out, "20/20 files"));
  CHECK(contains(coloured.out, green));

  for (const auto& [extra, env] : std::vector<std::pair<std::vector<std::string>, std::map<std::string, std::string>>>{
           {{}, {{"NO_COLOR", "1"}}}, {{"--no-color"}, {}}, {{"--color", "never"}, {}}}) {
    CAPTURE(extra.empty() ? "NO_COLOR=1" : extra[0]);
    const e2e::Run plain = index_on_terminal(extra, env);
    CHECK(plain.exit_code == 0);
    CHECK(contains(plain.out, "20/20 files"));  // the bar is still there
    CHECK_FALSE(contains(plain.out, green));
    CHECK_FALSE(contains(plain.out, "\x1b[3"));
  }
  const e2e::Run quiet = index_on_terminal({"--quiet"}, {});
  CHECK_FALSE(contains(quiet.out, "files"));
  // A terminal that cannot erase a line gets no bar (and no colour) at all.
  const e2e::Run dumb = index_on_terminal({}, {{"TERM", "dumb"}});
  CHECK_FALSE(contains(dumb.out, "files  "));
  CHECK_FALSE(contains(dumb.out, "\x1b["));
}

TEST_CASE("e2e cli: search colours matches on a terminal, and only there unless --color always") {
  const std::vector<std::string> args{NEWS_SEARCH_BIN, "--index", corpus().index.string(), "Patriot"};
  const std::string bold = "\x1b[1m";
  CHECK(contains(e2e::run_on_terminal(args, {{"TERM", "xterm"}, {"NO_COLOR", ""}}).out, bold));
  CHECK_FALSE(contains(e2e::run_on_terminal(args, {{"TERM", "xterm"}, {"NO_COLOR", "1"}}).out, bold));
  std::vector<std::string> never = args;
  never.push_back("--no-color");
  CHECK_FALSE(contains(e2e::run_on_terminal(never, {{"TERM", "xterm"}}).out, bold));
  CHECK_FALSE(contains(corpus().search({"Patriot"}).out, bold));  // a pipe
  const e2e::Run always = corpus().search({"--color", "always", "Patriot"});
  CHECK(contains(always.out, bold));
  CHECK_FALSE(contains(always.out, "[Patriot]"));
}

TEST_CASE("e2e cli: regression: --stats --format json on an index whose path is not UTF-8 (was type_error.316, exit 2)") {
  e2e::TempDir dir;
  const fs::path index = dir / "index-\xff\xfe";
  REQUIRE(e2e::indexer({"--corpus", e2e::bundled_corpus().string(), "--index", index.string(), "--quiet"}).exit_code == 0);
  for (const std::string& program : kPrograms) {
    for (const std::string format : {"json", "jsonl"}) {
      CAPTURE(program + " " + format);
      const e2e::Run r = run_program(program, {"--index", index.string(), "--stats", "--format", format});
      CHECK(r.exit_code == 0);
      CHECK(r.err.empty());
      const json stats = json::parse(r.out);
      CHECK(stats["index"] == (dir / "index-\xEF\xBF\xBD\xEF\xBF\xBD").string());  // each bad byte is U+FFFD
      CHECK(stats["articles"] == 5);
    }
  }
}
