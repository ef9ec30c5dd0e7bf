// A damaged stored record is never trusted: the decoder checks every count
// against the record's length and every range against the text, and throws;
// whatever it accepts, the snippet builder can index into without reading
// past the text.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <xapian.h>
#include <zstd.h>

#include "text/analyser.h"
#include "text/varint.h"
#include "index/document_builder.h"
#include "index/stored_article.h"
#include "search/snippet.h"

namespace {

news::StoredArticle sample() {
  news::Analyser analyser;
  const news::Article a =
      news::parse_plain_text("Title words\n\nBody one. Body two!\n\nNext \xE2\x80\x9Cquoted\xE2\x80\x9D paragraph.", "id1",
                             "c/id1.txt");
  std::vector<news::Token> tokens;
  analyser.tokenize(a.text, a.title, tokens);
  const auto title_tokens = static_cast<std::uint32_t>(tokens.size());
  for (auto r : a.body) analyser.tokenize(a.text, r, tokens);
  return news::make_stored_article(a, tokens, title_tokens);
}

// A record of this build's version around `body` stored as it is: the
// body's size, then the same number of bytes.
std::string raw_record(std::string_view body) {
  std::string record;
  news::varint::put(record, 5);
  news::varint::put(record, body.size());
  news::varint::put_string(record, body);
  return record;
}

std::string zstd_frame(std::string_view body) {
  std::string frame(ZSTD_compressBound(body.size()), '\0');
  frame.resize(ZSTD_compress(frame.data(), frame.size(), body.data(), body.size(), 3));
  return frame;
}

// A record around `body` compressed as one zstd frame, claiming `declared_size`.
std::string compressed_record(std::string_view body, std::uint64_t declared_size) {
  const std::string frame = zstd_frame(body);
  std::string record;
  news::varint::put(record, 5);
  news::varint::put(record, declared_size);
  news::varint::put_string(record, frame);
  return record;
}

// About 3 KB of prose, as a news article's text: long enough to be compressed.
news::StoredArticle long_sample() {
  news::Analyser analyser;
  std::string text = "A longer title\n\n";
  for (int i = 0; i < 40; ++i) {
    text += "Paragraph " + std::to_string(i) + " says that the minister met " + std::to_string(i * 37) +
            " delegates in the capital.\n\n";
  }
  const news::Article a = news::parse_plain_text(text, "id2", "c/id2.txt");
  std::vector<news::Token> tokens;
  analyser.tokenize(a.text, a.title, tokens);
  const auto title_tokens = static_cast<std::uint32_t>(tokens.size());
  for (auto r : a.body) analyser.tokenize(a.text, r, tokens);
  return news::make_stored_article(a, tokens, title_tokens);
}

std::string decode_error(std::string_view record) {
  try {
    news::decode_stored_article(record);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

// What the searcher relies on in a record the decoder accepted.
bool ranges_inside(const news::StoredArticle& s) {
  const std::size_t size = s.text.size();
  bool ok = s.title.begin <= s.title.end && s.title.end <= size && s.title_tokens <= s.tokens.size();
  std::uint32_t previous = 0;
  for (const news::TextRange& r : s.body) {
    ok = ok && previous <= r.begin && r.begin <= r.end && r.end <= size;
    previous = r.end;
  }
  previous = 0;
  for (const news::TextRange& t : s.tokens) {
    ok = ok && previous <= t.begin && t.begin <= t.end && t.end <= size;
    previous = t.end;
  }
  for (const auto* starts : {&s.sentence_starts, &s.paragraph_starts}) {
    for (std::size_t i = 0; i < starts->size(); ++i) {
      ok = ok && (*starts)[i] < s.tokens.size() && (i == 0 || (*starts)[i - 1] <= (*starts)[i]);
    }
  }
  return ok;
}

// An article whose every position holds the term "Zx", so that snippets of
// any record mark whatever tokens it claims to have.
struct EveryPosition {
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
  EveryPosition() {
    Xapian::Document doc;
    for (Xapian::termpos p = 1; p <= 64; ++p) doc.add_posting("Zx", p);
    doc.add_posting("Zx", 0xFFFFFFFFu);
    db.add_document(doc);
  }
};

}  // namespace

TEST_CASE("stored record: a sound record decodes with every range inside its text") {
  const news::StoredArticle back = news::decode_stored_article(news::encode(sample()));
  CHECK(ranges_inside(back));
  CHECK(back.title_text() == "Title words");
}

TEST_CASE("regression: an inverted title range is refused, not a 16 GB allocation") {
  news::StoredArticle s = sample();
  s.title = {10, 5};
  CHECK(decode_error(news::encode(s)) == "corrupt stored record: a title range outside the text or out of order");
  s.title = {0, static_cast<std::uint32_t>(s.text.size() + 1)};
  CHECK(decode_error(news::encode(s)) != "");
}

TEST_CASE("regression: a token past the end of the text is refused, so snippets never read heap bytes") {
  news::StoredArticle s = sample();
  s.tokens.back().end = static_cast<std::uint32_t>(s.text.size() + 100);
  CHECK(decode_error(news::encode(s)) == "corrupt stored record: a token ends past the text");
  // A gap so large that begin + gap wraps around 32 bits.
  std::string record;
  for (int i = 0; i < 7; ++i) news::varint::put_string(record, "");
  news::varint::put_string(record, "abc");
  news::varint::put(record, 0);  // line
  news::varint::put(record, 0);  // title
  news::varint::put(record, 3);
  news::varint::put(record, 0);  // no paragraphs
  news::varint::put(record, 2);  // two tokens
  news::varint::put(record, 0);
  news::varint::put(record, 1), news::varint::put(record, 1);            // [1, 2)
  news::varint::put(record, 0xFFFFFFFFull), news::varint::put(record, 1);  // wraps to [1, 2) in 32 bits
  news::varint::put(record, 0), news::varint::put(record, 0);
  CHECK(decode_error(raw_record(record)) == "corrupt stored record: a token ends past the text");
}

TEST_CASE("regression: a token gap of 2^64 - 5 cannot wrap around to before the previous token (found by fuzzing)") {
  std::string record;
  for (int i = 0; i < 7; ++i) news::varint::put_string(record, "");
  news::varint::put_string(record, "abcdefgh");
  news::varint::put(record, 0);  // line
  news::varint::put(record, 0), news::varint::put(record, 3);  // title
  news::varint::put(record, 0);                                 // no paragraphs
  news::varint::put(record, 2), news::varint::put(record, 0);   // two tokens
  news::varint::put(record, 6), news::varint::put(record, 2);   // [6, 8)
  news::varint::put(record, ~std::uint64_t{0} - 5), news::varint::put(record, 1);  // would be [2, 3)
  news::varint::put(record, 0), news::varint::put(record, 0);
  CHECK(decode_error(raw_record(record)) == "corrupt stored record: a token ends past the text");
  // Sentence starts likewise.
  std::string starts;
  for (int i = 0; i < 7; ++i) news::varint::put_string(starts, "");
  news::varint::put_string(starts, "ab");
  news::varint::put(starts, 0);  // line
  news::varint::put(starts, 0), news::varint::put(starts, 0), news::varint::put(starts, 0);
  news::varint::put(starts, 2), news::varint::put(starts, 0);
  news::varint::put(starts, 0), news::varint::put(starts, 1), news::varint::put(starts, 0), news::varint::put(starts, 1);
  news::varint::put(starts, 2), news::varint::put(starts, 1), news::varint::put(starts, ~std::uint64_t{0});
  news::varint::put(starts, 0);
  CHECK(decode_error(raw_record(starts)) == "corrupt stored record: a sentence start past the last token");
}

TEST_CASE("regression: counts larger than the record are refused before anything is allocated") {
  std::string record;
  for (int i = 0; i < 7; ++i) news::varint::put_string(record, "");
  news::varint::put_string(record, "");
  news::varint::put(record, 0);  // line
  news::varint::put(record, 0), news::varint::put(record, 0);
  news::varint::put(record, 1ull << 40);  // paragraphs
  CHECK(decode_error(raw_record(record)) == "corrupt stored record: more paragraphs than the record has bytes for");
}

TEST_CASE("stored record: paragraphs, sentence starts and trailing bytes are checked") {
  news::StoredArticle s = sample();
  std::swap(s.body.front(), s.body.back());
  CHECK(decode_error(news::encode(s)).find("paragraph range") != std::string::npos);
  s = sample();
  s.sentence_starts.push_back(static_cast<std::uint32_t>(s.tokens.size()));
  CHECK(decode_error(news::encode(s)) == "corrupt stored record: a sentence start past the last token");
  s = sample();
  s.title_tokens = static_cast<std::uint32_t>(s.tokens.size() + 1);
  CHECK(decode_error(news::encode(s)) == "corrupt stored record: more title tokens than tokens");
  CHECK(decode_error(news::encode(sample()) + "x") == "corrupt stored record: bytes after the end of the record");
}

TEST_CASE("stored record: every truncation and every one-byte change is refused or decodes inside its text") {
  EveryPosition every;
  news::HighlightPlan plan;
  plan.terms = {news::HighlightTerm("Zx")};
  plan.phrases = {{news::HighlightTerm("Zx"), news::HighlightTerm("Zx")}};
  const news::SnippetBuilder snippets(every.db, plan);
  // The short sample's text is stored as it is, the long one's compressed.
  for (const std::string& record : {news::encode(sample()), news::encode(long_sample())}) {
    CAPTURE(record.size());
    for (std::size_t n = 0; n < record.size(); ++n) {
      CAPTURE(n);
      CHECK(decode_error(record.substr(0, n)) != "");
    }
    std::size_t accepted = 0;
    for (std::size_t at = 0; at < record.size(); ++at) {
      for (int value : {0x00, 0x01, 0x7F, 0x80, 0xFF}) {
        std::string changed = record;
        changed[at] = static_cast<char>(value);
        try {
          const news::StoredArticle s = news::decode_stored_article(changed);
          CAPTURE(at);
          CAPTURE(value);
          REQUIRE(ranges_inside(s));
          const news::HitTexts texts = snippets.build(1, s);  // under ASan: no read past the text
          CHECK(texts.snippet.text.size() <= s.text.size() + 8);
          ++accepted;
        } catch (const std::runtime_error&) {
        }
      }
    }
    CHECK(accepted > 0);  // some changes are harmless (a letter of the text)
  }
}

TEST_CASE("stored record: a long text is stored zstd-compressed and decodes to the same article") {
  const news::StoredArticle s = long_sample();
  const std::string record = news::encode(s);
  CHECK(record.size() < s.text.size() / 2 + s.tokens.size() * 2);  // the text alone would not fit
  const news::StoredArticle back = news::decode_stored_article(record);
  CHECK(back.text == s.text);
  CHECK(back.tokens == s.tokens);
  CHECK(back.body == s.body);
  CHECK(ranges_inside(back));
  // Text that compresses more than the decoder allows is kept as it is.
  news::StoredArticle repetitive = sample();
  repetitive.text = std::string(100000, 'a');
  CHECK(news::encode(repetitive).size() > repetitive.text.size());
  CHECK(news::decode_stored_article(news::encode(repetitive)).text == repetitive.text);
}

TEST_CASE("regression: a compressed body's size is checked against its frame before anything is allocated") {
  // The body of a sound record, then the same bytes as one frame.
  const std::string sound = news::encode(long_sample());
  news::varint::Reader in(sound);
  REQUIRE(in.get() == 5);
  const std::uint64_t body_size = in.get();
  const std::string_view frame = in.get_string();
  REQUIRE(frame.size() < body_size);
  std::string body(body_size, '\0');
  REQUIRE(ZSTD_decompress(body.data(), body.size(), frame.data(), frame.size()) == body_size);
  CHECK(news::decode_stored_article(compressed_record(body, body.size())).text == long_sample().text);
  const std::size_t frame_size = zstd_frame(body).size();
  CHECK(decode_error(compressed_record(body, 1ull << 40)) ==
        "corrupt stored record: a body size out of proportion to its compressed bytes");
  CHECK(decode_error(compressed_record(body, frame_size * 64 + 1)) ==
        "corrupt stored record: a body size out of proportion to its compressed bytes");
  CHECK(decode_error(compressed_record(body, body.size() + 1)) == "corrupt stored record: a compressed body shorter than its size");
  CHECK(decode_error(compressed_record(body, body.size() - 1)).find("corrupt stored record: compressed body: ") == 0);
  std::string larger;
  news::varint::put(larger, 5);
  news::varint::put(larger, 3);
  news::varint::put_string(larger, "abcd");
  CHECK(decode_error(larger) == "corrupt stored record: a body larger than its size");
  std::string garbage;
  news::varint::put(garbage, 5);
  news::varint::put(garbage, body.size());
  news::varint::put_string(garbage, std::string(frame.size(), 'x'));
  CHECK(decode_error(garbage).find("corrupt stored record: compressed body: ") == 0);
  // A sound frame of a truncated body gets past the frame's checks to the tables'.
  const std::string truncated = decode_error(compressed_record(body.substr(0, body.size() - 40), body.size() - 40));
  CHECK(truncated.find("corrupt stored record: ") == 0);
  CHECK(truncated.find("body") == std::string::npos);
  // A record of the previous version is refused by name, not misread.
  std::string older = sound;
  older[0] = 4;
  CHECK(decode_error(older) == "stored record version 4 is not readable by this build");
}

TEST_CASE("regression: a damaged record of a changed article forgets no spelling and does not throw") {
  news::SpellingCounts counts{{"title", 1}};
  CHECK(news::forget_spelling(news::encode(sample()), counts));
  CHECK(counts["title"] == 0);
  std::string damaged = news::encode(sample());
  damaged.resize(damaged.size() / 2);
  CHECK_FALSE(news::forget_spelling(damaged, counts));
  CHECK(counts["title"] == 0);
}

TEST_CASE("stored record: the fuzzer's seed records decode with this build (regenerate them when the format changes)") {
  const std::filesystem::path seeds = std::filesystem::path(NEWS_TEST_DATA_DIR) / ".." / "fuzz" / "stored_record" / "seeds";
  int decoded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(seeds)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string record((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CAPTURE(entry.path().filename().string());
    CHECK(decode_error(record) == "");
    ++decoded;
  }
  CHECK(decoded >= 3);
}
