// Terminals and colour: the one place that asks whether a stream is a
// terminal and reads NO_COLOR (https://no-color.org) and TERM. Colour and
// terminal-ness are separate questions: NO_COLOR drops colour, never output.
#pragma once

namespace news {

enum class ColorWhen { auto_detect, always, never };

bool is_terminal(int fd);

// A terminal that understands "\r" and erase-line (TERM is not "dumb"): where
// a progress bar can redraw itself. NO_COLOR does not matter here.
bool can_redraw(int fd);

// `auto_detect`: `fd` is a terminal, NO_COLOR is unset or empty, TERM is not "dumb".
bool color_enabled(ColorWhen when, int fd);

// Columns to fit text in: the terminal's width when `fd` is one, else
// $COLUMNS, else 80.
int terminal_width(int fd);

// The locale says UTF-8 (LC_ALL, else LC_CTYPE, else LANG, as C does): whether
// Unicode block characters will show.
bool utf8_locale();

}  // namespace news
