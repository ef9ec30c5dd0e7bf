// The prepare stage of an indexer run: each planned file read and its
// articles analysed into documents, on worker threads (one analyser each),
// with nothing written yet. What comes out is a file's fate once read.
#pragma once

#include <filesystem>
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

class FilePreparer {
 public:
  FilePreparer(unsigned threads, bool entities, std::filesystem::path corpus_dir, ReadOptions read_options);

  // One result per item, in the same order.
  std::vector<PreparedFile> prepare(const std::vector<PlannedFile>& items);

 private:
  std::vector<std::unique_ptr<Analyser>> analysers_;
  const EntityRecognizer* recognizer_ = nullptr;
  std::filesystem::path corpus_dir_;
  ReadOptions read_options_;
};

}  // namespace news
