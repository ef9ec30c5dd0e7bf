// More like this (search --like ID): the articles nearest one article, found
// with Xapian's relevance feedback. The article is the relevance set (RSet);
// its most telling words and, separately, its most telling entities come from
// the expansion set (ESet, Xapian's TradEWeight). A similar article has one of
// the words; every term adds weight by its share of the best expansion weight
// (entities by kLikeEntityWeight times theirs). The article's own story
// cluster is left out, so copies of it never come back as "similar".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

namespace news {

inline constexpr unsigned kLikeWordTerms = 20;    // expansion words kept
inline constexpr unsigned kLikeEntityTerms = 8;   // expansion entities kept
// An entity shared says more about "the same subject" than a word shared.
inline constexpr double kLikeEntityWeight = 1.5;

struct LikeQuery {
  Xapian::Query query;              // the weighted terms, without the article's cluster
  std::string title;                // the article's, for the header
  std::vector<std::string> words;   // the word terms chosen (Z prefix), for highlighting
};

// Nullopt when the index has no article with this id.
std::optional<LikeQuery> like_query(const Xapian::Database& db, const std::string& id);

}  // namespace news
