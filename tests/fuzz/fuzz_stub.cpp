// The index stub reader (index/index_layout.h read_stub_file) on any file:
// entries or one std::runtime_error, never a crash; remote ports in range.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "index/index_layout.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path stub =
      std::filesystem::temp_directory_path() / ("news-fuzz-stub-" + std::to_string(::getpid()));
  {
    std::ofstream out(stub, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    for (const news::StubEntry& entry : news::read_stub_file(stub)) {
      if (entry.kind == news::StubEntry::Kind::remote) {
        fuzz::expect(entry.port > 0 && entry.port <= 65535, "remote port out of range");
      } else {
        fuzz::expect(entry.path.is_absolute(), "local database path not absolute");
      }
    }
  } catch (const std::runtime_error&) {
  }
  std::filesystem::remove(stub);
  return 0;
}
