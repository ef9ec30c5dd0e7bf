#include "ingest/html_guard.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <vector>

#include "ingest/html_names.h"

namespace news {

using html::iequals;
using html::is_alnum;
using html::is_one_of;
using html::lowered;

namespace {

constexpr std::array<std::string_view, 45> kNotNesting = {
    // void elements
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen", "command", "basefont", "bgsound", "frame", "image", "isindex", "spacer",
    // end tag optional: the parser closes them itself
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb", "rt", "rtc",
    "rp", "colgroup", "caption", "html", "head", "body"};
constexpr std::array<std::string_view, 8> kRawText = {"script",  "style",   "textarea", "title",
                                                      "xmp",     "iframe",  "noembed",  "noframes"};
// An end tag of a "special" element (the HTML standard's list, those that can
// nest) closes it only when no scope boundary lies above it: "</div>" inside
// "<div><table>" is ignored.
constexpr std::array<std::string_view, 45> kSpecial = {
    "address", "applet", "article", "aside", "blockquote", "button", "center", "details", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "listing", "main", "marquee", "menu", "nav", "noscript", "object", "ol", "pre", "section",
    "select", "summary", "table", "template", "ul", "search", "svg", "math", "foreignobject", "desc"};
constexpr std::array<std::string_view, 7> kScopeBoundary = {"applet", "marquee", "object", "table",
                                                            "template", "svg", "math"};

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

// The stack of open elements as the HTML tree builder keeps it, closely enough
// to bound its depth from above: an end tag closes only what the tree builder
// would close (a matching element, with no scope boundary above it for a
// special element, no special element above it for any other), and is
// ignored otherwise, so "<div></x>" nests like "<div>". Every step is O(1)
// amortised: each element is pushed once and popped at most once.
class OpenElements {
 public:
  void push(const std::string& name) {
    const std::size_t at = names_.size();
    names_.push_back(name);
    positions_[name].push_back(at);
    if (is_one_of(std::string_view(name), kSpecial)) specials_.push_back(at);
    if (is_one_of(std::string_view(name), kScopeBoundary)) boundaries_.push_back(at);
    if (is_foreign_root(name)) ++foreign_;
  }

  void close(const std::string& name) {
    const auto found = positions_.find(name);
    if (found == positions_.end() || found->second.empty()) return;  // nothing of that name is open
    const std::size_t at = found->second.back();
    const std::vector<std::size_t>& blockers = is_one_of(std::string_view(name), kSpecial) ? boundaries_ : specials_;
    if (!blockers.empty() && blockers.back() > at) return;  // out of scope: the tree builder ignores it
    while (names_.size() > at) pop();
  }

  std::size_t depth() const { return names_.size(); }
  bool in_foreign_content() const { return foreign_ > 0; }

 private:
  void pop() {
    const std::size_t at = names_.size() - 1;
    positions_[names_.back()].pop_back();
    if (!specials_.empty() && specials_.back() == at) specials_.pop_back();
    if (!boundaries_.empty() && boundaries_.back() == at) boundaries_.pop_back();
    if (is_foreign_root(names_.back())) --foreign_;
    names_.pop_back();
  }

  std::vector<std::string> names_;  // outermost first
  std::unordered_map<std::string, std::vector<std::size_t>> positions_;  // name -> where it is open in names_
  std::vector<std::size_t> specials_, boundaries_;                        // positions, ascending
  std::size_t foreign_ = 0;                                               // open <svg> and <math>
};

// Pass 1 of without_foreign_content: whole <svg> and <math> elements cut out,
// each replaced by a space (so that the text around cannot join into a new
// tag); unmatched svg/math tags go alone.
std::string without_foreign_elements(std::string_view html) {
  struct Range {
    std::size_t begin, end;
  };
  std::vector<Range> cut;
  std::vector<Tag> open;
  std::size_t open_svg = 0, open_math = 0;  // so that a stray end tag costs no search
  auto open_count = [&](const std::string& name) -> std::size_t& { return name == "svg" ? open_svg : open_math; };
  scan_tags(html, [&](const Tag& tag) {
    if (!is_foreign_root(tag.name)) return true;
    if (!tag.closing && !tag.self_closing) {
      open.push_back(tag);
      ++open_count(tag.name);
      return true;
    }
    if (tag.closing && open_count(tag.name) > 0) {
      auto match = std::find_if(open.rbegin(), open.rend(), [&](const Tag& o) { return o.name == tag.name; });
      cut.push_back({match->begin, tag.end});
      const auto first_closed = std::next(match).base();
      for (auto o = first_closed; o != open.end(); ++o) --open_count(o->name);
      open.erase(first_closed, open.end());
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

}  // namespace

std::size_t estimated_nesting_depth(std::string_view html, std::size_t stop_after) {
  OpenElements open;
  std::size_t deepest = 0;
  scan_tags(html, [&](const Tag& tag) {
    const std::string_view name = tag.name;
    if (is_one_of(name, kNotNesting) || is_one_of(name, kRawText)) return true;
    if (tag.closing) {
      open.close(tag.name);
    } else if (!(tag.self_closing && open.in_foreign_content())) {
      // "<div/>" opens a div: HTML ignores the slash, except in SVG and MathML.
      open.push(tag.name);
      deepest = std::max(deepest, open.depth());
    }
    return deepest <= stop_after;
  });
  return deepest;
}

std::string_view gumbo_safe_html(std::string_view html, std::string& storage) {
  if (!has_foreign_tags(html)) return html;
  storage = without_foreign_content(html);
  return storage;
}

}  // namespace news
