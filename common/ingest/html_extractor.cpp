#include "ingest/html_extractor.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "ingest/html_guard.h"
#include "ingest/html_metadata.h"
#include "ingest/html_names.h"
#include "ingest/html_tree.h"

namespace news {

namespace html {

namespace {

// The page chrome that never holds article text.
bool is_dropped_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_NAV:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_APPLET:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_MENU:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_NOEMBED:
      return true;
    default:
      return false;
  }
}

// Elements that flow inside a paragraph; every other element (and unknown,
// custom ones) starts and ends one.
bool is_inline(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_ACRONYM: case GUMBO_TAG_B: case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO: case GUMBO_TAG_BIG: case GUMBO_TAG_BLINK: case GUMBO_TAG_CITE: case GUMBO_TAG_CODE:
    case GUMBO_TAG_DATA: case GUMBO_TAG_DEL: case GUMBO_TAG_DFN: case GUMBO_TAG_EM: case GUMBO_TAG_FONT:
    case GUMBO_TAG_I: case GUMBO_TAG_IMG: case GUMBO_TAG_IMAGE: case GUMBO_TAG_INS: case GUMBO_TAG_KBD:
    case GUMBO_TAG_LABEL: case GUMBO_TAG_MARK: case GUMBO_TAG_NOBR: case GUMBO_TAG_Q: case GUMBO_TAG_RB:
    case GUMBO_TAG_RP: case GUMBO_TAG_RT: case GUMBO_TAG_RTC: case GUMBO_TAG_RUBY: case GUMBO_TAG_S:
    case GUMBO_TAG_SAMP: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN: case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_STRONG: case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_TIME: case GUMBO_TAG_TT:
    case GUMBO_TAG_U: case GUMBO_TAG_VAR: case GUMBO_TAG_WBR: case GUMBO_TAG_METER: case GUMBO_TAG_PROGRESS:
    case GUMBO_TAG_OUTPUT: case GUMBO_TAG_INPUT: case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK:
    case GUMBO_TAG_AREA: case GUMBO_TAG_MAP: case GUMBO_TAG_SPACER:
      return true;
    default:
      return false;
  }
}

// Words in class and id values that mark page chrome. Whole tokens only (the
// value is split at anything not a letter or digit), so "header" or "download"
// never match "ad".
constexpr std::array<std::string_view, 30> kChromeTokens = {
    "nav",      "navbar",     "navigation", "menu",     "breadcrumb", "breadcrumbs", "share",   "sharing",
    "social",   "cookie",     "cookies",    "consent",  "gdpr",       "related",     "comment", "comments",
    "advert",   "adverts",    "advertisement", "advertising", "ad",   "ads",         "sponsored", "promo",
    "newsletter", "sidebar",  "popup",      "modal",    "subscribe",  "outbrain"};
constexpr std::array<std::string_view, 10> kChromeRoles = {"navigation", "menu",   "menubar", "menuitem",
                                                           "banner",     "search", "dialog",  "alertdialog",
                                                           "contentinfo", "complementary"};

bool is_hidden(const GumboNode* element) {
  if (has_attribute(element, "hidden") || iequals(attribute(element, "aria-hidden"), "true")) return true;
  std::string style;
  for (char c : attribute(element, "style")) {
    if (c != ' ') style.push_back(lower(c));
  }
  return style.find("display:none") != std::string::npos;
}

// One walk over the parse tree, collecting paragraphs and the first <h1>, and
// handing metadata elements to `metadata` when there is one.
class Walk {
 public:
  // `strict`: also drop elements by class/id/role words and drop <form>.
  Walk(bool strict, PageMetaReader* metadata) : strict_(strict), metadata_(metadata) {}

  ExtractedPage run(const GumboNode* document) {
    struct Frame {
      const GumboNode* node;
      unsigned next_child;
    };
    std::vector<Frame> stack;
    if (enter(document)) stack.push_back({document, 0});
    while (!stack.empty()) {
      Frame& top = stack.back();
      const GumboVector& children = children_of(top.node);
      if (top.next_child < children.length) {
        const auto* child = static_cast<const GumboNode*>(children.data[top.next_child++]);
        if (enter(child)) stack.push_back({child, 0});
      } else {
        leave(top.node);
        stack.pop_back();
      }
    }
    flush(false);
    return std::move(page_);
  }

