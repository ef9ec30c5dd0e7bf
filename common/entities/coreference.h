// Stage 3, names canonicalised: what the whole article says about its names.
// A person named in full gives every shorter mention their full name
// ("Kishida", "Mr. Kishida" -> "Fumio Kishida"); the words left pending are
// typed now that the article's people are known (a surname, an acronym, a
// person or place by context); a short organisation name joins the long one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "entities/entity_lexicon.h"
#include "entities/recognition_state.h"

namespace news::recognition {

// Runs after every chunk is typed; may add to and rename a.found.
void canonicalise_names(RecognitionState& a);

// The forms a person's canonical name may take alone (EntityRecognizer::person_short_forms).
std::vector<std::string> person_short_forms(const EntityLexicon& lex, std::string_view canonical);

}  // namespace news::recognition
