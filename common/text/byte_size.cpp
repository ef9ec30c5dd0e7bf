#include "text/byte_size.h"

#include <cstdio>

namespace news {

namespace {
constexpr const char* kUnits[] = {"KB", "MB", "GB", "TB", "PB"};
}

std::string format_bytes(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) value /= 1024, ++unit;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %s", value, kUnits[unit]);
  return buffer;
}

std::string format_byte_limit(std::uint64_t bytes) {
  std::uint64_t multiple = 1024;
  std::size_t unit = 0;
  std::string best;
  for (; unit < std::size(kUnits) && bytes >= multiple && bytes % multiple == 0; ++unit, multiple *= 1024) {
    best = std::to_string(bytes / multiple) + " " + kUnits[unit];
  }
  return best.empty() ? format_bytes(bytes) : best;
}

}  // namespace news
