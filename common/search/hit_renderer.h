// One match of a page turned into the Hit shown: its stored record read and
// checked, its entities named, its title and snippet highlighted. Each thread
// that renders hits has a renderer over a Xapian database of its own
// (Xapian's handles are not thread-safe; second_reader.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <xapian.h>

#include "index/entity_canonicals.h"
#include "search/query.h"
#include "search/search_result.h"
#include "search/snippet.h"

namespace news {

// What the match says about one hit, read from the MSet before the page is
// shared out between threads.
struct PageEntry {
  Xapian::docid docid = 0;
  std::size_t rank = 0;
  double score = 0;
  bool matched_all = false;
  std::optional<std::string> cluster;  // the collapse key when collapsing; else read from the record's slot
  std::uint64_t similar_count = 0;
  // With remote shards: the document the MSet fetched (one round trip for
  // the page, not one per hit). Only for the thread of the MSet's database.
  std::optional<Xapian::Document> document;
};

// A hit, or the one line saying why its record cannot be shown.
struct RenderedHit {
  std::optional<Hit> hit;
  std::string damaged;
};

struct HitRendering {
  const HighlightPlan* highlights = nullptr;
  bool snippets = true;
  const EntityCanonicals* canonicals = nullptr;
  std::function<std::string(const std::string&)> absolute_path;  // a record's path as shown
};

class HitRenderer {
 public:
  HitRenderer(const Xapian::Database& db, const HitRendering& how);

  // Throws Xapian::Error when the database cannot be read.
  RenderedHit render(const PageEntry& entry) const;

 private:
  Xapian::Database db_;
  const HitRendering& how_;
  SnippetBuilder snippets_;
};

}  // namespace news
