#include "index/indexing.h"

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "text/analyser.h"
#include "text/data_files.h"
#include "text/parallel_for.h"
#include "ingest/corpus_walker.h"
#include "entities/entities.h"
#include "index/document_builder.h"
#include "index/file_state.h"
#include "index/index_layout.h"
#include "index/index_writer.h"
#include "index/schema.h"
#include "index/synonyms.h"

namespace news {

namespace fs = std::filesystem;

std::string_view to_string(FileFate fate) {
  switch (fate) {
    case FileFate::added: return "added";
    case FileFate::changed: return "changed";
    case FileFate::removed: return "removed";
    case FileFate::unchanged: return "unchanged";
    case FileFate::skipped: return "skipped";
    case FileFate::failed: return "failed";
  }
  return "?";
}

namespace {

struct WorkItem {
  const CorpusFile* file;
  const FileState* previous;  // null for a new file
};

// What a worker makes of one file.
struct PreparedFile {
  FileOutcome outcome;
  std::vector<PreparedArticle> articles;
  FileState state;
  bool keep_previous_state = false;  // failed: leave the index and the state as they were
  std::vector<std::string> warnings;
  std::vector<std::vector<std::string>> spelling;  // per article, parallel to `articles`: its distinct words
};

PreparedFile prepare_file(const WorkItem& item, const fs::path& corpus_dir, Analyser& analyser,
                          const EntityRecognizer* recognizer, const ReadOptions& read_options) {
  const CorpusFile& file = *item.file;
  PreparedFile prepared;
  prepared.outcome.path = file.relative_path;
  prepared.outcome.bytes = file.size;
  prepared.state.size = file.size;
  prepared.state.mtime_ns = file.mtime_ns;

  // Articles and warnings name the file as the user does: relative to where
  // the indexer ran ("corpus/001.txt"), or absolute when --corpus was.
  const std::string display_path = (corpus_dir / file.relative_path).lexically_normal().generic_string();
  FileArticles read = read_article_file(file.full_path, display_path, read_options);
  prepared.warnings = std::move(read.warnings);
  if (read.status == FileArticles::Status::failed) {
    prepared.outcome.fate = FileFate::failed;
    prepared.keep_previous_state = true;
    return prepared;
  }
  if (read.status == FileArticles::Status::skipped || read.articles.empty()) {
    prepared.outcome.fate = FileFate::skipped;
    return prepared;
  }
  // Size or time differ: the content hash tells a touched file from a changed one.
  prepared.state.content_hash = read.content_hash;
  if (item.previous && read.content_hash != 0 && read.content_hash == item.previous->content_hash) {
    prepared.outcome.fate = FileFate::unchanged;
    prepared.state.article_ids = item.previous->article_ids;
    prepared.warnings.clear();  // reported when the file was indexed
    return prepared;
  }
  for (Article& article : read.articles) {
    std::string id = article.id;
    AnalysedArticle analysed = analyse_article(std::move(article), analyser, recognizer);
    prepared.articles.push_back({id, build_document(analysed, analyser)});
    prepared.spelling.push_back(take_spelling_words(analysed.tokens));
    prepared.state.article_ids.push_back(std::move(id));
  }
  prepared.outcome.articles = prepared.articles.size();
  prepared.outcome.fate = item.previous ? FileFate::changed : FileFate::added;
  // Some records were left out (their warnings say which): still a problem to report.
  prepared.outcome.partial = read.status == FileArticles::Status::partial;
  return prepared;
}

class WorkerPool {
 public:
  WorkerPool(unsigned threads, bool entities) : analysers_(threads) {
    for (auto& a : analysers_) a = std::make_unique<Analyser>();
    if (entities) recognizer_ = &EntityRecognizer::standard();
  }

  std::vector<PreparedFile> prepare(const std::vector<WorkItem>& items, const fs::path& corpus_dir,
                                    const ReadOptions& read_options) {
    std::vector<PreparedFile> results(items.size());
    parallel_for(items.size(), static_cast<unsigned>(analysers_.size()), [&](std::size_t i, unsigned worker) {
      results[i] = prepare_file(items[i], corpus_dir, *analysers_[worker], recognizer_, read_options);
    });
    return results;
  }

