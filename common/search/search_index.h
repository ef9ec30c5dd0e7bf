// Opening an index for searching: our index folder (a stub listing the lexicon
// and local shards), a stub file of the user's that may also list remote
// shards ("remote :HOST:PORT", served by xapian-tcpsrv), or a bare database.
// Remote shards that do not answer within the timeout are left out with a
// warning (the answer is then partial) unless `strict` is set.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

#include "index/index_layout.h"
#include "index/entity_canonicals.h"
#include "index/entity_numbers.h"

namespace news {

// The index is missing, unreadable or of another version; the message is the
// one line to show the user.
struct IndexUnavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Which database, at which commit: what two readers compare to know that
// they see the same documents under the same numbers (second_reader.h).
struct DatabaseVersion {
  std::string uuid;
  Xapian::rev revision = 0;
  bool operator==(const DatabaseVersion&) const = default;
};

struct OpenOptions {
  unsigned remote_timeout_ms = 2000;  // per network operation
  unsigned connect_timeout_ms = 1000;
  bool strict = false;                // a missing remote shard is an error
  // Receives one line per shard left out.
  std::function<void(const std::string&)> warn;
};

class SearchIndex {
 public:
  // Throws IndexUnavailable.
  static SearchIndex open(const std::filesystem::path& location, const OpenOptions& options = {});

  const Xapian::Database& db() const { return db_; }
  const std::filesystem::path& location() const { return location_; }
  // "HOST:PORT" of every shard left out; non-empty means results are partial.
  const std::vector<std::string>& missing_shards() const { return missing_; }
  std::string metadata(std::string_view key) const { return db_.get_metadata(std::string(key)); }
  const EntityCanonicals& entity_canonicals() const { return entity_canonicals_; }
  // The same table by entity number, for facet counting.
  const EntityNumberCanonicals& entity_number_canonicals() const { return entity_number_canonicals_; }
  // The databases that answered, one per stub entry, when any is remote.
  bool has_remote_shards() const;
  std::vector<Xapian::Database> answering_parts() const;
  // Whether a second reader can open the same databases (every one local
  // and answering), their paths in stub order, and their versions now.
  bool can_be_read_twice() const;
  std::vector<std::string> local_paths() const;
  std::vector<DatabaseVersion> versions() const;

  // After Xapian::DatabaseModifiedError (an indexer committed meanwhile).
  void reopen() { db_.reopen(); }
  // For a long-running reader (search --batch): when a rebuild has switched
  // the stub since the index was opened, opens what it lists now; otherwise
  // moves to the latest commit. Returns whether anything changed (opened
  // anew, or a newer commit).
  // If the new index cannot be opened, the old snapshot stays in use.
  bool refresh();
  // After a network error mid-query: probe the remote shards again and leave
  // out those that do not answer. Returns false when none was left out (the
  // error was something else). Throws IndexUnavailable under `strict`.
  bool drop_unreachable_shards();

 private:
  void assemble();

  // Which stub file was read (a rebuild renames a new one over it).
  struct StubIdentity {
    dev_t device = 0;
    ino_t inode = 0;
    bool operator==(const StubIdentity&) const = default;
  };
  static std::optional<StubIdentity> stub_identity(const std::filesystem::path& location);
  std::optional<StubIdentity> stub_seen_;

  std::filesystem::path location_;
  OpenOptions options_;
  std::vector<StubEntry> entries_;
  std::vector<Xapian::Database> parts_;  // parallel to entries_; empty when left out
  std::vector<std::string> missing_;
  Xapian::Database db_;
  EntityCanonicals entity_canonicals_;
  EntityNumberCanonicals entity_number_canonicals_;
};

}  // namespace news
