// Entity recognition: one test per rule on small made-up sentences, then
// precision and recall against hand-made gold files for the bundled articles
// and five Brown corpus newspaper samples.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "text/analyser.h"
#include "text/data_files.h"
#include "ingest/article.h"
#include "entities/entities.h"
#include "entities/entity_lexicon.h"
#include "entities/entity_type.h"
#include "index/document_builder.h"
#include "index/entity_canonicals.h"

namespace {

using news::EntityType;

const news::EntityRecognizer& recognizer() { return news::EntityRecognizer::standard(); }

news::AnalysedArticle analyse(const std::string& text, const std::string& id = "test") {
  static news::Analyser analyser;
  return news::analyse_article(news::parse_plain_text(text, id, id + ".txt"), analyser, &recognizer());
}

// "type:name" of every mention of a body under a neutral title, in text order.
std::vector<std::string> mentions(const std::string& body) {
  std::vector<std::string> out;
  for (const news::EntityMention& m : analyse("A test article\n\n" + body).mentions) {
    out.push_back(std::string(news::to_string(m.type)) + ":" + m.name);
  }
  return out;
}

// The distinct "type:name" of a body.
std::set<std::string> entities(const std::string& body) {
  const std::vector<std::string> all = mentions(body);
  return {all.begin(), all.end()};
}

bool has(const std::set<std::string>& found, const std::string& entity) { return found.contains(entity); }

}  // namespace

TEST_CASE("entity types round-trip through their names") {
  for (news::EntityType type : news::kEntityTypes) {
    CHECK(news::entity_type_from_string(news::to_string(type)) == type);
  }
  CHECK_FALSE(news::entity_type_from_string("animal").has_value());
}

TEST_CASE("entities: the word-flag table says what the word lists say") {
  // The rules and the labeller ask lex.word_flags instead of the sets: it
  // must hold every set's words and nothing else.
  const news::EntityLexicon& lex = recognizer().lexicon();
  const std::pair<const news::TermSet*, news::WordFlag> sets[] = {
      {&lex.given_names, news::kGivenName},       {&lex.common_words, news::kCommonWord},
      {&lex.never_name_words, news::kNeverName},  {&lex.before_number_words, news::kBeforeNumber},
      {&lex.particles, news::kParticle},          {&lex.suffixes, news::kNameSuffix},
      {&lex.speech_verbs, news::kSpeechVerb},     {&lex.east_asian_family_names, news::kEastAsianFamily},
      {&lex.acronym_stoplist, news::kAcronymStop}, {&lex.person_nouns, news::kPersonNoun},
      {&lex.dotted_abbreviations, news::kDottedAbbreviation}, {&lex.sports_headings, news::kSportsHeading},
      {&lex.result_words, news::kResultWord},
  };
  std::size_t checked = 0;
  for (const auto& [set, flag] : sets) {
    CHECK(!set->empty());
    for (const std::string& term : *set) {
      CAPTURE(term);
      CHECK((lex.word_flags.of(term) & flag) != 0);
      ++checked;
    }
  }
  for (const auto& [term, head] : lex.head_words) CHECK((lex.word_flags.of(term) & news::kHeadWord) != 0);
  for (const auto& [term, titles] : lex.titles_by_last_term) CHECK((lex.word_flags.of(term) & news::kTitleEnd) != 0);
  for (const auto& [term, names] : lex.names_by_first_term) CHECK((lex.word_flags.of(term) & news::kNameStart) != 0);
  CHECK(checked > 500);
  // A word in no list, and a set's word: only its own flags.
  CHECK(lex.word_flags.of("wickets") == 0);
  CHECK(lex.word_flags.of(std::string_view("")) == 0);
  CHECK((lex.word_flags.of("said") & news::kSpeechVerb) != 0);
  CHECK((lex.word_flags.of("said") & news::kGivenName) == 0);
}

TEST_CASE("entities: titles and honorifics are stripped from people's names") {
  const auto found = entities(
      "Prime Minister Fumio Kishida met Russian Deputy Foreign Minister Igor Morgulov. "
      "Amb. Nikolay Nozdrev spoke, and Gen. Mark Milley listened to Dr. Jill Biden.");
  CHECK(has(found, "person:Fumio Kishida"));
  CHECK(has(found, "person:Igor Morgulov"));
  CHECK(has(found, "person:Nikolay Nozdrev"));
  CHECK(has(found, "person:Mark Milley"));
  CHECK(has(found, "person:Jill Biden"));
  for (const std::string& e : found) CHECK(e.find("Minister") == std::string::npos);
}

