#include "search/facets.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "text/stable_hash.h"
#include "index/entity_codes.h"
#include "index/schema.h"

namespace news {

std::string_view to_string(FacetBasis basis) { return basis == FacetBasis::all_words ? "all_words" : "all_matches"; }

std::vector<FacetCount>& FacetCounts::of(EntityType type) {
  return type == EntityType::person ? person : type == EntityType::place ? place : org;
}
const std::vector<FacetCount>& FacetCounts::of(EntityType type) const {
  return type == EntityType::person ? person : type == EntityType::place ? place : org;
}

EntityCounts::EntityCounts(std::size_t expected_entities) {
  // At most half full, so probe runs stay short; a hint past a million
  // entities (or a garbled one) starts at 16 MB and grows as needed.
  constexpr std::size_t kLargestFirstSize = std::size_t{1} << 20;
  while (first_size_ < 2 * expected_entities && first_size_ < kLargestFirstSize) first_size_ *= 2;
}

void EntityCounts::start(const EntityCanonicals& aliases) {
  if (aliases_ != &aliases) {
    aliases_ = &aliases;
    slots_.clear();
    used_ = 0;
    ids_.clear();
    counts_.clear();
    last_article_.clear();
    counted_.clear();
    article_ = 0;
  }
  for (const std::uint32_t n : counted_) counts_[n] = 0;
  counted_.clear();
}

void EntityCounts::grow() {
  // The first count allocates: a query without facets never pays for the table.
  std::vector<Slot> old(slots_.empty() ? first_size_ : slots_.size() * 2);
  old.swap(slots_);
  used_ = 0;
  for (const Slot& s : old) {
    if (s.number) numbered(s.id, s.number == kDropped ? kDropped : s.number - 1);
  }
}

std::uint32_t EntityCounts::numbered(std::uint64_t id, std::uint32_t number) {
  if (2 * (used_ + 1) > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(id >> 2) & mask;; i = (i + 1) & mask) {  // ids are hashes already
    if (slots_[i].number == 0) {
      slots_[i] = {id, number == kDropped ? kDropped : number + 1};
      ++used_;
      return number;
    }
  }
}

std::uint32_t EntityCounts::find(std::uint64_t id) const {
  if (slots_.empty()) return kUnknown;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(id >> 2) & mask; slots_[i].number; i = (i + 1) & mask) {
    if (slots_[i].id == id) return slots_[i].number == kDropped ? kDropped : slots_[i].number - 1;
  }
  return kUnknown;
}

std::uint32_t EntityCounts::number_of(std::uint64_t id) {
  if (const std::uint32_t known = find(id); known != kUnknown) return known;
  // First sight of this id in the process: its canonical entity's number.
  const std::uint64_t canonical = aliases_->empty() ? id : aliases_->canonical_id(id);
  if (canonical == 0) return numbered(id, kDropped);  // boilerplate, an override
  if (canonical != id) {
    // One step only, as the table is written: a damaged table with a cycle
    // cannot send this round in circles.
    const std::uint32_t known = find(canonical);
    return numbered(id, known != kUnknown ? known : numbered(canonical, new_number(canonical)));
  }
  return numbered(id, new_number(id));
}

std::uint32_t EntityCounts::new_number(std::uint64_t canonical) {
  const auto number = static_cast<std::uint32_t>(ids_.size());
  ids_.push_back(canonical);
  counts_.push_back(0);
  last_article_.push_back(0);
  return number;
}

void EntityCounts::add_article(std::string_view packed, std::uint32_t articles) {
  if (articles == 0) return;
  if (++article_ == 0) {  // 2^32 articles in one process: the marks start again
    std::fill(last_article_.begin(), last_article_.end(), 0);
    article_ = 1;
  }
  for (std::size_t at = 0; at + 8 <= packed.size(); at += 8) {
    const std::uint32_t n = number_of(decode_entity_id(packed.data() + at));
    if (n == kDropped || last_article_[n] == article_) continue;
    last_article_[n] = article_;
    if (counts_[n] == 0) counted_.push_back(n);
    counts_[n] += articles;
  }
}

void EntityFacetSpy::start_part(const Xapian::Database& part) { parts_.push_back({part, true, {}}); }

void EntityFacetSpy::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  if (parts_.empty()) parts_.push_back({Xapian::Database(), false, {}});
  parts_.back().noted.push_back(doc.get_docid());
}

namespace {
// Whether a document number falls in the sample below `limit` of the hash range.
bool in_sample(Xapian::docid doc, std::uint64_t limit) {
  const unsigned char bytes[4] = {static_cast<unsigned char>(doc), static_cast<unsigned char>(doc >> 8),
                                  static_cast<unsigned char>(doc >> 16), static_cast<unsigned char>(doc >> 24)};
  return stable_hash(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes)) < limit;
}
}  // namespace

std::uint64_t EntityFacetSpy::count_values(double fraction, const Xapian::Database* unbound) {
  const bool sampling = fraction < 1.0;
  // 2^64 * fraction, in halves (2^64 itself does not fit).
  const std::uint64_t limit = sampling ? static_cast<std::uint64_t>(std::ldexp(std::max(fraction, 0.0), 63)) * 2 : 0;
  std::uint64_t counted = 0;
  for (Part& part : parts_) {
    // Xapian hands the matches over in document order, except after a
    // collapse or a sort: sorted anyway, the walk only goes forwards.
    std::sort(part.noted.begin(), part.noted.end());
    const Xapian::Database& db = part.bound || !unbound ? part.db : *unbound;
    Xapian::ValueIterator value = db.valuestream_begin(schema::kEntitiesSlot);
    const Xapian::ValueIterator end = db.valuestream_end(schema::kEntitiesSlot);
    for (const Xapian::docid doc : part.noted) {
      if (sampling && !in_sample(doc, limit)) continue;
      ++counted;
      if (value != end && value.get_docid() < doc) value.skip_to(doc);
      if (value == end) continue;  // this one and the rest have no entities
      if (value.get_docid() == doc) counts_.add_article(*value, 1);
    }
  }
  parts_.clear();
  return counted;
}

void EntityFacetSpy::add_counts(const Xapian::ValueCountMatchSpy& spy) {
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    counts_.add_article(*it, static_cast<std::uint32_t>(it.get_termfreq()));
  }
  seen_ += spy.get_total();
}

FacetCounts EntityFacetSpy::top(std::size_t top, const Xapian::Database& lexicon, double scale) {
  count_values(1.0, &lexicon);
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
  if (scale != 1.0) {
    // Scaling keeps the order, so it can follow the choice of the top N.
    for (EntityType type : kEntityTypes) {
      for (FacetCount& f : result.of(type)) f.count = static_cast<std::uint32_t>(std::lround(f.count * scale));
    }
  }
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
