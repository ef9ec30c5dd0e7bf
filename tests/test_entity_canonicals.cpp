// The corpus-level entity table (index/entity_canonicals.h): spelling
// variants, people's full names, the boilerplate rule's thresholds, the
// overrides file, and the table as readers apply it.
#include <doctest/doctest.h>

#include <algorithm>

#include <string>
#include <vector>

#include "entities/entities.h"
#include "index/entity_canonicals.h"
#include "index/entity_codes.h"
#include "index/schema.h"

namespace {

using news::EntityRef;
using news::EntityType;

news::CanonicalRules rules() {
  news::CanonicalRules r;
  const auto& recognizer = news::EntityRecognizer::standard();
  r.short_forms = [&recognizer](const std::string& name) { return recognizer.person_short_forms(name); };
  r.known = [&recognizer](EntityType type, const std::string& name) { return recognizer.resolve(name, type).has_value(); };
  return r;
}

std::optional<EntityRef> person(const news::EntityCanonicals& t, const std::string& name) {
  return t.canonical(EntityType::person, name);
}

}  // namespace

TEST_CASE("entity table: spelling variants are one entity, shown accented, else as most used") {
  const auto table = news::EntityCanonicals::compute({{EntityType::person, "George W Bush", 5, 0},
                                                      {EntityType::person, "George W. Bush", 9, 0},
                                                      {EntityType::person, "Jose Mourinho", 10, 0},
                                                      {EntityType::person, "José Mourinho", 2, 0},
                                                      {EntityType::org, "U.S. Army", 3, 0},
                                                      {EntityType::org, "US Army", 1, 0}},
                                                     100, rules());
  CHECK(person(table, "George W Bush") == EntityRef{EntityType::person, "George W. Bush"});
  CHECK(person(table, "George W. Bush") == EntityRef{EntityType::person, "George W. Bush"});
  CHECK(person(table, "Jose Mourinho") == EntityRef{EntityType::person, "José Mourinho"});
  CHECK(table.canonical(EntityType::org, "US Army") == EntityRef{EntityType::org, "U.S. Army"});
  CHECK(table.names_of({EntityType::person, "José Mourinho"}).size() == 2);
}

TEST_CASE("entity table: George Bush and Bush join George W. Bush when the corpus has one such name") {
  const std::vector<news::CorpusEntity> one{{EntityType::person, "George W. Bush", 9, 0},
                                            {EntityType::person, "George Bush", 3, 0},
                                            {EntityType::person, "Bush", 4, 0},
                                            {EntityType::person, "Tony Blair", 151, 0},
                                            {EntityType::person, "Blair", 14, 0}};
  const auto table = news::EntityCanonicals::compute(one, 200, rules());
  CHECK(person(table, "George Bush")->name == "George W. Bush");
  CHECK(person(table, "Bush")->name == "George W. Bush");
  CHECK(person(table, "Blair")->name == "Tony Blair");
  // Two Bushes: "Bush" alone is ambiguous and stays.
  std::vector<news::CorpusEntity> two = one;
  two.push_back({EntityType::person, "Laura Bush", 2, 0});
  CHECK(person(news::EntityCanonicals::compute(two, 200, rules()), "Bush")->name == "Bush");
}

TEST_CASE("entity table: boilerplate needs a large share of the corpus, only fixed positions, and no known name") {
  auto dropped = [](news::CorpusEntity e, std::uint64_t documents) {
    return !news::EntityCanonicals::compute({e}, documents, rules()).canonical(e.type, e.name);
  };
  CHECK(dropped({EntityType::org, "REUTER", 40, 40}, 100));
  CHECK(dropped({EntityType::place, "London Newsroom", 12, 11}, 100));
  CHECK_FALSE(dropped({EntityType::org, "REUTER", 9, 9}, 100));       // under a tenth of the corpus
  CHECK_FALSE(dropped({EntityType::org, "REUTER", 2, 2}, 4));          // under three articles
  CHECK_FALSE(dropped({EntityType::org, "REUTER", 40, 20}, 100));      // named in the body as often
  CHECK_FALSE(dropped({EntityType::place, "London", 60, 60}, 100));    // a known place: datelines are news
}

TEST_CASE("entity table: overrides merge, rename, retype and drop, bad lines are skipped with a warning") {
  std::vector<std::string> warnings;
  const auto overrides = news::parse_entity_overrides(
      "# comment\nmerge\tperson\tTony B.\tTony Blair\nrename\torg\tLabour Party\tThe Labour Party\n"
      "retype\tperson\tNintendo\torg\ndrop\torg\tCo Inc\nfrobnicate\torg\tX\nrename\tthing\tX\tY\n",
      "entity_overrides.tsv", warnings);
  REQUIRE(overrides.size() == 4);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].find("entity_overrides.tsv:6") == 0);
  news::CanonicalRules r = rules();
  r.overrides = overrides;
  const auto table = news::EntityCanonicals::compute({{EntityType::person, "Tony B.", 1, 0},
                                                      {EntityType::person, "Tony Blair", 5, 0},
                                                      {EntityType::org, "Labour Party", 5, 0},
                                                      {EntityType::person, "Nintendo", 2, 0},
                                                      {EntityType::org, "Co Inc", 2, 0}},
                                                     50, r);
  CHECK(person(table, "Tony B.")->name == "Tony Blair");
  CHECK(table.canonical(EntityType::org, "Labour Party")->name == "The Labour Party");
  CHECK(person(table, "Nintendo") == EntityRef{EntityType::org, "Nintendo"});
  CHECK_FALSE(table.canonical(EntityType::org, "Co Inc"));
}

