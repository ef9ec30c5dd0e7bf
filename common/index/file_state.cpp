#include "index/file_state.h"

#include "text/varint.h"

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

}  // namespace news
