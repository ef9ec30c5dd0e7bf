// End to end: real news collections as a new user meets them (issue 14). A
// BBC-like layout whose file names repeat across folders, a Reuters-like JSONL
// feed with the wire's own dates, RSS and Atom feeds and broken ones (a
// truncated file, an empty item, an entity bomb, an external entity), date
// filters, metadata fields, absolute paths, search --show, a corpus with
// nothing to index, and the progress display on one big file.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "e2e_support.h"

namespace fs = std::filesystem;
using e2e::lines_of;
using e2e::contains;
using nlohmann::json;

namespace {

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

// A corpus and its index in a temporary folder; paths are absolute.
struct Workspace {
  e2e::TempDir dir;
  fs::path corpus = dir / "corpus";
  fs::path index = dir / "index";

  e2e::Run index_now(std::vector<std::string> extra = {}, const std::map<std::string, std::string>& env = {}) const {
    std::vector<std::string> argv{"/usr/bin/timeout", "-s",      "KILL",        "60", NEWS_INDEXER_BIN, "--corpus",
                                  corpus.string(),    "--index", index.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return e2e::run(argv, "", env);
  }
  e2e::Run find(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) const {
    args.insert(args.begin(), {"--index", index.string()});
    return e2e::search(args, "", env);
  }
  json find_json(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) const {
    args.insert(args.begin(), {"--format", "json", "--limit", "100"});
    const e2e::Run r = find(args, env);
    REQUIRE_MESSAGE(r.exit_code <= 1, r.err);
    return json::parse(r.out);
  }
  std::vector<std::string> ids(std::vector<std::string> args,
                               const std::map<std::string, std::string>& env = {}) const {
    return e2e::hit_ids(find_json(std::move(args), env));
  }
  json only_hit(const std::string& query) const {
    const json r = find_json({query});
    CAPTURE(query);
    REQUIRE(r["hits"].size() == 1);
    return r["hits"][0];
  }
};

// The BBC News layout: category folders whose files are all 001.txt, 002.txt...
const std::vector<std::string> kCategories = {"business", "entertainment", "politics", "sport", "tech"};

void write_bbc_like(const fs::path& corpus, int per_category) {
  for (const std::string& category : kCategories) {
    for (int n = 1; n <= per_category; ++n) {
      char name[16];
      std::snprintf(name, sizeof name, "%03d.txt", n);
      e2e::write_file(corpus / category / name, "A " + category + " story number " + std::to_string(n) + "\n\n" +
                                                    "This " + category + " report mentions the word z" + category +
                                                    std::to_string(n) + " and nothing else of note.\n");
    }
  }
}

// Reuters-21578 converted to JSONL: integer ids, the wire's own date form.
std::string reuters_line(int id, const std::string& date, const std::string& title, const std::string& text,
                         const std::string& author = "") {
  json record = {{"id", id}, {"title", title}, {"text", text}, {"date", date}, {"source", "Reuters"}};
  if (!author.empty()) record["author"] = author;
  return record.dump() + "\n";
}

const std::string kReuters =
    reuters_line(1, "26-FEB-1987 15:01:01.79", "Bahia cocoa review",
                 "Showers continued throughout the week in the Bahia cocoa zone.", "By Jane Smith, Reuters") +
    reuters_line(2, "28-FEB-1987 09:12:00.00", "Cocoa exports rise", "Cocoa exports from Brazil rose in February.") +
    reuters_line(3, " 1-MAR-1987 10:00:00.00", "Cocoa talks resume", "Cocoa producers met in London on Sunday.",
                 "John Brown") +
    reuters_line(4, "15-JUN-1988 08:30:00.00", "Grain shipments", "Grain shipments from the port fell sharply.");

const std::string kRss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Example World Service</title>
  <link>https://example.com/</link>
  <item>
    <title>Kishida visits the walrus coast</title>
    <link>https://example.com/walrus</link>
    <guid>https://example.com/walrus</guid>
    <pubDate>Thu, 09 May 2024 10:00:00 GMT</pubDate>
    <dc:creator>Jane Doe</dc:creator>
    <description><![CDATA[<p>Prime Minister Fumio Kishida of Japan saw the <b>walrus</b> colony on Thursday.</p><p>Reporters followed him.</p>]]></description>
  </item>
  <item>
    <title>Penguins &amp;amp; puffins counted</title>
    <link>https://example.com/penguins</link>
    <pubDate>Fri, 10 May 2024 09:00:00 +0000</pubDate>
    <author>desk@example.com (John Smith)</author>
    <description>&lt;p&gt;Volunteers counted the penguins along the shore.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
)";

const std::string kAtom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Science Desk</title>
  <author><name>Science Desk</name></author>
  <entry>
    <title type="html">Comet &lt;em&gt;sighted&lt;/em&gt; over the observatory</title>
    <link rel="alternate" href="https://example.org/comet"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2003-12-13T18:30:02Z</published>
    <updated>2003-12-14T18:30:02Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>A bright comet crossed the sky above Tokyo.</p></div></content>
  </entry>
  <entry>
    <title>Meteor shower tonight</title>
    <link href="https://example.org/meteor"/>
    <id>tag:example.org,2003:meteor</id>
    <updated>2003-12-15T10:00:00+01:00</updated>
    <summary>Meteors will light up the sky.</summary>
    <author><name>Ann Author</name></author>
  </entry>
</feed>
)";

