// End to end: every input format read from a corpus folder, hidden files and
// symlink loops, bad files with their one-line warnings and the exit status,
// and article dates with --since/--until/--sort date (issue 5, "Input").
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "e2e_support.h"

namespace fs = std::filesystem;
using e2e::lines_of;
using e2e::contains;
using nlohmann::json;

namespace {

struct Counts {
  int documents = -1, added = -1, changed = -1, removed = -1, unchanged = -1, skipped = -1, failed = -1;
};

Counts summary_of(const std::string& out) {
  static const std::regex line(
      R"((\d+) articles in [0-9.]+ s: (\d+) added, (\d+) changed, (\d+) removed, (\d+) unchanged, (\d+) skipped, (\d+) failed)");
  std::smatch m;
  Counts c;
  if (std::regex_search(out, m, line)) {
    c = {std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]), std::stoi(m[4]),
         std::stoi(m[5]), std::stoi(m[6]), std::stoi(m[7])};
  }
  return c;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }
// A corpus folder and its index in a temporary folder. The corpus path is
// absolute, so warnings and hit paths name files by absolute path.
struct Workspace {
  e2e::TempDir dir;
  fs::path corpus = dir / "corpus";
  fs::path index = dir / "index";

  e2e::Run index_now(std::vector<std::string> extra = {}) const {
    // Under timeout(1): a walker that loops is a failed check, not a hung CI job.
    std::vector<std::string> argv{"/usr/bin/timeout", "-s", "KILL", "30", NEWS_INDEXER_BIN,
                                  "--corpus",         corpus.string(), "--index", index.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return e2e::run(argv);
  }
  e2e::Run find(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--index", index.string()});
    return e2e::search(args);
  }
  // Every hit of a query (or filter) as JSON; exit status 0 or 1 required.
  json find_json(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--format", "json", "--no-facets"});
    if (std::find(args.begin(), args.end(), "--limit") == args.end()) args.insert(args.begin(), {"--limit", "100"});
    const e2e::Run r = find(args);
    REQUIRE_MESSAGE(r.exit_code <= 1, r.err);
    return json::parse(r.out);
  }
  std::vector<std::string> ids(std::vector<std::string> args) const { return e2e::hit_ids(find_json(std::move(args))); }
  std::string path_of(const std::string& relative) const { return (corpus / relative).generic_string(); }
};

// The one hit of `query`; fails the test when there is not exactly one.
json only_hit(const Workspace& w, const std::string& query) {
  const json r = w.find_json({query});
  CAPTURE(query);
  REQUIRE(r["hits"].size() == 1);
  return r["hits"][0];
}

}  // namespace

