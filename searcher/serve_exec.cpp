// `search`'s side of --serve: become search-serve, found beside this program.
#include "serve_mode.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <system_error>

#include "output/cli.h"

int run_serve_mode(const ServeFlags&, char** argv) {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  const std::filesystem::path server = (error ? std::filesystem::path(argv[0]).parent_path() : self.parent_path()) / "search-serve";
  execv(server.c_str(), argv);
  std::cerr << "search: --serve needs " << server.string() << " (installed beside search): " << std::strerror(errno) << "\n";
  return news::kExitError;
}
