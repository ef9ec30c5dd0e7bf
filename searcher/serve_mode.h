// `search --serve`, kept out of the plain `search` program: cpp-httplib as
// Debian builds it brings OpenSSL and Brotli, which cost every command-line
// search about 1.8 ms of dynamic loading for a mode it never uses. So
// `search` hands --serve to `search-serve` (the same program with the server
// linked in), installed beside it, with the same arguments.
#pragma once

#include <filesystem>
#include <string>

#include "search/search_index.h"

struct ServeFlags {
  std::string listen;
  unsigned threads = 32;
  std::filesystem::path index;
  news::OpenOptions open;
};

// Runs the server (search-serve) or replaces this process with search-serve
// (search); returns an exit status only when it could do neither.
int run_serve_mode(const ServeFlags& flags, char** argv);
