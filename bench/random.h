// A seeded random source whose output is the same on every platform and
// standard library: std::mt19937_64's sequence is fixed by the standard, but
// std::uniform_int_distribution and friends are not, so the distributions the
// corpus and query makers need are written out here.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace bench {

// SplitMix64 finaliser: spreads (seed, index) pairs into unrelated seeds, so
// article i is the same whatever the number of articles generated.
inline std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  Random(std::uint64_t seed, std::uint64_t stream) : engine_(mix64(seed ^ mix64(stream))) {}

  std::uint64_t next() { return engine_(); }

  // Uniform in [0, n), n > 0; rejection sampling removes the modulo bias.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x;
    do x = engine_();
    while (x >= limit);
    return x % n;
  }

  // Uniform in [lo, hi], lo <= hi.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

  // Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  bool chance(double p) { return unit() < p; }

  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }

  // An index drawn with the given cumulative weights (non-decreasing, last > 0).
  std::size_t weighted(const std::vector<double>& cumulative) {
    const double x = unit() * cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
    return std::min<std::size_t>(it - cumulative.begin(), cumulative.size() - 1);
  }

 private:
  std::mt19937_64 engine_;
};

// Cumulative Zipf weights 1/(rank + 2) for n items: a few entities are
// mentioned everywhere and most are rare, as in real news. Only division is
// used, never std::pow, whose last bit may differ between C libraries.
inline std::vector<double> zipf_cumulative(std::size_t n) {
  std::vector<double> cumulative(n);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    total += 1.0 / static_cast<double>(i + 2);
    cumulative[i] = total;
  }
  return cumulative;
}

}  // namespace bench
