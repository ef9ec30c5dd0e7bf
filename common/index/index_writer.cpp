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
#include "text/dates.h"
#include "text/parallel_for.h"
#include "text/stable_hash.h"
#include "index/batch_journal.h"
#include "index/document_builder.h"
#include "index/entity_codes.h"
#include "index/entity_numbers.h"
#include "index/fault_injection.h"
#include "index/index_layout.h"
#include "index/schema.h"
#include "index/streamed_value.h"

namespace news {

namespace fs = std::filesystem;

namespace {

// B-tree blocks of 16 KB, not glass's 8 KB: a stored record (~2.5 KB
// compressed) then fits one item, where 8 KB blocks split it in two, and
// a query reads fewer, larger blocks (docs/design.md, "Block size").
constexpr unsigned kBlockBytes = 16384;

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
          commit_point("shard flush");
          unflushed = 0;
        }
      }
      db_.commit();
      commit_point("shard flush");
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

// A Xapian transaction that is cancelled unless committed: an exception half
// way through a batch leaves the database as it was (a WritableDatabase
// destroyed with changes pending would commit them, half a batch).
class Transaction {
 public:
  explicit Transaction(Xapian::WritableDatabase& db) : db_(&db) { db.begin_transaction(); }
  ~Transaction() {
    if (!db_) return;
    try {
      db_->cancel_transaction();
    } catch (...) {
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() { std::exchange(db_, nullptr)->commit_transaction(); }

 private:
  Xapian::WritableDatabase* db_;
};

// Opens one database of an existing index, or says which one is damaged.
Xapian::WritableDatabase open_part(const fs::path& path) {
  try {
    return Xapian::WritableDatabase(path.string(), Xapian::DB_OPEN);
  } catch (const Xapian::DatabaseLockError&) {
    throw;
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw std::runtime_error(damaged_index_message(path, "cannot open: " + e.get_description()));
  } catch (const Xapian::DatabaseCorruptError& e) {
    throw std::runtime_error(damaged_index_message(path, e.get_description()));
  } catch (const Xapian::DatabaseError& e) {
    throw std::runtime_error(damaged_index_message(path, e.get_description()));
  }
}

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
  SpellingCounts pending_fixed_names;  // the same for the boilerplate counts
  std::mutex pending_spelling_mutex;  // stream_article() is called from several threads
  std::vector<std::unique_ptr<ShardFeeder>> feeders;  // new generation only
  std::uint32_t flush_every = 500;
  std::uint64_t batch_sequence = 0;  // the last batch applied to the lexicon
  EntityNumbers entity_numbers;       // the lexicon's, and those this run gives
  std::optional<std::string> recovered;

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
    lexicon = open_part(dir / schema::kLexiconDir);
    if (std::string problem = check_versions(lexicon, index_dir); !problem.empty()) throw std::runtime_error(problem);
    const std::string recorded = lexicon.get_metadata(std::string(schema::kMetaShardCount));
    const std::uint32_t count = recorded.empty() ? 0 : static_cast<std::uint32_t>(std::stoul(recorded));
    if (count == 0) throw std::runtime_error(index_dir.string() + ": index has no shard count; run indexer --rebuild");
    if (requested_shards && *requested_shards != count) {
      throw std::runtime_error(index_dir.string() + ": index has " + std::to_string(count) + " shard(s), not " +
                               std::to_string(*requested_shards) + "; use --rebuild to change the shard count");
    }
    for (std::uint32_t i = 0; i < count; ++i) shards.push_back(open_part(dir / (std::string(schema::kShardDirPrefix) + std::to_string(i))));
    // What searchers open must be what we write: a stub that lost a line
    // would hide a shard from every search.
    if (auto problem = stub_mismatch(index_dir, stub_entries())) throw std::runtime_error(damaged_index_message(index_dir, *problem));
    const std::string sequence = lexicon.get_metadata(std::string(schema::kMetaBatchSequence));
    batch_sequence = sequence.empty() ? 0 : std::stoull(sequence);
    entity_numbers = EntityNumbers::load(lexicon);
    resolve_journal();
    load_file_states();
  }

  void load_file_states() {
    for (const std::string_view prefix : {schema::kMetaFilePrefix, schema::kMetaLongFilePrefix}) {
      const std::string p(prefix);
      for (auto key = lexicon.metadata_keys_begin(p); key != lexicon.metadata_keys_end(p); ++key) {
        if (auto entry = decode_file_state_entry(*key, lexicon.get_metadata(*key))) file_states.insert(std::move(*entry));
      }
    }
  }

