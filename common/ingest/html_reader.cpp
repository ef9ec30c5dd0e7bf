#include "ingest/html_reader.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "text/dates.h"
#include "text/text_util.h"
#include "ingest/furniture.h"

namespace news {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }
bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lower(x) == lower(y);
         });
}

template <std::size_t N>
bool is_one_of(std::string_view s, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

// ---------------------------------------------------------------------------
// Nesting estimate, on the raw text.

constexpr std::array<std::string_view, 45> kNotNesting = {
    // void elements
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen", "command", "basefont", "bgsound", "frame", "image", "isindex", "spacer",
    // end tag optional: the parser closes them itself
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb", "rt", "rtc",
    "rp", "colgroup", "caption", "html", "head", "body"};
constexpr std::array<std::string_view, 8> kRawText = {"script",  "style",   "textarea", "title",
                                                      "xmp",     "iframe",  "noembed",  "noframes"};

// The position just past "</name ...>" (case-insensitive), or npos. Ends
// no later than the HTML tokenizer would (which wants whitespace, '/' or '>'
// after the name), so nothing it sees as a tag is skipped.
std::size_t end_of_raw_text(std::string_view html, std::size_t from, std::string_view name) {
  for (std::size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
    const std::size_t after_name = i + 2 + name.size();
    if (iequals(html.substr(i + 2, name.size()), name) && (after_name >= html.size() || !is_alnum(html[after_name]))) {
      const std::size_t gt = html.find('>', i);
      return gt == std::string_view::npos ? gt : gt + 1;
    }
  }
  return std::string_view::npos;
}

// The position just past a comment starting at `at` ("<!--"), or npos. The
// tokenizer ends comments at "-->", "--!>", and right away in "<!-->" and "<!--->".
std::size_t end_of_comment(std::string_view html, std::size_t at) {
  const std::size_t body = at + 4;
  if (html.substr(body, 1) == ">") return body + 1;
  if (html.substr(body, 2) == "->") return body + 2;
  const std::size_t a = html.find("-->", body);
  const std::size_t b = html.find("--!>", body);
  if (a == std::string_view::npos && b == std::string_view::npos) return std::string_view::npos;
  return a <= b ? a + 3 : b + 4;
}

struct Tag {
  std::size_t begin = 0;  // at '<'
  std::size_t end = 0;    // one past '>'
  std::string name;       // lower case, at most 16 bytes
  bool closing = false;
  bool self_closing = false;
};

// Calls visit(tag) for each tag of `html` outside comments and raw text
// (script, style, title...), in order, until visit returns false. A rough
// tokenizer: a tag ends at the first '>', so it never skips past a tag that
// the real one would see, which is what both uses below rely on.
template <class Visit>
void scan_tags(std::string_view html, Visit visit) {
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.substr(i, 4) == "<!--") {
      i = end_of_comment(html, i);
      if (i == std::string_view::npos) return;
      continue;
    }
    Tag tag;
    tag.begin = i;
    tag.closing = html.substr(i + 1, 1) == "/";
    const std::size_t name_begin = i + 1 + (tag.closing ? 1 : 0);
    std::size_t name_end = name_begin;
    while (name_end < html.size() && (is_alnum(html[name_end]) || html[name_end] == '-')) ++name_end;
    if (name_end == name_begin) {  // "<!DOCTYPE", "<?xml", "a < b"
      ++i;
      continue;
    }
    tag.name = lowered(html.substr(name_begin, std::min<std::size_t>(name_end - name_begin, 16)));
    const std::size_t gt = html.find('>', name_end);
    if (gt == std::string_view::npos) return;
    tag.end = i = gt + 1;
    tag.self_closing = html[gt - 1] == '/';
    if (!visit(tag)) return;
    if (tag.closing) continue;
    if (tag.name == "plaintext") return;
    if (is_one_of(std::string_view(tag.name), kRawText)) {
      i = end_of_raw_text(html, i, tag.name);
      if (i == std::string_view::npos) return;
    }
  }
}

