// The long-running modes, kept out of the plain `search` program, which a
// person at a terminal starts once per query:
// - `--serve`: cpp-httplib as Debian builds it brings OpenSSL and Brotli,
//   which cost every command-line search about 1.8 ms of dynamic loading for a
//   mode it never uses;
// - `--batch`: jemalloc makes a query's many small allocations about 7% faster,
//   but loading and starting it costs every process 0.4-0.5 ms, a tenth of a
//   one-shot search.
// So `search` hands both to `search-serve` (the same program with the server
// and jemalloc linked in), installed beside it, with the same arguments.
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
// --batch: replaces this process with search-serve (search), or returns to run
// the batch here (search-serve, or a search without search-serve beside it:
// the same answers, a little slower).
void hand_over_batch(char** argv);
