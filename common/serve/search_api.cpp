#include "serve/search_api.h"

#include <sstream>

#include "text/text_util.h"
#include "search/index_stats.h"
#include "output/json_writer.h"
#include "output/search_options.h"

namespace news {

namespace {

struct ApiError {
  int status;
  std::string message;
};

// The writer `search --format json` uses, into a string.
template <typename Write>
std::string written(ResultView view, Write&& write) {
  std::ostringstream out;
  OutputStyle style;
  style.format = OutputFormat::json;
  style.view = view;
  JsonWriter writer(style, OutputTarget{out, nullptr, "search"});
  write(writer);
  return out.str();
}

// The parameters through the option table, each checked as on the command line.
SearchOptions options_from(const Parameters& parameters, unsigned use) {
  SearchOptions options;
  for (const auto& [name, value] : parameters) {
    if (!is_valid_utf8(name) || name.find('\0') != std::string::npos) {
      throw ApiError{400, "a parameter name is not valid UTF-8 or holds a NUL byte"};
    }
    if (value.find('\0') != std::string::npos) throw ApiError{400, name + ": contains a NUL byte (%00)"};
    if (!is_valid_utf8(value)) throw ApiError{400, name + ": not valid UTF-8 once its %-escapes are decoded"};
    if (auto error = apply_parameter(options, use, name, value)) throw ApiError{400, *error};
  }
  if (options.limit > kMaxApiLimit) {
    throw ApiError{400, "limit: at most " + std::to_string(kMaxApiLimit) + " results a page over HTTP, got " +
                            std::to_string(options.limit)};
  }
  return options;
}

// A query error as the API's: named by the parameter it is about, and an
// unknown article or cluster id a 404 like any unknown id.
ApiError blamed(const SearchOptions& options, std::string message) {
  constexpr std::string_view kRelated = "--related: ", kLike = " (--like)";
  if (message.starts_with(kRelated)) return {400, "related: " + message.substr(kRelated.size())};
  if (!options.like.empty() && message.ends_with(kLike)) {
    return {404, "like: " + message.substr(0, message.size() - kLike.size())};
  }
  if (!options.cluster.empty() && message.find("story cluster") != std::string::npos) return {404, "cluster: " + message};
  return {400, "q: " + message};
}

std::string search(IndexPool& pool, const Parameters& parameters) {
  SearchOptions options = options_from(parameters, kForSearch);
  if (!options.asks_anything()) throw ApiError{400, "q: no query given (and no filter)"};
  // The CLI's --ids lists every match; a page of the API at most kMaxApiLimit.
  if (options.ids && !options.given.count("limit")) {
    options.limit = kMaxApiLimit;
    options.given.insert("limit");
  }
  auto handle = pool.borrow();
  try {
    if (!options.related.empty()) {
      const RelatedEntities found = handle->searcher.related(related_request(options));
      return written(ResultView::hits, [&](JsonWriter& w) { w.related(found); });
    }
    SearchResult result = handle->searcher.search(search_request(options));
    // The CLI says these on standard error; here they join the JSON's warnings.
    result.warnings.insert(result.warnings.end(), result.damaged.begin(), result.damaged.end());
    return written(result_view(options), [&](JsonWriter& w) { w.result(result); });
  } catch (const QueryError& e) {
    throw blamed(options, e.what());
  }
}

std::string article(IndexPool& pool, const std::string& id, const Parameters& parameters) {
  if (!parameters.empty()) throw ApiError{400, parameters.front().first + ": no such parameter here (known: none)"};
  if (id.empty() || !is_valid_utf8(id) || id.find('\0') != std::string::npos) {
    throw ApiError{400, "id: expected an article id such as business/001 after /api/article/"};
  }
  auto handle = pool.borrow();
  const auto shown = handle->searcher.show(id);
  if (!shown) throw ApiError{404, "id: no article \"" + id + "\" in the index"};
  return written(ResultView::hits, [&](JsonWriter& w) { w.article(*shown); });
}

std::string entities(IndexPool& pool, const Parameters& parameters) {
  const SearchOptions options = options_from(parameters, kForEntities);
  auto handle = pool.borrow();
  const auto list = list_entities(handle->index, entity_listing(options));
  return written(ResultView::hits, [&](JsonWriter& w) { w.entities(list); });
}

std::string stats(IndexPool& pool, const Parameters& parameters) {
  if (!parameters.empty()) throw ApiError{400, parameters.front().first + ": no such parameter here (known: none)"};
  auto handle = pool.borrow();
  const IndexStats facts = index_stats(handle->index);
  return written(ResultView::hits, [&](JsonWriter& w) { w.stats(facts); });
}

std::string route(IndexPool& pool, const std::string& path, const Parameters& parameters) {
  constexpr std::string_view kArticle = "/api/article/";
  if (path == "/healthz") return "{\"status\": \"ok\"}\n";
  if (path == "/api/search") return search(pool, parameters);
  if (path == "/api/entities") return entities(pool, parameters);
  if (path == "/api/stats") return stats(pool, parameters);
  if (path.starts_with(kArticle)) return article(pool, path.substr(kArticle.size()), parameters);
  throw ApiError{404, "path: nothing is served at " + path + " (see docs/http-api.md)"};
}

}  // namespace

std::string error_body(const std::string& message) { return dump_json({{"error", message}}, 2) + "\n"; }

ApiResponse answer_api(IndexPool& pool, const std::string& path, const Parameters& parameters) {
  try {
    return {200, route(pool, path, parameters)};
  } catch (const ApiError& e) {
    return {e.status, error_body(e.message)};
  } catch (const IndexUnavailable& e) {
    pool.drop_idle();
    return {503, error_body(std::string("index: ") + e.what())};
  } catch (const Xapian::Error& e) {
    pool.drop_idle();  // the handle that failed is among them (its lease has given it back)
    return {503, error_body("index: " + e.get_description())};
  } catch (const std::exception& e) {
    return {500, error_body(std::string("internal error: ") + e.what())};
  }
}

}  // namespace news
