// An article out of an HTML page, in three stages: the guard (html_guard.h)
// strips what gumbo cannot take, the extractor (html_extractor.h) walks the
// parse tree into paragraphs with the page chrome dropped, and the metadata
// reader (html_metadata.h) takes the title, date, canonical URL, author and
// site name from the usual meta tags. This file puts the article together.
#pragma once

#include <string>
#include <string_view>

#include "ingest/article.h"
#include "ingest/html_guard.h"

namespace news {

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
