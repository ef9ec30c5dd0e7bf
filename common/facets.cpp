#include "facets.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "schema.h"

namespace news {

namespace {
// Unit separator and type letters: neither occurs in a canonical name.
constexpr char kSeparator = '\x1f';

char type_letter(EntityType type) {
  switch (type) {
    case EntityType::person: return 'p';
    case EntityType::place: return 'l';
    case EntityType::org: return 'o';
  }
  return '?';
}

std::optional<EntityType> type_of_letter(char letter) {
  switch (letter) {
    case 'p': return EntityType::person;
    case 'l': return EntityType::place;
    case 'o': return EntityType::org;
    default: return std::nullopt;  // a newer writer's type: skipped
  }
}

template <typename Visit>
void for_each_packed(std::string_view packed, Visit visit) {
  while (!packed.empty()) {
    const auto end = packed.find(kSeparator);
    const std::string_view item = packed.substr(0, end);
    if (item.size() >= 2) {
      if (auto type = type_of_letter(item[0])) visit(*type, item.substr(1));
    }
    if (end == std::string_view::npos) break;
    packed.remove_prefix(end + 1);
  }
}

// Little-endian whatever the machine, so an index can be copied anywhere.
void append_id(std::string& out, std::uint64_t id) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((id >> (8 * i)) & 0xFF));
}
std::uint64_t read_id(const char* p) {
  std::uint64_t id = 0;
  for (int i = 0; i < 8; ++i) id |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return id;
}
}  // namespace

std::vector<std::string>& ArticleEntities::of(EntityType type) {
  return type == EntityType::person ? person : type == EntityType::place ? place : org;
}
const std::vector<std::string>& ArticleEntities::of(EntityType type) const {
  return type == EntityType::person ? person : type == EntityType::place ? place : org;
}
std::vector<FacetCount>& FacetCounts::of(EntityType type) {
  return type == EntityType::person ? person : type == EntityType::place ? place : org;
}
const std::vector<FacetCount>& FacetCounts::of(EntityType type) const {
  return type == EntityType::person ? person : type == EntityType::place ? place : org;
}

