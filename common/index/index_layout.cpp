#include "index/index_layout.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "text/data_files.h"
#include "text/stable_hash.h"
#include "text/text_util.h"
#include "index/schema.h"

namespace news {

namespace fs = std::filesystem;

std::string StubEntry::describe() const {
  if (kind == Kind::remote) return host + ":" + std::to_string(port);
  return path.string();
}

std::vector<StubEntry> read_stub_file(const fs::path& stub_file) {
  const std::string content = read_file(stub_file.string());
  std::vector<StubEntry> entries;
  for (const auto& [line_number, line] : data_lines(content)) {
    const auto space = line.find_first_of(" \t");
    const std::string_view kind = line.substr(0, space);
    const std::string_view arg = space == std::string_view::npos ? std::string_view{} : trim(line.substr(space));
    const std::string where = stub_file.string() + ":" + std::to_string(line_number);
    if (arg.empty()) throw std::runtime_error(where + ": missing argument after '" + std::string(kind) + "'");
    StubEntry entry;
    if (kind == "auto" || kind == "glass" || kind == "chert") {
      entry.path = fs::path(arg).is_absolute() ? fs::path(arg) : stub_file.parent_path() / arg;
    } else if (kind == "remote") {
      // Xapian's TCP form is ":HOST:PORT"; a program form ("remote PROG ARGS")
      // is not supported here.
      if (arg.front() != ':') throw std::runtime_error(where + ": only 'remote :HOST:PORT' is supported");
      const std::string_view hostport = arg.substr(1);
      const auto colon = hostport.rfind(':');
      if (colon == std::string_view::npos || colon == 0) throw std::runtime_error(where + ": expected ':HOST:PORT'");
      entry.kind = StubEntry::Kind::remote;
      entry.host = std::string(hostport.substr(0, colon));
      try {
        entry.port = std::stoi(std::string(hostport.substr(colon + 1)));
      } catch (const std::exception&) {
        throw std::runtime_error(where + ": bad port in '" + std::string(arg) + "'");
      }
      if (entry.port <= 0 || entry.port > 65535) throw std::runtime_error(where + ": bad port " + std::to_string(entry.port));
    } else {
      throw std::runtime_error(where + ": unknown database type '" + std::string(kind) + "'");
    }
    entries.push_back(std::move(entry));
  }
  if (entries.empty()) throw std::runtime_error(stub_file.string() + ": stub lists no database");
  return entries;
}

void write_stub_file(const fs::path& index_dir, const std::vector<std::string>& databases) {
  const fs::path target = index_dir / schema::kStubFile;
  const fs::path temporary = index_dir / (std::string(schema::kStubFile) + ".tmp");
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << "# Written by the indexer: the lexicon first, then the shards.\n";
    for (const auto& db : databases) out << "glass " << db << "\n";
    out.flush();
    if (!out) throw std::runtime_error(temporary.string() + ": cannot write");
  }
  // fsync before the rename, so a crash never leaves an empty stub behind.
  if (int fd = ::open(temporary.c_str(), O_RDONLY); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  fs::rename(temporary, target);
}

std::optional<std::string> current_generation(const fs::path& index_dir) {
  std::error_code ec;
  if (!fs::exists(index_dir / schema::kStubFile, ec)) return std::nullopt;
  const auto entries = read_stub_file(index_dir / schema::kStubFile);
  const StubEntry& first = entries.front();
  if (first.kind != StubEntry::Kind::local || first.path.filename() != schema::kLexiconDir) return std::nullopt;
  const fs::path generation = first.path.parent_path();
  if (fs::weakly_canonical(generation.parent_path()) != fs::weakly_canonical(index_dir)) return std::nullopt;
  return generation.filename().string();
}

std::optional<std::string> stub_mismatch(const fs::path& index_dir, const std::vector<std::string>& databases) {
  const fs::path stub = index_dir / schema::kStubFile;
  const std::vector<StubEntry> entries = read_stub_file(stub);
  for (std::size_t i = 0; i < databases.size(); ++i) {
    if (i >= entries.size()) return stub.string() + ": lists " + std::to_string(entries.size()) + " database(s), the lexicon records " + std::to_string(databases.size());
    std::error_code ec;
    if (entries[i].kind != StubEntry::Kind::local ||
        fs::weakly_canonical(entries[i].path, ec) != fs::weakly_canonical(index_dir / databases[i], ec)) {
      return stub.string() + ": entry " + std::to_string(i + 1) + " is " + entries[i].describe() + ", not " + databases[i];
    }
  }
  if (entries.size() > databases.size()) return stub.string() + ": lists " + std::to_string(entries.size()) + " database(s), the lexicon records " + std::to_string(databases.size());
  return std::nullopt;
}

std::string damaged_index_message(const fs::path& where, const std::string& problem) {
  return where.string() + ": " + problem + "; the index is damaged (indexer --check says more, indexer --rebuild rebuilds it)";
}

std::string new_generation_name() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &utc);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::ostringstream name;
  name << "gen-" << stamp << "." << micros << "-" << ::getpid();
  return name.str();
}

std::uint32_t shard_of(std::string_view article_id, std::uint32_t shard_count) {
  return shard_count <= 1 ? 0 : static_cast<std::uint32_t>(stable_hash(article_id) % shard_count);
}

IndexLock::IndexLock(const fs::path& index_dir) {
  const fs::path lock_path = index_dir / schema::kLockFile;
  fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(lock_path.string() + ": cannot open lock file: " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    char buffer[64] = {};
    const ssize_t n = ::pread(fd_, buffer, sizeof buffer - 1, 0);
    std::string holder = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string("unknown");
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    ::close(fd_);
    fd_ = -1;
    throw IndexBusy(index_dir.string() + ": another indexer (pid " + holder + ") is updating this index");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] auto written = ::pwrite(fd_, pid.data(), pid.size(), 0);
  }
}

IndexLock::~IndexLock() {
  if (fd_ >= 0) {
    [[maybe_unused]] auto truncated = ::ftruncate(fd_, 0);
    ::close(fd_);  // releases the flock
  }
}

}  // namespace news
