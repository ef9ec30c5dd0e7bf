// A second reader of an open index, on a thread of its own, so that a page's
// hits are read and highlighted two at a time (a long-running `search
// --batch`; docs/design.md, "Two readers for a page"). Xapian's handles are
// not thread-safe, so it opens the index's databases again; its document
// numbers are the index's only while both read the same snapshot, which
// follow() checks before every page.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "search/search_index.h"

namespace news {

class SecondReader {
 public:
  // Opens `index`'s databases again; throws Xapian::Error if they cannot be.
  // Local databases only: search_index.h's can_be_read_twice().
  explicit SecondReader(const SearchIndex& index);
  ~SecondReader();
  SecondReader(const SecondReader&) = delete;
  SecondReader& operator=(const SecondReader&) = delete;

  // Whether this reader now reads what `index` does: the same databases at
  // the same revisions, after reopening (or opening anew, after a rebuild)
  // if they differ. False leaves the page to the caller's thread alone.
  bool follow(const SearchIndex& index);

  const Xapian::Database& db() const { return db_; }

  // Runs `task` on the reader's thread. The task must not throw.
  void start(std::function<void()> task);
  // Takes the task back if the thread has not begun it (it was asleep, or
  // another process has the core): then it never runs. Returns whether it
  // was taken back; if not, wait() for it.
  bool take_back();
  // Returns once the task has finished, spinning for up to kSpinFor first:
  // waking a sleeping thread took ~0.15 ms on this machine, and the task is
  // then finishing one hit.
  void wait();

  static constexpr std::chrono::microseconds kSpinFor{500};

 private:
  void open(const SearchIndex& index);
  void loop();

  std::vector<Xapian::Database> parts_;
  Xapian::Database db_;

  std::mutex mutex_;  // guards task_ and the sleeping; finished_ is read while spinning
  std::condition_variable wake_;
  std::function<void()> task_;
  std::atomic<bool> has_task_{false};
  std::atomic<bool> finished_{true};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace news
