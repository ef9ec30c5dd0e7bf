// The HTTP JSON API (docs/http-api.md), apart from any socket: a decoded path
// and its query parameters in, a status and a JSON body out. Parameters are
// the command line's options read through the same table
// (output/search_options.h), and bodies are written by the same JsonWriter as
// `search --format json`, so the API and the CLI give the same JSON.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "serve/index_pool.h"

namespace news {

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON, one value, newline-terminated
};

using Parameters = std::vector<std::pair<std::string, std::string>>;

// Most results one /api/search page may ask for (limit=...).
inline constexpr std::size_t kMaxApiLimit = 1000;

// Answers GET `path` (already %-decoded) for /healthz and /api/...; 404 for a
// path it does not serve. Never throws: a bad parameter is a 400 whose
// {"error": ...} names it, an index that cannot be read a 503.
ApiResponse answer_api(IndexPool& pool, const std::string& path, const Parameters& parameters);

// {"error": message} with its newline, as every error body is.
std::string error_body(const std::string& message);

}  // namespace news
