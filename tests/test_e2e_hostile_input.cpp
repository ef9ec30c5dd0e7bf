// End to end: hostile input (issue 13). Queries past the limits, damaged
// stored records, names with newlines and terminal escapes, and the contract
// slips of the exit status. Every hostile input is made here, by the test.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include <xapian.h>

#include "e2e_support.h"
#include "index/schema.h"
#include "index/stored_article.h"

namespace fs = std::filesystem;
using e2e::lines_of;
using e2e::contains;
using e2e::id;
using nlohmann::json;

namespace {

std::string repeated(const std::string& piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

bool has_control_bytes(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\n') || byte == 0x7F;
  });
}

// Rewrites the stored record of article `article_id` in whichever shard holds it.
template <typename Change>
void change_stored_record(const fs::path& index, const std::string& article_id, Change change) {
  for (const auto& generation : fs::directory_iterator(index)) {
    if (!generation.is_directory()) continue;
    for (const auto& shard : fs::directory_iterator(generation.path())) {
      if (shard.path().filename().string().rfind(news::schema::kShardDirPrefix, 0) != 0) continue;
      Xapian::WritableDatabase db(shard.path().string());
      const std::string term = news::schema::term(news::schema::kIdPrefix, article_id);
      for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
        Xapian::Document doc = db.get_document(*p);
        doc.add_value(news::schema::kRecordSlot, change(doc.get_value(news::schema::kRecordSlot)));
        db.replace_document(*p, doc);
        db.commit();
        return;
      }
    }
  }
  FAIL("no shard holds " << article_id);
}

}  // namespace

TEST_CASE("regression: 3,200 nested parentheses are one error line, and --batch runs the queries after it") {
  e2e::IndexedCorpus c;
  const std::string deep = repeated("(", 3200) + "Lavrov" + repeated(")", 3200);
  const e2e::Run alone = c.search({deep});
  CHECK(alone.exit_code == 2);
  CHECK(alone.out.empty());
  CHECK(lines_of(alone.err).size() == 1);
  CHECK(contains(alone.err, "nested more than 64 levels deep (at column 65)"));

  const e2e::Run batch = c.search({"--batch", "-"}, "Lavrov\n" + deep + "\nRudenko\n");
  CHECK(batch.exit_code == 2);  // one query failed
  const std::vector<std::string> out = lines_of(batch.out);
  REQUIRE(out.size() == 3);
  CHECK(json::parse(out[0])["total"] == 1);
  CHECK(contains(json::parse(out[1])["error"].get<std::string>(), "nested more than 64 levels"));
  CHECK(json::parse(out[2])["total"] == 1);
}

TEST_CASE("regression: queries past the size, clause and wildcard limits are one error line each") {
  e2e::IndexedCorpus c;
  std::string many;
  for (int i = 0; i < 1001; ++i) many.append("w").append(std::to_string(i % 7)).append(" ");
  std::string wildcards;
  for (int i = 0; i < 300; ++i) wildcards += std::string(1, static_cast<char>('a' + i % 26)) + "* ";
  for (const std::string& query : {many, std::string(20000, 'x'), wildcards}) {
    const e2e::Run r = c.search({"--no-color", query});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(lines_of(r.err).size() == 1);
    CHECK(contains(r.err, "(at column "));
  }
}

TEST_CASE("regression: a wildcard with no expansion is nothing found (exit 1), not an empty query") {
  e2e::IndexedCorpus c;
  const e2e::Run r = c.search({"--no-color", "xyzzy*"});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "No articles match"));
  CHECK(r.err.empty());
  CHECK(c.search({"--count", "+xyzzy* Japan"}).out == "0\n");
}

TEST_CASE("regression: search --batch on a folder is an error, not a run of nothing") {
  e2e::IndexedCorpus c;
  const e2e::Run r = c.search({"--batch", c.dir.path().string()});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(lines_of(r.err).size() == 1);
  CHECK(contains(r.err, "is a folder, not a batch file"));
}

TEST_CASE("regression: a damaged stored record is skipped with one warning naming the article, exit 2") {
  e2e::IndexedCorpus c;
  const std::string victim = id("001");  // "Patriot Ukraine" finds 001 first, and three more
  SUBCASE("token ranges past the text and an inverted title") {
    change_stored_record(c.index, victim, [](const std::string& value) {
      news::StoredArticle s = news::decode_stored_article(value);
      s.title = {100, 5};
      s.tokens.back().end = static_cast<std::uint32_t>(s.text.size() + 4096);
      return news::encode(s);
    });
  }
  SUBCASE("truncated") {
    change_stored_record(c.index, victim, [](const std::string& value) { return value.substr(0, value.size() / 2); });
  }
  SUBCASE("random bytes") {
    change_stored_record(c.index, victim, [](const std::string&) { return std::string("\x05\xff\xff\xff\xff\x0f", 6); });
  }
  for (const std::string format : {"text", "json"}) {
    CAPTURE(format);
    const e2e::Run r = c.search({"--no-color", "--format", format, "Patriot Ukraine"});
    CHECK(r.exit_code == 2);
    const std::vector<std::string> err = lines_of(r.err);
    REQUIRE(err.size() == 1);
    CHECK(contains(err[0], "warning: article " + victim + ": corrupt stored record"));
    CHECK_FALSE(contains(r.out, victim));
    CHECK_FALSE(has_control_bytes(r.out));
    if (format == "json") {
      const json j = json::parse(r.out);
      CHECK(j["total"] == 4);  // it still matches; it is not shown
      CHECK(j["hits"].size() == 3);
    }
  }
  // A batch reads a page on two threads (search/second_reader.h), either of
  // which may take the victim (the first hit of "Patriot Ukraine", the second
  // of "Japan"): skipped with a warning either way.
  const e2e::Run batch = c.search({"--batch", "-"}, "Patriot Ukraine\nJapan\n");
  CHECK(batch.exit_code == 2);
  const std::vector<std::string> batch_err = lines_of(batch.err);
  REQUIRE(batch_err.size() == 2);
  for (const std::string& line : batch_err) CHECK(contains(line, "warning: article " + victim + ": corrupt stored record"));
  const std::vector<std::string> pages = lines_of(batch.out);
  REQUIRE(pages.size() == 2);
  CHECK_FALSE(contains(batch.out, victim));
  CHECK(json::parse(pages[0])["hits"].size() == 3);
  CHECK(json::parse(pages[1])["hits"].size() == 4);
  // A query that does not reach it is untouched.
  CHECK(c.search({"--ids", "Lavrov"}).exit_code == 0);
}

