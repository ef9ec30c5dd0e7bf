// One entity, one name, across the corpus: the table that maps every entity
// name of the index to the one it stands for, or to nothing. Computed by the
// indexer at the end of every run from all the index's names (so an
// incremental run picks up changes without re-indexing articles), stored in
// the lexicon, and applied by readers to facets, filters and each hit's
// entities. Four rules, in order (docs/entities.md, "One name per entity"):
//   spelling variants  "George W Bush" = "George W. Bush", "Jose Mourinho" =
//                      "José Mourinho" (accents folded, full stops dropped);
//                      the accented, then the most used, spelling is shown
//   people             "George Bush" -> "George W. Bush" and "Blair" ->
//                      "Tony Blair" when the corpus has one such full name
//   boilerplate        a name that articles give only in a fixed position
//                      (a sign-off, a byline) in a large share of the corpus
//                      ("REUTER", "London Newsroom") is dropped
//   overrides          the user's data/entity_overrides.tsv: merge, rename,
//                      retype or drop a name
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entities/article_entities.h"
#include "entities/entity_type.h"

namespace news {

// An entity of the index: its articles, and those naming it only in a fixed
// position (document_builder.h, fixed_position_names()).
struct CorpusEntity {
  EntityType type = EntityType::person;
  std::string name;
  std::uint64_t articles = 0;
  std::uint64_t fixed_articles = 0;
};

struct EntityRef {
  EntityType type = EntityType::person;
  std::string name;
  bool operator==(const EntityRef&) const = default;
  auto operator<=>(const EntityRef&) const = default;
};

// One line of data/entity_overrides.tsv.
struct EntityOverride {
  enum class Action { rename, retype, drop };  // "merge" is a rename into an existing name
  Action action = Action::rename;
  EntityRef entity;   // the name as the index has it (or its computed canonical name)
  EntityRef becomes;  // rename: the new name; retype: the new type
};

// Parses the overrides file; a line it cannot read is skipped with a warning
// naming the file and line.
std::vector<EntityOverride> parse_entity_overrides(std::string_view content, std::string_view file_name,
                                                   std::vector<std::string>& warnings);

// The boilerplate rule's thresholds: a name is furniture when at least this
// many articles, and this share of the corpus, name it only in a fixed
// position, and those are this share of the articles naming it at all.
inline constexpr std::uint64_t kBoilerplateMinArticles = 3;
inline constexpr double kBoilerplateCorpusShare = 0.10;
inline constexpr double kBoilerplateOwnShare = 0.80;

struct CanonicalRules {
  // A person's short forms ("Tony Blair" -> "Blair"); null: no table at all.
  std::function<std::vector<std::string>(const std::string& full_name)> short_forms;
  // Whether the gazetteer knows the name: such a name is never boilerplate.
  std::function<bool(EntityType, const std::string&)> known;
  std::vector<EntityOverride> overrides;
};

class EntityCanonicals {
 public:
  static EntityCanonicals compute(const std::vector<CorpusEntity>& entities, std::uint64_t documents,
                                  const CanonicalRules& rules);

  std::string encode() const;
  static EntityCanonicals decode(std::string_view data);

  // What a name stands for: itself unless the table says otherwise; nullopt
  // for a dropped name.
  std::optional<EntityRef> canonical(EntityType type, std::string_view name) const;
  // Every entity id (entity_codes.h) the table maps, sorted, with its
  // canonical entity's id or 0 for a dropped one (entity_numbers.h numbers them).
  std::vector<std::pair<std::uint64_t, std::uint64_t>> id_mappings() const;
  // The canonical entity and every name that stands for it.
  std::vector<EntityRef> names_of(const EntityRef& canonical) const;
  // Every name some other name stands for (readers need each one named).
  std::vector<EntityRef> canonical_names() const;
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

 private:
  // A line of the encoded table, by place in table_: every search decodes the
  // table at start, where building maps of strings took 0.22 ms of a 5 ms
  // cold query; this is one pass and two sorts of small records.
  struct Entry {
    std::size_t name_at = 0, name_size = 0;
    std::size_t to_at = 0, to_size = 0;
    EntityType type = EntityType::person;
    EntityType to_type = EntityType::person;
    bool dropped = false;
  };
  std::string_view name_of(const Entry& e) const { return std::string_view(table_).substr(e.name_at, e.name_size); }
  std::string_view canonical_of(const Entry& e) const { return std::string_view(table_).substr(e.to_at, e.to_size); }
  const Entry* find(EntityType type, std::string_view name) const;
  // entries_ not dropped, by their canonical entity: sorted on first use (a
  // query naming an entity), not at open. Shared by copies, whose entries are the same.
  struct CanonicalOrder {
    std::once_flag sorted;
    std::vector<std::size_t> entries;
  };
  const std::vector<std::size_t>& by_canonical() const;
  std::string table_;            // encode()'s lines
  std::vector<Entry> entries_;   // one per name, by (type, name)
  std::shared_ptr<CanonicalOrder> by_canonical_ = std::make_shared<CanonicalOrder>();
};

// An article's entities with the table applied: renamed, retyped or dropped,
// each kept once.
void apply_entity_canonicals(ArticleEntities& entities, const EntityCanonicals& canonicals);

}  // namespace news
