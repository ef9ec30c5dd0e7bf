#include "ingest/feed_reader.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

#include "ingest/furniture.h"
#include "ingest/html_extractor.h"
#include "text/charset.h"
#include "text/dates.h"
#include "text/printable.h"
#include "text/text_util.h"

namespace news {

namespace {

// What libxml2 may do: nothing from the network, no DTD loaded, entities not
// substituted (no XML_PARSE_NOENT), its size and depth limits kept (no
// XML_PARSE_HUGE). Its entity loop check then refuses an entity bomb before
// anything is expanded. CDATA arrives as text; line numbers past 65535 stay right.
constexpr int kParseOptions =
    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES;

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kRss1Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDublinCoreNs = "http://purl.org/dc/elements/1.1/";

enum class FeedKind { rss, atom };

std::string_view chars(const xmlChar* s) { return s ? std::string_view(reinterpret_cast<const char*>(s)) : ""; }

std::string_view namespace_of(const xmlNode* node) { return node->ns ? chars(node->ns->href) : ""; }

// An element of the feed's own vocabulary: RSS 2.0 has no namespace, RSS 1.0
// its own; Atom elements are in Atom's (or, leniently, in none).
bool is_own(const xmlNode* node, FeedKind kind, std::string_view local) {
  if (node->type != XML_ELEMENT_NODE || chars(node->name) != local) return false;
  const std::string_view ns = namespace_of(node);
  return kind == FeedKind::atom ? ns == kAtomNs || ns.empty() : ns.empty() || ns == kRss1Ns;
}

bool is_in(const xmlNode* node, std::string_view ns, std::string_view local) {
  return node->type == XML_ELEMENT_NODE && chars(node->name) == local && namespace_of(node) == ns;
}

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out(chars(value));
  xmlFree(value);
  return out;
}

// What the items' text leaves out: references to entities the file declares.
struct TextNotes {
  std::string first_dropped_entity;
};

// The text of an element: its text and CDATA descendants in order. Entity
// references are left out, never expanded (xmlNodeGetContent would expand
// them, which is what an entity bomb wants).
void collect_text(const xmlNode* node, std::string& out, TextNotes& notes) {
  for (const xmlNode* c = node->children; c; c = c->next) {
    switch (c->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        out += chars(c->content);
        break;
      case XML_ENTITY_REF_NODE:
        if (notes.first_dropped_entity.empty()) notes.first_dropped_entity = std::string(chars(c->name));
        break;
      case XML_ELEMENT_NODE:
        collect_text(c, out, notes);
        break;
      default:
        break;
    }
  }
}

std::string text_of(const xmlNode* node, TextNotes& notes) {
  std::string out;
  collect_text(node, out, notes);
  return out;
}

// Atom's type="xhtml": the markup inside the element, as HTML. Entity
// references come out as "&name;", unexpanded.
std::string markup_inside(const xmlNode* node) {
  std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buffer(xmlBufferCreate(), xmlBufferFree);
  for (xmlNode* c = node->children; c; c = c->next) xmlNodeDump(buffer.get(), node->doc, c, 0, 0);
  return std::string(chars(xmlBufferContent(buffer.get())));
}

enum class Markup { text, html };

// One item's fields as the feed gives them.
struct FeedItem {
  long line = 0;
  std::string id, title, link, date, source;
  Markup title_markup = Markup::text;
  std::string body;
  Markup body_markup = Markup::html;
  std::vector<std::string> authors;
};

// RSS's <author> is "jane@example.com (Jane Doe)": the name when there is one.
std::string rss_author_name(std::string_view author) {
  author = trim(author);
  const std::size_t open = author.find('(');
  if (open != std::string_view::npos && author.back() == ')') {
    const std::string_view name = trim(author.substr(open + 1, author.size() - open - 2));
    if (!name.empty()) return std::string(name);
  }
  return std::string(author);
}

// Atom's text constructs: type "text" (the default), "html" or "xhtml".
void atom_text(const xmlNode* node, std::string& out, Markup& markup, TextNotes& notes) {
  const std::string type = attribute(node, "type");
  if (type == "xhtml") {
    out = markup_inside(node);
    markup = Markup::html;
  } else {
    out = text_of(node, notes);
    markup = type == "html" || type == "text/html" ? Markup::html : Markup::text;
  }
}

FeedItem rss_item(const xmlNode* item, TextNotes& notes) {
  FeedItem f;
  f.title_markup = Markup::html;  // RSS titles often carry escaped entities ("Q&amp;amp;A")
  std::string description, encoded, dc_date;
  for (const xmlNode* c = item->children; c; c = c->next) {
    if (is_own(c, FeedKind::rss, "title"))
      f.title = text_of(c, notes);
    else if (is_own(c, FeedKind::rss, "link"))
      f.link = std::string(trim(text_of(c, notes)));
    else if (is_own(c, FeedKind::rss, "description"))
      description = text_of(c, notes);
    else if (is_in(c, kContentNs, "encoded"))
      encoded = text_of(c, notes);
    else if (is_own(c, FeedKind::rss, "pubDate"))
      f.date = text_of(c, notes);
    else if (is_in(c, kDublinCoreNs, "date"))
      dc_date = text_of(c, notes);
    else if (is_own(c, FeedKind::rss, "author"))
      f.authors.push_back(rss_author_name(text_of(c, notes)));
    else if (is_in(c, kDublinCoreNs, "creator"))
      f.authors.emplace_back(trim(text_of(c, notes)));
    else if (is_own(c, FeedKind::rss, "guid"))
      f.id = std::string(trim(text_of(c, notes)));
    else if (is_own(c, FeedKind::rss, "source"))
      f.source = collapse_whitespace(trim(text_of(c, notes)));
  }
  // The full text (content:encoded) when the feed has it; the summary otherwise.
  f.body = !is_blank(encoded) ? std::move(encoded) : std::move(description);
  if (is_blank(f.date)) f.date = std::move(dc_date);
  // RSS 1.0 items are identified by their rdf:about.
  if (f.id.empty()) f.id = std::string(trim(attribute(item, "about")));
  return f;
}

FeedItem atom_entry(const xmlNode* entry, TextNotes& notes) {
  FeedItem f;
  std::string content, summary, published, updated;
  Markup content_markup = Markup::text, summary_markup = Markup::text;
  for (const xmlNode* c = entry->children; c; c = c->next) {
    if (is_own(c, FeedKind::atom, "title")) {
      atom_text(c, f.title, f.title_markup, notes);
    } else if (is_own(c, FeedKind::atom, "link")) {
      const std::string rel = attribute(c, "rel");
      if (f.link.empty() && (rel.empty() || rel == "alternate")) f.link = std::string(trim(attribute(c, "href")));
    } else if (is_own(c, FeedKind::atom, "content")) {
      atom_text(c, content, content_markup, notes);
    } else if (is_own(c, FeedKind::atom, "summary")) {
      atom_text(c, summary, summary_markup, notes);
    } else if (is_own(c, FeedKind::atom, "published")) {
      published = text_of(c, notes);
    } else if (is_own(c, FeedKind::atom, "updated")) {
      updated = text_of(c, notes);
    } else if (is_own(c, FeedKind::atom, "author")) {
      for (const xmlNode* n = c->children; n; n = n->next) {
        if (is_own(n, FeedKind::atom, "name")) f.authors.emplace_back(trim(text_of(n, notes)));
      }
    } else if (is_own(c, FeedKind::atom, "id")) {
      f.id = std::string(trim(text_of(c, notes)));
    } else if (is_in(c, kDublinCoreNs, "creator")) {
      f.authors.emplace_back(trim(text_of(c, notes)));
    }
  }
  const bool has_content = !is_blank(content);
  f.body = has_content ? std::move(content) : std::move(summary);
  f.body_markup = has_content ? content_markup : summary_markup;
  f.date = !is_blank(published) ? std::move(published) : std::move(updated);
  return f;
}

// A title on one line: HTML decoded when it is HTML.
std::string title_text(const FeedItem& item) {
  if (item.title_markup == Markup::text) return collapse_whitespace(trim(item.title));
  const HtmlText decoded = html_fragment_text(item.title);
  return collapse_whitespace(trim(decoded.text));
}

// The body's paragraphs: HTML through the HTML reader; plain text split at blank lines.
std::vector<std::string> body_paragraphs(const FeedItem& item) {
  std::vector<std::string> paragraphs;
  if (item.body_markup == Markup::html) {
    const HtmlText decoded = html_fragment_text(item.body);
    for (TextRange p : decoded.paragraphs) paragraphs.emplace_back(decoded.text.substr(p.begin, p.size()));
    return paragraphs;
  }
  std::string paragraph;
  for (std::string_view line : split_lines(item.body)) {
    if (trim(line).empty()) {
      if (!paragraph.empty()) paragraphs.push_back(collapse_whitespace(trim(paragraph)));
      paragraph.clear();
    } else {
      paragraph.append(line).append(" ");
    }
  }
  if (!trim(paragraph).empty()) paragraphs.push_back(collapse_whitespace(trim(paragraph)));
  return paragraphs;
}

// The error that stopped the parser.
struct XmlProblem {
  bool seen = false;
  int code = 0;
  int line = 0;
  std::string message;
  bool at_end = false;  // found only once the input ended: the document stops short
};

void init_libxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

// libxml2's push parser builds the document as bytes arrive; every item whose
// end tag has been parsed is taken out of the tree, made an article and
// freed. So memory holds one block and one item, and an error (a truncated
// file, an entity bomb) costs only what comes after the last whole item.
class FeedParser {
 public:
  FeedParser(const std::string& relative_path, const std::string& shown_path)
      : relative_path_(relative_path), path_(shown_path), stem_(article_id_from_path(relative_path)) {}

