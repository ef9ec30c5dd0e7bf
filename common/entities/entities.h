// Named entities: the people, places and organisations an article mentions,
// each under one canonical name across the corpus ("Mr. Kishida" and
// "Prime Minister Fumio Kishida" are both "Fumio Kishida"). The indexer stores
// them as facet terms; the searcher filters and counts by them.
// Rules live here; names, aliases and word lists live in data/ (see
// data/README.md), so users extend recognition without touching C++.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyser.h"
#include "entities/entity_type.h"

namespace news {

struct EntityMention {
  EntityType type;
  std::string name;          // canonical name
  std::uint32_t first_token;  // indices into the token vector given to recognise()
  std::uint32_t end_token;    // one past the last token of the mention
};

struct EntityLexicon;
class SequenceLabeller;

// How recognise() combines the rules with the trained model
// (docs/entities.md, "Rules and model combined"). Thresholds are on the
// model's margin (sequence_labeller.h).
struct RecognitionOptions {
  bool use_model = true;     // false: the rules alone
  float add_margin = 0.0F;     // a model span where the rules found nothing
  float widen_margin = 4.0F;   // a model span holding shorter rule spans replaces them
  float retype_margin = 12.0F;  // the model's type over a weak rule's for the same words
  float veto_margin = 1e9F;    // the model's "no entity" over a weak rule's guess
  float overrule_margin = 50.0F;  // a model span over words the rules judged no name
  bool model_first = false;    // the model's spans win every overlap
  int keep_rules = 2;          // model first: rule spans kept, 0 known names, 1 strong cues too, 2 all
};

struct EntityAlias {
  std::string alias;      // as written in the data ("Northern Territories")
  EntityType type;
  std::string canonical;  // "Kuril Islands"
};

class EntityRecognizer {
 public:
  // Loads the shipped data files (found with data_files.h), ICU's names and
  // the trained model (ner-model.bin); throws naming a missing or unusable file.
  static const EntityRecognizer& standard();
  // Loads the data files from one folder (tests use this); the model too
  // when the folder has ner-model.bin, else the rules work alone.
  static std::unique_ptr<EntityRecognizer> from_directory(const std::string& data_dir);

  ~EntityRecognizer();

  // All mentions in an analysed article, in text order. `tokens` is the
  // analyser's output over `text` (title range first, then body ranges).
  // Thread-safe: the recogniser is immutable once loaded.
  std::vector<EntityMention> recognise(std::string_view text, const std::vector<Token>& tokens,
                                       const RecognitionOptions& options = {}) const;

  // The canonical entity a user-typed name or alias stands for
  // ("Northern Territories" -> place "Kuril Islands"), if the data knows it.
  std::optional<EntityAlias> resolve(std::string_view name, std::optional<EntityType> type = std::nullopt) const;

  // Every alias the data defines (alias != canonical), for query-time synonyms.
  const std::vector<EntityAlias>& aliases() const;

  // The forms a later article may use alone for this person, written like the
  // canonical name: the family name ("Fumio Kishida" -> "Kishida", "Kim Jong Un"
  // -> "Kim", "Charles de Gaulle" -> "Gaulle", "de Gaulle"). Empty for a
  // one-word name. The indexer merges surname-only people across articles
  // with it.
  std::vector<std::string> person_short_forms(std::string_view canonical) const;

  // The names and word lists the rules read, for the labeller's gazetteer
  // features and tools that need the same lexicon without loading it twice.
  const EntityLexicon& lexicon() const;
  // The trained model, or null when none was loaded.
  const SequenceLabeller* labeller() const;

 private:
  EntityRecognizer();
  struct Data;
  std::unique_ptr<Data> data_;
};

}  // namespace news