bool is_foreign_root(std::string_view name) { return name == "svg" || name == "math"; }

// Pass 1 of without_foreign_content: whole <svg> and <math> elements cut out,
// each replaced by a space (so that the text around cannot join into a new
// tag); unmatched svg/math tags go alone.
std::string without_foreign_elements(std::string_view html) {
  struct Range {
    std::size_t begin, end;
  };
  std::vector<Range> cut;
  std::vector<Tag> open;
  scan_tags(html, [&](const Tag& tag) {
    if (!is_foreign_root(tag.name)) return true;
    if (!tag.closing && !tag.self_closing) {
      open.push_back(tag);
      return true;
    }
    auto match = std::find_if(open.rbegin(), open.rend(), [&](const Tag& o) { return o.name == tag.name; });
    if (tag.closing && match != open.rend()) {
      cut.push_back({match->begin, tag.end});
      open.erase(std::next(match).base(), open.end());
    } else {
      cut.push_back({tag.begin, tag.end});  // <svg/>, or a stray </svg>
    }
    return true;
  });
  for (const Tag& o : open) cut.push_back({o.begin, o.end});  // never closed: the tag alone
  std::sort(cut.begin(), cut.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(html.size());
  std::size_t copied = 0;
  for (const Range& r : cut) {
    if (r.end <= copied) continue;  // inside a range already cut
    out.append(html.substr(copied, r.begin > copied ? r.begin - copied : 0));
    out.push_back(' ');
    copied = r.end;
  }
  out.append(html.substr(copied));
  return out;
}

// Pass 2: any "<svg" or "<math" start or end tag left anywhere, comments,
// scripts and quotes ignored, cut up to its first '>'. Pass 1 follows the
// tokenizer only roughly (it cannot know that <iframe> inside <select> is not
// raw text, or that <xmp"> is no <xmp>); this pass is what guarantees gumbo
// never meets foreign content.
std::string without_foreign_tags(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t copied = 0;
  for (std::size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    const std::size_t name = i + (html.substr(i + 1, 1) == "/" ? 2 : 1);
    const std::size_t length = iequals(html.substr(name, 3), "svg") ? 3 : iequals(html.substr(name, 4), "math") ? 4 : 0;
    if (length == 0 || (name + length < html.size() && is_alnum(html[name + length]))) continue;
    const std::size_t gt = html.find('>', name + length);
    const std::size_t end = gt == std::string_view::npos ? html.size() : gt + 1;
    out.append(html.substr(copied, i - copied));
    out.push_back(' ');
    copied = end;
    i = end - 1;
  }
  out.append(html.substr(copied));
  return out;
}

// `html` without <svg> and <math>. We never index their content, and gumbo
// 0.10.1 fails assertions (aborting the process) on some foreign content in
// tables, selects and templates, e.g. "<table><svg><desc><hr><![CDATA[/]]>-",
// so gumbo must never see any.
std::string without_foreign_content(std::string_view html) {
  return without_foreign_tags(without_foreign_elements(html));
}

bool has_foreign_tags(std::string_view html) {
  for (std::size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    const std::string_view next = html.substr(i + 1, 4);
    if (iequals(next.substr(0, 3), "svg") || iequals(next, "math")) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Tree helpers.

const GumboVector& children_of(const GumboNode* node) {
  return node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
}

std::string_view attribute(const GumboNode* element, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&element->v.element.attributes, name);
  return a && a->value ? std::string_view(a->value) : std::string_view();
}

bool has_attribute(const GumboNode* element, const char* name) {
  return gumbo_get_attribute(&element->v.element.attributes, name) != nullptr;
}

bool is_text(const GumboNode* node) {
  return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE;
}

// Appends `text` to `out` with every run of whitespace (ASCII or U+00A0) made
// one space, and none at the start; `pending_space` carries a run across calls.
void append_collapsed(std::string& out, bool& pending_space, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = true;
      continue;
    }
    if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
      pending_space = true;
      ++i;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
}

// All the text under `node`, whitespace collapsed. Iterative: pages nest deep.
std::string text_content(const GumboNode* node) {
  std::string out;
  bool pending_space = false;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (is_text(n)) {
      append_collapsed(out, pending_space, n->v.text.text);
    } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_DOCUMENT) {
      if (n->type == GUMBO_NODE_ELEMENT &&
          (n->v.element.tag == GUMBO_TAG_SCRIPT || n->v.element.tag == GUMBO_TAG_STYLE)) {
        continue;
      }
      const GumboVector& children = children_of(n);
      for (unsigned i = children.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(children.data[i]));
    }
  }
  return out;
}

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