// "Billion laughs": ten levels of ten references, 10^9 "lol" if it were expanded.
std::string entity_bomb() {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n";
  for (int level = 1; level <= 9; ++level) {
    std::string refs;
    for (int i = 0; i < 10; ++i) refs += "&lol" + (level == 1 ? std::string() : std::to_string(level - 1)) + ";";
    doc += "<!ENTITY lol" + std::to_string(level) + " \"" + refs + "\">\n";
  }
  return doc +
         "]>\n<rss version=\"2.0\"><channel><title>Bomb</title>\n"
         "<item><title>Boom &lol9;</title><description>kaboomword &lol9;</description></item>\n"
         "</channel></rss>\n";
}

}  // namespace

TEST_CASE("e2e corpora: a BBC-like layout indexes every file, ids from the path under the root, stable across runs") {
  Workspace w;
  write_bbc_like(w.corpus, 4);
  e2e::write_file(w.corpus / "readme.txt", "About this collection\n\nThe zcollection of stories by category.\n");
  const e2e::Run first = w.index_now();
  CHECK(first.exit_code == 0);
  CHECK(first.err.empty());  // no id collisions: not one warning
  CHECK(contains(first.out, "Rebuilt index: 21 articles"));
  CHECK(contains(first.out, "21 added"));

  // Same names in different folders are different articles.
  CHECK(w.ids({"zsport1"}) == std::vector<std::string>{"sport/001"});
  CHECK(w.ids({"zbusiness1"}) == std::vector<std::string>{"business/001"});
  // A file at the corpus root keeps its bare name as before.
  CHECK(w.ids({"zcollection"}) == std::vector<std::string>{"readme"});
  // id: takes the path-derived ids.
  CHECK(w.ids({"id:sport/001"}) == std::vector<std::string>{"sport/001"});
  CHECK(w.ids({"id:tech/004"}) == std::vector<std::string>{"tech/004"});

  // A second run: every file unchanged, nothing re-read, not one warning.
  const e2e::Run again = w.index_now();
  CHECK(again.exit_code == 0);
  CHECK(again.err.empty());
  CHECK(contains(again.out, "21 unchanged"));
  CHECK(w.ids({"zsport1"}) == std::vector<std::string>{"sport/001"});

  // A rebuild gives the same ids.
  REQUIRE(w.index_now({"--rebuild", "-q"}).exit_code == 0);
  CHECK(w.ids({"zpolitics3"}) == std::vector<std::string>{"politics/003"});
}

