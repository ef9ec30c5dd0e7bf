// ner_eval: scores entity recognition on a CoNLL file: the statistical model,
// the rule recogniser, or both combined, on the same analysed text, exact
// spans and the lenient document-level score per type (see docs/entities.md).
#include <charconv>
#include <chrono>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "text/data_files.h"
#include "entities/entities.h"
#include "entities/entity_lexicon.h"
#include "entities/sequence_labeller.h"
#include "output/cli.h"
#include "output/program_docs.h"
#include "ner/conll.h"
#include "ner/span_scores.h"
#include "ner/synthetic.h"

namespace {

using news::ner::PredictedSpan;
using Clock = std::chrono::steady_clock;

struct EvalOptions {
  std::string conll;
  std::string model;
  std::string documents;  // "FROM-TO", 1-based, inclusive
  std::vector<std::string> systems{"rules", "model", "combined"};
  bool upper = false;
  bool list_lost = false;
  std::size_t synthetic = 0;
  std::string title = "Document";
  std::string list_errors;  // a system whose misses and wrong spans to list
  unsigned threads = 2;
  news::RecognitionOptions combined;  // the "combined" system's thresholds
};

std::pair<std::size_t, std::size_t> document_range(const std::string& range, std::size_t count) {
  if (range.empty()) return {0, count};
  const std::size_t dash = range.find('-');
  std::size_t from = 0, to = 0;
  const bool ok = dash != std::string::npos &&
                  std::from_chars(range.data(), range.data() + dash, from).ec == std::errc() &&
                  std::from_chars(range.data() + dash + 1, range.data() + range.size(), to).ec == std::errc() &&
                  from >= 1 && from <= to && to <= count;
  if (!ok) throw std::runtime_error("--documents " + range + ": expected FROM-TO within 1-" + std::to_string(count));
  return {from - 1, to};
}

// Rules first; a model span is added where it overlaps no rule span.
std::vector<PredictedSpan> combine(const std::vector<PredictedSpan>& rules, const std::vector<PredictedSpan>& model) {
  std::vector<PredictedSpan> out = rules;
  for (const PredictedSpan& m : model) {
    const bool overlaps = std::any_of(rules.begin(), rules.end(), [&](const PredictedSpan& r) {
      return r.first_token < m.end_token && m.first_token < r.end_token;
    });
    if (!overlaps) out.push_back(m);
  }
  return out;
}

std::string span_text(const news::ner::AnalysedDocument& d, std::uint32_t first, std::uint32_t end) {
  return d.text.substr(d.tokens[first].begin, d.tokens[end - 1].end - d.tokens[first].begin);
}

// Exact-span misses ("miss") and wrong spans ("wrong"), one per line, for reading errors.
void list_errors(const news::ner::AnalysedDocument& d, const std::vector<PredictedSpan>& predicted) {
  for (const auto& g : d.gold) {
    if (g.lost()) continue;
    const bool found = std::any_of(predicted.begin(), predicted.end(), [&](const PredictedSpan& p) {
      return p.first_token == g.first_token && p.end_token == g.end_token && p.type == g.type;
    });
    if (!found) std::cout << "miss\t" << news::to_string(g.type) << "\t" << span_text(d, g.first_token, g.end_token) << "\n";
  }
  for (const auto& p : predicted) {
    const bool right = std::any_of(d.gold.begin(), d.gold.end(), [&](const news::ner::GoldSpan& g) {
      return p.first_token == g.first_token && p.end_token == g.end_token && p.type == g.type;
    });
    if (!right) std::cout << "wrong\t" << news::to_string(p.type) << "\t" << span_text(d, p.first_token, p.end_token) << "\n";
  }
}

void print_scores(const std::string& system, const news::ner::Scores& scores) {
  auto row = [&](std::string_view type, const news::ner::Counts& exact, const news::ner::Counts& lenient) {
    std::cout << fmt::format("{:<6} {:<4} {:>6.3f} {:>6.3f} {:>6.3f} {:>6}   {:>6.3f} {:>6.3f} {:>6.3f} {:>6}\n", system,
                             type, exact.precision(), exact.recall(), exact.f1(), exact.gold, lenient.precision(),
                             lenient.recall(), lenient.f1(), lenient.gold);
  };
  constexpr std::string_view kNames[] = {"PER", "LOC", "ORG"};
  for (news::EntityType type : news::kEntityTypes) {
    const auto t = static_cast<std::size_t>(type);
    row(kNames[t], scores.exact[t], scores.lenient[t]);
  }
  row("all", scores.exact_overall(), scores.lenient_overall());
}

int evaluate(const EvalOptions& options) {
  auto all = news::ner::read_conll(options.conll);
  // A seed of its own, so that no made-up document repeats a training one.
  if (options.synthetic) all = news::ner::synthetic_documents(all, options.synthetic, 0x5EED0FE1ULL);
  const auto [from, to] = document_range(options.documents, all.size());
  const std::vector<news::ner::ConllDocument> documents(all.begin() + static_cast<std::ptrdiff_t>(from),
                                                        all.begin() + static_cast<std::ptrdiff_t>(to));
  std::vector<std::vector<bool>> upper;
  if (options.upper) {
    for (const auto& d : documents) upper.emplace_back(d.sentences.size(), true);
  }
  const auto analysed = news::ner::analyse_documents(documents, upper, options.threads, options.title);

  const news::EntityRecognizer& rules = news::EntityRecognizer::standard();
  const auto load_start = Clock::now();
  const auto labeller = news::SequenceLabeller::load(
      options.model.empty() ? news::find_data_file("ner-model.bin") : options.model, rules.lexicon());
  const double load_ms = std::chrono::duration<double, std::milli>(Clock::now() - load_start).count();
  news::RecognitionOptions rules_alone;
  rules_alone.use_model = false;

  std::uint64_t tokens = 0, entities = 0, lost = 0, sentences = 0;
  for (const auto& d : analysed) {
    tokens += d.tokens.size();
    entities += d.entities;
    lost += d.lost;
  }
  for (const auto& d : documents) sentences += d.sentences.size();
  if (options.list_lost) {
    for (const auto& d : analysed) {
      for (const auto& g : d.gold) {
        if (g.lost()) std::cout << "lost\t" << news::to_string(g.type) << "\t" << d.text.substr(g.bytes.begin, g.bytes.size()) << "\n";
      }
    }
  }

  std::map<std::string, news::ner::Scores> scores;
  double model_seconds = 0;
  for (const auto& document : analysed) {
    std::vector<PredictedSpan> by_rules, by_model, by_combined;
    for (const news::EntityMention& m : rules.recognise(document.text, document.tokens, rules_alone)) {
      by_rules.push_back({m.first_token, m.end_token, m.type});
    }
    for (const news::EntityMention& m : rules.recognise(document.text, document.tokens, options.combined)) {
      by_combined.push_back({m.first_token, m.end_token, m.type});
    }
    const auto start = Clock::now();
    const std::vector<news::LabelledSpan> labelled = labeller->label(document.text, document.tokens);
    model_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    for (const news::LabelledSpan& s : labelled) by_model.push_back({s.first_token, s.end_token, s.type});
    if (!options.list_errors.empty()) {
      list_errors(document, options.list_errors == "rules"      ? by_rules
                            : options.list_errors == "model"    ? by_model
                            : options.list_errors == "combined" ? by_combined
                                                                : combine(by_rules, by_model));
    }
    scores["rules"] += news::ner::score_document(document, by_rules);
    scores["model"] += news::ner::score_document(document, by_model);
    scores["union"] += news::ner::score_document(document, combine(by_rules, by_model));
    scores["combined"] += news::ner::score_document(document, by_combined);
  }

  const std::string which = options.synthetic ? fmt::format("{} made-up documents from the names of {}", to - from,
                                                           options.conll)
                                             : fmt::format("{} documents {}-{}", options.conll, from + 1, to);
  std::cout << fmt::format("{}{}: {} sentences, {} tokens, {} entities ({} lost in alignment)\n", which,
                           options.upper ? ", in capitals" : "", sentences, tokens, entities, lost);
  std::cout << fmt::format("model: loaded in {:.1f} ms, labelled {:.2f} us/token\n", load_ms,
                           tokens ? model_seconds * 1e6 / static_cast<double>(tokens) : 0.0);
  std::cout << "system type  exact-span P   R      F    gold   document  P   R      F    gold\n";
  for (const std::string& system : options.systems) print_scores(system, scores[system]);
  return news::kExitOk;
}

const news::ProgramDoc kDoc{
    "ner_eval",
    "Score entity recognition on a CoNLL file: the model, the rules, their union, the combination the indexer "
    "runs (see docs/entities.md).",
    "Analyses each CoNLL document as an article body (sentences as paragraphs after a neutral title), runs the "
    "rule recogniser and the statistical model on the same tokens, and prints per type and overall the "
    "exact-span precision, recall and F1, and the lenient document-level score: per document the set of distinct "
    "names per type, a person counting as found when the family name matches.",
    {{"0", "scores printed"}, {"2", "bad data, bad options, or an unusable model"}},
    {{"ner_eval --conll dev_pud.conll --documents 1-215", "the news half of dev_pud, rules and model"},
     {"ner_eval --conll dev.conll --upper --systems model", "the model on text written in capitals"}}};

}  // namespace

