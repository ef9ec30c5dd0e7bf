#include "ingest/html_tree.h"

#include <vector>

namespace news::html {

GumboTree::GumboTree(std::string_view html) {
  options.max_errors = 0;  // we never read parse errors; junk pages would make millions
  output = gumbo_parse_with_options(&options, html.data(), html.size());
}

GumboTree::~GumboTree() {
  if (output) gumbo_destroy_output(&options, output);
}

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

// Iterative: pages nest deep.
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

}  // namespace news::html
