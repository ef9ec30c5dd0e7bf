// Stage 1, spans proposed: the article cut into "chunks", runs of capitalised
// words in one sentence joined by spaces, hyphens, the full stop of an
// initial or abbreviation, and small connectors (of, the, and, de...). Each
// chunk may hold several names or none; the typing rules decide.
#pragma once

#include <vector>

#include "entities/recognition_state.h"

namespace news::recognition {

// Marks nicknames and whether the title is a headline, then returns the
// chunks in text order.
std::vector<Span> propose_spans(RecognitionState& state);

}  // namespace news::recognition
