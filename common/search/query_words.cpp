#include "search/query_words.h"

#include "text/analyser.h"
#include "text/data_files.h"

namespace news {

namespace {

// Every whitespace-separated word of a data file, normalised as query words are.
std::unordered_set<std::string> words_of(std::string_view file) {
  std::unordered_set<std::string> words;
  for (const DataLine& line : data_lines(read_file(find_data_file(file)))) {
    std::size_t start = 0;
    const std::string_view text = line.text;
    while (start < text.size()) {
      const std::size_t space = std::min(text.find_first_of(" \t", start), text.size());
      if (space > start) {
        if (std::string word = Analyser::normalise(text.substr(start, space - start)); !word.empty()) {
          words.insert(std::move(word));
        }
      }
      start = space + 1;
    }
  }
  return words;
}

}  // namespace

QueryWordLists::QueryWordLists() : stop_words_(words_of("stop_words.txt")), common_words_(words_of("common_words.txt")) {}

const QueryWordLists& QueryWordLists::get() {
  static const QueryWordLists lists;
  return lists;
}

}  // namespace news
