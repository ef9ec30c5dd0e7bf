#include "search/second_reader.h"

namespace news {

namespace {

// Spins until `done()` or `limit` has passed; returns done().
template <typename Done>
bool spin_until(Done done, std::chrono::microseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (unsigned turn = 1;; ++turn) {
    if (done()) return true;
    if (turn % 64 == 0 && std::chrono::steady_clock::now() >= deadline) return done();
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
}

}  // namespace

SecondReader::SecondReader(const SearchIndex& index) {
  open(index);
  thread_ = std::thread([this] { loop(); });
}

SecondReader::~SecondReader() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SecondReader::open(const SearchIndex& index) {
  parts_.clear();
  db_ = Xapian::Database();
  for (const std::string& path : index.local_paths()) {
    parts_.emplace_back(path);
    db_.add_database(parts_.back());
  }
}

bool SecondReader::follow(const SearchIndex& index) {
  const std::vector<DatabaseVersion> wanted = index.versions();
  auto versions = [this] {
    std::vector<DatabaseVersion> seen;
    for (const Xapian::Database& part : parts_) seen.push_back({part.get_uuid(), part.get_revision()});
    return seen;
  };
  try {
    const std::vector<DatabaseVersion> seen = versions();
    if (seen == wanted) return true;
    bool same_databases = seen.size() == wanted.size();
    for (std::size_t i = 0; same_databases && i < seen.size(); ++i) same_databases = seen[i].uuid == wanted[i].uuid;
    if (same_databases) {
      for (Xapian::Database& part : parts_) part.reopen();
    } else {
      open(index);  // a rebuild switched the index to a new generation
    }
    return versions() == wanted;  // else the index is behind: it catches up on its next refresh
  } catch (const Xapian::Error&) {
    return false;
  }
}

void SecondReader::start(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    task_ = std::move(task);
    finished_ = false;
    has_task_ = true;
  }
  wake_.notify_all();
}

bool SecondReader::take_back() {
  std::lock_guard lock(mutex_);
  if (!has_task_) return false;
  task_ = nullptr;
  has_task_ = false;
  finished_ = true;
  return true;
}

void SecondReader::wait() {
  if (spin_until([this] { return finished_.load(); }, kSpinFor)) return;
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return finished_.load(); });
}

void SecondReader::loop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || has_task_; });
      if (stopping_) return;
      task = std::move(task_);
      task_ = nullptr;
      has_task_ = false;
    }
    task();
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
    }
    wake_.notify_all();
  }
}

}  // namespace news
