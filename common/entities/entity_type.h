// The three kinds of named entity the product recognises and facets on.
#pragma once

#include <optional>
#include <string_view>

namespace news {

enum class EntityType { person, place, org };
inline constexpr EntityType kEntityTypes[] = {EntityType::person, EntityType::place, EntityType::org};

std::string_view to_string(EntityType type);
std::optional<EntityType> entity_type_from_string(std::string_view name);

}  // namespace news
