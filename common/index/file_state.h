// What the index remembers of each corpus file, so an incremental run can tell
// new, changed, unchanged and vanished files apart without reading them:
// size and modification time first, a content hash to confirm a change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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


}  // namespace news
