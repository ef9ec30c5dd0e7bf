// Ranked lists ("runs") of each engine in the TREC run layout, the common
// ground of the relevance benchmark: FTS5, Lucene and our `search` each end up
// as one run file that `relevance evaluate` scores (and trec_eval could too).
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include "metrics.h"

namespace relevance {

// `QUERY Q0 DOC RANK SCORE TAG` lines, in rank order. SCORE is minus the rank:
// trec_eval sorts by score and breaks ties by document id, so this keeps the
// engine's own order (our scores have three decimals and tie often).
void write_run(std::ostream& out, const Run& run, const std::string& tag);

// Reads that layout, ordering each query's documents by RANK. Throws
// std::runtime_error naming `source` and the line for a malformed line.
Run read_run(std::istream& in, const std::string& source);

// `search --batch` JSONL (with or without --ids), one line per query line:
// line N answers query N.
// Throws std::runtime_error naming `source` and the line for a line that is
// not JSON or carries an `error`, or when the line count differs from
// `queries`. A line with `corrected: true` (a spelling suggestion searched
// instead) is an error too: the benchmark runs with --no-autocorrect.
Run read_search_batch(std::istream& in, std::size_t queries, const std::string& source);

}  // namespace relevance
