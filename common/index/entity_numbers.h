// The index's entity numbers: each entity id (entity_codes.h) gets a small
// dense number the first time an indexer run writes an article naming it,
// kept in the lexicon for good, so the facet slot holds about two bytes per
// entity where a 64-bit id took eight, and a query counts entities in a flat
// array indexed by number instead of a hash table keyed by id. Numbers are
// never reused (an entity no article names any more keeps its number unused)
// and are the same in every shard, which share one lexicon.
#pragma once

#include <bitset>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "index/entity_canonicals.h"
#include "index/entity_codes.h"

namespace news {

// The id -> number table of an index, as the indexer keeps it.
class EntityNumbers {
 public:
  // Every number the lexicon holds (a new index: none).
  static EntityNumbers load(const Xapian::Database& lexicon);
  EntityNumbers() = default;
  EntityNumbers(EntityNumbers&& other) noexcept;
  EntityNumbers& operator=(EntityNumbers&& other) noexcept;

  // The id's number, a new one on first sight. Safe from several threads.
  EntityNumber number_of(std::uint64_t id);
  std::optional<EntityNumber> find(std::uint64_t id) const;
  // A document from build_document(): its facet slot's ids as numbers.
  void renumber(Xapian::Document& document);
  // The numbers given since the last call, and the next one to give, set in
  // the lexicon's metadata (committed with whatever the caller commits next,
  // which must come no later than the shards that use them).
  void write_new(Xapian::WritableDatabase& lexicon);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, EntityNumber> numbers_;
  std::vector<std::pair<std::uint64_t, EntityNumber>> unwritten_;
  std::uint32_t next_sequence_ = 1;
};

// What the searcher needs of a number's id: the number the lexicon gives it,
// if any (one metadata lookup).
std::optional<EntityNumber> lookup_entity_number(const Xapian::Database& lexicon, std::uint64_t id);
// How many sequence numbers the index has given (sizes the facet counters).
std::uint32_t entity_number_count(const Xapian::Database& lexicon);

// The canonicalisation table (entity_canonicals.h) by number: the numbers
// another entity stands for, each with that entity's number or 0 (dropped).
// Written by the indexer with the table; read by facet counting, which asks
// for every entity of every counted article, so most answers ("itself") come
// from a bit set that fits in L1 cache.
class EntityNumberCanonicals {
 public:
  // Numbers for the table's names: those no article names are left out (no
  // slot holds them); canonical names get a number if they have none.
  static EntityNumberCanonicals compute(const EntityCanonicals& table, EntityNumbers& numbers);
  std::string encode() const;
  static EntityNumberCanonicals decode(std::string_view data);

  // The number `n` counts under: its canonical entity's, `n` itself, or 0.
  EntityNumber canonical(EntityNumber n) const {
    if (!maybe_mapped_.test(n & (kBits - 1))) return n;
    return lookup(n);
  }
  std::size_t size() const { return mapped_.size(); }

 private:
  static constexpr std::size_t kBits = 1 << 14;
  EntityNumber lookup(EntityNumber n) const;
  void add(EntityNumber from, EntityNumber to);
  std::vector<std::pair<EntityNumber, EntityNumber>> mapped_;  // sorted by the first
  std::bitset<kBits> maybe_mapped_;
};

}  // namespace news
