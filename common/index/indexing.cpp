#include "index/indexing.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_set>
#include <utility>

#include "text/analyser.h"
#include "text/data_files.h"
#include "text/parallel_for.h"
#include "ingest/corpus_walker.h"
#include "entities/entities.h"
#include "index/index_layout.h"
#include "index/index_writer.h"
#include "index/prepared_file.h"
#include "index/run_plan.h"
#include "index/schema.h"
#include "index/story_clusters.h"
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
    case FileFate::unsupported: return "unsupported";
  }
  return "?";
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

IndexWriterOptions writer_options(const IndexerOptions& options) {
  IndexWriterOptions w;
  w.index_dir = options.index_dir;
  w.corpus_root = fs::absolute(options.corpus_dir).lexically_normal().string();
  w.rebuild = options.rebuild;
  w.shards = options.shards;
  w.flush_every = options.flush_every;
  return w;
}

// "a/b.SGM" -> ".sgm"; "" for a name without an extension.
std::string extension_of(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

void count_unsupported(const FileOutcome& outcome, IndexSummary& summary) {
  ++summary.unsupported;
  ++summary.unsupported_types[extension_of(outcome.path)];
}

// Files the walk found but no reader takes: counted and listed, not warned about.
void report_unsupported(const CorpusWalk& walk, IndexSummary& summary, IndexProgress& progress) {
  for (const std::string& path : walk.unsupported) {
    const std::string ext = extension_of(path);
    const std::string reason = ext.empty() ? "no extension" : "unsupported type " + ext;
    FileOutcome outcome{path, FileFate::unsupported, 0, 0, false, reason};
    count_unsupported(outcome, summary);
    progress.file_done(outcome);
  }
}

// The fates known before reading: unchanged and vanished files.
void report_planned(const RunPlan& plan, IndexSummary& summary, IndexProgress& progress) {
  for (const PlannedFile& p : plan.unchanged) {
    ++summary.unchanged;
    progress.file_done({p.file->relative_path, FileFate::unchanged, p.previous->article_ids.size(), 0, false, {}});
  }
  for (const VanishedFile& v : plan.vanished) {
    ++summary.removed;
    progress.file_done({v.path, FileFate::removed, v.articles, 0, false, {}});
  }
  // Could not be looked at: failed, and left as the index has them.
  for (const VanishedFile& u : plan.unreadable) {
    ++summary.failed;
    progress.file_done({u.path, FileFate::failed, u.articles, 0, false, "its folder cannot be read; kept as indexed"});
  }
}

// Vanished files need no reading: their articles go in a batch of their own.
void remove_vanished(const RunPlan& plan, IndexWriter& writer) {
  if (plan.vanished.empty() && plan.vanished_ids.empty()) return;
  IndexBatch removals;
  for (const VanishedFile& v : plan.vanished) removals.forgotten_files.push_back(v.path);
  removals.removed_ids = plan.vanished_ids;
  writer.apply(std::move(removals));
}

// An analysed article's story cluster, decided now: in indexing order, one
// article at a time, against every article before it.
void assign_story_cluster(StoryClusters& clusters, PreparedArticle& article) {
  const auto signature = decode_story_signature(article.document.get_value(schema::kSignatureSlot));
  add_story_cluster(article.document, clusters.assign(article.id, signature));
}

// What the clusters know before an incremental run writes: every indexed
// article, those of the files it will read again hidden until their turn.
StoryClusters indexed_story_clusters(const RunPlan& plan, const IndexWriter& writer) {
  if (writer.is_new_generation() || plan.to_read.empty()) return {};
  std::unordered_set<std::string> hidden;
  for (const PlannedFile& p : plan.to_read) {
    if (p.previous) hidden.insert(p.previous->article_ids.begin(), p.previous->article_ids.end());
  }
  return writer.story_clusters(hidden);
}

// A writer batch, and where each of its articles came from.
struct AssembledBatch {
  IndexBatch batch;
  std::vector<ArticleRef> kept;  // parallel to batch.articles: (file, article) in the prepared files
};

// The apply stage: prepared files turned into one writer batch each, the ids
// claimed and the summary counted, file by file; report() then tells the
// progress each file's fate. The articles may still lack their documents
// (claims need only ids): `kept` says which to analyse. With documents
// (`analysed`), their story clusters are decided here too, in file order;
// without, whoever streams them in order does it (OrderedStream).
class BatchAssembler {
 public:
  BatchAssembler(const FileStates& states, ArticleIdOwners& owners, StoryClusters& clusters, IndexSummary& summary,
                 IndexProgress& progress)
      : states_(states), owners_(owners), clusters_(clusters), summary_(summary), progress_(progress) {}

  AssembledBatch assemble(std::vector<PreparedFile>& prepared, bool analysed) {
    AssembledBatch out;
    for (std::size_t f = 0; f < prepared.size(); ++f) add(f, prepared[f], analysed, out);
    return out;
  }

  // The fates of the files assembled since the last report.
  void report() {
    for (const FileOutcome& outcome : outcomes_) progress_.file_done(outcome);
    outcomes_.clear();
  }

 private:
  void warn(const std::vector<std::string>& warnings) {
    for (const auto& w : warnings) progress_.warning(w);
    summary_.warnings += warnings.size();
  }

  void add(std::size_t file, PreparedFile& p, bool analysed, AssembledBatch& out) {
    IndexBatch& batch = out.batch;
    warn(p.warnings);
    const FileState* previous = nullptr;
    if (auto it = states_.find(p.outcome.path); it != states_.end()) previous = &it->second;
    const bool stays_as_indexed = p.keep_previous_state || p.outcome.fate == FileFate::unchanged;
    if (previous && stays_as_indexed) {
      for (const std::string& id : previous->article_ids) clusters_.reveal(id);
    }
    if (p.keep_previous_state) {
      ++summary_.failed;
      outcomes_.push_back(p.outcome);
      return;
    }
    if (p.outcome.fate == FileFate::unsupported) {
      count_unsupported(p.outcome, summary_);
      outcomes_.push_back(p.outcome);
      if (previous) {
        batch.forgotten_files.push_back(p.outcome.path);
        for (const std::string& id : previous->article_ids) {
          owners_.release(id);
          clusters_.remove(id);
          batch.removed_ids.push_back(id);
        }
      }
      return;
    }
    std::vector<std::string> ids, id_warnings;
    for (const PreparedArticle& article : p.articles) ids.push_back(article.id);
    const std::vector<std::size_t> kept = claim_article_ids(p.outcome.path, ids, owners_, id_warnings);
    warn(id_warnings);
    if (kept.empty() && !p.articles.empty()) {
      p.outcome.fate = FileFate::skipped;
      p.outcome.reason = "every article id is used by another file";
    }
    p.outcome.articles = kept.size();
    if (p.outcome.fate != FileFate::unchanged) {
      p.state.article_ids.clear();
      for (std::size_t a : kept) p.state.article_ids.push_back(ids[a]);
    }
    if (previous) {
      for (auto& id : ids_gone(*previous, p.state.article_ids)) {
        owners_.release(id);
        clusters_.remove(id);
        batch.removed_ids.push_back(std::move(id));
      }
    }
    count(p.outcome);
    summary_.articles_written += kept.size();
    outcomes_.push_back(p.outcome);
    for (std::size_t a : kept) {
      if (analysed) assign_story_cluster(clusters_, p.articles[a]);
      batch.articles.push_back(std::move(p.articles[a]));
      out.kept.emplace_back(file, a);
    }
    if (p.outcome.fate == FileFate::skipped) {
      // Not remembered: a skipped file is looked at again next run, so a
      // raised size cap or a repaired file is picked up, and the problem is
      // reported until it is fixed.
      if (previous) batch.forgotten_files.push_back(p.outcome.path);
    } else {
      batch.file_states.emplace(p.outcome.path, std::move(p.state));
    }
  }

  void count(const FileOutcome& outcome) {
    switch (outcome.fate) {
      case FileFate::added: ++summary_.added; break;
      case FileFate::changed: ++summary_.changed; break;
      case FileFate::unchanged: ++summary_.unchanged; break;
      default: ++summary_.skipped; break;
    }
    summary_.partial += outcome.partial;
    summary_.bytes_read += outcome.bytes;
  }

  const FileStates& states_;
  ArticleIdOwners& owners_;
  StoryClusters& clusters_;
  IndexSummary& summary_;
  IndexProgress& progress_;
  std::vector<FileOutcome> outcomes_;
};

// Hands analysed articles to a new generation's shard writers in batch
// order, whichever worker finishes first, so documents get the same numbers
// (and story clusters, decided here in that order) on every run.
class OrderedStream {
 public:
  OrderedStream(IndexWriter& writer, StoryClusters& clusters, const std::vector<ArticleRef>& order)
      : writer_(writer), clusters_(clusters), waiting_(order.size()) {
    for (std::size_t i = 0; i < order.size(); ++i) position_.emplace(order[i], i);
  }

  void put(ArticleRef where, PreparedArticle&& article) {
    std::lock_guard lock(mutex_);
    waiting_[position_.at(where)] = std::move(article);
    while (next_ < waiting_.size() && waiting_[next_]) {
      assign_story_cluster(clusters_, *waiting_[next_]);
      writer_.stream_article(std::move(*waiting_[next_]));
      waiting_[next_++].reset();
    }
  }

 private:
  IndexWriter& writer_;
  StoryClusters& clusters_;
  std::map<ArticleRef, std::size_t> position_;
  std::vector<std::optional<PreparedArticle>> waiting_;
  std::size_t next_ = 0;
  std::mutex mutex_;
};

// A new generation: files read, ids claimed, then the articles analysed and
// streamed to the shard writers as they come, so a batch's writing overlaps
// its own analysis (one big JSONL file or feed is one batch).
void stream_batch(const std::vector<PlannedFile>& items, FilePreparer& preparer, BatchAssembler& assembler,
                  StoryClusters& clusters, IndexWriter& writer, IndexSummary& summary, const PrepareProgress& advanced) {
  const auto t0 = Clock::now();
  ReadFiles read = preparer.read(items, advanced);
  AssembledBatch assembled = assembler.assemble(read.files, false);
  OrderedStream stream(writer, clusters, assembled.kept);
  const ArticleSink to_writer = [&stream](ArticleRef where, PreparedArticle&& a) { stream.put(where, std::move(a)); };
  preparer.analyse(read, assembled.kept, to_writer, advanced);
  summary.prepare_seconds += seconds_between(t0, Clock::now());
  assembled.batch.articles.clear();  // streamed already
  writer.apply(std::move(assembled.batch));
  assembler.report();
}

// An incremental run: batch n+1 is prepared while batch n is written (and
// committed) on its own thread; the ids are claimed once batch n is written,
// since the writer updates the file states the claims read.
void prepare_and_apply(const RunPlan& plan, std::size_t batch_files, FilePreparer& preparer,
                       BatchAssembler& assembler, StoryClusters& clusters, IndexWriter& writer, IndexSummary& summary,
                       IndexProgress& progress) {
  const PrepareProgress advanced = [&progress](std::uint64_t bytes, std::size_t articles) {
    progress.advanced(bytes, articles);
  };
  const std::vector<PlannedFile>& work = plan.to_read;
  std::future<void> writing;
  for (std::size_t begin = 0; begin < work.size(); begin += batch_files) {
    const std::size_t end = std::min(work.size(), begin + batch_files);
    const std::vector<PlannedFile> items(work.begin() + static_cast<std::ptrdiff_t>(begin),
                                         work.begin() + static_cast<std::ptrdiff_t>(end));
    if (writer.is_new_generation()) {
      stream_batch(items, preparer, assembler, clusters, writer, summary, advanced);
      continue;
    }
    const auto t0 = Clock::now();
    std::vector<PreparedFile> prepared = preparer.prepare(items, advanced);
    const auto t1 = Clock::now();
    if (writing.valid()) writing.get();
    summary.prepare_seconds += seconds_between(t0, t1);
    summary.write_wait_seconds += seconds_between(t1, Clock::now());
    AssembledBatch assembled = assembler.assemble(prepared, true);
    assembler.report();
    writing = std::async(std::launch::async,
                         [&writer, b = std::move(assembled.batch)]() mutable { writer.apply(std::move(b)); });
  }
  const auto last_wait = Clock::now();
  if (writing.valid()) writing.get();
  summary.write_wait_seconds += seconds_between(last_wait, Clock::now());
}

std::multimap<std::string, std::string> load_synonyms(const EntityRecognizer* recognizer, IndexProgress& progress) {
  Analyser analyser;
  std::multimap<std::string, std::string> synonyms;
  if (recognizer) synonyms = entity_synonyms(*recognizer, analyser);
  try {
    std::vector<std::string> warnings;
    for (auto& [key, value] : user_synonyms(find_data_file("synonyms.txt"), analyser, warnings)) synonyms.emplace(key, value);
    for (const auto& w : warnings) progress.warning(w);
  } catch (const std::exception& e) {
    progress.warning(e.what());
  }
  return synonyms;
}

// What the entity canonicalisation table is computed with: the recogniser's
// short forms and gazetteer, and the user's overrides file, read on every run
// so that an edit shows after a plain incremental one.
CanonicalRules canonical_rules(const EntityRecognizer* recognizer, IndexProgress& progress) {
  CanonicalRules rules;
  if (!recognizer) return rules;
  rules.short_forms = [recognizer](const std::string& name) { return recognizer->person_short_forms(name); };
  rules.known = [recognizer](EntityType type, const std::string& name) { return recognizer->resolve(name, type).has_value(); };
  std::string path;
  try {
    path = find_data_file("entity_overrides.tsv");
  } catch (const std::exception&) {
    return rules;  // no overrides file: nothing to override
  }
  std::vector<std::string> warnings;
  rules.overrides = parse_entity_overrides(read_file(path), path, warnings);
  for (const auto& w : warnings) progress.warning(w);
  return rules;
}

// Spelling, synonyms, the entity table and counts, then the switch to a new generation.
void finish_run(const IndexerOptions& options, IndexWriter& writer, IndexSummary& summary, IndexProgress& progress) {
  const auto finish_start = Clock::now();
  progress.finishing(summary);
  const EntityRecognizer* recognizer = options.entities ? &EntityRecognizer::standard() : nullptr;
  writer.finish(load_synonyms(recognizer, progress), canonical_rules(recognizer, progress));
  summary.documents = writer.document_count();
  summary.finish_seconds = seconds_between(finish_start, Clock::now());
}

}  // namespace