TEST_CASE("entities: a lower-case title before a name marks a person") {
  const auto found = entities("He met the dictator Tazo Ormanbek and spokeswoman Ilse Varga on Monday.");
  CHECK(has(found, "person:Tazo Ormanbek"));
  CHECK(has(found, "person:Ilse Varga"));
  CHECK_FALSE(has(found, "person:Monday"));
}

TEST_CASE("entities: a title with a portfolio keeps the portfolio out of the entities") {
  const auto found = entities("Assistant Secretary for East Asian and Pacific Affairs Daniel J. Kritenbrink spoke.");
  CHECK(found == std::set<std::string>{"person:Daniel J. Kritenbrink"});
  CHECK(has(entities("Secretary of State Antony Blinken flew in."), "person:Antony Blinken"));
}

TEST_CASE("entities: given names, middle initials and suffixes") {
  const auto found = entities(
      "Critics included Grant Newsham, Daniel J. Kritenbrink and Ivan Allen Jr. at the meeting. "
      "Later J. M. Cheshire arrived.");
  CHECK(has(found, "person:Grant Newsham"));
  CHECK(has(found, "person:Daniel J. Kritenbrink"));
  CHECK(has(found, "person:Ivan Allen Jr."));
  CHECK(has(found, "person:J. M. Cheshire"));
}

TEST_CASE("entities: East Asian names are family name first") {
  const auto found = entities("Talks between Kim Jong Un and Xi Jinping ended. Yoon Suk Yeol was not there.");
  CHECK(has(found, "person:Kim Jong Un"));
  CHECK(has(found, "person:Xi Jinping"));
  CHECK(has(found, "person:Yoon Suk Yeol"));
  const auto& r = recognizer();
  CHECK(r.person_short_forms("Kim Jong Un") == std::vector<std::string>{"Kim"});
  CHECK(r.person_short_forms("Xi Jinping") == std::vector<std::string>{"Xi"});
  CHECK(r.person_short_forms("Moon Jae-in") == std::vector<std::string>{"Moon"});
}

TEST_CASE("entities: person_short_forms gives the family name as written") {
  const auto& r = recognizer();
  CHECK(r.person_short_forms("Vladimir Putin") == std::vector<std::string>{"Putin"});
  CHECK(r.person_short_forms("Daniel J. Kritenbrink") == std::vector<std::string>{"Kritenbrink"});
  CHECK(r.person_short_forms("Ivan Allen Jr.") == std::vector<std::string>{"Allen"});
  CHECK(r.person_short_forms("Lee Harvey Oswald") == std::vector<std::string>{"Oswald"});
  CHECK(r.person_short_forms("Charles de Gaulle") == std::vector<std::string>{"Gaulle", "de Gaulle"});
  CHECK(r.person_short_forms("Madonna").empty());
}

TEST_CASE("entities: possessives are stripped") {
  const auto found = entities("Lavrov met Sergey Lavrov's deputy. Japan's Foreign Minister Yoko Kamikawa agreed.");
  CHECK(has(found, "person:Sergey Lavrov"));
  CHECK(has(found, "place:Japan"));
  CHECK(has(found, "person:Yoko Kamikawa"));
  for (const std::string& e : found) CHECK(e.find('\'') == std::string::npos);
}

TEST_CASE("entities: a surname alone joins the full name of the same article") {
  const std::vector<std::string> all = mentions(
      "Kishida spoke first. Then Prime Minister Fumio Kishida said more, and Mr. Kishida's aides agreed "
      "with Kishida.");
  CHECK(std::count(all.begin(), all.end(), "person:Fumio Kishida") == 4);
  CHECK(std::find(all.begin(), all.end(), "person:Kishida") == all.end());
}

TEST_CASE("entities: two people with one surname keep their own names") {
  const auto found = entities("Anna Williams and Tom Williams voted. Williams said nothing.");
  CHECK(has(found, "person:Anna Williams"));
  CHECK(has(found, "person:Tom Williams"));
  CHECK_FALSE(has(found, "person:Anna Williams Tom Williams"));
}

TEST_CASE("entities: a person by context, possessive or verb of saying") {
  CHECK(has(entities("The importance of Ormanbek's threats grew."), "person:Ormanbek"));
  CHECK(has(entities("\"It is over,\" Varga said."), "person:Varga"));
  CHECK(has(entities("\"It is over,\" said Ilse Varga."), "person:Ilse Varga"));
}

