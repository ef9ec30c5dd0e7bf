#include <doctest/doctest.h>

#include "entity_type.h"

TEST_CASE("entity types round-trip through their names") {
  for (news::EntityType type : news::kEntityTypes) {
    CHECK(news::entity_type_from_string(news::to_string(type)) == type);
  }
  CHECK_FALSE(news::entity_type_from_string("animal").has_value());
}
