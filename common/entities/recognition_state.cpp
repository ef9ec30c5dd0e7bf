#include "entities/recognition_state.h"

namespace news::recognition {

RecognitionState::RecognitionState(const EntityLexicon& lexicon, std::string_view article_text,
                                   const std::vector<Token>& article_tokens)
    : lex(lexicon),
      text(article_text),
      tokens(article_tokens),
      n(static_cast<std::uint32_t>(article_tokens.size())),
      shape(token_shapes(article_text, article_tokens, lexicon.dotted_abbreviations)),
      shouting(is_shouting(shape)) {}

std::optional<KnownMatch> RecognitionState::match_known(std::uint32_t i, std::uint32_t limit, bool lower_first) const {
  if (i >= limit || (!shape[i].cap && !lower_first)) return std::nullopt;
  auto it = lex.names_by_first_term.find(term(i));
  if (it == lex.names_by_first_term.end()) return std::nullopt;
  for (const KnownName& name : it->second) {
    const auto length = static_cast<std::uint32_t>(name.terms.size());
    if (i + length > limit) continue;
    bool ok = true;
    for (std::uint32_t k = 0; k < length && ok; ++k) {
      const Shape& s = shape[i + k];
      ok = term(i + k) == name.terms[k] && (k == 0 || s.joined);
      if (ok && name.cases[k] == CaseRule::capitalised) ok = s.cap;
      if (ok && name.cases[k] == CaseRule::upper) ok = s.upper || (s.cap && s.letters == 1);
      if (ok && name.dotted[k]) ok = s.dot_after;  // "Ala." but not "De La Garza"
    }
    if (ok) return KnownMatch{i + length, &name};
  }
  return std::nullopt;
}

std::optional<std::uint32_t> RecognitionState::title_ending_at(std::int64_t j) const {
  if (j < 0 || j >= n) return std::nullopt;
  const auto last = static_cast<std::uint32_t>(j);
  auto it = lex.titles_by_last_term.find(term(last));
  if (it == lex.titles_by_last_term.end()) return std::nullopt;
  for (const auto& phrase : it->second) {
    const auto length = static_cast<std::uint32_t>(phrase.size());
    if (length > last + 1) continue;
    const std::uint32_t start = last + 1 - length;
    bool ok = true;
    for (std::uint32_t k = 0; k < length && ok; ++k) {
      ok = term(start + k) == phrase[k] && (k == 0 || shape[start + k].joined);
    }
    if (ok) return start;
  }
  return std::nullopt;
}

}  // namespace news::recognition
