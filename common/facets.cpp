#include "facets.h"

#include <algorithm>
#include <unordered_map>

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

template <typename Visit>
void for_each_packed(std::string_view packed, Visit visit) {
  while (!packed.empty()) {
    const auto end = packed.find(kSeparator);
    const std::string_view item = packed.substr(0, end);
    if (item.size() >= 2) {
      switch (item[0]) {
        case 'p': visit(EntityType::person, item.substr(1)); break;
        case 'l': visit(EntityType::place, item.substr(1)); break;
        case 'o': visit(EntityType::org, item.substr(1)); break;
        default: break;  // unknown type from a newer writer: skip it
      }
    }
    if (end == std::string_view::npos) break;
    packed.remove_prefix(end + 1);
  }
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

FacetCounts facet_counts_from_spies(const std::vector<const Xapian::ValueCountMatchSpy*>& spies, std::size_t top,
                                    const PersonAliases& aliases) {
  std::unordered_map<std::string, std::uint32_t> totals[3];
  for (const Xapian::ValueCountMatchSpy* spy : spies) {
  for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
    const auto count = static_cast<std::uint32_t>(it.get_termfreq());
    ArticleEntities entities = decode_entities(*it);
    apply_person_aliases(entities, aliases);  // "Putin" and "Vladimir Putin" in one article count once
    for (EntityType type : kEntityTypes) {
      for (const auto& name : entities.of(type)) totals[static_cast<int>(type)][name] += count;
    }
  }
  }
  FacetCounts counts;
  for (EntityType type : kEntityTypes) {
    auto& out = counts.of(type);
    for (auto& [name, count] : totals[static_cast<int>(type)]) out.push_back({name, count});
    auto by_count = [](const FacetCount& a, const FacetCount& b) {
      return a.count != b.count ? a.count > b.count : a.name < b.name;
    };
    if (out.size() > top) {
      std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(top), out.end(), by_count);
      out.resize(top);
    } else {
      std::sort(out.begin(), out.end(), by_count);
    }
  }
  return counts;
}

}  // namespace news
