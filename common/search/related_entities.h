// Who appears with whom (search --related ENTITY): the entities most
// associated with one entity over the matching articles that mention it (the
// foreground), scored against the whole index (the background) so that an
// entity every article names does not come first merely for being common.
// The score is JLH, the significance heuristic of Elasticsearch's
// significant_terms: with fg = count / foreground and bg = articles naming it
// / articles in the index, score = (fg - bg) * (fg / bg); entities no more
// frequent in the foreground than in the index (fg <= bg), and those named in
// fewer than kRelatedMinArticles foreground articles, are left out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "entities/entity_type.h"
#include "index/entity_canonicals.h"
#include "search/facets.h"

namespace news {

inline constexpr std::uint64_t kRelatedMinArticles = 2;

struct RelatedEntity {
  EntityType type = EntityType::person;
  std::string name;
  std::uint64_t count = 0;       // foreground articles naming both
  std::uint64_t background = 0;  // articles of the index naming it
  double score = 0;              // JLH
};

struct RelatedEntities {
  std::string query;               // the query as given (may be empty: the whole index)
  EntityType type = EntityType::person;
  std::string name;                // the entity asked about, by its canonical name
  std::uint64_t articles = 0;      // the foreground: matching articles that mention it
  std::uint64_t index_articles = 0;
  std::vector<RelatedEntity> entities;  // best first
  std::vector<std::string> warnings;
  double elapsed_ms = 0;
};

// "person:Sergei Lavrov", "place:Japan", "org:NATO" or a bare name (whichever
// type knows it best): the type, if given, and the name.
struct EntitySpec {
  std::optional<EntityType> type;
  std::string name;
};
EntitySpec parse_entity_spec(std::string_view spec);

// The foreground's entity counts (canonical numbers, EntityFacetSpy) scored
// against the index: the `limit` best, best first, `skip` (the number of the
// entity asked about) left out.
std::vector<RelatedEntity> score_related(const EntityCounts& foreground_counts, std::uint64_t foreground,
                                         EntityNumber skip, const Xapian::Database& db,
                                         const EntityCanonicals& canonicals, std::size_t limit);

// JLH as above; 0 when the entity is not over-represented.
double jlh_score(std::uint64_t count, std::uint64_t foreground, std::uint64_t background, std::uint64_t index_articles);

}  // namespace news
