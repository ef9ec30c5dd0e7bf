// The statistical entity labeller: its features, the BIO decoder, the model
// file format, and the shipped model on sentences the rules cannot read.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyser.h"
#include "text/data_files.h"
#include "ingest/article.h"
#include "entities/entities.h"
#include "entities/sequence_labeller.h"
#include "index/document_builder.h"

namespace {

std::vector<news::Article> brown_articles() {
  const char* env = std::getenv("NEWS_BROWN_DIR");
  const std::string folder = env ? env : std::string(NEWS_TEST_DATA_DIR) + "/brown";
  std::vector<news::Article> articles;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".txt") continue;
    const std::string path = entry.path().string();
    articles.push_back(news::parse_plain_text(news::read_file(path), news::article_id_from_path(path), path));
  }
  return articles;
}

}  // namespace

// Run by hand: unit_tests -tc='*labelling speed*' --no-skip. Set
// NEWS_BROWN_DIR to the folder of all Brown samples (default: the copies in
// tests/data/brown), NEWS_CORPUS_DIR for another folder of articles.
TEST_CASE("sequence labeller: labelling speed" * doctest::skip()) {
  const news::SequenceLabeller& labeller = news::SequenceLabeller::standard();
  const news::EntityRecognizer& rules = news::EntityRecognizer::standard();
  news::Analyser analyser;
  std::vector<news::AnalysedArticle> analysed;
  for (const news::Article& a : brown_articles()) analysed.push_back(news::analyse_article(a, analyser, nullptr));
  using Clock = std::chrono::steady_clock;
  auto micros = [](Clock::time_point start) { return std::chrono::duration<double, std::micro>(Clock::now() - start).count(); };
  std::size_t tokens = 0, spans = 0;
  for (const auto& a : analysed) tokens += a.tokens.size();
  double best_index = 1e300, best_rules = 1e300, best_model = 1e300;
  for (int round = 0; round < 3; ++round) {
    auto start = Clock::now();
    for (const auto& a : analysed) news::analyse_article(a.article, analyser, &rules);
    for (const auto& a : analysed) news::build_document(a, analyser);
    best_index = std::min(best_index, micros(start));
    start = Clock::now();
    for (const auto& a : analysed) rules.recognise(a.article.text, a.tokens);
    best_rules = std::min(best_rules, micros(start));
    start = Clock::now();
    spans = 0;
    for (const auto& a : analysed) spans += labeller.label(a.article.text, a.tokens).size();
    best_model = std::min(best_model, micros(start));
  }
  std::cout << analysed.size() << " articles, " << tokens << " tokens, " << spans << " model spans: analyse+rules+"
            << "build_document " << best_index / tokens << " us/token, rules " << best_rules / tokens
            << " us/token, model " << best_model / tokens << " us/token (+" << 100 * best_model / best_index
            << "% of analyse+rules+build_document)\n";
}

namespace {

const news::SequenceLabeller& labeller() { return news::SequenceLabeller::standard(); }
const news::NerFeatureExtractor& extractor() { return labeller().features(); }

struct Labelled {
  std::string type;
  std::string text;
  bool operator==(const Labelled&) const = default;
};

std::vector<Labelled> label(const std::string& text) {
  news::Analyser analyser;
  const std::vector<news::Token> tokens = analyser.tokens(text);
  std::vector<Labelled> out;
  for (const news::LabelledSpan& span : labeller().label(text, tokens)) {
    const std::uint32_t begin = tokens[span.first_token].begin, end = tokens[span.end_token - 1].end;
    out.push_back({std::string(news::to_string(span.type)), text.substr(begin, end - begin)});
  }
  return out;
}

bool has(const std::vector<Labelled>& found, const std::string& type, const std::string& text) {
  return std::find(found.begin(), found.end(), Labelled{type, text}) != found.end();
}

// The facts of every token of `text`, analysed as one range.
// The facts point into `text`: a view, so that a literal outlives them (a
// std::string parameter was a temporary, freed before the checks; ASan).
std::vector<news::TokenFacts> facts_of(std::string_view text, std::vector<news::Token>& tokens) {
  static news::Analyser analyser;
  tokens = analyser.tokens(text);
  return extractor().facts(text, tokens, 0, static_cast<std::uint32_t>(tokens.size()));
}

std::size_t index_of(const std::vector<news::Token>& tokens, const std::string& term) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].term == term) return i;
  }
  FAIL("no token " << term);
  return 0;
}

}  // namespace

