#include "search/document_set_source.h"

#include <algorithm>

namespace news {

DocumentSetSource::DocumentSetSource(std::vector<Xapian::docid> docids) : docids_(std::move(docids)) {
  std::sort(docids_.begin(), docids_.end());
  docids_.erase(std::unique(docids_.begin(), docids_.end()), docids_.end());
}

void DocumentSetSource::init(const Xapian::Database&) {
  at_ = 0;
  started_ = false;
}

void DocumentSetSource::next(double) {
  if (started_) {
    ++at_;
  } else {
    started_ = true;
  }
}

void DocumentSetSource::skip_to(Xapian::docid did, double) {
  started_ = true;
  at_ = static_cast<std::size_t>(std::lower_bound(docids_.begin() + static_cast<std::ptrdiff_t>(at_), docids_.end(), did) -
                                 docids_.begin());
}

std::string DocumentSetSource::get_description() const {
  return "DocumentSetSource(" + std::to_string(docids_.size()) + " documents)";
}

}  // namespace news
