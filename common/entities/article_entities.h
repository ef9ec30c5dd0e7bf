// The entities one article mentions, by canonical name and type: what the
// recogniser's mentions boil down to, what a hit shows, what the index stores.
#pragma once

#include <string>
#include <vector>

#include "entities/entities.h"
#include "entities/entity_type.h"

namespace news {

// Each list by decreasing number of mentions.
struct ArticleEntities {
  std::vector<std::string> person;
  std::vector<std::string> place;
  std::vector<std::string> org;

  std::vector<std::string>& of(EntityType type);
  const std::vector<std::string>& of(EntityType type) const;
  bool empty() const { return person.empty() && place.empty() && org.empty(); }
};

// From an article's mentions: each canonical name once, most mentioned first.
ArticleEntities entities_from_mentions(const std::vector<EntityMention>& mentions);

}  // namespace news
