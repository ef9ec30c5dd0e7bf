// The word lists the query language reads words against: stop words, which
// are neither weighed nor highlighted outside a phrase (data/stop_words.txt),
// and everyday words, which in capitals name something else (US, IT, WHO:
// data/common_words.txt with the stop words). Loaded once per process.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace news {

class QueryWordLists {
 public:
  // The lists of the data folder (text/data_files.h); throws std::runtime_error
  // naming a missing or unreadable file.
  static const QueryWordLists& get();

  // `term` is a normalised word (Analyser::normalise).
  bool is_stop_word(const std::string& term) const { return stop_words_.contains(term); }
  bool is_common_word(const std::string& term) const { return stop_words_.contains(term) || common_words_.contains(term); }

 private:
  QueryWordLists();
  std::unordered_set<std::string> stop_words_;
  std::unordered_set<std::string> common_words_;
};

}  // namespace news
