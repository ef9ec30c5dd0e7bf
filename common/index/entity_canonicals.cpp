#include "index/entity_canonicals.h"

#include <algorithm>
#include <set>

#include "text/accent_fold.h"
#include "text/data_files.h"
#include "text/text_util.h"
#include "index/entity_codes.h"
#include "index/schema.h"

namespace news {

namespace {

// One line of the encoded table: TYPE TAB NAME TAB (TYPE TAB CANONICAL | -).
using NameView = std::pair<EntityType, std::string_view>;
void append_line(std::string& out, NameView name, std::optional<NameView> canonical) {
  out.push_back(schema::entity_type_letter(name.first));
  out.append("\t").append(name.second).append("\t");
  if (canonical) {
    out.push_back(schema::entity_type_letter(canonical->first));
    out.append("\t").append(canonical->second);
  } else {
    out.push_back('-');
  }
  out.push_back('\n');
}

// How spelling variants compare: accents folded, ASCII case folded, full
// stops dropped, hyphens and runs of spaces made one space.
std::string variant_key(std::string_view name) {
  const std::string folded = fold_accents(name);
  std::string key;
  for (char c : folded) {
    if (c == '.') continue;
    if (c == ' ' || c == '-') {
      if (!key.empty() && key.back() != ' ') key.push_back(' ');
      continue;
    }
    key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  while (!key.empty() && key.back() == ' ') key.pop_back();
  return key;
}

// Which spelling of a group is shown: the accented one when the corpus writes
// it so, then the most used, then the one with full stops ("George W. Bush").
bool shown_before(const CorpusEntity& a, const CorpusEntity& b) {
  const bool accents_a = has_foldable_accents(a.name), accents_b = has_foldable_accents(b.name);
  if (accents_a != accents_b) return accents_a;
  if (a.articles != b.articles) return a.articles > b.articles;
  if (a.name.size() != b.name.size()) return a.name.size() > b.name.size();
  return a.name < b.name;
}

bool is_boilerplate(const CorpusEntity& e, std::uint64_t documents, const CanonicalRules& rules) {
  if (e.fixed_articles < kBoilerplateMinArticles) return false;
  if (static_cast<double>(e.fixed_articles) < kBoilerplateCorpusShare * static_cast<double>(documents)) return false;
  if (static_cast<double>(e.fixed_articles) < kBoilerplateOwnShare * static_cast<double>(e.articles)) return false;
  return !(rules.known && rules.known(e.type, e.name));
}

// People: "George Bush" joins the one longer name with its first and last
// words ("George W. Bush"); then a one-word name joins the one full name it
// is the short form of ("Blair" -> "Tony Blair").
void join_people(std::vector<std::string>& canonical, const std::vector<CorpusEntity>& entities,
                 const CanonicalRules& rules) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < entities.size(); ++i) {
    if (entities[i].type == EntityType::person) names.insert(canonical[i]);
  }
  std::map<std::string, std::set<std::string>> longer_by_ends;
  for (const std::string& name : names) {
    const auto words = space_separated_words(name);
    if (words.size() >= 3) longer_by_ends[words.front() + " " + words.back()].insert(name);
  }
  std::map<std::string, std::string> joined;
  for (const std::string& name : names) {
    const auto words = space_separated_words(name);
    if (words.size() != 2) continue;
    auto it = longer_by_ends.find(name);
    if (it != longer_by_ends.end() && it->second.size() == 1) joined[name] = *it->second.begin();
  }
  auto full = [&joined](const std::string& name) {
    auto it = joined.find(name);
    return it == joined.end() ? name : it->second;
  };
  std::map<std::string, std::set<std::string>> full_by_short;
  for (const std::string& name : names) {
    if (name.find(' ') == std::string::npos) continue;
    for (const std::string& form : rules.short_forms(full(name))) full_by_short[form].insert(full(name));
  }
  for (std::size_t i = 0; i < entities.size(); ++i) {
    if (entities[i].type != EntityType::person) continue;
    canonical[i] = full(canonical[i]);
    if (canonical[i].find(' ') != std::string::npos) continue;
    auto it = full_by_short.find(canonical[i]);
    if (it != full_by_short.end() && it->second.size() == 1) canonical[i] = *it->second.begin();
  }
}

std::optional<EntityRef> overridden(const EntityRef& raw, std::optional<EntityRef> result,
                                    const std::vector<EntityOverride>& overrides) {
  for (const EntityOverride& o : overrides) {
    const bool matches = o.entity == raw || (result && o.entity == *result);
    if (!matches) continue;
    switch (o.action) {
      case EntityOverride::Action::drop: return std::nullopt;
      case EntityOverride::Action::rename: result = EntityRef{o.entity.type, o.becomes.name}; break;
      case EntityOverride::Action::retype:
        if (result) result->type = o.becomes.type;
        break;
    }
  }
  return result;
}

}  // namespace

