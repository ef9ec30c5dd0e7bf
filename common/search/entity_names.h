// Entity names as a person types them: matching "blair" or "Jose" against the
// index's "Tony Blair" or "José Mourinho", and the notice with the closest names
// when a --person/--place/--org value names nobody in the index.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "entities/entity_type.h"
#include "index/entity_canonicals.h"
#include "search/query.h"

namespace news {

// Case-folded, accents removed, spaces collapsed: "  José  MOURINHO" -> "jose mourinho".
std::string fold_name(std::string_view name);

// Up to `max` canonical names of `type` closest to `name`: names with a word
// starting with it, else those at the smallest edit distance (a third of the
// letters at most) to the whole name or one of its words, the family name
// usually; the most frequent first.
std::vector<std::string> closest_entity_names(const Xapian::Database& db, const EntityCanonicals& aliases,
                                              EntityType type, std::string_view name, std::size_t max = 3);

// One notice per filter value that matches no entity of the index:
// `no such person in the index: "Kishda"; did you mean "Fumio Kishida"?`
std::vector<std::string> unknown_entity_notices(const Xapian::Database& db, const EntityCanonicals& aliases,
                                                QueryCompiler& compiler, const QueryFilters& filters);

}  // namespace news