TEST_CASE("e2e formats: .txt, .md, .html, .htm and .jsonl in subfolders, each with its id, title, text, path, date and url") {
  Workspace w;
  e2e::write_file(w.corpus / "plain.txt",
                  "Walrus colony thrives on the coast\n\n"
                  "The walrus colony near the northern coast grew again this year, scientists said.\n\n"
                  "Counts were taken from the air.\n");
  e2e::write_file(w.corpus / "desk/notes.md",
                  "# Pelican numbers rise #\n\n"
                  "_Published: 2024-05-10_\n\n"
                  "Birdwatchers counted more pelicans along the estuary than in any year before.\n\n"
                  "## What the rangers say\n\nThe rangers were pleased.\n");
  e2e::write_file(w.corpus / "world/asia/heron.html", R"(<!DOCTYPE html>
<html><head>
<title>Heron return | The Example Times</title>
<meta property="og:site_name" content="The Example Times">
<meta property="article:published_time" content="2024-03-15T10:00:00Z">
<meta property="og:url" content="https://example.com/2024/heron">
<style>.quokkastyle { color: red; }</style>
<script>var zanzibarscript = "tracking";</script>
</head><body>
<nav><a href="/">Marmosetnav home</a> <a href="/world">World</a></nav>
<article><h1>Herons return to the marsh</h1>
<p>The grey herons returned to the marsh in early spring, wardens said.</p>
<script>document.write("gibbonscript");</script>
<p>Their chicks were counted from a hide.</p></article>
</body></html>
)");
  // No <h1>: the <title> without its site suffix; the url from the canonical link.
  e2e::write_file(w.corpus / "world/egret.htm", R"(<html><head>
<title>Egrets nest early - Example Times</title>
<link rel="canonical" href="https://example.com/egret">
</head><body><div><p>Little egrets began nesting three weeks early this year.</p></div></body></html>
)");
  e2e::write_file(w.corpus / "feeds/wire.jsonl",
                  R"({"id": "f1", "title": "Flamingo count", "text": "The flamingo flock doubled in size.", "date": "2024-05-09", "url": "https://example.com/f1", "source": "Example Wire", "author": "Jane Doe"})"
                  "\n"
                  R"({"id": "f2", "title": "Ibis sighting", "body": "An ibis was seen near the lake.", "date": "Thu, 09 May 2024 10:00:00 GMT", "author": ["A. Writer", "B. Writer"]})"
                  "\n\n"
                  R"({"title": "Stork   arrives", "text": "A white stork landed on the church roof."})"
                  "\n"
                  R"({"id": 42, "title": "Crane dance", "text": "Cranes danced in the field.", "author": {"name": "C. Writer"}})"
                  "\n");

  const e2e::Run run = w.index_now();
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());
  CHECK(lines_of(run.out).size() == 1);
  const Counts counts = summary_of(run.out);
  CHECK(counts.documents == 8);  // four files of one article, one feed of four
  CHECK(counts.added == 5);
  CHECK(counts.skipped == 0);
  CHECK(counts.failed == 0);

  SUBCASE(".txt: the first line is the title") {
    const json hit = only_hit(w, "walrus");
    CHECK(hit["id"] == "plain");
    CHECK(hit["title"] == "Walrus colony thrives on the coast");
    CHECK(hit["snippet_text"] == "The walrus colony near the northern coast grew again this year, scientists said.");
    CHECK(hit["path"] == w.path_of("plain.txt"));
    CHECK(hit["date"].is_null());
    CHECK(hit["url"].is_null());
    CHECK(only_hit(w, "air")["id"] == "plain");  // the second paragraph too
  }
  SUBCASE(".md: the heading without its # marks is the title, a labelled date is read") {
    const json hit = only_hit(w, "pelicans");
    CHECK(hit["id"] == "desk/notes");  // the path under the corpus root
    CHECK(hit["title"] == "Pelican numbers rise");
    CHECK(hit["snippet_text"] == "Birdwatchers counted more pelicans along the estuary than in any year before.");
    CHECK(hit["path"] == w.path_of("desk/notes.md"));
    CHECK(hit["date"] == "2024-05-10");
    CHECK(only_hit(w, "rangers")["id"] == "desk/notes");
  }
  SUBCASE(".html: the <h1> is the title; scripts, styles and navigation are not indexed") {
    const json hit = only_hit(w, "herons");
    CHECK(hit["id"] == "world/asia/heron");
    CHECK(hit["title"] == "Herons return to the marsh");
    CHECK(hit["snippet_text"] == "The grey herons returned to the marsh in early spring, wardens said.");
    CHECK(hit["path"] == w.path_of("world/asia/heron.html"));
    CHECK(hit["date"] == "2024-03-15");
    CHECK(hit["url"] == "https://example.com/2024/heron");
    CHECK(only_hit(w, "chicks")["id"] == "world/asia/heron");
    for (const std::string hidden : {"zanzibarscript", "gibbonscript", "quokkastyle", "marmosetnav", "tracking"}) {
      CAPTURE(hidden);
      const e2e::Run r = w.find({"--ids", "--no-autocorrect", hidden});
      CHECK(r.exit_code == 1);
      CHECK(r.out.empty());
    }
  }
  SUBCASE(".htm: without an <h1>, the <title> without the site name") {
    const json hit = only_hit(w, "egrets");
    CHECK(hit["id"] == "world/egret");
    CHECK(hit["title"] == "Egrets nest early");
    CHECK(hit["snippet_text"] == "Little egrets began nesting three weeks early this year.");
    CHECK(hit["path"] == w.path_of("world/egret.htm"));
    CHECK(hit["date"].is_null());
    CHECK(hit["url"] == "https://example.com/egret");
  }
  SUBCASE(".jsonl: each record is its own article with its own id, title, text or body, date and url") {
    const json flamingo = only_hit(w, "flamingo");
    CHECK(flamingo["id"] == "f1");
    CHECK(flamingo["title"] == "Flamingo count");
    CHECK(flamingo["snippet_text"] == "The flamingo flock doubled in size.");
    CHECK(flamingo["path"] == w.path_of("feeds/wire.jsonl"));
    CHECK(flamingo["date"] == "2024-05-09");
    CHECK(flamingo["url"] == "https://example.com/f1");

    const json ibis = only_hit(w, "lake");  // "body" when there is no "text"
    CHECK(ibis["id"] == "f2");
    CHECK(ibis["title"] == "Ibis sighting");
    CHECK(ibis["snippet_text"] == "An ibis was seen near the lake.");
    CHECK(ibis["date"] == "2024-05-09");  // RFC 2822
    CHECK(ibis["url"].is_null());

    const json stork = only_hit(w, "church");  // no id: <path without extension>-L<line>, the blank line counted
    CHECK(stork["id"] == "feeds/wire-L4");
    CHECK(stork["line"] == 4);
    CHECK(stork["title"] == "Stork arrives");
    CHECK(stork["path"] == w.path_of("feeds/wire.jsonl"));

    const json crane = only_hit(w, "field");  // an integer id
    CHECK(crane["id"] == "42");
    CHECK(crane["title"] == "Crane dance");
    CHECK(crane["date"].is_null());
  }
  SUBCASE("--verbose names each file once, relative to the corpus, with its article count") {
    const e2e::Run again = w.index_now({"--rebuild", "--verbose"});
    CHECK(again.exit_code == 0);
    const auto listed = lines_of(again.out);
    for (const std::string line : {"added     plain.txt", "added     desk/notes.md", "added     world/asia/heron.html",
                                   "added     world/egret.htm", "added     feeds/wire.jsonl (4 articles)"}) {
      CAPTURE(line);
      CHECK(std::count(listed.begin(), listed.end(), line) == 1);
    }
    CHECK(listed.size() == 7);  // five files, the summary and the time it took
  }
}

