#include "output/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace news {

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

bool color_enabled(ColorWhen when, int fd) {
  if (when != ColorWhen::auto_detect) return when == ColorWhen::always;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return is_terminal(fd) && !(no_color && *no_color) && !(term && std::strcmp(term, "dumb") == 0);
}

}  // namespace news