TEST_CASE("entities: aliases of the United States become one place") {
  for (const char* body : {"Talks with the U.S. ended.", "U. S. officials left.", "The US said no.",
                           "The United States said no.", "America's allies agreed."}) {
    CAPTURE(body);
    CHECK(entities(body) == std::set<std::string>{"place:United States"});
  }
  CHECK(entities("Let us go, he told us.").empty());
}

TEST_CASE("entities: data aliases join places and organisations") {
  CHECK(entities("The Northern Territories and the Kurils are disputed.") ==
        std::set<std::string>{"place:Kuril Islands"});
  CHECK(entities("NATO and the North Atlantic Alliance met.") == std::set<std::string>{"org:NATO"});
  CHECK(entities("Ships sailed through the Sea of Japan and the East China Sea.") ==
        std::set<std::string>{"place:Sea of Japan", "place:East China Sea"});
}

TEST_CASE("entities: ICU supplies countries, regions and cities") {
  const auto found = entities("Officials from Uruguay met in Vladivostok and Ouagadougou to discuss Eastern Europe.");
  CHECK(has(found, "place:Uruguay"));
  CHECK(has(found, "place:Vladivostok"));
  CHECK(has(found, "place:Ouagadougou"));
  CHECK(has(found, "place:Eastern Europe"));
}

TEST_CASE("entities: acronyms are organisations unless stoplisted") {
  const auto found = entities("In an interview with TASS and the BBC on TV, the CEO of KDXR said OK.");
  CHECK(has(found, "org:TASS"));
  CHECK(has(found, "org:BBC"));
  CHECK(has(found, "org:KDXR"));
  CHECK_FALSE(has(found, "org:TV"));
  CHECK_FALSE(has(found, "org:OK"));
  CHECK_FALSE(has(found, "org:CEO"));
}

TEST_CASE("entities: head words name organisations and places") {
  const auto found = entities(
      "The Russian Embassy, the Fulton Superior Court and the Vostrov Trading Company wrote to the "
      "Pelham County council about Lake Ormanbek and the Varga Sea.");
  CHECK(has(found, "org:Russian Embassy"));
  CHECK(has(found, "org:Fulton Superior Court"));
  CHECK(has(found, "org:Vostrov Trading Company"));
  CHECK(has(found, "place:Pelham County"));
  CHECK(has(found, "place:Lake Ormanbek"));
  CHECK(has(found, "place:Varga Sea"));
  CHECK(entities("An Embassy spokesman spoke.").empty());
  CHECK(entities("They live at 637 E. Pelham Rd. now.").empty());  // streets are no entities
}

TEST_CASE("entities: X of Y names and a country's institutions") {
  CHECK(entities("The Ministry of Foreign Affairs objected.") ==
        std::set<std::string>{"org:Ministry of Foreign Affairs"});
  CHECK(has(entities("He studied at the University of Oklahoma."), "org:University of Oklahoma"));
  const auto found = entities("Russia's Foreign Ministry and the U.S. State Department were silent.");
  CHECK(has(found, "org:Russian Foreign Ministry"));
  CHECK(has(found, "org:State Department"));
  CHECK(has(found, "place:Russia"));
  CHECK(has(entities("Kishida of Japan spoke."), "place:Japan"));
}

TEST_CASE("entities: sentence-start words, weekdays and months are not entities") {
  CHECK(entities("Relations worsened on Friday. Analysts note the change in January.").empty());
  CHECK(entities("However, nothing happened. Nevertheless the talks went on until May 9.").empty());
  CHECK(entities("Merger proposed. Critics agreed.").empty());
}

TEST_CASE("entities: nationality adjectives alone are not entities") {
  CHECK(entities("Russian and Japanese troops met North Korean and American officials.").empty());
  CHECK(entities("The trans-Atlantic alliance held.").empty());
}

TEST_CASE("entities: a headline in title case yields only what is known") {
  const auto analysed = analyse("Russia Warns America's Closest Ally in Asia\n\nThe talks went on.");
  std::set<std::string> found;
  for (const auto& m : analysed.mentions) found.insert(std::string(news::to_string(m.type)) + ":" + m.name);
  CHECK(found == std::set<std::string>{"place:Russia", "place:United States", "place:Asia"});
}

