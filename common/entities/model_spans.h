// Stage 2b, model spans merged: the statistical labeller's spans
// (sequence_labeller.h) beside what the rules typed, before the article-wide
// stage joins names. The rules keep what the gazetteer and their strong cues
// are sure of; the model adds the names no rule reads ("Shane Warne took five
// wickets") and overrides a rule where its span holds the rule's and it is
// sure ("Salem Bitar", not the place Salem; "Real Madrid", not Madrid).
// docs/entities.md gives the measurements behind each threshold.
#pragma once

#include <vector>

#include "entities/recognition_state.h"
#include "entities/sequence_labeller.h"

namespace news::recognition {

// How sure (LabelledSpan::margin) the model must be for each move.
struct ModelThresholds {
  float add = 0.0F;       // a span no rule found
  float widen = 4.0F;     // a span holding rule spans of other words: replaces them
  float retype = 12.0F;   // the same span, another type than a rule's weak guess
  // Model first: a model span wins every rule span it overlaps, and rule
  // spans the model did not find stay only with evidence this good or better.
  float veto = 1e9F;      // a weak rule's guess where the model says "no entity"
  float overrule = 1e9F;  // a span over words the rules judged no name (a title's portfolio, "trans-Atlantic")
  bool model_first = false;
  Evidence keep_rules = Evidence::weak;
};

// Per token, whether the model may change something there: a capitalised
// word no known name or strong cue of the rules covers, other than an
// everyday word, a weekday or month, or a title (sentences without one are
// not labelled), or any word of an ALL-CAPS line or table row.
std::vector<bool> unexplained_tokens(const RecognitionState& a);

// Runs after the article-wide stage (which then runs again, to join the
// model's names): adds, replaces, retypes and vetoes a.found by the model's
// spans and its per-token labels and margins (SequenceLabeller::token_labels).
// Returns whether a.found changed.
bool merge_model_spans(RecognitionState& a, const std::vector<LabelledSpan>& spans, const std::vector<BioLabel>& labels,
                       const std::vector<float>& margins, const ModelThresholds& thresholds);

}  // namespace news::recognition
