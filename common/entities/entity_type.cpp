#include "entities/entity_type.h"

namespace news {

std::string_view to_string(EntityType type) {
  switch (type) {
    case EntityType::person: return "person";
    case EntityType::place: return "place";
    case EntityType::org: return "org";
  }
  return "org";
}

std::optional<EntityType> entity_type_from_string(std::string_view name) {
  for (EntityType type : kEntityTypes) {
    if (to_string(type) == name) return type;
  }
  return std::nullopt;
}

}  // namespace news
