#include "index_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>
#include <stdexcept>
#include <thread>

#include "analyser.h"
#include "document_builder.h"
#include "facets.h"
#include "index_layout.h"
#include "schema.h"

namespace news {

namespace fs = std::filesystem;

namespace {

using SpellingDeltas = std::unordered_map<std::string, std::int64_t>;

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

bool is_unprefixed(const std::string& term) { return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z'); }

// Adds (sign +1) or removes (sign -1) a document's words from the spelling counts.
void count_spelling(const Xapian::Document& doc, int sign, SpellingDeltas& deltas) {
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& term = *t;
    if (is_unprefixed(term) && is_spelling_word(term)) deltas[term] += sign * static_cast<std::int64_t>(t.get_wdf());
  }
}

void fsync_tree(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ::fsync(fd);
    ::close(fd);
  }
}

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
                   SpellingDeltas& deltas) {
    Xapian::WritableDatabase& db = shards[s];
    auto forget_old = [&](const std::string& id_term) {
      Xapian::PostingIterator p = db.postlist_begin(id_term);
      if (p != db.postlist_end(id_term)) count_spelling(db.get_document(*p), -1, deltas);
    };
    for (const auto& id : removed) {
      const std::string id_term = schema::term(schema::kIdPrefix, id);
      forget_old(id_term);
      db.delete_document(id_term);
    }
    for (PreparedArticle* article : articles) {
      count_spelling(article->document, +1, deltas);
      if (new_generation) {
        db.add_document(article->document);
      } else {
        const std::string id_term = schema::term(schema::kIdPrefix, article->id);
        forget_old(id_term);
        db.replace_document(id_term, article->document);
      }
    }
    db.commit();
  }

  void merge_persons(const PersonMerge& merge) {
    if (!merge.short_forms) return;
    const std::string prefix(schema::kPersonPrefix);
    std::map<std::string, std::set<std::string>> full_names_by_short_form;
    std::set<std::string> single_names;
    for (auto& shard : shards) {
      for (auto t = shard.allterms_begin(prefix); t != shard.allterms_end(prefix); ++t) {
        const std::string name = (*t).substr(prefix.size());
        if (name.find(' ') == std::string::npos) {
          single_names.insert(name);
        } else {
          for (const auto& form : merge.short_forms(name)) full_names_by_short_form[form].insert(name);
        }
      }
    }
    for (const auto& single : single_names) {
      auto it = full_names_by_short_form.find(single);
      if (it == full_names_by_short_form.end() || it->second.size() != 1) continue;  // unknown or ambiguous
      rename_person(single, *it->second.begin());
    }
  }

  void rename_person(const std::string& from, const std::string& to) {
    const std::string from_term = schema::entity_term(EntityType::person, from);
    const std::string to_term = schema::entity_term(EntityType::person, to);
    for (auto& shard : shards) {
      std::vector<Xapian::docid> docids(shard.postlist_begin(from_term), shard.postlist_end(from_term));
      for (Xapian::docid did : docids) {
        Xapian::Document doc = shard.get_document(did);
        auto t = doc.termlist_begin();
        t.skip_to(from_term);
        const Xapian::termcount mentions = t.get_wdf();
        std::vector<Xapian::termpos> positions(t.positionlist_begin(), t.positionlist_end());
        doc.remove_term(from_term);
        for (Xapian::termpos p : positions) doc.add_posting(to_term, p, 0);
        doc.add_term(to_term, mentions);
        ArticleEntities entities = decode_entities(doc.get_value(schema::kEntitiesSlot));
        auto& people = entities.person;
        const bool already = std::find(people.begin(), people.end(), to) != people.end();
        for (auto p = people.begin(); p != people.end(); ++p) {
          if (*p != from) continue;
          if (already) {
            people.erase(p);
          } else {
            *p = to;
          }
          break;
        }
        doc.add_value(schema::kEntitiesSlot, encode_entities(entities));
        shard.replace_document(did, doc);
      }
    }
  }

  void write_synonyms(const std::multimap<std::string, std::string>& synonyms) {
    std::string digest_input;
    for (const auto& [key, value] : synonyms) digest_input.append(key).append("\x1f").append(value).append("\x1e");
    const std::string digest = std::to_string(std::hash<std::string>{}(digest_input)) + ":" + std::to_string(synonyms.size());
    if (lexicon.get_metadata("synonyms_digest") == digest) return;
    std::vector<std::string> old_keys(lexicon.synonym_keys_begin(), lexicon.synonym_keys_end());
    for (const auto& key : old_keys) lexicon.clear_synonyms(key);
    for (const auto& [key, value] : synonyms) lexicon.add_synonym(key, value);
    lexicon.set_metadata("synonyms_digest", digest);
  }
};

IndexWriter::IndexWriter(const IndexWriterOptions& options) : impl_(std::make_unique<Impl>()) {
  Impl& w = *impl_;
  w.index_dir = options.index_dir;
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
    w.create_new(options.shards.value_or(1));
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

void IndexWriter::apply(IndexBatch batch) {
  Impl& w = *impl_;
  const std::uint32_t count = shard_count();
  std::vector<std::vector<PreparedArticle*>> articles(count);
  std::vector<std::vector<std::string>> removed(count);
  for (auto& article : batch.articles) articles[shard_of(article.id, count)].push_back(&article);
  for (auto& id : batch.removed_ids) removed[shard_of(id, count)].push_back(std::move(id));

  std::vector<SpellingDeltas> deltas(count);
  std::vector<std::exception_ptr> errors(count);
  std::vector<std::thread> writers;
  for (std::uint32_t s = 0; s < count; ++s) {
    if (articles[s].empty() && removed[s].empty()) continue;
    writers.emplace_back([&, s] {
      try {
        w.write_shard(s, articles[s], removed[s], deltas[s]);
      } catch (...) {
        errors[s] = std::current_exception();
      }
    });
  }
  for (auto& t : writers) t.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }

  // Shards first, lexicon last: a crash in between leaves files that the next
  // run sees as new or changed and indexes again (replacing by id is idempotent).
  SpellingDeltas total;
  for (auto& d : deltas) {
    for (auto& [word, n] : d) total[word] += n;
  }
  for (const auto& [word, n] : total) {
    if (n > 0) {
      w.lexicon.add_spelling(word, static_cast<Xapian::termcount>(n));
    } else if (n < 0) {
      w.lexicon.remove_spelling(word, static_cast<Xapian::termcount>(-n));
    }
  }
  const std::string prefix(schema::kMetaFilePrefix);
  for (const auto& path : batch.forgotten_files) {
    w.lexicon.set_metadata(prefix + path, "");
    w.file_states.erase(path);
  }
  for (auto& [path, state] : batch.file_states) {
    w.lexicon.set_metadata(prefix + path, encode(state));
    w.file_states[path] = std::move(state);
  }
  w.lexicon.commit();
}

void IndexWriter::finish(const std::multimap<std::string, std::string>& synonyms, const PersonMerge& merge) {
  Impl& w = *impl_;
  w.merge_persons(merge);
  for (auto& shard : w.shards) shard.commit();
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
