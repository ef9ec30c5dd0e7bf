#include "search/snippet.h"

#include <algorithm>
#include <set>

#include "text/analyser.h"

namespace news {

namespace {

bool is_space_byte(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }

std::vector<Xapian::termpos> positions_of(const Xapian::Database& db, Xapian::docid did, const std::string& term) {
  try {
    return {db.positionlist_begin(did, term), db.positionlist_end(did, term)};
  } catch (const Xapian::RangeError&) {
    return {};  // the term does not index this document
  }
}

// Copies text[begin, end) with whitespace runs (ASCII and U+00A0) turned into
// one space, and moves the absolute byte ranges in `marks` into the copy.
MarkedText collapse(std::string_view text, std::uint32_t begin, std::uint32_t end,
                    const std::vector<std::pair<std::uint32_t, std::uint32_t>>& marks) {
  MarkedText out;
  std::vector<std::uint32_t> offset_of(end - begin + 1);  // output offset of each input byte
  bool pending_space = false;
  for (std::uint32_t i = begin; i < end;) {
    const bool nbsp = static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < end && static_cast<unsigned char>(text[i + 1]) == 0xA0;
    if (is_space_byte(text[i]) || nbsp) {
      const std::uint32_t width = nbsp ? 2 : 1;
      for (std::uint32_t k = 0; k < width; ++k) offset_of[i - begin + k] = static_cast<std::uint32_t>(out.text.size());
      pending_space = !out.text.empty();
      i += width;
      continue;
    }
    if (pending_space) out.text.push_back(' ');
    pending_space = false;
    offset_of[i - begin] = static_cast<std::uint32_t>(out.text.size());
    out.text.push_back(text[i]);
    ++i;
  }
  offset_of[end - begin] = static_cast<std::uint32_t>(out.text.size());
  for (auto [b, e] : marks) {
    if (b < begin || e > end || b >= e) continue;
    out.highlights.push_back({offset_of[b - begin], offset_of[e - begin]});
  }
  return out;
}

// Width of the opening quote or bracket that ends just before `end`, or 0.
std::uint32_t opening_punctuation_before(std::string_view text, std::uint32_t end, std::uint32_t floor) {
  if (end > floor) {
    const char c = text[end - 1];
    if (c == '"' || c == '\'' || c == '(' || c == '[') return 1;
  }
  if (end >= floor + 3) {
    const std::string_view three = text.substr(end - 3, 3);
    if (three == "\xE2\x80\x9C" || three == "\xE2\x80\x98") return 3;  // “ ‘
  }
  return 0;
}

}  // namespace

SnippetBuilder::SnippetBuilder(const Xapian::Database& db, const HighlightPlan& plan, std::size_t target_bytes)
    : db_(db), phrases_(plan.phrases), target_bytes_(target_bytes) {
  std::set<HighlightTerm> unique(plan.terms.begin(), plan.terms.end());
  terms_.assign(unique.begin(), unique.end());
}

std::vector<Xapian::termpos> SnippetBuilder::positions(Xapian::docid did, const HighlightTerm& word,
                                                       const StoredArticle& article) const {
  std::vector<Xapian::termpos> found = positions_of(db_, did, word.term);
  if (word.form.empty()) return found;
  std::erase_if(found, [&](Xapian::termpos p) {
    if (p == 0 || p > article.tokens.size()) return true;
    const TextRange token = article.tokens[p - 1];
    const std::string_view surface = std::string_view(article.text).substr(token.begin, token.size());
    return Analyser::normalise(surface) != word.form || (word.capitals && !Analyser::written_in_capitals(surface));
  });
  return found;
}

std::vector<SnippetBuilder::Span> SnippetBuilder::spans(Xapian::docid did, const StoredArticle& article) const {
  std::vector<Span> spans;
  std::uint32_t group = 0;
  for (const auto& term : terms_) {
    for (Xapian::termpos p : positions(did, term, article)) {
      const std::uint32_t token = p - 1;
      // Entity mentions mark consecutive tokens: join them into one span.
      if (!spans.empty() && spans.back().group == group && spans.back().end == token) {
        spans.back().end = token + 1;
      } else {
        spans.push_back({token, token + 1, group});
      }
    }
    ++group;
  }
  for (const auto& phrase : phrases_) {
    std::vector<std::vector<Xapian::termpos>> lists;
    for (const auto& term : phrase) lists.push_back(positions(did, term, article));
    for (Xapian::termpos p : lists.front()) {
      bool whole = true;
      for (std::size_t k = 1; k < lists.size() && whole; ++k) {
        whole = std::binary_search(lists[k].begin(), lists[k].end(), p + static_cast<Xapian::termpos>(k));
      }
      if (whole) spans.push_back({p - 1, p - 1 + static_cast<std::uint32_t>(phrase.size()), group});
    }
    ++group;
  }
  // Sorted, and a span inside a longer one (a word inside a matched phrase) dropped.
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.first != b.first ? a.first < b.first : a.end > b.end;
  });
  std::vector<Span> merged;
  for (const Span& s : spans) {
    if (!merged.empty() && s.first < merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
      continue;
    }
    merged.push_back(s);
  }
  return merged;
}