TEST_CASE("sequence labeller: word shapes and cases") {
  CHECK(news::word_shape("Shane") == "Xx");
  CHECK(news::word_shape("McDonald") == "XxXx");
  CHECK(news::word_shape("1996-12-06") == "d-d-d");
  CHECK(news::word_shape("U.S.") == "X.X.");
  CHECK(news::word_shape("Zürich") == "Xx");
  CHECK(news::word_case("Shane") == news::WordCase::capitalised);
  CHECK(news::word_case("NATO") == news::WordCase::upper);
  CHECK(news::word_case("iPhone") == news::WordCase::mixed);
  CHECK(news::word_case("wickets") == news::WordCase::lower);
  CHECK(news::word_case("1996") == news::WordCase::none);
  CHECK(news::word_case("É") == news::WordCase::capitalised);
}

TEST_CASE("sequence labeller: gazetteer, title and word-list facts") {
  std::vector<news::Token> tokens;
  const auto facts = facts_of("Prime Minister Tony Blair said on Monday that New York's mayor had resigned.", tokens);
  const auto prime = index_of(tokens, "prime"), tony = index_of(tokens, "tony"), blair = index_of(tokens, "blair");
  CHECK(facts[prime].title_word);
  CHECK(facts[index_of(tokens, "minister")].title_word);
  CHECK(facts[tony].after_title);
  CHECK(facts[tony].given_name);
  CHECK_FALSE(facts[blair].given_name);
  CHECK(facts[blair].speech_verb_after);
  CHECK(facts[index_of(tokens, "monday")].never_name);
  const auto york = index_of(tokens, "york");
  CHECK(facts[york - 1].known == news::KnownTag::begin);
  CHECK(facts[york].known == news::KnownTag::inside);
  CHECK(facts[york].known_type == news::EntityType::place);
  CHECK(facts[york].known_cased);
  CHECK(facts[york].possessive);
  CHECK(facts[york].word == "York");
  CHECK(facts[prime].position == 0);
  CHECK(facts[tony].position == 2);
  CHECK(facts.back().sentence_end);
  // Written in lower case, a known name is still known, but not as written.
  const auto lower = facts_of("we flew to new york", tokens);
  CHECK(lower[index_of(tokens, "york")].known == news::KnownTag::inside);
  CHECK_FALSE(lower[index_of(tokens, "york")].known_cased);
}

TEST_CASE("sequence labeller: punctuation around a token") {
  std::vector<news::Token> tokens;
  const auto facts = facts_of("Warne, who (he said) \"won\" it.", tokens);
  CHECK(facts[index_of(tokens, "warne")].before == '\n');
  CHECK(facts[index_of(tokens, "warne")].after == ',');
  CHECK(facts[index_of(tokens, "he")].before == '(');
  CHECK(facts[index_of(tokens, "said")].after == ')');
  CHECK(facts[index_of(tokens, "won")].before == '"');
  CHECK(facts[index_of(tokens, "it")].after == '.');
}

TEST_CASE("sequence labeller: ALL-CAPS lines and table rows") {
  std::vector<news::Token> tokens;
  const std::string text =
      "SKIING - GOETSCHL WINS DOWNHILL IN VAIL\nRenate Goetschl of Austria won.\n"
      "1. Renate Goetschl (Austria) 1:23.45\n2. Katja Seizinger (Germany) 1:23.90";
  const auto facts = facts_of(text, tokens);
  const auto caps = index_of(tokens, "goetschl");
  CHECK(facts[caps].line == news::LineKind::all_caps);
  CHECK(facts[caps].shape == "x");  // case-blind: capitals say nothing on such a line
  CHECK(facts[caps].capitalised_elsewhere);  // "Renate Goetschl" in the next line
  const auto prose = index_of(tokens, "renate") + 1;
  CHECK(facts[prose].line == news::LineKind::prose);
  CHECK(facts[prose].shape == "Xx");
  CHECK(facts[index_of(tokens, "seizinger")].line == news::LineKind::table);
  CHECK(facts[index_of(tokens, "won")].line == news::LineKind::prose);
  // One short capitalised word is not an ALL-CAPS line.
  CHECK(facts_of("NATO met.", tokens)[0].line == news::LineKind::prose);
}

