#include "search/entity_names.h"

#include <algorithm>
#include <limits>
#include <set>
#include <tuple>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "index/schema.h"

namespace news {

namespace {

// Levenshtein distance over code points.
std::size_t edit_distance(const std::u32string& a, const std::u32string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::u32string code_points(const std::string& utf8) {
  const icu::UnicodeString s = icu::UnicodeString::fromUTF8(utf8);
  std::u32string out;
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) out.push_back(static_cast<char32_t>(s.char32At(i)));
  return out;
}

std::vector<std::u32string> words_of(const std::u32string& name) {
  std::vector<std::u32string> words;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == U' ') {
      if (i > start) words.push_back(name.substr(start, i - start));
      start = i + 1;
    }
  }
  return words;
}

// 0 for a word that starts with the typed text, else the smallest edit
// distance to the whole name or one of its words; max() when too far to offer.
std::size_t nearness(const std::u32string& typed, const std::u32string& candidate) {
  std::size_t best = edit_distance(typed, candidate);
  for (const std::u32string& word : words_of(candidate)) {
    if (typed.size() >= 2 && word.compare(0, typed.size(), typed) == 0) return 0;
    best = std::min(best, edit_distance(typed, word));
  }
  // A third of the letters wrong is still recognisable ("Kishda"); more is another name.
  const std::size_t allowed = std::max<std::size_t>(1, typed.size() / 3);
  return best <= allowed ? best : std::numeric_limits<std::size_t>::max();
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += "\"" + names[i] + "\"";
  }
  return out;
}

}  // namespace

std::string fold_name(std::string_view name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString decomposed = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  if (U_SUCCESS(status)) decomposed = nfd->normalize(decomposed, status);
  icu::UnicodeString bare;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    const UChar32 c = decomposed.char32At(i);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (u_isUWhiteSpace(c)) {
      if (!bare.isEmpty() && bare[bare.length() - 1] != u' ') bare.append(u' ');
      continue;
    }
    bare.append(c);
  }
  if (!bare.isEmpty() && bare[bare.length() - 1] == u' ') bare.truncate(bare.length() - 1);
  std::string out;
  bare.foldCase().toUTF8String(out);
  return out;
}

std::vector<std::string> closest_entity_names(const Xapian::Database& db, const EntityCanonicals& aliases,
                                              EntityType type, std::string_view name, std::size_t max) {
  const std::u32string typed = code_points(fold_name(name));
  if (typed.empty()) return {};
  const std::string prefix(schema::entity_prefix(type));
  // (nearness, -articles, name): the closest first, then the best known.
  std::set<std::tuple<std::size_t, std::int64_t, std::string>> ranked;
  std::set<std::string> seen;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    std::string candidate = (*t).substr(prefix.size());
    const std::optional<EntityRef> canonical = aliases.canonical(type, candidate);
    if (!canonical || canonical->type != type) continue;
    candidate = canonical->name;
    if (!seen.insert(candidate).second) continue;
    const std::size_t near = nearness(typed, code_points(fold_name(candidate)));
    if (near != std::numeric_limits<std::size_t>::max()) {
      ranked.emplace(near, -static_cast<std::int64_t>(db.get_termfreq(schema::entity_term(type, candidate))), candidate);
    }
  }
  std::vector<std::string> out;
  for (const auto& entry : ranked) {
    if (out.size() == max || std::get<0>(entry) != std::get<0>(*ranked.begin())) break;  // only the closest
    out.push_back(std::get<2>(entry));
  }
  return out;
}

std::vector<std::string> unknown_entity_notices(const Xapian::Database& db, const EntityCanonicals& aliases,
                                                QueryCompiler& compiler, const QueryFilters& filters) {
  std::vector<std::string> notices;
  const std::pair<EntityType, const std::vector<std::string>*> by_type[] = {
      {EntityType::person, &filters.person}, {EntityType::place, &filters.place}, {EntityType::org, &filters.org}};
  for (const auto& [type, names] : by_type) {
    for (const std::string& name : *names) {
      const std::vector<std::string> terms = compiler.resolve_entity(type, name);
      if (std::any_of(terms.begin(), terms.end(), [&](const std::string& term) { return db.term_exists(term); })) continue;
      std::string notice = "no such " + std::string(to_string(type)) + " in the index: \"" + name + "\"";
      const std::vector<std::string> closest = closest_entity_names(db, aliases, type, name);
      if (!closest.empty()) notice += "; did you mean " + quoted_list(closest) + "?";
      notices.push_back(std::move(notice));
    }
  }
  return notices;
}

}  // namespace news
