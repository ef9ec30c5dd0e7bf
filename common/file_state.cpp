#include "file_state.h"

#include <cstring>

#include "varint.h"

namespace news {

std::string encode(const FileState& state) {
  std::string out;
  varint::put(out, state.size);
  varint::put(out, static_cast<std::uint64_t>(state.mtime_ns));
  varint::put(out, state.content_hash);
  varint::put(out, state.article_ids.size());
  for (const auto& id : state.article_ids) varint::put_string(out, id);
  return out;
}

std::optional<FileState> decode_file_state(std::string_view data) {
  try {
    varint::Reader in(data);
    FileState state;
    state.size = in.get();
    state.mtime_ns = static_cast<std::int64_t>(in.get());
    state.content_hash = in.get();
    state.article_ids.resize(in.get());
    for (auto& id : state.article_ids) id = std::string(in.get_string());
    return state;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

namespace {
std::uint64_t mix_word(std::uint64_t h, const unsigned char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, 8);
  h = (h ^ word) * 1099511628211ULL;
  return h ^ (h >> 29);
}
}  // namespace

void ContentHasher::update(std::string_view bytes) {
  length_ += bytes.size();
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  while (pending_size_ > 0 && pending_size_ < 8 && n > 0) {
    pending_[pending_size_++] = *p++;
    --n;
  }
  if (pending_size_ == 8) {
    state_ = mix_word(state_, pending_);
    pending_size_ = 0;
  }
  for (; n >= 8; p += 8, n -= 8) state_ = mix_word(state_, p);
  for (; n > 0; --n) pending_[pending_size_++] = *p++;
}

std::uint64_t ContentHasher::digest() const {
  std::uint64_t h = state_;
  for (std::size_t i = 0; i < pending_size_; ++i) h = (h ^ pending_[i]) * 1099511628211ULL;
  return h ^ length_;
}

std::uint64_t content_hash(std::string_view bytes) {
  ContentHasher hasher;
  hasher.update(bytes);
  return hasher.digest();
}

}  // namespace news