 private:
  std::vector<std::unique_ptr<Analyser>> analysers_;
  const EntityRecognizer* recognizer_ = nullptr;
};

std::multimap<std::string, std::string> load_synonyms(const EntityRecognizer* recognizer, IndexProgress& progress) {
  Analyser analyser;
  std::multimap<std::string, std::string> synonyms;
  if (recognizer) synonyms = entity_synonyms(*recognizer, analyser);
  try {
    for (auto& [key, value] : user_synonyms(find_data_file("synonyms.txt"), analyser)) synonyms.emplace(key, value);
  } catch (const std::exception& e) {
    progress.warning(e.what());
  }
  return synonyms;
}

}  // namespace

IndexSummary update_index(const IndexerOptions& options, IndexProgress& progress) {
  const auto started = std::chrono::steady_clock::now();
  fs::create_directories(options.index_dir);
  IndexLock lock(options.index_dir);

  CorpusWalk walk = walk_corpus(options.corpus_dir);
  for (const auto& w : walk.warnings) progress.warning(w);

  IndexWriterOptions writer_options;
  writer_options.index_dir = options.index_dir;
  writer_options.corpus_root = fs::absolute(options.corpus_dir).lexically_normal().string();
  writer_options.rebuild = options.rebuild;
  writer_options.shards = options.shards;
  writer_options.flush_every = options.flush_every;
  IndexWriter writer(writer_options);

  IndexSummary summary;
  summary.rebuilt = writer.is_new_generation();
  summary.shards = writer.shard_count();
  summary.warnings = walk.warnings.size();

  // Decide each file's fate from size and time; removed files need no reading.
  const auto& states = writer.file_states();
  std::vector<WorkItem> work;
  std::uint64_t work_bytes = 0;
  std::unordered_set<std::string> present;
  for (const CorpusFile& file : walk.files) {
    present.insert(file.relative_path);
    auto it = states.find(file.relative_path);
    if (it != states.end() && it->second.size == file.size && it->second.mtime_ns == file.mtime_ns) {
      ++summary.unchanged;
      progress.file_done({file.relative_path, FileFate::unchanged, it->second.article_ids.size(), 0});
      continue;
    }
    work.push_back({&file, it == states.end() ? nullptr : &it->second});
    work_bytes += file.size;
  }
  IndexBatch removals;
  for (const auto& [path, state] : states) {
    if (present.count(path)) continue;
    removals.forgotten_files.push_back(path);
    removals.removed_ids.insert(removals.removed_ids.end(), state.article_ids.begin(), state.article_ids.end());
    ++summary.removed;
    progress.file_done({path, FileFate::removed, state.article_ids.size(), 0});
  }

  // Which file owns each article id, to refuse a second file with the same id.
  std::unordered_map<std::string, std::string> id_owner;
  for (const auto& [path, state] : states) {
    if (!present.count(path)) continue;
    for (const auto& id : state.article_ids) id_owner.emplace(id, path);
  }

  progress.started(work.size(), work_bytes);
  const unsigned threads = options.threads ? options.threads : default_worker_count();
  WorkerPool pool(threads, options.entities);

  auto to_batch = [&](std::vector<PreparedFile>&& prepared) {
    IndexBatch batch;
    for (PreparedFile& p : prepared) {
      for (auto& w : p.warnings) progress.warning(w);
      summary.warnings += p.warnings.size();
      const FileState* previous = nullptr;
      if (auto it = states.find(p.outcome.path); it != states.end()) previous = &it->second;
      if (p.keep_previous_state) {
        ++summary.failed;
        progress.file_done(p.outcome);
        continue;
      }
      // Drop articles whose id another file already owns.
      std::vector<PreparedArticle> kept;
      std::vector<std::string> kept_ids;
      std::unordered_set<std::string> ids_of_file;
      for (std::size_t a = 0; a < p.articles.size(); ++a) {
        PreparedArticle& article = p.articles[a];
        if (!ids_of_file.insert(article.id).second) {
          progress.warning(p.outcome.path + ": article id '" + article.id + "' appears twice, later copy skipped");
          ++summary.warnings;
          continue;
        }
        auto [owner, inserted] = id_owner.emplace(article.id, p.outcome.path);
        if (!inserted && owner->second != p.outcome.path) {
          progress.warning(p.outcome.path + ": article id '" + article.id + "' is already used by " + owner->second +
                           ", skipped");
          ++summary.warnings;
          continue;
        }
        kept_ids.push_back(article.id);
        kept.push_back(std::move(article));
        for (auto& word : p.spelling[a]) {
          auto [slot, inserted] = batch.spelling.try_emplace(std::move(word), 0);
          ++slot->second;
        }
      }
      if (kept.empty() && !p.articles.empty()) p.outcome.fate = FileFate::skipped;
      p.outcome.articles = kept.size();
      if (p.outcome.fate != FileFate::unchanged) p.state.article_ids = kept_ids;
      if (previous) {
        std::unordered_set<std::string> now(p.state.article_ids.begin(), p.state.article_ids.end());
        for (const auto& id : previous->article_ids) {
          if (!now.count(id)) {
            batch.removed_ids.push_back(id);
            id_owner.erase(id);
          }
        }
      }
      switch (p.outcome.fate) {
        case FileFate::added: ++summary.added; break;
        case FileFate::changed: ++summary.changed; break;
        case FileFate::unchanged: ++summary.unchanged; break;
        default: ++summary.skipped; break;
      }
      summary.partial += p.outcome.partial;
      summary.bytes_read += p.outcome.bytes;
      summary.articles_written += kept.size();
      progress.file_done(p.outcome);
      for (auto& article : kept) batch.articles.push_back(std::move(article));
      if (p.outcome.fate == FileFate::skipped) {
        // Not remembered: a skipped file is looked at again next run, so a
        // raised size cap or a repaired file is picked up, and the problem is
        // reported until it is fixed.
        if (previous) batch.forgotten_files.push_back(p.outcome.path);
      } else {
        batch.file_states.emplace(p.outcome.path, std::move(p.state));
      }
    }
    return batch;
  };

  if (!removals.removed_ids.empty() || !removals.forgotten_files.empty()) writer.apply(std::move(removals));

  // Prepare batch n+1 while batch n is written.
  std::future<void> writing;
  for (std::size_t begin = 0; begin < work.size(); begin += options.batch_files) {
    const std::size_t end = std::min(work.size(), begin + options.batch_files);
    std::vector<WorkItem> items(work.begin() + static_cast<std::ptrdiff_t>(begin),
                                work.begin() + static_cast<std::ptrdiff_t>(end));
    auto t0 = std::chrono::steady_clock::now();
    std::vector<PreparedFile> prepared = pool.prepare(items, options.corpus_dir, options.read);
    auto t1 = std::chrono::steady_clock::now();
    if (writing.valid()) writing.get();
    summary.prepare_seconds += std::chrono::duration<double>(t1 - t0).count();
    summary.write_wait_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    IndexBatch batch = to_batch(std::move(prepared));
    writing = std::async(std::launch::async, [&writer, b = std::move(batch)]() mutable { writer.apply(std::move(b)); });
  }
  const auto last_wait = std::chrono::steady_clock::now();
  if (writing.valid()) writing.get();
  const auto finish_start = std::chrono::steady_clock::now();
  summary.write_wait_seconds += std::chrono::duration<double>(finish_start - last_wait).count();

  progress.finishing();
  const EntityRecognizer* recognizer = options.entities ? &EntityRecognizer::standard() : nullptr;
  PersonAliases::ShortForms short_forms;
  if (recognizer) short_forms = [recognizer](const std::string& name) { return recognizer->person_short_forms(name); };
  writer.finish(load_synonyms(recognizer, progress), short_forms);
  summary.documents = writer.document_count();
  summary.finish_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - finish_start).count();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace news
