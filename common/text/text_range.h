// A byte range [begin, end) into a UTF-8 text: how articles, tokens, titles
// and snippets point into the text they came from without copying it.
#pragma once

#include <cstdint>

namespace news {

struct TextRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;  // one past the last byte
  bool empty() const { return end <= begin; }
  std::uint32_t size() const { return empty() ? 0 : end - begin; }
  friend bool operator==(const TextRange&, const TextRange&) = default;
};

}  // namespace news
