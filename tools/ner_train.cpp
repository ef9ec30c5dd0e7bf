// ner_train: trains the statistical entity model (data/ner-model.bin) from
// CoNLL files. Deterministic: the same data, options and seed give the same
// bytes. tools/train-ner.sh runs it on the shared data; docs/entities.md
// describes the model.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <random>

#include <fmt/format.h>

#include "text/byte_size.h"
#include "text/data_files.h"
#include "entities/entity_lexicon.h"
#include "entities/ner_features.h"
#include "output/cli.h"
#include "output/program_docs.h"
#include "ner/conll.h"
#include "ner/learners.h"
#include "ner/synthetic.h"
#include "ner/training_set.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Which sentences are written in capitals: a fixed-seed draw per sentence,
// so the model sees ALL-CAPS lines (headlines, datelines) the data lacks.
std::vector<std::vector<bool>> choose_upper_case(const std::vector<news::ner::ConllDocument>& documents,
                                                 double fraction, std::uint64_t seed) {
  std::mt19937_64 random(seed ^ 0xC0FFEEULL);
  std::vector<std::vector<bool>> upper(documents.size());
  for (std::size_t d = 0; d < documents.size(); ++d) {
    for (std::size_t s = 0; s < documents[d].sentences.size(); ++s) {
      // The top 53 bits as a fraction in [0, 1), the same on every platform.
      upper[d].push_back(static_cast<double>(random() >> 11) * 0x1.0p-53 < fraction);
    }
  }
  return upper;
}

struct TrainOptions {
  std::string train;
  std::string dev;
  std::string out;
  std::string learner = "perceptron";
  std::string docs_tsv;                  // which source each document comes from
  std::vector<std::string> drop_sources;
  double caps_fraction = 0.1;
  std::size_t synthetic = 0;  // made-up table, score and dateline documents added
  unsigned threads = 2;
  news::ner::LearnerOptions learn;
};

std::vector<news::ner::TrainingSequence> sequences_of(const std::vector<news::ner::AnalysedDocument>& documents,
                                                     const news::NerFeatureExtractor& extractor, std::uint32_t bits,
                                                     std::uint32_t& repaired) {
  std::vector<news::ner::TrainingSequence> sequences;
  for (const auto& document : documents) news::ner::add_sequences(document, extractor, bits, sequences, &repaired);
  return sequences;
}

// Drops the documents whose source (docs.tsv's third column, rows in file
// order for the training file's name) is listed.
void drop_sources(std::vector<news::ner::ConllDocument>& documents, const TrainOptions& options) {
  if (options.docs_tsv.empty()) throw std::runtime_error("--drop-source needs --docs");
  const std::string file = std::filesystem::path(options.train).filename().string();
  std::vector<std::string> sources;
  const std::string table = news::read_file(options.docs_tsv);
  for (const auto& line : news::data_lines(table)) {
    const std::string row(line.text);
    const std::size_t a = row.find('\t'), b = row.find('\t', a + 1), c = row.find('\t', b + 1);
    if (row.compare(0, a, file) == 0) sources.push_back(row.substr(b + 1, c - b - 1));
  }
  if (sources.size() != documents.size()) {
    throw std::runtime_error(options.docs_tsv + ": " + std::to_string(sources.size()) + " rows for " + file + ", which has " +
                             std::to_string(documents.size()) + " documents");
  }
  std::vector<news::ner::ConllDocument> kept;
  for (std::size_t d = 0; d < documents.size(); ++d) {
    const bool drop = std::any_of(options.drop_sources.begin(), options.drop_sources.end(),
                                  [&](const std::string& s) { return sources[d].rfind(s, 0) == 0; });
    if (!drop) kept.push_back(std::move(documents[d]));
  }
  documents = std::move(kept);
}

