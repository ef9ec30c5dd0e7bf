#include "index/index_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>
#include <stdexcept>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include "text/analyser.h"
#include "text/parallel_for.h"
#include "text/stable_hash.h"
#include "index/document_builder.h"
#include "index/entity_codes.h"
#include "index/index_layout.h"
#include "index/schema.h"

namespace news {

namespace fs = std::filesystem;

namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

void fsync_tree(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ::fsync(fd);
    ::close(fd);
  }
}

// Streams a new generation's articles into one shard on a thread of its own,
// so that analysis and writing overlap continuously instead of in lockstep
// batches. The queue is bounded, which bounds memory.
class ShardFeeder {
 public:
  ShardFeeder(Xapian::WritableDatabase db, std::uint32_t flush_every, std::size_t capacity)
      : db_(std::move(db)), flush_every_(flush_every), capacity_(capacity), thread_([this] { run(); }) {}
  ~ShardFeeder() {
    try {
      close_and_wait();
    } catch (...) {
    }
  }

  // Blocks while the queue is full; rethrows the writer's error.
  void push(PreparedArticle&& article) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return queue_.size() < capacity_ || error_; });
    if (error_) std::rethrow_exception(error_);
    queue_.push_back(std::move(article));
    ready_.notify_one();
  }

  // No more articles: the thread flushes what it has and ends.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_one();
  }

  void close_and_wait() {
    close();
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  void run() {
    std::uint32_t unflushed = 0;
    try {
      for (;;) {
        PreparedArticle article;
        {
          std::unique_lock lock(mutex_);
          ready_.wait(lock, [&] { return !queue_.empty() || closed_; });
          if (queue_.empty()) break;
          article = std::move(queue_.front());
          queue_.pop_front();
          space_.notify_one();
        }
        db_.add_document(article.document);
        // Xapian's buffers get slow as they grow (cache misses in its maps):
        // flushing every few hundred documents is faster overall (bench/).
        if (++unflushed >= flush_every_) {
          db_.commit();
          unflushed = 0;
        }
      }
      db_.commit();
    } catch (...) {
      std::lock_guard lock(mutex_);
      error_ = std::current_exception();
      space_.notify_all();
    }
  }

  Xapian::WritableDatabase db_;
  std::uint32_t flush_every_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<PreparedArticle> queue_;
  bool closed_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

constexpr std::size_t kFeederQueueArticles = 500;  // per shard: bounds memory, keeps writers fed

std::string check_versions(const Xapian::Database& lexicon, const fs::path& index_dir) {
  const std::string schema = lexicon.get_metadata(std::string(schema::kMetaSchemaVersion));
  const std::string analyser = lexicon.get_metadata(std::string(schema::kMetaAnalyserVersion));
  if (schema != std::to_string(schema::kSchemaVersion) || analyser != std::to_string(kAnalyserVersion)) {
    return index_dir.string() + ": index written with schema " + (schema.empty() ? "?" : schema) + " and analyser " +
           (analyser.empty() ? "?" : analyser) + ", this indexer writes schema " +
           std::to_string(schema::kSchemaVersion) + " and analyser " + std::to_string(kAnalyserVersion) +
           "; run indexer --rebuild";
  }
  return {};
}

}  // namespace

struct IndexWriter::Impl {
  fs::path index_dir;
  std::string corpus_root;
  std::string generation;
  bool new_generation = false;
  Xapian::WritableDatabase lexicon;
  std::vector<Xapian::WritableDatabase> shards;
  std::unordered_map<std::string, FileState> file_states;
  // A new generation's spelling is written once, at finish(): a killed
  // rebuild is thrown away whole, and one write of each dictionary entry is
  // far cheaper than one per batch.
  SpellingCounts pending_spelling;
  std::vector<std::unique_ptr<ShardFeeder>> feeders;  // new generation only
  std::uint32_t flush_every = 500;

  fs::path generation_dir() const { return index_dir / generation; }

  std::vector<std::string> stub_entries() const {
    std::vector<std::string> entries{generation + "/" + std::string(schema::kLexiconDir)};
    for (std::size_t i = 0; i < shards.size(); ++i) {
      entries.push_back(generation + "/" + std::string(schema::kShardDirPrefix) + std::to_string(i));
    }
    return entries;
  }