  FileArticles run(const ByteReader& read, bool must_be_feed);

 private:
  static constexpr std::size_t kBlockBytes = 64 * 1024;

  // False when the root says this is not a feed.
  bool take_root(const xmlNode* root);
  // Takes every whole item out of the tree; `all`: the document is complete.
  void harvest(xmlNode* root, bool all);
  void harvest_children(xmlNode* parent, bool all);
  void add_item(const xmlNode* node);
  void warn(long line, const std::string& message) {
    result_.warnings.push_back(printable(path_) + ":" + std::to_string(line) + ": " + message);
  }
  FileArticles finish(int read_error);
  std::string problem_text() const;

  std::string relative_path_, path_, stem_;
  std::optional<FeedKind> kind_;
  std::string root_name_;
  std::string feed_title_, feed_author_;
  TextNotes notes_;
  XmlProblem problem_;
  FileArticles result_;
  std::size_t skipped_items_ = 0;
};

bool FeedParser::take_root(const xmlNode* root) {
  root_name_ = std::string(chars(root->name));
  const std::string_view ns = namespace_of(root);
  if (root_name_ == "rss" || root_name_ == "RDF") kind_ = FeedKind::rss;
  if (root_name_ == "feed" && (ns.empty() || ns == kAtomNs)) kind_ = FeedKind::atom;
  return kind_.has_value();
}

// rss/channel/item (RSS 2.0), rdf:RDF/item (RSS 1.0), feed/entry (Atom); the
// channel's (feed's) title and an Atom feed's author on the way.
void FeedParser::harvest(xmlNode* root, bool all) {
  harvest_children(root, all);
  if (*kind_ == FeedKind::rss) {
    for (xmlNode* c = root->children; c; c = c->next) {
      if (is_own(c, FeedKind::rss, "channel")) harvest_children(c, all);
    }
  }
}

void FeedParser::harvest_children(xmlNode* parent, bool all) {
  const char* item_name = *kind_ == FeedKind::rss ? "item" : "entry";
  for (xmlNode* c = parent->children; c;) {
    xmlNode* next = c->next;
    // Whole once the parser has gone past its end tag: something follows it.
    const bool whole = all || next != nullptr;
    if (!whole) break;
    if (is_own(c, *kind_, item_name)) {
      add_item(c);
      // What came before the item (whitespace) goes with it; the parser
      // only ever extends the last child of the element it is in.
      for (xmlNode* before = c->prev; before && before->type == XML_TEXT_NODE;) {
        xmlNode* earlier = before->prev;
        xmlUnlinkNode(before);
        xmlFreeNode(before);
        before = earlier;
      }
      xmlUnlinkNode(c);
      xmlFreeNode(c);
    } else if (is_own(c, *kind_, "title") && feed_title_.empty()) {
      feed_title_ = collapse_whitespace(trim(text_of(c, notes_)));
    } else if (*kind_ == FeedKind::atom && is_own(c, FeedKind::atom, "author") && feed_author_.empty()) {
      for (const xmlNode* n = c->children; n; n = n->next) {
        if (is_own(n, FeedKind::atom, "name")) feed_author_ = collapse_whitespace(trim(text_of(n, notes_)));
      }
    }
    c = next;
  }
}

void FeedParser::add_item(const xmlNode* node) {
  FeedItem item = *kind_ == FeedKind::rss ? rss_item(node, notes_) : atom_entry(node, notes_);
  item.line = xmlGetLineNo(node);
  const char* what = *kind_ == FeedKind::rss ? "item" : "entry";

  Article article;
  article.source_path = relative_path_;
  article.line = static_cast<std::uint32_t>(std::max(0L, item.line));
  const std::string title = title_text(item);
  article.text = title;
  article.title = {0, static_cast<std::uint32_t>(title.size())};
  const FurnitureFilter& furniture = FurnitureFilter::standard();
  for (const std::string& p : body_paragraphs(item)) {
    const TextRange paragraph = append_paragraph(article.text, p);
    const TextRange content = furniture.content_of_line(article.text, paragraph);
    if (!content.empty()) article.body.push_back(content);
  }
  if (article.title.empty() && article.body.empty()) {
    warn(item.line, std::string(what) + " has no title and no text, skipped");
    ++skipped_items_;
    return;
  }
  article.id = !item.id.empty() ? item.id : stem_ + "-L" + std::to_string(item.line);
  article.url = std::move(item.link);
  article.source = std::move(item.source);
  for (const std::string& a : item.authors) {
    if (!a.empty()) article.author += (article.author.empty() ? "" : ", ") + collapse_whitespace(a);
  }
  if (!is_blank(item.date)) {
    if (auto iso = parse_date(item.date)) {
      article.date = *iso;
    } else {
      warn(item.line, "unrecognised date " + quoted_excerpt(item.date) + ", left empty");
    }
  }
  result_.articles.push_back(std::move(article));
}

std::string FeedParser::problem_text() const {
  if (problem_.code == XML_ERR_ENTITY_LOOP) {
    return "XML entity expansion refused (an entity bomb?): " + problem_.message;
  }
  if (problem_.at_end) return "the XML ends before the feed does (truncated?): " + problem_.message;
  return "malformed XML: " + problem_.message;
}

FileArticles FeedParser::run(const ByteReader& read, bool must_be_feed) {
  init_libxml();
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(
      xmlCreatePushParserCtxt(nullptr, nullptr, nullptr, 0, nullptr), xmlFreeParserCtxt);
  if (!ctxt) {
    result_.status = FileArticles::Status::failed;
    result_.reason = "cannot start the XML parser";
    result_.warnings.push_back(printable(path_) + ": " + result_.reason);
    return std::move(result_);
  }
  // The document the parser builds is ours to free (xmlFreeParserCtxt does
  // not), on every way out: the early returns below leaked it (found by fuzzing).
  struct FreeDocument {
    xmlParserCtxt* ctxt;
    ~FreeDocument() {
      if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
      ctxt->myDoc = nullptr;
    }
  } free_document{ctxt.get()};
  xmlCtxtUseOptions(ctxt.get(), kParseOptions);
  std::vector<char> block(kBlockBytes);
  int read_error = 0;
  bool done = false;
  while (!done) {
    const long n = read(block.data(), block.size());
    if (n < 0) {
      read_error = errno;
      break;
    }
    done = n == 0;
    xmlParseChunk(ctxt.get(), block.data(), static_cast<int>(n), done ? 1 : 0);
    const bool stopped = !ctxt->wellFormed;
    xmlNode* root = ctxt->myDoc ? xmlDocGetRootElement(ctxt->myDoc) : nullptr;
    if (root && !kind_ && !take_root(root)) {
      result_.articles.clear();
      result_.warnings.clear();
      if (!must_be_feed) {
        result_.status = FileArticles::Status::unsupported;
        result_.reason = "an XML file that is not a feed (root element <" + printable(root_name_) + ">)";
        return std::move(result_);
      }
      result_.status = FileArticles::Status::skipped;
      result_.reason = "not an RSS or Atom feed (root element <" + printable(root_name_) + ">)";
      result_.warnings.push_back(printable(path_) + ": " + result_.reason + ", skipped");
      return std::move(result_);
    }
    // After an error, only the items the parser went past are whole.
    if (root && kind_) harvest(root, done && !stopped);
    if (stopped) {
      const xmlError* error = xmlCtxtGetLastError(ctxt.get());
      // libxml2's messages can span lines ("...encoding !\nBytes: 0xD5") and
      // quote the file: one line, escaped (found by fuzzing).
      const std::string message =
          error && error->message ? printable(collapse_whitespace(trim(error->message))) : "unknown error";
      problem_ = {true, error ? error->code : 0, error ? error->line : 0, message, done};
      break;
    }
  }
  if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
  ctxt->myDoc = nullptr;
  if (!kind_ && !problem_.seen && read_error == 0) {
    problem_ = {true, 0, 0, "no root element", false};
  }
  return finish(read_error);
}

FileArticles FeedParser::finish(int read_error) {
  // The channel's title and the feed's author may come after the items.
  for (Article& a : result_.articles) {
    if (a.source.empty()) a.source = feed_title_;
    if (a.author.empty()) a.author = feed_author_;
  }
  if (!notes_.first_dropped_entity.empty()) {
    result_.warnings.push_back(printable(path_) + ": entity references declared in the file (&" +
                               printable(notes_.first_dropped_entity) +
                               ";) are not expanded, left out");
  }
  FileArticles result = std::move(result_);
  const bool have = !result.articles.empty();
  const std::string after = have ? "; the rest of the file skipped" : ", skipped";
  if (read_error != 0) {
    result.reason = "cannot read: " + std::generic_category().message(read_error);
    result.warnings.push_back(printable(path_) + ": " + result.reason);
    result.status = have ? FileArticles::Status::partial : FileArticles::Status::failed;
    return result;
  }
  if (problem_.seen) {
    result.reason = problem_text();
    const std::string where = problem_.line > 0 ? printable(path_) + ":" + std::to_string(problem_.line) : printable(path_);
    result.warnings.push_back(where + ": " + result.reason + after);
    result.status = have ? FileArticles::Status::partial : FileArticles::Status::skipped;
    return result;
  }
  if (!have) {
    result.reason = skipped_items_ ? "no readable item" : "feed has no items";
    result.warnings.push_back(printable(path_) + ": " + result.reason + ", skipped");
    result.status = FileArticles::Status::skipped;
    return result;
  }
  if (skipped_items_ > 0) result.status = FileArticles::Status::partial;
  return result;
}

}  // namespace

FileArticles read_feed(const ByteReader& read, const std::string& relative_path, const std::string& shown_path,
                       bool must_be_feed) {
  return FeedParser(relative_path, shown_path).run(read, must_be_feed);
}

}  // namespace news
