// Made-up lines of the kinds wire news is full of and the training data has
// none of: results tables ("2. Katja Seizinger (Germany) 1:23.90"),
// standings and scores ("Leeds 12 4 4 4 12 12 16"), and datelines ("VAIL,
// Colorado 1996-12-06"), filled with the gold names of real CoNLL data. The
// trainer adds some so that the table-row feature has something to learn
// from; ner_eval scores on some built from the dev data's names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ner/conll.h"

namespace news::ner {

// `count` documents of 2-6 lines each, drawn with a fixed seed from the
// names in `source` (multi-word names of capitalised words only).
std::vector<ConllDocument> synthetic_documents(const std::vector<ConllDocument>& source, std::size_t count,
                                               std::uint64_t seed);

}  // namespace news::ner
