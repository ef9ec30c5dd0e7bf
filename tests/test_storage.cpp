#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include "text/analyser.h"
#include "text/stable_hash.h"
#include "index/batch_journal.h"
#include "index/entity_codes.h"
#include "index/entity_numbers.h"
#include "index/file_state.h"
#include "index/index_layout.h"
#include "index/schema.h"
#include "index/stored_article.h"
#include "search/facets.h"

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

TEST_CASE("file state: round-trip") {
  news::FileState s{1234, 1700000000123456789, news::stable_hash("hello world"), {"a", "b"}};
  const auto back = news::decode_file_state(news::encode(s));
  REQUIRE(back.has_value());
  CHECK(back->size == 1234);
  CHECK(back->mtime_ns == 1700000000123456789);
  CHECK(back->content_hash == s.content_hash);
  CHECK(back->article_ids == std::vector<std::string>{"a", "b"});
  CHECK_FALSE(news::decode_file_state("\xff").has_value());
}

// The stable hash is an on-disk format (file digests, shard assignment, entity
// ids): these golden values are XXH3-64's, and must only change with a schema bump.
TEST_CASE("stable hash: golden values, and the same digest whatever the pieces") {
  CHECK(news::stable_hash("") == 0x2d06800538d394c2ULL);  // XXH3-64's published value for no input
  CHECK(news::stable_hash("hello world") == 0xd447b1ea40e6988bULL);
  const std::string text = "hello world";
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    news::StableHasher hasher;
    hasher.update(std::string_view(text).substr(0, cut));
    hasher.update(std::string_view(text).substr(cut));
    CHECK(hasher.digest() == 0xd447b1ea40e6988bULL);
  }
}

TEST_CASE("entity ids: golden values, the type in the low bits") {
  const std::uint64_t id = news::entity_id(news::EntityType::person, "Fumio Kishida");
  CHECK(id == 0xd5f1e130c5d17f2cULL);
  CHECK(news::entity_type_of(id) == news::EntityType::person);
  CHECK(news::entity_type_of(news::entity_id(news::EntityType::org, "Fumio Kishida")) == news::EntityType::org);
  CHECK(news::entity_name_key(4 * 7 + 1) == "entity:29");
  CHECK(news::name_from_entity_name_value(news::entity_name_value(news::EntityType::place, "Japan")) == "Japan");
}

TEST_CASE("index layout: shard assignment has golden values and spreads") {
  CHECK(news::shard_of("001_46a91a9c2d294562", 1) == 0);
  CHECK(news::shard_of("001_46a91a9c2d294562", 3) == 0);  // 0xac2f4b1991bf4cbe % 3
  CHECK(news::shard_of("business/001", 3) == 1);          // 0x2ce5072ab0a9b60a % 3
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 3000; ++i) ++counts[news::shard_of("article-" + std::to_string(i), 3)];
  for (int c : counts) CHECK(c > 800);
}

namespace {

// Articles written as the index writer writes them: the facet slot's ids
// renumbered (index/entity_numbers.h), every number named in the metadata.
struct FacetIndex {
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
  news::EntityNumbers numbers;

  Xapian::Document document(const news::ArticleEntities& entities) {
    Xapian::Document doc;
    if (!entities.empty()) doc.add_value(news::schema::kEntitiesSlot, news::encode_entity_ids(entities));
    numbers.renumber(doc);
    for (news::EntityType type : news::kEntityTypes) {
      for (const std::string& name : entities.of(type)) {
        const news::EntityNumber n = numbers.number_of(news::entity_id(type, name));
        db.set_metadata(news::entity_name_key(n), news::entity_name_value(type, name));
      }
    }
    return doc;
  }
  void add(const news::ArticleEntities& entities) { db.add_document(document(entities)); }
};

}  // namespace