TEST_CASE("sequence labeller: features are the same for the same text, and depend on context") {
  news::Analyser analyser;
  auto features_of = [&](const std::string& text, std::vector<std::uint32_t>& offsets) {
    const auto tokens = analyser.tokens(text);
    std::vector<std::uint64_t> features;
    extractor().features(text, tokens, 0, static_cast<std::uint32_t>(tokens.size()), features, offsets);
    return features;
  };
  std::vector<std::uint32_t> offsets_a, offsets_b, offsets_c;
  const auto a = features_of("Shane Warne took five wickets.", offsets_a);
  const auto b = features_of("Shane Warne took five wickets.", offsets_b);
  const auto c = features_of("Shane Warne took six wickets.", offsets_c);
  CHECK(a == b);
  CHECK(offsets_a == offsets_b);
  REQUIRE(offsets_a.size() == 6);
  CHECK(offsets_a.front() == 0);
  CHECK(offsets_a.back() == a.size());
  // "Warne" sees "five" two words on, so its features change with it; "Shane" sees only "Warne" and "took".
  auto token_features = [](const std::vector<std::uint64_t>& f, const std::vector<std::uint32_t>& o, std::size_t t) {
    return std::vector<std::uint64_t>(f.begin() + o[t], f.begin() + o[t + 1]);
  };
  CHECK(token_features(a, offsets_a, 0) == token_features(c, offsets_c, 0));
  CHECK(token_features(a, offsets_a, 1) != token_features(c, offsets_c, 1));
}

TEST_CASE("sequence labeller: a needed token's features do not depend on which other tokens are needed") {
  // The labeller asks only for some sentences' features; the facts of the
  // others are left out, which must not change the features it gets.
  const std::string text =
      "WARNE TAKES FIVE\nSYDNEY 1996-12-06\nShane Warne took five wickets. Prime Minister Mr. Howard said Warne's "
      "bowling was great.\nPerth 3 1 2\nBrisbane 4 0 1\nHe said the deal was off. Warne met Ministry of Defence "
      "officials in London on Monday, and Howard said so.\nSmith Jr. of Acme Inc said warne was fine.";
  news::Analyser analyser;
  const auto tokens = analyser.tokens(text);
  const auto n = static_cast<std::uint32_t>(tokens.size());
  std::vector<std::uint64_t> all;
  std::vector<std::uint32_t> all_offsets;
  extractor().features(text, tokens, 0, n, all, all_offsets);
  std::uint32_t sentence = 0;
  std::vector<bool> odd_sentences(n), one_token(n, false), none(n, false);
  for (std::uint32_t i = 0; i < n; ++i) {
    sentence += i > 0 && (tokens[i].sentence_start || tokens[i].paragraph_start);
    odd_sentences[i] = sentence % 2 == 1;
  }
  REQUIRE(sentence >= 3);
  one_token[index_of(tokens, "ministry")] = true;
  for (const std::vector<bool>& needed : {odd_sentences, std::vector<bool>(n, true), one_token, none}) {
    std::vector<std::uint64_t> some;
    std::vector<std::uint32_t> offsets;
    extractor().features(text, tokens, 0, n, some, offsets, &needed);
    REQUIRE(offsets.size() == n + 1);
    for (std::uint32_t i = 0; i < n; ++i) {
      CAPTURE(tokens[i].term);
      if (!needed[i]) {
        CHECK(offsets[i + 1] == offsets[i]);
        continue;
      }
      CHECK(std::vector<std::uint64_t>(some.begin() + offsets[i], some.begin() + offsets[i + 1]) ==
            std::vector<std::uint64_t>(all.begin() + all_offsets[i], all.begin() + all_offsets[i + 1]));
    }
  }
}

