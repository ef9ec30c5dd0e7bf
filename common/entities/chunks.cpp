#include "entities/chunks.h"

namespace news::recognition {

namespace {

// A nickname in brackets or quotes between name words joins them: "V. E. (Red)
// Berry", "Thomas \"Tip\" O'Neill". It tells a person, and is left out of the name.
void mark_nicknames(RecognitionState& a) {
  const std::vector<Token>& tokens = a.tokens;
  std::vector<Shape>& shape = a.shape;
  for (std::uint32_t i = 1; i + 1 < a.n; ++i) {
    if (!shape[i - 1].cap || !shape[i].cap || !shape[i + 1].cap || shape[i].upper || shape[i].letters < 2) continue;
    if (tokens[i].sentence_start || tokens[i + 1].sentence_start || tokens[i].paragraph_start ||
        tokens[i + 1].paragraph_start) {
      continue;
    }
    const std::string_view before = a.gap_before(i);
    const std::string_view after = a.gap_before(i + 1);
    const bool brackets = (before == " (" || before == ". (") && after == ") ";
    const bool quotes = (before == " \"" || before == " \xE2\x80\x9C") && (after == "\" " || after == "\xE2\x80\x9D ");
    if (!brackets && !quotes) continue;
    if (a.match_known(i - 1, i)) continue;  // "Moscow (Russia) ..." is no name
    shape[i].nickname = true;
    shape[i].joined = shape[i + 1].joined = true;
  }
}

// A title written in headline case ("Russia Warns America's Closest Ally")
// capitalises every word, so there capitals prove nothing: only known names,
// titles and people named in the body count.
void detect_headline(RecognitionState& a) {
  a.title_end = 1;
  while (a.title_end < a.n && !a.tokens[a.title_end].paragraph_start) ++a.title_end;
  if (a.n == 0) a.title_end = 0;
  int words = 0;
  int capitalised = 0;
  for (std::uint32_t i = 0; i < a.title_end; ++i) {
    const Shape& s = a.shape[i];
    if (s.letters == 0 || s.letters > 3 || s.cap) {
      if (s.letters == 0 || a.is(i, kCommonWord)) continue;
    } else {
      continue;  // short lower-case words (of, in, to) are lower-case in headlines too
    }
    ++words;
    if (s.cap) ++capitalised;
  }
  a.headline = words >= 3 && capitalised * 4 >= words * 3;
}

// One past the last token of the chunk that starts at token b.
std::uint32_t chunk_end(const RecognitionState& a, std::uint32_t b) {
  const std::vector<Shape>& shape = a.shape;
  const std::uint32_t n = a.n;
  std::uint32_t e = b + 1;
  // No name is this long; the cap keeps the recursive rules linear on
  // text written in capitals or title case throughout.
  constexpr std::uint32_t kMaxChunk = 40;
  while (e < n && shape[e].joined && e - b < kMaxChunk) {
    if (shape[e].cap && a.term(e) == "the") break;  // "Washington The White House": a new name
    if (shape[e].cap && !a.tokens[e].is_number) {
      ++e;
    } else if (shape[e].hyphen && shape[e].letters <= 4 && shape[e].letters > 0) {
      ++e;  // Jae-in, Jong-un: short lower-case pieces after a hyphen
    } else if (a.is_connector(e) && e + 1 < n && shape[e + 1].joined && shape[e + 1].cap && !a.never_name(e + 1)) {
      e += 2;
    } else if ((a.term(e) == "of" || a.term(e) == "for") && e + 2 < n && a.term(e + 1) == "the" &&
               shape[e + 1].joined && shape[e + 2].joined && shape[e + 2].cap) {
      e += 3;
    } else {
      break;
    }
  }
  return e;
}

}  // namespace

std::vector<Span> propose_spans(RecognitionState& a) {
  mark_nicknames(a);
  detect_headline(a);
  std::vector<Span> chunks;
  std::uint32_t i = 0;
  while (i < a.n) {
    if (!a.shape[i].cap || a.tokens[i].is_number) {
      ++i;
      continue;
    }
    if (a.shape[i].hyphen && !a.shape[i - 1].cap) {  // "trans-Atlantic" is an adjective
      if (auto m = a.match_known(i - 1, a.n, true); m && m->name->adjective && m->end > i) {
        i = m->end;
        continue;
      }
    }
    const std::uint32_t e = chunk_end(a, i);
    chunks.push_back({i, e});
    i = e;
  }
  return chunks;
}

}  // namespace news::recognition