TEST_CASE("e2e formats: hidden files and folders are skipped, and a symlink loop neither hangs the indexer nor duplicates articles") {
  Workspace w;
  e2e::write_file(w.corpus / "top.txt", "Visible story\n\nThe badger crossed the road.\n");
  e2e::write_file(w.corpus / "sub/inner.md", "# Inner story\n\nThe otter crossed the river.\n");
  e2e::write_file(w.corpus / ".hidden/secret.txt", "Hidden folder story\n\nThe ocelot crossed the road.\n");
  e2e::write_file(w.corpus / ".draft.txt", "Hidden file story\n\nThe lynx crossed the road.\n");
  e2e::write_file(w.corpus / "sub/.cache.md", "# Hidden in a subfolder\n\nThe jackal crossed the road.\n");
  fs::create_directory_symlink("..", w.corpus / "sub/up");   // back to the corpus root
  fs::create_directory_symlink(".", w.corpus / "sub/self");  // to itself

  const e2e::Run run = w.index_now({"--verbose"});
  REQUIRE_MESSAGE(run.exit_code != 128 + 9, "the indexer was killed after 30 s: the walker loops");
  CHECK(run.exit_code == 0);  // a loop is reported, but no article file went unread
  const Counts counts = summary_of(run.out);
  CHECK(counts.added == 2);
  CHECK(counts.documents == 2);
  CHECK(counts.skipped == 0);
  CHECK(counts.failed == 0);
  // The verbose listing names only the two visible files, once each.
  std::vector<std::string> fates;
  for (const auto& line : lines_of(run.out)) {
    if (starts_with(line, "added")) fates.push_back(line);
  }
  CHECK(fates == std::vector<std::string>{"added     sub/inner.md", "added     top.txt"});
  // One line per looping link.
  const auto warnings = lines_of(run.err);
  REQUIRE(warnings.size() == 2);
  for (const auto& line : warnings) {
    CHECK(starts_with(line, "indexer: warning: "));
    CHECK(contains(line, "symlink loop"));
  }
  CHECK(contains(warnings[0] + warnings[1], "sub/up: "));
  CHECK(contains(warnings[0] + warnings[1], "sub/self: "));

  CHECK(w.ids({"badger"}) == std::vector<std::string>{"top"});
  CHECK(w.ids({"otter"}) == std::vector<std::string>{"sub/inner"});
  for (const std::string word : {"ocelot", "lynx", "jackal"}) {
    CAPTURE(word);
    CHECK(w.find({"--count", "--no-autocorrect", word}).out == "0\n");
  }
  const e2e::Run stats = w.find({"--stats", "--format", "json"});
  REQUIRE(stats.exit_code == 0);
  CHECK(json::parse(stats.out)["articles"] == 2);
}

