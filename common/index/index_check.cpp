#include "index/index_check.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <xapian.h>

#include "text/analyser.h"
#include "text/printable.h"
#include "index/batch_journal.h"
#include "index/document_builder.h"
#include "index/entity_codes.h"
#include "index/entity_numbers.h"
#include "index/file_state.h"
#include "index/index_layout.h"
#include "index/schema.h"
#include "index/stored_article.h"

namespace news {

namespace fs = std::filesystem;

namespace {

std::string first_line(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) return line;
  }
  return {};
}

// "N things (first: x)"
std::string some(std::size_t n, const std::string& what, const std::string& first) {
  return std::to_string(n) + " " + what + " (first: " + first + ")";
}

// What the articles of every shard add up to.
struct ShardContents {
  std::uint64_t documents = 0;
  std::unordered_map<std::string, std::uint32_t> shard_of_id;
  std::unordered_map<std::string, std::int64_t> spelling;
};

class Checker {
 public:
  explicit Checker(fs::path index_dir) : index_dir_(std::move(index_dir)) {}

  IndexCheck run() {
    try {
      if (open_layout()) check_contents();
    } catch (const Xapian::Error& e) {
      problem(e.get_description());
    } catch (const std::exception& e) {
      problem(e.what());
    }
    return std::move(report_);
  }

 private:
  void passed(std::string line) { report_.passed.push_back(std::move(line)); }
  void problem(std::string line) { report_.problems.push_back(std::move(line)); }

  // The stub, Xapian's check of each database, and the lexicon's records of
  // the layout. False when nothing further can be compared.
  bool open_layout() {
    const std::optional<std::string> generation = current_generation(index_dir_);
    if (!generation) {
      problem((index_dir_ / schema::kStubFile).string() + ": missing, or does not list an index written by indexer");
      return false;
    }
    const fs::path dir = index_dir_ / *generation;
    if (!xapian_check(dir / schema::kLexiconDir)) return false;
    lexicon_ = Xapian::Database((dir / schema::kLexiconDir).string());
    const std::string schema_version = lexicon_.get_metadata(std::string(schema::kMetaSchemaVersion));
    const std::string analyser_version = lexicon_.get_metadata(std::string(schema::kMetaAnalyserVersion));
    if (schema_version != std::to_string(schema::kSchemaVersion) || analyser_version != std::to_string(kAnalyserVersion)) {
      problem("lexicon: schema " + schema_version + " and analyser " + analyser_version + ", this indexer writes " +
              std::to_string(schema::kSchemaVersion) + " and " + std::to_string(kAnalyserVersion));
      return false;
    }
    const std::string count = lexicon_.get_metadata(std::string(schema::kMetaShardCount));
    const std::uint32_t shard_count = count.empty() ? 0 : static_cast<std::uint32_t>(std::stoul(count));
    if (shard_count == 0) {
      problem("lexicon: records no shard count");
      return false;
    }
    std::vector<std::string> expected{*generation + "/" + std::string(schema::kLexiconDir)};
    bool shards_ok = true;
    for (std::uint32_t s = 0; s < shard_count; ++s) {
      const std::string name = std::string(schema::kShardDirPrefix) + std::to_string(s);
      expected.push_back(*generation + "/" + name);
      if (xapian_check(dir / name)) {
        shards_.emplace_back((dir / name).string());
      } else {
        shards_ok = false;
      }
    }
    if (auto mismatch = stub_mismatch(index_dir_, expected)) {
      problem(*mismatch);
    } else {
      passed((index_dir_ / schema::kStubFile).string() + ": lists the lexicon and " + std::to_string(shard_count) + " shard(s) of " + *generation);
    }
    return shards_ok;
  }

  bool xapian_check(const fs::path& db) {
    std::ostringstream out;
    try {
      const std::size_t errors = Xapian::Database::check(db.string(), 0, &out);
      if (errors == 0) {
        passed(db.string() + ": Xapian check found no error");
        return true;
      }
      problem(db.string() + ": Xapian check found " + std::to_string(errors) + " error(s): " + first_line(out.str()));
    } catch (const Xapian::Error& e) {
      problem(db.string() + ": " + e.get_description());
    }
    return false;
  }

