// Entity facets: the entities of one article packed into one value slot, and
// the counting of entities over a whole match set.
//
// Counting uses Xapian's stock ValueCountMatchSpy on that slot: it counts each
// distinct packed string, and we split the strings afterwards and add their
// counts to every entity inside. The result is exact per-entity document
// counts, and because the spy is a built-in Xapian class it also runs on
// remote shards served by an unmodified xapian-tcpsrv (a custom MatchSpy would
// not be registered there). See docs/scaling.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "entities.h"
#include "person_aliases.h"

namespace news {

// An article's entities, each list by decreasing number of mentions.
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

std::string encode_entities(const ArticleEntities& entities);
ArticleEntities decode_entities(std::string_view packed);

// Family-name-only people replaced by their full name, each name kept once.
void apply_person_aliases(ArticleEntities& entities, const PersonAliases& aliases);

struct FacetCount {
  std::string name;
  std::uint32_t count = 0;
};

struct FacetCounts {
  std::vector<FacetCount> person;
  std::vector<FacetCount> place;
  std::vector<FacetCount> org;

  std::vector<FacetCount>& of(EntityType type);
  const std::vector<FacetCount>& of(EntityType type) const;
};

// Turns a spy's packed-string counts into the `top` most frequent entities of
// each type (ties by name, so the order is stable across shard layouts).
FacetCounts facet_counts_from_spies(const std::vector<const Xapian::ValueCountMatchSpy*>& spies, std::size_t top,
                                    const PersonAliases& aliases);

}  // namespace news
