// What the words around a span say about it, for the capitalised words no
// typing rule explained: a verb of saying or an apposition tells a person,
// "in X" or "X, Texas" a place. Each is one yes/no signal, so a trained model
// can read them as features too.
#pragma once

#include <cstdint>

#include "entities/recognition_state.h"

namespace news::recognition {

// "Smith said", "said Smith".
bool said_context(const RecognitionState& a, std::uint32_t b, std::uint32_t e);
// "Mayer Goldberg, attorney for...", "Dewey Lawrence, a Tyler lawyer": a
// comma and, within a few words, a title or occupation.
bool apposition_context(const RecognitionState& a, std::uint32_t e);
// "in Seekonk", "near Kaesong": after a preposition of place.
bool place_context(const RecognitionState& a, std::uint32_t b);
// "Raymondville, Texas", "Opelika, Ala.": a comma, then a known place.
bool city_state_context(const RecognitionState& a, std::uint32_t e);
// "the Biden administration", "the Castro regime".
bool person_noun_context(const RecognitionState& a, std::uint32_t b, std::uint32_t e);

}  // namespace news::recognition
