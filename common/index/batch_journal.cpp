#include "index/batch_journal.h"

#include "text/varint.h"

namespace news {

namespace {

std::uint64_t zigzag(std::int64_t n) { return (static_cast<std::uint64_t>(n) << 1) ^ static_cast<std::uint64_t>(n >> 63); }
std::int64_t unzigzag(std::uint64_t n) { return static_cast<std::int64_t>(n >> 1) ^ -static_cast<std::int64_t>(n & 1); }

// 2 added the fixed-name counts; a format-1 journal (left by an older
// indexer) is read without them.
constexpr std::uint64_t kJournalFormat = 2;

void put_counts(std::string& out, const std::map<std::uint32_t, SpellingCounts>& per_shard) {
  varint::put(out, per_shard.size());
  for (const auto& [shard, counts] : per_shard) {
    varint::put(out, shard);
    varint::put(out, counts.size());
    for (const auto& [word, n] : counts) {
      varint::put_string(out, word);
      varint::put(out, zigzag(n));
    }
  }
}

void get_counts(varint::Reader& in, std::map<std::uint32_t, SpellingCounts>& per_shard) {
  for (std::uint64_t shards = in.get(); shards > 0; --shards) {
    SpellingCounts& counts = per_shard[in.get32()];
    for (std::uint64_t words = in.get(); words > 0; --words) {
      std::string word(in.get_string());
      counts[std::move(word)] = unzigzag(in.get());
    }
  }
}


void put_strings(std::string& out, const std::vector<std::string>& strings) {
  varint::put(out, strings.size());
  for (const auto& s : strings) varint::put_string(out, s);
}

std::vector<std::string> get_strings(varint::Reader& in) {
  std::vector<std::string> strings;
  const std::uint64_t n = in.get();
  for (std::uint64_t i = 0; i < n; ++i) strings.emplace_back(in.get_string());
  return strings;
}

}  // namespace

std::string encode(const BatchJournal& journal) {
  std::string out;
  varint::put(out, kJournalFormat);
  varint::put(out, journal.sequence);
  put_strings(out, journal.article_ids);
  put_strings(out, journal.removed_ids);
  varint::put(out, journal.file_states.size());
  for (const auto& [path, state] : journal.file_states) {
    varint::put_string(out, path);
    varint::put_string(out, encode(state));
  }
  put_strings(out, journal.forgotten_files);
  put_counts(out, journal.shard_spelling);
  put_counts(out, journal.shard_fixed_names);
  return out;
}

std::optional<BatchJournal> decode_batch_journal(std::string_view data) {
  try {
    varint::Reader in(data);
    const std::uint64_t format = in.get();
    if (format != 1 && format != kJournalFormat) return std::nullopt;
    BatchJournal journal;
    journal.sequence = in.get();
    journal.article_ids = get_strings(in);
    journal.removed_ids = get_strings(in);
    for (std::uint64_t n = in.get(); n > 0; --n) {
      std::string path(in.get_string());
      auto state = decode_file_state(in.get_string());
      if (!state) return std::nullopt;
      journal.file_states.emplace(std::move(path), std::move(*state));
    }
    journal.forgotten_files = get_strings(in);
    get_counts(in, journal.shard_spelling);
    if (format >= 2) get_counts(in, journal.shard_fixed_names);
    if (!in.done()) return std::nullopt;
    return journal;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

JournalResolution resolve(const BatchJournal& journal, const std::set<std::uint32_t>& committed) {
  JournalResolution resolution;
  resolution.complete = true;
  for (const auto& [shard, counts] : journal.shard_spelling) {
    if (!committed.count(shard)) {
      resolution.complete = false;
      continue;
    }
    for (const auto& [word, n] : counts) resolution.spelling[word] += n;
    if (auto fixed = journal.shard_fixed_names.find(shard); fixed != journal.shard_fixed_names.end()) {
      for (const auto& [name, n] : fixed->second) resolution.fixed_names[name] += n;
    }
  }
  return resolution;
}

}  // namespace news