namespace {

// Good files beside one of each kind of bad file (docs/input-formats.md,
// "Warnings and outcomes"). Tests run as root, so the unreadable file is a
// dangling symlink: permissions would not stop root.
void write_bad_corpus(const Workspace& w) {
  e2e::write_file(w.corpus / "good.txt", "Harbour reopens\n\nThe harbour reopened to fishing boats on Monday.\n");
  // ISO-8859-1: é, ï, è, û as single bytes.
  e2e::write_file(w.corpus / "latin1.txt",
                  "Caf\xe9 society returns\n\nThe caf\xe9 on the corner reopened, and the na\xefve critics were pleased "
                  "with the cr\xe8me br\xfbl\xe9" "e served by the g\xe9rant.\n");
  // windows-1252: curly quotes 0x93/0x94 and en dashes 0x96, which ISO-8859-1 would make C1 controls.
  e2e::write_file(w.corpus / "sub/cp1252.txt",
                  "Quotes story\n\nThe minister said \x93we will not yield\x94 to the pressure, and the r\xe9sum\xe9 of "
                  "talks was \x96 as always \x96 brief.\n");
  std::mt19937 random(20240509);
  std::string noise(4096, '\0');
  for (char& c : noise) c = static_cast<char>(random() & 0xFF);
  e2e::write_file(w.corpus / "random.txt", noise);
  e2e::write_file(w.corpus / "empty.txt", "");
  fs::create_symlink("nowhere.txt", w.corpus / "dangling.txt");
  e2e::write_file(w.corpus / "feed.jsonl",
                  R"({"id": "g1", "title": "Good one", "text": "The otter swam upstream."})"
                  "\n"
                  R"({"id": "g2", "title": "Broken zeppelin", "text": )"
                  "\n"
                  R"({"id": "g3", "title": "Good two", "text": "The beaver built a dam."})"
                  "\n");
  // 2 MB, sparse: refused from its size alone under --max-file-size 1.
  e2e::write_file(w.corpus / "big.txt", "Big story\n\nThe albatross was never indexed.\n");
  fs::resize_file(w.corpus / "big.txt", 2 * 1024 * 1024);
}

// Each warning line, by the file (and JSONL line) it names.
std::map<std::string, std::string> warnings_by_file(const Workspace& w, const std::string& err) {
  std::map<std::string, std::string> by_file;
  const std::string prefix = "indexer: warning: " + w.corpus.generic_string() + "/";
  for (const auto& line : lines_of(err)) {
    CAPTURE(line);
    REQUIRE(starts_with(line, prefix));
    const std::string rest = line.substr(prefix.size());
    const auto colon = rest.find(": ");
    REQUIRE(colon != std::string::npos);
    CHECK(by_file.emplace(rest.substr(0, colon), rest.substr(colon + 2)).second);  // one line per file
  }
  return by_file;
}

}  // namespace