int train(const TrainOptions& options) {
  const auto start = Clock::now();
  const news::EntityLexicon lexicon =
      news::EntityLexicon::load([](std::string_view file) { return news::find_data_file(file); });
  const news::NerFeatureExtractor extractor(lexicon);

  auto train_documents = news::ner::read_conll(options.train);
  if (!options.drop_sources.empty()) drop_sources(train_documents, options);
  if (options.synthetic) {
    auto made_up = news::ner::synthetic_documents(train_documents, options.synthetic, options.learn.seed);
    std::move(made_up.begin(), made_up.end(), std::back_inserter(train_documents));
  }
  const auto upper = choose_upper_case(train_documents, options.caps_fraction, options.learn.seed);
  const auto analysed = news::ner::analyse_documents(train_documents, upper, options.threads);
  std::uint64_t entities = 0, lost = 0, shifted = 0, tokens = 0, upper_sentences = 0;
  for (const auto& d : analysed) {
    entities += d.entities;
    lost += d.lost;
    shifted += d.shifted;
    tokens += d.tokens.size();
  }
  for (const auto& u : upper) upper_sentences += static_cast<std::uint64_t>(std::count(u.begin(), u.end(), true));
  std::uint32_t repaired = 0;
  const auto data = sequences_of(analysed, extractor, options.learn.bits, repaired);
  std::cerr << fmt::format("ner_train: {} documents, {} sentences ({} in capitals), {} tokens; {} entities, {} lost in "
                           "alignment, {} reaching past their words, {} cut by a sentence break; features in {:.1f} s\n",
                           train_documents.size(), data.size(), upper_sentences, tokens, entities, lost, shifted,
                           repaired, seconds_since(start));

  std::vector<news::ner::TrainingSequence> dev;
  if (!options.dev.empty()) {
    const auto dev_documents = news::ner::analyse_documents(news::ner::read_conll(options.dev), {}, options.threads);
    std::uint32_t dev_repaired = 0;
    dev = sequences_of(dev_documents, extractor, options.learn.bits, dev_repaired);
  }
  std::vector<std::string> epoch_lines;
  auto report = [&](int epoch, const news::ner::LinearWeights& weights) {
    std::string line = fmt::format("epoch {:>2}  {:6.1f} s", epoch, seconds_since(start));
    if (!dev.empty()) line += fmt::format("  dev exact-span F1 {:.4f}", news::ner::span_counts(weights, dev).f1());
    std::cerr << "ner_train: " << line << "\n";
    epoch_lines.push_back(line);
  };
  const news::ner::LinearWeights weights = options.learner == "crf"
                                               ? news::ner::train_crf(data, options.learn, report)
                                               : news::ner::train_perceptron(data, options.learn, report);
  const std::string bytes = weights.to_model().to_bytes();
  std::ofstream out(options.out, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error(options.out + ": cannot write the model");

  std::cout << fmt::format(
      "learner {}, {} epochs, seed {}, 2^{} feature rows, {:.0f}% of sentences in capitals, {} made-up documents\n",
      options.learner, options.learn.epochs, options.learn.seed, options.learn.bits, options.caps_fraction * 100,
      options.synthetic);
  std::cout << fmt::format("training data: {} sentences, {} tokens, {} entities ({} lost in alignment)\n", data.size(),
                           tokens, entities, lost);
  for (const std::string& line : epoch_lines) std::cout << line << "\n";
  std::cout << fmt::format("model: {} ({}), trained in {:.1f} s\n", options.out, news::format_bytes(bytes.size()),
                           seconds_since(start));
  return news::kExitOk;
}

const news::ProgramDoc kDoc{
    "ner_train",
    "Train the statistical entity model from CoNLL files (see docs/entities.md).",
    "Reads hand-annotated CoNLL data (WORD<TAB>BIO-TAG lines), writes each sentence back as text, analyses it "
    "with newssearch's analyser, moves the gold labels onto its tokens, and learns a linear-chain model over the "
    "labeller's features. Deterministic: the same data, options and seed give the same model bytes. "
    "tools/train-ner.sh runs it with the shipped settings.\n\n"
    "Progress goes to standard error, the training report to standard output.",
    {{"0", "the model was written"}, {"2", "bad data, bad options, or the model could not be written"}},
    {{"tools/train-ner.sh", "retrain data/ner-model.bin with the shipped settings"},
     {"ner_train --train train.conll --dev dev.conll --out model.bin --learner crf", "try the CRF learner"}}};

}  // namespace

int main(int argc, char** argv) {
  news::Program program(kDoc);
  CLI::App& app = program.app();
  TrainOptions options;
  app.add_option("--train", options.train, "training data, CoNLL: WORD<TAB>BIO-TAG lines")->required()->type_name("FILE");
  app.add_option("--dev", options.dev, "development data, CoNLL: its exact-span F1 is printed after each epoch")
      ->type_name("FILE");
  app.add_option("--out", options.out, "where to write the model")->required()->type_name("FILE");
  app.add_option("--docs", options.docs_tsv, "docs.tsv of the data: the source of each document")->type_name("FILE");
  app.add_option("--drop-source", options.drop_sources, "leave out documents whose source starts with this (repeatable)");
  app.add_option("--learner", options.learner, "perceptron (averaged, structured) or crf (SGD)")
      ->check(CLI::IsMember({"perceptron", "crf"}));
  app.add_option("--epochs", options.learn.epochs, "passes over the training data")->check(news::whole_number(1, 100));
  app.add_option("--bits", options.learn.bits, "feature table of 2^BITS rows of 16 bytes")->check(news::whole_number(8, 24));
  app.add_option("--seed", options.learn.seed, "seed of the shuffles and of the ALL-CAPS draw");
  app.add_option("--caps-fraction", options.caps_fraction, "share of training sentences written in capitals")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--synthetic", options.synthetic,
                 "add N made-up documents of results tables, standings, scores and datelines filled with the "
                 "training data's names");
  app.add_option("--threads", options.threads, "threads for analysing the data (training itself uses one)")
      ->check(news::whole_number(1, 64));
  app.add_option("--crf-rate", options.learn.crf_rate, "crf: initial learning rate");
  return program.run(argc, argv, [&] { return train(options); });
}