  // A journal left by a run that stopped mid-batch: apply what the shards
  // that committed it changed (docs/reliability.md).
  void resolve_journal() {
    const std::string data = lexicon.get_metadata(std::string(schema::kMetaJournal));
    if (data.empty()) return;
    std::optional<BatchJournal> journal = decode_batch_journal(data);
    if (!journal) throw std::runtime_error(damaged_index_message(generation_dir() / schema::kLexiconDir, "unreadable batch journal"));
    std::set<std::uint32_t> committed;
    for (const auto& [shard, counts] : journal->shard_spelling) {
      if (shard < shards.size() && shard_batch(shard) == journal->sequence) committed.insert(shard);
    }
    const bool complete = apply_to_lexicon(*journal, committed, "lexicon recovery");
    recovered = "completed batch " + std::to_string(journal->sequence) + " of an interrupted run (" +
                std::to_string(committed.size()) + " of " + std::to_string(journal->shard_spelling.size()) +
                " shard(s) had committed it" + (complete ? ")" : "; its files are read again)");
  }

  std::uint64_t shard_batch(std::uint32_t s) const {
    const std::string value = shards[s].get_metadata(std::string(schema::kMetaBatchSequence));
    return value.empty() ? 0 : std::stoull(value);
  }

  void create_new(std::uint32_t shard_count) {
    const fs::path dir = generation_dir();
    fs::create_directories(dir);
    // No fsync per commit: nobody reads this generation until finish() has
    // synced every file and switched the stub to it.
    const int flags = Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC;
    lexicon = Xapian::WritableDatabase((dir / schema::kLexiconDir).string(), flags, kBlockBytes);
    for (std::uint32_t i = 0; i < shard_count; ++i) {
      shards.emplace_back((dir / (std::string(schema::kShardDirPrefix) + std::to_string(i))).string(), flags,
                          kBlockBytes);
    }
    for (auto& shard : shards) feeders.push_back(std::make_unique<ShardFeeder>(shard, flush_every, kFeederQueueArticles));
    lexicon.set_metadata(std::string(schema::kMetaBuiltAt), utc_now());
  }

