#include "search/saved_searches.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "text/dates.h"
#include "index/schema.h"

namespace news {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kFileFormat = 1;

json to_json(const SavedSearch& s) {
  return {{"name", s.name},         {"query", s.query},       {"person", s.person},
          {"place", s.place},       {"org", s.org},           {"since", s.since},
          {"until", s.until},       {"saved_at", s.saved_at}, {"checked_at", s.checked_at},
          {"seen", s.seen}};
}

SavedSearch from_json(const json& j) {
  SavedSearch s;
  s.name = j.at("name").get<std::string>();
  s.query = j.value("query", "");
  s.person = j.value("person", std::vector<std::string>{});
  s.place = j.value("place", std::vector<std::string>{});
  s.org = j.value("org", std::vector<std::string>{});
  s.since = j.value("since", "");
  s.until = j.value("until", "");
  s.saved_at = j.value("saved_at", "");
  s.checked_at = j.value("checked_at", "");
  s.seen = j.value("seen", std::map<std::string, std::string>{});
  return s;
}

std::string date_or_throw(const std::string& name, const std::string& flag, const std::string& value, PeriodEnd end) {
  if (value.empty()) return {};
  if (auto day = date_bound(value, end, today())) return *day;
  throw std::runtime_error("saved search \"" + name + "\": " + flag + " \"" + value + "\" is not a date");
}

std::vector<SavedSearch>::iterator find_named(std::vector<SavedSearch>& all, const std::string& name) {
  return std::find_if(all.begin(), all.end(), [&](const SavedSearch& s) { return s.name == name; });
}

void write_all(int fd, const std::string& bytes, const fs::path& file) {
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error(file.string() + ": cannot write: " + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
}

// Held across a read, change and replace of the file: two searches saving or
// checking at once would otherwise each write the list as it read it, and the
// later one drop what the other added. The lock file stays (removing it
// would let a third process lock a file the next one no longer sees).
class StoreLock {
 public:
  explicit StoreLock(const fs::path& file) {
    const std::string path = file.string() + ".lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      const std::string reason = std::strerror(errno);
      ::close(fd_);
      throw std::runtime_error(path + ": cannot lock: " + reason);
    }
  }
  ~StoreLock() { ::close(fd_); }  // closing releases the lock
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

 private:
  int fd_ = -1;
};

std::map<std::string, std::string> versions_map(const std::vector<std::pair<std::string, std::string>>& versions) {
  return {versions.begin(), versions.end()};
}

std::uint64_t fresh_count(const SavedSearch& s, const std::vector<std::pair<std::string, std::string>>& versions) {
  std::uint64_t fresh = 0;
  for (const auto& [id, hash] : versions) {
    auto it = s.seen.find(id);
    fresh += it == s.seen.end() || it->second != hash;
  }
  return fresh;
}

}  // namespace

fs::path saved_searches_path(const fs::path& index_location) {
  std::error_code ec;
  if (fs::is_directory(index_location, ec)) return index_location / schema::kSavedSearchesFile;
  return index_location.parent_path() / (index_location.filename().string() + "." + std::string(schema::kSavedSearchesFile));
}

std::vector<SavedSearch> load_saved_searches(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return {};
    throw std::runtime_error(file.string() + ": cannot read saved searches");
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    const json j = json::parse(text.str());
    if (j.value("format", 0) != kFileFormat) throw std::runtime_error("unknown format");
    std::vector<SavedSearch> all;
    for (const json& s : j.at("searches")) all.push_back(from_json(s));
    return all;
  } catch (const std::exception& e) {
    throw std::runtime_error(file.string() + ": not a saved-searches file (" + e.what() + ")");
  }
}

void store_saved_searches(const fs::path& file, const std::vector<SavedSearch>& searches) {
  json list = json::array();
  for (const SavedSearch& s : searches) list.push_back(to_json(s));
  const std::string bytes = json{{"format", kFileFormat}, {"searches", list}}.dump(1) + "\n";
  const fs::path temporary = file.string() + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(temporary.string() + ": cannot create: " + std::strerror(errno));
  try {
    write_all(fd, bytes, temporary);
    if (::fsync(fd) != 0) throw std::runtime_error(temporary.string() + ": cannot sync: " + std::strerror(errno));
  } catch (...) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(temporary.c_str(), file.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    throw std::runtime_error(file.string() + ": cannot replace: " + reason);
  }
}

SearchRequest saved_search_request(const SavedSearch& s, SearchRequest page) {
  page.query = s.query;
  page.filters.person = s.person;
  page.filters.place = s.place;
  page.filters.org = s.org;
  page.filters.since = date_or_throw(s.name, "--since", s.since, PeriodEnd::start);
  page.filters.until = date_or_throw(s.name, "--until", s.until, PeriodEnd::end);
  return page;
}

SavedSearchStatus save_search(const fs::path& file, Searcher& searcher, SavedSearch search) {
  if (search.name.empty()) throw std::runtime_error("--save: give the search a name");
  const auto versions = searcher.matching_versions(saved_search_request(search));
  search.saved_at = search.checked_at = utc_now();
  search.seen = versions_map(versions);
  const StoreLock lock(file);
  std::vector<SavedSearch> all = load_saved_searches(file);
  if (auto it = find_named(all, search.name); it != all.end()) {
    *it = search;
  } else {
    all.push_back(search);
  }
  store_saved_searches(file, all);
  return {std::move(search), versions.size(), 0};
}

std::vector<SavedSearchStatus> saved_search_statuses(const fs::path& file, Searcher& searcher) {
  std::vector<SavedSearchStatus> out;
  for (SavedSearch& s : load_saved_searches(file)) {
    const auto versions = searcher.matching_versions(saved_search_request(s));
    const std::uint64_t fresh = fresh_count(s, versions);
    out.push_back({std::move(s), versions.size(), fresh});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.search.name < b.search.name; });
  return out;
}

SearchResult check_saved_search(const fs::path& file, Searcher& searcher, const std::string& name, SearchRequest page) {
  const StoreLock lock(file);
  std::vector<SavedSearch> all = load_saved_searches(file);
  auto saved = find_named(all, name);
  if (saved == all.end()) throw std::runtime_error("no saved search \"" + name + "\" (search --saved lists them)");
  SearchRequest request = saved_search_request(*saved, std::move(page));
  const auto versions = searcher.matching_versions(request);
  std::vector<std::string> fresh;
  for (const auto& [id, hash] : versions) {
    auto it = saved->seen.find(id);
    if (it == saved->seen.end() || it->second != hash) fresh.push_back(id);
  }
  request.only_ids = fresh;
  request.autocorrect = false;  // the saved query, not a guess at it
  SearchResult result = searcher.search(request);
  result.saved_search = saved->name;
  result.checked_since = saved->checked_at;
  saved->seen = versions_map(versions);
  saved->checked_at = utc_now();
  store_saved_searches(file, all);
  return result;
}

}  // namespace news