int main(int argc, char** argv) {
  news::Program program(kDoc);
  CLI::App& app = program.app();
  EvalOptions options;
  app.add_option("--conll", options.conll, "gold data, CoNLL: WORD<TAB>BIO-TAG lines")->required()->type_name("FILE");
  app.add_option("--model", options.model, "the model system's entity model (default: the shipped data/ner-model.bin); combined always runs the recogniser's own, found like every data file: set NEWS_DATA_DIR to a folder holding data/'s files and another model to score it combined")->type_name("FILE");
  app.add_option("--documents", options.documents, "score only documents FROM-TO (1-based, as in docs.tsv)")
      ->type_name("FROM-TO");
  app.add_option("--systems", options.systems, "which to score: rules, model, union (rules, then model spans "
                                               "overlapping no rule span), combined (what the indexer runs)")
      ->delimiter(',')
      ->check(CLI::IsMember({"rules", "model", "union", "combined"}));
  app.add_option("--add-margin", options.combined.add_margin, "combined: margin for a model span no rule found")
      ->type_name("X");
  app.add_option("--widen-margin", options.combined.widen_margin,
                 "combined: margin for a model span that replaces shorter rule spans inside it")
      ->type_name("X");
  app.add_option("--retype-margin", options.combined.retype_margin,
                 "combined: margin for the model's type over a weak rule's on the same words")
      ->type_name("X");
  app.add_flag("--model-first", options.combined.model_first, "combined: the model's spans win every overlap");
  app.add_option("--keep-rules", options.combined.keep_rules,
                 "combined, model first: rule spans kept (0 known names, 1 strong cues too, 2 all)")
      ->check(news::whole_number(0, 2));
  app.add_option("--overrule-margin", options.combined.overrule_margin,
                 "combined: margin for a model span over words the rules judged no name")
      ->type_name("X");
  app.add_option("--veto-margin", options.combined.veto_margin,
                 "combined: margin of the model's \"no entity\" that drops a weak rule's guess")
      ->type_name("X");
  app.add_option("--title", options.title, "a headline put before each document's sentences, so the rules read them "
                                          "as a body (default \"Document\"; \"\" for none)");
  app.add_option("--synthetic", options.synthetic,
                 "score N made-up documents (results tables, standings, scores, datelines) filled with the "
                 "file's names, instead of the file");
  app.add_flag("--upper", options.upper, "write every sentence in capitals first (the ALL-CAPS test)");
  app.add_flag("--list-lost", options.list_lost, "list the gold entities no token of ours begins inside");
  app.add_option("--list-errors", options.list_errors, "list a system's exact-span misses and wrong spans")
      ->check(CLI::IsMember({"rules", "model", "union", "combined"}));
  app.add_option("--threads", options.threads, "threads for analysing the data")->check(news::whole_number(1, 64));
  return program.run(argc, argv, [&] { return evaluate(options); });
}
