// The entity model's training side (tools/ner): CoNLL files read and written
// back as text, gold labels moved onto our tokens, the scores ner_eval
// prints, and a tiny training run of each learner.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <fstream>
#include <string>
#include <vector>

#include "text/analyser.h"
#include "text/data_files.h"
#include "entities/entity_lexicon.h"
#include "entities/ner_features.h"
#include "entities/sequence_labeller.h"
#include "ner/conll.h"
#include "ner/learners.h"
#include "ner/span_scores.h"
#include "ner/synthetic.h"
#include "ner/training_set.h"

namespace {

using news::EntityType;
namespace ner = news::ner;

std::filesystem::path write_temp(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// "word TAG" pairs separated by spaces, one sentence.
ner::ConllSentence sentence(const std::vector<std::pair<std::string, std::string>>& words) {
  ner::ConllSentence s;
  for (const auto& [word, tag] : words) {
    s.words.push_back(word);
    s.labels.push_back(*news::label_from_name(tag));
  }
  return s;
}

ner::AnalysedDocument analyse(const std::vector<ner::ConllSentence>& sentences) {
  static news::Analyser analyser;
  return ner::analyse_document({sentences}, analyser);
}

std::vector<std::string> token_labels(const ner::AnalysedDocument& d) {
  std::vector<std::string> out;
  for (std::size_t t = 0; t < d.tokens.size(); ++t) {
    out.push_back(d.text.substr(d.tokens[t].begin, d.tokens[t].end - d.tokens[t].begin) + "/" +
                  std::string(news::label_name(d.labels[t])));
  }
  return out;
}

}  // namespace

TEST_CASE("ner training: CoNLL words are written back as text") {
  const auto text = ner::detokenise({"Shane", "Warne", "took", "five", "wickets", "at", "Lord", "'s", "."});
  CHECK(text.text == "Shane Warne took five wickets at Lord's.");
  REQUIRE(text.words.size() == 9);
  CHECK(text.text.substr(text.words[6].begin, text.words[6].size()) == "Lord");
  CHECK(ner::detokenise({"Al", "-", "Zaman", ":", "\"", "yes", "\"", "(", "@", "colgo", ")", "!!"}).text ==
        "Al-Zaman: \"yes\" (@colgo)!!");
  CHECK(ner::detokenise({"I", "do", "n't", "know", "-", "-", "5", "%"}).text == "I don't know - - 5%");
}

TEST_CASE("ner training: gold labels move onto our tokens by byte offsets") {
  const auto d = analyse({sentence({{"Shane", "B-PER"}, {"Warne", "I-PER"}, {"took", "O"}, {"five", "O"},
                                    {"wickets", "O"}, {"at", "O"}, {"Lord", "B-LOC"}, {"'s", "O"}, {".", "O"}})});
  CHECK(token_labels(d) == std::vector<std::string>{"Shane/B-PER", "Warne/I-PER", "took/O", "five/O", "wickets/O",
                                                    "at/O", "Lord's/B-LOC"});
  CHECK(d.entities == 2);
  CHECK(d.lost == 0);
  CHECK(d.shifted == 1);  // the token "Lord's" reaches past the entity "Lord"
  REQUIRE(d.gold.size() == 2);
  CHECK(d.gold[1].first_token == 6);
  CHECK(d.gold[1].end_token == 7);
  CHECK(d.gold[1].type == EntityType::place);
}

TEST_CASE("ner training: entities our tokens cannot carry are counted as lost") {
  // An entity that is only punctuation has no token of ours; one whose word
  // follows a glued "@" keeps it ("@YouTube" as one token or two).
  const auto d = analyse({sentence({{"(", "B-ORG"}, {"via", "O"}, {"@", "O"}, {"YouTube", "B-ORG"}, {")", "O"}})});
  CHECK(d.entities == 2);
  CHECK(d.lost == 1);
  REQUIRE(d.gold.size() == 2);
  CHECK(d.gold[0].lost());
  CHECK_FALSE(d.gold[1].lost());
  CHECK(d.labels[d.gold[1].first_token] == news::begin_label(EntityType::org));
}

TEST_CASE("ner training: a CoNLL file is read into documents, a bad line names its place") {
  const auto path = write_temp("ner-test.conll",
                               "-DOCSTART-\n\n@\tB-PER\ncolgo\tB-PER\nsaid\tO\n\nOk\tO\n\n-DOCSTART-\n\nParis\tB-LOC\n");
  const auto documents = ner::read_conll(path.string());
  REQUIRE(documents.size() == 2);
  CHECK(documents[0].sentences.size() == 2);
  // The Broad Twitter Corpus tags "@" and the handle as two entities: one here.
  CHECK(documents[0].sentences[0].labels[1] == news::inside_label(EntityType::person));
  CHECK(documents[1].sentences[0].words == std::vector<std::string>{"Paris"});
  const auto bad = write_temp("ner-bad.conll", "Paris\tB-LOC\nRome\tB-CITY\n");
  CHECK_THROWS_WITH(ner::read_conll(bad.string()), doctest::Contains((bad.string() + ":2: unknown tag B-CITY").c_str()));
  std::filesystem::remove(path);
  std::filesystem::remove(bad);
}

TEST_CASE("ner training: exact spans and the lenient document-level score") {
  const auto d = analyse({sentence({{"Shane", "B-PER"}, {"Warne", "I-PER"}, {"met", "O"}, {"Mark", "B-PER"},
                                    {"Taylor", "I-PER"}, {"in", "O"}, {"Sydney", "B-LOC"}, {".", "O"}}),
                          sentence({{"Warne", "B-PER"}, {"left", "O"}, {"Sydney", "B-LOC"}})});
  // Predicted: "Warne" alone (family name only), Sydney twice, and Taylor as a place.
  const std::vector<ner::PredictedSpan> predicted = {
      {1, 2, EntityType::person}, {6, 7, EntityType::place}, {7, 8, EntityType::person}, {9, 10, EntityType::place},
      {4, 5, EntityType::place}};
  const ner::Scores scores = ner::score_document(d, predicted);
  const auto person = static_cast<std::size_t>(EntityType::person), place = static_cast<std::size_t>(EntityType::place);
  CHECK(scores.exact[person].gold == 3);
  CHECK(scores.exact[person].correct == 1);  // the second "Warne"
  CHECK(scores.exact[person].predicted == 2);
  CHECK(scores.exact[place].correct == 2);
  CHECK(scores.exact[place].predicted == 3);
  // Document level: gold persons {shane warne, mark taylor, warne}, found by
  // family name: both Warnes by "warne"; Mark Taylor not (typed a place).
  CHECK(scores.lenient[person].gold == 3);
  CHECK(scores.lenient[person].found == 2);
  CHECK(scores.lenient[person].predicted == 1);
  CHECK(scores.lenient[person].correct == 1);
  CHECK(scores.lenient[place].gold == 1);
  CHECK(scores.lenient[place].predicted == 2);  // sydney, taylor
  CHECK(scores.lenient[place].correct == 1);
  CHECK(scores.exact_overall().gold == 5);
  CHECK(scores.lenient[person].f1() == doctest::Approx(2 * (1.0 * 2 / 3) / (1.0 + 2.0 / 3)));
}

TEST_CASE("ner training: made-up table, score and dateline lines carry the names they were built from") {
  const std::vector<ner::ConllDocument> source = {{{
      sentence({{"Katja", "B-PER"}, {"Seizinger", "I-PER"}, {"of", "O"}, {"Germany", "B-LOC"}, {"joined", "O"},
                {"Leeds", "B-ORG"}, {"United", "I-ORG"}, {"and", "O"}, {"@", "B-PER"}, {"x", "I-PER"}, {".", "O"}}),
  }}};
  const auto made_up = ner::synthetic_documents(source, 20, 7);
  REQUIRE(made_up.size() == 20);
  CHECK(ner::synthetic_documents(source, 20, 7).front().sentences.front().words == made_up.front().sentences.front().words);
  std::set<std::string> names;
  for (const auto& document : made_up) {
    for (const auto& line : document.sentences) {
      for (std::size_t w = 0; w < line.words.size(); ++w) {
        if (line.labels[w] == news::kOutside) continue;
        names.insert(std::string(news::label_name(line.labels[w])) + " " + line.words[w]);
      }
    }
  }
  // Only the source's names, with their types; "@ x" is no plain name; datelines write places in capitals.
  for (const std::string& name : names) {
    CHECK((name == "B-PER Katja" || name == "I-PER Seizinger" || name == "B-LOC Germany" || name == "B-LOC GERMANY" ||
           name == "B-ORG Leeds" || name == "I-ORG United"));
  }
  CHECK(names.contains("B-PER Katja"));
  CHECK(names.contains("B-ORG Leeds"));
  CHECK(ner::synthetic_documents({}, 5, 1).empty());
}

// A few dozen made-up sentences, a couple of epochs: each learner learns the
// pattern, and the same seed gives the same model bytes.
TEST_CASE("ner training: tiny training runs of both learners") {
  const std::vector<std::string> people = {"Varno Kessel", "Tazo Ormanbek", "Ilse Drummond", "Pavo Lindqvist",
                                           "Mira Tollen", "Anzo Berat", "Kiri Vasso", "Dane Ostrow"};
  const std::vector<std::string> places = {"Varnaville", "Ormanton", "Pelham", "Kestria", "Lindow", "Tarvik"};
  std::vector<ner::ConllSentence> sentences;
  for (std::size_t i = 0; i < 40; ++i) {
    const std::string& person = people[i % people.size()];
    const std::string& place = places[(i * 5) % places.size()];
    const std::size_t space = person.find(' ');
    sentences.push_back(sentence({{person.substr(0, space), "B-PER"}, {person.substr(space + 1), "I-PER"},
                                  {"arrived", "O"}, {"in", "O"}, {place, "B-LOC"}, {"today", "O"}, {".", "O"}}));
  }
  const news::EntityLexicon lexicon =
      news::EntityLexicon::load([](std::string_view file) { return news::find_data_file(file); });
  const news::NerFeatureExtractor extractor(lexicon);
  std::vector<ner::TrainingSequence> data;
  for (const auto& s : sentences) ner::add_sequences(analyse({s}), extractor, 12, data);
  REQUIRE(data.size() == 40);
  ner::LearnerOptions options;
  options.bits = 12;
  options.epochs = 3;
  int reports = 0;
  const auto perceptron = ner::train_perceptron(data, options, [&](int, const ner::LinearWeights&) { ++reports; });
  CHECK(reports == 3);
  CHECK(perceptron.to_model().to_bytes() == ner::train_perceptron(data, options, {}).to_model().to_bytes());
  options.seed = 2;
  CHECK(perceptron.to_model().to_bytes() != ner::train_perceptron(data, options, {}).to_model().to_bytes());
  options.crf_rate = 0.5;
  const auto crf = ner::train_crf(data, options, {});
  for (const ner::LinearWeights* weights : {&perceptron, &crf}) {
    CHECK(ner::span_counts(*weights, data).f1() == doctest::Approx(1.0));
    // An unseen name in the same frame.
    const news::SequenceLabeller labeller(weights->to_model(), lexicon);
    news::Analyser analyser;
    const std::string text = "Lisko Varant arrived in Kestria today.";
    const auto spans = labeller.label(text, analyser.tokens(text));
    REQUIRE(spans.size() == 2);
    CHECK(spans[0].type == EntityType::person);
    CHECK(spans[0].first_token == 0);
    CHECK(spans[0].end_token == 2);
    CHECK(spans[1].type == EntityType::place);
  }
}
