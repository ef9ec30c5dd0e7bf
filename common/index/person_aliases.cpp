#include "index/person_aliases.h"

#include <algorithm>
#include <set>

#include "text/text_util.h"
#include "index/entity_codes.h"

namespace news {

PersonAliases PersonAliases::compute(const std::vector<std::string>& names, const ShortForms& short_forms) {
  std::map<std::string, std::set<std::string>> full_names_by_form;
  std::vector<std::string> singles;
  for (const auto& name : names) {
    if (name.find(' ') == std::string::npos) {
      singles.push_back(name);
    } else {
      for (const auto& form : short_forms(name)) full_names_by_form[form].insert(name);
    }
  }
  PersonAliases aliases;
  for (const auto& single : singles) {
    auto it = full_names_by_form.find(single);
    if (it == full_names_by_form.end() || it->second.size() != 1) continue;  // unknown or ambiguous
    aliases.add(single, *it->second.begin());
  }
  return aliases;
}

void PersonAliases::add(const std::string& single, const std::string& full) {
  to_full_.emplace(single, full);
  from_full_.emplace(full, single);
  const std::pair<std::uint64_t, std::uint64_t> ids{entity_id(EntityType::person, single), entity_id(EntityType::person, full)};
  id_to_full_.insert(std::lower_bound(id_to_full_.begin(), id_to_full_.end(), ids), ids);
  const std::uint64_t bit = (ids.first >> 2) & 0xFFFF;
  maybe_alias_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
}

std::uint64_t PersonAliases::canonical_id(std::uint64_t id) const {
  const std::uint64_t bit = (id >> 2) & 0xFFFF;
  if (!(maybe_alias_[bit >> 6] & (std::uint64_t{1} << (bit & 63)))) return id;
  auto it = std::lower_bound(id_to_full_.begin(), id_to_full_.end(), std::pair<std::uint64_t, std::uint64_t>{id, 0});
  return it != id_to_full_.end() && it->first == id ? it->second : id;
}

std::string PersonAliases::encode() const {
  std::string out;
  for (const auto& [single, full] : to_full_) out.append(single).append("\t").append(full).append("\n");
  return out;
}

PersonAliases PersonAliases::decode(std::string_view data) {
  PersonAliases aliases;
  for (std::string_view line : split_lines(data)) {
    const auto tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    aliases.add(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
  }
  return aliases;
}

const std::string& PersonAliases::canonical(const std::string& name) const {
  auto it = to_full_.find(name);
  return it == to_full_.end() ? name : it->second;
}

std::string_view PersonAliases::canonical(std::string_view name) const {
  auto it = to_full_.find(name);
  return it == to_full_.end() ? name : std::string_view(it->second);
}

std::vector<std::string> PersonAliases::names_of(const std::string& canonical_name) const {
  std::vector<std::string> names{canonical_name};
  auto [begin, end] = from_full_.equal_range(canonical_name);
  for (auto it = begin; it != end; ++it) names.push_back(it->second);
  return names;
}

void apply_person_aliases(ArticleEntities& entities, const PersonAliases& aliases) {
  if (aliases.empty()) return;
  std::vector<std::string> people;
  for (const auto& name : entities.person) {
    const std::string& full = aliases.canonical(name);
    if (std::find(people.begin(), people.end(), full) == people.end()) people.push_back(full);
  }
  entities.person = std::move(people);
}

}  // namespace news
