#include "search/facets.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "index/entity_codes.h"
#include "index/schema.h"

namespace news {

std::vector<FacetCount>& FacetCounts::of(EntityType type) {
  return type == EntityType::person ? person : type == EntityType::place ? place : org;
}
const std::vector<FacetCount>& FacetCounts::of(EntityType type) const {
  return type == EntityType::person ? person : type == EntityType::place ? place : org;
}

void EntityFacetSpy::count(std::string_view packed, std::uint32_t articles) {
  if (aliases_.empty()) {  // ids are distinct per article: nothing to map or join
    for (std::size_t at = 0; at + 8 <= packed.size(); at += 8) counts_.add(decode_entity_id(packed.data() + at), articles);
    return;
  }
  std::uint64_t seen[64];  // this article's entities after the table, each counted once
  std::size_t seen_count = 0;
  for (std::size_t at = 0; at + 8 <= packed.size(); at += 8) {
    const std::uint64_t id = aliases_.canonical_id(decode_entity_id(packed.data() + at));
    if (id == 0) continue;  // dropped (boilerplate, an override)
    if (std::find(seen, seen + seen_count, id) != seen + seen_count) continue;
    if (seen_count < std::size(seen)) seen[seen_count++] = id;
    counts_.add(id, articles);
  }
}

EntityCounts::EntityCounts(std::size_t expected_entities) {
  // At most half full, so probe runs stay short; a hint past a million
  // entities (or a garbled one) starts at 16 MB and grows as needed.
  constexpr std::size_t kLargestFirstSize = std::size_t{1} << 20;
  while (first_size_ < 2 * expected_entities && first_size_ < kLargestFirstSize) first_size_ *= 2;
}

void EntityCounts::clear() {
  if (used_ == 0) return;
  std::fill(slots_.begin(), slots_.end(), Slot{});
  used_ = 0;
}

void EntityCounts::grow() {
  // The first count allocates: a query without facets never pays for the table.
  std::vector<Slot> old(slots_.empty() ? first_size_ : slots_.size() * 2);
  old.swap(slots_);
  used_ = 0;
  for (const Slot& s : old) {
    if (s.count) add(s.id, s.count);
  }
}

void EntityCounts::add(std::uint64_t id, std::uint32_t n) {
  if (n == 0) return;
  if (2 * (used_ + 1) > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(id >> 2) & mask;; i = (i + 1) & mask) {  // ids are hashes already
    Slot& slot = slots_[i];
    if (slot.count == 0) {
      slot = {id, n};
      ++used_;
      return;
    }
    if (slot.id == id) {
      slot.count += n;
      return;
    }
  }
}

void EntityFacetSpy::operator()(const Xapian::Document& doc, double) { count(doc.get_value(schema::kEntitiesSlot), 1); }

void EntityFacetSpy::add_counts(const Xapian::ValueCountMatchSpy& spy) {
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    count(*it, static_cast<std::uint32_t>(it.get_termfreq()));
  }
}

FacetCounts EntityFacetSpy::top(std::size_t top, const Xapian::Database& lexicon) const {
  FacetCounts result;
  if (top == 0) return result;
  // The N-th highest count of each type, from a min-heap of the N highest
  // seen; then only the entities at or above it (ties included, since ties
  // go by name) are named from the lexicon and sorted.
  std::vector<std::uint32_t> highest[3];
  counts_.for_each([&](std::uint64_t id, std::uint32_t count) {
    if (!is_known_entity_id(id)) return;
    auto& heap = highest[static_cast<int>(entity_type_of(id))];
    if (heap.size() < top) {
      heap.push_back(count);
      std::push_heap(heap.begin(), heap.end(), std::greater<>{});
    } else if (count > heap.front()) {
      std::pop_heap(heap.begin(), heap.end(), std::greater<>{});
      heap.back() = count;
      std::push_heap(heap.begin(), heap.end(), std::greater<>{});
    }
  });
  std::uint32_t threshold[3];
  for (int t = 0; t < 3; ++t) threshold[t] = highest[t].empty() ? 0 : highest[t].front();
  auto name_of = [&lexicon](std::uint64_t id) {
    return name_from_entity_name_value(lexicon.get_metadata(entity_name_key(id)));
  };
  counts_.for_each([&](std::uint64_t id, std::uint32_t count) {
    if (!is_known_entity_id(id)) return;
    const EntityType type = entity_type_of(id);
    const int t = static_cast<int>(type);
    if (!highest[t].empty() && count >= threshold[t]) result.of(type).push_back({name_of(id), count});
  });
  for (EntityType type : kEntityTypes) {
    auto& out = result.of(type);
    std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
      return a.count != b.count ? a.count > b.count : a.name < b.name;
    });
    if (out.size() > top) out.resize(top);
  }
  return result;
}

}  // namespace news
