// Everything the programs print on standard output goes through one
// OutputWriter, chosen once from --format (notmuch's "structured printer"):
// search results in the chosen view, per-query errors, index stats and entity
// lists. `text` is for a person at a terminal (colour only when asked for),
// `json` one pretty value, `jsonl` one compact value per line (batch mode). The
// JSON shape is documented in docs/json-output.md and is a stable interface.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "search/index_stats.h"
#include "search/related_entities.h"
#include "search/saved_searches.h"
#include "search/search_result.h"

namespace news {

enum class OutputFormat { text, json, jsonl };

// What each search result is shown as: the hits, or only --count, or only --ids.
enum class ResultView { hits, count, ids };

struct OutputStyle {
  OutputFormat format = OutputFormat::text;
  ResultView view = ResultView::hits;
  bool color = false;          // text: ANSI bold/colour; else matches are shown as [word]
  bool show_entities = false;  // text: list each hit's entities under it
  bool unicode = false;        // text: charts in Unicode blocks (a UTF-8 locale, colour not refused), else ASCII
  int width = 80;              // text: columns a chart may fill
};

// Where output goes. A result's warnings are also written to `notices` as one
// line each, "<program>: <warning>" (null: --quiet); JSON carries them too.
// `corrections` gets, in the --count and --ids text views, the one line that
// says a corrected query was searched instead of the one given: it is part of
// the answer, so --quiet leaves it (null: nowhere).
struct OutputTarget {
  std::ostream& out;
  std::ostream* notices = nullptr;
  std::string program;
  std::ostream* corrections = nullptr;
};

class OutputWriter {
 public:
  virtual ~OutputWriter() = default;
  virtual void result(const SearchResult& result) = 0;
  // A query that could not run (batch mode goes on after it).
  virtual void query_error(const std::string& query, const std::string& message) = 0;
  virtual void stats(const IndexStats& stats) = 0;
  virtual void entities(const std::vector<EntityCount>& entities) = 0;
  // One article whole (search --show).
  virtual void article(const ShownArticle& article) = 0;
  // search --related ENTITY.
  virtual void related(const RelatedEntities& related) = 0;
  // search --saved (every saved search), and --save NAME (the one saved).
  virtual void saved_searches(const std::vector<SavedSearchStatus>& searches) = 0;
  virtual void saved(const SavedSearchStatus& search) = 0;
};

std::unique_ptr<OutputWriter> make_output_writer(const OutputStyle& style, const OutputTarget& target);

// A result's warnings to the notice stream, one line each.
void write_notices(const OutputTarget& target, const SearchResult& result);

// `search: searched "Kishida" instead of "Kishda"` to the corrections stream,
// when the result is of a corrected query.
void write_correction(const OutputTarget& target, const SearchResult& result);

}  // namespace news
