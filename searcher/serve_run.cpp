// search-serve's side of --serve and --batch: the HTTP server itself, and batches run here.
#include "serve_mode.h"

#include <iostream>
#include <stdexcept>

#include "output/cli.h"
#include "serve/http_service.h"

int run_serve_mode(const ServeFlags& flags, char**) {
  news::ServeOptions options;
  try {
    options.where = news::parse_listen_address(flags.listen);
  } catch (const std::invalid_argument& e) {
    std::cerr << "search: " << e.what() << "\n";
    return news::kExitError;
  }
  options.threads = flags.threads;
  options.index = flags.index;
  options.open = flags.open;
  return news::serve(options, std::cerr);
}

void hand_over_batch(char**) {}
