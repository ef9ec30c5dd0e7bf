// The RSS/Atom reader (ingest/feed_reader.h) through read_article_file, on
// feeds written into a temporary folder: fields, fallbacks, and the broken
// and hostile files it must survive (truncated, entity bombs, external and
// undeclared entities, a root that is no feed).
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "article_text.h"
#include "ingest/article_reader.h"

namespace fs = std::filesystem;
using news::FileArticles;
using Status = news::FileArticles::Status;

namespace {

class FeedDir {
 public:
  FeedDir() {
    std::string pattern = (fs::temp_directory_path() / "news-feed-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~FeedDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  FeedDir(const FeedDir&) = delete;
  FeedDir& operator=(const FeedDir&) = delete;

  FileArticles read(const std::string& name, const std::string& bytes) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name, std::ios::binary) << bytes;
    return news::read_article_file(path_ / name, name);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// `doctype` goes between the XML declaration and the root.
std::string rss(const std::string& items, const std::string& namespaces = "", const std::string& doctype = "") {
  return "<?xml version=\"1.0\"?>\n" + doctype + "<rss version=\"2.0\"" + namespaces +
         "><channel><title>Wire</title>\n" + items + "</channel></rss>\n";
}

std::string billion_laughs() {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY a0 \"ha\">\n";
  for (int level = 1; level <= 20; ++level) {
    std::string refs;
    for (int i = 0; i < 10; ++i) refs += "&a" + std::to_string(level - 1) + ";";
    doc += "<!ENTITY a" + std::to_string(level) + " \"" + refs + "\">\n";
  }
  return doc + "]>\n<rss><channel><title>B</title><item><title>x &a20;</title></item></channel></rss>\n";
}

}  // namespace

TEST_CASE("feeds: an RSS 2.0 item's fields, and what stands in for missing ones") {
  FeedDir dir;
  const FileArticles r = dir.read(
      "wire/world.rss",
      rss("<item><title>First story</title><link> https://example.com/1 </link><guid>story-1</guid>"
          "<pubDate>Tue, 03 Jun 2008 11:05:30 GMT</pubDate><author>ed@example.com (Ed Editor)</author>"
          "<description>Short summary.</description>"
          "<content:encoded><![CDATA[<p>The full first story.</p><p>Second paragraph.</p>]]></content:encoded></item>\n"
          "<item><title>Second story</title><dc:date>2008-06-04T09:00:00Z</dc:date><dc:creator>Ann</dc:creator>"
          "<dc:creator>Bob</dc:creator><source url=\"https://other.example\">Other Wire</source>"
          "<description>Plain second story.</description></item>\n"
          "<item><title>Third</title><pubDate>someday</pubDate><description>x</description></item>\n",
          " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""));
  CHECK(r.status == Status::read);
  REQUIRE(r.articles.size() == 3);
  const news::Article& first = r.articles[0];
  CHECK(first.id == "story-1");
  CHECK(first.source_path == "wire/world.rss");
  CHECK(first.line == 3);
  CHECK(first.title_text() == "First story");
  CHECK(body_text(first) == "The full first story. | Second paragraph.");  // content:encoded over description
  CHECK(first.url == "https://example.com/1");
  CHECK(first.date == "2008-06-03");
  CHECK(first.author == "Ed Editor");
  CHECK(first.source == "Wire");
  const news::Article& second = r.articles[1];
  CHECK(second.id == "wire/world-L4");  // no guid: the path under the root and the item's line
  CHECK(second.date == "2008-06-04");   // dc:date
  CHECK(second.author == "Ann, Bob");
  CHECK(second.source == "Other Wire");  // the item's own <source>
  CHECK(r.articles[2].date.empty());
  CHECK(r.warnings == std::vector<std::string>{"wire/world.rss:5: unrecognised date \"someday\", left empty"});
  CHECK(r.content_hash != 0);
}

TEST_CASE("feeds: Atom entries: text constructs, links, dates, the feed's author, and RSS 1.0 items") {
  FeedDir dir;
  const FileArticles atom = dir.read("a.atom", R"(<feed xmlns="http://www.w3.org/2005/Atom">
<entry><title type="text">Plain &lt;b&gt; title</title><id>e1</id>
<link rel="self" href="https://example.org/self"/><link rel="alternate" href="https://example.org/e1"/>
<content type="text">First paragraph
still first.

Second paragraph.</content><updated>2010-01-02T00:00:00Z</updated></entry>
<title>Atom Desk</title><author><name>Desk</name></author>
</feed>
)");
  REQUIRE(atom.articles.size() == 1);
  const news::Article& e = atom.articles[0];
  CHECK(e.title_text() == "Plain <b> title");  // type="text": markup is text
  CHECK(body_text(e) == "First paragraph still first. | Second paragraph.");
  CHECK(e.url == "https://example.org/e1");
  CHECK(e.date == "2010-01-02");
  CHECK(e.author == "Desk");  // given after the entries, still applied
  CHECK(e.source == "Atom Desk");

  const FileArticles rdf = dir.read("r.xml", R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://example.net/"><title>RDF Wire</title></channel>
<item rdf:about="https://example.net/1"><title>RDF item</title><description>An RSS 1.0 item.</description></item>
</rdf:RDF>
)");
  REQUIRE(rdf.articles.size() == 1);
  CHECK(rdf.articles[0].id == "https://example.net/1");
  CHECK(rdf.articles[0].source == "RDF Wire");
}

TEST_CASE("feeds: .xml is a feed only by its root, and .rss with another root is a problem") {
  FeedDir dir;
  const FileArticles sitemap = dir.read("sitemap.xml", "<urlset><url/></urlset>");
  CHECK(sitemap.status == Status::unsupported);
  CHECK(sitemap.warnings.empty());
  CHECK(sitemap.reason == "an XML file that is not a feed (root element <urlset>)");
  const FileArticles page = dir.read("page.rss", "<html><body>x</body></html>");
  CHECK(page.status == Status::skipped);
  CHECK(page.warnings == std::vector<std::string>{"page.rss: not an RSS or Atom feed (root element <html>), skipped"});
  const FileArticles none = dir.read("none.rss", rss(""));
  CHECK(none.status == Status::skipped);
  CHECK(none.warnings == std::vector<std::string>{"none.rss: feed has no items, skipped"});
  const FileArticles blank = dir.read("blank.rss", "");
  CHECK(blank.status == Status::skipped);
  CHECK(blank.articles.empty());
}

TEST_CASE("feeds: a truncated or malformed feed keeps the items before the damage") {
  FeedDir dir;
  std::string items;
  for (int i = 1; i <= 3; ++i) items += "<item><title>Story " + std::to_string(i) + "</title></item>\n";
  const std::string whole = rss(items);
  const FileArticles cut = dir.read("cut.rss", whole.substr(0, whole.find("Story 3") + 3));
  CHECK(cut.status == Status::partial);
  REQUIRE(cut.articles.size() == 2);
  CHECK(cut.articles[1].title_text() == "Story 2");
  REQUIRE(cut.warnings.size() == 1);
  CAPTURE(cut.warnings[0]);
  CHECK(cut.warnings[0].rfind("cut.rss:5: the XML ends before the feed does (truncated?): ", 0) == 0);
  CHECK(cut.warnings[0].ends_with("; the rest of the file skipped"));

  const FileArticles undeclared =
      dir.read("nbsp.rss", rss("<item><title>A</title></item>\n<item><title>B&nbsp;C</title></item>\n"));
  CHECK(undeclared.status == Status::partial);
  CHECK(undeclared.articles.size() == 1);
  CHECK(undeclared.warnings.front().find("Entity 'nbsp' not defined") != std::string::npos);

  const FileArticles empty_item =
      dir.read("e.rss", rss("<item><title>Kept</title></item>\n<item><title/><description> </description></item>\n"));
  CHECK(empty_item.status == Status::partial);
  CHECK(empty_item.articles.size() == 1);
  CHECK(empty_item.warnings == std::vector<std::string>{"e.rss:4: item has no title and no text, skipped"});
}

TEST_CASE("feeds: entity bombs are refused before anything is expanded, and external entities are never read") {
  FeedDir dir;
  const auto started = std::chrono::steady_clock::now();
  const FileArticles bomb = dir.read("bomb.rss", billion_laughs());  // 10^20 "ha" if expanded
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(bomb.status == Status::skipped);
  CHECK(bomb.articles.empty());
  REQUIRE(bomb.warnings.size() == 1);
  CHECK(bomb.warnings[0].find("XML entity expansion refused (an entity bomb?)") != std::string::npos);

  // Quadratic blow-up: one 20 KB entity referenced 20,000 times. Left out, never copied.
  const std::string big(20000, 'a');
  std::string refs;
  for (int i = 0; i < 20000; ++i) refs += "&big;";
  const FileArticles quadratic =
      dir.read("quad.rss", rss("<item><title>Q</title><description>x " + refs + " y</description></item>\n", "",
                               "<!DOCTYPE rss [<!ENTITY big \"" + big + "\">]>\n"));
  CAPTURE(quadratic.warnings.front());
  REQUIRE(quadratic.articles.size() == 1);
  CHECK(quadratic.articles[0].text.size() < 100);
  CHECK(
      quadratic.warnings ==
      std::vector<std::string>{"quad.rss: entity references declared in the file (&big;) are not expanded, left out"});

  const fs::path secret = dir.path() / "secret.txt";
  std::ofstream(secret) << "zsecretword";
  const FileArticles external =
      dir.read("xxe.rss", rss("<item><title>T &x;</title><description>d &x;</description></item>\n", "",
                              "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file://" + secret.string() + "\">]>\n"));
  REQUIRE(external.articles.size() == 1);
  CHECK(external.articles[0].text.find("zsecretword") == std::string::npos);
  CHECK(external.articles[0].title_text() == "T");
}
