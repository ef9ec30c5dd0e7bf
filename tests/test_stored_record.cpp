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

// A record's text stored as it is: its size, then the same number of bytes.
void put_raw_text(std::string& record, std::string_view text) {
  news::varint::put(record, text.size());
  news::varint::put_string(record, text);
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
  news::varint::put(record, 4);
  for (int i = 0; i < 7; ++i) news::varint::put_string(record, "");
  put_raw_text(record, "abc");
  news::varint::put(record, 0);  // line
  news::varint::put(record, 0);  // title
  news::varint::put(record, 3);
  news::varint::put(record, 0);  // no paragraphs
  news::varint::put(record, 2);  // two tokens
  news::varint::put(record, 0);
  news::varint::put(record, 1), news::varint::put(record, 1);            // [1, 2)
  news::varint::put(record, 0xFFFFFFFFull), news::varint::put(record, 1);  // wraps to [1, 2) in 32 bits
  news::varint::put(record, 0), news::varint::put(record, 0);
  CHECK(decode_error(record) == "corrupt stored record: a token ends past the text");
}

TEST_CASE("regression: a token gap of 2^64 - 5 cannot wrap around to before the previous token (found by fuzzing)") {
  std::string record;
  news::varint::put(record, 4);
  for (int i = 0; i < 7; ++i) news::varint::put_string(record, "");
  put_raw_text(record, "abcdefgh");
  news::varint::put(record, 0);  // line
  news::varint::put(record, 0), news::varint::put(record, 3);  // title
  news::varint::put(record, 0);                                 // no paragraphs
  news::varint::put(record, 2), news::varint::put(record, 0);   // two tokens
  news::varint::put(record, 6), news::varint::put(record, 2);   // [6, 8)
  news::varint::put(record, ~std::uint64_t{0} - 5), news::varint::put(record, 1);  // would be [2, 3)
  news::varint::put(record, 0), news::varint::put(record, 0);
  CHECK(decode_error(record) == "corrupt stored record: a token ends past the text");
  // Sentence starts likewise.
  std::string starts;
  news::varint::put(starts, 4);
  for (int i = 0; i < 7; ++i) news::varint::put_string(starts, "");
  put_raw_text(starts, "ab");
  news::varint::put(starts, 0);  // line
  news::varint::put(starts, 0), news::varint::put(starts, 0), news::varint::put(starts, 0);
  news::varint::put(starts, 2), news::varint::put(starts, 0);
  news::varint::put(starts, 0), news::varint::put(starts, 1), news::varint::put(starts, 0), news::varint::put(starts, 1);
  news::varint::put(starts, 2), news::varint::put(starts, 1), news::varint::put(starts, ~std::uint64_t{0});
  news::varint::put(starts, 0);
  CHECK(decode_error(starts) == "corrupt stored record: a sentence start past the last token");
}

TEST_CASE("regression: counts larger than the record are refused before anything is allocated") {
  std::string record;
  news::varint::put(record, 4);
  for (int i = 0; i < 7; ++i) news::varint::put_string(record, "");
  put_raw_text(record, "");
  news::varint::put(record, 0);  // line
  news::varint::put(record, 0), news::varint::put(record, 0);
  news::varint::put(record, 1ull << 40);  // paragraphs
  CHECK(decode_error(record) == "corrupt stored record: more paragraphs than the record has bytes for");
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

TEST_CASE("regression: a compressed text's size is checked against its frame before anything is allocated") {
  const std::string text = long_sample().text;
  std::string frame(ZSTD_compressBound(text.size()), '\0');
  frame.resize(ZSTD_compress(frame.data(), frame.size(), text.data(), text.size(), 3));
  REQUIRE(frame.size() < text.size());
  auto record_with = [](std::uint64_t size, std::string_view stored) {
    std::string record;
    news::varint::put(record, 4);
    for (int i = 0; i < 7; ++i) news::varint::put_string(record, "");
    news::varint::put(record, size);
    news::varint::put_string(record, stored);
    return record;
  };
  CHECK(decode_error(record_with(1ull << 40, frame)) ==
        "corrupt stored record: a text size out of proportion to its compressed bytes");
  CHECK(decode_error(record_with(frame.size() * 64 + 1, frame)) ==
        "corrupt stored record: a text size out of proportion to its compressed bytes");
  CHECK(decode_error(record_with(text.size() + 1, frame)) == "corrupt stored record: a compressed text shorter than its size");
  CHECK(decode_error(record_with(text.size() - 1, frame)).find("corrupt stored record: compressed text: ") == 0);
  CHECK(decode_error(record_with(3, "abcd")) == "corrupt stored record: a text larger than its size");
  CHECK(decode_error(record_with(text.size(), std::string(frame.size(), 'x'))).find("corrupt stored record: compressed text: ") == 0);
  // The sound frame gets as far as the ranges after the text.
  CHECK(decode_error(record_with(text.size(), frame)) == "corrupt stored record: truncated varint");
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
