// Saved searches and alerts: a query with its filters kept under a name beside
// the index (schema::kSavedSearchesFile), and for each the versions (article
// id + content hash, schema::kContentHashSlot) of the articles it matched when
// last checked, so that `search --new NAME` shows only what was indexed since:
// new articles and new versions of changed ones. Ids and hashes, never Xapian
// document numbers, so a rebuild, which renumbers every document, changes
// nothing. The file is written whole to a temporary name and renamed over the
// old one: a reader sees the old state or the new, never half of one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "search/searcher.h"

namespace news {

struct SavedSearch {
  std::string name;
  std::string query;
  std::vector<std::string> person, place, org;
  std::string since, until;          // as typed: "7d" stays "the last 7 days"
  std::string saved_at, checked_at;  // UTC, "2024-05-09T10:00:00Z"
  std::map<std::string, std::string> seen;  // article id -> content hash when last checked
};

struct SavedSearchStatus {
  SavedSearch search;
  std::uint64_t matches = 0;  // articles matching now
  std::uint64_t fresh = 0;    // of those, indexed since the last check
};

// Where an index keeps its saved searches: in its folder, or beside a stub file.
std::filesystem::path saved_searches_path(const std::filesystem::path& index_location);

// Throws std::runtime_error naming the file when it cannot be read or parsed;
// no file is no saved search.
std::vector<SavedSearch> load_saved_searches(const std::filesystem::path& file);
// Temporary file, fsync, rename. Throws std::runtime_error naming the file.
void store_saved_searches(const std::filesystem::path& file, const std::vector<SavedSearch>& searches);

// Saves (or replaces) `search` under its name, checked now: what matches now
// is seen, so --new shows what is indexed from now on. Throws QueryError for a
// query that does not run.
SavedSearchStatus save_search(const std::filesystem::path& file, Searcher& searcher, SavedSearch search);
// Every saved search, by name, with how many articles it would show as new.
std::vector<SavedSearchStatus> saved_search_statuses(const std::filesystem::path& file, Searcher& searcher);
// The articles of saved search `name` indexed since it was last checked, as
// a result page shaped by `page` (offset, limit, facets, timeline...); then
// the search is checked: everything matching now counts as seen. Throws
// std::runtime_error for an unknown name.
SearchResult check_saved_search(const std::filesystem::path& file, Searcher& searcher, const std::string& name,
                                SearchRequest page);

// The request a saved search runs (its dates resolved against today()).
SearchRequest saved_search_request(const SavedSearch& search, SearchRequest page = {});

}  // namespace news
