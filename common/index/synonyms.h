// Query-time synonyms, kept in the index's Xapian synonym table (in the
// lexicon). Keys are analysed phrases (terms joined by single spaces). A value
// is either an entity term (schema.h prefixes, e.g. "XL:Kuril Islands") or
// another analysed phrase. Sources: the entity alias data, so that "Northern
// Territories" finds articles that only say "Kuril Islands", and the user's
// data/synonyms.txt.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyser.h"
#include "entities/entities.h"

namespace news {

// The key for a phrase: its analysed terms joined by spaces ("U.S." -> "us").
std::string synonym_key(Analyser& analyser, std::string_view phrase);

// alias key -> entity term, for every alias and for each canonical name that has aliases.
std::multimap<std::string, std::string> entity_synonyms(const EntityRecognizer& recognizer, Analyser& analyser);

// Groups from a file: one group of equivalent words or phrases per line,
// separated by commas; '#' starts a comment. Every member maps to the others.
// A phrase too long for a synonym key is left out with a line in `warnings`.
// Throws std::runtime_error naming the file when unreadable.
std::multimap<std::string, std::string> user_synonyms(const std::string& path, Analyser& analyser,
                                                      std::vector<std::string>& warnings);

// Whether a synonym value names an entity term rather than a phrase.
bool is_entity_synonym(std::string_view value);

}  // namespace news
