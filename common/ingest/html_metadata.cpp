#include "ingest/html_metadata.h"

#include <array>
#include <nlohmann/json.hpp>

#include "text/dates.h"
#include "text/text_util.h"
#include "ingest/html_names.h"
#include "ingest/html_tree.h"

namespace news::html {

namespace {

constexpr std::array<std::string_view, 8> kDateMetaKeys = {
    "article:published_time", "og:published_time", "date", "dc.date", "dc.date.issued", "dcterms.date",
    "pubdate", "datepublished"};

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

}  // namespace

bool is_metadata_tag(GumboTag tag) {
  return tag == GUMBO_TAG_TITLE || tag == GUMBO_TAG_META || tag == GUMBO_TAG_LINK || tag == GUMBO_TAG_SCRIPT;
}

void PageMetaReader::read_metadata_element(const GumboNode* node) {
  switch (node->v.element.tag) {
    case GUMBO_TAG_TITLE:
      if (meta.title.empty()) meta.title = text_content(node);
      break;
    case GUMBO_TAG_META:
      read_meta(node);
      break;
    case GUMBO_TAG_LINK:
      read_link(node);
      break;
    case GUMBO_TAG_SCRIPT:
      if (lowered(attribute(node, "type")).find("ld+json") != std::string::npos) read_json_ld(node);
      break;
    default:
      break;
  }
}

void PageMetaReader::read_content_element(const GumboNode* node, bool inside_article) {
  if (iequals(attribute(node, "itemprop"), "datePublished")) read_date_element(node, "datepublished");
  if (node->v.element.tag == GUMBO_TAG_TIME && inside_article && meta.time_date.empty()) {
    meta.time_date = has_attribute(node, "datetime") ? std::string(attribute(node, "datetime")) : text_content(node);
  }
}

void PageMetaReader::read_meta(const GumboNode* node) {
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

void PageMetaReader::read_link(const GumboNode* node) {
  if (meta.canonical.empty() && has_token(attribute(node, "rel"), std::array<std::string_view, 1>{"canonical"})) {
    meta.canonical = std::string(trim(attribute(node, "href")));
  }
}

void PageMetaReader::read_json_ld(const GumboNode* node) {
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
void PageMetaReader::read_date_element(const GumboNode* node, const char* key) {
  std::string value(attribute(node, "content"));
  if (value.empty()) value = attribute(node, "datetime");
  if (value.empty()) value = text_content(node);
  if (!value.empty()) meta.dates.emplace_back(key, std::move(value));
}

std::string published_date(const PageMeta& meta) {
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

const std::string& page_url(const PageMeta& meta) { return !meta.og_url.empty() ? meta.og_url : meta.canonical; }

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

}  // namespace news::html