TEST_CASE("entities: mentions carry token ranges in text order") {
  const auto analysed = analyse("A test article\n\nPrime Minister Fumio Kishida visited Tokyo.");
  REQUIRE(analysed.mentions.size() == 2);
  const auto& person = analysed.mentions[0];
  CHECK(person.name == "Fumio Kishida");
  CHECK(analysed.tokens[person.first_token].term == "fumio");
  CHECK(person.end_token - person.first_token == 2);
  CHECK(analysed.mentions[1].name == "Tokyo");
  CHECK(analysed.mentions[1].first_token > person.first_token);
}

TEST_CASE("entities: resolve maps typed names and aliases to the canonical entity") {
  const auto& r = recognizer();
  auto kuril = r.resolve("Northern Territories");
  REQUIRE(kuril);
  CHECK(kuril->canonical == "Kuril Islands");
  CHECK(kuril->type == EntityType::place);
  auto us = r.resolve("america", EntityType::place);
  REQUIRE(us);
  CHECK(us->canonical == "United States");
  CHECK(r.resolve("U.S.")->canonical == "United States");
  CHECK(r.resolve("NATO's")->canonical == "NATO");
  CHECK(r.resolve("north atlantic alliance", EntityType::org)->canonical == "NATO");
  CHECK(r.resolve("Chairman Mao")->canonical == "Mao Zedong");
  CHECK_FALSE(r.resolve("america", EntityType::org));
  CHECK_FALSE(r.resolve("Fumio Kishida"));  // the data knows no such person; the index does
}

TEST_CASE("entities: aliases() lists the data's alias pairs") {
  const auto& aliases = recognizer().aliases();
  auto pair = [&](const std::string& alias, const std::string& canonical) {
    return std::any_of(aliases.begin(), aliases.end(),
                       [&](const news::EntityAlias& a) { return a.alias == alias && a.canonical == canonical; });
  };
  CHECK(pair("Northern Territories", "Kuril Islands"));
  CHECK(pair("America", "United States"));
  CHECK(pair("North Atlantic Alliance", "NATO"));
  for (const auto& a : aliases) CHECK(a.alias != a.canonical);
}

TEST_CASE("entities: from_directory loads the same data and names a missing folder") {
  const std::string data_dir = std::string(NEWS_TEST_DATA_DIR) + "/../../data";
  auto r = news::EntityRecognizer::from_directory(data_dir);
  CHECK(r->resolve("Kurils")->canonical == "Kuril Islands");
  CHECK_THROWS_WITH_AS(news::EntityRecognizer::from_directory("/nonexistent"), doctest::Contains("/nonexistent"),
                       std::runtime_error);
}

// ---------------------------------------------------------------------------
// Precision and recall against the gold files.

namespace {

using EntitySet = std::set<std::pair<EntityType, std::string>>;
using ArticleEntities = std::map<std::string, EntitySet>;

ArticleEntities read_gold(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in, "cannot open " << path);
  ArticleEntities gold;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string id, type, name;
    std::getline(fields, id, '\t');
    std::getline(fields, type, '\t');
    std::getline(fields, name);
    const auto parsed = news::entity_type_from_string(type);
    REQUIRE_MESSAGE(parsed, "bad type in " << path << ": " << line);
    gold[id].insert({*parsed, name});
  }
  return gold;
}

// Recognises every article of a set, then joins family-name-only people to
// their full name with the product's own canonicalisation table, as the
// indexer and the searcher do (index/entity_canonicals.h).
ArticleEntities recognise_set(const std::string& folder, const ArticleEntities& gold) {
  const auto& r = recognizer();
  news::Analyser analyser;
  std::map<std::string, news::ArticleEntities> per_article;
  std::map<std::pair<EntityType, std::string>, std::uint64_t> articles;
  for (const auto& [id, expected] : gold) {
    const std::string path = folder + "/" + id + ".txt";
    auto analysed = news::analyse_article(news::parse_plain_text(news::read_file(path), id, path), analyser, &r);
    per_article[id] = news::entities_from_mentions(analysed.mentions);
    for (EntityType type : news::kEntityTypes) {
      for (const auto& name : per_article[id].of(type)) ++articles[{type, name}];
    }
  }
  std::vector<news::CorpusEntity> corpus;
  for (const auto& [entity, count] : articles) corpus.push_back({entity.first, entity.second, count, 0});
  news::CanonicalRules rules;
  rules.short_forms = [&r](const std::string& name) { return r.person_short_forms(name); };
  const auto aliases = news::EntityCanonicals::compute(corpus, gold.size(), rules);
  ArticleEntities found;
  for (auto& [id, entities] : per_article) {
    news::apply_entity_canonicals(entities, aliases);
    for (EntityType type : news::kEntityTypes) {
      for (const auto& name : entities.of(type)) found[id].insert({type, name});
    }
  }
  return found;
}

