// Accent folding: "Zürich" -> "Zurich", "José" -> "Jose", "Øresund" ->
// "Oresund". The one place where text loses its diacritics, so that words,
// phrases, entity names and entity filters fold alike wherever they are
// compared; what is shown (snippets, names) keeps the original text.
#pragma once

#include <string>
#include <string_view>

namespace news {

// Canonical decomposition, combining marks (Unicode Mn) removed, recomposed
// (ICU's "NFD; [:Nonspacing Mark:] Remove; NFC"), plus the Latin letters that
// carry their mark inside the letter and so do not decompose: ø ł đ ħ ı ŧ and
// their capitals. Case is kept; ASCII text is returned unchanged. Invalid
// UTF-8 comes back as it was.
std::string fold_accents(std::string_view utf8);

// True when fold_accents() would change `utf8` (cheap: false for ASCII).
bool has_foldable_accents(std::string_view utf8);

}  // namespace news
