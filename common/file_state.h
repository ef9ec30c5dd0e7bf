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
  std::uint64_t content_hash = 0;
  std::vector<std::string> article_ids;  // every article the file produced
};

std::string encode(const FileState& state);
std::optional<FileState> decode_file_state(std::string_view data);

// A fast 64-bit content hash (FNV-1a style over 8-byte words); stable across
// builds. Fed in pieces, it gives the same digest as over the whole at once.
class ContentHasher {
 public:
  void update(std::string_view bytes);
  std::uint64_t digest() const;

 private:
  std::uint64_t state_ = 1469598103934665603ULL;
  std::uint64_t length_ = 0;
  unsigned char pending_[8] = {};
  std::size_t pending_size_ = 0;
};

std::uint64_t content_hash(std::string_view bytes);

}  // namespace news