TEST_CASE("e2e corpora: dir: keeps a folder and everything under it, relative to the corpus root") {
  Workspace w;
  write_bbc_like(w.corpus, 2);
  e2e::write_file(w.corpus / "news/world/asia/a.txt", "Asia story\n\nA zregional story from asia.\n");
  e2e::write_file(w.corpus / "news/world/b.txt", "World story\n\nA zregional story from the world desk.\n");
  e2e::write_file(w.corpus / "news/local.txt", "Local story\n\nA zregional story from home.\n");
  e2e::write_file(w.corpus / "newsletter/c.txt", "Letter\n\nA zregional letter, not news.\n");
  REQUIRE(w.index_now({"-q"}).exit_code == 0);

  CHECK(as_set(w.ids({"dir:sport"})) == std::set<std::string>{"sport/001", "sport/002"});
  CHECK(as_set(w.ids({"zregional", "dir:news"})) ==
        std::set<std::string>{"news/world/asia/a", "news/world/b", "news/local"});  // not newsletter/
  CHECK(as_set(w.ids({"zregional", "dir:news/world"})) == std::set<std::string>{"news/world/asia/a", "news/world/b"});
  CHECK(w.ids({"zregional", "dir:/news/world/asia/"}) == std::vector<std::string>{"news/world/asia/a"});
  CHECK(as_set(w.ids({"zregional -dir:news"})) == std::set<std::string>{"newsletter/c"});
  // Two dir: clauses: either folder.
  CHECK(w.ids({"dir:sport", "dir:tech"}).size() == 4);
  // The root: everything.
  CHECK(w.ids({"zregional", "dir:/"}).size() == 4);
  // A folder path too long for a Xapian term gets a bounded one, which dir: makes the same way.
  const std::string long_folder = std::string(120, 'a') + "/" + std::string(120, 'b') + "/" + std::string(120, 'c');
  e2e::write_file(w.corpus / long_folder / "deep.txt", "Deep story\n\nA zdeep story far down.\n");
  REQUIRE(w.index_now({"-q"}).exit_code == 0);
  CHECK(w.ids({"dir:" + long_folder}) == std::vector<std::string>{long_folder + "/deep"});
  CHECK(w.ids({"zdeep", "dir:" + long_folder.substr(0, 241)}) == std::vector<std::string>{long_folder + "/deep"});
  CHECK(w.find({"--count", "dir:" + long_folder + "x"}).out == "0\n");
  // A folder that does not exist matches nothing, and part of a name is no folder.
  CHECK(w.find({"--count", "dir:spo"}).out == "0\n");
  CHECK(w.find({"--count", "dir:nowhere"}).out == "0\n");
}

