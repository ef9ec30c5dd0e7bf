// Names that come from outside (file names, article ids, feed ids, queries)
// may hold newlines or terminal escape sequences: printed raw they split
// line-based output (--ids, --verbose, warnings) into false lines, or recolour
// and retitle the terminal. printable() is how every such name is written to a
// terminal or to a line of text (JSON output has its own escaping).
//
// The escape form (as in C, and `ls -b`):
//   \n \r \t                     for those three bytes
//   \\                           for a backslash, so that the form is unambiguous
//   \xHH                         every other C0 control (0x00-0x1F), DEL (0x7F),
//                                and each byte that is not part of valid UTF-8
//   \u{HHHH}                     C1 controls (U+0080-U+009F), the line and paragraph
//                                separators (U+2028, U+2029) and the bidirectional
//                                controls (U+202A-U+202E, U+2066-U+2069), which
//                                reorder how the text after them is shown
// Everything else, including all other UTF-8, is kept as it is.
#pragma once

#include <string>
#include <string_view>

namespace news {

std::string printable(std::string_view name);

}  // namespace news
