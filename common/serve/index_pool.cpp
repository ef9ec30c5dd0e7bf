#include "serve/index_pool.h"

#include <utility>

namespace news {

IndexPool::IndexPool(std::filesystem::path location, OpenOptions options)
    : location_(std::move(location)), options_(std::move(options)) {
  idle_.push_back(std::make_unique<IndexHandle>(SearchIndex::open(location_, options_)));
}

IndexPool::Lease::~Lease() {
  if (handle_) pool_.give_back(std::move(handle_));
}

IndexPool::Lease IndexPool::borrow() {
  std::unique_ptr<IndexHandle> handle;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      handle = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (handle) {
    handle->searcher.refresh_index();
  } else {
    // Opened outside the lock: opening reads the stub and every shard.
    handle = std::make_unique<IndexHandle>(SearchIndex::open(location_, options_));
  }
  return Lease(*this, std::move(handle));
}

void IndexPool::give_back(std::unique_ptr<IndexHandle> handle) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(handle));
}

void IndexPool::drop_idle() {
  std::vector<std::unique_ptr<IndexHandle>> dropped;
  {
    std::lock_guard lock(mutex_);
    dropped.swap(idle_);
  }
  // Closed outside the lock: closing a remote database talks to its server.
}

}  // namespace news