TEST_CASE("regression: newlines and ESC in file names and ids are escaped in warnings, --verbose, text and --ids") {
  e2e::TempDir dir;
  const fs::path corpus = dir / "corpus", index = dir / "index";
  const std::string evil = "evil\n\x1b[31mname";
  e2e::write_file(corpus / (evil + ".txt"), "A title\n\nThe quokka is a small marsupial.\n");
  e2e::write_file(corpus / ("empty\x1b]0;owned\x07.txt"), "");
  e2e::write_file(corpus / "feed.jsonl",
                  "{\"id\": \"line\\nbreak\\u001b[2J\", \"title\": \"Quokka news\", \"text\": \"Another quokka.\"}\n");
  const e2e::Run indexed =
      e2e::indexer({"--corpus", corpus.string(), "--index", index.string(), "--verbose"});
  CHECK(indexed.exit_code == 1);  // the empty file is skipped
  CHECK_FALSE(has_control_bytes(indexed.out));
  CHECK_FALSE(has_control_bytes(indexed.err));
  CHECK(contains(indexed.out, "evil\\n\\x1b[31mname.txt"));
  CHECK(contains(indexed.err, "empty\\x1b]0;owned\\x07.txt: empty file, skipped"));
  CHECK(lines_of(indexed.err).size() == 1);

  const e2e::Run ids = e2e::search({"--index", index.string(), "--ids", "quokka"});
  CHECK(ids.exit_code == 0);
  std::vector<std::string> shown = lines_of(ids.out);
  std::sort(shown.begin(), shown.end());
  CHECK(shown == std::vector<std::string>{"evil\\n\\x1b[31mname", "line\\nbreak\\x1b[2J"});

  const e2e::Run text = e2e::search({"--index", index.string(), "--no-color", "quokka"});
  CHECK(text.exit_code == 0);
  CHECK_FALSE(has_control_bytes(text.out));
  CHECK(contains(text.out, "evil\\n\\x1b[31mname.txt"));
  // JSON keeps the real names (its own escaping makes them safe).
  const json j = json::parse(e2e::search({"--index", index.string(), "--format", "json", "quokka"}).out);
  std::vector<std::string> json_ids;
  for (const auto& hit : j["hits"]) json_ids.push_back(hit["id"]);
  std::sort(json_ids.begin(), json_ids.end());
  CHECK(json_ids == std::vector<std::string>{evil, "line\nbreak\x1b[2J"});
}

TEST_CASE("regression: a 6 MB JSONL article naming people on every line is indexed whole, and the line after it too") {
  // The model's spans were merged with the rules' by scanning every rule span
  // for each model span: a 10 MB line took over ten minutes; this one would
  // outlive the run limit (and the names were joined comparing every entry
  // with every other: over a minute).
  e2e::TempDir dir;
  const fs::path corpus = dir / "corpus", index = dir / "index";
  json big = {{"id", "big"}, {"title", "Talks in Tokyo"},
              {"text", repeated("Fumio Kishida met Joe Biden in Tokyo on Monday to talk about trade. ", 90000)}};
  json small = {{"id", "small"}, {"title", "Patriot missiles"}, {"text", "Patriot missiles were sent to Ukraine."}};
  e2e::write_file(corpus / "wire.jsonl", big.dump() + "\n" + small.dump() + "\n");
  REQUIRE(fs::file_size(corpus / "wire.jsonl") > 6'000'000);
  const e2e::Run indexed = e2e::indexer({"--corpus", corpus.string(), "--index", index.string(), "-q"});
  REQUIRE_MESSAGE(indexed.exit_code == 0, indexed.err);
  const e2e::Run found = e2e::search({"--index", index.string(), "--format", "json", "Kishida OR Patriot"});
  REQUIRE(found.exit_code == 0);
  const json result = json::parse(found.out);
  CHECK(result["total"] == 2);
  bool kishida = false;
  for (const json& person : result["facets"]["person"]) kishida = kishida || person["name"] == "Fumio Kishida";
  CHECK(kishida);
}