TEST_CASE("e2e formats: bad files get one warning line each, are skipped or failed, and the good files beside them are searchable") {
  Workspace w;
  write_bad_corpus(w);
  const e2e::Run run = w.index_now({"--max-file-size", "1"});

  CHECK(run.exit_code == 1);
  // Standard output: the summary line and nothing else.
  REQUIRE(lines_of(run.out).size() == 1);
  CHECK(starts_with(run.out, "Rebuilt index: 5 articles in "));
  const Counts counts = summary_of(run.out);
  CHECK(counts.added == 4);  // good, latin1, cp1252, feed (2 of its 3 records)
  CHECK(counts.changed == 0);
  CHECK(counts.removed == 0);
  CHECK(counts.unchanged == 0);
  CHECK(counts.skipped == 3);  // random, empty, big
  CHECK(counts.failed == 1);   // dangling
  CHECK(contains(run.out, "(8 files, 1 with records skipped; 5 written,"));

  const auto warnings = warnings_by_file(w, run.err);
  CHECK(lines_of(run.err).size() == 7);
  CHECK(warnings.size() == 7);
  auto warning = [&](const std::string& file) {
    auto it = warnings.find(file);
    return it == warnings.end() ? std::string("(no warning)") : it->second;
  };
  CHECK(starts_with(warning("latin1.txt"), "not UTF-8, converted from ISO-8859-1 ("));
  CHECK(starts_with(warning("sub/cp1252.txt"), "not UTF-8, converted from windows-1252 ("));
  CHECK(warning("random.txt") == "binary file, skipped");
  CHECK(warning("empty.txt") == "empty file, skipped");
  CHECK(warning("dangling.txt") == "cannot read: No such file or directory");
  CHECK(warning("feed.jsonl:2") == "malformed JSON, line skipped");
  CHECK(warning("big.txt") == "2.0 MB exceeds the 1 MB article size cap (--max-file-size), skipped");
  CHECK(warnings.count("good.txt") == 0);

  // The converted files are searchable with their accents and quotes right.
  const json cafe = only_hit(w, "café");
  CHECK(cafe["id"] == "latin1");
  CHECK(cafe["title"] == "Café society returns");
  CHECK(contains(cafe["snippet_text"], "The café on the corner reopened, and the naïve critics"));
  CHECK(contains(cafe["snippet_text"], "crème brûlée served by the gérant."));
  CHECK(w.ids({"naïve"}) == std::vector<std::string>{"latin1"});
  const json quotes = only_hit(w, "yield");
  CHECK(quotes["id"] == "sub/cp1252");
  CHECK(quotes["snippet_text"] ==
        "The minister said \u201cwe will not yield\u201d to the pressure, and the r\u00e9sum\u00e9 of talks was "
        "\u2013 as always \u2013 brief.");
  CHECK(w.ids({"résumé"}) == std::vector<std::string>{"sub/cp1252"});
  // The good lines of the feed are in, the broken one is not; the rest is untouched.
  CHECK(w.ids({"otter"}) == std::vector<std::string>{"g1"});
  CHECK(w.ids({"beaver"}) == std::vector<std::string>{"g3"});
  CHECK(w.find({"--count", "--no-autocorrect", "zeppelin"}).out == "0\n");
  CHECK(w.find({"--count", "--no-autocorrect", "albatross"}).out == "0\n");
  CHECK(w.ids({"harbour"}) == std::vector<std::string>{"good"});

  SUBCASE("a second run with nothing changed looks at the problem files again") {
    // Read and partial files are remembered by size and time: unchanged, not
    // re-warned. Skipped and failed files are not remembered (docs/input-formats.md),
    // so their problems are reported by every run until they are fixed.
    const e2e::Run again = w.index_now({"--max-file-size", "1"});
    CHECK(again.exit_code == 1);
    REQUIRE(lines_of(again.out).size() == 1);
    CHECK(starts_with(again.out, "Updated index: 5 articles in "));
    const Counts c = summary_of(again.out);
    CHECK(c.added == 0);
    CHECK(c.changed == 0);
    CHECK(c.removed == 0);
    CHECK(c.unchanged == 4);
    CHECK(c.skipped == 3);
    CHECK(c.failed == 1);
    CHECK(contains(again.out, "(8 files; 0 written,"));
    CHECK(lines_of(again.err).size() == 4);
    CHECK(contains(again.err, "indexer: warning: " + w.path_of("dangling.txt") + ": cannot read: No such file or directory\n"));
    CHECK(contains(again.err, w.path_of("empty.txt") + ": empty file, skipped"));

    // Once the problem files are gone, nothing is left to report.
    for (const char* name : {"dangling.txt", "empty.txt", "random.txt", "big.txt"}) fs::remove(w.corpus / name);
    const e2e::Run clean = w.index_now({"--max-file-size", "1"});
    CHECK(clean.exit_code == 0);
    CHECK(clean.err.empty());
    const Counts c2 = summary_of(clean.out);
    CHECK(c2.unchanged == 4);
    CHECK(c2.skipped == 0);
    CHECK(c2.failed == 0);
    CHECK(w.ids({"café"}) == std::vector<std::string>{"latin1"});
  }
  SUBCASE("fixing a file indexes it") {
    e2e::write_file(w.corpus / "empty.txt", "No longer empty\n\nThe puffin came back.\n");
    fs::remove(w.corpus / "dangling.txt");
    fs::create_symlink("good.txt", w.corpus / "dangling.txt");  // now points at a readable file
    const e2e::Run again = w.index_now({"--max-file-size", "1", "--verbose"});
    CHECK(again.exit_code == 1);  // the binary and the oversized files are still there
    const Counts c = summary_of(again.out);
    CHECK(c.added == 2);  // neither was in the index before
    CHECK(c.changed == 0);
    CHECK(c.skipped == 2);
    CHECK(c.failed == 0);
    CHECK(w.ids({"puffin"}) == std::vector<std::string>{"empty"});
  }
}

