#include "index/fault_injection.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace news {

namespace {

long fault_after() {
  static const long after = [] {
    const char* value = std::getenv(kFaultEnvironment);
    return value && *value ? std::strtol(value, nullptr, 10) : 0L;
  }();
  return after;
}

std::atomic<long> commits{0};

}  // namespace

bool fault_injection_armed() { return fault_after() > 0; }

void commit_point(std::string_view what) {
  const long n = commits.fetch_add(1, std::memory_order_relaxed) + 1;
  if (n != fault_after()) return;
  const std::string line = "indexer: " + std::string(kFaultEnvironment) + "=" + std::to_string(n) +
                           ": stopped after commit " + std::to_string(n) + " (" + std::string(what) + ")\n";
  [[maybe_unused]] const ssize_t written = ::write(2, line.data(), line.size());
  ::_exit(kFaultExitCode);
}

}  // namespace news
