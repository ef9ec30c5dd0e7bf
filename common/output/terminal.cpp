#include "output/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>

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

int terminal_width(int fd) {
  winsize size{};
  if (is_terminal(fd) && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    const int n = std::atoi(columns);
    if (n > 0) return n;
  }
  return 80;
}

bool utf8_locale() {
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = std::getenv(name);
    if (!value || !*value) continue;
    std::string v(value);
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return v.find("utf-8") != std::string::npos || v.find("utf8") != std::string::npos;
  }
  return false;
}

}  // namespace news