struct Score {
  int true_positives = 0;
  int predicted = 0;
  int expected = 0;
  double precision() const { return predicted ? double(true_positives) / predicted : 1.0; }
  double recall() const { return expected ? double(true_positives) / expected : 1.0; }
};

std::map<EntityType, Score> score(const ArticleEntities& gold, const ArticleEntities& found, const std::string& set_name) {
  std::map<EntityType, Score> scores;
  for (const auto& [id, expected] : gold) {
    const EntitySet& predicted = found.contains(id) ? found.at(id) : EntitySet{};
    for (const auto& e : predicted) {
      ++scores[e.first].predicted;
      if (expected.contains(e)) {
        ++scores[e.first].true_positives;
      } else {
        MESSAGE(set_name << " " << id << " false positive: " << news::to_string(e.first) << " " << e.second);
      }
    }
    for (const auto& e : expected) {
      ++scores[e.first].expected;
      if (!predicted.contains(e)) {
        MESSAGE(set_name << " " << id << " missed: " << news::to_string(e.first) << " " << e.second);
      }
    }
  }
  std::ostringstream table;
  table << "entity recognition on " << set_name << " (" << gold.size() << " articles)\n";
  for (EntityType type : news::kEntityTypes) {
    const Score& s = scores[type];
    char line[160];
    std::snprintf(line, sizeof line, "  %-6s  P %.3f (%d/%d)  R %.3f (%d/%d)\n", std::string(news::to_string(type)).c_str(),
                  s.precision(), s.true_positives, s.predicted, s.recall(), s.true_positives, s.expected);
    table << line;
  }
  std::cout << table.str();
  return scores;
}

}  // namespace

TEST_CASE("entities: precision and recall on the bundled articles") {
  const ArticleEntities gold = read_gold(std::string(NEWS_TEST_DATA_DIR) + "/entities_gold.tsv");
  REQUIRE(gold.size() == 5);
  auto scores = score(gold, recognise_set(NEWS_CORPUS_DIR, gold), "bundled corpus");
  CHECK(scores[EntityType::person].precision() >= 0.95);
  CHECK(scores[EntityType::person].recall() >= 0.95);
  CHECK(scores[EntityType::place].precision() >= 0.85);
  CHECK(scores[EntityType::place].recall() >= 0.85);
  CHECK(scores[EntityType::org].precision() >= 0.85);
  CHECK(scores[EntityType::org].recall() >= 0.85);
}

TEST_CASE("entities: precision and recall on Brown corpus newspaper samples") {
  const ArticleEntities gold = read_gold(std::string(NEWS_TEST_DATA_DIR) + "/entities_gold_brown.tsv");
  REQUIRE(gold.size() >= 5);
  auto scores = score(gold, recognise_set(std::string(NEWS_TEST_DATA_DIR) + "/brown", gold), "Brown samples");
  CHECK(scores[EntityType::person].precision() >= 0.85);
  CHECK(scores[EntityType::person].recall() >= 0.85);
}

// Run by hand: unit_tests -tc='*speed*' --no-skip. Set NEWS_BROWN_DIR to the
// folder of all Brown samples (default: the copies in tests/data/brown).
TEST_CASE("entities: recognition speed" * doctest::skip()) {
  const char* env = std::getenv("NEWS_BROWN_DIR");
  const std::string folder = env ? env : std::string(NEWS_TEST_DATA_DIR) + "/brown";
  std::vector<news::Article> articles;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".txt") continue;
    const std::string path = entry.path().string();
    articles.push_back(news::parse_plain_text(news::read_file(path), news::article_id_from_path(path), path));
  }
  const auto& r = recognizer();
  news::Analyser analyser;
  for (int warm = 0; warm < 2; ++warm) {
    for (const auto& a : articles) news::analyse_article(a, analyser, &r);
  }
  auto time = [&](const news::EntityRecognizer* rec, std::size_t& tokens) {
    tokens = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < 3; ++round) {
      for (const auto& a : articles) tokens += news::analyse_article(a, analyser, rec).tokens.size();
    }
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  };
  std::size_t tokens = 0;
  const double without = time(nullptr, tokens);
  const double with = time(&r, tokens);
  std::cout << articles.size() << " articles, " << tokens / 3 << " tokens: analyse " << without / tokens
            << " us/token, analyse+recognise " << with / tokens << " us/token, recognition "
            << (with - without) / tokens << " us/token, ratio " << with / without << "\n";
}

