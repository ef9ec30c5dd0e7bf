// What a page says about itself, as opposed to its text: the <title>, the
// date (meta tags, JSON-LD, <time>), canonical URL, author and site name.
// The reader is fed elements by the extractor's walk (html_extractor.h), so
// one pass over the tree serves both. Internal to the HTML reader.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news::html {

struct PageMeta {
  std::vector<std::pair<std::string, std::string>> dates;  // meta key (lower case), value
  std::string json_ld_date;
  std::string time_date;
  std::string title;
  std::string og_url;
  std::string canonical;
  std::string author;
  std::string site_name;
};

// <title>, <meta>, <link> and <script>: elements that carry metadata and never
// article text.
bool is_metadata_tag(GumboTag tag);

class PageMetaReader {
 public:
  // An element of is_metadata_tag().
  void read_metadata_element(const GumboNode* element);
  // An element the walk keeps as content: microdata (itemprop=datePublished),
  // and the first <time> inside <article> or <main>.
  void read_content_element(const GumboNode* element, bool inside_article);

  PageMeta meta;

 private:
  void read_meta(const GumboNode* element);
  void read_link(const GumboNode* element);
  void read_json_ld(const GumboNode* element);
  void read_date_element(const GumboNode* element, const char* key);
};

// The first date that parses, in the order html_reader.h documents; empty
// when none does.
std::string published_date(const PageMeta& meta);

// og:url, else the canonical link.
const std::string& page_url(const PageMeta& meta);

// "Russia warns Japan | The Japan Times" -> {"Russia warns Japan", "The Japan Times"}.
// Only the last separator counts, and only when what follows it looks like a
// site name: the page's og:site_name, or a short tail after a longer title.
std::pair<std::string, std::string> split_site_suffix(const std::string& title, std::string_view site_name);

}  // namespace news::html
