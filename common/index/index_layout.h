// The on-disk layout of an index folder, and the stub file that ties it
// together:
//
//   index/XAPIANDB              Xapian stub: one line per database, lexicon first
//   index/indexer.lock          held by the running indexer (flock), holds its pid
//   index/gen-<stamp>/lexicon   spelling, synonyms, metadata, file states; no documents
//   index/gen-<stamp>/shard-N   the articles, split by a stable hash of their id
//
// A rebuild writes a new generation folder and then renames a new stub over
// the old one, so a searcher opens either the old or the new index, whole.
// Xapian opens such a folder natively (it reads XAPIANDB), and a stub may also
// list remote shards served by xapian-tcpsrv ("remote :HOST:PORT").
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace news {

struct StubEntry {
  enum class Kind { local, remote };
  Kind kind = Kind::local;
  std::filesystem::path path;  // local: absolute, resolved against the stub's folder
  std::string host;            // remote
  int port = 0;                // remote
  std::string describe() const;  // "shard-1" style path, or "HOST:PORT"
};

// Parses Xapian's stub format ("auto|glass|chert PATH", "remote :HOST:PORT";
// blank lines and '#' comments skipped). Throws std::runtime_error naming the
// file and line on anything else.
std::vector<StubEntry> read_stub_file(const std::filesystem::path& stub_file);

// The stub that lists `databases` (paths relative to the index folder),
// written to a temporary file and renamed into place atomically.
void write_stub_file(const std::filesystem::path& index_dir, const std::vector<std::string>& databases);

// Which folder the stub's first entry (the lexicon) lives in, relative to the
// index folder ("gen-20261125T140000-1234"), if the stub follows our layout.
std::optional<std::string> current_generation(const std::filesystem::path& index_dir);

// Whether the stub lists exactly `databases` (paths relative to the index
// folder), in order; otherwise one line saying how it differs.
std::optional<std::string> stub_mismatch(const std::filesystem::path& index_dir, const std::vector<std::string>& databases);

// The one-line message for an index that cannot be used as it is: `where`
// and `problem`, and what to do about it.
std::string damaged_index_message(const std::filesystem::path& where, const std::string& problem);

// A fresh, unique generation folder name.
std::string new_generation_name();

// Shard of an article: a stable hash of its id, so an article always lands in
// the same shard and an update touches one shard only.
std::uint32_t shard_of(std::string_view article_id, std::uint32_t shard_count);

// Exclusive ownership of an index folder by one indexer process.
class IndexLock {
 public:
  // Throws IndexBusy when another process holds it.
  explicit IndexLock(const std::filesystem::path& index_dir);
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;
  ~IndexLock();

 private:
  int fd_ = -1;
};

struct IndexBusy : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace news
