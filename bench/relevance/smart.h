// The classic test collections (Cranfield, MEDLINE, CISI, ...) in the SMART
// format, read into documents, queries and judgments for the relevance
// benchmark (bench/relevance.sh). Records start with `.I N`; fields follow as
// `.T`, `.A`, `.B`, `.W`, each running until the next field line.
#pragma once

#include <istream>
#include <map>
#include <string>
#include <vector>

namespace relevance {

struct SmartRecord {
  std::string id;     // the `.I` value as written ("001" stays "001")
  std::string title;  // `.T`, one line; empty when the collection has none
  std::string text;   // `.W`: paragraphs (lines that start indented) joined by "\n\n"
};

// Every record of a SMART file, in file order. `.A`, `.B` and unknown fields
// are dropped; CRLF line ends are fine. Throws std::runtime_error naming
// `source` and the line for text before the first `.I`.
std::vector<SmartRecord> read_smart(std::istream& in, const std::string& source);

// How a judgment file writes relevance, and the gain each judgment gets.
enum class QrelsFormat {
  cranfield,  // `QUERY DOC CODE`: Cleverdon's codes 1 (complete answer) to 4, -1 not relevant; gain 5 - code
  trec,       // `QUERY ITERATION DOC REL`: gain REL, 0 or below not relevant
};

// query number -> document id -> gain (> 0): only the relevant documents.
using Qrels = std::map<std::string, std::map<std::string, int>>;

// Throws std::runtime_error naming `source` and the line for a malformed line
// or a Cranfield code outside -1 and 1..4.
Qrels read_qrels(std::istream& in, QrelsFormat format, const std::string& source);

}  // namespace relevance
