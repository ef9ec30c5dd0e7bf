// Test helper shared by the article and reader suites.
#pragma once

#include <string>

#include "ingest/article.h"

// An article's body paragraphs joined by " | ", to compare in one CHECK.
inline std::string body_text(const news::Article& a) {
  std::string out;
  for (auto r : a.body) {
    if (!out.empty()) out += " | ";
    out += a.slice(r);
  }
  return out;
}
