#include "entities/entity_lexicon.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include <unicode/locdspnm.h>
#include <unicode/locid.h>
#include <unicode/region.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "text/analyser.h"
#include "text/data_files.h"

namespace news {

namespace {

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x02BC || c == 0xFF07; }

CaseRule case_of(std::string_view word) {
  std::int32_t i = 0;
  const auto length = static_cast<std::int32_t>(word.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(word.data());
  int letters = 0;
  bool first_upper = false;
  bool any_lower = false;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (!u_isalpha(c)) continue;
    if (letters == 0) first_upper = u_isupper(c) || u_istitle(c);
    any_lower = any_lower || u_islower(c);
    ++letters;
  }
  if (!first_upper) return CaseRule::any;
  return letters >= 2 && !any_lower ? CaseRule::upper : CaseRule::capitalised;
}

// The lines of a data file that say something (text/data_files.h).
std::vector<std::string> data_file_lines(const std::string& path) {
  const std::string content = read_file(path);
  std::vector<std::string> lines;
  for (const auto& line : data_lines(content)) lines.emplace_back(line.text);
  return lines;
}

std::vector<std::string> split(std::string_view s, char separator) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = s.find(separator, start);
    std::string_view field = s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    while (!field.empty() && (field.front() == ' ' || field.front() == '\t')) field.remove_prefix(1);
    while (!field.empty() && (field.back() == ' ' || field.back() == '\t')) field.remove_suffix(1);
    if (!field.empty()) fields.emplace_back(field);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return fields;
}