  void open_existing(const std::optional<std::uint32_t>& requested_shards) {
    const fs::path dir = generation_dir();
    lexicon = Xapian::WritableDatabase((dir / schema::kLexiconDir).string(), Xapian::DB_OPEN);
    if (std::string problem = check_versions(lexicon, index_dir); !problem.empty()) throw std::runtime_error(problem);
    const std::string recorded = lexicon.get_metadata(std::string(schema::kMetaShardCount));
    const std::uint32_t count = recorded.empty() ? 0 : static_cast<std::uint32_t>(std::stoul(recorded));
    if (count == 0) throw std::runtime_error(index_dir.string() + ": index has no shard count; run indexer --rebuild");
    if (requested_shards && *requested_shards != count) {
      throw std::runtime_error(index_dir.string() + ": index has " + std::to_string(count) + " shard(s), not " +
                               std::to_string(*requested_shards) + "; use --rebuild to change the shard count");
    }
    for (std::uint32_t i = 0; i < count; ++i) {
      shards.emplace_back((dir / (std::string(schema::kShardDirPrefix) + std::to_string(i))).string(), Xapian::DB_OPEN);
    }
    const std::string prefix(schema::kMetaFilePrefix);
    for (auto key = lexicon.metadata_keys_begin(prefix); key != lexicon.metadata_keys_end(prefix); ++key) {
      if (auto state = decode_file_state(lexicon.get_metadata(*key))) {
        file_states.emplace((*key).substr(prefix.size()), std::move(*state));
      }
    }
  }

  void create_new(std::uint32_t shard_count) {
    const fs::path dir = generation_dir();
    fs::create_directories(dir);
    // No fsync per commit: nobody reads this generation until finish() has
    // synced every file and switched the stub to it.
    const int flags = Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC;
    lexicon = Xapian::WritableDatabase((dir / schema::kLexiconDir).string(), flags);
    for (std::uint32_t i = 0; i < shard_count; ++i) {
      shards.emplace_back((dir / (std::string(schema::kShardDirPrefix) + std::to_string(i))).string(), flags);
    }
    for (auto& shard : shards) feeders.push_back(std::make_unique<ShardFeeder>(shard, flush_every, kFeederQueueArticles));
    lexicon.set_metadata(std::string(schema::kMetaBuiltAt), utc_now());
  }

