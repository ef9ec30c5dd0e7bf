// The plan of an incremental run: each corpus file's fate decided from what
// the walk found and what the index remembers (size and modification time),
// before any file is read; and which file owns each article id. Pure: no
// Xapian, no reads, so the decisions can be tested on their own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/corpus_walker.h"
#include "index/file_state.h"

namespace news {

using FileStates = std::unordered_map<std::string, FileState>;  // by path relative to the corpus root

// Which file owns each article id, so that a second file using an id is
// refused rather than silently replacing the first file's article.
class ArticleIdOwners {
 public:
  // Gives `id` to `path` unless another file owns it; returns that other
  // file's path, or null when `path` owns the id now.
  const std::string* claim(const std::string& id, const std::string& path);
  void release(const std::string& id);

 private:
  std::unordered_map<std::string, std::string> owner_;
};

struct PlannedFile {
  const CorpusFile* file;
  const FileState* previous;  // what the index remembers of it; null for a new file
};

struct VanishedFile {
  std::string path;
  std::size_t articles = 0;
};

struct RunPlan {
  std::vector<PlannedFile> to_read;    // new, or size or time changed; in walk order
  std::uint64_t bytes_to_read = 0;
  std::vector<PlannedFile> unchanged;  // same size and time: not read again
  std::vector<VanishedFile> vanished;  // remembered but no longer in the corpus
  std::vector<std::string> vanished_ids;  // the articles of the vanished files
  // Remembered, not found, but under a path the walk could not read: kept as
  // they are (an unreadable folder is not an empty one).
  std::vector<VanishedFile> unreadable;
  ArticleIdOwners id_owners;           // the ids of every file still in the corpus
};

// `walk` and `states` must outlive the plan (it points into them).
RunPlan plan_run(const CorpusWalk& walk, const FileStates& states);

// A read file's articles that it may write, by index into `ids`: the first of
// each id, and none that another file owns (those are claimed for `path`).
// `warnings` gets one line for each article left out.
std::vector<std::size_t> claim_article_ids(const std::string& path, const std::vector<std::string>& ids,
                                           ArticleIdOwners& owners, std::vector<std::string>& warnings);

// The ids `previous` had that `now` has not: articles to delete.
std::vector<std::string> ids_gone(const FileState& previous, const std::vector<std::string>& now);

}  // namespace news