TEST_CASE("entity numbers: dense, typed, kept in the lexicon, never given twice") {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("news-entity-numbers-" + std::to_string(std::random_device{}()));
  const std::uint64_t kishida = news::entity_id(news::EntityType::person, "Fumio Kishida");
  const std::uint64_t japan = news::entity_id(news::EntityType::place, "Japan");
  news::EntityNumber kishida_number = 0, japan_number = 0;
  {
    Xapian::WritableDatabase lexicon(path.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    news::EntityNumbers numbers = news::EntityNumbers::load(lexicon);
    kishida_number = numbers.number_of(kishida);
    japan_number = numbers.number_of(japan);
    CHECK(kishida_number == (1u << 2 | 0u));  // sequence 1, a person
    CHECK(japan_number == (2u << 2 | 1u));    // sequence 2, a place
    CHECK(numbers.number_of(kishida) == kishida_number);
    CHECK(news::entity_type_of_number(japan_number) == news::EntityType::place);
    numbers.write_new(lexicon);
    lexicon.commit();
  }
  {
    Xapian::WritableDatabase lexicon(path.string(), Xapian::DB_OPEN);
    news::EntityNumbers numbers = news::EntityNumbers::load(lexicon);
    CHECK(numbers.find(japan) == japan_number);
    CHECK(news::lookup_entity_number(lexicon, kishida) == kishida_number);
    CHECK_FALSE(news::lookup_entity_number(lexicon, news::entity_id(news::EntityType::org, "Reuters")).has_value());
    CHECK(news::entity_number_count(lexicon) == 3);
    // A number given but never written (a run that stopped) is given again;
    // one written is not, even when no article names its entity any more.
    const news::EntityNumber reuters = numbers.number_of(news::entity_id(news::EntityType::org, "Reuters"));
    CHECK(reuters == (3u << 2 | 2u));
    lexicon.set_metadata("entity#" + news::schema::hex16(japan), "");  // the entity's number forgotten
    lexicon.commit();
  }
  {
    Xapian::WritableDatabase lexicon(path.string(), Xapian::DB_OPEN);
    news::EntityNumbers numbers = news::EntityNumbers::load(lexicon);
    CHECK(numbers.number_of(news::entity_id(news::EntityType::org, "Reuters")) == (3u << 2 | 2u));
    CHECK(numbers.number_of(japan) == (4u << 2 | 1u));  // "next" outlives the key
    lexicon.set_metadata("entity#" + news::schema::hex16(kishida), "x");
    lexicon.commit();
    CHECK_THROWS_WITH_AS(news::EntityNumbers::load(lexicon), doctest::Contains("damaged entity number"), std::runtime_error);
  }
  std::filesystem::remove_all(path);

  // The slot: sorted gaps, duplicates once; a damaged end stops the walk.
  const std::string packed = news::encode_entity_numbers({9, 4, 300000, 9});
  CHECK(packed.size() == 1 + 1 + 3);
  std::vector<news::EntityNumber> back;
  news::for_each_entity_number(packed, [&](news::EntityNumber n) { back.push_back(n); });
  CHECK(back == std::vector<news::EntityNumber>{4, 9, 300000});
  back.clear();
  news::for_each_entity_number(packed.substr(0, 3), [&](news::EntityNumber n) { back.push_back(n); });
  CHECK(back == std::vector<news::EntityNumber>{4, 9});
}

TEST_CASE("facets: counting grows past its first size, starts afresh each query, and ranks ties by name") {
  FacetIndex index;
  const int articles = 3000;
  for (int k = 0; k < articles; ++k) {
    news::ArticleEntities e;
    e.person = {"Person " + std::to_string(k % 2500)};  // 0..499 in two articles, the rest in one
    e.place = {"Place " + std::to_string(k % 7)};       // 0..3 in 429 articles, 4..6 in 428
    Xapian::Document doc = index.document(e);
    if (k % 2 == 0) doc.add_boolean_term("Keven");
    index.db.add_document(doc);
  }
  const news::EntityNumberCanonicals no_aliases;
  news::EntityCounts counts(0);  // no size hint: 2,507 entities make it grow
  auto facets_of = [&](const Xapian::Query& query, std::size_t top) {
    news::EntityFacetSpy spy(no_aliases, counts);
    Xapian::Enquire enquire(index.db);
    enquire.set_query(query);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, index.db.get_doccount());
    return spy.top(top, index.db);
  };
  auto names = [](const std::vector<news::FacetCount>& f) {
    std::vector<std::string> out;
    for (const auto& c : f) out.push_back(c.name + "=" + std::to_string(c.count));
    return out;
  };

  const news::FacetCounts all = facets_of(Xapian::Query::MatchAll, 3);
  CHECK(names(all.place) == std::vector<std::string>{"Place 0=429", "Place 1=429", "Place 2=429"});
  CHECK(names(all.person) == std::vector<std::string>{"Person 0=2", "Person 1=2", "Person 10=2"});
  CHECK(all.org.empty());

  // The same counter again: nothing left over from the first query.
  const news::FacetCounts even = facets_of(Xapian::Query("Keven"), 2);
  CHECK(names(even.place) == std::vector<std::string>{"Place 0=215", "Place 2=215"});
  CHECK(names(even.person) == std::vector<std::string>{"Person 0=2", "Person 10=2"});  // k and k + 2500 both even
  CHECK(facets_of(Xapian::Query("Knothing"), 3).place.empty());
}

