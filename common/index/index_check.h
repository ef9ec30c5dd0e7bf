// Verifying an index without changing it (`indexer --check`): Xapian's own
// check of every database, the stub, and the lexicon's agreement with the
// shards (document counts, file states against articles, the spelling
// dictionary against the articles' words, every stored record decodable, each
// facet slot against the lexicon's numbers for the article's entities).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace news {

struct IndexCheck {
  enum class Verdict { healthy, incomplete, broken };

  std::vector<std::string> passed;     // what was verified, one line each
  std::vector<std::string> problems;   // what is wrong, one line each
  // A batch an interrupted run left journaled: not damage, the next plain
  // indexer run completes it (agreement is then not compared).
  std::optional<std::string> pending;

  // broken: --rebuild needed; incomplete: a plain run completes it.
  Verdict verdict() const;
};

// Never throws for a damaged index: everything wrong is a problem line.
IndexCheck check_index(const std::filesystem::path& index_dir);

}  // namespace news