TEST_CASE("sequence labeller: decoding keeps BIO well-formed") {
  using news::EntityType;
  // Scores that prefer I-PER on the first token and I-LOC after a B-PER.
  std::vector<float> emissions(3 * news::kLabelStride, 0.0F);
  emissions[0 * news::kLabelStride + news::inside_label(EntityType::person)] = 5;
  emissions[0 * news::kLabelStride + news::begin_label(EntityType::person)] = 4;
  emissions[1 * news::kLabelStride + news::inside_label(EntityType::place)] = 5;
  emissions[1 * news::kLabelStride + news::inside_label(EntityType::person)] = 3;
  news::Transitions transitions{};
  std::vector<news::BioLabel> labels(3);
  std::vector<float> margins(3);
  news::best_labels(emissions.data(), 3, transitions, labels.data(), margins.data());
  CHECK(labels[0] == news::begin_label(EntityType::person));
  CHECK(labels[1] == news::inside_label(EntityType::person));
  CHECK(labels[2] == news::kOutside);
  // The best labelling scores 4 + 3. With O on token 0, I-LOC and I-PER
  // cannot follow: 0, a margin of 7. With O on token 1: B-PER O O, 4, a margin of 3.
  CHECK(margins[0] == doctest::Approx(7));
  CHECK(margins[1] == doctest::Approx(3));
  CHECK(margins[2] == doctest::Approx(0));
  const auto spans = news::spans_of_labels(labels, &margins);
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].first_token == 0);
  CHECK(spans[0].end_token == 2);
  CHECK(spans[0].type == EntityType::person);
  CHECK(spans[0].margin == doctest::Approx(3));  // the span's least sure token
}