TEST_CASE("e2e corpora: a Reuters-like JSONL file: wire dates, source and author kept and searchable, line numbers") {
  Workspace w;
  e2e::write_file(w.corpus / "reuters/reut2-000.jsonl", kReuters);
  const e2e::Run run = w.index_now();
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());  // every "26-FEB-1987 15:01:01.79" date read
  CHECK(contains(run.out, "Rebuilt index: 4 articles"));

  const json bahia = w.only_hit("Bahia");
  CHECK(bahia["id"] == "1");  // record ids stay as the records give them
  CHECK(bahia["date"] == "1987-02-26");
  CHECK(bahia["source"] == "Reuters");
  CHECK(bahia["author"] == "By Jane Smith, Reuters");
  CHECK(bahia["line"] == 1);
  CHECK(bahia["path"] == (w.corpus / "reuters/reut2-000.jsonl").string());
  const json talks = w.only_hit("London");
  CHECK(talks["date"] == "1987-03-01");
  CHECK(talks["line"] == 3);
  CHECK(w.only_hit("Grain")["author"].is_null());

  // The text view names the file and the record's line.
  const e2e::Run text = w.find({"--no-facets", "Bahia"});
  CHECK(contains(text.out, "reut2-000.jsonl:1"));
  CHECK(contains(text.out, "Reuters"));

  SUBCASE("source: and author: are query fields") {
    CHECK(w.ids({"source:reuters"}).size() == 4);
    CHECK(w.ids({"cocoa", "source:reuters"}).size() == 3);
    CHECK(w.find({"--count", "source:bloomberg"}).out == "0\n");
    CHECK(w.ids({"author:smith"}) == std::vector<std::string>{"1"});
    CHECK(w.ids({"author:\"jane smith\""}) == std::vector<std::string>{"1"});
    CHECK(w.find({"--count", "author:\"smith jane\""}).out == "0\n");  // a phrase, in order
    CHECK(w.ids({"author:\"John Brown\""}) == std::vector<std::string>{"3"});
    CHECK(as_set(w.ids({"cocoa -author:brown"})) == std::set<std::string>{"1", "2"});
  }
  SUBCASE("--since/--until take a year, a month or a day; --until of a month is its last day") {
    CHECK(as_set(w.ids({"--since", "1987-02", "--until", "1987-02", "cocoa"})) == std::set<std::string>{"1", "2"});
    CHECK(as_set(w.ids({"--until", "1987-02"})) == std::set<std::string>{"1", "2"});  // 1987-02-28 is in
    CHECK(w.ids({"--since", "1987-03", "--until", "1987"}) == std::vector<std::string>{"3"});
    CHECK(w.ids({"--since", "1988"}) == std::vector<std::string>{"4"});
    CHECK(as_set(w.ids({"--since", "1987-02-27", "--until", "1987-03-01"})) == std::set<std::string>{"2", "3"});
    CHECK(w.ids({"--until", "1986"}).empty());
  }
  SUBCASE("relative dates count back from today (NEWS_TODAY stands in for it)") {
    const std::map<std::string, std::string> today{{"NEWS_TODAY", "1987-03-08"}};
    CHECK(w.ids({"--since", "7d", "cocoa"}, today) == std::vector<std::string>{"3"});                 // from 1987-03-01
    CHECK(as_set(w.ids({"--since", "2w", "cocoa"}, today)) == std::set<std::string>{"1", "2", "3"});  // 02-22
    CHECK(as_set(w.ids({"--since", "1m", "--until", "1w"}, today)) == std::set<std::string>{"1", "2", "3"});
    CHECK(w.ids({"--until", "1y"}, {{"NEWS_TODAY", "1988-02-27"}}) == std::vector<std::string>{"1"});  // to 1987-02-27
  }
  SUBCASE("a duplicate record id in another file is reported, and the first one kept") {
    e2e::write_file(w.corpus / "reuters/reut2-001.jsonl",
                    reuters_line(1, "2-MAR-1987 10:00:00.00", "Copy", "A zcopy."));
    const e2e::Run dup = w.index_now();
    CHECK(dup.exit_code == 1);
    CHECK(contains(dup.err, "article id '1' is already used by reuters/reut2-000.jsonl"));
    CHECK(w.only_hit("Bahia")["id"] == "1");
  }
}