TEST_CASE("entities: a person of a place names the place") {
  const auto found = entities("Rep. Tazo Ormanbek of Varnaville spoke, as did Anna Kovac of Pelham Springs.");
  CHECK(has(found, "person:Tazo Ormanbek"));
  CHECK(has(found, "place:Varnaville"));
  CHECK(has(found, "person:Anna Kovac"));
  CHECK(has(found, "place:Pelham Springs"));
}

TEST_CASE("entities: a place by context: 'in X' and 'X, State'") {
  const auto found = entities("Schools in Varnaville closed. He taught at Ormanton, Texas, for years.");
  CHECK(has(found, "place:Varnaville"));
  CHECK(has(found, "place:Ormanton"));
  CHECK(has(found, "place:Texas"));
  CHECK_FALSE(has(entities("He stood in Criminal court."), "place:Criminal"));
}

TEST_CASE("entities: a person by apposition or 'the X administration'") {
  CHECK(has(entities("The fee was set by Tazo Ormanbek, a Varna lawyer."), "person:Tazo Ormanbek"));
  CHECK(has(entities("He distrusted the Ormanbek regime."), "person:Ormanbek"));
  CHECK_FALSE(has(entities("The bill went to the House, and the Senate agreed."), "person:House"));
}

TEST_CASE("entities: an acronym joins the organisation it abbreviates") {
  const auto found = entities("The Varna Education Agency objected. The VEA said it would sue.");
  CHECK(found == std::set<std::string>{"org:Varna Education Agency"});
}

TEST_CASE("entities: a shorter name joins the organisation named in full") {
  const auto found = entities("The State Highway Department agreed. A Highway Department source confirmed it.");
  CHECK(found == std::set<std::string>{"org:State Highway Department"});
}

TEST_CASE("entities: an X of Y organisation and a compass place") {
  CHECK(has(entities("He joined the Signal Corps of the U.S. Army."), "org:Signal Corps"));
  CHECK(has(entities("He joined the Signal Corps of the U.S. Army."), "org:United States Army"));
  CHECK(has(entities("They moved to East St. Louis."), "place:East St. Louis"));
  CHECK(entities("The City of Atlanta objected.") == std::set<std::string>{"place:Atlanta"});
  CHECK(has(entities("Officials of the Port of Varna Authority met."), "org:Port of Varna Authority"));
}

TEST_CASE("entities: abbreviations in the data need their full stop") {
  CHECK(has(entities("He was born in Opelika, Ala. in 1900."), "place:Alabama"));
  CHECK_FALSE(has(entities("Eligio De La Garza spoke."), "place:Louisiana"));
}

TEST_CASE("entities: a nickname in brackets or quotes is left out of the name") {
  CHECK(has(entities("Reps. V. E. (Red) Berry and Joe Ratcliff argued."), "person:V. E. Berry"));
  CHECK(has(entities("He met Eligio (Kika) Garza of Mission."), "person:Eligio Garza"));
  CHECK(has(entities("Speaker Thomas \"Tip\" O'Neill spoke."), "person:Thomas O'Neill"));
  CHECK(has(entities("Officials in Moscow (Russia) agreed."), "place:Moscow"));
}

TEST_CASE("entities: text in capitals or endless capitalised runs stay cheap and quiet") {
  const auto shouting = entities(
      "RUSSIA WARNS JAPAN OVER THE ISLANDS AS TENSIONS RISE AND TROOPS GATHER NEAR THE BORDER WHILE "
      "OFFICIALS SAY NOTHING MORE ABOUT THE TALKS THAT FAILED LAST WEEK IN MOSCOW.");
  for (const std::string& e : shouting) CHECK(e.rfind("org:", 0) != 0);
  std::string run;
  for (int i = 0; i < 3000; ++i) run += (i % 7 == 0 ? "Of " : "Varna Pelham Ormanbek ");
  const auto start = std::chrono::steady_clock::now();
  entities(run + "said.");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}
