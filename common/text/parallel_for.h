// The one way the library spreads work over threads: run `body(item, worker)`
// for every item in [0, items) on `workers` threads, each taking the next item
// as it finishes one, so uneven items (a 5 MB article beside 2 KB ones) do not
// leave a core idle. `worker` (0..workers-1) indexes per-thread state such as
// an Analyser. The first exception a body throws is rethrown once all threads
// have stopped; items not yet started are then skipped.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace news {

// One thread per core, at least one.
inline unsigned default_worker_count() { return std::max(1u, std::thread::hardware_concurrency()); }

template <typename Body>
void parallel_for(std::size_t items, unsigned workers, Body&& body) {
  workers = static_cast<unsigned>(std::min<std::size_t>(std::max(1u, workers), std::max<std::size_t>(items, 1)));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto run = [&](unsigned worker) {
    for (std::size_t i = next++; i < items && !failed; i = next++) {
      try {
        body(i, worker);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        failed = true;
      }
    }
  };
  if (workers == 1) {
    run(0);
  } else {
    std::vector<std::thread> threads;
    threads.reserve(workers - 1);
    for (unsigned w = 1; w < workers; ++w) threads.emplace_back(run, w);
    run(0);
    for (auto& t : threads) t.join();
  }
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace news
