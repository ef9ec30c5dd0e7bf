// Page furniture: the lines a crawler leaves around an article ("Login",
// "Posted 113 days ago", "(Read more)", "Copyright 2024,"). They are never
// indexed nor shown in a snippet. The patterns live in data/furniture.txt so
// that a new site's furniture is added without touching C++.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/article.h"

namespace news {

class FurnitureFilter {
 public:
  // The built-in patterns (the same as the shipped data/furniture.txt).
  static const FurnitureFilter& standard();
  // Patterns from a file: "line <regex>" removes a whole matching line,
  // "suffix <regex>" cuts a matching tail off a line. '#' starts a comment.
  static FurnitureFilter from_file(const std::string& path);
  static FurnitureFilter from_rules(std::string_view rules, const std::string& origin);

  FurnitureFilter(FurnitureFilter&&) noexcept;
  FurnitureFilter& operator=(FurnitureFilter&&) noexcept;
  ~FurnitureFilter();

  // The part of `line` that is content: an empty range when the whole line is
  // furniture, or the line with a furniture tail cut off.
  TextRange content_of_line(std::string_view text, TextRange line) const;

 private:
  FurnitureFilter();
  struct Rules;
  std::unique_ptr<Rules> rules_;
};

}  // namespace news