// Regression test (bug found by this suite, fixed): a file skipped for the size
// cap is remembered by size and time like a read one, so raising
// --max-file-size later leaves it "unchanged" and never indexed (until it is
// touched or the index rebuilt).
TEST_CASE("e2e formats: regression: a file refused by the size cap is indexed once the cap is raised") {
  Workspace w;
  std::string text = "Long report\n\n";
  while (text.size() < 1200 * 1024) {
    text += "The harbour authority published a long report about tides, cargo and the weather in the bay.\n\n";
  }
  text += "The last paragraph names the cormorant.\n";
  e2e::write_file(w.corpus / "long.txt", text);
  e2e::write_file(w.corpus / "short.txt", "Short report\n\nThe heron stayed.\n");

  const e2e::Run capped = w.index_now({"--max-file-size", "1", "--no-entities"});
  CHECK(capped.exit_code == 1);
  CHECK(contains(capped.err, "long.txt: 1.2 MB exceeds the 1 MB article size cap (--max-file-size), skipped"));
  CHECK(w.find({"--count", "--no-autocorrect", "cormorant"}).out == "0\n");

  const e2e::Run raised = w.index_now({"--max-file-size", "2", "--no-entities", "--verbose"});
  CHECK(raised.exit_code == 0);
  CHECK(contains(raised.out, "long.txt"));
  CHECK_FALSE(contains(raised.out, "unchanged long.txt"));
  CHECK(w.ids({"cormorant"}) == std::vector<std::string>{"long"});
}

namespace {

// Six articles about one harbour: dated by each source the reader knows, two
// just outside 2024-01-01..2024-06-30, and one without a date that says
// "harbour" most, so it would rank first by relevance.
void write_dated_corpus(const Workspace& w) {
  e2e::write_file(w.corpus / "feed.jsonl",
                  R"({"id": "feb", "title": "Ice news", "text": "The harbour froze in February.", "date": "2024-02-10"})"
                  "\n"
                  R"({"id": "dec", "title": "Dredging news", "text": "The harbour was dredged.", "date": "2023-12-31"})"
                  "\n");
  e2e::write_file(w.corpus / "may.html",
                  R"(<html><head><title>Yachts in May</title>)"
                  R"(<meta property="article:published_time" content="2024-05-20T08:00:00Z"></head>)"
                  R"(<body><h1>Yachts in May</h1><p>The harbour filled with yachts.</p></body></html>)");
  e2e::write_file(w.corpus / "june.txt",
                  "Strike ends\n\nOSLO, June 30, 2024 \u2014 The harbour workers ended their strike.\n");
  e2e::write_file(w.corpus / "july.md", "# Expansion planned\n\n*Published: 2024-07-01*\n\nThe harbour will be expanded.\n");
  // A date in prose is no dateline: this one stays undated.
  e2e::write_file(w.corpus / "undated.txt",
                  "Harbour history\n\nThe harbour was bombed on May 9, 1945, and rebuilt.\n\n"
                  "The harbour is older than the town, and the harbour wall older than the harbour master's house.\n");
}

}  // namespace

