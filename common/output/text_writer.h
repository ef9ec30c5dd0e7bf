// The text writer: what a person reads at a terminal. The only place that
// knows about colours; highlights are [word] without them.
#pragma once

#include <string>
#include <vector>

#include "output/writer.h"

namespace news {

class TextWriter : public OutputWriter {
 public:
  TextWriter(const OutputStyle& style, const OutputTarget& target);
  void result(const SearchResult& result) override;
  void query_error(const std::string& query, const std::string& message) override;
  void stats(const IndexStats& stats) override;
  void entities(const std::vector<EntityCount>& entities) override;
  void article(const ShownArticle& article) override;
  void related(const RelatedEntities& related) override;
  void saved_searches(const std::vector<SavedSearchStatus>& searches) override;
  void saved(const SavedSearchStatus& search) override;

 private:
  void hits(const SearchResult& result);
  void hit(const Hit& hit);
  void facets(const FacetCounts& facets);
  void header(const SearchResult& result);
  void timeline(const Timeline& timeline);
  std::string title(const Hit& hit) const;
  OutputStyle style_;
  OutputTarget target_;
  std::ostream& out_;
};

}  // namespace news
