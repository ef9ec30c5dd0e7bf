// The name a span of tokens gives an entity before the article-wide joining:
// the words as written, tidied, or the lexicon's canonical form. Whatever
// types a span (a rule, later a model) names it here.
#pragma once

#include <cstdint>
#include <string>

#include "entities/recognition_state.h"

namespace news::recognition {

// The words of tokens [b, e) as written, one space between them, typographic
// apostrophes made plain, a trailing possessive dropped and the full stop of
// a final initial or abbreviation kept; a nickname is left out.
std::string span_text(const RecognitionState& a, std::uint32_t b, std::uint32_t e);

// An organisation's name. A known country leading it in short is written
// canonically ("U.S. Embassy" -> "United States Embassy"; "Palestine
// Liberation Organisation" stays), and a short name after a
// country's possessive takes the country's adjective ("Russia's Foreign
// Ministry" -> "Russian Foreign Ministry").
std::string org_name(const RecognitionState& a, std::uint32_t b, std::uint32_t e);

// A name found only in capitals (a dateline's "VAIL"), written as a name:
// "Vail". Words of two letters or fewer stay as they are ("US").
std::string title_cased(std::string_view name);

}  // namespace news::recognition