  void check_contents() {
    const ShardContents contents = read_shards();
    const std::string journal = lexicon_.get_metadata(std::string(schema::kMetaJournal));
    if (!journal.empty()) {
      const auto decoded = decode_batch_journal(journal);
      if (!decoded) {
        problem("lexicon: unreadable batch journal");
        return;
      }
      report_.pending = "batch " + std::to_string(decoded->sequence) + " of an interrupted run is journaled (" +
                        std::to_string(decoded->article_ids.size()) + " articles, " +
                        std::to_string(decoded->removed_ids.size()) + " removals); the next indexer run completes it";
      return;  // the lexicon and the shards legitimately disagree until then
    }
    check_document_count(contents);
    check_file_states(contents);
    check_spelling(contents);
  }

  ShardContents read_shards() {
    ShardContents contents;
    std::size_t undecodable = 0, misplaced = 0, duplicates = 0, misnumbered = 0;
    std::string first_undecodable, first_misplaced, first_duplicate, first_misnumbered;
    std::optional<EntityNumbers> numbers;
    try {
      numbers = EntityNumbers::load(lexicon_);
    } catch (const std::exception& e) {
      problem(std::string("lexicon: ") + e.what());
    }
    std::set<EntityNumber> used;  // every number a facet slot holds
    const auto count = static_cast<std::uint32_t>(shards_.size());
    for (std::uint32_t s = 0; s < count; ++s) {
      Xapian::Database& shard = shards_[s];
      contents.documents += shard.get_doccount();
      for (auto it = shard.postlist_begin(""); it != shard.postlist_end(""); ++it) {
        const Xapian::Document doc = shard.get_document(*it);
        const std::string id = doc.get_value(schema::kIdSlot);
        const std::string where = std::string(schema::kShardDirPrefix) + std::to_string(s) + " document " + std::to_string(*it);
        StoredArticle stored;
        try {
          stored = decode_stored_article(doc.get_value(schema::kRecordSlot));
          if (stored.id != id) throw std::runtime_error("id differs from the id slot");
        } catch (const std::exception& e) {
          if (undecodable++ == 0) first_undecodable = where + ": " + e.what();
          continue;
        }
        if (numbers && !facet_slot_agrees(doc, stored, *numbers, used) && misnumbered++ == 0) first_misnumbered = where;
        if (shard_of(id, count) != s && misplaced++ == 0) first_misplaced = printable(id) + " in " + where;
        if (!contents.shard_of_id.emplace(id, s).second && duplicates++ == 0) first_duplicate = printable(id);
        for (auto& word : stored_spelling_words(stored)) ++contents.spelling[std::move(word)];
      }
    }
    if (undecodable) problem(some(undecodable, "stored records cannot be decoded", first_undecodable));
    if (misplaced) problem(some(misplaced, "articles are in the wrong shard", first_misplaced));
    if (duplicates) problem(some(duplicates, "article ids occur more than once", first_duplicate));
    if (!undecodable && !misplaced && !duplicates) {
      passed(std::to_string(contents.documents) + " stored records decoded, each in its shard, ids unique");
    }
    if (numbers) check_entity_numbers(misnumbered, first_misnumbered, used);
    return contents;
  }

  // Whether the article's facet slot holds exactly the numbers the lexicon
  // gives its stored entities.
  static bool facet_slot_agrees(const Xapian::Document& doc, const StoredArticle& stored, const EntityNumbers& numbers,
                                std::set<EntityNumber>& used) {
    std::vector<EntityNumber> in_slot;
    for_each_entity_number(doc.get_value(schema::kEntitiesSlot), [&](EntityNumber n) { in_slot.push_back(n); });
    used.insert(in_slot.begin(), in_slot.end());
    std::vector<EntityNumber> expected;
    const ArticleEntities entities = decode_entities(stored.entities);
    for (EntityType type : kEntityTypes) {
      for (const std::string& name : entities.of(type)) {
        const std::optional<EntityNumber> n = numbers.find(entity_id(type, name));
        if (!n) return false;
        expected.push_back(*n);
      }
    }
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    return expected == in_slot;
  }