std::vector<std::string> words_of(const std::vector<std::string>& lines) {
  std::vector<std::string> words;
  for (const std::string& line : lines) {
    for (std::string& field : split(line, '\t')) {
      for (std::string& word : split(field, ' ')) words.push_back(std::move(word));
    }
  }
  return words;
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

class LexiconBuilder {
 public:
  explicit LexiconBuilder(EntityLexicon& lexicon) : lex_(lexicon) {}

  // Adds a name for an entity; returns false when the name already belongs to
  // another entity (the first file to claim a name keeps it).
  bool add_name(std::uint32_t entity, std::string_view written, bool adjective = false) {
    std::vector<NameWord> words = split_name(written);
    while (!words.empty() && words.front().term == "the") words.erase(words.begin());
    if (words.empty()) return false;
    KnownName name;
    for (NameWord& word : words) {
      name.terms.push_back(std::move(word.term));
      name.cases.push_back(word.written);
      name.dotted.push_back(word.dotted);
    }
    name.entity = entity;
    name.adjective = adjective;
    const std::string key = join_terms(name.terms);
    if (!adjective) {
      auto [it, inserted] = lex_.entity_by_key.emplace(key, entity);
      if (!inserted) return it->second == entity;
    } else if (lex_.entity_by_key.contains(key)) {
      return false;  // "Pacific" the ocean wins over "Pacific" the adjective
    }
    const std::string first = name.terms.front();
    lex_.names_by_first_term[first].push_back(std::move(name));
    return true;
  }

  std::optional<std::uint32_t> find(std::string_view written) const {
    std::vector<std::string> terms;
    for (NameWord& word : split_name(written)) terms.push_back(std::move(word.term));
    auto it = lex_.entity_by_key.find(join_terms(terms));
    if (it == lex_.entity_by_key.end()) return std::nullopt;
    return it->second;
  }

  std::uint32_t add_entity(EntityType type, std::string canonical) {
    lex_.entities.push_back({type, std::move(canonical), false, {}});
    return static_cast<std::uint32_t>(lex_.entities.size() - 1);
  }

  void add_alias(std::uint32_t entity, const std::string& alias) {
    const KnownEntity& known = lex_.entities[entity];
    if (alias != known.canonical) lex_.aliases.push_back({alias, known.type, known.canonical});
  }

  // One TSV line: canonical name, then aliases.
  void add_known_line(EntityType type, const std::string& line) {
    const std::vector<std::string> fields = split(line, '\t');
    if (fields.empty()) return;
    std::uint32_t entity = 0;
    if (auto existing = find(fields[0]); existing && lex_.entities[*existing].type == type) {
      entity = *existing;
    } else {
      entity = add_entity(type, fields[0]);
      add_name(entity, fields[0]);
    }
    for (std::size_t i = 1; i < fields.size(); ++i) {
      if (add_name(entity, fields[i])) add_alias(entity, fields[i]);
    }
  }

  // An ICU place name; the data's spelling of it, when the data has one, wins.
  std::optional<std::uint32_t> add_icu_place(std::string name, const TermSet& excluded) {
    if (const std::size_t comma = name.find(", "); comma != std::string::npos) name.resize(comma);
    if (name.empty() || excluded.contains(key_of(name))) return std::nullopt;
    if (auto existing = find(name)) return existing;
    const std::uint32_t entity = add_entity(EntityType::place, name);
    add_name(entity, name);
    if (name.find('&') != std::string::npos) {
      std::string with_and = name;
      with_and.replace(with_and.find('&'), 1, "and");
      add_name(entity, with_and);
    }
    return entity;
  }

  static std::string key_of(std::string_view written) {
    std::vector<std::string> terms;
    for (NameWord& word : split_name(written)) terms.push_back(std::move(word.term));
    return join_terms(terms);
  }

 private:
  EntityLexicon& lex_;
};

void load_icu_places(LexiconBuilder& builder, EntityLexicon& lex, const TermSet& excluded) {
  const icu::Locale& english = icu::Locale::getEnglish();
  UErrorCode status = U_ZERO_ERROR;
  UDisplayContext short_names[] = {UDISPCTX_LENGTH_SHORT};
  std::unique_ptr<icu::LocaleDisplayNames> shorter(icu::LocaleDisplayNames::createInstance(english, short_names, 1));
  for (const char* const* code = icu::Locale::getISOCountries(); *code; ++code) {
    icu::UnicodeString name;
    icu::Locale("", *code).getDisplayCountry(english, name);
    const auto entity = builder.add_icu_place(to_utf8(name), excluded);
    if (!entity) continue;
    lex.entities[*entity].is_country = true;
    icu::UnicodeString short_name;
    if (shorter) shorter->regionDisplayName(*code, short_name);
    const std::string short_utf8 = to_utf8(short_name);
    if (!short_utf8.empty() && builder.add_name(*entity, short_utf8)) builder.add_alias(*entity, short_utf8);
  }
  // Continents and their parts ("Eastern Europe"), and groupings that are
  // places ("Latin America"); not the EU or the UN, which are organisations.
  for (URegionType type : {URGN_CONTINENT, URGN_SUBCONTINENT, URGN_GROUPING}) {
    status = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> regions(icu::Region::getAvailable(type, status));
    if (U_FAILURE(status) || !regions) continue;
    while (const char* id = regions->next(nullptr, status)) {
      if (U_FAILURE(status)) break;
      if (id[0] < '0' || id[0] > '9') continue;  // EU, EZ, UN, QO are not numeric regions
      icu::UnicodeString name;
      icu::Locale("", id).getDisplayCountry(english, name);
      builder.add_icu_place(to_utf8(name), excluded);
    }
  }
  // Cities: the exemplar city of every canonical time zone ("Tokyo", "Kyiv").
  status = U_ZERO_ERROR;
  std::unique_ptr<icu::TimeZoneNames> zone_names(icu::TimeZoneNames::createInstance(english, status));
  std::unique_ptr<icu::StringEnumeration> zones(
      icu::TimeZone::createTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, status));
  if (U_FAILURE(status) || !zone_names || !zones) throw std::runtime_error("ICU time zone names unavailable");
  while (const icu::UnicodeString* zone = zones->snext(status)) {
    if (U_FAILURE(status)) break;
    icu::UnicodeString city;
    zone_names->getExemplarLocationName(*zone, city);
    if (!city.isEmpty()) builder.add_icu_place(to_utf8(city), excluded);
  }
}

TermSet term_set(const std::vector<std::string>& words, TermSet* dotted = nullptr) {
  TermSet set;
  for (const std::string& word : words) {
    for (NameWord& piece : split_name(word)) set.insert(std::move(piece.term));
    if (dotted && word.size() > 1 && word.back() == '.') {
      for (NameWord& piece : split_name(word)) dotted->insert(std::move(piece.term));
    }
  }
  return set;
}

void load_titles(EntityLexicon& lex, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    std::vector<std::string> terms;
    for (NameWord& word : split_name(line)) terms.push_back(std::move(word.term));
    if (terms.empty()) continue;
    if (line.back() == '.') lex.dotted_abbreviations.insert(terms.back());
    lex.titles_by_last_term[terms.back()].push_back(std::move(terms));
  }
  for (auto& [last, phrases] : lex.titles_by_last_term) {
    std::sort(phrases.begin(), phrases.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  }
}

