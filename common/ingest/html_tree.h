// Reading gumbo's parse tree, shared by the extractor and the metadata reader:
// one owned parse, children, attributes, and an element's text with its
// whitespace collapsed. Internal to the HTML reader (needs gumbo's header).
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>

namespace news::html {

// One parse of a page, freed with it. `html` must already be gumbo-safe
// (html_guard.h).
struct GumboTree {
  GumboOptions options = kGumboDefaultOptions;
  GumboOutput* output = nullptr;
  explicit GumboTree(std::string_view html);
  ~GumboTree();
  GumboTree(const GumboTree&) = delete;
  GumboTree& operator=(const GumboTree&) = delete;
};

const GumboVector& children_of(const GumboNode* node);
std::string_view attribute(const GumboNode* element, const char* name);  // empty when absent
bool has_attribute(const GumboNode* element, const char* name);
bool is_text(const GumboNode* node);  // text, CDATA or whitespace

// Appends `text` to `out` with every run of whitespace (ASCII or U+00A0) made
// one space, and none at the start; `pending_space` carries a run across calls.
void append_collapsed(std::string& out, bool& pending_space, std::string_view text);

// All the text under `node` but scripts and styles, whitespace collapsed.
std::string text_content(const GumboNode* node);

}  // namespace news::html
