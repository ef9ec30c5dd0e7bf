// Where the shipped data files (furniture rules, gazetteer, aliases, synonyms)
// are found at run time, so users can edit them without recompiling.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace news {

// The folders searched, in order: $NEWS_DATA_DIR, share/newssearch beside the
// program's bin/ folder, the configured install folder, the source tree's data/.
std::vector<std::string> data_dirs();

// The full path of a data file; throws std::runtime_error naming every folder
// it looked in when none holds the file.
std::string find_data_file(std::string_view name);

// The whole file; throws std::runtime_error naming the file when unreadable.
std::string read_file(const std::string& path);

// The lines of a data file that say something: trimmed, without blank lines
// and comment lines. A comment is a line whose first non-blank character is
// '#'; a '#' later in a line is data ("C#", "#MeToo").
struct DataLine {
  int number = 0;  // 1-based, for messages naming the line
  std::string_view text;
};
std::vector<DataLine> data_lines(std::string_view content);

}  // namespace news
