// What every fuzz harness here defines: libFuzzer's entry point, called with
// one input at a time. A harness returns 0 for any input it handled, and
// calls fail() (which aborts, so both libFuzzer and the replay report it) when
// the code under test broke a promise without crashing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fuzz {

[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz: broken promise: %s\n", what);
  std::abort();
}

inline void expect(bool holds, const char* what) {
  if (!holds) fail(what);
}

}  // namespace fuzz