std::vector<EntityOverride> parse_entity_overrides(std::string_view content, std::string_view file_name,
                                                   std::vector<std::string>& warnings) {
  std::vector<EntityOverride> overrides;
  for (const auto& line : data_lines(content)) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    const std::string_view text = line.text;
    while (start <= text.size()) {
      std::size_t end = text.find('\t', start);
      if (end == std::string_view::npos) end = text.size();
      fields.emplace_back(trim(text.substr(start, end - start)));
      start = end + 1;
    }
    auto warn = [&](const std::string& why) {
      warnings.push_back(std::string(file_name) + ":" + std::to_string(line.number) + ": " + why + ", line skipped");
    };
    const std::optional<EntityType> type = fields.size() >= 3 ? entity_type_from_string(fields[1]) : std::nullopt;
    if (!type || fields[2].empty()) {
      warn("expected ACTION<TAB>TYPE<TAB>NAME (TYPE person, place or org)");
      continue;
    }
    EntityOverride o;
    o.entity = {*type, fields[2]};
    const std::string& action = fields[0];
    if (action == "drop" && fields.size() == 3) {
      o.action = EntityOverride::Action::drop;
    } else if ((action == "rename" || action == "merge") && fields.size() == 4 && !fields[3].empty()) {
      o.action = EntityOverride::Action::rename;
      o.becomes = {*type, fields[3]};
    } else if (action == "retype" && fields.size() == 4 && entity_type_from_string(fields[3])) {
      o.action = EntityOverride::Action::retype;
      o.becomes = {*entity_type_from_string(fields[3]), fields[2]};
    } else {
      warn("unknown action or wrong field count (drop TYPE NAME; merge|rename TYPE NAME NEW-NAME; retype TYPE NAME NEW-TYPE)");
      continue;
    }
    overrides.push_back(std::move(o));
  }
  return overrides;
}

EntityCanonicals EntityCanonicals::compute(const std::vector<CorpusEntity>& entities, std::uint64_t documents,
                                           const CanonicalRules& rules) {
  if (!rules.short_forms) return {};
  std::map<std::pair<EntityType, std::string>, std::vector<std::size_t>> variants;
  for (std::size_t i = 0; i < entities.size(); ++i) variants[{entities[i].type, variant_key(entities[i].name)}].push_back(i);
  std::vector<std::string> canonical(entities.size());
  for (const auto& [key, members] : variants) {
    const std::size_t shown = *std::min_element(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
      return shown_before(entities[a], entities[b]);
    });
    for (std::size_t i : members) canonical[i] = entities[shown].name;
  }
  join_people(canonical, entities, rules);
  std::map<EntityRef, std::optional<EntityRef>> table;
  for (std::size_t i = 0; i < entities.size(); ++i) {
    const CorpusEntity& e = entities[i];
    const EntityRef raw{e.type, e.name};
    std::optional<EntityRef> result = EntityRef{e.type, canonical[i]};
    if (is_boilerplate(e, documents, rules)) result.reset();
    result = overridden(raw, result, rules.overrides);
    if (result != raw) table.insert_or_assign(raw, result);
  }
  std::string lines;
  for (const auto& [name, to] : table) {
    append_line(lines, {name.type, name.name}, to ? std::optional<NameView>({to->type, to->name}) : std::nullopt);
  }
  return decode(lines);
}