TEST_CASE("entity table: encode and decode keep it, ids follow it, hits take it") {
  news::CanonicalRules r = rules();
  r.overrides = {{news::EntityOverride::Action::drop, {EntityType::org, "REUTER"}, {}},
                 {news::EntityOverride::Action::retype, {EntityType::person, "Nintendo"}, {EntityType::org, "Nintendo"}}};
  const auto computed = news::EntityCanonicals::compute({{EntityType::person, "Tony Blair", 5, 0},
                                                         {EntityType::person, "Blair", 2, 0},
                                                         {EntityType::person, "Nintendo", 1, 0},
                                                         {EntityType::org, "REUTER", 1, 0}},
                                                        50, r);
  const auto table = news::EntityCanonicals::decode(computed.encode());
  CHECK(table.size() == 3);
  // By id, as the index writer numbers them (entity_numbers.h): every mapped name, sorted.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ids{
      {news::entity_id(EntityType::person, "Blair"), news::entity_id(EntityType::person, "Tony Blair")},
      {news::entity_id(EntityType::org, "REUTER"), 0},
      {news::entity_id(EntityType::person, "Nintendo"), news::entity_id(EntityType::org, "Nintendo")}};
  std::sort(ids.begin(), ids.end());
  CHECK(table.id_mappings() == ids);
  news::ArticleEntities hit;
  hit.person = {"Tony Blair", "Blair", "Nintendo"};
  hit.org = {"REUTER"};
  news::apply_entity_canonicals(hit, table);
  CHECK(hit.person == std::vector<std::string>{"Tony Blair"});
  CHECK(hit.org == std::vector<std::string>{"Nintendo"});
}

TEST_CASE("entity table: a name listed twice (a damaged table) stands for its last canonical name only") {
  using news::EntityType;
  const std::string p(1, news::schema::entity_type_letter(EntityType::person));
  const auto table = news::EntityCanonicals::decode(p + "\tBlair\t" + p + "\tTony Blair\n" + p + "\tBlair\t" + p + "\tCherie Blair\n");
  CHECK(table.size() == 1);
  CHECK(table.canonical(EntityType::person, "Blair") == news::EntityRef{EntityType::person, "Cherie Blair"});
  CHECK(table.names_of({EntityType::person, "Tony Blair"}).size() == 1);  // itself only
  CHECK(table.names_of({EntityType::person, "Cherie Blair"}).size() == 2);
  CHECK(table.id_mappings() == std::vector<std::pair<std::uint64_t, std::uint64_t>>{
                                   {news::entity_id(EntityType::person, "Blair"), news::entity_id(EntityType::person, "Cherie Blair")}});
}

TEST_CASE("entity table: a table out of order, with a dropped name and CRLF lines, reads like a sorted one") {
  using news::EntityType;
  const std::string p(1, news::schema::entity_type_letter(EntityType::person));
  const std::string l(1, news::schema::entity_type_letter(EntityType::place));
  const std::string lines = p + "\tZelensky\t" + p + "\tVolodymyr Zelensky\r\n" + l + "\tKyiv City\t" + l + "\tKyiv\n" + p +
                            "\tBlair\t" + p + "\tTony Blair\n" + p + "\tWeather\t-\n" + p + "\tT. Blair\t" + p + "\tTony Blair\n";
  const auto table = news::EntityCanonicals::decode(lines);
  CHECK(table.size() == 5);
  CHECK(table.canonical(EntityType::person, "Zelensky") == news::EntityRef{EntityType::person, "Volodymyr Zelensky"});
  CHECK(table.canonical(EntityType::place, "Kyiv City") == news::EntityRef{EntityType::place, "Kyiv"});
  CHECK(table.canonical(EntityType::person, "Kyiv City") == news::EntityRef{EntityType::person, "Kyiv City"});  // another type
  CHECK_FALSE(table.canonical(EntityType::person, "Weather"));
  CHECK(table.canonical(EntityType::person, "Nobody") == news::EntityRef{EntityType::person, "Nobody"});
  CHECK(table.names_of({EntityType::person, "Tony Blair"}) ==
        std::vector<news::EntityRef>{{EntityType::person, "Tony Blair"}, {EntityType::person, "Blair"}, {EntityType::person, "T. Blair"}});
  CHECK(table.canonical_names() == std::vector<news::EntityRef>{{EntityType::person, "Tony Blair"},
                                                                 {EntityType::person, "Volodymyr Zelensky"},
                                                                 {EntityType::place, "Kyiv"}});
  // Written back sorted, and read back the same.
  const auto again = news::EntityCanonicals::decode(table.encode());
  CHECK(again.encode() == table.encode());
  CHECK(again.names_of({EntityType::person, "Tony Blair"}).size() == 3);
  const news::EntityCanonicals copy = again;  // copies answer alike
  CHECK(copy.names_of({EntityType::place, "Kyiv"}).size() == 2);
}