template <std::size_t N>
bool has_token(std::string_view value, const std::array<std::string_view, N>& tokens) {
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && !is_alnum(value[i])) ++i;
    std::size_t end = i;
    while (end < value.size() && is_alnum(value[end])) ++end;
    if (end > i && is_one_of(lowered(value.substr(i, end - i)), tokens)) return true;
    i = end;
  }
  return false;
}

bool is_hidden(const GumboNode* element) {
  if (has_attribute(element, "hidden") || iequals(attribute(element, "aria-hidden"), "true")) return true;
  std::string style;
  for (char c : attribute(element, "style")) {
    if (c != ' ') style.push_back(lower(c));
  }
  return style.find("display:none") != std::string::npos;
}

// ---------------------------------------------------------------------------
// Metadata.

constexpr std::array<std::string_view, 8> kDateMetaKeys = {
    "article:published_time", "og:published_time", "date", "dc.date", "dc.date.issued", "dcterms.date",
    "pubdate", "datepublished"};

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

// The first "datePublished" string anywhere in a JSON-LD value (it may sit in
// an @graph array or a nested NewsArticle). Bounded, iterative.
std::string json_ld_date_published(const nlohmann::json& root) {
  constexpr std::size_t kMaxNodes = 10000;
  std::vector<const nlohmann::json*> stack{&root};
  for (std::size_t visited = 0; !stack.empty() && visited < kMaxNodes; ++visited) {
    const nlohmann::json* j = stack.back();
    stack.pop_back();
    if (j->is_object()) {
      auto it = j->find("datePublished");
      if (it != j->end() && it->is_string()) return it->get<std::string>();
      for (const auto& item : j->items()) stack.push_back(&item.value());
    } else if (j->is_array()) {
      for (const auto& v : *j) stack.push_back(&v);
    }
  }
  return {};
}

struct Paragraph {
  std::string text;
  bool is_h1 = false;
};

// One walk over the parse tree, collecting paragraphs and metadata.
class Extractor {
 public:
  // `strict`: also drop elements by class/id/role words and drop <form>. The
  // lenient walk is the fallback for pages where that removed everything
  // (an "ad-free" wrapper, an ASP.NET page inside one big <form>).
  explicit Extractor(bool strict) : strict_(strict) {}

  void run(const GumboNode* document) {
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
  }

  std::vector<Paragraph> paragraphs;
  std::string h1;
  PageMeta meta;

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
    switch (tag) {
      case GUMBO_TAG_TITLE:
        if (meta.title.empty()) meta.title = text_content(node);
        return false;
      case GUMBO_TAG_META:
        read_meta(node);
        return false;
      case GUMBO_TAG_LINK:
        read_link(node);
        return false;
      case GUMBO_TAG_SCRIPT:
        if (lowered(attribute(node, "type")).find("ld+json") != std::string::npos) read_json_ld(node);
        return false;
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
    if (iequals(attribute(node, "itemprop"), "datePublished")) read_date_element(node, "datepublished");
    if (tag == GUMBO_TAG_TIME && article_depth_ > 0 && meta.time_date.empty()) {
      meta.time_date = has_attribute(node, "datetime") ? std::string(attribute(node, "datetime")) : text_content(node);
    }
    if (!is_inline(tag)) flush(false);
    if (tag == GUMBO_TAG_H1 && !h1_node_) h1_node_ = node;
    return true;
  }

