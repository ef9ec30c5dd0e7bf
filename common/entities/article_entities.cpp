#include "entities/article_entities.h"

#include <algorithm>
#include <utility>

namespace news {

std::vector<std::string>& ArticleEntities::of(EntityType type) {
  return type == EntityType::person ? person : type == EntityType::place ? place : org;
}
const std::vector<std::string>& ArticleEntities::of(EntityType type) const {
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

}  // namespace news