void load_head_words(EntityLexicon& lex, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    const std::vector<std::string> fields = split(line, '\t');
    if (fields.size() < 2) throw std::runtime_error("head_words.tsv: expected word<TAB>type in: " + line);
    const std::vector<NameWord> words = split_name(fields[0]);
    if (words.empty()) continue;
    HeadWord head{HeadKind::org};
    for (std::size_t f = 2; f < fields.size(); ++f) {
      if (fields[f] == "prefix") {
        head.prefix = true;
        head.suffix = false;
      } else if (fields[f] == "both") {
        head.prefix = true;
      } else if (fields[f] == "compass") {
        head.compass = true;
        head.suffix = false;
      } else if (fields[f] == "same") {
        head.same_place = true;
      } else {
        throw std::runtime_error("head_words.tsv: unknown flag " + fields[f] + " (prefix, both, compass, same)");
      }
    }
    if (fields[1] == "place") {
      head.kind = HeadKind::place;
    } else if (fields[1] == "ignore") {
      head.kind = HeadKind::ignore;
    } else if (fields[1] != "org") {
      throw std::runtime_error("head_words.tsv: unknown type " + fields[1] + " (org, place or ignore)");
    }
    lex.head_words[words.back().term] = head;
    if (fields[0].back() == '.') lex.dotted_abbreviations.insert(words.back().term);
  }
}

void load_name_parts(EntityLexicon& lex, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    const std::vector<std::string> fields = split(line, '\t');
    if (fields.size() < 2) throw std::runtime_error("name_parts.tsv: expected word<TAB>kind in: " + line);
    const std::vector<NameWord> words = split_name(fields[0]);
    if (words.empty()) continue;
    (fields[1] == "suffix" ? lex.suffixes : lex.particles).insert(words.back().term);
    if (fields[0].back() == '.') lex.dotted_abbreviations.insert(words.back().term);
  }
}

void load_non_entity_words(EntityLexicon& lex, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    const std::vector<std::string> fields = split(line, '\t');
    if (fields.size() < 2) continue;
    TermSet& set = fields[0] == "before-number" ? lex.before_number_words : lex.never_name_words;
    for (const std::string& word : split(fields[1], ' ')) {
      for (NameWord& piece : split_name(word)) set.insert(std::move(piece.term));
    }
  }
}

void load_sports_words(EntityLexicon& lex, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    const std::vector<std::string> fields = split(line, '\t');
    if (fields.size() < 2) throw std::runtime_error("sports_words.tsv: expected kind<TAB>words in: " + line);
    if (fields[0] != "heading" && fields[0] != "result-word") {
      throw std::runtime_error("sports_words.tsv: unknown kind " + fields[0] + " (heading, result-word)");
    }
    TermSet& set = fields[0] == "heading" ? lex.sports_headings : lex.result_words;
    for (const std::string& word : split(fields[1], ' ')) {
      for (NameWord& piece : split_name(word)) set.insert(std::move(piece.term));
    }
  }
}

void load_nationalities(LexiconBuilder& builder, EntityLexicon& lex, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    const std::vector<std::string> fields = split(line, '\t');
    if (fields.size() < 2) continue;
    auto place = builder.find(fields[0]);
    if (!place) {
      place = builder.add_entity(EntityType::place, fields[0]);
      builder.add_name(*place, fields[0]);
    }
    KnownEntity& known = lex.entities[*place];
    if (known.adjective.empty()) known.adjective = fields[1];
    for (std::size_t i = 1; i < fields.size(); ++i) builder.add_name(*place, fields[i], true);
  }
}

}  // namespace

std::vector<NameWord> split_name(std::string_view name) {
  std::vector<NameWord> words;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(name.data());
  const auto length = static_cast<std::int32_t>(name.size());
  std::int32_t i = 0;
  std::int32_t start = -1;
  auto flush = [&](std::int32_t end) {
    if (start < 0) return;
    std::string_view surface = name.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
    start = -1;
    std::string term = Analyser::normalise(surface);
    while (!term.empty() && term.back() == '.') term.pop_back();
    while (!term.empty() && term.front() == '.') term.erase(term.begin());
    if (!term.empty()) words.push_back({std::move(term), case_of(surface), surface.back() == '.'});
  };
  while (i < length) {
    const std::int32_t at = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    const bool in_word = u_isalnum(c) || c == '.' || (start >= 0 && is_apostrophe(c));
    if (in_word && start < 0) start = at;
    if (!in_word) flush(at);
  }
  flush(length);
  return words;
}

