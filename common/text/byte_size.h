// The one way sizes are written for people, in warnings, progress and --stats:
// binary multiples with the short labels users type (1 MB = 1024 KB = 2^20
// bytes, the unit --max-file-size takes), so one file reads the same everywhere.
#pragma once

#include <cstdint>
#include <string>

namespace news {

// "17 bytes", "3.2 KB", "16.0 MB", "1.5 GB"
std::string format_bytes(std::uint64_t bytes);

// A limit as a user would have written it: "16 MB", "64 KB", "1000 bytes".
std::string format_byte_limit(std::uint64_t bytes);

}  // namespace news