  void check_entity_numbers(std::size_t misnumbered, const std::string& first_misnumbered,
                            const std::set<EntityNumber>& used) {
    std::size_t unnamed = 0;
    std::string first_unnamed;
    for (const EntityNumber n : used) {
      if (lexicon_.get_metadata(entity_name_key(n)).empty() && unnamed++ == 0) first_unnamed = std::to_string(n);
    }
    if (misnumbered) problem(some(misnumbered, "articles' facet slots disagree with their entities' numbers", first_misnumbered));
    if (unnamed) problem(some(unnamed, "entity numbers in facet slots have no name in the lexicon", first_unnamed));
    if (!misnumbered && !unnamed) {
      passed(std::to_string(used.size()) + " entity numbers: every facet slot holds its entities' numbers, each named");
    }
  }

  void check_document_count(const ShardContents& contents) {
    const std::string recorded = lexicon_.get_metadata(std::string(schema::kMetaDocumentCount));
    if (recorded != std::to_string(contents.documents)) {
      problem("lexicon: records " + (recorded.empty() ? std::string("no") : recorded) + " documents, the shards hold " +
              std::to_string(contents.documents));
    } else {
      passed("document count: " + recorded + " in the lexicon and in the shards");
    }
  }

  void check_file_states(const ShardContents& contents) {
    std::unordered_set<std::string> owned;
    std::size_t files = 0, undecodable = 0, missing = 0;
    std::string first_missing, first_undecodable;
    for (const std::string_view prefix : {schema::kMetaFilePrefix, schema::kMetaLongFilePrefix}) {
      const std::string p(prefix);
      for (auto key = lexicon_.metadata_keys_begin(p); key != lexicon_.metadata_keys_end(p); ++key) {
        const auto entry = decode_file_state_entry(*key, lexicon_.get_metadata(*key));
        if (!entry) {
          if (undecodable++ == 0) first_undecodable = *key;
          continue;
        }
        ++files;
        for (const auto& id : entry->second.article_ids) {
          owned.insert(id);
          if (!contents.shard_of_id.count(id) && missing++ == 0) first_missing = id + " of " + entry->first;
        }
      }
    }
    std::size_t orphans = 0;
    std::string first_orphan;
    for (const auto& [id, shard] : contents.shard_of_id) {
      if (!owned.count(id) && orphans++ == 0) first_orphan = id;
    }
    if (undecodable) problem(some(undecodable, "file states cannot be decoded", first_undecodable));
    if (missing) problem(some(missing, "articles the file states list are not in the shards", first_missing));
    if (orphans) problem(some(orphans, "articles in the shards belong to no file state", first_orphan));
    if (!undecodable && !missing && !orphans) {
      passed(std::to_string(files) + " file states agree with the shards' articles");
    }
  }

  void check_spelling(const ShardContents& contents) {
    std::unordered_map<std::string, std::int64_t> recorded;
    for (auto it = lexicon_.spellings_begin(); it != lexicon_.spellings_end(); ++it) recorded.emplace(*it, it.get_termfreq());
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> differing;  // word -> (recorded, counted)
    auto count_of = [](const auto& counts, const std::string& word) -> std::int64_t {
      const auto it = counts.find(word);
      return it == counts.end() ? 0 : it->second;
    };
    for (const auto& [word, n] : recorded) {
      if (count_of(contents.spelling, word) != n) differing.emplace(word, std::pair{n, count_of(contents.spelling, word)});
    }
    for (const auto& [word, n] : contents.spelling) {
      if (!recorded.count(word)) differing.emplace(word, std::pair{std::int64_t{0}, n});
    }
    if (differing.empty()) {
      passed("spelling dictionary: " + std::to_string(recorded.size()) + " words, counts agree with the articles");
      return;
    }
    const auto& [word, counts] = *differing.begin();
    problem(some(differing.size(), "spelling words are counted wrong",
                 "'" + word + "': " + std::to_string(counts.first) + " recorded, " + std::to_string(counts.second) +
                     " in the articles"));
  }

  fs::path index_dir_;
  IndexCheck report_;
  Xapian::Database lexicon_;
  std::vector<Xapian::Database> shards_;
};

}  // namespace

IndexCheck::Verdict IndexCheck::verdict() const {
  if (!problems.empty()) return Verdict::broken;
  return pending ? Verdict::incomplete : Verdict::healthy;
}

IndexCheck check_index(const fs::path& index_dir) { return Checker(index_dir).run(); }

}  // namespace news