  void leave(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return;
    const GumboTag tag = node->v.element.tag;
    if (!is_inline(tag)) flush(node == h1_node_);
    if (node == h1_node_ && h1.empty()) h1_node_ = nullptr;  // an empty (logo image) <h1>: try the next
    if (tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN) --article_depth_;
  }

  // Ends the current paragraph. Blocks inside the headline (<h1><span
  // class=block>) do not split it.
  void flush(bool closing_h1) {
    if (h1_node_ && h1.empty() && !closing_h1) {
      pending_space_ = !paragraph_.empty();
      return;
    }
    if (!paragraph_.empty()) {
      if (closing_h1) h1 = paragraph_;
      paragraphs.push_back({std::move(paragraph_), closing_h1});
    }
    paragraph_.clear();
    pending_space_ = false;
  }

  void read_meta(const GumboNode* node) {
    std::string_view key = attribute(node, "property");
    if (key.empty()) key = attribute(node, "name");
    if (key.empty()) key = attribute(node, "itemprop");
    const std::string k = lowered(trim(key));
    const std::string value(trim(attribute(node, "content")));
    if (k.empty() || value.empty()) return;
    if (is_one_of(std::string_view(k), kDateMetaKeys)) meta.dates.emplace_back(k, value);
    if (k == "og:url" && meta.og_url.empty()) meta.og_url = value;
    if (k == "author" && meta.author.empty()) meta.author = value;
    if (k == "og:site_name" && meta.site_name.empty()) meta.site_name = value;
  }

  void read_link(const GumboNode* node) {
    if (meta.canonical.empty() && has_token(attribute(node, "rel"), std::array<std::string_view, 1>{"canonical"})) {
      meta.canonical = std::string(trim(attribute(node, "href")));
    }
  }

  void read_json_ld(const GumboNode* node) {
    if (!meta.json_ld_date.empty()) return;
    std::string json;
    const GumboVector& children = children_of(node);
    for (unsigned i = 0; i < children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      if (is_text(child)) json += child->v.text.text;
    }
    try {
      const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
      if (!parsed.is_discarded()) meta.json_ld_date = json_ld_date_published(parsed);
    } catch (const nlohmann::json::exception&) {  // bad JSON-LD is only a missed date
    }
  }

  // <time itemprop="datePublished" datetime="...">, <span itemprop=...>May 9, 2024</span>
  void read_date_element(const GumboNode* node, const char* key) {
    std::string value(attribute(node, "content"));
    if (value.empty()) value = attribute(node, "datetime");
    if (value.empty()) value = text_content(node);
    if (!value.empty()) meta.dates.emplace_back(key, std::move(value));
  }

  bool strict_;
  int article_depth_ = 0;
  const GumboNode* h1_node_ = nullptr;
  std::string paragraph_;
  bool pending_space_ = false;
};

// "Russia warns Japan | The Japan Times" -> {"Russia warns Japan", "The Japan Times"}.
// Only the last separator counts, and only when what follows it looks like a
// site name: the page's og:site_name, or a short tail after a longer title.
std::pair<std::string, std::string> split_site_suffix(const std::string& title, std::string_view site_name) {
  constexpr std::size_t kMaxSiteNameBytes = 40;
  std::size_t best = std::string::npos;
  std::size_t best_length = 0;
  for (std::string_view sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 "}) {
    const std::size_t at = title.rfind(sep);
    if (at != std::string::npos && (best == std::string::npos || at > best)) {
      best = at;
      best_length = sep.size();
    }
  }
  if (best == std::string::npos || best == 0) return {title, {}};
  const std::string head(trim(std::string_view(title).substr(0, best)));
  const std::string tail(trim(std::string_view(title).substr(best + best_length)));
  const bool is_site = (!site_name.empty() && iequals(tail, site_name)) ||
                       (tail.size() <= kMaxSiteNameBytes && head.size() > tail.size());
  if (!is_site || head.empty() || tail.empty()) return {title, {}};
  return {head, tail};
}

