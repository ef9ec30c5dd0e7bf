// The recogniser's rules. An article is cut into "chunks": runs of capitalised
// words in one sentence, joined by spaces, hyphens, the full stop of an
// initial or abbreviation, and small connectors (of, the, and, de...). Each
// chunk is then classified, most specific evidence first:
//   known name (data/ICU) > possessive split > head word (Embassy, Sea) >
//   title before a name (Prime Minister, Mr.) > connectors (X of Y, A and B) >
//   given name / initial / East Asian family name > known names inside.
// What is left ("Kishida", "Putin's", "TASS") waits until the whole article is
// read: it joins a person named in full elsewhere in the article, or is an
// acronym, or a person by context (possessive, "said").
#include "entities/entities.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <filesystem>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "text/data_files.h"
#include "entities/entity_lexicon.h"

namespace news {

struct EntityRecognizer::Data {
  EntityLexicon lex;
};

namespace {

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

enum class Evidence { known, strong, weak };

struct Found {
  EntityType type;
  std::uint32_t first;
  std::uint32_t end;
  std::string name;
  Evidence evidence;
};

struct Span {
  std::uint32_t first;
  std::uint32_t end;
};

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool is_possessive(std::string_view s) {
  return ends_with(s, "'s") || ends_with(s, "\xE2\x80\x99s") || ends_with(s, "s'") || ends_with(s, "s\xE2\x80\x99");
}

// "NATO's" -> "NATO", "Philippines'" -> "Philippines".
std::string_view without_possessive(std::string_view s) {
  for (std::string_view tail : {"'s", "\xE2\x80\x99s", "'", "\xE2\x80\x99"}) {
    if (ends_with(s, tail)) return s.substr(0, s.size() - tail.size());
  }
  return s;
}

bool is_roman_numeral(std::string_view s) {
  return !s.empty() && s.find_first_not_of("IVXLCDM") == std::string_view::npos;
}

// Letters of a word: how many (up to 15), whether the first is upper-case,
// whether any is lower-case. ASCII words, the common case, skip ICU.
void letter_shape(std::string_view s, Shape& shape) {
  bool any_lower = false;
  bool first_seen = false;
  int letters = 0;
  std::int32_t i = 0;
  const auto length = static_cast<std::int32_t>(s.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  while (i < length) {
    UChar32 c = bytes[i];
    if (c < 0x80) {
      ++i;
      const bool upper = c >= 'A' && c <= 'Z';
      const bool lower = c >= 'a' && c <= 'z';
      if (!upper && !lower) continue;
      if (!first_seen) shape.cap = upper;
      first_seen = true;
      any_lower = any_lower || lower;
    } else {
      U8_NEXT(bytes, i, length, c);
      if (!u_isalpha(c)) continue;
      if (!first_seen) shape.cap = u_isupper(c) || u_istitle(c);
      first_seen = true;
      any_lower = any_lower || u_islower(c);
    }
    if (letters < 15) ++letters;
  }
  shape.letters = static_cast<std::uint8_t>(letters);
  shape.upper = shape.cap && letters >= 2 && !any_lower;
}

// The rules applied to one article. Lives for one recognise() call, so the
// recogniser itself stays immutable and thread-safe.
class ArticleRecognition {
 public:
  ArticleRecognition(const EntityLexicon& lex, std::string_view text, const std::vector<Token>& tokens)
      : lex_(lex), text_(text), tokens_(tokens), n_(static_cast<std::uint32_t>(tokens.size())) {}

  std::vector<EntityMention> run();

 private:
  struct Match {
    std::uint32_t end;
    const KnownName* name;
  };

  // --- token facts ---
  const std::string& term(std::uint32_t i) const { return tokens_[i].term; }
  std::string_view surface(std::uint32_t i) const {
    return text_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
  }
  bool in_headline(std::uint32_t i) const { return headline_ && i < title_end_; }
  bool is_connector(std::uint32_t i) const {
    if (shape_[i].cap) return false;
    const std::string& t = term(i);
    return t == "of" || t == "the" || t == "and" || t == "for" || t == "on" || lex_.particles.contains(t);
  }
  bool is_head(std::uint32_t i, HeadKind kind) const {
    auto it = lex_.head_words.find(term(i));
    return it != lex_.head_words.end() && it->second.kind == kind && !it->second.prefix;
  }
  const HeadWord* head_at(std::uint32_t i) const {
    auto it = lex_.head_words.find(term(i));
    return it == lex_.head_words.end() ? nullptr : &it->second;
  }
  bool never_name(std::uint32_t i) const {
    return lex_.never_name_words.contains(term(i)) ||
           (lex_.before_number_words.contains(term(i)) && i + 1 < n_ && tokens_[i + 1].is_number);
  }

  void compute_shapes();
  void mark_nicknames();
  void detect_headline();
  void cut_chunks();

  std::optional<Match> match_known(std::uint32_t i, std::uint32_t limit, bool lower_first = false) const;
  std::optional<std::uint32_t> title_ending_at(std::int64_t j) const;
  bool title_ends_chunk(std::uint32_t b, std::uint32_t e) const;
  bool person_start(std::uint32_t i, std::uint32_t e) const;
  std::uint32_t person_end(std::uint32_t p, std::uint32_t e) const;
  std::string span_text(std::uint32_t b, std::uint32_t e) const;
  std::string org_name(std::uint32_t b, std::uint32_t e) const;

  void classify(std::uint32_t b, std::uint32_t e);
  void after_person(std::uint32_t from, std::uint32_t e);
  bool has_name_word(std::uint32_t b, std::uint32_t e) const;
  bool head_of_name(std::uint32_t b, std::uint32_t k, std::uint32_t e, const HeadWord& head);
  bool split_possessive(std::uint32_t b, std::uint32_t e);
  bool head_word_name(std::uint32_t b, std::uint32_t e);
  bool title_split(std::uint32_t b, std::uint32_t e);
  bool connector_split(std::uint32_t b, std::uint32_t e);
  bool person_by_signal(std::uint32_t b, std::uint32_t e);
  void known_and_rest(std::uint32_t b, std::uint32_t e);

  void emit(EntityType type, std::uint32_t b, std::uint32_t e, std::string name, Evidence evidence) {
    found_.push_back({type, b, e, std::move(name), evidence});
  }
  void emit_known(const Match& m, std::uint32_t b) {
    const KnownEntity& entity = lex_.entities[m.name->entity];
    emit(entity.type, b, m.end, entity.canonical, Evidence::known);
  }
  void emit_person(std::uint32_t b, std::uint32_t e, Evidence evidence) {
    emit(EntityType::person, b, e, span_text(b, e), evidence);
  }

  bool said_context(std::uint32_t b, std::uint32_t e) const;
  bool apposition_context(std::uint32_t e) const;
  bool place_context(std::uint32_t b) const;
  bool city_state_context(std::uint32_t e) const;
  bool person_noun_context(std::uint32_t b, std::uint32_t e) const;
  void resolve_pending(const TermMap<std::string>& by_full, const TermMap<std::string>& by_short);
  void join_people();
  void join_orgs();

  const EntityLexicon& lex_;
  std::string_view text_;
  const std::vector<Token>& tokens_;
  const std::uint32_t n_;
  std::vector<Shape> shape_;
  std::vector<Found> found_;
  std::vector<Span> pending_;
  std::uint32_t title_end_ = 0;
  bool headline_ = false;
  bool shouting_ = false;  // mostly capitals: capitals are no acronyms
};

void ArticleRecognition::compute_shapes() {
  shape_.resize(n_);
  for (std::uint32_t i = 0; i < n_; ++i) {
    Shape& s = shape_[i];
    std::string_view word = surface(i);
    s.possessive = is_possessive(word);
    if (s.possessive) word = without_possessive(word);
    letter_shape(word, s);
    s.dot_after = tokens_[i].end < text_.size() && text_[tokens_[i].end] == '.';
    s.initial = s.cap && s.letters == 1 && s.dot_after && word.size() <= 2;
    if (i == 0 || tokens_[i].sentence_start || tokens_[i].paragraph_start) continue;
    const Shape& prev = shape_[i - 1];
    const std::string_view gap = text_.substr(tokens_[i - 1].end, tokens_[i].begin - tokens_[i - 1].end);
    // Only a gap with a full stop needs the (hashed) abbreviation test.
    const bool abbreviation = gap.find('.') != std::string_view::npos &&
                              (prev.initial || surface(i - 1).find('.') != std::string_view::npos ||
                               lex_.dotted_abbreviations.contains(term(i - 1)));
    // A hyphen joins only when it is the whole gap ("Indo-Pacific",
    // "U.S.-Japan"), not a dash between spaces ("Austin, Texas -- Committee").
    const bool hyphen_only = gap == "-" || (abbreviation && gap == ".-");
    const bool ampersand = gap == " & " || gap == "&";  // "Texas A & I College", "Scott & Co."
    bool ok = true;
    int newlines = 0;
    for (std::size_t k = 0; k < gap.size() && ok; ++k) {
      const char c = gap[k];
      if (c == ' ' || c == '\t' || c == '\r' || (c == '-' && hyphen_only) || (c == '&' && ampersand)) continue;
      if (c == '\n') {
        ok = ++newlines < 2;
      } else if (c == '.') {
        ok = abbreviation;
      } else if (c == '\xC2' && k + 1 < gap.size() && gap[k + 1] == '\xA0') {
        ++k;  // no-break space
      } else {
        ok = false;
      }
    }
    s.joined = ok;
    s.hyphen = gap == "-";
  }
  mark_nicknames();
  std::uint32_t words = 0;
  std::uint32_t shouted = 0;
  for (const Shape& s : shape_) {
    words += s.letters >= 2;
    shouted += s.upper;
  }
  shouting_ = words >= 20 && shouted * 2 > words;
}

// A nickname in brackets or quotes between name words joins them: "V. E. (Red)
// Berry", "Thomas \"Tip\" O'Neill". It tells a person, and is left out of the name.
void ArticleRecognition::mark_nicknames() {
  for (std::uint32_t i = 1; i + 1 < n_; ++i) {
    if (!shape_[i - 1].cap || !shape_[i].cap || !shape_[i + 1].cap || shape_[i].upper || shape_[i].letters < 2) continue;
    if (tokens_[i].sentence_start || tokens_[i + 1].sentence_start || tokens_[i].paragraph_start ||
        tokens_[i + 1].paragraph_start) {
      continue;
    }
    const std::string_view before = text_.substr(tokens_[i - 1].end, tokens_[i].begin - tokens_[i - 1].end);
    const std::string_view after = text_.substr(tokens_[i].end, tokens_[i + 1].begin - tokens_[i].end);
    const bool brackets = (before == " (" || before == ". (") && after == ") ";
    const bool quotes = (before == " \"" || before == " \xE2\x80\x9C") && (after == "\" " || after == "\xE2\x80\x9D ");
    if (!brackets && !quotes) continue;
    if (match_known(i - 1, i)) continue;  // "Moscow (Russia) ..." is no name
    shape_[i].nickname = true;
    shape_[i].joined = shape_[i + 1].joined = true;
  }
}

// A title written in headline case ("Russia Warns America's Closest Ally")
// capitalises every word, so there capitals prove nothing: only known names,
// titles and people named in the body count.
void ArticleRecognition::detect_headline() {
  title_end_ = 1;
  while (title_end_ < n_ && !tokens_[title_end_].paragraph_start) ++title_end_;
  if (n_ == 0) title_end_ = 0;
  int words = 0;
  int capitalised = 0;
  for (std::uint32_t i = 0; i < title_end_; ++i) {
    if (shape_[i].letters == 0 || shape_[i].letters > 3 || shape_[i].cap) {
      if (shape_[i].letters == 0 || lex_.common_words.contains(term(i))) continue;
    } else {
      continue;  // short lower-case words (of, in, to) are lower-case in headlines too
    }
    ++words;
    if (shape_[i].cap) ++capitalised;
  }
  headline_ = words >= 3 && capitalised * 4 >= words * 3;
}

void ArticleRecognition::cut_chunks() {
  std::uint32_t i = 0;
  while (i < n_) {
    if (!shape_[i].cap || tokens_[i].is_number) {
      ++i;
      continue;
    }
    if (shape_[i].hyphen && !shape_[i - 1].cap) {  // "trans-Atlantic" is an adjective
      if (auto m = match_known(i - 1, n_, true); m && m->name->adjective && m->end > i) {
        i = m->end;
        continue;
      }
    }
    const std::uint32_t b = i;
    std::uint32_t e = i + 1;
    // No name is this long; the cap keeps the recursive rules linear on
    // text written in capitals or title case throughout.
    constexpr std::uint32_t kMaxChunk = 40;
    while (e < n_ && shape_[e].joined && e - b < kMaxChunk) {
      if (shape_[e].cap && term(e) == "the") break;  // "Washington The White House": a new name
      if (shape_[e].cap && !tokens_[e].is_number) {
        ++e;
      } else if (shape_[e].hyphen && shape_[e].letters <= 4 && shape_[e].letters > 0) {
        ++e;  // Jae-in, Jong-un: short lower-case pieces after a hyphen
      } else if (is_connector(e) && e + 1 < n_ && shape_[e + 1].joined && shape_[e + 1].cap && !never_name(e + 1)) {
        e += 2;
      } else if ((term(e) == "of" || term(e) == "for") && e + 2 < n_ && term(e + 1) == "the" && shape_[e + 1].joined &&
                 shape_[e + 2].joined && shape_[e + 2].cap) {
        e += 3;
      } else {
        break;
      }
    }
    classify(b, e);
    i = e;
  }
}

std::optional<ArticleRecognition::Match> ArticleRecognition::match_known(std::uint32_t i, std::uint32_t limit,
                                                                        bool lower_first) const {
  if (i >= limit || (!shape_[i].cap && !lower_first)) return std::nullopt;
  auto it = lex_.names_by_first_term.find(term(i));
  if (it == lex_.names_by_first_term.end()) return std::nullopt;
  for (const KnownName& name : it->second) {
    const auto length = static_cast<std::uint32_t>(name.terms.size());
    if (i + length > limit) continue;
    bool ok = true;
    for (std::uint32_t k = 0; k < length && ok; ++k) {
      const Shape& s = shape_[i + k];
      ok = term(i + k) == name.terms[k] && (k == 0 || s.joined);
      if (ok && name.cases[k] == CaseRule::capitalised) ok = s.cap;
      if (ok && name.cases[k] == CaseRule::upper) ok = s.upper || (s.cap && s.letters == 1);
      if (ok && name.dotted[k]) ok = s.dot_after;  // "Ala." but not "De La Garza"
    }
    if (ok) return Match{i + length, &name};
  }
  return std::nullopt;
}

// The first token of the longest title phrase ending at token j, if any.
std::optional<std::uint32_t> ArticleRecognition::title_ending_at(std::int64_t j) const {
  if (j < 0 || j >= n_) return std::nullopt;
  const auto last = static_cast<std::uint32_t>(j);
  auto it = lex_.titles_by_last_term.find(term(last));
  if (it == lex_.titles_by_last_term.end()) return std::nullopt;
  for (const auto& phrase : it->second) {
    const auto length = static_cast<std::uint32_t>(phrase.size());
    if (length > last + 1) continue;
    const std::uint32_t start = last + 1 - length;
    bool ok = true;
    for (std::uint32_t k = 0; k < length && ok; ++k) {
      ok = term(start + k) == phrase[k] && (k == 0 || shape_[start + k].joined);
    }
    if (ok) return start;
  }
  return std::nullopt;
}

// "Secretary of State", "Attorney General": a chunk that is only a title.
bool ArticleRecognition::title_ends_chunk(std::uint32_t b, std::uint32_t e) const {
  const auto start = title_ending_at(e - 1);
  return start && *start <= b;
}

bool ArticleRecognition::person_start(std::uint32_t i, std::uint32_t e) const {
  if (i + 1 >= e || !shape_[i].cap) return false;
  std::uint32_t next = i + 1;
  if (!shape_[next].cap && lex_.particles.contains(term(next)) && next + 1 < e) ++next;
  if (!shape_[next].cap || never_name(next)) return false;
  if (!shape_[next].initial && (lex_.head_words.contains(term(next)) || lex_.common_words.contains(term(next)))) {
    return false;
  }
  if (shape_[i].initial || shape_[i + 1].nickname) return true;
  if (lex_.given_names.contains(term(i))) return true;
  // Family name first, then one or two given-name words, and nothing after.
  return lex_.east_asian_family_names.contains(term(i)) && e - i <= 3 && !shape_[next].upper;
}

std::uint32_t ArticleRecognition::person_end(std::uint32_t p, std::uint32_t e) const {
  std::uint32_t q = p;
  while (q < e) {
    if (q > p && !shape_[q].joined) break;
    if (shape_[q].cap) {
      if (never_name(q)) break;
      if (q > p) {
        const HeadWord* head = head_at(q);
        if (head && head->suffix && head->kind != HeadKind::ignore && !lex_.suffixes.contains(term(q))) break;
      }
      ++q;
      if (shape_[q - 1].possessive) break;
    } else if (q > p && shape_[q].hyphen && shape_[q].letters > 0 && shape_[q].letters <= 4) {
      ++q;
    } else if (q > p && lex_.particles.contains(term(q)) && q + 1 < e && shape_[q + 1].cap) {
      ++q;
    } else {
      break;
    }
  }
  return q;
}

std::string ArticleRecognition::span_text(std::uint32_t b, std::uint32_t e) const {
  for (std::uint32_t k = b + 1; k + 1 < e; ++k) {
    if (shape_[k].nickname) return span_text(b, k) + " " + span_text(k + 1, e);
  }
  const std::string_view raw = text_.substr(tokens_[b].begin, tokens_[e - 1].end - tokens_[b].begin);
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
  if (shape_[e - 1].possessive) {
    if (ends_with(out, "'s")) {
      out.resize(out.size() - 2);
    } else if (ends_with(out, "'")) {
      out.pop_back();
    }
  } else if (shape_[e - 1].dot_after && (shape_[e - 1].initial || lex_.dotted_abbreviations.contains(term(e - 1)))) {
    out.push_back('.');
  }
  return out;
}

// An organisation named by a head word. A known place leading it is written
// canonically ("U.S. Embassy" -> "United States Embassy"), and a short name
// after a country's possessive takes the country's adjective ("Russia's
// Foreign Ministry" -> "Russian Foreign Ministry").
std::string ArticleRecognition::org_name(std::uint32_t b, std::uint32_t e) const {
  std::string name;
  if (auto m = match_known(b, e); m && m->end < e && !m->name->adjective && lex_.entities[m->name->entity].is_country) {
    name = lex_.entities[m->name->entity].canonical + " " + span_text(m->end, e);
  } else {
    name = span_text(b, e);
  }
  if (e - b <= 2 && b > 0 && shape_[b - 1].possessive) {
    for (std::uint32_t s = b; s-- > 0 && b - s <= 4;) {
      auto owner = match_known(s, b);
      if (owner && owner->end == b) {
        const KnownEntity& place = lex_.entities[owner->name->entity];
        if (place.is_country && !place.adjective.empty()) name = place.adjective + " " + name;
        break;
      }
    }
  }
  return name;
}

void ArticleRecognition::classify(std::uint32_t b, std::uint32_t e) {
  // Lower-case edges (connectors, hyphenated pieces) are never part of a name,
  // nor are everyday words capitalised by a sentence start ("The", "Like").
  while (b < e && !shape_[b].cap) ++b;
  while (b < e && (!shape_[e - 1].cap || never_name(e - 1))) --e;  // "the Georgia House Monday"
  const bool at_start = b < e && (tokens_[b].sentence_start || in_headline(b));
  while (at_start && b < e && lex_.common_words.contains(term(b)) && !match_known(b, e) && !title_ending_at(b)) {
    ++b;
    while (b < e && !shape_[b].cap) ++b;
  }
  if (b >= e) return;
  if (auto m = match_known(b, e); m && m->end == e) {
    if (!m->name->adjective) emit_known(*m, b);
    return;
  }
  if (term(b) == "the" && b + 1 < e) {  // "The Advisory Committee": known names ("The Hague") matched above
    classify(b + 1, e);
    return;
  }
  if (title_ends_chunk(b, e)) return;
  if (split_possessive(b, e) || head_word_name(b, e) || title_split(b, e) || connector_split(b, e) ||
      person_by_signal(b, e)) {
    return;
  }
  known_and_rest(b, e);
}

// After a person's name: "James Cotten of Weatherford" names his home town.
void ArticleRecognition::after_person(std::uint32_t from, std::uint32_t e) {
  if (from >= e) return;
  const std::uint32_t r = from + 1;
  if (term(from) != "of" || shape_[from].cap || r >= e || !shape_[r].cap || in_headline(r)) {
    classify(from, e);
    return;
  }
  std::uint32_t q = r;
  while (q < e && shape_[q].cap) ++q;
  const HeadWord* head = head_at(q - 1);
  const bool plain = q - r <= 3 && !match_known(r, q) && !(head && head->suffix) && !person_start(r, q) &&
                     !lex_.common_words.contains(term(r)) && !never_name(r) && !shape_[r].upper;
  if (!plain) {
    classify(r, e);
    return;
  }
  emit(EntityType::place, r, q, span_text(r, q), Evidence::weak);
  if (q < e) classify(q, e);
}

// "Japan's Foreign Minister Yoko Kamikawa" is two names; "Fulton Tax
// Commissioner's Office" and "People's Liberation Army" are one.
bool ArticleRecognition::split_possessive(std::uint32_t b, std::uint32_t e) {
  for (std::uint32_t k = b; k + 1 < e; ++k) {
    if (!shape_[k].possessive) continue;
    if (auto m = match_known(b, e); m && m->end > k + 1) return false;
    const HeadWord* head = head_at(e - 1);
    const bool generic_owner = title_ending_at(k) || lex_.common_words.contains(term(k)) ||
                               ends_with(surface(k), "'") || ends_with(surface(k), "\xE2\x80\x99");
    if (head && head->kind == HeadKind::org && head->suffix && generic_owner) return false;
    classify(b, k + 1);
    classify(k + 1, e);
    return true;
  }
  return false;
}

bool ArticleRecognition::head_word_name(std::uint32_t b, std::uint32_t e) {
  if (e - b < 2 || in_headline(b)) return false;
  for (std::uint32_t k = b; k < e; ++k) {
    if (!shape_[k].cap && is_connector(k) && !lex_.particles.contains(term(k))) return false;  // X of Y first
  }
  const HeadWord* head = head_at(e - 1);
  if (head && head->kind == HeadKind::ignore) {
    // "Texas Sen. John Tower" and "John Tower" are people, not buildings.
    for (std::int64_t j = static_cast<std::int64_t>(e) - 2; j >= static_cast<std::int64_t>(b) - 1; --j) {
      if (title_ending_at(j)) return false;
    }
    if (e - b == 2 && person_start(b, e)) return false;
  }
  if (head && head->suffix && !title_ending_at(e - 1)) {
    if (head->kind == HeadKind::org) emit(EntityType::org, b, e, org_name(b, e), Evidence::strong);
    if (head->kind == HeadKind::place) emit(EntityType::place, b, e, span_text(b, e), Evidence::strong);
    return true;  // HeadKind::ignore: a street or building, not an entity
  }
  const HeadWord* first = head_at(b);
  if (first && first->prefix && shape_[b + 1].cap) {
    emit(EntityType::place, b, e, span_text(b, e), Evidence::strong);  // Mount Fuji, Lake Baikal
    return true;
  }
  if (first && first->compass) {  // "East St. Louis": a compass word before a known place
    auto m = match_known(b + 1, e);
    if (m && m->end == e && !m->name->adjective && lex_.entities[m->name->entity].type == EntityType::place) {
      emit(EntityType::place, b, e, span_text(b, e), Evidence::strong);
      return true;
    }
  }
  return false;
}

// A person's name needs one word that is more than an initial.
bool ArticleRecognition::has_name_word(std::uint32_t b, std::uint32_t e) const {
  for (std::uint32_t i = b; i < e; ++i) {
    if (shape_[i].cap && !shape_[i].initial) return true;
  }
  return false;
}

// "Russian Deputy Foreign Minister Igor Morgulov", "dictator Kim Jong Un": the
// capitalised words after the last title are a person's name.
bool ArticleRecognition::title_split(std::uint32_t b, std::uint32_t e) {
  for (std::int64_t j = static_cast<std::int64_t>(e) - 2; j >= static_cast<std::int64_t>(b) - 1; --j) {
    if (j < static_cast<std::int64_t>(b) && !shape_[b].joined) break;
    const auto start = title_ending_at(j);
    if (!start) continue;
    // "to whip TCU", "to judge Smith": a verb, not a title.
    if (j < static_cast<std::int64_t>(b) && *start > 0 && term(*start - 1) == "to") continue;
    const auto name_start = static_cast<std::uint32_t>(j + 1);
    if (!shape_[name_start].cap || shape_[name_start].upper || never_name(name_start)) continue;
    if (!shape_[name_start].initial && lex_.common_words.contains(term(name_start))) continue;
    const std::uint32_t name_end = person_end(name_start, e);
    if (name_end == name_start || !has_name_word(name_start, name_end)) continue;
    if (*start > b) classify(b, *start);
    emit_person(name_start, name_end, Evidence::strong);
    after_person(name_end, e);
    return true;
  }
  return false;
}

bool ArticleRecognition::connector_split(std::uint32_t b, std::uint32_t e) {
  std::uint32_t k = b + 1;
  while (k < e && !(is_connector(k) && !lex_.particles.contains(term(k)))) ++k;
  if (k >= e) return false;
  if (auto m = match_known(b, e); m && m->end > k) {  // "Bosnia and Herzegovina and ..."
    if (!m->name->adjective) emit_known(*m, b);
    classify(m->end, e);
    return true;
  }
  const std::string& connector = term(k);
  const HeadWord* head = head_at(k - 1);
  const auto title = title_ending_at(k - 1);
  const bool of_like = connector == "of" || connector == "for" || connector == "on";
  if (of_like && head && head->kind != HeadKind::ignore && !title && !in_headline(b) && head_of_name(b, k, e, *head)) {
    return true;
  }
  if (of_like && title) {
    // "Assistant Secretary for East Asian and Pacific Affairs Daniel J.
    // Kritenbrink": the words after the title are its portfolio, not places.
    for (std::uint32_t p = k + 1; p < e; ++p) {
      if (person_start(p, e)) {
        if (*title > b) classify(b, *title);
        const std::uint32_t name_end = person_end(p, e);
        emit_person(p, name_end, Evidence::strong);
        after_person(name_end, e);
        return true;
      }
    }
    // No person after it: "CEO of KDXR" names an organisation after all.
  }
  if (connector == "the" && !in_headline(b)) {  // "Peter the Great Gulf"
    const HeadWord* last = head_at(e - 1);
    if (last && last->kind != HeadKind::ignore && last->suffix) {
      const EntityType type = last->kind == HeadKind::place ? EntityType::place : EntityType::org;
      emit(type, b, e, span_text(b, e), Evidence::strong);
      return true;
    }
  }
  const std::size_t before = found_.size();
  classify(b, k);
  const bool person_before = found_.size() > before && found_.back().type == EntityType::person &&
                             found_.back().end == k;
  if (person_before) {
    after_person(k, e);
  } else {
    classify(k + 1, e);
  }
  return true;
}

// "Ministry of Foreign Affairs", "Gulf of Mexico", "Committee on Revenue and
// Taxation": a head word, then "of" and the rest of the name, which runs on
// until a title or a person begins.
bool ArticleRecognition::head_of_name(std::uint32_t b, std::uint32_t k, std::uint32_t e, const HeadWord& head) {
  std::uint32_t y = k + 1;
  while (y < e && !(shape_[y].cap && (title_ending_at(y) || person_start(y, e)))) ++y;
  while (y > k + 1 && !shape_[y - 1].cap) --y;
  std::uint32_t rest = k + 1;
  while (rest < y && !shape_[rest].cap) ++rest;
  if (rest >= y) return false;
  const auto known = match_known(rest, y);
  const bool known_whole = known && known->end == y && !known->name->adjective;
  // "Signal Corps of the U.S. Army" is two organisations, each named in full.
  const HeadWord* last = head_at(y - 1);
  const bool complete_org = (known_whole && lex_.entities[known->name->entity].type == EntityType::org) ||
                            (last && last->kind == HeadKind::org && last->suffix && y - rest >= 2);
  if (k - b >= 2 && complete_org) return false;
  // "City of Atlanta" is Atlanta.
  if (head.same_place && k - b == 1 && known_whole && lex_.entities[known->name->entity].type == EntityType::place) {
    emit(EntityType::place, b, y, lex_.entities[known->name->entity].canonical, Evidence::known);
  } else {
    // "Port of New York Authority" ends as an organisation.
    const bool org = head.kind == HeadKind::org || (last && last->kind == HeadKind::org && last->suffix);
    const EntityType type = org ? EntityType::org : EntityType::place;
    emit(type, b, y, org ? org_name(b, y) : span_text(b, y), Evidence::strong);
  }
  if (y < e) classify(y, e);
  return true;
}

// A given name, an initial or an East Asian family name followed by more
// name words: "Grant Newsham", "J. M. Cheshire", "Xi Jinping".
bool ArticleRecognition::person_by_signal(std::uint32_t b, std::uint32_t e) {
  if (in_headline(b)) return false;
  for (std::uint32_t i = b; i + 1 < e; ++i) {
    if (auto m = match_known(i, e)) {
      if (m->end - i >= 2 || lex_.entities[m->name->entity].type != EntityType::person) {
        i = m->end - 1;
        continue;
      }
    }
    if (!person_start(i, e)) continue;
    const std::uint32_t name_end = person_end(i, e);
    if (name_end - i < 2 || !has_name_word(i, name_end)) continue;
    // "Gaynor B. Jones": an unknown first name before a middle initial.
    std::uint32_t start = i;
    if (shape_[i].initial && i > b && shape_[i - 1].cap && !shape_[i - 1].initial && !shape_[i - 1].upper &&
        !lex_.common_words.contains(term(i - 1)) && !title_ending_at(i - 1) && !match_known(i - 1, i + 1) &&
        !lex_.head_words.contains(term(i - 1))) {
      start = i - 1;
    }
    if (start > b) classify(b, start);
    emit_person(start, name_end, Evidence::strong);
    after_person(name_end, e);
    return true;
  }
  return false;
}

// Known names inside the chunk; the words between them wait for the whole
// article (joining, acronyms, context).
void ArticleRecognition::known_and_rest(std::uint32_t b, std::uint32_t e) {
  std::uint32_t rest = b;
  auto flush = [this, &rest](std::uint32_t end) {
    if (end > rest) pending_.push_back({rest, end});
  };
  for (std::uint32_t i = b; i < e;) {
    if (auto m = match_known(i, e)) {
      flush(i);
      if (!m->name->adjective) emit_known(*m, i);
      i = rest = m->end;
      continue;
    }
    const bool breaker = !shape_[i].cap || never_name(i) || lex_.common_words.contains(term(i)) ||
                         lex_.acronym_stoplist.contains(term(i)) || is_roman_numeral(surface(i));
    if (breaker) {
      flush(i);
      rest = i + 1;
    }
    ++i;
  }
  flush(e);
}

bool ArticleRecognition::said_context(std::uint32_t b, std::uint32_t e) const {
  if (e < n_ && !tokens_[e].sentence_start && lex_.speech_verbs.contains(term(e))) return true;
  return b > 0 && !tokens_[b].sentence_start && lex_.speech_verbs.contains(term(b - 1));
}

// "Mayer Goldberg, attorney for...", "Dewey Lawrence, a Tyler lawyer": a name
// followed by a comma and, within a few words, a title or occupation.
bool ArticleRecognition::apposition_context(std::uint32_t e) const {
  if (e >= n_ || tokens_[e].sentence_start) return false;
  const std::string_view gap = text_.substr(tokens_[e - 1].end, tokens_[e].begin - tokens_[e - 1].end);
  if (gap.find(',') == std::string_view::npos) return false;
  const std::string& next = term(e);
  if (next == "and" || next == "or" || next == "but" || next == "who" || next == "which") return false;
  for (std::uint32_t i = e; i < n_ && i < e + 4; ++i) {
    if (i > e && tokens_[i].sentence_start) break;
    if (lex_.titles_by_last_term.contains(term(i))) return true;
  }
  return false;
}

// "in Seekonk", "near Kaesong": a capitalised name nothing else explains,
// after a preposition of place.
bool ArticleRecognition::place_context(std::uint32_t b) const {
  if (b == 0 || tokens_[b].sentence_start || shape_[b - 1].cap) return false;
  const std::string& before = term(b - 1);
  return before == "in" || before == "near";
}

// "Raymondville, Texas", "Opelika, Ala.": a name, a comma, a known place.
bool ArticleRecognition::city_state_context(std::uint32_t e) const {
  if (e >= n_ || tokens_[e].sentence_start) return false;
  const std::string_view gap = text_.substr(tokens_[e - 1].end, tokens_[e].begin - tokens_[e - 1].end);
  if (gap != ", " && gap != ",") return false;
  auto m = match_known(e, n_);
  return m && !m->name->adjective && lex_.entities[m->name->entity].type == EntityType::place &&
         (m->end >= n_ || !shape_[m->end].joined);  // "Raymondville, Texas, High School" too
}

// "the Biden administration", "the Castro regime".
bool ArticleRecognition::person_noun_context(std::uint32_t b, std::uint32_t e) const {
  return b > 0 && e < n_ && term(b - 1) == "the" && !shape_[e].cap && lex_.person_nouns.contains(term(e));
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

}  // namespace

namespace {

// Family names of the people named in full in an article, and what each
// surname-only mention should become.
struct ArticlePeople {
  TermMap<std::string> by_full;   // "fumio kishida" -> "Fumio Kishida"
  TermMap<std::string> by_short;  // "kishida" -> "Fumio Kishida"; "" when ambiguous
};

std::string terms_key(std::string_view name) {
  std::vector<std::string> terms;
  for (NameWord& word : split_name(name)) terms.push_back(std::move(word.term));
  return join_terms(terms);
}

std::vector<std::string> words_of_name(std::string_view name) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t end = name.find(' ', start);
    if (end == std::string_view::npos) end = name.size();
    if (end > start) words.emplace_back(name.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::vector<std::string> short_forms(const EntityLexicon& lex, std::string_view canonical) {
  std::vector<std::string> words = words_of_name(canonical);
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

}  // namespace

void ArticleRecognition::join_people() {
  // Group full names by family name; names of one group that share the first
  // word are one person ("Ivan Allen", "Ivan Allen Jr."), written the longest
  // way. A surname shared by different people goes to the first one named,
  // who is usually the one the article goes on about.
  TermMap<std::vector<std::size_t>> groups;
  TermMap<std::vector<std::size_t>> by_first_word;
  for (std::size_t f = 0; f < found_.size(); ++f) {
    if (found_[f].type != EntityType::person || found_[f].name.find(' ') == std::string::npos) continue;
    for (const std::string& form : short_forms(lex_, found_[f].name)) groups[terms_key(form)].push_back(f);
    by_first_word[terms_key(words_of_name(found_[f].name).front())].push_back(f);
  }
  TermMap<std::string> by_short;
  for (auto& [key, members] : groups) {
    std::sort(members.begin(), members.end(),
              [this](std::size_t a, std::size_t b) { return found_[a].first < found_[b].first; });
    const std::string first_word = words_of_name(found_[members.front()].name).front();
    std::string best = found_[members.front()].name;
    for (std::size_t f : members) {
      const std::string& name = found_[f].name;
      if (words_of_name(name).front() == first_word && words_of_name(name).size() > words_of_name(best).size()) {
        best = name;
      }
    }
    for (std::size_t f : members) {
      if (words_of_name(found_[f].name).front() == first_word) found_[f].name = best;
    }
    by_short[key] = best;
  }
  TermMap<std::string> by_full;
  for (const Found& f : found_) {
    if (f.type == EntityType::person && f.name.find(' ') != std::string::npos) by_full[terms_key(f.name)] = f.name;
  }
  resolve_pending(by_full, by_short);

  // One-word people found by a title or context take the full name: by family
  // name ("Mr. Kishida"), else by first name when only one person has it
  // ("Prince Souvanna" for Souvanna Phouma).
  for (Found& f : found_) {
    if (f.type != EntityType::person || f.name.find(' ') != std::string::npos) continue;
    const std::string key = terms_key(f.name);
    if (auto it = by_short.find(key); it != by_short.end()) {
      f.name = it->second;
    } else if (auto first = by_first_word.find(key); first != by_first_word.end()) {
      std::set<std::string> names;
      for (std::size_t g : first->second) names.insert(found_[g].name);
      if (names.size() == 1) f.name = *names.begin();
    }
  }
}

// Words no rule explained while reading: a person named in this article, an
// acronym, or a person or place by context.
void ArticleRecognition::resolve_pending(const TermMap<std::string>& by_full, const TermMap<std::string>& by_short) {
  const std::size_t named = found_.size();
  for (const Span& span : pending_) {
    const std::uint32_t b = span.first;
    std::uint32_t e = span.end;
    std::string key;
    for (std::uint32_t i = b; i < e; ++i) key += (i > b ? " " : "") + term(i);
    if (auto it = by_full.find(key); it != by_full.end()) {
      emit(EntityType::person, b, e, it->second, Evidence::weak);
      continue;
    }
    // "Colquitt Policeman Tom Williams" was named; "Ordinary Williams" is him
    // or his namesake, never "Ordinary Williams".
    if (auto it = by_short.find(term(e - 1)); it != by_short.end()) {
      emit(EntityType::person, e - 1, e, it->second, Evidence::weak);
      continue;
    }
    const bool headline = in_headline(b);
    if (e - b == 1) {
      const std::string_view word = surface(b);
      if (shape_[b].upper && shape_[b].letters <= 6 && !lex_.acronym_stoplist.contains(key) && !headline &&
          !shouting_) {
        std::string name;
        for (std::size_t f = 0; f < named; ++f) {
          if (found_[f].type == EntityType::org && is_acronym_of(word, found_[f].name)) name = found_[f].name;
        }
        if (name.empty()) {
          for (char c : without_possessive(word)) {
            if (c != '.') name.push_back(c);
          }
        }
        emit(EntityType::org, b, e, name, Evidence::weak);
        continue;
      }
    }
    if (headline || e - b > 3) continue;
    bool name_like = true;
    for (std::uint32_t i = b; i < e; ++i) {
      name_like = name_like && shape_[i].cap && !shape_[i].upper && !lex_.common_words.contains(term(i)) &&
                  !lex_.titles_by_last_term.contains(term(i)) && !lex_.head_words.contains(term(i));
    }
    if (!name_like) continue;
    const bool mid_sentence = !tokens_[b].sentence_start;
    const bool after_the = b > 0 && term(b - 1) == "the";  // "the House": no person's name
    const bool before_head = e < n_ && !shape_[e].cap && lex_.head_words.contains(term(e));  // "Criminal court"
    if (!shape_[e - 1].possessive && !before_head && (place_context(b) || city_state_context(e))) {
      emit(EntityType::place, b, e, span_text(b, e), Evidence::weak);
    } else if (e - b == 1 && person_noun_context(b, e)) {
      emit_person(b, e, Evidence::weak);
    } else if (!after_the && (apposition_context(e) || (said_context(b, e) && (mid_sentence || e - b > 1)) ||
                              (e - b == 1 && mid_sentence && shape_[b].possessive))) {
      emit_person(b, e, Evidence::weak);
    }
  }
}

// A shorter name of an organisation named in full in the same article is that
// organisation: "Highway Department" after "State Highway Department",
// "Citizens Group" after "Citizens Group of Johnston".
void ArticleRecognition::join_orgs() {
  for (Found& f : found_) {
    if (f.type != EntityType::org) continue;
    std::string longer;
    int candidates = 0;
    for (const Found& g : found_) {
      if (g.type != EntityType::org || g.name.size() <= f.name.size() || g.name == longer) continue;
      const bool suffix = ends_with(g.name, f.name) && g.name[g.name.size() - f.name.size() - 1] == ' ';
      const bool prefix = g.name.compare(0, f.name.size() + 4, f.name + " of ") == 0;
      if (suffix || prefix) {
        longer = g.name;
        ++candidates;
      }
    }
    if (candidates == 1) f.name = longer;
  }
}

std::vector<EntityMention> ArticleRecognition::run() {
  if (n_ == 0) return {};
  compute_shapes();
  detect_headline();
  cut_chunks();
  join_people();
  join_orgs();
  std::sort(found_.begin(), found_.end(),
            [](const Found& a, const Found& b) { return a.first != b.first ? a.first < b.first : a.end < b.end; });
  std::vector<EntityMention> mentions;
  mentions.reserve(found_.size());
  for (Found& f : found_) {
    if (f.name.empty()) continue;
    mentions.push_back({f.type, std::move(f.name), f.first, f.end});
  }
  return mentions;
}

EntityRecognizer::EntityRecognizer() : data_(std::make_unique<Data>()) {}
EntityRecognizer::~EntityRecognizer() = default;

const EntityRecognizer& EntityRecognizer::standard() {
  static const std::unique_ptr<EntityRecognizer> recognizer = [] {
    std::unique_ptr<EntityRecognizer> r(new EntityRecognizer());
    r->data_->lex = EntityLexicon::load([](std::string_view file) { return find_data_file(file); });
    return r;
  }();
  return *recognizer;
}

std::unique_ptr<EntityRecognizer> EntityRecognizer::from_directory(const std::string& data_dir) {
  std::unique_ptr<EntityRecognizer> r(new EntityRecognizer());
  r->data_->lex = EntityLexicon::load([&data_dir](std::string_view file) {
    const std::filesystem::path path = std::filesystem::path(data_dir) / file;
    if (!std::filesystem::is_regular_file(path)) {
      throw std::runtime_error("entity data file " + path.string() + " not found");
    }
    return path.string();
  });
  return r;
}

std::vector<EntityMention> EntityRecognizer::recognise(std::string_view text, const std::vector<Token>& tokens) const {
  return ArticleRecognition(data_->lex, text, tokens).run();
}

std::optional<EntityAlias> EntityRecognizer::resolve(std::string_view name, std::optional<EntityType> type) const {
  const EntityLexicon& lex = data_->lex;
  std::vector<std::string> terms;
  for (NameWord& word : split_name(name)) terms.push_back(std::move(word.term));
  while (!terms.empty() && terms.front() == "the") terms.erase(terms.begin());
  // Drop leading titles: "Prime Minister Fumio Kishida", "Mr. Lenin".
  for (bool stripped = true; stripped && terms.size() > 1;) {
    stripped = false;
    for (std::size_t length = std::min<std::size_t>(terms.size() - 1, 4); length > 0 && !stripped; --length) {
      auto it = lex.titles_by_last_term.find(terms[length - 1]);
      if (it == lex.titles_by_last_term.end()) continue;
      for (const auto& phrase : it->second) {
        if (phrase.size() == length && std::equal(phrase.begin(), phrase.end(), terms.begin())) {
          terms.erase(terms.begin(), terms.begin() + static_cast<std::ptrdiff_t>(length));
          stripped = true;
          break;
        }
      }
    }
  }
  auto it = lex.entity_by_key.find(join_terms(terms));
  if (it == lex.entity_by_key.end()) return std::nullopt;
  const KnownEntity& entity = lex.entities[it->second];
  if (type && *type != entity.type) return std::nullopt;
  return EntityAlias{std::string(name), entity.type, entity.canonical};
}

const std::vector<EntityAlias>& EntityRecognizer::aliases() const { return data_->lex.aliases; }

std::vector<std::string> EntityRecognizer::person_short_forms(std::string_view canonical) const {
  return short_forms(data_->lex, canonical);
}

}  // namespace news
