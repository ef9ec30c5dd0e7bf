// The prepare stage of an indexer run: each planned file read and its
// articles analysed into documents, on worker threads (one analyser each),
// with nothing written yet. What comes out is a file's fate once read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
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

// A batch of files read but not yet analysed: each file's fate and state,
// and its articles with their ids set but no document yet.
class ReadFiles {
 public:
  std::vector<PreparedFile> files;  // one per planned item, in the same order

 private:
  friend class FilePreparer;
  std::vector<std::vector<Article>> articles_;        // per file, parallel to files[f].articles
  std::vector<std::vector<std::uint64_t>> shares_;    // each article's share of its file's bytes
};

// (file, article) indices into a ReadFiles.
using ArticleRef = std::pair<std::size_t, std::size_t>;
// Takes an analysed article; called from the worker threads, several at once.
using ArticleSink = std::function<void(ArticleRef where, PreparedArticle&& article)>;

class FilePreparer {
 public:
  FilePreparer(unsigned threads, bool entities, std::filesystem::path corpus_dir, ReadOptions read_options);

  // Reads every item, in parallel.
  ReadFiles read(const std::vector<PlannedFile>& items, const PrepareProgress& progress = {});
  // Analyses the articles `wanted` lists, all of the batch's files' together
  // in parallel (so one big JSONL file or feed keeps every core busy), each
  // handed to `sink`. The bytes of the articles not wanted are told at once.
  void analyse(ReadFiles& read, const std::vector<ArticleRef>& wanted, const ArticleSink& sink,
               const PrepareProgress& progress = {});
  // Both, every article analysed into its file's PreparedFile.
  std::vector<PreparedFile> prepare(const std::vector<PlannedFile>& items, const PrepareProgress& progress = {});

 private:
  std::vector<std::unique_ptr<Analyser>> analysers_;
  const EntityRecognizer* recognizer_ = nullptr;
  std::filesystem::path corpus_dir_;
  ReadOptions read_options_;
};

}  // namespace news
