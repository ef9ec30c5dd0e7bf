// How an article's entities are written into the index (on-disk formats):
// by name in the stored record, to show them with a hit, and as 64-bit entity
// ids in a value slot, to count them. An id is the stable hash of the
// entity's type and canonical name with the type in its low two bits, so it is
// the same in every shard and every run, and counting facets is integer
// arithmetic; the lexicon maps ids back to names for the few that are shown.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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
// By id, for the counting slot: 8 bytes each, little-endian.
std::string encode_entity_ids(const ArticleEntities& entities);
std::uint64_t decode_entity_id(const char* eight_bytes);
// The lexicon's metadata key that holds an id's name, and its value.
std::string entity_name_key(std::uint64_t id);
std::string entity_name_value(EntityType type, std::string_view name);
// The name in an entity_name_value(), "?" for an id the lexicon does not name.
std::string name_from_entity_name_value(std::string_view value);

}  // namespace news
