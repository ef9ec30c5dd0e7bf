// ner_dlib_experiment: the learner comparison's third entry, dlib's
// structural SVM for sequence labelling (structural_sequence_labeling_trainer,
// Debian libdlib-dev) on the same features, written as a model ner_eval
// scores like the others. Built only with -DNEWS_NER_DLIB=ON; not shipped
// (see docs/entities.md for why the perceptron won).
#include <chrono>
#include <fstream>
#include <iostream>

#include <dlib/svm_threaded.h>

#include "text/data_files.h"
#include "entities/entity_lexicon.h"
#include "entities/ner_features.h"
#include "output/cli.h"
#include "output/program_docs.h"
#include "ner/conll.h"
#include "ner/training_set.h"

namespace {

struct TokenFeatures {
  const std::uint32_t* begin;
  const std::uint32_t* end;
};
using Sentence = std::vector<TokenFeatures>;

// Emission weights bucket * 7 + label, then transitions previous * 7 + label,
// then the start-of-sentence weights of each label.
class HashedFeatures {
 public:
  using sequence_type = Sentence;
  explicit HashedFeatures(std::uint32_t bits = 16) : buckets_(1UL << bits) {}
  unsigned long num_features() const { return buckets_ * news::kBioLabels + news::kBioLabels * (news::kBioLabels + 1); }
  unsigned long order() const { return 1; }
  unsigned long num_labels() const { return news::kBioLabels; }
  template <typename EXP>
  bool reject_labeling(const sequence_type&, const dlib::matrix_exp<EXP>& y, unsigned long) const {
    const auto previous = static_cast<news::BioLabel>(y.size() > 1 ? y(1) : news::kSentenceStart);
    return !news::allowed_transition(previous, static_cast<news::BioLabel>(y(0)));
  }
  template <typename feature_setter, typename EXP>
  void get_features(feature_setter& set_feature, const sequence_type& x, const dlib::matrix_exp<EXP>& y,
                    unsigned long position) const {
    const unsigned long label = y(0);
    for (const std::uint32_t* f = x[position].begin; f != x[position].end; ++f) set_feature(*f * news::kBioLabels + label);
    const unsigned long previous = y.size() > 1 ? y(1) : news::kSentenceStart;
    set_feature(buckets_ * news::kBioLabels + previous * news::kBioLabels + label);
  }
  unsigned long buckets_;
};


const news::ProgramDoc kDoc{
    "ner_dlib_experiment",
    "Train dlib's structural SVM sequence labeller on the entity features (an experiment).",
    "The learner comparison's dlib entry (docs/entities.md): the same features as ner_train, written as a model "
    "ner_eval scores like the others.",
    {{"0", "the model was written"}, {"2", "failure"}},
    {}};

}  // namespace

int main(int argc, char** argv) {
  news::Program program(kDoc);
  CLI::App& app = program.app();
  std::string train, out;
  std::uint32_t bits = 16;
  double c = 10;
  unsigned iterations = 200;
  app.add_option("--train", train, "training data, CoNLL")->required();
  app.add_option("--out", out, "where to write the model")->required();
  app.add_option("--bits", bits, "feature table of 2^BITS rows")->check(news::whole_number(8, 20));
  app.add_option("-C", c, "structural SVM C");
  app.add_option("--max-iterations", iterations, "cutting-plane iterations at most");
  return program.run(argc, argv, [&] {
    const auto start = std::chrono::steady_clock::now();
    const news::EntityLexicon lexicon =
        news::EntityLexicon::load([](std::string_view file) { return news::find_data_file(file); });
    const news::NerFeatureExtractor extractor(lexicon);
    const auto documents = news::ner::read_conll(train);
    std::vector<std::vector<bool>> upper;  // the shipped 20% ALL-CAPS draw is ner_train's; none here
    const auto analysed = news::ner::analyse_documents(documents, upper, 2);
    std::vector<news::ner::TrainingSequence> data;
    for (const auto& d : analysed) news::ner::add_sequences(d, extractor, bits, data);
    std::vector<Sentence> samples;
    std::vector<std::vector<unsigned long>> labels;
    for (const auto& s : data) {
      Sentence sentence;
      for (std::size_t t = 0; t + 1 < s.offsets.size(); ++t) {
        sentence.push_back({s.buckets.data() + s.offsets[t], s.buckets.data() + s.offsets[t + 1]});
      }
      samples.push_back(std::move(sentence));
      labels.emplace_back(s.gold.begin(), s.gold.end());
    }
    dlib::structural_sequence_labeling_trainer<HashedFeatures> trainer{HashedFeatures(bits)};
    trainer.set_c(c);
    trainer.set_num_threads(2);
    trainer.set_max_iterations(iterations);
    trainer.be_verbose();
    const auto labeller = trainer.train(samples, labels);
    const auto& w = labeller.get_weights();
    news::ner::LinearWeights weights(bits);
    const std::size_t buckets = std::size_t{1} << bits;
    for (std::size_t b = 0; b < buckets; ++b) {
      for (std::uint32_t y = 0; y < news::kBioLabels; ++y) {
        weights.weights[b * news::kLabelStride + y] = static_cast<float>(w(b * news::kBioLabels + y));
      }
    }
    for (std::uint32_t p = 0; p <= news::kBioLabels; ++p) {
      for (std::uint32_t y = 0; y < news::kBioLabels; ++y) {
        weights.transitions[p * news::kLabelStride + y] = static_cast<float>(w(buckets * news::kBioLabels + p * news::kBioLabels + y));
      }
    }
    const std::string bytes = weights.to_model().to_bytes();
    std::ofstream(out, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::cout << "dlib structural SVM, C " << c << ", 2^" << bits << " rows: trained in "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
    return news::kExitOk;
  });
}
