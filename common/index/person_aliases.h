// People mentioned by family name alone in one article and in full in others:
// "Putin" joins "Vladimir Putin" when that is the only full name in the index
// with that family name. The indexer computes the table after every run and
// stores it in the lexicon; readers apply it to facets, filters and each hit's
// entities. Articles are never rewritten, so the join is cheap and the same
// whatever order (or shard) the articles were indexed in.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "entities/article_entities.h"

namespace news {

class PersonAliases {
 public:
  using ShortForms = std::function<std::vector<std::string>(const std::string& full_name)>;

  // From every person name in the index.
  static PersonAliases compute(const std::vector<std::string>& names, const ShortForms& short_forms);

  std::string encode() const;
  static PersonAliases decode(std::string_view data);

  // The full name a single-word name stands for, or the name itself.
  const std::string& canonical(const std::string& name) const;
  std::string_view canonical(std::string_view name) const;
  // The same by entity id (entity_codes.h): the full name's id, or `id` itself.
  std::uint64_t canonical_id(std::uint64_t id) const;
  // The canonical name and every alias of it.
  std::vector<std::string> names_of(const std::string& canonical_name) const;
  bool empty() const { return to_full_.empty(); }
  std::size_t size() const { return to_full_.size(); }

 private:
  std::map<std::string, std::string, std::less<>> to_full_;
  std::multimap<std::string, std::string> from_full_;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> id_to_full_;  // sorted: small and cache-friendly
  // One bit per id hash bucket: most people are no alias, and this answers
  // that from L1 cache (facet counting asks for every person of every match).
  std::vector<std::uint64_t> maybe_alias_ = std::vector<std::uint64_t>(1024);
  void add(const std::string& single, const std::string& full);
};

// Family-name-only people replaced by their full name, each name kept once.
void apply_person_aliases(ArticleEntities& entities, const PersonAliases& aliases);

}  // namespace news
