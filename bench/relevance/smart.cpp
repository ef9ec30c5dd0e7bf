#include "smart.h"

#include <sstream>
#include <stdexcept>
#include <string_view>

namespace relevance {

namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

std::runtime_error line_error(const std::string& source, int line, const std::string& what) {
  return std::runtime_error(source + ":" + std::to_string(line) + ": " + what);
}

// Appends one line of a field: an indented line starts a new paragraph (that
// is how both Cranfield and MEDLINE mark them), any other continues the last.
void append_line(std::string& field, std::string_view raw, bool paragraphs) {
  const std::string_view line = trim(raw);
  if (line.empty()) return;
  const bool indented = raw.front() == ' ' || raw.front() == '\t';
  if (!field.empty()) field += paragraphs && indented ? "\n\n" : " ";
  field += line;
}

}  // namespace

std::vector<SmartRecord> read_smart(std::istream& in, const std::string& source) {
  std::vector<SmartRecord> records;
  std::string raw;
  char field = 0;  // the field the current line belongs to
  for (int number = 1; std::getline(in, raw); ++number) {
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    // A field line is `.X` with an upper-case letter, alone or before the record number.
    if (raw.size() >= 2 && raw[0] == '.' && raw[1] >= 'A' && raw[1] <= 'Z' && (raw.size() == 2 || raw[2] == ' ')) {
      field = raw[1];
      if (field == 'I') {
        const std::string_view id = trim(std::string_view(raw).substr(2));
        if (id.empty()) throw line_error(source, number, "`.I` without a record number");
        records.push_back({std::string(id), {}, {}});
      }
      continue;
    }
    if (records.empty()) {
      if (trim(raw).empty()) continue;
      throw line_error(source, number, "text before the first `.I` record");
    }
    if (field == 'T') append_line(records.back().title, raw, false);
    if (field == 'W') append_line(records.back().text, raw, true);
  }
  return records;
}

Qrels read_qrels(std::istream& in, QrelsFormat format, const std::string& source) {
  Qrels qrels;
  std::string raw;
  for (int number = 1; std::getline(in, raw); ++number) {
    if (trim(raw).empty()) continue;
    std::istringstream fields(raw);
    std::string query, iteration, document;
    int grade = 0;
    const bool parsed = format == QrelsFormat::cranfield ? bool(fields >> query >> document >> grade)
                                                         : bool(fields >> query >> iteration >> document >> grade);
    if (!parsed) {
      throw line_error(
          source, number,
          format == QrelsFormat::cranfield ? "expected `QUERY DOC CODE`" : "expected `QUERY ITERATION DOC REL`");
    }
    int gain = grade;
    if (format == QrelsFormat::cranfield) {
      if (grade == -1) continue;  // judged not relevant
      if (grade < 1 || grade > 4)
        throw line_error(source, number, "relevance code " + std::to_string(grade) + " is not -1 or 1 to 4");
      gain = 5 - grade;
    }
    if (gain > 0) qrels[query][document] = gain;
  }
  return qrels;
}

}  // namespace relevance
