#include "entities/coreference.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "text/text_util.h"
#include "entities/context_rules.h"
#include "entities/span_names.h"

namespace news::recognition {

namespace {

// The people named in full in an article, and what a shorter mention becomes.
struct ArticlePeople {
  TermMap<std::string> by_full;   // "fumio kishida" -> "Fumio Kishida"
  TermMap<std::string> by_short;  // "kishida" -> "Fumio Kishida"
  TermMap<std::vector<std::size_t>> by_first_word;  // "fumio" -> a.found entries of full names
};

std::string terms_key(std::string_view name) {
  std::vector<std::string> terms;
  for (NameWord& word : split_name(name)) terms.push_back(std::move(word.term));
  return join_terms(terms);
}

// Acronyms stand for an organisation named in full in the same article when
// their letters start its words in order ("TEA", "Texas Education Agency";
// "SEATO", "Southeast Asia Treaty Organization"): each word's initial, and
// optionally more letters from inside a word.
bool acronym_of(std::string_view acronym, const std::vector<std::string>& words, std::size_t word, std::size_t at) {
  if (acronym.empty()) return word == words.size() || (at > 0 && word + 1 == words.size());
  if (word == words.size()) return false;
  const std::string& w = words[word];
  if (at == 0) {
    if (w.empty() || w[0] != acronym[0]) return false;
    return acronym_of(acronym.substr(1), words, word + 1, 0) || acronym_of(acronym.substr(1), words, word, 1);
  }
  for (std::size_t i = at; i < w.size(); ++i) {
    if (w[i] == acronym[0] &&
        (acronym_of(acronym.substr(1), words, word + 1, 0) || acronym_of(acronym.substr(1), words, word, i + 1))) {
      return true;
    }
  }
  return false;
}

bool is_acronym_of(std::string_view acronym, std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    const char c = i < name.size() ? name[i] : ' ';
    if (c == ' ' || c == '-') {
      const bool skip = word == "of" || word == "the" || word == "and" || word == "for" || word == "on";
      if (!word.empty() && !skip) words.push_back(word);
      word.clear();
    } else {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  std::string lower;
  for (char c : acronym) {
    if (c != '.') lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return words.size() >= 2 && acronym_of(lower, words, 0, 0);
}

// Groups full names by family name; names of one group that share the first
// word are one person ("Ivan Allen", "Ivan Allen Jr."), written the longest
// way. A surname shared by different people goes to the first one named,
// who is usually the one the article goes on about.
ArticlePeople join_full_names(RecognitionState& a) {
  std::vector<Found>& found = a.found;
  ArticlePeople people;
  TermMap<std::vector<std::size_t>> groups;
  for (std::size_t f = 0; f < found.size(); ++f) {
    if (found[f].type != EntityType::person || found[f].name.find(' ') == std::string::npos) continue;
    for (const std::string& form : person_short_forms(a.lex, found[f].name)) groups[terms_key(form)].push_back(f);
    people.by_first_word[terms_key(space_separated_words(found[f].name).front())].push_back(f);
  }
  for (auto& [key, members] : groups) {
    std::sort(members.begin(), members.end(),
              [&found](std::size_t x, std::size_t y) { return found[x].first < found[y].first; });
    const std::string first_word = space_separated_words(found[members.front()].name).front();
    std::string best = found[members.front()].name;
    for (std::size_t f : members) {
      const std::string& name = found[f].name;
      if (space_separated_words(name).front() == first_word && space_separated_words(name).size() > space_separated_words(best).size()) {
        best = name;
      }
    }
    for (std::size_t f : members) {
      if (space_separated_words(found[f].name).front() == first_word) found[f].name = best;
    }
    people.by_short[key] = best;
  }
  for (const Found& f : found) {
    if (f.type != EntityType::person || f.name.find(' ') == std::string::npos) continue;
    people.by_full[terms_key(f.name)] = f.name;
  }
  return people;
}

// An acronym: the organisation of this article it abbreviates, else its letters.
std::string acronym_name(const RecognitionState& a, std::string_view word, std::size_t named) {
  std::string name;
  for (std::size_t f = 0; f < named; ++f) {
    if (a.found[f].type == EntityType::org && is_acronym_of(word, a.found[f].name)) name = a.found[f].name;
  }
  if (name.empty()) {
    for (char c : without_possessive(word)) {
      if (c != '.') name.push_back(c);
    }
  }
  return name;
}

// Words no rule explained while reading: a person named in this article, an
// acronym, or a person or place by context.
void type_pending(RecognitionState& a, const ArticlePeople& people) {
  const std::size_t named = a.found.size();
  // The same acronym recurs; what it stands for depends only on the word.
  std::map<std::string, std::string, std::less<>> acronyms;
  auto acronym = [&](std::string_view word) -> const std::string& {
    auto it = acronyms.find(word);
    if (it == acronyms.end()) it = acronyms.emplace(std::string(word), acronym_name(a, word, named)).first;
    return it->second;
  };
  // A word in capitals placed by context ("VAIL, Colorado", "in TIGNES": a
  // dateline) is that place everywhere in the article, not an acronym.
  TermMap<std::pair<EntityType, std::string>> by_context;
  for (const Span& span : a.pending) {
    const std::uint32_t b = span.first;
    if (span.end - b != 1 || !a.shape[b].upper || a.in_headline(b)) continue;
    if (place_context(a, b) || city_state_context(a, span.end)) {
      by_context[a.term(b)] = {EntityType::place, title_cased(span_text(a, b, span.end))};
    }
  }
  for (const Span& span : a.pending) {
    const std::uint32_t b = span.first;
    const std::uint32_t e = span.end;
    std::string key;
    for (std::uint32_t i = b; i < e; ++i) key += (i > b ? " " : "") + a.term(i);
    if (auto it = people.by_full.find(key); it != people.by_full.end()) {
      a.add(EntityType::person, b, e, it->second, Evidence::weak);
      continue;
    }
    // "Colquitt Policeman Tom Williams" was named; "Ordinary Williams" is him
    // or his namesake, never "Ordinary Williams".
    if (auto it = people.by_short.find(a.term(e - 1)); it != people.by_short.end()) {
      a.add(EntityType::person, e - 1, e, it->second, Evidence::weak);
      continue;
    }
    const bool headline = a.in_headline(b);
    if (auto typed = by_context.find(key); typed != by_context.end()) {  // "TIGNES, France" ... "in TIGNES"
      a.add(typed->second.first, b, e, typed->second.second, Evidence::known);
      continue;
    }
    if (e - b == 1) {
      const Shape& s = a.shape[b];
      if (s.upper && s.letters <= 6 && !a.lex.acronym_stoplist.contains(key) && !headline && !a.shouting) {
        a.add(EntityType::org, b, e, acronym(a.surface(b)), Evidence::weak);
        continue;
      }
    }
    if (headline || e - b > 3) continue;
    bool name_like = true;
    for (std::uint32_t i = b; i < e; ++i) {
      name_like = name_like && a.shape[i].cap && !a.shape[i].upper && !a.is(i, kCommonWord) &&
                  !a.is(i, kTitleEnd) && !a.is(i, kHeadWord);
    }
    if (!name_like) continue;
    const bool mid_sentence = !a.tokens[b].sentence_start;
    const bool after_the = b > 0 && a.term(b - 1) == "the";  // "the House": no person's name
    const bool before_head = e < a.n && !a.shape[e].cap && a.is(e, kHeadWord);  // "Criminal court"
    if (!a.shape[e - 1].possessive && !before_head && (place_context(a, b) || city_state_context(a, e))) {
      a.add(EntityType::place, b, e, span_text(a, b, e), Evidence::weak);
      by_context[key] = {EntityType::place, a.found.back().name};
    } else if (e - b == 1 && person_noun_context(a, b, e)) {
      a.add(EntityType::person, b, e, span_text(a, b, e), Evidence::weak);
    } else if (!after_the && (apposition_context(a, e) || (said_context(a, b, e) && (mid_sentence || e - b > 1)) ||
                              (e - b == 1 && mid_sentence && a.shape[b].possessive))) {
      a.add(EntityType::person, b, e, span_text(a, b, e), Evidence::weak);
    }
  }
}

// One-word people found by a title or context take the full name: by family
// name ("Mr. Kishida"), else by first name when only one person has it
// ("Prince Souvanna" for Souvanna Phouma).
void join_one_word_people(RecognitionState& a, const ArticlePeople& people) {
  for (Found& f : a.found) {
    if (f.type != EntityType::person || f.name.find(' ') != std::string::npos) continue;
    const std::string key = terms_key(f.name);
    if (auto it = people.by_short.find(key); it != people.by_short.end()) {
      f.name = it->second;
    } else if (auto first = people.by_first_word.find(key); first != people.by_first_word.end()) {
      std::set<std::string> names;
      for (std::size_t g : first->second) names.insert(a.found[g].name);
      if (names.size() == 1) f.name = *names.begin();
    }
  }
}

// How many articles' entries carry each organisation name, kept as names
// change, with the names also kept reversed: a longer name that starts or
// ends with a given one is then a range of either map, where comparing every
// entry with every other made a long article quadratic.
class OrgNames {
 public:
  explicit OrgNames(const std::vector<Found>& found) {
    for (const Found& f : found) {
      if (f.type == EntityType::org) add(f.name);
    }
  }
  void add(const std::string& name) { ++forward_[name], ++backward_[reversed(name)]; }
  void rename(const std::string& from, const std::string& to) {
    remove(from);
    add(to);
  }
  // The one name that starts with `prefix`, or ends with `suffix` (either
  // may be empty: not asked), when exactly one such name exists.
  std::optional<std::string> only_one(std::string_view prefix, std::string_view suffix) const {
    std::set<std::string> names;
    if (!prefix.empty()) {
      for (auto it = forward_.lower_bound(prefix); it != forward_.end() && it->first.starts_with(prefix) && names.size() < 2; ++it) {
        names.insert(it->first);
      }
    }
    if (!suffix.empty()) {
      const std::string back = reversed(suffix);
      for (auto it = backward_.lower_bound(back); it != backward_.end() && it->first.starts_with(back) && names.size() < 2; ++it) {
        names.insert(reversed(it->first));
      }
    }
    if (names.size() != 1) return std::nullopt;
    return *names.begin();
  }

 private:
  static std::string reversed(std::string_view s) { return std::string(s.rbegin(), s.rend()); }
  static void drop(std::map<std::string, int, std::less<>>& counts, const std::string& key) {
    auto it = counts.find(key);
    if (it != counts.end() && --it->second == 0) counts.erase(it);
  }
  void remove(const std::string& name) {
    drop(forward_, name);
    drop(backward_, reversed(name));
  }
  std::map<std::string, int, std::less<>> forward_;   // name -> entries
  std::map<std::string, int, std::less<>> backward_;  // reversed name -> entries
};

// A shorter name of an organisation named in full in the same article is that
// organisation: "Highway Department" after "State Highway Department",
// "Citizens Group" after "Citizens Group of Johnston".
void join_orgs(RecognitionState& a) {
  OrgNames orgs(a.found);
  // "Philip Morris" (a given name and a surname) where the article names
  // "Philip Morris Cos Inc": the company, not a person.
  for (Found& f : a.found) {
    if (f.type != EntityType::person || f.evidence == Evidence::known || f.name.find(' ') == std::string::npos) continue;
    if (std::optional<std::string> longer = orgs.only_one(f.name + " ", {})) {
      f.type = EntityType::org;
      f.name = std::move(*longer);
      orgs.add(f.name);
    }
  }
  for (Found& f : a.found) {
    if (f.type != EntityType::org) continue;
    if (std::optional<std::string> longer = orgs.only_one(f.name + " of ", " " + f.name)) {
      orgs.rename(f.name, *longer);
      f.name = std::move(*longer);
    }
  }
}

}  // namespace

void canonicalise_names(RecognitionState& a) {
  const ArticlePeople people = join_full_names(a);
  type_pending(a, people);
  join_one_word_people(a, people);
  join_orgs(a);
}

std::vector<std::string> person_short_forms(const EntityLexicon& lex, std::string_view canonical) {
  std::vector<std::string> words = space_separated_words(canonical);
  while (words.size() > 1 && lex.suffixes.contains(terms_key(words.back()))) words.pop_back();
  if (words.size() < 2) return {};
  const std::vector<NameWord> second = split_name(words[1]);
  const bool east_asian = lex.east_asian_family_names.contains(terms_key(words[0])) && words.size() <= 3 &&
                          !second.empty() && !lex.given_names.contains(second.front().term);
  if (east_asian) return {words[0]};
  std::vector<std::string> forms{words.back()};
  if (words.size() >= 3 && lex.particles.contains(terms_key(words[words.size() - 2]))) {
    forms.push_back(words[words.size() - 2] + " " + words.back());
  }
  return forms;
}

}  // namespace news::recognition
