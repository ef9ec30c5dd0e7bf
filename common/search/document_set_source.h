// A posting source that matches a given set of documents of one database,
// with weight 0: restricting a boolean query to a page's articles without a
// term per article (each an id-term lookup and a value read, two block reads
// or more apiece). Xapian cannot send it to a remote shard, so it is for
// local databases only.
#pragma once
#include <string>
#include <vector>
#include <xapian.h>

namespace news {

class DocumentSetSource : public Xapian::PostingSource {
 public:
  explicit DocumentSetSource(std::vector<Xapian::docid> docids);  // sorted here; duplicates dropped

  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(docids_.size()); }
  Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(docids_.size()); }
  void init(const Xapian::Database& db) override;
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return started_ && at_ == docids_.size(); }
  Xapian::docid get_docid() const override { return docids_[at_]; }
  DocumentSetSource* clone() const override { return new DocumentSetSource(docids_); }
  std::string get_description() const override;

 private:
  std::vector<Xapian::docid> docids_;
  std::size_t at_ = 0;
  bool started_ = false;
};

}  // namespace news
