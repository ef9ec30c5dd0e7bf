// The one 64-bit hash whose values are persisted: file content digests, shard
// assignment, entity ids. XXH3 (libxxhash) is fast, well distributed and the
// same on every build and platform, which std::hash is not. Changing it
// changes on-disk formats: bump the schema version (index/schema.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

namespace news {

std::uint64_t stable_hash(std::string_view bytes);

// The same digest fed in pieces: StableHasher over "ab" then "c" equals
// stable_hash("abc").
class StableHasher {
 public:
  StableHasher();
  ~StableHasher();
  StableHasher(const StableHasher&) = delete;
  StableHasher& operator=(const StableHasher&) = delete;
  void update(std::string_view bytes);
  std::uint64_t digest() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace news
