#include "ingest/html_reader.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "ingest/furniture.h"
#include "ingest/html_extractor.h"
#include "ingest/html_metadata.h"
#include "ingest/html_names.h"
#include "ingest/html_tree.h"

namespace news {

namespace {

using html::HtmlParagraph;

// The headline (see parse_html), taken out of `paragraphs` when it is one of them.
std::string take_title(html::ExtractedPage& page, const html::PageMeta& meta) {
  auto [headline, site_suffix] = html::split_site_suffix(meta.title, meta.site_name);
  std::vector<HtmlParagraph>& paragraphs = page.paragraphs;
  const std::string& h1 = page.h1;
  if (!h1.empty() && !html::iequals(h1, meta.site_name) && !html::iequals(h1, site_suffix)) {
    auto it = std::find_if(paragraphs.begin(), paragraphs.end(), [](const HtmlParagraph& p) { return p.is_h1; });
    if (it != paragraphs.end()) paragraphs.erase(it);
    return h1;
  }
  if (!headline.empty()) return std::move(headline);
  if (paragraphs.empty()) return {};
  std::string title = std::move(paragraphs.front().text);
  paragraphs.erase(paragraphs.begin());
  return title;
}

}  // namespace

Article parse_html(std::string_view page, std::string id, std::string source_path) {
  Article article;
  article.id = std::move(id);
  article.source_path = std::move(source_path);

  std::string safe_copy;
  const html::GumboTree tree(gumbo_safe_html(page, safe_copy));
  if (!tree.output || !tree.output->document) return article;
  html::PageMeta meta;
  html::ExtractedPage extracted = html::extract_page(tree.output->document, &meta);

  article.date = html::published_date(meta);
  article.url = html::page_url(meta);
  article.author = meta.author;
  article.source = meta.site_name;

  const std::string title = take_title(extracted, meta);
  std::size_t size = title.size();
  for (const HtmlParagraph& p : extracted.paragraphs) size += 2 + p.text.size();
  article.text.reserve(size);
  article.text = title;
  article.title = {0, static_cast<std::uint32_t>(title.size())};
  const FurnitureFilter& furniture = FurnitureFilter::standard();
  for (const HtmlParagraph& p : extracted.paragraphs) {
    const TextRange paragraph = append_paragraph(article.text, p.text);
    const TextRange content = furniture.content_of_line(article.text, paragraph);
    if (!content.empty()) article.body.push_back(content);
  }
  return article;
}

}  // namespace news