TEST_CASE("e2e corpora: RSS and Atom feeds, one article per item, with title, url, date, author, source and entities") {
  Workspace w;
  e2e::write_file(w.corpus / "feeds/world.rss", kRss);
  e2e::write_file(w.corpus / "feeds/science.atom", kAtom);
  e2e::write_file(w.corpus / "feeds/more.xml", kRss.substr(0, kRss.find("<item>")) +  // an .xml whose root is <rss>
                                                   "<item><title>Lighthouse restored</title><description>The old "
                                                   "lighthouse was restored.</description></item></channel></rss>\n");
  e2e::write_file(w.corpus / "sitemap.xml", "<?xml version=\"1.0\"?>\n<urlset><url><loc>x</loc></url></urlset>\n");
  const e2e::Run run = w.index_now({"--verbose"});
  CHECK(run.exit_code == 0);  // a non-feed .xml is not an article file: counted, not a problem
  CHECK(run.err.empty());
  CHECK(contains(run.out, "Rebuilt index: 5 articles"));
  CHECK(contains(run.out, "1 unsupported"));
  CHECK(contains(run.out, "unsupported sitemap.xml: an XML file that is not a feed (root element <urlset>)"));
  CHECK(contains(run.out, "added     feeds/world.rss (2 articles)"));

  const json walrus = w.only_hit("walrus");
  CHECK(walrus["id"] == "https://example.com/walrus");  // the guid
  CHECK(walrus["title"] == "Kishida visits the walrus coast");
  CHECK(walrus["url"] == "https://example.com/walrus");
  CHECK(walrus["date"] == "2024-05-09");
  CHECK(walrus["author"] == "Jane Doe");
  CHECK(walrus["source"] == "Example World Service");
  CHECK(walrus["line"] == 6);
  CHECK(walrus["path"] == (w.corpus / "feeds/world.rss").string());
  // The HTML of the description decoded: no tags, the words searchable and highlighted.
  CHECK(contains(walrus["snippet_text"], "saw the walrus colony on Thursday."));
  CHECK_FALSE(contains(walrus["snippet_text"], "<b>"));
  // Entities work on feed items like on any article.
  CHECK(contains(walrus["entities"]["person"].dump(), "Fumio Kishida"));
  CHECK(w.ids({"--person", "Kishida"}) == std::vector<std::string>{"https://example.com/walrus"});

  const json penguins = w.only_hit("penguins");
  CHECK(penguins["id"] == "feeds/world-L14");                // no guid: <path>-L<line of the item>
  CHECK(penguins["title"] == "Penguins & puffins counted");  // escaped twice, decoded twice
  CHECK(penguins["author"] == "John Smith");                 // RSS's "email (Name)"
  CHECK(penguins["date"] == "2024-05-10");

  const json comet = w.only_hit("comet");
  CHECK(comet["id"] == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
  CHECK(comet["title"] == "Comet sighted over the observatory");
  CHECK(comet["url"] == "https://example.org/comet");
  CHECK(comet["date"] == "2003-12-13");      // published, before updated
  CHECK(comet["author"] == "Science Desk");  // the feed's author, for an entry without one
  CHECK(comet["source"] == "Example Science Desk");
  CHECK(contains(comet["snippet_text"], "A bright comet crossed the sky above Tokyo."));
  const json meteor = w.only_hit("meteors");
  CHECK(meteor["author"] == "Ann Author");
  CHECK(meteor["date"] == "2003-12-15");  // updated, when there is no published

  CHECK(w.only_hit("lighthouse")["source"] == "Example World Service");  // .xml read by its root
  CHECK(w.ids({"source:\"example science desk\""}).size() == 2);
  CHECK(w.ids({"author:doe"}) == std::vector<std::string>{"https://example.com/walrus"});
  CHECK(w.ids({"--since", "2024", "dir:feeds"}).size() == 2);  // the two RSS items; the lighthouse is undated
}

TEST_CASE("e2e corpora: broken feeds: truncated XML keeps the whole items, an empty item is named, bombs are refused") {
  Workspace w;
  const std::string truncated = kRss.substr(0, kRss.find("<title>Penguins") + 20);  // cut inside the second item
  e2e::write_file(w.corpus / "truncated.rss", truncated);
  e2e::write_file(w.corpus / "empty-item.rss",
                  "<rss version=\"2.0\"><channel><title>E</title>\n"
                  "<item><title>Harbour reopens</title><description>The harbour reopened.</description></item>\n"
                  "<item><title> </title><description></description></item>\n"
                  "</channel></rss>\n");
  e2e::write_file(w.corpus / "bomb.rss", entity_bomb());
  e2e::write_file(w.corpus / "secret.txt.unused", "zsecretword");
  e2e::write_file(w.corpus / "xxe.atom",
                  "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM \"file://" +
                      (w.corpus / "secret.txt.unused").string() +
                      "\">]>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>X</title>\n"
                      "<entry><id>x1</id><title>Outside &xxe; world</title><summary>Nothing zinside &xxe;.</summary>"
                      "</entry></feed>\n");
  e2e::write_file(w.corpus / "not-a-feed.rss", "<html><body>hello</body></html>\n");

  const auto started = std::chrono::steady_clock::now();
  const e2e::Run run = w.index_now();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(seconds < 20);  // the bomb is refused, not expanded
  CHECK(run.exit_code == 1);
  std::map<std::string, std::string> warning;
  for (const std::string& line : lines_of(run.err)) {
    const std::string prefix = "indexer: warning: " + w.corpus.string() + "/";
    REQUIRE(line.rfind(prefix, 0) == 0);
    const std::string rest = line.substr(prefix.size());
    warning[rest.substr(0, rest.find(':'))] += rest + "\n";
  }
  CAPTURE(run.err);
  CHECK(contains(warning["truncated.rss"], "the XML ends before the feed does (truncated?)"));
  CHECK(contains(warning["truncated.rss"], "the rest of the file skipped"));
  CHECK(contains(warning["empty-item.rss"], "empty-item.rss:3: item has no title and no text, skipped"));
  CHECK(contains(warning["bomb.rss"], "XML entity expansion refused"));
  CHECK(contains(warning["bomb.rss"], ", skipped"));
  CHECK(contains(warning["xxe.atom"], "entity references declared in the file (&xxe;) are not expanded, left out"));
  CHECK(contains(warning["not-a-feed.rss"], "not an RSS or Atom feed (root element <html>), skipped"));

  // What was whole is in; nothing of the bomb, nothing of the external file.
  CHECK(w.ids({"walrus"}) == std::vector<std::string>{"https://example.com/walrus"});
  CHECK(w.ids({"harbour"}).size() == 1);
  CHECK(w.find({"--count", "--no-autocorrect", "kaboomword"}).out == "0\n");
  CHECK(w.find({"--count", "--no-autocorrect", "lol"}).out == "0\n");
  CHECK(w.find({"--count", "--no-autocorrect", "zsecretword"}).out == "0\n");
  CHECK(w.only_hit("zinside")["title"] == "Outside world");
}

TEST_CASE("e2e corpora: a date filter that leaves nothing because no matching article is dated says so") {
  Workspace w;
  e2e::write_file(w.corpus / "a.txt", "Undated harbour story\n\nThe harbour reopened.\n");
  e2e::write_file(w.corpus / "b.jsonl", reuters_line(7, "26-FEB-1987 15:01:01.79", "Cocoa", "Cocoa prices rose."));
  REQUIRE(w.index_now({"-q"}).exit_code == 0);
  const e2e::Run undated = w.find({"--since", "2005", "harbour"});
  CHECK(undated.exit_code == 1);
  CHECK(lines_of(undated.err) ==
        std::vector<std::string>{"search: no matching article has a date: the date filter (--since/--until) leaves "
                                 "none of the 1 that match without it"});
  const json j = w.find_json({"--since", "2005", "harbour"});
  REQUIRE(j.contains("warnings"));
  CHECK(contains(j["warnings"][0], "no matching article has a date"));
  // A dated match outside the range: nothing to explain, no notice.
  const e2e::Run dated = w.find({"--since", "2005", "cocoa"});
  CHECK(dated.exit_code == 1);
  CHECK(dated.err.empty());
  // A bad date: one line naming the flag and the forms it takes.
  const e2e::Run bad = w.find({"--until", "1987-13"});
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "--until: expected YYYY, YYYY-MM, YYYY-MM-DD or 7d, 2w, 3m, 1y"));
}