  // Folders of killed rebuilds and superseded generations: every generation
  // but this run's and `live` (the one searchers use until we switch).
  void remove_other_generations(const std::optional<std::string>& live = std::nullopt) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(index_dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_directory() || name.rfind("gen-", 0) != 0 || name == generation || (live && name == *live)) continue;
      fs::remove_all(entry.path(), ec);
    }
  }

  void write_shard(std::uint32_t s, std::vector<PreparedArticle*>& articles, const std::vector<std::string>& removed,
                   SpellingCounts& deltas) {
    Xapian::WritableDatabase& db = shards[s];
    auto forget_old = [&](const std::string& id_term) {
      Xapian::PostingIterator p = db.postlist_begin(id_term);
      if (p != db.postlist_end(id_term)) forget_spelling(db.get_document(*p).get_value(schema::kRecordSlot), deltas);
    };
    for (const auto& id : removed) {
      const std::string id_term = schema::term(schema::kIdPrefix, id);
      forget_old(id_term);
      db.delete_document(id_term);
    }
    for (PreparedArticle* article : articles) {
      const std::string id_term = schema::term(schema::kIdPrefix, article->id);
      forget_old(id_term);
      db.replace_document(id_term, article->document);
    }
    db.commit();
  }

  // Nobody sees a new generation before finish() switches to it, and a
  // killed rebuild is thrown away whole: no per-batch commits, just stream.
  void stream(IndexBatch batch) {
    const auto count = static_cast<std::uint32_t>(shards.size());
    for (auto& article : batch.articles) feeders[shard_of(article.id, count)]->push(std::move(article));
    pending_spelling.merge(batch.spelling);  // moves the words new to it
    for (auto& [word, n] : batch.spelling) pending_spelling[word] += n;
    for (auto& [path, state] : batch.file_states) {
      lexicon.set_metadata(std::string(schema::kMetaFilePrefix) + path, encode(state));
      file_states[path] = std::move(state);
    }
  }

  // Every shard's deletions and replacements, committed; the spelling changes
  // they make are added to batch.spelling.
  void write_to_shards(IndexBatch& batch) {
    const auto count = static_cast<std::uint32_t>(shards.size());
    std::vector<std::vector<PreparedArticle*>> articles(count);
    std::vector<std::vector<std::string>> removed(count);
    for (auto& article : batch.articles) articles[shard_of(article.id, count)].push_back(&article);
    for (auto& id : batch.removed_ids) removed[shard_of(id, count)].push_back(std::move(id));
    std::vector<SpellingCounts> deltas(count);
    // One thread per shard: Xapian writes each database on one thread.
    parallel_for(count, count, [&](std::size_t s, unsigned) {
      if (!articles[s].empty() || !removed[s].empty()) write_shard(static_cast<std::uint32_t>(s), articles[s], removed[s], deltas[s]);
    });
    for (auto& d : deltas) {
      for (auto& [word, n] : d) batch.spelling[word] += n;
    }
  }

  // Spelling and file states, committed: after this the batch is done.
  void write_to_lexicon(IndexBatch& batch) {
    write_spelling(batch.spelling);
    const std::string prefix(schema::kMetaFilePrefix);
    for (const auto& path : batch.forgotten_files) {
      lexicon.set_metadata(prefix + path, "");
      file_states.erase(path);
    }
    for (auto& [path, state] : batch.file_states) {
      lexicon.set_metadata(prefix + path, encode(state));
      file_states[path] = std::move(state);
    }
    lexicon.commit();
  }

  void write_spelling(const SpellingCounts& counts) {
    for (const auto& [word, n] : counts) {
      if (n > 0) {
        lexicon.add_spelling(word, static_cast<Xapian::termcount>(n));
      } else if (n < 0) {
        lexicon.remove_spelling(word, static_cast<Xapian::termcount>(-n));
      }
    }
  }

  void write_person_aliases(const PersonAliases::ShortForms& short_forms) {
    std::vector<std::string> names;
    if (short_forms) {
      const std::string prefix(schema::kPersonPrefix);
      std::set<std::string> unique;
      for (auto& shard : shards) {
        for (auto t = shard.allterms_begin(prefix); t != shard.allterms_end(prefix); ++t) unique.insert((*t).substr(prefix.size()));
      }
      names.assign(unique.begin(), unique.end());
    }
    lexicon.set_metadata(std::string(schema::kMetaPersonAliases), PersonAliases::compute(names, short_forms).encode());
  }

  // The names behind the entity ids of the facet slot (facets.h).
  void write_entity_names() {
    std::size_t entities = 0;
    for (EntityType type : kEntityTypes) {
      const std::string prefix(schema::entity_prefix(type));
      std::set<std::string> names;
      for (auto& shard : shards) {
        for (auto t = shard.allterms_begin(prefix); t != shard.allterms_end(prefix); ++t) names.insert((*t).substr(prefix.size()));
      }
      for (const auto& name : names) {
        const std::string key = entity_name_key(entity_id(type, name));
        if (lexicon.get_metadata(key).empty()) lexicon.set_metadata(key, entity_name_value(type, name));
      }
      entities += names.size();
    }
    lexicon.set_metadata(std::string(schema::kMetaEntityCount), std::to_string(entities));
  }

  void write_synonyms(const std::multimap<std::string, std::string>& synonyms) {
    std::string digest_input;
    for (const auto& [key, value] : synonyms) digest_input.append(key).append("\x1f").append(value).append("\x1e");
    const std::string digest = std::to_string(stable_hash(digest_input)) + ":" + std::to_string(synonyms.size());
    const std::string digest_key(schema::kMetaSynonymsDigest);
    if (lexicon.get_metadata(digest_key) == digest) return;
    std::vector<std::string> old_keys(lexicon.synonym_keys_begin(), lexicon.synonym_keys_end());
    for (const auto& key : old_keys) lexicon.clear_synonyms(key);
    for (const auto& [key, value] : synonyms) lexicon.add_synonym(key, value);
    lexicon.set_metadata(digest_key, digest);
  }
};