std::string join_terms(const std::vector<std::string>& terms) {
  std::string key;
  for (const std::string& term : terms) {
    if (!key.empty()) key.push_back(' ');
    key += term;
  }
  return key;
}

EntityLexicon EntityLexicon::load(const Locate& locate) {
  EntityLexicon lex;
  LexiconBuilder builder(lex);
  auto lines = [&locate](std::string_view file) { return data_file_lines(locate(file)); };

  // Data first, so its canonical spellings win over ICU's.
  for (const std::string& line : lines("places.tsv")) builder.add_known_line(EntityType::place, line);
  TermSet excluded;
  for (const std::string& line : lines("place_exclusions.txt")) excluded.insert(LexiconBuilder::key_of(line));
  load_icu_places(builder, lex, excluded);
  load_nationalities(builder, lex, lines("nationalities.tsv"));
  for (const std::string& line : lines("organisations.tsv")) builder.add_known_line(EntityType::org, line);
  for (const std::string& line : lines("people.tsv")) builder.add_known_line(EntityType::person, line);
  for (auto& [first, names] : lex.names_by_first_term) {
    std::stable_sort(names.begin(), names.end(),
                     [](const KnownName& a, const KnownName& b) { return a.terms.size() > b.terms.size(); });
  }

  load_titles(lex, lines("person_titles.txt"));
  load_head_words(lex, lines("head_words.tsv"));
  load_name_parts(lex, lines("name_parts.tsv"));
  load_non_entity_words(lex, lines("non_entity_words.tsv"));
  load_sports_words(lex, lines("sports_words.tsv"));
  lex.given_names = term_set(words_of(lines("given_names.txt")));
  lex.east_asian_family_names = term_set(words_of(lines("family_names_east_asian.txt")));
  lex.common_words = term_set(words_of(lines("common_words.txt")));
  lex.acronym_stoplist = term_set(words_of(lines("acronym_stoplist.txt")));
  lex.speech_verbs = term_set(words_of(lines("speech_verbs.txt")));
  lex.person_nouns = term_set(words_of(lines("person_nouns.txt")));
  lex.word_flags = WordFlagTable(lex);
  return lex;
}

WordFlagTable::WordFlagTable(const EntityLexicon& lex) {
  std::unordered_map<std::uint64_t, std::uint32_t> flags;
  auto add = [&flags](std::string_view term, std::uint32_t flag) { flags[stable_hash(term)] |= flag; };
  const std::pair<const TermSet*, WordFlag> sets[] = {
      {&lex.given_names, kGivenName},
      {&lex.common_words, kCommonWord},
      {&lex.never_name_words, kNeverName},
      {&lex.before_number_words, kBeforeNumber},
      {&lex.particles, kParticle},
      {&lex.suffixes, kNameSuffix},
      {&lex.speech_verbs, kSpeechVerb},
      {&lex.east_asian_family_names, kEastAsianFamily},
      {&lex.acronym_stoplist, kAcronymStop},
      {&lex.person_nouns, kPersonNoun},
      {&lex.dotted_abbreviations, kDottedAbbreviation},
      {&lex.sports_headings, kSportsHeading},
      {&lex.result_words, kResultWord},
  };
  for (const auto& [set, flag] : sets) {
    for (const std::string& term : *set) add(term, flag);
  }
  for (const auto& [term, head] : lex.head_words) {
    add(term, kHeadWord);
    if (head.kind == HeadKind::org) add(term, kOrgHead);
    if (head.kind == HeadKind::place) add(term, kPlaceHead);
  }
  for (const auto& [term, phrases] : lex.titles_by_last_term) add(term, kTitleEnd);
  for (const auto& [term, names] : lex.names_by_first_term) add(term, kNameStart);
  std::size_t size = 64;
  while (size < 2 * flags.size()) size *= 2;
  slots_.resize(size);
  for (const auto& [term, bits] : flags) {
    std::size_t k = term & (size - 1);
    while (slots_[k].flags != 0) k = (k + 1) & (size - 1);
    slots_[k] = {term, bits};
  }
}

}  // namespace news
