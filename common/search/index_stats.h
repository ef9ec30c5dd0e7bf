// Facts about an index for `--stats` and `--entities`: read from the index
// itself (Xapian statistics and our metadata), never from the corpus.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "entities/entity_type.h"
#include "search/search_index.h"

namespace news {

struct IndexStats {
  std::string location;
  std::uint64_t articles = 0;
  std::uint64_t distinct_terms = 0;  // distinct stems: what the articles are indexed by
  std::uint64_t entities[3] = {0, 0, 0};  // distinct entities per EntityType
  std::uint64_t bytes_on_disk = 0;   // local databases only
  std::uint32_t shards = 0;          // databases holding articles
  std::vector<std::string> missing_shards;
  std::string corpus_root, schema_version, analyser_version, built_at, updated_at;
};

IndexStats index_stats(const SearchIndex& index);

struct EntityCount {
  EntityType type;
  std::string name;
  std::uint64_t articles = 0;
};

// Which entities `search --entities` lists.
struct EntityListing {
  std::optional<EntityType> type;  // one type, or all
  std::string name_contains;       // case- and accent-insensitive; empty: every name
  std::size_t limit = SIZE_MAX;
};

// The entities of the index that `listing` asks for, most frequent first, ties
// by name; people known by family name alone are counted with their full name.
std::vector<EntityCount> list_entities(const SearchIndex& index, const EntityListing& listing = {});

}  // namespace news
