#include "text/stable_hash.h"

// Header-only use of libxxhash: nothing to load at start-up.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace news {

std::uint64_t stable_hash(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

struct StableHasher::State {
  XXH3_state_t xxh;
};

StableHasher::StableHasher() : state_(std::make_unique<State>()) { XXH3_64bits_reset(&state_->xxh); }
StableHasher::~StableHasher() = default;

void StableHasher::update(std::string_view bytes) { XXH3_64bits_update(&state_->xxh, bytes.data(), bytes.size()); }

std::uint64_t StableHasher::digest() const { return XXH3_64bits_digest(&state_->xxh); }

}  // namespace news
