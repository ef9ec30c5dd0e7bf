// A small JSON Schema checker for the subset docs/json-output.md uses: type
// (one or a list), required, properties, items, enum and local $ref; and the
// schemas that page documents, read from it.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace e2e {

inline bool has_type(const nlohmann::json& v, const std::string& type) {
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  return false;
}

// Every way `value` breaks `schema`, each prefixed with its JSON path.
inline void validate(const nlohmann::json& value, const nlohmann::json& schema, const nlohmann::json& root,
                     const std::string& path, std::vector<std::string>& errors) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    validate(value, root.at(nlohmann::json::json_pointer(ref.substr(1))), root, path, errors);
    return;
  }
  if (schema.contains("type")) {
    bool ok = false;
    if (schema["type"].is_array()) {
      for (const auto& t : schema["type"]) ok = ok || has_type(value, t);
    } else {
      ok = has_type(value, schema["type"]);
    }
    if (!ok) {
      errors.push_back(path + ": expected type " + schema["type"].dump() + ", got " + value.dump());
      return;
    }
  }
  if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
    errors.push_back(path + ": " + value.dump() + " not in " + schema["enum"].dump());
  }
  if (value.is_object()) {
    for (const auto& key : schema.value("required", nlohmann::json::array())) {
      if (!value.contains(key.get<std::string>())) errors.push_back(path + ": missing " + key.get<std::string>());
    }
    if (schema.contains("properties")) {
      for (const auto& [key, sub] : schema["properties"].items()) {
        if (value.contains(key)) validate(value[key], sub, root, path + "/" + key, errors);
      }
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (std::size_t i = 0; i < value.size(); ++i) validate(value[i], schema["items"], root, path + "/" + std::to_string(i), errors);
  }
}

inline std::vector<std::string> validate(const nlohmann::json& value, const nlohmann::json& schema) {
  std::vector<std::string> errors;
  validate(value, schema, schema, "", errors);
  return errors;
}

// A schema of docs/json-output.md: the block fenced "```json schema" (a
// result), or "```json schema count" / "```json schema ids" (those views).
inline nlohmann::json documented_schema(const std::string& view = "") {
  std::ifstream in(std::string(NEWS_DOCS_DIR) + "/json-output.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const std::string fence = "```json schema" + (view.empty() ? "" : " " + view) + "\n";
  const auto start = text.find(fence);
  if (start == std::string::npos) throw std::runtime_error("docs/json-output.md: no " + fence);
  const auto end = text.find("```", start + fence.size());
  return nlohmann::json::parse(text.substr(start + fence.size(), end - start - fence.size()));
}

}  // namespace e2e
