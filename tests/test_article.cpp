#include <doctest/doctest.h>

#include <string>

#include "text/data_files.h"
#include "ingest/article.h"
#include "article_text.h"

using news::Article;
using news::parse_plain_text;

TEST_CASE("article: first non-empty line is the title, the rest the body") {
  Article a = parse_plain_text("\n\nThe title\n\nFirst paragraph.\nSame paragraph.\n\nSecond.\n", "x", "x.txt");
  CHECK(a.title_text() == "The title");
  CHECK(body_text(a) == "First paragraph.\nSame paragraph. | Second.");
  CHECK(a.id == "x");
}

TEST_CASE("article: BOM and CRLF are handled, the original text is kept") {
  const std::string raw = "\xEF\xBB\xBFTitle here\r\n\r\nBody line\r\n";
  Article a = parse_plain_text(raw, "x", "x.txt");
  CHECK(a.title_text() == "Title here");
  CHECK(body_text(a) == "Body line");
  CHECK(a.text == raw.substr(3));
}

TEST_CASE("article: page furniture is left out of title and body") {
  const std::string raw =
      "Login\nReal title\n\nPosted 113 days ago\n\nThe story goes on... (Read more)\nSubscribe\n"
      "Next paragraph.\nCopyright 2024,";
  Article a = parse_plain_text(raw, "x", "x.txt");
  CHECK(a.title_text() == "Real title");
  CHECK(body_text(a) == "The story goes on... | Next paragraph.");
  CHECK(a.text == raw);
}

TEST_CASE("article: the bundled corpus files parse with their furniture removed") {
  const std::string dir = NEWS_CORPUS_DIR;
  Article a = parse_plain_text(news::read_file(dir + "/002_f8bfcc3685a8277d.txt"), "002", "002.txt");
  CHECK(a.title_text() == "Russia warns Japan to stay out of Ukraine crisis");
  const std::string body = body_text(a);
  CHECK(body.find("Posted 113 days ago") == std::string::npos);
  CHECK(body.find("Read more") == std::string::npos);
  CHECK(body.find("who joined the bloc to see...") != std::string::npos);

  Article b = parse_plain_text(news::read_file(dir + "/000_fa0a680fb2bd519e.txt"), "000", "000.txt");
  CHECK(body_text(b).find("Copyright") == std::string::npos);
  Article c = parse_plain_text(news::read_file(dir + "/001_46a91a9c2d294562.txt"), "001", "001.txt");
  CHECK(body_text(c).find("Login") == std::string::npos);
  CHECK(news::article_id_from_path("001_46a91a9c2d294562.txt") == "001_46a91a9c2d294562");
}

TEST_CASE("article: an id is the path under the corpus root without the extension") {
  CHECK(news::article_id_from_path("001.txt") == "001");  // at the root: the bare name, as before
  CHECK(news::article_id_from_path("business/001.txt") == "business/001");
  CHECK(news::article_id_from_path("sport/001.txt") == "sport/001");
  CHECK(news::article_id_from_path("news/world.v2/a.b.html") == "news/world.v2/a.b");
  CHECK(news::article_id_from_path("feeds/wire.jsonl") == "feeds/wire");
}