TEST_CASE("facets: the spy notes matches first, then reads all of them or a fixed sample, the same each time") {
  FacetIndex index;
  const int articles = 20000;
  for (int k = 0; k < articles; ++k) {
    news::ArticleEntities e;
    if (k % 10 != 9) e.place = {k % 4 == 0 ? "Quarter" : "Rest"};  // 5,000 and 13,000 articles; some have none
    index.add(e);
  }
  const news::EntityNumberCanonicals no_aliases;
  news::EntityCounts counts(2);
  std::uint64_t read = 0;
  auto facets_of = [&](double fraction) {
    news::EntityFacetSpy spy(no_aliases, counts);
    spy.start_part(index.db);
    Xapian::Enquire enquire(index.db);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, index.db.get_doccount());
    CHECK(spy.seen() == articles);  // noted, none read yet
    read = spy.count_values(fraction);
    std::map<std::string, std::uint32_t> out;
    for (const auto& c : spy.top(5, index.db, static_cast<double>(articles) / std::max<std::uint64_t>(read, 1)).place) out[c.name] = c.count;
    return out;
  };
  CHECK(facets_of(1.0) == std::map<std::string, std::uint32_t>{{"Quarter", 5000}, {"Rest", 13000}});
  CHECK(read == articles);
  const auto estimate = facets_of(0.1);
  CHECK(read > 1700);  // about 2,000: the hash spreads document numbers evenly
  CHECK(read < 2300);
  CHECK(estimate.at("Quarter") == doctest::Approx(5000).epsilon(0.1));
  CHECK(estimate.at("Rest") == doctest::Approx(13000).epsilon(0.05));
  const std::uint64_t first_read = read;
  CHECK(facets_of(0.1) == estimate);  // the same sample again
  CHECK(read == first_read);
  CHECK(facets_of(0.0).empty());  // nothing read, nothing counted
  CHECK(read == 0);
}

TEST_CASE("facets: names count under their canonical name once per article, dropped ones not at all, with any table") {
  using news::EntityType;
  FacetIndex index;
  const std::vector<std::vector<std::string>> people = {
      {"Tony Blair", "Blair"}, {"Blair"}, {"Reuters Staff", "Tony Blair"}, {"A", "B"}, {"Blair", "A"}};
  for (const auto& names : people) {
    news::ArticleEntities e;
    e.person = names;
    index.add(e);
  }
  const std::string p(1, news::schema::entity_type_letter(EntityType::person));
  auto by_number = [&](const std::string& table_text) {
    const auto table = news::EntityCanonicals::decode(table_text);
    // Through its encoding, as the searcher reads it.
    return news::EntityNumberCanonicals::decode(news::EntityNumberCanonicals::compute(table, index.numbers).encode());
  };
  const auto table = by_number(p + "\tBlair\t" + p + "\tTony Blair\n" + p + "\tReuters Staff\t-\n");
  CHECK(table.size() == 2);
  // A damaged table may map two names to each other.
  const auto cycle = by_number(p + "\tA\t" + p + "\tB\n" + p + "\tB\t" + p + "\tA\n");
  const news::EntityNumberCanonicals no_table;
  news::EntityCounts counts(2);  // kept from query to query, as the searcher keeps it
  auto facets_of = [&](const news::EntityNumberCanonicals& aliases) {
    news::EntityFacetSpy spy(aliases, counts);
    Xapian::Enquire enquire(index.db);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, index.db.get_doccount());
    std::vector<std::string> out;
    for (const auto& c : spy.top(10, index.db).person) out.push_back(c.name + "=" + std::to_string(c.count));
    return out;
  };
  const std::vector<std::string> joined{"Tony Blair=4", "A=2", "B=1"};
  CHECK(facets_of(table) == joined);
  CHECK(facets_of(table) == joined);  // counts from 0 again
  CHECK(facets_of(no_table) == std::vector<std::string>{"Blair=3", "A=2", "Tony Blair=2", "B=1", "Reuters Staff=1"});
  CHECK(facets_of(table) == joined);
  // One step only, as the table is written: a cycle ends (A and B swap names).
  CHECK(facets_of(cycle) == std::vector<std::string>{"Blair=3", "B=2", "Tony Blair=2", "A=1", "Reuters Staff=1"});
}

