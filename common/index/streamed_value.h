// One value slot of a database read in document order, for documents asked
// for in increasing order: one forward walk of the slot's value stream, where
// Document::get_value() per document looks its chunk up afresh each time.
#pragma once

#include <string>

#include <xapian.h>

namespace news {

class StreamedValue {
 public:
  StreamedValue(const Xapian::Database& db, Xapian::valueno slot)
      : it_(db.valuestream_begin(slot)), end_(db.valuestream_end(slot)) {}
  // The document's value, empty when it has none; `doc` never below the last one asked for.
  std::string at(Xapian::docid doc) {
    if (it_ != end_ && it_.get_docid() < doc) it_.skip_to(doc);
    return it_ != end_ && it_.get_docid() == doc ? *it_ : std::string();
  }

 private:
  Xapian::ValueIterator it_, end_;
};

}  // namespace news
