#include "search/search_index.h"

#include <algorithm>
#include <thread>

#include "text/analyser.h"
#include "index/schema.h"

namespace news {

namespace fs = std::filesystem;

namespace {

Xapian::Database open_entry(const StubEntry& entry, const OpenOptions& options) {
  if (entry.kind == StubEntry::Kind::remote) {
    Xapian::Database db = Xapian::Remote::open(entry.host, static_cast<unsigned>(entry.port), options.remote_timeout_ms,
                                               options.connect_timeout_ms);
    db.get_doccount();  // the connection answers
    return db;
  }
  return Xapian::Database(entry.path.string());
}

std::string not_built(const fs::path& location) {
  return location.string() + ": no index here (build it with: indexer --corpus DIR --index " + location.string() + ")";
}

}  // namespace

SearchIndex SearchIndex::open(const fs::path& location, const OpenOptions& options) {
  SearchIndex index;
  index.location_ = location;
  index.options_ = options;
  std::error_code ec;
  const bool is_dir = fs::is_directory(location, ec);
  if (!is_dir && !fs::is_regular_file(location, ec)) throw IndexUnavailable(not_built(location));

  // A rebuild may switch the stub between our reading it and opening what it
  // lists; the old generation is then gone, so read the stub again.
  for (int attempt = 0;; ++attempt) {
    try {
      if (is_dir && fs::exists(location / schema::kStubFile)) {
        index.entries_ = read_stub_file(location / schema::kStubFile);
      } else if (!is_dir) {
        index.entries_ = read_stub_file(location);
      } else if (fs::exists(location / "iamglass")) {
        index.entries_ = {StubEntry{StubEntry::Kind::local, location, "", 0}};
      } else {
        throw IndexUnavailable(not_built(location));
      }
      index.parts_.clear();
      index.missing_.clear();
      for (const StubEntry& entry : index.entries_) {
        try {
          index.parts_.push_back(open_entry(entry, options));
        } catch (const Xapian::NetworkError& e) {
          const std::string message = "shard " + entry.describe() + " did not answer: " + e.get_msg();
          if (options.strict) throw IndexUnavailable(location.string() + ": " + message + " (--strict)");
          if (options.warn) options.warn(message + "; results are partial");
          index.parts_.emplace_back();
          index.missing_.push_back(entry.describe());
        }
      }
      break;
    } catch (const Xapian::DatabaseOpeningError& e) {
      if (attempt < 3) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      throw IndexUnavailable(location.string() + ": cannot open index: " + e.get_msg() + " (run indexer --rebuild)");
    } catch (const IndexUnavailable&) {
      throw;
    } catch (const Xapian::Error& e) {
      throw IndexUnavailable(location.string() + ": cannot open index: " + e.get_description());
    } catch (const std::exception& e) {
      throw IndexUnavailable(e.what());
    }
  }
  index.assemble();

  const std::string schema_version = index.metadata(schema::kMetaSchemaVersion);
  const std::string analyser_version = index.metadata(schema::kMetaAnalyserVersion);
  if (schema_version.empty()) {
    throw IndexUnavailable(location.string() + ": not an index written by indexer (no schema version; "
                           "the lexicon must be the first database listed)");
  }
  if (schema_version != std::to_string(schema::kSchemaVersion) || analyser_version != std::to_string(kAnalyserVersion)) {
    throw IndexUnavailable(location.string() + ": index has schema " + schema_version + " and analyser " +
                           analyser_version + ", this build reads schema " + std::to_string(schema::kSchemaVersion) +
                           " and analyser " + std::to_string(kAnalyserVersion) + "; run indexer --rebuild");
  }
  index.entity_canonicals_ = EntityCanonicals::decode(index.metadata(schema::kMetaEntityCanonicals));
  index.entity_number_canonicals_ = EntityNumberCanonicals::decode(index.metadata(schema::kMetaEntityNumberCanonicals));
  index.stub_seen_ = stub_identity(location);
  return index;
}

std::optional<SearchIndex::StubIdentity> SearchIndex::stub_identity(const fs::path& location) {
  std::error_code ec;
  const fs::path stub = fs::is_directory(location, ec) ? location / schema::kStubFile : location;
  struct stat st {};
  if (::stat(stub.c_str(), &st) != 0) return std::nullopt;
  return StubIdentity{st.st_dev, st.st_ino};
}

bool SearchIndex::refresh() {
  if (stub_identity(location_) != stub_seen_) {
    try {
      *this = open(location_, options_);
      return true;
    } catch (const IndexUnavailable&) {
      // Keep answering from the snapshot we have.
    }
  }
  try {
    return db_.reopen();
  } catch (const Xapian::Error&) {
    // Reopened on the next DatabaseModifiedError instead.
  }
  return false;
}

void SearchIndex::assemble() {
  db_ = Xapian::Database();
  for (const auto& part : parts_) {
    if (part.size() > 0) db_.add_database(part);
  }
  if (db_.size() == 0) throw IndexUnavailable(location_.string() + ": no shard of the index answered");
}

bool SearchIndex::has_remote_shards() const {
  return std::any_of(entries_.begin(), entries_.end(), [](const StubEntry& e) { return e.kind == StubEntry::Kind::remote; });
}

std::vector<Xapian::Database> SearchIndex::answering_parts() const {
  std::vector<Xapian::Database> parts;
  for (const auto& part : parts_) {
    if (part.size() > 0) parts.push_back(part);
  }
  return parts;
}

bool SearchIndex::can_be_read_twice() const {
  return !has_remote_shards() && missing_.empty() && !parts_.empty();
}

std::vector<std::string> SearchIndex::local_paths() const {
  std::vector<std::string> paths;
  for (const StubEntry& entry : entries_) paths.push_back(entry.path.string());
  return paths;
}

std::vector<DatabaseVersion> SearchIndex::versions() const {
  std::vector<DatabaseVersion> versions;
  for (const Xapian::Database& part : parts_) versions.push_back({part.get_uuid(), part.get_revision()});
  return versions;
}

bool SearchIndex::drop_unreachable_shards() {
  bool dropped = false;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].kind != StubEntry::Kind::remote || parts_[i].size() == 0) continue;
    try {
      parts_[i] = open_entry(entries_[i], options_);
    } catch (const Xapian::NetworkError& e) {
      const std::string message = "shard " + entries_[i].describe() + " did not answer: " + e.get_msg();
      if (options_.strict) throw IndexUnavailable(location_.string() + ": " + message + " (--strict)");
      if (options_.warn) options_.warn(message + "; results are partial");
      parts_[i] = Xapian::Database();
      missing_.push_back(entries_[i].describe());
      dropped = true;
    }
  }
  if (dropped) assemble();
  return dropped;
}

}  // namespace news