 private:
  // Handles a node on the way down; true when its children are to be walked.
  bool enter(const GumboNode* node) {
    if (node->type == GUMBO_NODE_DOCUMENT) return true;
    if (is_text(node)) {
      append_collapsed(paragraph_, pending_space_, node->v.text.text);
      return false;
    }
    if (node->type != GUMBO_NODE_ELEMENT || node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) return false;
    const GumboTag tag = node->v.element.tag;
    if (is_metadata_tag(tag)) {
      if (metadata_) metadata_->read_metadata_element(node);
      return false;
    }
    switch (tag) {
      case GUMBO_TAG_BR:
      case GUMBO_TAG_HR:
        flush(false);
        return false;
      case GUMBO_TAG_HEADER:
        // The page header is chrome; an article's own header holds its headline.
        if (article_depth_ == 0) return false;
        break;
      case GUMBO_TAG_FORM:
        if (strict_) return false;
        break;
      default:
        break;
    }
    if (is_dropped_tag(tag) || is_hidden(node)) return false;
    const bool container = tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_ARTICLE ||
                           tag == GUMBO_TAG_MAIN;
    if (strict_ && !container &&
        (has_token(attribute(node, "class"), kChromeTokens) || has_token(attribute(node, "id"), kChromeTokens) ||
         has_token(attribute(node, "role"), kChromeRoles))) {
      return false;
    }
    if (tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN) ++article_depth_;
    if (metadata_) metadata_->read_content_element(node, article_depth_ > 0);
    if (!is_inline(tag)) flush(false);
    if (tag == GUMBO_TAG_H1 && !h1_node_) h1_node_ = node;
    return true;
  }

  void leave(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return;
    const GumboTag tag = node->v.element.tag;
    if (!is_inline(tag)) flush(node == h1_node_);
    if (node == h1_node_ && page_.h1.empty()) h1_node_ = nullptr;  // an empty (logo image) <h1>: try the next
    if (tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN) --article_depth_;
  }

  // Ends the current paragraph. Blocks inside the headline (<h1><span
  // class=block>) do not split it.
  void flush(bool closing_h1) {
    if (h1_node_ && page_.h1.empty() && !closing_h1) {
      pending_space_ = !paragraph_.empty();
      return;
    }
    if (!paragraph_.empty()) {
      if (closing_h1) page_.h1 = paragraph_;
      page_.paragraphs.push_back({std::move(paragraph_), closing_h1});
    }
    paragraph_.clear();
    pending_space_ = false;
  }

  bool strict_;
  PageMetaReader* metadata_;
  ExtractedPage page_;
  int article_depth_ = 0;
  const GumboNode* h1_node_ = nullptr;
  std::string paragraph_;
  bool pending_space_ = false;
};

bool has_body_text(const ExtractedPage& page) {
  return std::any_of(page.paragraphs.begin(), page.paragraphs.end(), [](const HtmlParagraph& p) { return !p.is_h1; });
}

}  // namespace

ExtractedPage extract_page(const GumboInternalNode* document, PageMeta* meta) {
  PageMetaReader strict_meta;
  ExtractedPage page = Walk(/*strict=*/true, meta ? &strict_meta : nullptr).run(document);
  if (!has_body_text(page)) {
    PageMetaReader lenient_meta;
    ExtractedPage lenient = Walk(/*strict=*/false, meta ? &lenient_meta : nullptr).run(document);
    if (has_body_text(lenient)) {
      page = std::move(lenient);
      strict_meta = std::move(lenient_meta);
    }
  }
  if (meta) *meta = std::move(strict_meta.meta);
  return page;
}

}  // namespace html

TextRange append_paragraph(std::string& text, std::string_view paragraph) {
  if (!text.empty()) text += "\n\n";
  const auto begin = static_cast<std::uint32_t>(text.size());
  text += paragraph;
  return {begin, static_cast<std::uint32_t>(text.size())};
}

HtmlText html_fragment_text(std::string_view fragment) {
  HtmlText out;
  std::string safe_copy;
  const html::GumboTree tree(gumbo_safe_html(fragment, safe_copy));
  if (!tree.output || !tree.output->document) return out;
  for (const html::HtmlParagraph& p : html::extract_page(tree.output->document, nullptr).paragraphs) {
    out.paragraphs.push_back(append_paragraph(out.text, p.text));
  }
  return out;
}

}  // namespace news
