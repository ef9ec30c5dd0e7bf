#include "index/entity_codes.h"

#include <algorithm>
#include <optional>

#include "text/stable_hash.h"
#include "text/varint.h"
#include "index/schema.h"

namespace news {

namespace {

template <typename Visit>
void for_each_packed(std::string_view packed, Visit visit) {
  while (!packed.empty()) {
    const auto end = packed.find(schema::kEntitySeparator);
    const std::string_view item = packed.substr(0, end);
    if (item.size() >= 2) {
      if (auto type = schema::entity_type_of_letter(item[0])) visit(*type, item.substr(1));
    }
    if (end == std::string_view::npos) break;
    packed.remove_prefix(end + 1);
  }
}

// Little-endian whatever the machine, so an index can be copied anywhere.
void append_id(std::string& out, std::uint64_t id) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((id >> (8 * i)) & 0xFF));
}

}  // namespace

std::string encode_entities(const ArticleEntities& entities) {
  std::string packed;
  for (EntityType type : kEntityTypes) {
    for (const auto& name : entities.of(type)) {
      if (!packed.empty()) packed.push_back(schema::kEntitySeparator);
      packed.push_back(schema::entity_type_letter(type));
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

std::uint64_t entity_id(EntityType type, std::string_view name) {
  const std::uint64_t h = stable_hash(name);
  return (h & ~std::uint64_t{3}) | static_cast<std::uint64_t>(type);
}

EntityType entity_type_of(std::uint64_t id) { return static_cast<EntityType>(id & 3); }

bool is_known_entity_id(std::uint64_t id) { return (id & 3) != 3; }

std::string encode_entity_ids(const ArticleEntities& entities) {
  std::string packed;
  for (EntityType type : kEntityTypes) {
    for (const auto& name : entities.of(type)) append_id(packed, entity_id(type, name));
  }
  return packed;
}

std::uint64_t decode_entity_id(const char* p) {
  std::uint64_t id = 0;
  for (int i = 0; i < 8; ++i) id |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return id;
}

std::string encode_entity_numbers(std::vector<EntityNumber> numbers) {
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  std::string packed;
  EntityNumber last = 0;
  for (const EntityNumber n : numbers) {
    varint::put(packed, n - last);
    last = n;
  }
  return packed;
}

std::string entity_name_key(EntityNumber number) {
  return schema::term(schema::kMetaEntityNamePrefix, std::to_string(number));
}

std::string entity_name_value(EntityType type, std::string_view name) {
  std::string value(1, schema::entity_type_letter(type));
  value.append(name);
  return value;
}

std::string name_from_entity_name_value(std::string_view value) {
  return value.size() > 1 ? std::string(value.substr(1)) : std::string("?");
}

}  // namespace news
