// Xapian numbers the documents of a Database made of n databases by
// interleaving them: local document `d` of the database in place `p`
// (0-based) is merged document (d - 1) * n + p + 1. Spies see the local
// numbers (Xapian 1.4), results the merged ones.
#pragma once

#include <cstddef>

#include <xapian.h>

namespace news {

struct LocalDocid {
  std::size_t place = 0;  // which database, 0-based
  Xapian::docid docid = 0;
};

inline LocalDocid local_docid(Xapian::docid merged, std::size_t databases) {
  return {(merged - 1) % databases, static_cast<Xapian::docid>((merged - 1) / databases + 1)};
}

inline Xapian::docid merged_docid(LocalDocid local, std::size_t databases) {
  return static_cast<Xapian::docid>((local.docid - 1) * databases + local.place + 1);
}

}  // namespace news
