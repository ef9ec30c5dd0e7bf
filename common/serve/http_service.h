// `search --serve`: the API (serve/search_api.h) and the web page
// (serve/web_assets.h) over HTTP/1.1 on cpp-httplib, a fixed pool of worker
// threads, until SIGINT or SIGTERM. Anything but GET/HEAD is refused, a body
// above a small limit too, and every error is a JSON body naming what was
// wrong; no file on disk is ever served.
#pragma once

#include <filesystem>
#include <ostream>

#include "search/search_index.h"
#include "serve/listen_address.h"

namespace news {

struct ServeOptions {
  ListenAddress where;
  unsigned threads = 32;
  std::filesystem::path index;
  OpenOptions open;
};

// Largest request body read before refusing it (413): the API takes none.
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;

// Serves until SIGINT/SIGTERM, then stops accepting, finishes the requests in
// flight and returns 0. `log` gets one line when listening and one when
// stopped. Throws IndexUnavailable (no index) or std::runtime_error naming the
// address (cannot listen there).
int serve(const ServeOptions& options, std::ostream& log);

}  // namespace news