IndexSummary update_index(const IndexerOptions& options, IndexProgress& progress) {
  const auto started = Clock::now();
  fs::create_directories(options.index_dir);
  IndexLock lock(options.index_dir);

  const CorpusWalk walk = walk_corpus(options.corpus_dir);
  for (const auto& w : walk.warnings) progress.warning(w);
  IndexWriter writer(writer_options(options));

  IndexSummary summary;
  summary.rebuilt = writer.is_new_generation();
  summary.shards = writer.shard_count();
  summary.warnings = walk.warnings.size();
  summary.unreadable = walk.unreadable.size();
  if (writer.recovered()) {
    progress.warning(options.index_dir.string() + ": " + *writer.recovered());
    ++summary.warnings;
  }

  RunPlan plan = plan_run(walk, writer.file_states());
  report_unsupported(walk, summary, progress);
  report_planned(plan, summary, progress);
  FilePreparer preparer(options.threads ? options.threads : default_worker_count(), options.entities,
                        options.corpus_dir, options.read);
  const auto indexing_start = Clock::now();
  progress.started(plan.to_read.size(), plan.bytes_to_read);
  remove_vanished(plan, writer);
  StoryClusters clusters = indexed_story_clusters(plan, writer);
  BatchAssembler assembler(writer.file_states(), plan.id_owners, clusters, summary, progress);
  prepare_and_apply(plan, options.batch_files, preparer, assembler, clusters, writer, summary, progress);
  summary.indexing_seconds = seconds_between(indexing_start, Clock::now());
  finish_run(options, writer, summary, progress);

  summary.seconds = seconds_between(started, Clock::now());
  return summary;
}

}  // namespace news
