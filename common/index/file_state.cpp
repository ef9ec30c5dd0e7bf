#include "index/file_state.h"

#include "text/varint.h"
#include "index/schema.h"

namespace news {

namespace {

FileState read_state(varint::Reader& in) {
  FileState state;
  state.size = in.get();
  state.mtime_ns = static_cast<std::int64_t>(in.get());
  state.content_hash = in.get();
  const std::uint64_t ids = in.get();
  for (std::uint64_t i = 0; i < ids; ++i) state.article_ids.emplace_back(in.get_string());
  return state;
}

}  // namespace

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
    return read_state(in);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string file_state_value(const std::string& path, const FileState& state) {
  std::string value = encode(state);
  if (schema::has_long_file_key(path)) varint::put_string(value, path);
  return value;
}

std::optional<std::pair<std::string, FileState>> decode_file_state_entry(std::string_view key, std::string_view value) {
  try {
    varint::Reader in(value);
    if (key.substr(0, schema::kMetaFilePrefix.size()) == schema::kMetaFilePrefix) {
      FileState state = read_state(in);
      return std::pair{std::string(key.substr(schema::kMetaFilePrefix.size())), std::move(state)};
    }
    if (key.substr(0, schema::kMetaLongFilePrefix.size()) == schema::kMetaLongFilePrefix) {
      FileState state = read_state(in);
      std::string path(in.get_string());
      if (schema::file_state_key(path) != key) return std::nullopt;
      return std::pair{std::move(path), std::move(state)};
    }
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace news
