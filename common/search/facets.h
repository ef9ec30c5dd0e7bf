// Entity facets: which people, places and organisations a set of matching
// articles mentions, and how many articles each, counted from the entity-id
// slot (index/entity_codes.h). Local indexes count with EntityFacetSpy, a MatchSpy;
// remote shards run Xapian's stock ValueCountMatchSpy on the same slot (a
// custom spy is unknown to an unmodified xapian-tcpsrv) and their counts are
// added in (docs/scaling.md).
#pragma once

#include <cstdint>
#include <cstddef>
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

// Counts per entity, in a flat array indexed by a dense number that this
// process gives each entity id the first time it sees it. The id -> number
// table (open addressing) remembers the canonical entity's number, or that
// the id is dropped, so a query asks the canonicalisation table once per id
// per process, not once per mention; it is sized from the index's number of
// entities, so it rarely regrows, and kept from one query to the next with the
// searcher, so a batch faults its pages in once (page faults were most of a
// query's facet time on our VMs). Starting a query clears only the dense
// counts (4 bytes an entity seen), and the top N read them sequentially.
class EntityCounts {
 public:
  explicit EntityCounts(std::size_t expected_entities = 0);
  // A new query: every count 0. Numbers made under another table are forgotten.
  void start(const EntityCanonicals& aliases);
  // Every number forgotten (the index was replaced: its table may differ).
  void forget_numbers() { aliases_ = nullptr; }
  // One article's (or, from a remote shard, `articles` articles') packed ids:
  // each canonical entity counted once, dropped ones not at all.
  void add_article(std::string_view packed, std::uint32_t articles);
  template <typename Visit>
  void for_each(Visit visit) const {
    for (std::size_t n = 0; n < counts_.size(); ++n) {
      if (counts_[n]) visit(ids_[n], counts_[n]);
    }
  }

 private:
  static constexpr std::uint32_t kDropped = 0xFFFFFFFFu;
  static constexpr std::uint32_t kUnknown = 0xFFFFFFFEu;  // find(): not numbered yet
  struct Slot {
    std::uint64_t id = 0;
    std::uint32_t number = 0;  // dense number + 1 (0: empty), or kDropped
  };
  std::uint32_t number_of(std::uint64_t id);       // kDropped for a dropped entity
  std::uint32_t find(std::uint64_t id) const;      // kUnknown if never seen
  std::uint32_t numbered(std::uint64_t id, std::uint32_t number);  // records it, returns it
  std::uint32_t new_number(std::uint64_t canonical);
  void grow();
  const EntityCanonicals* aliases_ = nullptr;
  std::size_t first_size_ = 1024;  // a power of two
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  std::vector<std::uint64_t> ids_;          // dense number -> canonical id
  std::vector<std::uint32_t> counts_;       // dense number -> articles this query
  std::vector<std::uint32_t> last_article_; // dense number -> the last article that counted it
  std::uint32_t article_ = 0;
};

// An entity counts under its canonical name (entity_canonicals.h), once per
// article; a dropped one not at all.
class EntityFacetSpy : public Xapian::MatchSpy {
 public:
  // Counts into `counts`, cleared first.
  EntityFacetSpy(const EntityCanonicals& aliases, EntityCounts& counts) : counts_(counts) { counts_.start(aliases); }
  void operator()(const Xapian::Document& doc, double weight) override;
  // The packed-id counts of a stock ValueCountMatchSpy (from a remote shard).
  void add_counts(const Xapian::ValueCountMatchSpy& spy);
  // The `top` most frequent entities of each type, ties by name (so the same
  // whatever the shard layout), named from the lexicon's metadata.
  FacetCounts top(std::size_t top, const Xapian::Database& lexicon) const;

 private:
  EntityCounts& counts_;
};

}  // namespace news
