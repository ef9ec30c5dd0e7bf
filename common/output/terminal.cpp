#include "output/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace news {

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

namespace {
bool dumb_terminal() {
  const char* term = std::getenv("TERM");
  return term && std::strcmp(term, "dumb") == 0;
}
}  // namespace

bool can_redraw(int fd) { return is_terminal(fd) && !dumb_terminal(); }

bool color_enabled(ColorWhen when, int fd) {
  if (when != ColorWhen::auto_detect) return when == ColorWhen::always;
  const char* no_color = std::getenv("NO_COLOR");
  return can_redraw(fd) && !(no_color && *no_color);
}

}  // namespace news
