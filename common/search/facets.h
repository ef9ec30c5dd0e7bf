// Entity facets: which people, places and organisations a set of matching
// articles mentions, and how many articles each, counted from the entity-id
// slot (index/entity_codes.h). Local indexes count with EntityFacetSpy, a MatchSpy;
// remote shards run Xapian's stock ValueCountMatchSpy on the same slot (a
// custom spy is unknown to an unmodified xapian-tcpsrv) and their counts are
// added in (docs/scaling.md).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "entities/entity_type.h"
#include "index/entity_numbers.h"

namespace news {

struct FacetCount {
  std::string name;
  std::uint32_t count = 0;
};

// Which articles the counts are over (docs/analyst.md, "Facets").
enum class FacetBasis {
  all_words,   // the matches with every top-level clause of the query
  all_matches  // every match: a one-clause query, or none has every clause
};
std::string_view to_string(FacetBasis basis);

struct FacetCounts {
  std::vector<FacetCount> person;
  std::vector<FacetCount> place;
  std::vector<FacetCount> org;
  FacetBasis basis = FacetBasis::all_matches;
  std::uint64_t articles = 0;  // in the set counted over
  bool estimated = false;      // counted over a sample of them and scaled
  std::uint64_t sampled = 0;   // with `estimated`: the articles of the sample

  std::vector<FacetCount>& of(EntityType type);
  const std::vector<FacetCount>& of(EntityType type) const;
};

// Counts per entity in flat arrays indexed by the entity numbers' sequence
// (index/entity_numbers.h), allocated on the first count (a query without
// facets never pays for them) and kept with the searcher from one query to the
// next, so a batch faults their pages in once. A query clears and reads only
// the counts of the entities it counted, not those of every entity.
class EntityCounts {
 public:
  // `numbers`: how many sequence numbers the index has given (a hint; the
  // arrays grow past it if need be).
  explicit EntityCounts(std::size_t numbers = 0) : first_size_(std::max<std::size_t>(numbers, 64)) {}
  // A new query: every count 0, numbers counted under `canonicals`.
  void start(const EntityNumberCanonicals& canonicals);
  // One article's (or, from a remote shard, `articles` articles') slot value:
  // each canonical entity counted once, dropped ones not at all.
  void add_article(std::string_view packed, std::uint32_t articles);
  // Every entity number this query counted (in the order first counted), with its count.
  template <typename Visit>
  void for_each(Visit visit) const {
    for (const EntityNumber n : counted_) visit(n, counts_[n >> 2]);
  }

 private:
  const EntityNumberCanonicals* canonicals_ = nullptr;
  std::size_t first_size_;
  std::vector<std::uint32_t> counts_;        // sequence -> articles this query
  std::vector<std::uint32_t> last_article_;  // sequence -> the last article that counted it
  std::vector<EntityNumber> counted_;        // the numbers with a count this query: what start() clears
  std::uint32_t article_ = 0;
};

// An entity counts under its canonical name (entity_canonicals.h), once per
// article; a dropped one not at all. The spy only notes each match's
// document number, so the set's size is known before any article is read;
// count_values() then reads the entity numbers of all of them, or of a sample,
// in one walk of the slot's value stream per shard, in document order,
// where reading each match's value as the matcher hands it over would look
// its chunk up afresh.
class EntityFacetSpy : public Xapian::MatchSpy {
 public:
  // Counts into `counts`, cleared first.
  EntityFacetSpy(const EntityNumberCanonicals& canonicals, EntityCounts& counts) : counts_(counts) { counts_.start(canonicals); }
  // The matches that follow are `part`'s, numbered as in it (Xapian 1.4
  // hands a spy a shard's own document numbers, not the merged ones);
  // `index`: its place among the databases of the index's Xapian::Database.
  void start_part(const Xapian::Database& part, std::size_t index = 0);
  void operator()(const Xapian::Document& doc, double weight) override;
  // The articles seen so far, noted or (from remote shards) counted.
  std::uint64_t seen() const { return seen_; }
  // Reads and counts the noted articles whose document number hashes into
  // `fraction` of the hash range (all of them at 1): a sample that is the
  // same for every query on the same index. Returns how many were counted.
  // Articles noted without a start_part() are `unbound`'s.
  std::uint64_t count_values(double fraction = 1.0, const Xapian::Database* unbound = nullptr);
  // Whether the spy noted the document `docid` of the index's merged
  // Xapian::Database of `databases` databases (each part started with its
  // place), whether or not its entities were read; false for a document of a
  // remote shard, whose spy only counts.
  bool noted(Xapian::docid docid, std::size_t databases) const;
  // The slot-value counts of a stock ValueCountMatchSpy (from a remote shard).
  void add_counts(const Xapian::ValueCountMatchSpy& spy);
  // The `top` most frequent entities of each type, ties by name (so the same
  // whatever the shard layout), named from the lexicon's metadata; each
  // count multiplied by `scale` (a sample's counts scaled to the whole set).
  // Counts what is still noted first (as count_values(1, &lexicon)).
  FacetCounts top(std::size_t top, const Xapian::Database& lexicon, double scale = 1.0);

 private:
  struct Part {
    Xapian::Database db;
    std::size_t index = 0;  // its place among the merged databases
    bool bound = true;      // false: noted without a start_part()
    bool counted = false;   // its entities read (count_values)
    std::vector<Xapian::docid> noted;  // sorted once counted
  };
  EntityCounts& counts_;
  std::vector<Part> parts_;
  std::uint64_t seen_ = 0;
};

}  // namespace news