IndexWriter::IndexWriter(const IndexWriterOptions& options) : impl_(std::make_unique<Impl>()) {
  Impl& w = *impl_;
  w.index_dir = options.index_dir;
  w.flush_every = std::max<std::uint32_t>(1, options.flush_every);
  w.corpus_root = options.corpus_root;
  fs::create_directories(w.index_dir);
  std::optional<std::string> existing;
  try {
    existing = current_generation(w.index_dir);
  } catch (const std::exception& e) {
    if (!options.rebuild) throw std::runtime_error(std::string(e.what()) + " (run indexer --rebuild)");
  }
  if (!existing && !options.rebuild && fs::exists(w.index_dir / schema::kStubFile)) {
    throw std::runtime_error(w.index_dir.string() + ": XAPIANDB does not list an index written by indexer "
                             "(use --rebuild to replace it)");
  }
  if (!existing && fs::exists(w.index_dir / "iamglass")) {
    throw std::runtime_error(w.index_dir.string() + ": holds a bare Xapian database, not an index folder; "
                             "choose another --index folder");
  }
  if (existing && !options.rebuild) {
    w.generation = *existing;
    w.remove_other_generations();
    w.open_existing(options.shards);
  } else {
    w.generation = new_generation_name();
    w.new_generation = true;
    w.remove_other_generations(existing);
    // One shard per core by default: Xapian 1.4 writes a database on one
    // thread, so shards are how a rebuild uses every core (docs/design.md).
    const std::uint32_t cores = std::min(4u, default_worker_count());
    w.create_new(options.shards.value_or(cores));
  }
}

IndexWriter::~IndexWriter() = default;

std::uint32_t IndexWriter::shard_count() const { return static_cast<std::uint32_t>(impl_->shards.size()); }
bool IndexWriter::is_new_generation() const { return impl_->new_generation; }
const std::unordered_map<std::string, FileState>& IndexWriter::file_states() const { return impl_->file_states; }

std::uint64_t IndexWriter::document_count() const {
  std::uint64_t total = 0;
  for (const auto& shard : impl_->shards) total += shard.get_doccount();
  return total;
}

// A new generation streams; an existing one is written batch by batch, shards
// first and lexicon last, so a crash in between leaves files that the next run
// sees as new or changed and indexes again (replacing by id is idempotent).
void IndexWriter::apply(IndexBatch batch) {
  Impl& w = *impl_;
  if (w.new_generation) {
    w.stream(std::move(batch));
    return;
  }
  w.write_to_shards(batch);
  w.write_to_lexicon(batch);
}

void IndexWriter::finish(const std::multimap<std::string, std::string>& synonyms,
                         const PersonAliases::ShortForms& short_forms) {
  Impl& w = *impl_;
  // Shards flush their last articles on their own threads while the lexicon
  // takes the spelling dictionary here.
  for (auto& feeder : w.feeders) feeder->close();
  w.write_spelling(w.pending_spelling);
  w.pending_spelling.clear();
  for (auto& feeder : w.feeders) feeder->close_and_wait();
  w.feeders.clear();
  w.write_person_aliases(short_forms);
  w.write_entity_names();
  w.write_synonyms(synonyms);
  w.lexicon.set_metadata(std::string(schema::kMetaSchemaVersion), std::to_string(schema::kSchemaVersion));
  w.lexicon.set_metadata(std::string(schema::kMetaAnalyserVersion), std::to_string(kAnalyserVersion));
  w.lexicon.set_metadata(std::string(schema::kMetaShardCount), std::to_string(w.shards.size()));
  w.lexicon.set_metadata(std::string(schema::kMetaDocumentCount), std::to_string(document_count()));
  w.lexicon.set_metadata(std::string(schema::kMetaCorpusRoot), w.corpus_root);
  w.lexicon.set_metadata(std::string(schema::kMetaUpdatedAt), utc_now());
  w.lexicon.commit();
  if (!w.new_generation) return;
  for (auto& shard : w.shards) shard.close();
  w.lexicon.close();
  fsync_tree(w.generation_dir());
  write_stub_file(w.index_dir, w.stub_entries());
  // Searchers that opened the old generation keep reading it through their
  // open file handles; new ones read the new stub.
  w.remove_other_generations();
}

}  // namespace news
