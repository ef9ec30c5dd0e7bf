#include "entities/recognition_state.h"

namespace news::recognition {

RecognitionState::RecognitionState(const EntityLexicon& lexicon, std::string_view article_text,
                                   const std::vector<Token>& article_tokens)
    : lex(lexicon),
      text(article_text),
      tokens(article_tokens),
      n(static_cast<std::uint32_t>(article_tokens.size())),
      shape(token_shapes(article_text, article_tokens, lexicon.dotted_abbreviations)),
      term_hashes(n),
      words(n),
      shouting(is_shouting(shape)) {
  for (std::uint32_t i = 0; i < n; ++i) {
    term_hashes[i] = stable_hash(article_tokens[i].term);
    words[i] = lexicon.word_flags.of(term_hashes[i]);
  }
}

std::optional<KnownMatch> RecognitionState::match_known(std::uint32_t i, std::uint32_t limit, bool lower_first) const {
  if (i >= limit || (!shape[i].cap && !lower_first) || !is(i, kNameStart)) return std::nullopt;
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
  if (!is(last, kTitleEnd)) return std::nullopt;
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

namespace {
std::vector<LineKind> work_out_line_kinds(const RecognitionState& a);
}  // namespace

std::vector<LineKind> line_kinds(const RecognitionState& a) {
  if (a.line_kinds_memo.size() != a.n) a.line_kinds_memo = work_out_line_kinds(a);
  return a.line_kinds_memo;
}

namespace {

std::vector<LineKind> work_out_line_kinds(const RecognitionState& a) {
  std::vector<LineKind> kinds(a.n, LineKind::prose);
  std::uint32_t begin = 0;
  while (begin < a.n) {
    std::uint32_t stop = begin + 1;
    while (stop < a.n && !a.tokens[stop].paragraph_start && a.gap_before(stop).find('\n') == std::string_view::npos) ++stop;
    int words = 0, letters = 0, lower_words = 0, numbers = 0;
    bool lower = false;
    for (std::uint32_t i = begin; i < stop; ++i) {
      const Shape& s = a.shape[i];
      words += s.letters > 0;
      letters += s.letters;
      numbers += a.tokens[i].is_number;
      lower_words += s.letters >= 2 && !s.cap;
      lower = lower || (s.letters > 0 && !s.upper && !(s.cap && s.letters == 1));
    }
    LineKind kind = LineKind::prose;
    if (words >= 2 && letters >= 6 && !lower) {
      kind = LineKind::all_caps;
    } else if (numbers >= 2 && static_cast<std::uint32_t>(numbers) * 4 >= stop - begin && lower_words <= 1) {
      kind = LineKind::table;
    }
    std::fill(kinds.begin() + begin, kinds.begin() + stop, kind);
    begin = stop;
  }
  return kinds;
}

}  // namespace

}  // namespace news::recognition
