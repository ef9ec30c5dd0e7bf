#include "index/run_plan.h"

#include <algorithm>
#include <unordered_set>

#include "text/printable.h"
namespace news {

namespace {

// Size and time as remembered: the file is not read again. (A content hash
// tells a merely touched file from a changed one, after reading.)
bool looks_unchanged(const CorpusFile& file, const FileState& state) {
  return state.size == file.size && state.mtime_ns == file.mtime_ns;
}

enum class Presence { found, vanished, unreadable };

// Whether a remembered file is still in the corpus: found by the walk, gone,
// or somewhere the walk could not look.
Presence presence(const std::string& path, const std::unordered_set<std::string>& found, const CorpusWalk& walk) {
  if (found.count(path)) return Presence::found;
  return walk.is_unreadable(path) ? Presence::unreadable : Presence::vanished;
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
    switch (presence(path, found, walk)) {
      case Presence::vanished:
        plan.vanished.push_back({path, state.article_ids.size()});
        plan.vanished_ids.insert(plan.vanished_ids.end(), state.article_ids.begin(), state.article_ids.end());
        continue;
      case Presence::unreadable:
        plan.unreadable.push_back({path, state.article_ids.size()});
        break;
      case Presence::found:
        break;
    }
    for (const auto& id : state.article_ids) plan.id_owners.claim(id, path);
  }
  // In a stable order, for the report.
  auto by_path = [](const VanishedFile& a, const VanishedFile& b) { return a.path < b.path; };
  std::sort(plan.vanished.begin(), plan.vanished.end(), by_path);
  std::sort(plan.unreadable.begin(), plan.unreadable.end(), by_path);
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
