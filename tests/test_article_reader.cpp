#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "text/text_util.h"
#include "ingest/article_reader.h"
#include "article_text.h"

namespace fs = std::filesystem;
using news::Article;
using news::FileArticles;
using news::read_article_file;
using Status = news::FileArticles::Status;

namespace {

const std::string kData = NEWS_TEST_DATA_DIR;

// Reads a fixture under tests/data; its path relative to tests/data names it in warnings.
FileArticles read_fixture(const std::string& relative, const news::ReadOptions& options = {}) {
  return read_article_file(kData + "/" + relative, relative, options);
}

// A string literal with its embedded NUL bytes.
template <std::size_t N>
std::string with_nuls(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}


// A fresh folder under /tmp, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "news-reader-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  fs::path write(const std::string& name, const std::string& bytes) const {
    const fs::path p = path_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  FileArticles read(const std::string& name, const news::ReadOptions& options = {}) const {
    return read_article_file(path_ / name, name, options);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

TEST_CASE("reader: formats are chosen by extension") {
  CHECK(news::format_of("a/b.TXT") == news::FileFormat::text);
  CHECK(news::format_of("x.htm") == news::FileFormat::html);
  CHECK(news::format_of("feed.jsonl") == news::FileFormat::jsonl);
  CHECK(news::format_of("notes.pdf") == news::FileFormat::unsupported);
}

TEST_CASE("reader: a plain-text file gives its title, body, id and dateline date") {
  FileArticles r = read_fixture("formats/plain_dateline.txt");
  CHECK(r.status == Status::read);
  CHECK(r.warnings.empty());
  REQUIRE(r.articles.size() == 1);
  const Article& a = r.articles[0];
  CHECK(a.id == "formats/plain_dateline");  // the path under the root, without the extension
  CHECK(a.source_path == "formats/plain_dateline.txt");
  CHECK(a.title_text() == "Russia warns Japan over Kuril drills");
  CHECK(a.date == "2024-05-09");
  CHECK(body_text(a) ==
        "MOSCOW, May 9, 2024 \xE2\x80\x94 Russia warned Japan on Thursday that joint drills with the United States "
        "near the Kuril Islands threaten its security. | Deputy Foreign Minister Andrey Rudenko said Moscow would "
        "respond. | The statement followed a week of naval exercises.");
}

TEST_CASE("reader: Markdown heading marks are not part of the title") {
  FileArticles r = read_fixture("formats/heading.md");
  CHECK(r.status == Status::read);
  REQUIRE(r.articles.size() == 1);
  const Article& a = r.articles[0];
  CHECK(a.id == "formats/heading");
  CHECK(a.title_text() == "Japan and US expand naval drills near Russia");
  CHECK(a.date == "2024-05-10");
  CHECK(a.text.substr(0, 2) == "# ");  // the text is kept as written
  CHECK(body_text(a).find("## What Moscow says") != std::string::npos);
}

TEST_CASE("reader: an HTML page gives headline, paragraphs and metadata without its chrome") {
  FileArticles r = read_fixture("formats/article.html");
  CHECK(r.status == Status::read);
  CHECK(r.warnings.empty());
  REQUIRE(r.articles.size() == 1);
  const Article& a = r.articles[0];
  CHECK(a.id == "formats/article");
  CHECK(a.title_text() == "Kishida warns of Russia\xE2\x80\x93North Korea arms trade");
  CHECK(a.date == "2024-05-09");  // article:published_time beats <time> and JSON-LD
  CHECK(a.url == "https://example.com/2024/05/kishida-russia");
  CHECK(a.author == "Jane Doe");
  CHECK(a.source == "The Example Times");
  CHECK(body_text(a) ==
        "By Jane Doe | May 1, 2024 | Prime Minister Fumio Kishida said the arms trade between Russia and North "
        "Korea was \"a cause for concern\" for Japan & its allies. | The Kuril Islands dispute continues to strain "
        "relations. | Talks have stalled since 2022.");
  CHECK(a.text.substr(0, a.title.end + 2) == std::string(a.title_text()) + "\n\n");
  CHECK(a.text.find("Share this article") != std::string::npos);  // furniture: in the text, not the body
  for (const char* chrome : {"font-family", "tracking", "Subscribe today", "Asia news menu", "cookies",
                             "Facebook", "Related:", "Advertisement", "JavaScript", "svg label", "newsletter",
                             "First!", "Most read", "Copyright"}) {
    CAPTURE(chrome);
    CHECK(a.text.find(chrome) == std::string::npos);
  }
}

TEST_CASE("reader: JSON Lines records are articles, one per line") {
  FileArticles r = read_fixture("formats/feed.jsonl");
  CHECK(r.status == Status::read);
  CHECK(r.warnings.empty());
  REQUIRE(r.articles.size() == 4);

  const Article& first = r.articles[0];
  CHECK(first.id == "feed-001");
  CHECK(first.source_path == "formats/feed.jsonl");
  CHECK(first.text ==
        "Russia warns Japan\n\nRussia has warned Japan over drills.\n\nThe warning came on Thursday.\n"
        "It was the second this month.");
  CHECK(first.title_text() == "Russia warns Japan");
  CHECK(body_text(first) == "Russia has warned Japan over drills. | The warning came on Thursday.\nIt was the "
                            "second this month.");
  CHECK(first.date == "2024-05-09");
  CHECK(first.url == "https://example.com/1");
  CHECK(first.source == "Example Wire");
  CHECK(first.author == "Jane Doe");

  const Article& second = r.articles[1];
  CHECK(second.id == "formats/feed-L2");  // no id: the path without extension, and the line number
  CHECK(second.line == 2);
  CHECK(second.title_text() == "Kishida on North Korea");
  // No blank line in the body: every line is a paragraph; furniture ("Subscribe") left out.
  CHECK(body_text(second) == "Kishida spoke about North Korea. | He mentioned the arms trade.");
  CHECK(second.date == "2024-05-09");
  CHECK(second.author == "A. Writer, B. Writer");

  const Article& third = r.articles[2];  // line 3 is blank, this is line 4
  CHECK(third.id == "42");
  CHECK(third.title_text() == "A title with breaks");
  CHECK(third.author == "C. Writer");
  CHECK(third.date.empty());

  const Article& fourth = r.articles[3];
  CHECK(fourth.id == "feed-004");
  CHECK(fourth.title.empty());
  CHECK(fourth.text == "A record without a title.\n\nSecond paragraph.");
  CHECK(body_text(fourth) == "A record without a title. | Second paragraph.");
}

TEST_CASE("reader: bad JSONL lines are skipped one by one, the rest of the file is read") {
  FileArticles r = read_fixture("broken/mixed.jsonl");
  CHECK(r.status == Status::partial);
  const std::vector<std::string> expected = {
      "broken/mixed.jsonl:2: malformed JSON, line skipped",
      "broken/mixed.jsonl:3: record has no text (a \"text\" or \"body\" string), line skipped",
      "broken/mixed.jsonl:4: not a JSON object, line skipped",
      "broken/mixed.jsonl:5: \"title\" is not a string, ignored",
      "broken/mixed.jsonl:5: unrecognised date \"someday\", left empty",
      "broken/mixed.jsonl:5: \"url\" is not a string, ignored",
      "broken/mixed.jsonl:6: \"id\" is not a string or an integer, id broken/mixed-L6 used",
      "broken/mixed.jsonl:6: \"date\" is not a string, ignored",
      "broken/mixed.jsonl:6: \"author\" is not a string, a list of strings or {\"name\": ...}, ignored",
      "broken/mixed.jsonl:7: record has no text (a \"text\" or \"body\" string), line skipped",
      "broken/mixed.jsonl:8: malformed JSON, line skipped",
  };
  CHECK(r.warnings == expected);
  REQUIRE(r.articles.size() == 4);
  CHECK(r.articles[0].id == "ok-1");
  CHECK(r.articles[1].id == "ok-2");
  CHECK(r.articles[1].title.empty());
  CHECK(r.articles[1].text == "Title of the wrong type.");
  CHECK(r.articles[2].id == "broken/mixed-L6");
  CHECK(r.articles[2].title_text() == "Odd id");
  CHECK(r.articles[2].text == "Odd id\n\nBody field used.");
  CHECK(r.articles[3].id == "ok-3");
}

TEST_CASE("reader: a JSONL file with no readable record, or none at all, is skipped") {
  TempDir dir;
  dir.write("bad.jsonl", "nope\n{\"title\": \"no text\"}\n");
  FileArticles bad = dir.read("bad.jsonl");
  CHECK(bad.status == Status::skipped);
  CHECK(bad.warnings == std::vector<std::string>{"bad.jsonl:1: malformed JSON, line skipped",
                                                 "bad.jsonl:2: record has no text (a \"text\" or \"body\" string), "
                                                 "line skipped",
                                                 "bad.jsonl: no readable record, skipped"});
  dir.write("blank.jsonl", "\n  \n\r\n");
  FileArticles blank = dir.read("blank.jsonl");
  CHECK(blank.status == Status::skipped);
  CHECK(blank.warnings == std::vector<std::string>{"blank.jsonl: empty file, skipped"});
  dir.write("crlf.jsonl", "\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"x\"}\r\n{\"id\": \"b\", \"text\": \"y\"}");
  FileArticles crlf = dir.read("crlf.jsonl");  // BOM, CRLF and no final newline are all fine
  CHECK(crlf.status == Status::read);
  REQUIRE(crlf.articles.size() == 2);
  CHECK(crlf.articles[0].id == "a");
  CHECK(crlf.articles[1].text == "y");
}

TEST_CASE("reader: a Latin-1 file is converted, with a warning naming the charset") {
  FileArticles r = read_fixture("broken/latin1.txt");
  CHECK(r.status == Status::read);
  CHECK(r.warnings ==
        std::vector<std::string>{"broken/latin1.txt: not UTF-8, converted from ISO-8859-1 (confidence 70%)"});
  REQUIRE(r.articles.size() == 1);
  CHECK(r.articles[0].title_text() == "Caf\xC3\xA9 society in M\xC3\xBCnchen");
  CHECK(body_text(r.articles[0]).find("cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e") != std::string::npos);
}

TEST_CASE("reader: Windows-1252 curly quotes, dashes and euro signs come out right") {
  FileArticles r = read_fixture("broken/cp1252.txt");
  CHECK(r.status == Status::read);
  CHECK(r.warnings ==
        std::vector<std::string>{"broken/cp1252.txt: not UTF-8, converted from windows-1252 (confidence 68%)"});
  REQUIRE(r.articles.size() == 1);
  CHECK(r.articles[0].title_text() == "Minister\xE2\x80\x99s \xE2\x80\x9C" "firm\xE2\x80\x9D reply");
  CHECK(body_text(r.articles[0]) == "The minister said \xE2\x80\x9Cwe will respond\xE2\x80\x9D \xE2\x80\x94 and "
                                    "it\xE2\x80\x99s serious. Costs rose by 5\xE2\x82\xAC.");
}

TEST_CASE("reader: Latin-1 lines in a JSONL feed are converted, warned about once") {
  FileArticles r = read_fixture("broken/latin1.jsonl");
  CHECK(r.status == Status::read);
  CHECK(r.warnings == std::vector<std::string>{"broken/latin1.jsonl:1: not UTF-8, converted from ISO-8859-1 "
                                               "(confidence 27%); later lines likewise"});
  REQUIRE(r.articles.size() == 2);
  CHECK(r.articles[0].text == "Caf\xC3\xA9\n\nCr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e.");
  CHECK(r.articles[1].title_text() == "Stra\xC3\x9F" "e");
}

TEST_CASE("reader: UTF-16 with a byte order mark is converted, a UTF-8 BOM needs no warning") {
  FileArticles utf16 = read_fixture("broken/utf16.txt");
  CHECK(utf16.status == Status::read);
  CHECK(utf16.warnings ==
        std::vector<std::string>{"broken/utf16.txt: not UTF-8, converted from UTF-16LE (byte order mark)"});
  REQUIRE(utf16.articles.size() == 1);
  CHECK(utf16.articles[0].title_text() == "UTF-16 title");
  CHECK(body_text(utf16.articles[0]) == "A body in UTF-16 with a \xE2\x80\x9Cquote\xE2\x80\x9D.");

  FileArticles bom = read_fixture("broken/bom.txt");
  CHECK(bom.status == Status::read);
  CHECK(bom.warnings.empty());
  REQUIRE(bom.articles.size() == 1);
  CHECK(bom.articles[0].title_text() == "BOM title");
}

TEST_CASE("reader: binary files are skipped") {
  FileArticles random = read_fixture("broken/random.txt");
  CHECK(random.status == Status::skipped);
  CHECK(random.articles.empty());
  CHECK(random.warnings == std::vector<std::string>{"broken/random.txt: binary file, skipped"});

  TempDir dir;
  dir.write("nul.txt", with_nuls("Title\n\nText with a NUL\0 byte.\n"));
  CHECK(dir.read("nul.txt").warnings == std::vector<std::string>{"nul.txt: binary file, skipped"});
  dir.write("controls.html", "\x01\x02\x03\x04<p>x</p>\x05\x06\x07\x08\x0E\x0F");
  CHECK(dir.read("controls.html").status == Status::skipped);
  dir.write("feed.jsonl", with_nuls("{\"text\": \"x\"}\n\0\0\0\0"));
  CHECK(dir.read("feed.jsonl").warnings == std::vector<std::string>{"feed.jsonl: binary file, skipped"});
}

TEST_CASE("reader: empty and whitespace-only files are skipped") {
  FileArticles empty = read_fixture("broken/empty.txt");
  CHECK(empty.status == Status::skipped);
  CHECK(empty.warnings == std::vector<std::string>{"broken/empty.txt: empty file, skipped"});
  FileArticles blank = read_fixture("broken/blank.md");
  CHECK(blank.status == Status::skipped);
  CHECK(blank.warnings == std::vector<std::string>{"broken/blank.md: empty file, skipped"});
}

// Tests run as root, for whom chmod 000 changes nothing; the unreadable files
// are those that open() or read() refuse whoever you are.
TEST_CASE("reader: unreadable files fail with the system's reason") {
  TempDir dir;
  fs::create_directory(dir.path() / "folder.txt");
  FileArticles folder = dir.read("folder.txt");
  CHECK(folder.status == Status::failed);
  CHECK(folder.warnings == std::vector<std::string>{"folder.txt: cannot read: Is a directory"});

  fs::create_symlink(dir.path() / "gone.txt", dir.path() / "dangling.txt");
  FileArticles dangling = dir.read("dangling.txt");
  CHECK(dangling.status == Status::failed);
  CHECK(dangling.warnings == std::vector<std::string>{"dangling.txt: cannot read: No such file or directory"});

  // A FIFO would block a plain open() until someone writes to it.
  REQUIRE(::mkfifo((dir.path() / "pipe.txt").c_str(), 0644) == 0);
  FileArticles pipe = dir.read("pipe.txt");
  CHECK(pipe.status == Status::failed);
  CHECK(pipe.warnings == std::vector<std::string>{"pipe.txt: cannot read: not a regular file"});

  FileArticles missing = dir.read("missing.jsonl");
  CHECK(missing.status == Status::failed);
  CHECK(missing.warnings == std::vector<std::string>{"missing.jsonl: cannot read: No such file or directory"});
}

TEST_CASE("reader: files over the size cap are refused from their size alone") {
  TempDir dir;
  {  // 50 MB, sparse: nothing is written, and reading it would show
    std::ofstream(dir.path() / "big.txt");
    fs::resize_file(dir.path() / "big.txt", 50u << 20);
  }
  FileArticles big = dir.read("big.txt");
  CHECK(big.status == Status::skipped);
  CHECK(big.warnings ==
        std::vector<std::string>{"big.txt: 50.0 MB exceeds the 16 MB article size cap (--max-file-size), skipped"});

  news::ReadOptions small;
  small.max_article_bytes = 1000;
  dir.write("over.html", "<p>" + std::string(1997, 'x'));
  CHECK(dir.read("over.html", small).warnings ==
        std::vector<std::string>{
            "over.html: 2.0 KB exceeds the 1000 bytes article size cap (--max-file-size), skipped"});
  dir.write("at_cap.txt", "Title\n\n" + std::string(993, 'x'));
  FileArticles at_cap = dir.read("at_cap.txt", small);
  CHECK(at_cap.status == Status::read);
  CHECK(at_cap.articles.size() == 1);
}

TEST_CASE("reader: a JSONL record over the cap is skipped, the lines around it are read") {
  TempDir dir;
  news::ReadOptions small;
  small.max_article_bytes = 1000;
  dir.write("feed.jsonl", "{\"id\": \"a\", \"text\": \"first\"}\n{\"id\": \"big\", \"text\": \"" +
                              std::string(5000, 'x') + "\"}\n{\"id\": \"c\", \"text\": \"third\"}\n");
  FileArticles r = dir.read("feed.jsonl", small);
  CHECK(r.status == Status::partial);
  CHECK(r.warnings == std::vector<std::string>{"feed.jsonl:2: record of 4.9 KB exceeds the 1000 bytes article "
                                               "size cap (--max-file-size), line skipped"});
  REQUIRE(r.articles.size() == 2);
  CHECK(r.articles[0].id == "a");
  CHECK(r.articles[1].id == "c");

  // The file itself may be far larger than the cap: it is streamed.
  std::string many;
  for (int i = 0; i < 200; ++i) many += "{\"text\": \"record " + std::to_string(i) + "\"}\n";
  dir.write("many.jsonl", many);
  FileArticles streamed = dir.read("many.jsonl", small);
  CHECK(streamed.status == Status::read);
  CHECK(streamed.articles.size() == 200);
  CHECK(streamed.articles.back().id == "many-L200");
}

TEST_CASE("reader: junk HTML still gives its text, a page of chrome only, or nested too deep, is skipped") {
  FileArticles junk = read_fixture("broken/junk.html");
  CHECK(junk.status == Status::read);
  CHECK(junk.warnings.empty());
  REQUIRE(junk.articles.size() == 1);
  CHECK(junk.articles[0].title_text() == "Junk page");
  const std::string body = body_text(junk.articles[0]);
  CHECK(body.find("Unclosed paragraph with bold and italic misnested text") != std::string::npos);
  CHECK(body.find("cell one | cell two | After the script") != std::string::npos);
  CHECK(body.find("not this") == std::string::npos);

  FileArticles nav = read_fixture("broken/nav_only.html");
  CHECK(nav.status == Status::skipped);
  CHECK(nav.warnings == std::vector<std::string>{"broken/nav_only.html: no article text found, skipped"});

  TempDir dir;
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  dir.write("deep.html", deep + "text");
  FileArticles too_deep = dir.read("deep.html");
  CHECK(too_deep.status == Status::skipped);
  CHECK(too_deep.warnings ==
        std::vector<std::string>{"deep.html: HTML nested more than 1000 elements deep, skipped"});
}

TEST_CASE("reader: unsupported extensions are skipped") {
  TempDir dir;
  dir.write("notes.pdf", "%PDF-1.4");
  FileArticles r = dir.read("notes.pdf");
  CHECK(r.status == Status::skipped);
  CHECK(r.warnings ==
        std::vector<std::string>{"notes.pdf: not a supported format (.txt, .md, .html, .htm, .jsonl, .rss, .atom, .xml), skipped"});
}

TEST_CASE("reader: the bundled corpus reads cleanly, with file-stem ids and no invented dates") {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(NEWS_CORPUS_DIR)) {
    const std::string name = entry.path().filename().string();
    CAPTURE(name);
    FileArticles r = read_article_file(entry.path(), name);
    ++files;
    CHECK(r.status == Status::read);
    CHECK(r.warnings.empty());
    REQUIRE(r.articles.size() == 1);
    CHECK(r.articles[0].id == entry.path().stem().string());
    CHECK(r.articles[0].date.empty());
    CHECK_FALSE(r.articles[0].title.empty());
  }
  CHECK(files >= 5);
}

// Mangled copies of the fixtures and plain noise in every format: whatever
// comes back, nothing throws or crashes, and every range lies inside the text.
TEST_CASE("reader: random and mangled input gives valid articles or a warning naming the file") {
  TempDir dir;
  std::mt19937 rng(20240509);
  auto byte = [&] { return static_cast<char>(rng() & 0xFF); };
  std::vector<std::string> seeds;
  for (const char* f : {"formats/article.html", "formats/feed.jsonl", "formats/plain_dateline.txt",
                        "formats/heading.md", "broken/junk.html", "broken/mixed.jsonl", "broken/cp1252.txt"}) {
    std::ifstream in(kData + "/" + f, std::ios::binary);
    seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  seeds.push_back(std::string(3000, '<') + std::string(3000, '>'));
  seeds.push_back("{\"title\": 5, \"text\": [1, {\"a\": null}], \"date\": {\"x\": 1}, \"id\": 1.5}");
  seeds.push_back("\xE2\x80\x9C\xF0\x9F\x98\x80 truncated \xE2\x80");
  seeds.push_back(std::string(200000, 'a'));  // one huge line

  std::set<std::string> outcomes;
  for (const char* ext : {".html", ".jsonl", ".txt", ".md"}) {
    for (int i = 0; i < 60; ++i) {
      std::string bytes = seeds[rng() % seeds.size()];
      switch (rng() % 4) {
        case 0:  // flip bytes
          for (int k = 0; k < 20 && !bytes.empty(); ++k) bytes[rng() % bytes.size()] = byte();
          break;
        case 1:  // truncate anywhere, even inside a UTF-8 sequence
          bytes.resize(bytes.empty() ? 0 : rng() % bytes.size());
          break;
        case 2:  // splice in noise
          bytes.insert(bytes.empty() ? 0 : rng() % bytes.size(), std::string(rng() % 64, byte()));
          break;
        default:  // pure noise, no NUL so that it gets past the binary check sometimes
          bytes.clear();
          for (int k = 0; k < 500; ++k) bytes.push_back(static_cast<char>(1 + rng() % 255));
      }
      const std::string name = "fuzz" + std::to_string(i) + ext;
      dir.write(name, bytes);
      const FileArticles r = dir.read(name);
      // Whatever the bytes, an outcome a user can act on: articles with valid
      // UTF-8 text and ranges inside it, or nothing with a warning naming the file.
      if (r.articles.empty()) {
        CHECK(r.status != Status::read);
        REQUIRE_FALSE(r.warnings.empty());
      }
      for (const std::string& w : r.warnings) CHECK(w.rfind(name, 0) == 0);
      if (r.status == Status::partial) CHECK_FALSE(r.warnings.empty());
      for (const Article& a : r.articles) {
        CHECK(news::is_valid_utf8(a.text));
        CHECK(a.title.end <= a.text.size());
        for (auto range : a.body) CHECK(range.end <= a.text.size());
      }
      outcomes.insert(r.articles.empty() ? "nothing" : "articles");
    }
  }
  // Mangling must exercise both paths, or the checks above test little.
  CHECK(outcomes == std::set<std::string>{"articles", "nothing"});
}
