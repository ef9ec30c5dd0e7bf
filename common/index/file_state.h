// What the index remembers of each corpus file, so an incremental run can tell
// new, changed, unchanged and vanished files apart without reading them:
// size and modification time first, a content hash to confirm a change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news {

struct FileState {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t content_hash = 0;  // stable_hash() of the file's bytes
  std::vector<std::string> article_ids;  // every article the file produced
};

std::string encode(const FileState& state);
std::optional<FileState> decode_file_state(std::string_view data);

// A file's state as the lexicon keeps it: the key (schema::file_state_key())
// and the value, which also holds the path when the key is a hash of it.
std::string file_state_value(const std::string& path, const FileState& state);
// The path and state of a lexicon entry under either file-state prefix;
// nullopt for another key or an undecodable value.
std::optional<std::pair<std::string, FileState>> decode_file_state_entry(std::string_view key, std::string_view value);

}  // namespace news
