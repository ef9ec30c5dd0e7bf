// The server's open indexes: Xapian handles are not thread-safe, so each
// request borrows a handle (index + searcher) no other request is using, and
// gives it back when answered. A borrowed handle first follows any change
// since its last use (an incremental run commits, a --rebuild switches the
// stub), so the server answers from the newest index without restarting.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "search/search_index.h"
#include "search/searcher.h"

namespace news {

struct IndexHandle {
  SearchIndex index;
  Searcher searcher{index};
  explicit IndexHandle(SearchIndex opened) : index(std::move(opened)) {}
};

class IndexPool {
 public:
  // Opens one handle now, so a missing index is an error at startup
  // (IndexUnavailable), not on the first request.
  IndexPool(std::filesystem::path location, OpenOptions options);

  // A handle for this request alone; back to the pool when it goes away.
  class Lease {
   public:
    Lease(IndexPool& pool, std::unique_ptr<IndexHandle> handle) : pool_(pool), handle_(std::move(handle)) {}
    ~Lease();
    Lease(Lease&&) = default;
    IndexHandle* operator->() const { return handle_.get(); }
    IndexHandle& operator*() const { return *handle_; }

   private:
    IndexPool& pool_;
    std::unique_ptr<IndexHandle> handle_;
  };

  // Throws IndexUnavailable when a new handle is needed and the index cannot be opened.
  Lease borrow();

  // After a request failed reading the index: a handle whose remote shard went
  // away fails on every later request (Xapian does not reconnect), so no idle
  // handle is reused; the next request opens the index afresh.
  void drop_idle();

 private:
  void give_back(std::unique_ptr<IndexHandle> handle);

  std::filesystem::path location_;
  OpenOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<IndexHandle>> idle_;
};

}  // namespace news