TEST_CASE("regression: a long id or path gets a bounded term or key, the same every time") {
  using news::schema::id_term;
  CHECK(id_term("001_abc") == "Q001_abc");  // ids that fit are as before
  const std::string fits(244, 'x');
  CHECK(id_term(fits) == "Q" + fits);
  for (const std::string& long_id : {std::string(245, 'x'), std::string(5000, 'y'), std::string(200, '\0')}) {
    const std::string term = id_term(long_id);
    CHECK(news::schema::xapian_length(term) <= news::schema::kXapianMaxTermBytes);
    CHECK(term == id_term(long_id));
    CHECK(term.substr(term.size() - 17) == "#" + news::schema::hex16(news::stable_hash(long_id)));
  }
  CHECK(id_term(std::string(245, 'x')) != id_term(std::string(246, 'x')));
  CHECK(id_term(std::string(122, '\0') + "ab").size() > 1);  // NUL bytes count twice: hashed, bounded

  const std::string short_path = "feeds/wire.jsonl", long_path = std::string(400, 'p') + "/a.txt";
  CHECK(news::schema::file_state_key(short_path) == "file:feeds/wire.jsonl");
  CHECK(news::schema::file_state_key(long_path).size() <= news::schema::kXapianMaxMetadataKeyBytes);
  news::FileState state;
  state.size = 7;
  state.article_ids = {"a"};
  for (const std::string& path : {short_path, long_path}) {
    const auto entry = news::decode_file_state_entry(news::schema::file_state_key(path), news::file_state_value(path, state));
    REQUIRE(entry);
    CHECK(entry->first == path);
    CHECK(entry->second.size == 7);
    CHECK(entry->second.article_ids == state.article_ids);
  }
  // A hashed key whose value names another path is not trusted.
  CHECK_FALSE(news::decode_file_state_entry(news::schema::file_state_key(long_path),
                                            news::file_state_value(long_path + "x", state)));
}

TEST_CASE("batch journal: round-trip, and what a partly committed batch gives the lexicon") {
  news::BatchJournal journal;
  journal.sequence = 41;
  journal.article_ids = {"a", "b"};
  journal.removed_ids = {"gone"};
  journal.file_states["x.txt"].size = 3;
  journal.forgotten_files = {"old.txt"};
  journal.shard_spelling[0] = {{"wombat", 2}, {"numbat", -1}};
  journal.shard_spelling[1] = {{"wombat", 1}, {"quokka", -3}};
  const auto decoded = news::decode_batch_journal(news::encode(journal));
  REQUIRE(decoded);
  CHECK(decoded->sequence == 41);
  CHECK(decoded->article_ids == journal.article_ids);
  CHECK(decoded->removed_ids == journal.removed_ids);
  CHECK(decoded->file_states.at("x.txt").size == 3);
  CHECK(decoded->forgotten_files == journal.forgotten_files);
  CHECK(decoded->shard_spelling == journal.shard_spelling);
  CHECK_FALSE(news::decode_batch_journal(news::encode(journal).substr(0, 10)));
  CHECK_FALSE(news::decode_batch_journal("\x05"));

  const auto all = news::resolve(journal, {0, 1});
  CHECK(all.complete);
  CHECK(all.spelling == news::SpellingCounts{{"wombat", 3}, {"numbat", -1}, {"quokka", -3}});
  const auto half = news::resolve(journal, {1});
  CHECK_FALSE(half.complete);  // file states wait: the files are read again
  CHECK(half.spelling == news::SpellingCounts{{"wombat", 1}, {"quokka", -3}});
  const auto none = news::resolve(journal, {});
  CHECK_FALSE(none.complete);
  CHECK(none.spelling.empty());
  CHECK(news::resolve(news::BatchJournal{}, {}).complete);  // a batch that wrote no shard
}

TEST_CASE("batch journal: fixed-name counts go through it like spelling, and a format-1 journal still reads") {
  news::BatchJournal journal;
  journal.sequence = 7;
  journal.shard_spelling[0] = {{"wombat", 1}};
  journal.shard_spelling[1] = {};
  journal.shard_fixed_names[0] = {{"oREUTER", 2}};
  journal.shard_fixed_names[1] = {{"oREUTER", -1}, {"lVail", 1}};
  const auto decoded = news::decode_batch_journal(news::encode(journal));
  REQUIRE(decoded);
  CHECK(decoded->shard_fixed_names == journal.shard_fixed_names);
  CHECK(news::resolve(journal, {0, 1}).fixed_names == news::SpellingCounts{{"oREUTER", 1}, {"lVail", 1}});
  CHECK(news::resolve(journal, {0}).fixed_names == news::SpellingCounts{{"oREUTER", 2}});
  // Format 1, as an older indexer left it: sequence 3, no ids, no files, one
  // shard with one spelling change, and no fixed-name section.
  std::string old;
  for (int byte : {1, 3, 0, 0, 0, 0, 1, 0, 1, 6}) old.push_back(static_cast<char>(byte));
  old += "wombat";
  old.push_back(2);  // zigzag(1)
  const auto legacy = news::decode_batch_journal(old);
  REQUIRE(legacy);
  CHECK(legacy->sequence == 3);
  CHECK(legacy->shard_spelling.at(0) == news::SpellingCounts{{"wombat", 1}});
  CHECK(legacy->shard_fixed_names.empty());
}
