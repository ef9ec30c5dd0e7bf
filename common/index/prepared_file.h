// The prepare stage of an indexer run: each planned file read and its
// articles analysed into documents, on worker threads (one analyser each),
// with nothing written yet. What comes out is a file's fate once read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "text/analyser.h"
#include "ingest/article_reader.h"
#include "entities/entities.h"
#include "index/file_state.h"
#include "index/index_writer.h"
#include "index/indexing.h"
#include "index/run_plan.h"

namespace news {

// What a worker makes of one file.
struct PreparedFile {
  FileOutcome outcome;
  std::vector<PreparedArticle> articles;
  FileState state;
  bool keep_previous_state = false;  // failed: leave the index and the state as they were
  std::vector<std::string> warnings;
};

// Told, from the worker threads but one call at a time, of work done: bytes
// of the planned files and articles analysed. Every planned file's bytes are
// told exactly once in all; a file with many articles (JSONL, a feed) is told
// in steps, each article's share in proportion to its text.
using PrepareProgress = std::function<void(std::uint64_t bytes, std::size_t articles)>;

class FilePreparer {
 public:
  FilePreparer(unsigned threads, bool entities, std::filesystem::path corpus_dir, ReadOptions read_options);

  // One result per item, in the same order. Files are read in parallel, then
  // all their articles are analysed in parallel, so one big JSONL file or
  // feed keeps every core busy.
  std::vector<PreparedFile> prepare(const std::vector<PlannedFile>& items, const PrepareProgress& progress = {});

 private:
  std::vector<std::unique_ptr<Analyser>> analysers_;
  const EntityRecognizer* recognizer_ = nullptr;
  std::filesystem::path corpus_dir_;
  ReadOptions read_options_;
};

}  // namespace news