  // A finished new generation, each database rewritten with full blocks in
  // term order: 35-40% smaller, and in two CPU seconds for 20,000 articles
  // (docs/design.md). Nobody reads the generation before the stub switch, so
  // each database is compacted beside itself and renamed over it; a run
  // stopped half-way leaves a folder the next run removes.
  void compact_generation() {
    std::vector<fs::path> parts{generation_dir() / schema::kLexiconDir};
    for (std::size_t i = 0; i < shards.size(); ++i) {
      parts.push_back(generation_dir() / (std::string(schema::kShardDirPrefix) + std::to_string(i)));
    }
    const unsigned threads = fault_injection_armed() ? 1u : std::min<unsigned>(default_worker_count(), parts.size());
    parallel_for(parts.size(), threads, [&](std::size_t i, unsigned) {
      const fs::path& part = parts[i];
      const fs::path compacted = part.string() + ".compact";
      fs::remove_all(compacted);
      Xapian::Database(part.string()).compact(compacted.string(), Xapian::DBCOMPACT_NO_RENUMBER, kBlockBytes);
      fs::remove_all(part);
      fs::rename(compacted, part);
      commit_point("compact " + part.filename().string());
    });
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

  // One shard's part of a batch, in an open transaction: deletions and
  // replacements, and the batch's number; `deltas` gets the spelling changes.
  void stage_shard(std::uint32_t s, std::vector<PreparedArticle*>& articles, const std::vector<std::string>& removed,
                   std::uint64_t sequence, SpellingCounts& deltas, SpellingCounts& fixed_deltas) {
    Xapian::WritableDatabase& db = shards[s];
    auto forget_old = [&](const std::string& id_term) {
      Xapian::PostingIterator p = db.postlist_begin(id_term);
      if (p == db.postlist_end(id_term)) return;
      const Xapian::Document old = db.get_document(*p);
      forget_spelling(old.get_value(schema::kRecordSlot), deltas);
      for (const auto& name : fixed_position_names(old)) --fixed_deltas[name];
    };
    for (const auto& id : removed) {
      const std::string id_term = schema::id_term(id);
      forget_old(id_term);
      db.delete_document(id_term);
    }
    for (PreparedArticle* article : articles) {
      const std::string id_term = schema::id_term(article->id);
      forget_old(id_term);
      db.replace_document(id_term, article->document);
      for (auto& word : article->spelling) ++deltas[std::move(word)];
      for (auto& name : article->fixed_names) ++fixed_deltas[std::move(name)];
    }
    db.set_metadata(std::string(schema::kMetaBatchSequence), std::to_string(sequence));
  }

  // Nobody sees a new generation before finish() switches to it, and a
  // killed rebuild is thrown away whole: no per-batch commits, just stream.
  void stream(IndexBatch batch) {
    for (auto& article : batch.articles) stream_article(std::move(article));
    for (auto& [path, state] : batch.file_states) {
      lexicon.set_metadata(schema::file_state_key(path), file_state_value(path, state));
      file_states[path] = std::move(state);
    }
  }

  void stream_article(PreparedArticle&& article) {
    {
      std::lock_guard lock(pending_spelling_mutex);
      for (auto& word : article.spelling) ++pending_spelling[std::move(word)];
      for (auto& name : article.fixed_names) ++pending_fixed_names[std::move(name)];
    }
    article.spelling.clear();
    article.fixed_names.clear();
    entity_numbers.renumber(article.document);
    feeders[shard_of(article.id, static_cast<std::uint32_t>(shards.size()))]->push(std::move(article));
  }

  // An incremental batch: staged in every shard it touches, journaled,
  // committed shard by shard, then applied to the lexicon. Each step is a
  // commit point; whichever comes last before a crash, the next run's
  // resolve_journal() makes the pair consistent.
  void write_batch(IndexBatch& batch) {
    const auto count = static_cast<std::uint32_t>(shards.size());
    BatchJournal journal;
    journal.sequence = batch_sequence + 1;
    std::vector<std::vector<PreparedArticle*>> articles(count);
    std::vector<std::vector<std::string>> removed(count);
    for (auto& article : batch.articles) {
      journal.article_ids.push_back(article.id);
      entity_numbers.renumber(article.document);
      articles[shard_of(article.id, count)].push_back(&article);
    }
    for (auto& id : batch.removed_ids) {
      journal.removed_ids.push_back(id);
      removed[shard_of(id, count)].push_back(std::move(id));
    }
    std::vector<std::uint32_t> touched;
    for (std::uint32_t s = 0; s < count; ++s) {
      if (!articles[s].empty() || !removed[s].empty()) touched.push_back(s);
    }
    std::vector<SpellingCounts> deltas(touched.size());
    std::vector<SpellingCounts> fixed_deltas(touched.size());
    std::vector<std::unique_ptr<Transaction>> transactions(touched.size());
    // One thread per shard (Xapian writes a database on one thread); one in
    // all under the fault hook, so that its Nth commit is always the same.
    const unsigned threads = fault_injection_armed() ? 1u : static_cast<unsigned>(touched.size());
    parallel_for(touched.size(), threads, [&](std::size_t t, unsigned) {
      const std::uint32_t s = touched[t];
      transactions[t] = std::make_unique<Transaction>(shards[s]);
      stage_shard(s, articles[s], removed[s], journal.sequence, deltas[t], fixed_deltas[t]);
    });
    for (std::size_t t = 0; t < touched.size(); ++t) {
      journal.shard_spelling[touched[t]] = std::move(deltas[t]);
      std::erase_if(fixed_deltas[t], [](const auto& entry) { return entry.second == 0; });
      if (!fixed_deltas[t].empty()) journal.shard_fixed_names[touched[t]] = std::move(fixed_deltas[t]);
    }
    journal.file_states = std::move(batch.file_states);
    journal.forgotten_files = std::move(batch.forgotten_files);
    if (!touched.empty()) {
      // The batch's new entity numbers go with its journal, before any shard
      // holds them: a crash after this leaves numbers unused, never reused.
      entity_numbers.write_new(lexicon);
      lexicon.set_metadata(std::string(schema::kMetaJournal), encode(journal));
      lexicon.commit();
      commit_point("lexicon journal");
    }
    parallel_for(touched.size(), threads, [&](std::size_t t, unsigned) {
      transactions[t]->commit();
      commit_point(std::string(schema::kShardDirPrefix) + std::to_string(touched[t]));
    });
    std::set<std::uint32_t> committed(touched.begin(), touched.end());
    apply_to_lexicon(journal, committed, "lexicon batch");
  }

  // Spelling, file states, the batch number and the document count, and the
  // journal cleared, in one lexicon commit. Returns whether the file states
  // were applied (every shard of the batch had committed).
  bool apply_to_lexicon(BatchJournal& journal, const std::set<std::uint32_t>& committed, std::string_view step) {
    const JournalResolution resolution = resolve(journal, committed);
    Transaction transaction(lexicon);
    write_spelling(resolution.spelling);
    write_fixed_names(resolution.fixed_names);
    if (resolution.complete) {
      for (const auto& path : journal.forgotten_files) lexicon.set_metadata(schema::file_state_key(path), "");
      for (const auto& [path, state] : journal.file_states) {
        lexicon.set_metadata(schema::file_state_key(path), file_state_value(path, state));
      }
    }
    lexicon.set_metadata(std::string(schema::kMetaBatchSequence), std::to_string(journal.sequence));
    lexicon.set_metadata(std::string(schema::kMetaDocumentCount), std::to_string(total_documents()));
    lexicon.set_metadata(std::string(schema::kMetaJournal), "");
    transaction.commit();
    commit_point(step);
    batch_sequence = journal.sequence;
    if (resolution.complete) {
      for (const auto& path : journal.forgotten_files) file_states.erase(path);
      for (auto& [path, state] : journal.file_states) file_states[path] = std::move(state);
    }
    return resolution.complete;
  }

  std::uint64_t total_documents() const {
    std::uint64_t total = 0;
    for (const auto& shard : shards) total += shard.get_doccount();
    return total;
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

  // Adds counts to the lexicon's "fixed:" keys (a count that falls to 0 is removed).
  void write_fixed_names(const SpellingCounts& counts) {
    for (const auto& [name, n] : counts) {
      if (n == 0) continue;
      const std::string key = schema::term(schema::kMetaFixedNamePrefix, name);
      if (key.size() > schema::kXapianMaxMetadataKeyBytes) continue;
      const std::string old = lexicon.get_metadata(key);
      const std::int64_t now = (old.empty() ? 0 : std::stoll(old)) + n;
      lexicon.set_metadata(key, now > 0 ? std::to_string(now) : std::string());
    }
  }

  // Every entity of the index with its article count and fixed-position
  // count, then the table computed from them (entity_canonicals.h).
  void write_entity_canonicals(const CanonicalRules& rules) {
    std::vector<CorpusEntity> entities;
    if (rules.short_forms) {
      for (EntityType type : kEntityTypes) {
        const std::string prefix(schema::entity_prefix(type));
        std::map<std::string, std::uint64_t> articles;
        for (auto& shard : shards) {
          for (auto t = shard.allterms_begin(prefix); t != shard.allterms_end(prefix); ++t) {
            articles[(*t).substr(prefix.size())] += t.get_termfreq();
          }
        }
        for (auto& [name, count] : articles) entities.push_back({type, name, count, 0});
      }
      const std::string fixed(schema::kMetaFixedNamePrefix);
      std::map<std::string, std::uint64_t> fixed_counts;
      for (auto key = lexicon.metadata_keys_begin(fixed); key != lexicon.metadata_keys_end(fixed); ++key) {
        const std::string value = lexicon.get_metadata(*key);
        if (!value.empty()) fixed_counts[(*key).substr(fixed.size())] = std::stoull(value);
      }
      for (CorpusEntity& e : entities) {
        auto it = fixed_counts.find(schema::entity_type_letter(e.type) + e.name);
        if (it != fixed_counts.end()) e.fixed_articles = it->second;
      }
    }
    const EntityCanonicals table = EntityCanonicals::compute(entities, total_documents(), rules);
    lexicon.set_metadata(std::string(schema::kMetaEntityCanonicals), table.encode());
    lexicon.set_metadata(std::string(schema::kMetaEntityNumberCanonicals),
                         EntityNumberCanonicals::compute(table, entity_numbers).encode());
    // Facets name entities by number from the lexicon: a new name or type too.
    for (const EntityRef& name : table.canonical_names()) name_entity(name.type, name.name);
  }

  void name_entity(EntityType type, const std::string& name) {
    const std::string key = entity_name_key(entity_numbers.number_of(entity_id(type, name)));
    if (lexicon.get_metadata(key).empty()) lexicon.set_metadata(key, entity_name_value(type, name));
  }

  // The names behind the entity numbers of the facet slot (facets.h), and
  // the numbers this run gave.
  void write_entity_names() {
    for (EntityType type : kEntityTypes) {
      const std::string prefix(schema::entity_prefix(type));
      std::set<std::string> names;
      for (auto& shard : shards) {
        for (auto t = shard.allterms_begin(prefix); t != shard.allterms_end(prefix); ++t) names.insert((*t).substr(prefix.size()));
      }
      for (const auto& name : names) name_entity(type, name);
    }
    entity_numbers.write_new(lexicon);
  }

  void write_synonyms(const std::multimap<std::string, std::string>& synonyms) {
    std::string digest_input;
    for (const auto& [key, value] : synonyms) digest_input.append(key).append("\x1f").append(value).append("\x1e");
    const std::string digest = std::to_string(stable_hash(digest_input)) + ":" + std::to_string(synonyms.size());
    const std::string digest_key(schema::kMetaSynonymsDigest);
    if (lexicon.get_metadata(digest_key) == digest) return;
    std::vector<std::string> old_keys(lexicon.synonym_keys_begin(), lexicon.synonym_keys_end());
    for (const auto& key : old_keys) lexicon.clear_synonyms(key);
    for (const auto& [key, value] : synonyms) {
      if (key.size() <= schema::kXapianMaxSynonymKeyBytes) lexicon.add_synonym(key, value);
    }
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

std::uint64_t IndexWriter::document_count() const { return impl_->total_documents(); }

StoryClusters IndexWriter::story_clusters(const std::unordered_set<std::string>& hidden) const {
  StoryClusters clusters;
  for (const Xapian::WritableDatabase& shard : impl_->shards) {
    // Value streams read one slot's chunks only, never the stored records.
    StreamedValue signature(shard, schema::kSignatureSlot), cluster(shard, schema::kClusterSlot);
    for (auto id = shard.valuestream_begin(schema::kIdSlot); id != shard.valuestream_end(schema::kIdSlot); ++id) {
      const std::string cluster_hex = cluster.at(id.get_docid());
      const std::uint64_t cluster_id = cluster_hex.empty() ? 0 : std::stoull(cluster_hex, nullptr, 16);
      clusters.add_indexed(*id, cluster_id, decode_story_signature(signature.at(id.get_docid())), hidden.count(*id) > 0);
    }
  }
  return clusters;
}
const std::optional<std::string>& IndexWriter::recovered() const { return impl_->recovered; }

// A new generation streams; an existing one is written batch by batch,
// journaled (write_batch).
void IndexWriter::apply(IndexBatch batch) {
  Impl& w = *impl_;
  if (w.new_generation) {
    w.stream(std::move(batch));
  } else {
    w.write_batch(batch);
  }
}

void IndexWriter::stream_article(PreparedArticle article) {
  if (!impl_->new_generation) throw std::logic_error("IndexWriter::stream_article: only a new generation streams");
  impl_->stream_article(std::move(article));
}

void IndexWriter::finish(const std::multimap<std::string, std::string>& synonyms, const CanonicalRules& rules) {
  Impl& w = *impl_;
  // Shards flush their last articles on their own threads while the lexicon
  // takes the spelling dictionary here.
  for (auto& feeder : w.feeders) feeder->close();
  w.write_spelling(w.pending_spelling);
  w.pending_spelling.clear();
  w.write_fixed_names(w.pending_fixed_names);
  w.pending_fixed_names.clear();
  for (auto& feeder : w.feeders) feeder->close_and_wait();
  w.feeders.clear();
  w.write_entity_canonicals(rules);
  w.write_entity_names();
  w.write_synonyms(synonyms);
  w.lexicon.set_metadata(std::string(schema::kMetaSchemaVersion), std::to_string(schema::kSchemaVersion));
  w.lexicon.set_metadata(std::string(schema::kMetaAnalyserVersion), std::to_string(kAnalyserVersion));
  w.lexicon.set_metadata(std::string(schema::kMetaShardCount), std::to_string(w.shards.size()));
  w.lexicon.set_metadata(std::string(schema::kMetaDocumentCount), std::to_string(document_count()));
  w.lexicon.set_metadata(std::string(schema::kMetaCorpusRoot), w.corpus_root);
  w.lexicon.set_metadata(std::string(schema::kMetaUpdatedAt), utc_now());
  w.lexicon.commit();
  commit_point("lexicon finish");
  if (!w.new_generation) return;
  for (auto& shard : w.shards) shard.close();
  w.lexicon.close();
  w.compact_generation();
  fsync_tree(w.generation_dir());
  write_stub_file(w.index_dir, w.stub_entries());
  commit_point("stub");
  // Searchers that opened the old generation keep reading it through their
  // open file handles; new ones read the new stub.
  w.remove_other_generations();
}

}  // namespace news