TEST_CASE("e2e corpora: hit paths are absolute, so they open from any folder") {
  Workspace w;
  write_bbc_like(w.corpus, 1);
  // The indexer is given a relative corpus folder, from the workspace.
  const e2e::Run built =
      e2e::run({"/bin/sh", "-c",
                "cd '" + w.dir.path().string() + "' && '" NEWS_INDEXER_BIN "' --corpus corpus --index index -q"});
  REQUIRE(built.exit_code == 0);
  // search runs from elsewhere (the test's own folder).
  const json hit = w.only_hit("zsport1");
  const std::string path = hit["path"];
  CHECK(fs::path(path).is_absolute());
  CHECK(fs::exists(path));
  CHECK(path == (w.corpus / "sport/001.txt").string());
  const e2e::Run text = w.find({"--no-facets", "zsport1"});
  CHECK(contains(text.out, (w.corpus / "sport/001.txt").string()));
}

TEST_CASE(
    "e2e corpora: search --show prints one article whole, as text or JSON, and an unknown id is an error naming it") {
  Workspace w;
  e2e::write_file(w.corpus / "reuters/r.jsonl", kReuters);
  e2e::write_file(w.corpus / "sport/001.txt", "Cup final tonight\n\nThe final starts at eight.\n\nTickets sold out.\n");
  REQUIRE(w.index_now({"-q"}).exit_code == 0);

  const e2e::Run text = w.find({"--show", "1"});
  CHECK(text.exit_code == 0);
  const auto shown = lines_of(text.out);
  REQUIRE(shown.size() >= 5);
  CHECK(shown[0] == "Bahia cocoa review");
  CHECK(shown[1] == "1 · 1987-02-26 · Reuters · By Jane Smith, Reuters");
  CHECK(shown[2] == (w.corpus / "reuters/r.jsonl").string() + ":1");
  CHECK(contains(text.out, "Showers continued throughout the week in the Bahia cocoa zone."));

  const e2e::Run whole = w.find({"--show", "sport/001"});
  CHECK(whole.exit_code == 0);
  CHECK(contains(whole.out, "Cup final tonight\n"));
  CHECK(contains(whole.out, "\nThe final starts at eight.\n\nTickets sold out.\n"));

  const e2e::Run as_json = w.find({"--show", "sport/001", "--format", "json"});
  CHECK(as_json.exit_code == 0);
  const json a = json::parse(as_json.out);
  CHECK(a["id"] == "sport/001");
  CHECK(a["title"] == "Cup final tonight");
  CHECK(a["path"] == (w.corpus / "sport/001.txt").string());
  CHECK(a["folder"] == "sport");
  CHECK(a["line"].is_null());
  CHECK(a["date"].is_null());
  CHECK(a["source"].is_null());
  CHECK(a["text"] == "The final starts at eight.\n\nTickets sold out.");
  for (const char* key : {"url", "author", "entities"}) CHECK(a.contains(key));
  const json record = json::parse(w.find({"--show", "3", "--format", "json"}).out);
  CHECK(record["line"] == 3);
  CHECK(record["author"] == "John Brown");
  CHECK(record["date"] == "1987-03-01");

  const e2e::Run unknown = w.find({"--show", "sport/999"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.out.empty());
  CHECK(lines_of(unknown.err).size() == 1);
  CHECK(contains(unknown.err, "no article with id \"sport/999\""));
}

TEST_CASE(
    "e2e corpora: nothing silent: a corpus with no article exits 1 saying why, and --verbose names every skipped "
    "file") {
  Workspace w;
  for (int i = 0; i < 22; ++i) e2e::write_file(w.corpus / ("reut2-0" + std::to_string(10 + i) + ".sgm"), "<REUTERS>\n");
  const e2e::Run none = w.index_now();
  CHECK(none.exit_code == 1);
  CHECK(lines_of(none.err) == std::vector<std::string>{"indexer: no articles: 22 files of unsupported types (.sgm)"});
  CHECK(contains(none.out, "22 unsupported (22 files;"));

  SUBCASE("--verbose names each file and why") {
    const e2e::Run verbose = w.index_now({"--verbose"});
    int named = 0;
    for (const std::string& line : lines_of(verbose.out))
      named += line.rfind("unsupported reut2-0", 0) == 0 && contains(line, ".sgm: unsupported type .sgm");
    CHECK(named == 22);
  }
  SUBCASE("with one article beside them, the run is fine and the summary still counts them") {
    e2e::write_file(w.corpus / "note.txt", "A note\n\nThe only article.\n");
    e2e::write_file(w.corpus / "empty.txt", "");
    const e2e::Run some = w.index_now({"--verbose"});
    CHECK(some.exit_code == 1);  // the empty file
    CHECK(contains(some.out, "22 unsupported"));
    CHECK(contains(some.out, "skipped   empty.txt: empty file"));
    CHECK_FALSE(contains(some.err, "no articles"));
  }
  SUBCASE("an empty folder, and a folder of files that are all skipped") {
    Workspace empty;
    fs::create_directories(empty.corpus);
    const e2e::Run nothing = empty.index_now();
    CHECK(nothing.exit_code == 1);
    CHECK(lines_of(nothing.err) == std::vector<std::string>{"indexer: no articles: the corpus folder has no files"});
    Workspace broken;
    e2e::write_file(broken.corpus / "a.txt", "");
    e2e::write_file(broken.corpus / "b.jsonl", "{not json\n");
    const e2e::Run skipped = broken.index_now();
    CHECK(skipped.exit_code == 1);
    CHECK(lines_of(skipped.err).back() == "indexer: no articles: 2 files skipped (see the warnings above)");
  }
}

TEST_CASE(
    "e2e corpora: progress moves through one big JSONL file, guesses no time at first, and ends on the summary's "
    "rate") {
  Workspace w;
  std::string records;
  for (int i = 1; i <= 3000; ++i) {
    records += reuters_line(i, "26-FEB-1987 15:01:01.79", "Cocoa report " + std::to_string(i),
                            "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought "
                            "since early January and improving prospects for the coming temporao.");
  }
  e2e::write_file(w.corpus / "big.jsonl", records);
  const e2e::Run run = e2e::run_on_terminal(
      {NEWS_INDEXER_BIN, "--corpus", w.corpus.string(), "--index", w.index.string(), "--no-color", "--threads", "1"},
      {{"TERM", "xterm"}});
  REQUIRE(run.exit_code == 0);
  // Frames are separated by carriage returns.
  std::vector<std::string> frames;
  std::string frame;
  for (char c : run.out) {
    if (c == '\r' || c == '\n') {
      if (contains(frame, " files  ")) frames.push_back(frame);
      frame.clear();
    } else {
      frame += c;
    }
  }
  REQUIRE(frames.size() >= 2);
  CAPTURE(frames.front());
  CAPTURE(frames.back());
  // Inside the one file, before it is done: bytes move although no file is finished yet.
  const std::regex inside(R"(\] 0/1 files  (\S+ \S+)/(\S+ \S+) )");
  const bool moved_inside = std::any_of(frames.begin(), frames.end(), [&](const std::string& f) {
    std::smatch m;
    return std::regex_search(f, m, inside) && m[1] != "0 bytes" && m[1] != m[2];
  });
  CHECK(moved_inside);
  // The first frame guesses no time left.
  CHECK_FALSE(contains(frames.front(), "left"));
  CHECK(contains(frames.front(), "measuring speed"));
  // The last frame's rate is the summary's.
  const std::regex rate(R"(([0-9]+\.[0-9]) articles/s)");
  std::smatch last, summary;
  REQUIRE(std::regex_search(frames.back(), last, rate));
  const auto summary_at = run.out.find("Rebuilt index:");
  REQUIRE(summary_at != std::string::npos);
  const std::string summary_line = run.out.substr(summary_at);
  REQUIRE(std::regex_search(summary_line, summary, rate));
  CHECK(last[1] == summary[1]);
  CHECK(contains(frames.back(), "1/1 files"));
}
