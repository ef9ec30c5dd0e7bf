#include "entities/span_names.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace news::recognition {

std::string span_text(const RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  for (std::uint32_t k = b + 1; k + 1 < e; ++k) {
    if (a.shape[k].nickname) return span_text(a, b, k) + " " + span_text(a, k + 1, e);
  }
  const std::string_view raw = a.text.substr(a.tokens[b].begin, a.tokens[e - 1].end - a.tokens[b].begin);
  std::string out;
  out.reserve(raw.size() + 1);
  bool space = false;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    const char c = raw[k];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || (c == '\xC2' && k + 1 < raw.size() && raw[k + 1] == '\xA0')) {
      if (c == '\xC2') ++k;
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    if (raw.compare(k, 3, "\xE2\x80\x99") == 0) {  // typographic apostrophe
      out.push_back('\'');
      k += 2;
    } else {
      out.push_back(c);
    }
  }
  const Shape& last = a.shape[e - 1];
  if (last.possessive) {
    if (out.ends_with("'s")) {
      out.resize(out.size() - 2);
    } else if (out.ends_with("'")) {
      out.pop_back();
    }
  } else if (last.dot_after && (last.initial || a.is(e - 1, kDottedAbbreviation))) {
    out.push_back('.');
  }
  return out;
}

std::string org_name(const RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  std::string name;
  // Only an abbreviated country is rewritten ("U.S. Embassy"): a name written
  // in full keeps its words ("Palestine Liberation Organisation").
  auto abbreviated = [&a](std::uint32_t from, std::uint32_t to) {
    for (std::uint32_t k = from; k < to; ++k) {
      if (a.shape[k].upper || a.shape[k].initial || a.shape[k].dot_after) return true;
    }
    return false;
  };
  if (auto m = a.match_known(b, e);
      m && m->end < e && !m->name->adjective && a.entity(*m).is_country && abbreviated(b, m->end)) {
    name = a.entity(*m).canonical + " " + span_text(a, m->end, e);
  } else {
    name = span_text(a, b, e);
  }
  if (e - b <= 2 && b > 0 && a.shape[b - 1].possessive) {
    for (std::uint32_t s = b; s-- > 0 && b - s <= 4;) {
      auto owner = a.match_known(s, b);
      if (owner && owner->end == b) {
        const KnownEntity& place = a.entity(*owner);
        if (place.is_country && !place.adjective.empty()) name = place.adjective + " " + name;
        break;
      }
    }
  }
  return name;
}

std::string title_cased(std::string_view name) {
  std::string out;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find(' ', start);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view word = name.substr(start, end - start);
    if (!out.empty() || start > 0) out.push_back(' ');
    if (word.size() <= 2) {
      out.append(word);
    } else {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
      u.toTitle(nullptr, icu::Locale::getEnglish());
      u.toUTF8String(out);
    }
    start = end + 1;
  }
  return out;
}

}  // namespace news::recognition