ArticleEntities entities_from_mentions(const std::vector<EntityMention>& mentions) {
  ArticleEntities result;
  for (EntityType type : kEntityTypes) {
    std::vector<std::pair<std::string, int>> counted;  // first-mention order kept for ties
    for (const auto& m : mentions) {
      if (m.type != type) continue;
      auto it = std::find_if(counted.begin(), counted.end(), [&](const auto& c) { return c.first == m.name; });
      if (it == counted.end()) {
        counted.emplace_back(m.name, 1);
      } else {
        ++it->second;
      }
    }
    std::stable_sort(counted.begin(), counted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (auto& c : counted) result.of(type).push_back(std::move(c.first));
  }
  return result;
}

std::string encode_entities(const ArticleEntities& entities) {
  std::string packed;
  for (EntityType type : kEntityTypes) {
    for (const auto& name : entities.of(type)) {
      if (!packed.empty()) packed.push_back(kSeparator);
      packed.push_back(type_letter(type));
      packed.append(name);
    }
  }
  return packed;
}

ArticleEntities decode_entities(std::string_view packed) {
  ArticleEntities entities;
  for_each_packed(packed, [&](EntityType type, std::string_view name) { entities.of(type).emplace_back(name); });
  return entities;
}

void apply_person_aliases(ArticleEntities& entities, const PersonAliases& aliases) {
  if (aliases.empty()) return;
  std::vector<std::string> people;
  for (const auto& name : entities.person) {
    const std::string& full = aliases.canonical(name);
    if (std::find(people.begin(), people.end(), full) == people.end()) people.push_back(full);
  }
  entities.person = std::move(people);
}

std::uint64_t entity_id(EntityType type, std::string_view name) {
  // FNV-1a with a final avalanche (splitmix64): stable across builds.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ULL;
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return (h & ~std::uint64_t{3}) | static_cast<std::uint64_t>(type);
}

EntityType entity_type_of(std::uint64_t id) { return static_cast<EntityType>(id & 3); }

std::string encode_entity_ids(const ArticleEntities& entities) {
  std::string packed;
  for (EntityType type : kEntityTypes) {
    for (const auto& name : entities.of(type)) {
      append_id(packed, entity_id(type, name));
    }
  }
  return packed;
}

std::string entity_name_key(std::uint64_t id) {
  static const char* const kHex = "0123456789abcdef";
  std::string key = "entity:";
  for (int shift = 60; shift >= 0; shift -= 4) key.push_back(kHex[(id >> shift) & 15]);
  return key;
}

void EntityFacetSpy::count(std::string_view packed, std::uint32_t articles) {
  std::uint64_t people[32];  // this article's people after aliases, each counted once
  std::size_t people_seen = 0;
  for (std::size_t at = 0; at + 8 <= packed.size(); at += 8) {
    std::uint64_t id = read_id(packed.data() + at);
    if (entity_type_of(id) == EntityType::person) {
      id = aliases_.canonical_id(id);
      if (std::find(people, people + people_seen, id) != people + people_seen) continue;
      if (people_seen < std::size(people)) people[people_seen++] = id;
    }
    counts_.add(id, articles);
  }
}

EntityCounts::EntityCounts(std::size_t expected_entities) {
  // At most half full, so probe runs stay short; a hint past a million
  // entities (or a garbled one) starts at 16 MB and grows as needed.
  constexpr std::size_t kLargestFirstSize = std::size_t{1} << 20;
  while (first_size_ < 2 * expected_entities && first_size_ < kLargestFirstSize) first_size_ *= 2;
}

void EntityCounts::clear() {
  if (used_ == 0) return;
  std::fill(slots_.begin(), slots_.end(), Slot{});
  used_ = 0;
}

void EntityCounts::grow() {
  // The first count allocates: a query without facets never pays for the table.
  std::vector<Slot> old(slots_.empty() ? first_size_ : slots_.size() * 2);
  old.swap(slots_);
  used_ = 0;
  for (const Slot& s : old) {
    if (s.count) add(s.id, s.count);
  }
}

void EntityCounts::add(std::uint64_t id, std::uint32_t n) {
  if (n == 0) return;
  if (2 * (used_ + 1) > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(id >> 2) & mask;; i = (i + 1) & mask) {  // ids are hashes already
    Slot& slot = slots_[i];
    if (slot.count == 0) {
      slot = {id, n};
      ++used_;
      return;
    }
    if (slot.id == id) {
      slot.count += n;
      return;
    }
  }
}

void EntityFacetSpy::operator()(const Xapian::Document& doc, double) { count(doc.get_value(schema::kEntitiesSlot), 1); }

void EntityFacetSpy::add_counts(const Xapian::ValueCountMatchSpy& spy) {
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    count(*it, static_cast<std::uint32_t>(it.get_termfreq()));
  }
}

FacetCounts EntityFacetSpy::top(std::size_t top, const Xapian::Database& lexicon) const {
  FacetCounts result;
  if (top == 0) return result;
  // The N-th highest count of each type, from a min-heap of the N highest
  // seen; then only the entities at or above it (ties included, since ties
  // go by name) are named from the lexicon and sorted.
  std::vector<std::uint32_t> highest[3];
  counts_.for_each([&](std::uint64_t id, std::uint32_t count) {
    if ((id & 3) == 3) return;  // not a type this version knows
    auto& heap = highest[static_cast<int>(entity_type_of(id))];
    if (heap.size() < top) {
      heap.push_back(count);
      std::push_heap(heap.begin(), heap.end(), std::greater<>{});
    } else if (count > heap.front()) {
      std::pop_heap(heap.begin(), heap.end(), std::greater<>{});
      heap.back() = count;
      std::push_heap(heap.begin(), heap.end(), std::greater<>{});
    }
  });
  std::uint32_t threshold[3];
  for (int t = 0; t < 3; ++t) threshold[t] = highest[t].empty() ? 0 : highest[t].front();
  auto name_of = [&lexicon](std::uint64_t id) {
    const std::string stored = lexicon.get_metadata(entity_name_key(id));
    return stored.size() > 1 ? stored.substr(1) : std::string("?");  // "?": an id the lexicon does not name
  };
  counts_.for_each([&](std::uint64_t id, std::uint32_t count) {
    if ((id & 3) == 3) return;
    const EntityType type = entity_type_of(id);
    const int t = static_cast<int>(type);
    if (!highest[t].empty() && count >= threshold[t]) result.of(type).push_back({name_of(id), count});
  });
  for (EntityType type : kEntityTypes) {
    auto& out = result.of(type);
    std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
      return a.count != b.count ? a.count > b.count : a.name < b.name;
    });
    if (out.size() > top) out.resize(top);
  }
  return result;
}

}  // namespace news
