// Output formats. Each turns the plain result structs into bytes: `text` for a
// person at a terminal (colour only there), `json` for one pretty object,
// `jsonl` for one compact object per line (batch mode). The JSON shape is
// documented in docs/json-output.md and is a stable interface.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/index_stats.h"
#include "search/search_result.h"

namespace news {

enum class OutputFormat { text, json, jsonl };

struct TextStyle {
  bool color = false;          // ANSI bold/colour; else matches are shown as [word]
  bool show_entities = false;  // list each hit's entities under it
};

// Writes search results and per-query errors in one format.
class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  virtual void result(const SearchResult& result) = 0;
  // A query that could not run (batch mode keeps going after it).
  virtual void query_error(const std::string& query, const std::string& message) = 0;
  virtual void count(const SearchResult& result) = 0;
  virtual void ids(const SearchResult& result) = 0;
};

std::unique_ptr<ResultWriter> make_result_writer(OutputFormat format, std::ostream& out, const TextStyle& style);

nlohmann::json to_json(const SearchResult& result);
nlohmann::json to_json(const IndexStats& stats);
nlohmann::json to_json(const std::vector<EntityCount>& entities);

void write_stats(OutputFormat format, std::ostream& out, const IndexStats& stats);
void write_entities(OutputFormat format, std::ostream& out, const std::vector<EntityCount>& entities);

}  // namespace news
