#include "entities/typing_rules.h"

#include "entities/span_names.h"

namespace news::recognition {

namespace {

void emit_known(RecognitionState& a, const KnownMatch& m, std::uint32_t b) {
  const KnownEntity& entity = a.entity(m);
  a.add(entity.type, b, m.end, entity.canonical, Evidence::known);
}

void emit_person(RecognitionState& a, std::uint32_t b, std::uint32_t e, Evidence evidence) {
  a.add(EntityType::person, b, e, span_text(a, b, e), evidence);
}

// "Secretary of State", "Attorney General": a chunk that is only a title.
bool title_ends_chunk(const RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  const auto start = a.title_ending_at(e - 1);
  return start && *start <= b;
}

// Whether a person's name starts at token i: an initial, a given name, an
// East Asian family name, or a nickname after it, then another name word.
bool person_start(const RecognitionState& a, std::uint32_t i, std::uint32_t e) {
  if (i + 1 >= e || !a.shape[i].cap) return false;
  std::uint32_t next = i + 1;
  if (!a.shape[next].cap && a.is(next, kParticle) && next + 1 < e) ++next;
  if (!a.shape[next].cap || a.never_name(next)) return false;
  if (!a.shape[next].initial &&
      (a.is(next, kHeadWord) || a.is(next, kCommonWord))) {
    return false;
  }
  if (a.shape[i].initial || a.shape[i + 1].nickname) return true;
  if (a.is(i, kGivenName)) return true;
  // Family name first, then one or two given-name words, and nothing after.
  return a.is(i, kEastAsianFamily) && e - i <= 3 && !a.shape[next].upper;
}

// One past the last word of the person's name that starts at token p.
std::uint32_t person_end(const RecognitionState& a, std::uint32_t p, std::uint32_t e) {
  std::uint32_t q = p;
  while (q < e) {
    if (q > p && !a.shape[q].joined) break;
    if (a.shape[q].cap) {
      if (a.never_name(q)) break;
      if (q > p) {
        const HeadWord* head = a.head_at(q);
        if (head && head->suffix && head->kind != HeadKind::ignore && !a.is(q, kNameSuffix)) break;
      }
      ++q;
      if (a.shape[q - 1].possessive) break;
    } else if (q > p && a.shape[q].hyphen && a.shape[q].letters > 0 && a.shape[q].letters <= 4) {
      ++q;
    } else if (q > p && a.is(q, kParticle) && q + 1 < e && a.shape[q + 1].cap) {
      ++q;
    } else {
      break;
    }
  }
  return q;
}

// A person's name needs one word that is more than an initial.
bool has_name_word(const RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  for (std::uint32_t i = b; i < e; ++i) {
    if (a.shape[i].cap && !a.shape[i].initial) return true;
  }
  return false;
}

void classify(RecognitionState& a, std::uint32_t b, std::uint32_t e);

// After a person's name: "James Cotten of Weatherford" names his home town.
void after_person(RecognitionState& a, std::uint32_t from, std::uint32_t e) {
  if (from >= e) return;
  const std::uint32_t r = from + 1;
  if (a.term(from) != "of" || a.shape[from].cap || r >= e || !a.shape[r].cap || a.in_headline(r)) {
    classify(a, from, e);
    return;
  }
  std::uint32_t q = r;
  while (q < e && a.shape[q].cap) ++q;
  const HeadWord* head = a.head_at(q - 1);
  const bool plain = q - r <= 3 && !a.match_known(r, q) && !(head && head->suffix) && !person_start(a, r, q) &&
                     !a.is(r, kCommonWord) && !a.never_name(r) && !a.shape[r].upper;
  if (!plain) {
    classify(a, r, e);
    return;
  }
  a.add(EntityType::place, r, q, span_text(a, r, q), Evidence::weak);
  if (q < e) classify(a, q, e);
}

// "Japan's Foreign Minister Yoko Kamikawa" is two names; "Fulton Tax
// Commissioner's Office" and "People's Liberation Army" are one.
bool split_possessive(RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  for (std::uint32_t k = b; k + 1 < e; ++k) {
    if (!a.shape[k].possessive) continue;
    if (auto m = a.match_known(b, e); m && m->end > k + 1) return false;
    const HeadWord* head = a.head_at(e - 1);
    const bool generic_owner = a.title_ending_at(k) || a.is(k, kCommonWord) ||
                               a.surface(k).ends_with("'") || a.surface(k).ends_with("\xE2\x80\x99");
    if (head && head->kind == HeadKind::org && head->suffix && generic_owner) return false;
    classify(a, b, k + 1);
    classify(a, k + 1, e);
    return true;
  }
  return false;
}

bool only_head_words(const RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  for (std::uint32_t k = b; k < e; ++k) {
    if (!a.head_at(k)) return false;
  }
  return true;
}

// A head word names an organisation or a place from the end ("Fulton County
// Grand Jury", "Hyannis Port") or the start ("Mount Fuji", "East St. Louis").
bool head_word_name(RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  if (e - b < 2 || a.in_headline(b)) return false;
  for (std::uint32_t k = b; k < e; ++k) {
    if (!a.shape[k].cap && a.is_connector(k) && !a.is(k, kParticle)) return false;  // X of Y first
  }
  const HeadWord* head = a.head_at(e - 1);
  if (head && head->kind == HeadKind::ignore) {
    // "Texas Sen. John Tower" and "John Tower" are people, not buildings.
    for (std::int64_t j = static_cast<std::int64_t>(e) - 2; j >= static_cast<std::int64_t>(b) - 1; --j) {
      if (a.title_ending_at(j)) return false;
    }
    if (e - b == 2 && person_start(a, b, e)) return false;
  }
  if (head && head->suffix && !a.title_ending_at(e - 1)) {
    if (only_head_words(a, b, e)) return true;  // "Co Inc", "Group Holdings": no name in it
    if (head->kind == HeadKind::org) a.add(EntityType::org, b, e, org_name(a, b, e), Evidence::strong);
    if (head->kind == HeadKind::place) a.add(EntityType::place, b, e, span_text(a, b, e), Evidence::strong);
    return true;  // HeadKind::ignore: a street or building, not an entity
  }
  const HeadWord* first = a.head_at(b);
  if (first && first->prefix && a.shape[b + 1].cap) {  // Mount Fuji, Lake Baikal, Real Madrid
    if (first->kind == HeadKind::org) {
      a.add(EntityType::org, b, e, org_name(a, b, e), Evidence::strong);
    } else {
      a.add(EntityType::place, b, e, span_text(a, b, e), Evidence::strong);
    }
    return true;
  }
  if (first && first->compass) {  // "East St. Louis": a compass word before a known place
    auto m = a.match_known(b + 1, e);
    if (m && m->end == e && !m->name->adjective && a.entity(*m).type == EntityType::place) {
      a.add(EntityType::place, b, e, span_text(a, b, e), Evidence::strong);
      return true;
    }
  }
  return false;
}

// "Russian Deputy Foreign Minister Igor Morgulov", "dictator Kim Jong Un": the
// capitalised words after the last title are a person's name.
bool title_split(RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  for (std::int64_t j = static_cast<std::int64_t>(e) - 2; j >= static_cast<std::int64_t>(b) - 1; --j) {
    if (j < static_cast<std::int64_t>(b) && !a.shape[b].joined) break;
    const auto start = a.title_ending_at(j);
    if (!start) continue;
    // "to whip TCU", "to judge Smith": a verb, not a title.
    if (j < static_cast<std::int64_t>(b) && *start > 0 && a.term(*start - 1) == "to") continue;
    const auto name_start = static_cast<std::uint32_t>(j + 1);
    if (!a.shape[name_start].cap || a.shape[name_start].upper || a.never_name(name_start)) continue;
    if (!a.shape[name_start].initial && a.is(name_start, kCommonWord)) continue;
    const std::uint32_t name_end = person_end(a, name_start, e);
    if (name_end == name_start || !has_name_word(a, name_start, name_end)) continue;
    if (*start > b) classify(a, b, *start);
    emit_person(a, name_start, name_end, Evidence::strong);
    after_person(a, name_end, e);
    return true;
  }
  return false;
}

// "Ministry of Foreign Affairs", "Gulf of Mexico", "Committee on Revenue and
// Taxation": a head word, then "of" and the rest of the name, which runs on
// until a title or a person begins.
bool head_of_name(RecognitionState& a, std::uint32_t b, std::uint32_t k, std::uint32_t e, const HeadWord& head) {
  std::uint32_t y = k + 1;
  while (y < e && !(a.shape[y].cap && (a.title_ending_at(y) || person_start(a, y, e)))) ++y;
  while (y > k + 1 && !a.shape[y - 1].cap) --y;
  std::uint32_t rest = k + 1;
  while (rest < y && !a.shape[rest].cap) ++rest;
  if (rest >= y) return false;
  const auto known = a.match_known(rest, y);
  const bool known_whole = known && known->end == y && !known->name->adjective;
  // "Signal Corps of the U.S. Army" is two organisations, each named in full.
  const HeadWord* last = a.head_at(y - 1);
  const bool complete_org = (known_whole && a.entity(*known).type == EntityType::org) ||
                            (last && last->kind == HeadKind::org && last->suffix && y - rest >= 2);
  if (k - b >= 2 && complete_org) return false;
  // "City of Atlanta" is Atlanta.
  if (head.same_place && k - b == 1 && known_whole && a.entity(*known).type == EntityType::place) {
    a.add(EntityType::place, b, y, a.entity(*known).canonical, Evidence::known);
  } else {
    // "Port of New York Authority" ends as an organisation.
    const bool org = head.kind == HeadKind::org || (last && last->kind == HeadKind::org && last->suffix);
    const EntityType type = org ? EntityType::org : EntityType::place;
    a.add(type, b, y, org ? org_name(a, b, y) : span_text(a, b, y), Evidence::strong);
  }
  if (y < e) classify(a, y, e);
  return true;
}

// A chunk with a connector: a known name across it ("Bosnia and Herzegovina"),
// a head word's "of" ("Gulf of Mexico"), a title's portfolio, or names either
// side of it ("Smith of Dallas", "Texas and Oklahoma").
bool connector_split(RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  std::uint32_t k = b + 1;
  while (k < e && !(a.is_connector(k) && !a.is(k, kParticle))) ++k;
  if (k >= e) return false;
  if (auto m = a.match_known(b, e); m && m->end > k) {  // "Bosnia and Herzegovina and ..."
    if (!m->name->adjective) emit_known(a, *m, b);
    classify(a, m->end, e);
    return true;
  }
  const std::string& connector = a.term(k);
  const HeadWord* head = a.head_at(k - 1);
  const auto title = a.title_ending_at(k - 1);
  const bool of_like = connector == "of" || connector == "for" || connector == "on";
  if (of_like && head && head->kind != HeadKind::ignore && !title && !a.in_headline(b) &&
      head_of_name(a, b, k, e, *head)) {
    return true;
  }
  if (of_like && title) {
    // "Assistant Secretary for East Asian and Pacific Affairs Daniel J.
    // Kritenbrink": the words after the title are its portfolio, not places.
    for (std::uint32_t p = k + 1; p < e; ++p) {
      if (person_start(a, p, e)) {
        if (*title > b) classify(a, b, *title);
        const std::uint32_t name_end = person_end(a, p, e);
        emit_person(a, p, name_end, Evidence::strong);
        after_person(a, name_end, e);
        return true;
      }
    }
    // No person after it: "CEO of KDXR" names an organisation after all.
  }
  if (connector == "the" && !a.in_headline(b)) {  // "Peter the Great Gulf"
    const HeadWord* last = a.head_at(e - 1);
    if (last && last->kind != HeadKind::ignore && last->suffix) {
      const EntityType type = last->kind == HeadKind::place ? EntityType::place : EntityType::org;
      a.add(type, b, e, span_text(a, b, e), Evidence::strong);
      return true;
    }
  }
  const std::size_t before = a.found.size();
  classify(a, b, k);
  const bool person_before =
      a.found.size() > before && a.found.back().type == EntityType::person && a.found.back().end == k;
  if (person_before) {
    after_person(a, k, e);
  } else {
    classify(a, k + 1, e);
  }
  return true;
}

// A given name, an initial or an East Asian family name followed by more
// name words: "Grant Newsham", "J. M. Cheshire", "Xi Jinping".
bool person_by_signal(RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  if (a.in_headline(b)) return false;
  for (std::uint32_t i = b; i + 1 < e; ++i) {
    if (auto m = a.match_known(i, e)) {
      if (m->end - i >= 2 || a.entity(*m).type != EntityType::person) {
        i = m->end - 1;
        continue;
      }
    }
    if (!person_start(a, i, e)) continue;
    const std::uint32_t name_end = person_end(a, i, e);
    if (name_end - i < 2 || !has_name_word(a, i, name_end)) continue;
    // "Gaynor B. Jones": an unknown first name before a middle initial.
    std::uint32_t start = i;
    if (a.shape[i].initial && i > b && a.shape[i - 1].cap && !a.shape[i - 1].initial && !a.shape[i - 1].upper &&
        !a.is(i - 1, kCommonWord) && !a.title_ending_at(i - 1) && !a.match_known(i - 1, i + 1) &&
        !a.is(i - 1, kHeadWord)) {
      start = i - 1;
    }
    if (start > b) classify(a, b, start);
    emit_person(a, start, name_end, Evidence::strong);
    after_person(a, name_end, e);
    return true;
  }
  return false;
}

// Known names inside the chunk; the words between them wait for the whole
// article (joining, acronyms, context).
void known_and_rest(RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  std::uint32_t rest = b;
  auto flush = [&a, &rest](std::uint32_t end) {
    if (end > rest) a.pending.push_back({rest, end});
  };
  for (std::uint32_t i = b; i < e;) {
    if (auto m = a.match_known(i, e)) {
      flush(i);
      if (!m->name->adjective) emit_known(a, *m, i);
      i = rest = m->end;
      continue;
    }
    const bool breaker = !a.shape[i].cap || a.never_name(i) || a.is(i, kCommonWord) ||
                         a.is(i, kAcronymStop) || is_roman_numeral(a.surface(i));
    if (breaker) {
      flush(i);
      rest = i + 1;
    }
    ++i;
  }
  flush(e);
}

void classify(RecognitionState& a, std::uint32_t b, std::uint32_t e) {
  // Lower-case edges (connectors, hyphenated pieces) are never part of a name,
  // nor are everyday words capitalised by a sentence start ("The", "Like").
  while (b < e && !a.shape[b].cap) ++b;
  while (b < e && (!a.shape[e - 1].cap || a.never_name(e - 1))) --e;  // "the Georgia House Monday"
  const bool at_start = b < e && (a.tokens[b].sentence_start || a.in_headline(b));
  while (at_start && b < e && a.is(b, kCommonWord) && !a.match_known(b, e) &&
         !a.title_ending_at(b)) {
    ++b;
    while (b < e && !a.shape[b].cap) ++b;
  }
  if (b >= e) return;
  if (auto m = a.match_known(b, e); m && m->end == e) {
    if (!m->name->adjective) emit_known(a, *m, b);
    return;
  }
  if (a.term(b) == "the" && b + 1 < e) {  // "The Advisory Committee": known names ("The Hague") matched above
    classify(a, b + 1, e);
    return;
  }
  if (title_ends_chunk(a, b, e)) return;
  if (split_possessive(a, b, e) || head_word_name(a, b, e) || title_split(a, b, e) || connector_split(a, b, e) ||
      person_by_signal(a, b, e)) {
    return;
  }
  known_and_rest(a, b, e);
}

}  // namespace

void type_chunk(RecognitionState& a, Span chunk) { classify(a, chunk.first, chunk.end); }

}  // namespace news::recognition