std::string first_date(const PageMeta& meta) {
  for (std::string_view key : kDateMetaKeys) {
    for (const auto& [k, value] : meta.dates) {
      if (k != key) continue;
      if (auto date = parse_date(value)) return *date;
    }
  }
  for (const std::string* value : {&meta.json_ld_date, &meta.time_date}) {
    if (auto date = parse_date(*value)) return *date;
  }
  return {};
}

struct GumboTree {
  GumboOptions options = kGumboDefaultOptions;
  GumboOutput* output = nullptr;
  explicit GumboTree(std::string_view html) {
    options.max_errors = 0;  // we never read parse errors; junk pages would make millions
    output = gumbo_parse_with_options(&options, html.data(), html.size());
  }
  ~GumboTree() {
    if (output) gumbo_destroy_output(&options, output);
  }
  GumboTree(const GumboTree&) = delete;
  GumboTree& operator=(const GumboTree&) = delete;
};

bool has_body_text(const std::vector<Paragraph>& paragraphs) {
  return std::any_of(paragraphs.begin(), paragraphs.end(), [](const Paragraph& p) { return !p.is_h1; });
}

}  // namespace

std::size_t estimated_nesting_depth(std::string_view html, std::size_t stop_after) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  scan_tags(html, [&](const Tag& tag) {
    if (is_one_of(std::string_view(tag.name), kNotNesting) || is_one_of(std::string_view(tag.name), kRawText)) {
      return true;
    }
    if (tag.closing) {
      if (depth > 0) --depth;
    } else if (!tag.self_closing) {
      deepest = std::max(deepest, ++depth);
    }
    return deepest <= stop_after;
  });
  return deepest;
}

Article parse_html(std::string_view html, std::string id, std::string source_path) {
  Article article;
  article.id = std::move(id);
  article.source_path = std::move(source_path);

  std::string without_foreign;
  if (has_foreign_tags(html)) {
    without_foreign = without_foreign_content(html);
    html = without_foreign;
  }
  const GumboTree tree(html);
  if (!tree.output || !tree.output->document) return article;
  Extractor extractor(/*strict=*/true);
  extractor.run(tree.output->document);
  if (!has_body_text(extractor.paragraphs)) {
    Extractor lenient(/*strict=*/false);
    lenient.run(tree.output->document);
    if (has_body_text(lenient.paragraphs)) extractor = std::move(lenient);
  }
  const PageMeta& meta = extractor.meta;

  article.date = first_date(meta);
  article.url = !meta.og_url.empty() ? meta.og_url : meta.canonical;
  article.author = meta.author;
  article.source = meta.site_name;

  auto [headline, site_suffix] = split_site_suffix(meta.title, meta.site_name);
  std::vector<Paragraph>& paragraphs = extractor.paragraphs;
  std::string title;
  const std::string& h1 = extractor.h1;
  const bool use_h1 = !h1.empty() && !iequals(h1, meta.site_name) && !iequals(h1, site_suffix);
  if (use_h1) {
    title = h1;
    auto it = std::find_if(paragraphs.begin(), paragraphs.end(), [](const Paragraph& p) { return p.is_h1; });
    if (it != paragraphs.end()) paragraphs.erase(it);
  } else if (!headline.empty()) {
    title = std::move(headline);
  } else if (!paragraphs.empty()) {
    title = std::move(paragraphs.front().text);
    paragraphs.erase(paragraphs.begin());
  }

  std::size_t size = title.size();
  for (const Paragraph& p : paragraphs) size += 2 + p.text.size();
  article.text.reserve(size);
  article.text = title;
  article.title = {0, static_cast<std::uint32_t>(title.size())};
  const FurnitureFilter& furniture = FurnitureFilter::standard();
  for (const Paragraph& p : paragraphs) {
    if (!article.text.empty()) article.text += "\n\n";
    const auto begin = static_cast<std::uint32_t>(article.text.size());
    article.text += p.text;
    const TextRange content =
        furniture.content_of_line(article.text, {begin, static_cast<std::uint32_t>(article.text.size())});
    if (!content.empty()) article.body.push_back(content);
  }
  return article;
}

}  // namespace news
