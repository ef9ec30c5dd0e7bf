#include "index/run_plan.h"

#include <unordered_set>

#include "text/printable.h"
namespace news {

namespace {

// Size and time as remembered: the file is not read again. (A content hash
// tells a merely touched file from a changed one, after reading.)
bool looks_unchanged(const CorpusFile& file, const FileState& state) {
  return state.size == file.size && state.mtime_ns == file.mtime_ns;
}

// Whether a remembered file is gone from the corpus: the walk did not find it.
bool has_vanished(const std::string& path, const std::unordered_set<std::string>& found) {
  return !found.count(path);
}

}  // namespace

const std::string* ArticleIdOwners::claim(const std::string& id, const std::string& path) {
  auto [owner, inserted] = owner_.emplace(id, path);
  return !inserted && owner->second != path ? &owner->second : nullptr;
}

void ArticleIdOwners::release(const std::string& id) { owner_.erase(id); }

RunPlan plan_run(const CorpusWalk& walk, const FileStates& states) {
  RunPlan plan;
  std::unordered_set<std::string> found;
  for (const CorpusFile& file : walk.files) {
    found.insert(file.relative_path);
    auto it = states.find(file.relative_path);
    const FileState* previous = it == states.end() ? nullptr : &it->second;
    if (previous && looks_unchanged(file, *previous)) {
      plan.unchanged.push_back({&file, previous});
      continue;
    }
    plan.to_read.push_back({&file, previous});
    plan.bytes_to_read += file.size;
  }
  for (const auto& [path, state] : states) {
    if (!has_vanished(path, found)) continue;
    plan.vanished.push_back({path, state.article_ids.size()});
    plan.vanished_ids.insert(plan.vanished_ids.end(), state.article_ids.begin(), state.article_ids.end());
  }
  for (const auto& [path, state] : states) {
    if (has_vanished(path, found)) continue;
    for (const auto& id : state.article_ids) plan.id_owners.claim(id, path);
  }
  return plan;
}

std::vector<std::size_t> claim_article_ids(const std::string& path, const std::vector<std::string>& ids,
                                           ArticleIdOwners& owners, std::vector<std::string>& warnings) {
  std::vector<std::size_t> kept;
  std::unordered_set<std::string> ids_of_file;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!ids_of_file.insert(ids[i]).second) {
      warnings.push_back(printable(path) + ": article id '" + printable(ids[i]) + "' appears twice, later copy skipped");
      continue;
    }
    if (const std::string* owner = owners.claim(ids[i], path)) {
      warnings.push_back(printable(path) + ": article id '" + printable(ids[i]) + "' is already used by " +
                         printable(*owner) + ", skipped");
      continue;
    }
    kept.push_back(i);
  }
  return kept;
}

std::vector<std::string> ids_gone(const FileState& previous, const std::vector<std::string>& now) {
  const std::unordered_set<std::string> still(now.begin(), now.end());
  std::vector<std::string> gone;
  for (const auto& id : previous.article_ids) {
    if (!still.count(id)) gone.push_back(id);
  }
  return gone;
}

}  // namespace news
