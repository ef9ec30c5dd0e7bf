#include "index/synonyms.h"

#include <set>
#include <vector>

#include "text/data_files.h"
#include "text/text_util.h"
#include "index/schema.h"

namespace news {

std::string synonym_key(Analyser& analyser, std::string_view phrase) {
  std::string key;
  for (const Token& token : analyser.tokens(phrase)) {
    if (!key.empty()) key.push_back(' ');
    key += token.term;
  }
  return key;
}

bool is_entity_synonym(std::string_view value) { return schema::is_entity_term(value); }

std::multimap<std::string, std::string> entity_synonyms(const EntityRecognizer& recognizer, Analyser& analyser) {
  std::set<std::pair<std::string, std::string>> pairs;  // dedupe aliases that normalise alike
  for (const EntityAlias& alias : recognizer.aliases()) {
    const std::string term = schema::entity_term(alias.type, alias.canonical);
    for (const std::string* name : {&alias.alias, &alias.canonical}) {
      std::string key = synonym_key(analyser, *name);
      if (!key.empty() && key.size() <= schema::kXapianMaxSynonymKeyBytes) pairs.emplace(std::move(key), term);
    }
  }
  return {pairs.begin(), pairs.end()};
}

std::multimap<std::string, std::string> user_synonyms(const std::string& path, Analyser& analyser,
                                                      std::vector<std::string>& warnings) {
  std::multimap<std::string, std::string> synonyms;
  const std::string content = read_file(path);  // the lines below point into it
  for (auto [number, line] : data_lines(content)) {
    std::vector<std::string> members;
    while (!line.empty()) {
      const auto comma = line.find(',');
      std::string key = synonym_key(analyser, line.substr(0, comma));
      if (key.size() > schema::kXapianMaxSynonymKeyBytes) {
        warnings.push_back(path + ":" + std::to_string(number) + ": a phrase longer than " +
                           std::to_string(schema::kXapianMaxSynonymKeyBytes) + " bytes, ignored");
      } else if (!key.empty()) {
        members.push_back(std::move(key));
      }
      if (comma == std::string_view::npos) break;
      line.remove_prefix(comma + 1);
    }
    for (const auto& a : members) {
      for (const auto& b : members) {
        if (a != b) synonyms.emplace(a, b);
      }
    }
  }
  return synonyms;
}

}  // namespace news