TEST_CASE("e2e formats: --since/--until keep dated articles in range, --sort date puts the newest first and the undated last") {
  Workspace w;
  write_dated_corpus(w);
  REQUIRE(w.index_now({"-q"}).exit_code == 0);

  const json all = w.find_json({"harbour"});
  std::map<std::string, json> dates;
  for (const auto& hit : all["hits"]) dates[hit["id"]] = hit["date"];
  CHECK(dates == std::map<std::string, json>{{"feb", "2024-02-10"}, {"dec", "2023-12-31"}, {"may", "2024-05-20"},
                                             {"june", "2024-06-30"}, {"july", "2024-07-01"}, {"undated", nullptr}});
  REQUIRE_FALSE(all["hits"].empty());
  CHECK(all["hits"][0]["id"] == "undated");  // by relevance

  SUBCASE("a date range, both ends inclusive; undated articles are outside every range") {
    const auto in_range = w.ids({"--since", "2024-01-01", "--until", "2024-06-30", "harbour"});
    CHECK(std::set<std::string>(in_range.begin(), in_range.end()) == std::set<std::string>{"feb", "may", "june"});
    CHECK(w.ids({"--since", "2024-01-01", "--until", "2024-06-30", "--sort", "date", "harbour"}) ==
          std::vector<std::string>{"june", "may", "feb"});
    CHECK(w.ids({"--since", "2024-06-30", "--sort", "date", "harbour"}) == std::vector<std::string>{"july", "june"});
    CHECK(w.ids({"--until", "2023-12-31", "harbour"}) == std::vector<std::string>{"dec"});
    // Without a query: the range alone is a filter.
    const auto only_range = w.ids({"--since", "2024-05-01", "--until", "2024-05-31"});
    CHECK(only_range == std::vector<std::string>{"may"});
    const e2e::Run none = w.find({"--since", "2025-01-01", "harbour"});
    CHECK(none.exit_code == 1);
  }
  SUBCASE("--sort date: newest first, the undated article last and still there") {
    CHECK(w.ids({"--sort", "date", "harbour"}) ==
          std::vector<std::string>{"july", "june", "may", "feb", "dec", "undated"});
    // Pages of a date-sorted list carry on where the previous page stopped.
    CHECK(w.ids({"--sort", "date", "--limit", "2", "--offset", "4", "harbour"}) ==
          std::vector<std::string>{"dec", "undated"});
    const e2e::Run text = w.find({"--sort", "date", "--no-facets", "harbour"});
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("july") < text.out.find("june"));
    CHECK(text.out.find("2024-07-01") != std::string::npos);
  }
  SUBCASE("a malformed date is a usage error") {
    for (const std::string flag : {"--since", "--until"}) {
      for (const std::string bad : {"yesterday", "2024-5-9", "09/05/2024", "2024-05-09T00:00"}) {
        CAPTURE(flag);
        CAPTURE(bad);
        const e2e::Run r = w.find({flag, bad, "harbour"});
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        REQUIRE_FALSE(lines_of(r.err).empty());
        CHECK(contains(lines_of(r.err)[0], "expected YYYY, YYYY-MM, YYYY-MM-DD or 7d, 2w, 3m, 1y"));
        CHECK(contains(lines_of(r.err)[0], "got \"" + bad + "\""));
        CHECK(contains(lines_of(r.err)[0], flag));
      }
    }
  }
}

// Regression test (bug found by this suite, fixed): search checks only the shape
// of --since/--until (\d{4}-\d{2}-\d{2}), so a month 13 or 30 February is
// accepted and compared as a string, silently matching nothing or too much.
TEST_CASE("e2e formats: regression: an impossible --since/--until date is a usage error") {
  Workspace w;
  write_dated_corpus(w);
  REQUIRE(w.index_now({"-q"}).exit_code == 0);
  for (const std::string bad : {"2024-13-01", "2024-02-30", "2023-02-29", "0000-00-00"}) {
    CAPTURE(bad);
    const e2e::Run r = w.find({"--since", bad, "harbour"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(contains(r.err, bad));
  }
}
