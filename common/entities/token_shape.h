// Word shapes: what a token's spelling and the gap before it say, before any
// word list is consulted (capitals, initials, possessives, whether it may
// continue the name before it). The rules read them; so can a trained model.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "text/analyser.h"
#include "entities/entity_lexicon.h"

namespace news::recognition {

struct Shape {
  bool cap = false;         // starts with an upper-case letter
  bool upper = false;       // two or more letters and none lower-case (NATO, U.S)
  bool initial = false;     // one upper-case letter followed by a full stop
  bool possessive = false;  // Kishida's, Philippines'
  bool joined = false;      // may continue the name before it: same sentence, only spaces/hyphen between
  bool hyphen = false;      // only a hyphen before it
  bool dot_after = false;
  bool nickname = false;     // "(Red)" in "V. E. (Red) Berry": part of the name, not of its canonical form
  std::uint8_t letters = 0;  // counted up to 15
};

bool is_possessive(std::string_view word);
// "NATO's" -> "NATO", "Philippines'" -> "Philippines".
std::string_view without_possessive(std::string_view word);
bool is_roman_numeral(std::string_view word);

// One shape per token. A full stop may sit inside a name after an initial, a
// dotted word ("U.S.") or one of `dotted_abbreviations` ("Jr.", "Corp.").
// Nicknames are marked later, by the chunker, which needs the lexicon.
std::vector<Shape> token_shapes(std::string_view text, const std::vector<Token>& tokens,
                                const TermSet& dotted_abbreviations);

// Text mostly in capitals, where capitals prove no acronym.
bool is_shouting(const std::vector<Shape>& shapes);

}  // namespace news::recognition
