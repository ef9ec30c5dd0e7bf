#include <doctest/doctest.h>

#include "analyser.h"
#include "facets.h"
#include "file_state.h"
#include "index_layout.h"
#include "stored_article.h"

TEST_CASE("stored article: encode and decode round-trip") {
  news::Analyser analyser;
  news::Article a = news::parse_plain_text("Title words\n\nBody one. Body two!\n\nNext “quoted” paragraph.", "id1", "c/id1.txt");
  a.date = "2024-05-09";
  std::vector<news::Token> tokens;
  analyser.tokenize(a.text, a.title, tokens);
  const auto title_tokens = static_cast<std::uint32_t>(tokens.size());
  for (auto r : a.body) analyser.tokenize(a.text, r, tokens);
  const news::StoredArticle stored = news::make_stored_article(a, tokens, title_tokens);
  const news::StoredArticle back = news::decode_stored_article(news::encode(stored));
  CHECK(back.id == "id1");
  CHECK(back.source_path == "c/id1.txt");
  CHECK(back.date == "2024-05-09");
  CHECK(back.text == a.text);
  CHECK(back.title_text() == "Title words");
  CHECK(back.body == a.body);
  CHECK(back.tokens == stored.tokens);
  CHECK(back.title_tokens == 2);
  CHECK(back.sentence_starts == std::vector<std::uint32_t>{0, 2, 4, 6});
  CHECK(back.paragraph_starts == std::vector<std::uint32_t>{0, 2, 6});
  CHECK_THROWS_AS(news::decode_stored_article("\x05garbage"), std::runtime_error);
}

TEST_CASE("facets: entities pack into one value and count per entity") {
  news::ArticleEntities e;
  e.person = {"Fumio Kishida", "Joe Biden"};
  e.place = {"Japan"};
  const news::ArticleEntities back = news::decode_entities(news::encode_entities(e));
  CHECK(back.person == e.person);
  CHECK(back.place == e.place);
  CHECK(back.org.empty());

  std::vector<news::EntityMention> mentions = {{news::EntityType::place, "Japan", 0, 1},
                                               {news::EntityType::person, "Joe Biden", 1, 3},
                                               {news::EntityType::place, "Russia", 3, 4},
                                               {news::EntityType::place, "Russia", 5, 6}};
  const news::ArticleEntities ordered = news::entities_from_mentions(mentions);
  CHECK(ordered.place == std::vector<std::string>{"Russia", "Japan"});  // most mentioned first
}

TEST_CASE("file state: round-trip and a stable content hash") {
  news::FileState s{1234, 1700000000123456789, news::content_hash("hello world"), {"a", "b"}};
  const auto back = news::decode_file_state(news::encode(s));
  REQUIRE(back.has_value());
  CHECK(back->size == 1234);
  CHECK(back->mtime_ns == 1700000000123456789);
  CHECK(back->article_ids == std::vector<std::string>{"a", "b"});
  CHECK(news::content_hash("hello world") == news::content_hash(std::string("hello world")));
  CHECK(news::content_hash("hello world") != news::content_hash("hello worle"));
}

TEST_CASE("index layout: shard assignment is stable and spread") {
  CHECK(news::shard_of("001_46a91a9c2d294562", 1) == 0);
  CHECK(news::shard_of("001_46a91a9c2d294562", 3) == news::shard_of("001_46a91a9c2d294562", 3));
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 3000; ++i) ++counts[news::shard_of("article-" + std::to_string(i), 3)];
  for (int c : counts) CHECK(c > 800);
}