HitTexts SnippetBuilder::build(Xapian::docid did, const StoredArticle& a) const {
  HitTexts out;
  const std::string_view text = a.text;
  const std::vector<Span> all = spans(did, a);
  auto byte_range = [&](const Span& s) {
    return std::make_pair(a.tokens[s.first].begin, a.tokens[s.end - 1].end);
  };
  const auto token_count = static_cast<std::uint32_t>(a.tokens.size());
  std::vector<Span> body;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> title_marks;
  for (const Span& s : all) {
    if (s.end > token_count || s.first >= s.end) continue;  // positions from a newer index layout: ignore
    if (s.end <= a.title_tokens) {
      title_marks.push_back(byte_range(s));
    } else if (s.first >= a.title_tokens) {
      body.push_back(s);
    }
  }
  out.title = collapse(text, a.title.begin, a.title.end, title_marks);
  if (a.tokens.size() <= a.title_tokens) return out;  // no body

  // Sentences of the body as token ranges; a paragraph start is a sentence start.
  std::vector<std::uint32_t> starts;
  for (std::uint32_t s : a.sentence_starts) {
    if (s >= a.title_tokens) starts.push_back(s);
  }
  for (std::uint32_t p : a.paragraph_starts) {
    if (p >= a.title_tokens) starts.push_back(p);
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  if (starts.empty() || starts.front() != a.title_tokens) starts.insert(starts.begin(), a.title_tokens);
  auto is_paragraph_start = [&](std::uint32_t token) {
    return token == a.title_tokens || std::binary_search(a.paragraph_starts.begin(), a.paragraph_starts.end(), token);
  };
  auto sentence_end = [&](std::size_t i) { return i + 1 < starts.size() ? starts[i + 1] : token_count; };

  // Best window: one sentence, or two of the same paragraph, covering the most
  // distinct query terms, then the most matches, then the earliest.
  struct Window {
    std::size_t first_sentence = 0, sentences = 1;
    long score = -1;
  } best;
  std::size_t span_index = 0;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    while (span_index < body.size() && body[span_index].first < starts[i]) ++span_index;
    for (std::size_t n = 1; n <= 2 && i + n <= starts.size(); ++n) {
      if (n == 2 && is_paragraph_start(starts[i + 1])) break;
      const std::uint32_t first = starts[i], end = sentence_end(i + n - 1);
      const std::uint32_t bytes = a.tokens[end - 1].end - a.tokens[first].begin;
      if (n == 2 && bytes > target_bytes_ * 3 / 2) break;
      std::set<std::uint32_t> groups;
      long matches = 0;
      for (std::size_t k = span_index; k < body.size() && body[k].first < end; ++k) {
        groups.insert(body[k].group);
        ++matches;
      }
      long score = static_cast<long>(groups.size()) * 1000 + std::min(matches, 20L) * 10 - (n == 2 ? 5 : 0);
      if (bytes > target_bytes_ * 2) score -= 3;  // prefer a window that needs no trimming
      if (score > best.score) best = {i, n, score};
    }
  }

  std::uint32_t first = starts[best.first_sentence];
  std::uint32_t end = sentence_end(best.first_sentence + best.sentences - 1);
  // Trim a long window to about target_bytes around its first match.
  bool cut_front = false, cut_back = false;
  const auto span_bytes = [&](std::uint32_t f, std::uint32_t e) { return a.tokens[e - 1].end - a.tokens[f].begin; };
  if (span_bytes(first, end) > target_bytes_ * 5 / 4) {
    std::uint32_t anchor = first;
    for (const Span& s : body) {
      if (s.first >= first && s.first < end) {
        anchor = s.first;
        break;
      }
    }
    std::uint32_t new_first = anchor;
    while (new_first > first && a.tokens[anchor].begin - a.tokens[new_first - 1].begin < target_bytes_ / 4) --new_first;
    std::uint32_t new_end = anchor + 1;
    while (new_end < end && span_bytes(new_first, new_end + 1) <= target_bytes_) ++new_end;
    cut_front = new_first > first;
    cut_back = new_end < end;
    first = new_first;
    end = new_end;
  }

  // Byte extent: whole sentences keep their punctuation and quotes.
  const auto paragraph = std::find_if(a.body.begin(), a.body.end(), [&](TextRange r) {
    return a.tokens[first].begin >= r.begin && a.tokens[first].begin < r.end;
  });
  const std::uint32_t paragraph_begin = paragraph != a.body.end() ? paragraph->begin : a.tokens[first].begin;
  const std::uint32_t paragraph_end = paragraph != a.body.end() ? paragraph->end : a.tokens[end - 1].end;
  std::uint32_t begin_byte = a.tokens[first].begin;
  std::uint32_t end_byte = a.tokens[end - 1].end;
  if (!cut_front) {
    while (std::uint32_t width = opening_punctuation_before(text, begin_byte, paragraph_begin)) begin_byte -= width;
  }
  if (!cut_back) {
    std::uint32_t limit = end < token_count ? a.tokens[end].begin : paragraph_end;
    limit = std::min(limit, paragraph_end);
    while (end_byte < limit && !is_space_byte(text[end_byte])) ++end_byte;
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> marks;
  for (const Span& s : body) {
    if (s.first >= first && s.end <= end) marks.push_back(byte_range(s));
  }
  out.snippet = collapse(text, begin_byte, end_byte, marks);
  if (cut_front) {
    out.snippet.text.insert(0, "… ");
    for (auto& h : out.snippet.highlights) h.begin += 4, h.end += 4;  // "…" is 3 bytes, plus the space
  }
  if (cut_back) out.snippet.text += " …";
  return out;
}

std::string to_html(const MarkedText& marked) {
  std::string out;
  std::size_t at = 0;
  auto escape = [&out](std::string_view s) {
    for (char c : s) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        default: out.push_back(c);
      }
    }
  };
  for (const Highlight& h : marked.highlights) {
    escape(std::string_view(marked.text).substr(at, h.begin - at));
    out += "<mark>";
    escape(std::string_view(marked.text).substr(h.begin, h.end - h.begin));
    out += "</mark>";
    at = h.end;
  }
  escape(std::string_view(marked.text).substr(at));
  return out;
}

}  // namespace news
