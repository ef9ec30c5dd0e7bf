// Entity facets: which people, places and organisations a set of matching
// articles mentions, and how many articles each.
//
// Each article's entities are stored twice: by name in its stored record (to
// show them with the hit) and as a list of 64-bit entity ids in a value slot
// (to count them). An id is a hash of the entity's type and canonical name, so
// it is the same in every shard and every run, and counting is integer
// arithmetic rather than string work; the lexicon maps ids back to names for
// the few that are shown. Local indexes count with EntityFacetSpy, a MatchSpy;
// remote shards run Xapian's stock ValueCountMatchSpy on the same slot (a
// custom spy is unknown to an unmodified xapian-tcpsrv) and their counts are
// added in (docs/scaling.md).
#pragma once

#include <cstdint>
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

// By name, for the stored record.
std::string encode_entities(const ArticleEntities& entities);
ArticleEntities decode_entities(std::string_view packed);

// Family-name-only people replaced by their full name, each name kept once.
void apply_person_aliases(ArticleEntities& entities, const PersonAliases& aliases);

// The id of an entity: a 64-bit hash of type and name, the type in its low bits.
std::uint64_t entity_id(EntityType type, std::string_view name);
EntityType entity_type_of(std::uint64_t id);
// By id, for the counting slot: 8 bytes each.
std::string encode_entity_ids(const ArticleEntities& entities);
// The lexicon's metadata key that holds an id's name.
std::string entity_name_key(std::uint64_t id);

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

// Counts per entity id, by open addressing: counting touches one cache line
// per entity, where std::unordered_map's nodes cost a miss each (measured).
// Sized from the index's number of entities, so it never regrows mid-query,
// and kept by the searcher from one query to the next, so a batch faults its
// pages in once (page faults were most of a query's facet time on our VMs).
class EntityCounts {
 public:
  explicit EntityCounts(std::size_t expected_entities = 0);
  void add(std::uint64_t id, std::uint32_t n);
  void clear();
  template <typename Visit>
  void for_each(Visit visit) const {
    for (const auto& slot : slots_) {
      if (slot.count) visit(slot.id, slot.count);
    }
  }

 private:
  struct Slot {
    std::uint64_t id = 0;
    std::uint32_t count = 0;  // 0: empty
  };
  void grow();
  std::size_t first_size_ = 1024;  // a power of two
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
};

// A family-name-only person counts as the full name, once per article.
class EntityFacetSpy : public Xapian::MatchSpy {
 public:
  // Counts into `counts`, cleared first.
  EntityFacetSpy(const PersonAliases& aliases, EntityCounts& counts) : aliases_(aliases), counts_(counts) { counts_.clear(); }
  void operator()(const Xapian::Document& doc, double weight) override;
  // The packed-id counts of a stock ValueCountMatchSpy (from a remote shard).
  void add_counts(const Xapian::ValueCountMatchSpy& spy);
  // The `top` most frequent entities of each type, ties by name (so the same
  // whatever the shard layout), named from the lexicon's metadata.
  FacetCounts top(std::size_t top, const Xapian::Database& lexicon) const;

 private:
  void count(std::string_view packed, std::uint32_t articles);
  const PersonAliases& aliases_;
  EntityCounts& counts_;
};

}  // namespace news
