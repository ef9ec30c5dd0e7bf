// The extractor: gumbo's tree of a page walked once into its title candidate
// (the first <h1>) and paragraphs, one per block element, with the page chrome
// (scripts, navigation, headers and footers, share and cookie boxes, ads,
// hidden elements) dropped. Also the entry point for HTML fragments, such as
// the HTML inside a feed item's <description>.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/text_range.h"

struct GumboInternalNode;  // gumbo's GumboNode: only html_*.cpp include gumbo.h

namespace news {

// A fragment's text: its paragraphs separated by blank lines, and where each
// paragraph lies in it.
struct HtmlText {
  std::string text;
  std::vector<TextRange> paragraphs;
};

// `html` must be UTF-8; it may be a whole page or a fragment ("<p>a</p>b").
// Chrome is dropped as for pages; metadata elements (<title>, <meta>) give
// no text. Furniture (furniture.h) is the caller's to apply to the ranges.
HtmlText html_fragment_text(std::string_view html);

// Appends `paragraph` to `text` after a blank line (none when `text` is
// empty) and returns its range: how HTML paragraphs become text.
TextRange append_paragraph(std::string& text, std::string_view paragraph);

namespace html {

class PageMetaReader;
struct PageMeta;

struct HtmlParagraph {
  std::string text;
  bool is_h1 = false;
};

struct ExtractedPage {
  std::vector<HtmlParagraph> paragraphs;
  std::string h1;  // the first non-empty <h1> outside the chrome, also one of the paragraphs
};

// The walk of a parsed page. It first drops chrome by class, id and role words
// too (and <form>); when that leaves no body text (an "ad-free" wrapper, an
// ASP.NET page inside one big <form>), it walks again without them. `meta`,
// when given, gets the metadata met by the walk that was kept.
ExtractedPage extract_page(const GumboInternalNode* document, PageMeta* meta);

}  // namespace html

}  // namespace news
