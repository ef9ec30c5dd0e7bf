#include "search/facets.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "text/stable_hash.h"
#include "index/entity_codes.h"
#include "index/schema.h"
#include "index/streamed_value.h"
#include "search/merged_docids.h"

namespace news {

std::string_view to_string(FacetBasis basis) { return basis == FacetBasis::all_words ? "all_words" : "all_matches"; }

std::vector<FacetCount>& FacetCounts::of(EntityType type) {
  return type == EntityType::person ? person : type == EntityType::place ? place : org;
}
const std::vector<FacetCount>& FacetCounts::of(EntityType type) const {
  return type == EntityType::person ? person : type == EntityType::place ? place : org;
}

void EntityCounts::start(const EntityNumberCanonicals& canonicals) {
  canonicals_ = &canonicals;
  for (const EntityNumber n : counted_) counts_[n >> 2] = 0;
  counted_.clear();
}

void EntityCounts::add_article(std::string_view packed, std::uint32_t articles) {
  if (articles == 0) return;
  if (++article_ == 0) {  // 2^32 articles in one process: the marks start again
    std::fill(last_article_.begin(), last_article_.end(), 0);
    article_ = 1;
  }
  for_each_entity_number(packed, [&](EntityNumber number) {
    const EntityNumber n = canonicals_->canonical(number);
    if (n == 0) return;  // boilerplate, an override
    const std::size_t sequence = n >> 2;
    if (sequence >= counts_.size()) {
      // The first count allocates; a number past the hint (an index updated
      // since it was opened) grows the arrays.
      const std::size_t size = std::max(sequence + 1, counts_.empty() ? first_size_ : counts_.size() * 2);
      counts_.resize(size, 0);
      last_article_.resize(size, 0);
    }
    if (last_article_[sequence] == article_) return;
    last_article_[sequence] = article_;
    if (counts_[sequence] == 0) counted_.push_back(n);
    counts_[sequence] += articles;
  });
}

void EntityFacetSpy::start_part(const Xapian::Database& part, std::size_t index) {
  parts_.push_back({part, index, true, false, {}});
}

void EntityFacetSpy::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  if (parts_.empty() || parts_.back().counted) parts_.push_back({Xapian::Database(), 0, false, false, {}});
  parts_.back().noted.push_back(doc.get_docid());
}

bool EntityFacetSpy::noted(Xapian::docid docid, std::size_t databases) const {
  if (docid == 0 || databases == 0) return false;
  const auto [index, local] = local_docid(docid, databases);
  for (const Part& part : parts_) {
    if (!part.bound || part.index != index) continue;
    if (part.counted ? std::binary_search(part.noted.begin(), part.noted.end(), local)
                     : std::find(part.noted.begin(), part.noted.end(), local) != part.noted.end()) {
      return true;
    }
  }
  return false;
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
    if (part.counted) continue;
    part.counted = true;
    // Xapian hands the matches over in document order, except after a
    // collapse or a sort: sorted anyway, the walk only goes forwards.
    std::sort(part.noted.begin(), part.noted.end());
    StreamedValue entities(part.bound || !unbound ? part.db : *unbound, schema::kEntitiesSlot);
    for (const Xapian::docid doc : part.noted) {
      if (sampling && !in_sample(doc, limit)) continue;
      ++counted;
      counts_.add_article(entities.at(doc), 1);
    }
  }
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
  counts_.for_each([&](EntityNumber n, std::uint32_t count) {
    if (!is_known_entity_number(n)) return;
    auto& heap = highest[static_cast<int>(entity_type_of_number(n))];
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
  auto name_of = [&lexicon](EntityNumber n) {
    return name_from_entity_name_value(lexicon.get_metadata(entity_name_key(n)));
  };
  counts_.for_each([&](EntityNumber n, std::uint32_t count) {
    if (!is_known_entity_number(n)) return;
    const EntityType type = entity_type_of_number(n);
    const int t = static_cast<int>(type);
    if (!highest[t].empty() && count >= threshold[t]) result.of(type).push_back({name_of(n), count});
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
