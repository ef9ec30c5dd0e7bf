// An article out of an HTML page: the gumbo parse tree walked once, the page's
// chrome (scripts, styles, navigation, headers and footers, share and cookie
// boxes, ads) dropped, each block element's text one paragraph, and the title,
// date, canonical URL, author and site name taken from the usual meta tags.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ingest/article.h"

namespace news {

// gumbo's tree building is quadratic in the depth of unclosed elements (100,000
// nested <div>s take 20 s), so pages nested deeper than this are refused
// before parsing. Real pages stay under 100.
inline constexpr std::size_t kMaxHtmlNestingDepth = 1000;

// A cheap upper-bound estimate of how deep `html`'s elements nest, from its
// tags alone: void elements and those with optional end tags (p, li, td...)
// do not count. Stops counting once past `stop_after`.
std::size_t estimated_nesting_depth(std::string_view html, std::size_t stop_after = kMaxHtmlNestingDepth);

// `html` must be UTF-8. The article's text is the title, a blank line, and the
// paragraphs separated by blank lines; furniture paragraphs are kept in the
// text but left out of the body ranges, as for plain text. When the page has
// neither text nor title the article's text is empty.
//
// Title: the first <h1> outside the page chrome, as the headline the reader
// sees; <title> when there is no <h1> (or the <h1> is just the site name),
// with a trailing " | Site Name" or " - Site Name" cut off; else the first
// paragraph. Date: the first that parses of the meta tags
// article:published_time, og:published_time, date, dc.date, dc.date.issued,
// dcterms.date, pubdate, itemprop=datePublished; then a JSON-LD
// "datePublished"; then the first <time> (its datetime attribute, or its
// text) inside <article> or <main>.
Article parse_html(std::string_view html, std::string id, std::string source_path);

}  // namespace news
