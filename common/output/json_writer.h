// The JSON and JSON Lines writers, and the JSON shape of each result struct
// (docs/json-output.md). Every JSON byte the programs print is dumped here,
// with invalid UTF-8 (a non-UTF-8 index path, say) replaced, never thrown.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "output/writer.h"

namespace news {

nlohmann::json to_json(const SearchResult& result);
nlohmann::json to_json(const IndexStats& stats);
nlohmann::json to_json(const EntityCount& entity);
nlohmann::json to_json(const ShownArticle& article);
nlohmann::json to_json(const RelatedEntities& related);
nlohmann::json to_json(const SavedSearchStatus& search);

// `indent` < 0: one line. Invalid UTF-8 becomes U+FFFD.
std::string dump_json(const nlohmann::json& value, int indent);

class JsonWriter : public OutputWriter {
 public:
  JsonWriter(const OutputStyle& style, const OutputTarget& target);
  void result(const SearchResult& result) override;
  void query_error(const std::string& query, const std::string& message) override;
  void stats(const IndexStats& stats) override;
  void entities(const std::vector<EntityCount>& entities) override;
  void article(const ShownArticle& article) override;
  void related(const RelatedEntities& related) override;
  void saved_searches(const std::vector<SavedSearchStatus>& searches) override;
  void saved(const SavedSearchStatus& search) override;

 private:
  void emit(const nlohmann::json& value);
  OutputStyle style_;
  OutputTarget target_;
};

}  // namespace news
