// The writing side of an index: one Xapian WritableDatabase per shard plus the
// lexicon (spelling, synonyms, metadata, file states), opened in the current
// generation for an incremental run or in a fresh one for a rebuild. Changes
// arrive in batches. An incremental batch is journaled in the lexicon, then
// committed to every shard, then applied to the lexicon, so that a run killed
// or failing anywhere leaves whole batches and a journal that the next run
// resolves (batch_journal.h); a rebuild is switched to only when complete.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "index/document_builder.h"
#include "index/file_state.h"
#include "index/entity_canonicals.h"
#include "index/story_clusters.h"

namespace news {

struct PreparedArticle {
  std::string id;
  Xapian::Document document;
  std::vector<std::string> spelling;  // its distinct spelling words (take_spelling_words)
  std::vector<std::string> fixed_names;  // fixed_position_names(document)
};

// Everything one batch changes.
struct IndexBatch {
  std::vector<PreparedArticle> articles;             // added or replaced
  std::vector<std::string> removed_ids;              // articles to delete
  std::map<std::string, FileState> file_states;      // new state per source path
  std::vector<std::string> forgotten_files;          // source paths no longer in the corpus
};

struct IndexWriterOptions {
  std::filesystem::path index_dir;
  std::string corpus_root;       // recorded in the metadata
  bool rebuild = false;          // write a fresh generation and switch to it at finish()
  std::optional<std::uint32_t> shards;  // required for a new index; must match an existing one
  std::uint32_t flush_every = 500;      // documents per shard between flushes, new generations
};

class IndexWriter {
 public:
  // Throws std::runtime_error with a one-line reason (schema mismatch, shard
  // count mismatch, unwritable folder, a damaged index). Opening an existing
  // index first resolves the journal of a batch an earlier run left behind.
  explicit IndexWriter(const IndexWriterOptions& options);
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  std::uint32_t shard_count() const;
  bool is_new_generation() const;
  const std::unordered_map<std::string, FileState>& file_states() const;

  void apply(IndexBatch batch);
  // A new generation only: one article straight to its shard's writer
  // thread, before the batch that carries its file's state (nothing of a new
  // generation is visible before finish()). Safe from several threads at once;
  // blocks while that shard's queue is full.
  void stream_article(PreparedArticle article);

  // Metadata (synonyms, the entity canonicalisation table, counts), then the
  // switch to a new generation. `synonyms`: key (normalised words,
  // space-separated) -> synonyms; `rules`: what the table is computed with
  // (no short_forms: an index without entities, an empty table).
  void finish(const std::multimap<std::string, std::string>& synonyms, const CanonicalRules& rules);

  // The story clusters of the articles indexed so far, from their documents
  // (kIdSlot, kClusterSlot, kSignatureSlot), those in `hidden` hidden
  // (StoryClusters::add_indexed). Not while a batch is being applied.
  StoryClusters story_clusters(const std::unordered_set<std::string>& hidden) const;

  std::uint64_t document_count() const;
  // One line about the interrupted batch that opening resolved, if any.
  const std::optional<std::string>& recovered() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace news
