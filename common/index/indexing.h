// One indexer run: walk the corpus, compare it with what the index remembers,
// and add, re-index or remove articles in committed batches. Reading and
// analysis run on every core while the previous batch is being written.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ingest/article_reader.h"

namespace news {

struct IndexerOptions {
  std::filesystem::path corpus_dir = "corpus";
  std::filesystem::path index_dir = "index";
  bool rebuild = false;
  std::optional<std::uint32_t> shards;  // default: one per core for a new index, else the existing count
  unsigned threads = 0;                 // analysis threads; 0 = one per core
  std::size_t batch_files = 500;        // files per batch (committed together in an incremental run)
  std::uint32_t flush_every = 500;      // a rebuild flushes each shard every this many articles
  bool entities = true;                 // run entity recognition
  ReadOptions read;
};

// `unsupported`: not an article file (an extension the readers do not know, an
// .xml file that is not a feed): counted and listed, never warned about.
enum class FileFate { added, changed, removed, unchanged, skipped, failed, unsupported };
std::string_view to_string(FileFate fate);

struct FileOutcome {
  std::string path;  // relative to the corpus root
  FileFate fate = FileFate::unchanged;
  std::size_t articles = 0;
  std::uint64_t bytes = 0;
  bool partial = false;  // indexed, but some of its records were skipped
  std::string reason;    // skipped, failed, unsupported: why ("empty file", "unsupported type .sgm")
};

struct IndexSummary;

// Receives progress from the run; calls come from one thread at a time.
class IndexProgress {
 public:
  virtual ~IndexProgress() = default;
  // `files` to read, of `bytes` in all.
  virtual void started(std::size_t files, std::uint64_t bytes) { (void)files, (void)bytes; }
  // Work done since the last call: bytes of the files to read (inside a big
  // file too, as its records are analysed) and articles analysed.
  virtual void advanced(std::uint64_t bytes, std::size_t articles) { (void)bytes, (void)articles; }
  virtual void file_done(const FileOutcome& outcome) { (void)outcome; }
  virtual void warning(const std::string& message) { (void)message; }
  // Every file is read and written; what remains is the final step. The
  // summary's counts and articles_per_second() are final already.
  virtual void finishing(const IndexSummary& summary) { (void)summary; }
};

struct IndexSummary {
  std::size_t added = 0, changed = 0, removed = 0, unchanged = 0, skipped = 0, failed = 0;
  std::size_t partial = 0;            // added or changed files with some records skipped
  std::size_t unreadable = 0;         // folders (or entries) the walk could not read: their files kept
  std::size_t articles_written = 0;   // articles added or replaced by this run
  std::uint64_t documents = 0;        // articles in the index afterwards
  std::uint64_t bytes_read = 0;
  std::size_t warnings = 0;
  std::size_t unsupported = 0;                         // files not read: not an article format
  std::map<std::string, std::size_t> unsupported_types;  // by extension (".sgm"; "" for none), for messages
  double seconds = 0;
  // From the start of reading to the last batch written: the span the rate is
  // measured over, by the progress display and the summary alike.
  double indexing_seconds = 0;
  // Where the time went (wall seconds): reading and analysing, waiting for the
  // writers, and the final step (spelling, synonyms, merges, switch).
  double prepare_seconds = 0, write_wait_seconds = 0, finish_seconds = 0;
  std::uint32_t shards = 1;
  bool rebuilt = false;

  double articles_per_second() const {
    return indexing_seconds > 0 ? static_cast<double>(articles_written) / indexing_seconds : 0.0;
  }
};

// Throws std::runtime_error (IndexBusy when another indexer holds the index)
// when the run cannot work at all: an unreadable corpus root, a damaged index;
// per-file problems are reported as warnings.
IndexSummary update_index(const IndexerOptions& options, IndexProgress& progress);

}  // namespace news
