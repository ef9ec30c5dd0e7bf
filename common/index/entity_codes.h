// How an article's entities are written into the index (on-disk formats):
// by name in the stored record, to show them with a hit, and as entity
// numbers in a value slot, to count them. An entity id is the stable hash of
// the entity's type and name with the type in its low two bits, the same in
// every shard and every run; the index gives each id a small dense number
// (index/entity_numbers.h), with the type in its low two bits too, so that the
// slot is a few bytes per entity and counting is indexing a flat array. The
// lexicon names the numbers, for the few facets that are shown.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "entities/article_entities.h"
#include "entities/entity_type.h"

namespace news {

// By name, for the stored record.
std::string encode_entities(const ArticleEntities& entities);
ArticleEntities decode_entities(std::string_view packed);

std::uint64_t entity_id(EntityType type, std::string_view name);
EntityType entity_type_of(std::uint64_t id);
// False for the low bits no type has yet (a newer writer's type).
bool is_known_entity_id(std::uint64_t id);
// By id, as build_document() hands them to the index writer: 8 bytes each, little-endian.
std::string encode_entity_ids(const ArticleEntities& entities);
std::uint64_t decode_entity_id(const char* eight_bytes);

// An entity's number in one index: (sequence << 2) | type, sequence from 1.
using EntityNumber = std::uint32_t;
inline EntityType entity_type_of_number(EntityNumber n) { return static_cast<EntityType>(n & 3); }
inline bool is_known_entity_number(EntityNumber n) { return n > 3 && (n & 3) != 3; }
// The counting slot: the numbers sorted, as varint gaps (about two bytes each).
std::string encode_entity_numbers(std::vector<EntityNumber> numbers);
// Calls visit(n) for each number of a slot value, in order; stops quietly at
// a damaged end (a count short of an entity beats no facets).
template <typename Visit>
void for_each_entity_number(std::string_view packed, Visit visit) {
  EntityNumber n = 0;
  std::size_t at = 0;
  while (at < packed.size()) {
    std::uint32_t gap = 0;
    int shift = 0;
    for (;;) {
      if (at == packed.size() || shift > 28) return;
      const auto byte = static_cast<unsigned char>(packed[at++]);
      gap |= static_cast<std::uint32_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) break;
      shift += 7;
    }
    n += gap;
    visit(n);
  }
}

// The lexicon's metadata key that holds a number's name, and its value.
std::string entity_name_key(EntityNumber number);
std::string entity_name_value(EntityType type, std::string_view name);
// The name in an entity_name_value(), "?" for an id the lexicon does not name.
std::string name_from_entity_name_value(std::string_view value);

}  // namespace news
