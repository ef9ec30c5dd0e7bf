// `search`'s side of --serve and --batch: become search-serve, found beside this program.
#include "serve_mode.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <system_error>

#include "output/cli.h"

namespace {

std::filesystem::path search_serve(char** argv) {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return (error ? std::filesystem::path(argv[0]).parent_path() : self.parent_path()) / "search-serve";
}

}  // namespace

int run_serve_mode(const ServeFlags&, char** argv) {
  const std::filesystem::path server = search_serve(argv);
  execv(server.c_str(), argv);
  std::cerr << "search: --serve needs " << server.string() << " (installed beside search): " << std::strerror(errno) << "\n";
  return news::kExitError;
}

void hand_over_batch(char** argv) { execv(search_serve(argv).c_str(), argv); }