TEST_CASE("sequence labeller: the model file round-trips and bad files are refused in one line") {
  std::vector<float> weights((1u << 8) * news::kLabelStride, 0.0F);
  weights[3 * news::kLabelStride + 1] = 2.5F;
  weights[7 * news::kLabelStride + 4] = -1.25F;
  news::Transitions transitions{};
  transitions[news::kSentenceStart * news::kLabelStride + 1] = 0.5F;
  const std::string bytes = news::SequenceModel(8, weights, transitions).to_bytes();
  const news::SequenceModel model = news::SequenceModel::from_bytes(bytes, "m.bin");
  CHECK(model.bucket_bits() == 8);
  CHECK(model.weight(3, 1) == doctest::Approx(2.5).epsilon(0.001));
  CHECK(model.weight(7, 4) == doctest::Approx(-1.25).epsilon(0.001));
  CHECK(model.transitions()[news::kSentenceStart * news::kLabelStride + 1] == 0.5F);

  auto refusal = [](const std::string& b) {
    try {
      news::SequenceModel::from_bytes(b, "m.bin");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  auto patched = [&](std::size_t offset, char value) {
    std::string b = bytes;
    b[offset] = value;
    return b;
  };
  const std::string magic = refusal(patched(0, 'X'));
  CHECK(magic == "m.bin: not a newssearch entity model (bad magic number)");
  CHECK(refusal(patched(8, 9)).find("m.bin: entity model format version 9, this program reads 1") == 0);
  CHECK(refusal(patched(12, 99)).find("features version 99") != std::string::npos);
  CHECK(refusal(bytes.substr(0, bytes.size() - 1)).find("m.bin: truncated entity model") == 0);
  CHECK(refusal(bytes.substr(0, 100)).find("m.bin: truncated entity model") == 0);
  CHECK(refusal(patched(bytes.size() - 2, 1)).find("checksum") != std::string::npos);
  CHECK(refusal("").find("bad magic") != std::string::npos);
  for (const std::string& message : {magic, refusal(patched(8, 9)), refusal(bytes.substr(0, 100))}) {
    CHECK(message.find('\n') == std::string::npos);
  }
  const auto missing = std::filesystem::temp_directory_path() / "no-such-ner-model.bin";
  CHECK_THROWS_WITH(news::SequenceModel::load(missing.string()),
                    doctest::Contains((missing.string() + ": cannot open entity model").c_str()));
}

TEST_CASE("sequence labeller: the shipped model loads quickly and is small") {
  const std::string path = news::find_data_file("ner-model.bin");
  CHECK(std::filesystem::file_size(path) <= 30u * 1024 * 1024);
  const auto start = std::chrono::steady_clock::now();
  const news::SequenceModel model = news::SequenceModel::load(path);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("model " << std::filesystem::file_size(path) << " bytes loaded in " << ms << " ms");
  CHECK(ms < 250);  // 50 ms is the target (docs/entities.md); the margin is for loaded test machines
  // The labeller also indexes the lexicon's word lists once (the lexicon
  // itself is the rules'; standard() loads a copy of its own).
  const auto lexicon_start = std::chrono::steady_clock::now();
  const news::EntityLexicon lexicon =
      news::EntityLexicon::load([](std::string_view file) { return news::find_data_file(file); });
  const auto built = std::chrono::steady_clock::now();
  MESSAGE("lexicon loaded in " << std::chrono::duration<double, std::milli>(built - lexicon_start).count() << " ms");
  const news::SequenceLabeller labeller(model, lexicon);
  MESSAGE("labeller built from a loaded model and lexicon in "
          << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - built).count() << " ms");
  CHECK(labeller.model().bucket_bits() == 18);
}

// Sentences the rules read wrongly or not at all (no known given name, no
// title, a club named after a city); the shipped model, trained by
// tools/train-ner.sh, reads them right.
TEST_CASE("sequence labeller: the shipped model finds what the rules cannot") {
  const auto warne = label("Shane Warne took five wickets at Lord's.");
  CHECK(has(warne, "person", "Shane Warne"));
  CHECK(has(label("Warne said he would play for Victoria next season."), "person", "Warne"));
  const auto zola = label("Gianfranco Zola scored twice for Chelsea against Arsenal.");
  CHECK(has(zola, "person", "Gianfranco Zola"));
  CHECK(has(zola, "org", "Arsenal"));
  const auto madrid = label("Sheffield Wednesday beat Real Madrid 2-1 in Barcelona.");
  CHECK(has(madrid, "org", "Real Madrid"));
  CHECK(has(madrid, "place", "Barcelona"));
  const auto bush = label("Tony Blair met George W. Bush at Camp David.");
  CHECK(has(bush, "person", "Tony Blair"));
  CHECK(has(bush, "person", "George W. Bush"));
  CHECK(has(bush, "place", "Camp David"));
  CHECK(label("The shares fell sharply on Tuesday after the results.").empty());
}

// The recogniser asks the model only about the capitals its rules left
// unexplained: the model reads a couple of words around each, not the rest of
// the sentence, and what it reads there is what whole-sentence labelling says.
TEST_CASE("sequence labeller: with unexplained tokens it labels only the words around them") {
  const std::string text = "Gianfranco Zola scored twice for the club in the match against Arsenal yesterday.";
  news::Analyser analyser;
  const std::vector<news::Token> tokens = analyser.tokens(text);
  const std::vector<news::BioLabel> whole = labeller().token_labels(text, tokens);
  std::vector<bool> unexplained(tokens.size(), false);
  const auto arsenal = static_cast<std::size_t>(
      std::find_if(tokens.begin(), tokens.end(), [](const news::Token& t) { return t.term == "arsenal"; }) - tokens.begin());
  REQUIRE(arsenal < tokens.size());
  REQUIRE(whole[0] != news::kOutside);        // the model reads Zola when asked about him
  REQUIRE(whole[arsenal] != news::kOutside);  // and Arsenal
  unexplained[arsenal] = true;
  const std::vector<news::BioLabel> near = labeller().token_labels(text, tokens, nullptr, &unexplained);
  CHECK(near[arsenal] == whole[arsenal]);
  CHECK(near[0] == news::kOutside);  // ten words away: not read
  CHECK(near[1] == news::kOutside);
  unexplained[0] = unexplained[1] = true;
  const std::vector<news::BioLabel> both = labeller().token_labels(text, tokens, nullptr, &unexplained);
  CHECK(both[0] == whole[0]);
  CHECK(both[1] == whole[1]);
  CHECK(both[arsenal] == whole[arsenal]);
}

// Results tables are not in the training data; the made-up rows the trainer
// adds (tools/ner/synthetic.h) teach the model to read names between numbers.
TEST_CASE("sequence labeller: the shipped model reads names in a results table") {
  const auto table = label(
      "Downhill results\n\n1. Renate Goetschl (Austria) 1:23.45\n2. Katja Seizinger (Germany) 1:23.90\n"
      "3. Hilde Gerg (Germany) 1:24.01");
  CHECK(has(table, "person", "Renate Goetschl"));
  CHECK(has(table, "person", "Katja Seizinger"));
  CHECK(has(table, "person", "Hilde Gerg"));
  CHECK(has(table, "place", "Austria"));
  CHECK(std::count(table.begin(), table.end(), Labelled{"place", "Germany"}) == 2);
}
