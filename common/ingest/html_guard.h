// The guard in front of gumbo: cheap scans of the raw text that refuse or
// strip what gumbo 0.10.1 handles badly, before it ever parses a page. Today:
// nesting too deep to build in reasonable time, and SVG/MathML, on which it
// fails assertions and aborts the process.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace news {

// gumbo's tree building is quadratic in the depth of unclosed elements (100,000
// nested <div>s take 20 s), so pages nested deeper than this are refused
// before parsing. Real pages stay under 100.
inline constexpr std::size_t kMaxHtmlNestingDepth = 1000;

// A cheap upper-bound estimate of how deep `html`'s elements nest, from its
// tags alone, in linear time: void elements and those with optional end tags
// (p, li, td...) do not count; an end tag closes only what gumbo's tree
// builder would (a matching open element within scope), so "</x>" with no <x>
// open closes nothing; and "<div/>" opens a div, as in HTML (the slash closes
// only inside SVG and MathML). Stops counting once past `stop_after`.
std::size_t estimated_nesting_depth(std::string_view html, std::size_t stop_after = kMaxHtmlNestingDepth);

// What gumbo may parse of `html`: `html` itself, or when it holds <svg> or
// <math> tags, a copy in `storage` with those elements cut out (each cut a
// space, so the text around cannot join into a new tag).
std::string_view gumbo_safe_html(std::string_view html, std::string& storage);

}  // namespace news