std::vector<std::pair<std::uint64_t, std::uint64_t>> EntityCanonicals::id_mappings() const {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ids;
  ids.reserve(entries_.size());
  for (const Entry& e : entries_) {
    ids.emplace_back(entity_id(e.type, name_of(e)), e.dropped ? 0 : entity_id(e.to_type, canonical_of(e)));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::string EntityCanonicals::encode() const {
  std::string out;
  for (const Entry& e : entries_) {
    append_line(out, {e.type, name_of(e)}, e.dropped ? std::nullopt : std::optional<NameView>({e.to_type, canonical_of(e)}));
  }
  return out;
}

EntityCanonicals EntityCanonicals::decode(std::string_view data) {
  EntityCanonicals table;
  table.table_ = std::string(data);
  const std::string_view text = table.table_;
  table.entries_.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, end - at);
    const std::size_t line_at = at;
    at = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < 4 || line[1] != '\t') continue;
    const auto type = schema::entity_type_of_letter(line[0]);
    const std::size_t tab = line.find('\t', 2);
    if (!type || tab == std::string_view::npos || tab + 1 >= line.size()) continue;
    Entry e;
    e.type = *type;
    e.name_at = line_at + 2;
    e.name_size = tab - 2;
    if (line[tab + 1] == '-') {
      e.dropped = true;
    } else {
      const auto to_type = schema::entity_type_of_letter(line[tab + 1]);
      if (!to_type || tab + 3 > line.size() || line[tab + 2] != '\t') continue;
      e.to_type = *to_type;
      e.to_at = line_at + tab + 3;
      e.to_size = line.size() - (tab + 3);
    }
    table.entries_.push_back(e);
  }
  auto by_name = [&](const Entry& a, const Entry& b) {
    return a.type != b.type ? a.type < b.type : table.name_of(a) < table.name_of(b);
  };
  // encode() writes them sorted, one line a name; a damaged table may repeat
  // a name, which keeps its last canonical name only.
  auto& entries = table.entries_;
  const bool in_order =
      std::adjacent_find(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) { return !by_name(a, b); }) ==
      entries.end();
  if (!in_order) {
    std::stable_sort(entries.begin(), entries.end(), by_name);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (i + 1 < entries.size() && !by_name(entries[i], entries[i + 1])) continue;
      entries[kept++] = entries[i];
    }
    entries.resize(kept);
  }
  return table;
}

const std::vector<std::size_t>& EntityCanonicals::by_canonical() const {
  std::call_once(by_canonical_->sorted, [&] {
    std::vector<std::size_t>& order = by_canonical_->entries;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (!entries_[i].dropped) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const Entry &x = entries_[a], &y = entries_[b];
      return x.to_type != y.to_type ? x.to_type < y.to_type : canonical_of(x) < canonical_of(y);
    });
  });
  return by_canonical_->entries;
}

const EntityCanonicals::Entry* EntityCanonicals::find(EntityType type, std::string_view name) const {
  const std::pair<EntityType, std::string_view> wanted(type, name);
  const auto it = std::partition_point(entries_.begin(), entries_.end(), [&](const Entry& e) {
    return std::pair<EntityType, std::string_view>(e.type, name_of(e)) < wanted;
  });
  return it != entries_.end() && it->type == type && name_of(*it) == name ? &*it : nullptr;
}

std::optional<EntityRef> EntityCanonicals::canonical(EntityType type, std::string_view name) const {
  const Entry* e = find(type, name);
  if (!e) return EntityRef{type, std::string(name)};
  if (e->dropped) return std::nullopt;
  return EntityRef{e->to_type, std::string(canonical_of(*e))};
}

std::vector<EntityRef> EntityCanonicals::names_of(const EntityRef& canonical) const {
  const std::pair<EntityType, std::string_view> wanted(canonical.type, canonical.name);
  auto standing_for = [&](std::size_t i) {
    return std::pair<EntityType, std::string_view>(entries_[i].to_type, canonical_of(entries_[i]));
  };
  const std::vector<std::size_t>& order = by_canonical();
  const auto first =
      std::partition_point(order.begin(), order.end(), [&](std::size_t i) { return standing_for(i) < wanted; });
  const auto last = std::partition_point(first, order.end(), [&](std::size_t i) { return standing_for(i) == wanted; });
  std::vector<EntityRef> names{canonical};
  for (auto it = first; it != last; ++it) names.push_back({entries_[*it].type, std::string(name_of(entries_[*it]))});
  return names;
}

std::vector<EntityRef> EntityCanonicals::canonical_names() const {
  std::vector<EntityRef> names;
  for (std::size_t i : by_canonical()) {
    EntityRef name{entries_[i].to_type, std::string(canonical_of(entries_[i]))};
    if (names.empty() || names.back() != name) names.push_back(std::move(name));
  }
  return names;
}

void apply_entity_canonicals(ArticleEntities& entities, const EntityCanonicals& canonicals) {
  if (canonicals.empty()) return;
  ArticleEntities result;
  for (EntityType type : kEntityTypes) {
    for (const std::string& name : entities.of(type)) {
      const std::optional<EntityRef> c = canonicals.canonical(type, name);
      if (!c) continue;
      std::vector<std::string>& list = result.of(c->type);
      if (std::find(list.begin(), list.end(), c->name) == list.end()) list.push_back(c->name);
    }
  }
  entities = std::move(result);
}

}  // namespace news
