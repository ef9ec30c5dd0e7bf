// Entity facets: which people, places and organisations a set of matching
// articles mentions, and how many articles each, counted from the entity-id
// slot (index/entity_codes.h). Local indexes count with EntityFacetSpy, a MatchSpy;
// remote shards run Xapian's stock ValueCountMatchSpy on the same slot (a
// custom spy is unknown to an unmodified xapian-tcpsrv) and their counts are
// added in (docs/scaling.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "entities/entity_type.h"
#include "index/entity_canonicals.h"

namespace news {

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

// An entity counts under its canonical name (entity_canonicals.h), once per
// article; a dropped one not at all.
class EntityFacetSpy : public Xapian::MatchSpy {
 public:
  // Counts into `counts`, cleared first.
  EntityFacetSpy(const EntityCanonicals& aliases, EntityCounts& counts) : aliases_(aliases), counts_(counts) { counts_.clear(); }
  void operator()(const Xapian::Document& doc, double weight) override;
  // The packed-id counts of a stock ValueCountMatchSpy (from a remote shard).
  void add_counts(const Xapian::ValueCountMatchSpy& spy);
  // The `top` most frequent entities of each type, ties by name (so the same
  // whatever the shard layout), named from the lexicon's metadata.
  FacetCounts top(std::size_t top, const Xapian::Database& lexicon) const;

 private:
  void count(std::string_view packed, std::uint32_t articles);
  const EntityCanonicals& aliases_;
  EntityCounts& counts_;
};

}  // namespace news
