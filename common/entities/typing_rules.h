// Stage 2, types decided: each chunk classified, most specific evidence first:
//   known name (data/ICU) > possessive split > head word (Embassy, Sea) >
//   title before a name (Prime Minister, Mr.) > connectors (X of Y, A and B) >
//   given name / initial / East Asian family name > known names inside.
// What no rule explains ("Kishida", "Putin's", "TASS") is left pending for the
// article-wide stage (coreference.h).
#pragma once

#include "entities/recognition_state.h"

namespace news::recognition {

// Adds the chunk's typed mentions to a.found and its unexplained words to a.pending.
void type_chunk(RecognitionState& a, Span chunk);

}  // namespace news::recognition
