#include "person_aliases.h"

#include <set>

#include "text_util.h"

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
    aliases.to_full_.emplace(single, *it->second.begin());
    aliases.from_full_.emplace(*it->second.begin(), single);
  }
  return aliases;
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
    const std::string single(line.substr(0, tab)), full(line.substr(tab + 1));
    aliases.to_full_.emplace(single, full);
    aliases.from_full_.emplace(full, single);
  }
  return aliases;
}

const std::string& PersonAliases::canonical(const std::string& name) const {
  auto it = to_full_.find(name);
  return it == to_full_.end() ? name : it->second;
}

std::vector<std::string> PersonAliases::names_of(const std::string& canonical_name) const {
  std::vector<std::string> names{canonical_name};
  auto [begin, end] = from_full_.equal_range(canonical_name);
  for (auto it = begin; it != end; ++it) names.push_back(it->second);
  return names;
}

}  // namespace news
