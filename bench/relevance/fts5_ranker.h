// SQLite FTS5 as a ranking peer: the collection in an in-memory FTS5 table
// (`porter unicode61`, title and text columns, bm25() with its default
// weights), each plain-word query as its words OR'd, the top N in bm25 order.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace relevance {

struct CollectionDocument {
  std::string id;
  std::string title;
  std::string text;
};

class Fts5Ranker {
 public:
  explicit Fts5Ranker(const std::vector<CollectionDocument>& documents);
  ~Fts5Ranker();
  Fts5Ranker(const Fts5Ranker&) = delete;
  Fts5Ranker& operator=(const Fts5Ranker&) = delete;

  // The ids of the best `limit` documents for these words, best first.
  // Throws std::runtime_error with SQLite's message when the query fails.
  std::vector<std::string> rank(const std::vector<std::string>& words, int limit);

  // The MATCH expression for `words`: each quoted (so that no word is read as
  // an operator), joined with OR.
  static std::string match_expression(const std::vector<std::string>& words);

  static std::string sqlite_version();

 private:
  struct Database;
  std::unique_ptr<Database> db_;
};

}  // namespace relevance
