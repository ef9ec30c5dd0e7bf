// The HTML guard's depth estimate is honest: end tags close only what the
// tree builder would close, so no run of tags nests deeper in gumbo than the
// guard believes (issue 13, item 7). Verdicts only: no timing in the tests.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "ingest/article_reader.h"
#include "ingest/html_guard.h"

using news::estimated_nesting_depth;
using news::kMaxHtmlNestingDepth;

namespace {

std::string repeated(const std::string& piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

}  // namespace

TEST_CASE("regression: <div></x> repeated 60,000 times is refused like deep nesting") {
  const std::string page = "<html><body>" + repeated("<div></x>", 60000) + "text</body></html>";
  CHECK(estimated_nesting_depth(page) > kMaxHtmlNestingDepth);
  // Read as a file: skipped with the nesting warning, never parsed.
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("news-guard-" + std::to_string(std::random_device{}()) + ".html");
  std::ofstream(file, std::ios::binary) << page;
  const news::FileArticles read = news::read_article_file(file, "deep.html");
  std::filesystem::remove(file);
  CHECK(read.status == news::FileArticles::Status::skipped);
  REQUIRE(read.warnings.size() == 1);
  CHECK(read.warnings[0] == "deep.html: HTML nested more than 1000 elements deep, skipped");
}

TEST_CASE("regression: <div/> repeated 60,000 times is refused: HTML ignores the slash") {
  CHECK(estimated_nesting_depth(repeated("<div/>", 60000)) > kMaxHtmlNestingDepth);
  CHECK(estimated_nesting_depth(repeated("<span/>", 2000)) > kMaxHtmlNestingDepth);
}

TEST_CASE("html guard: matching end tags close, and long flat pages are accepted") {
  CHECK(estimated_nesting_depth(repeated("<div></div>", 60000)) == 1);
  CHECK(estimated_nesting_depth(repeated("<div><span>x</span></div>", 20000)) == 2);
  CHECK(estimated_nesting_depth("<div><span></div><div>") == 2);         // </div> closes the span too
  CHECK(estimated_nesting_depth(repeated("<DIV></Div >", 1000)) == 1);  // case and spaces do not matter
  CHECK(estimated_nesting_depth("<p>a<p>b<li>c<br><img src=x><td>d") == 0);
}

TEST_CASE("html guard: end tags the tree builder ignores do not close anything") {
  // Nothing of that name is open.
  CHECK(estimated_nesting_depth("<div><div></x></y></span><div>") == 3);
  // A special element's end tag does not reach past a table (a scope boundary).
  CHECK(estimated_nesting_depth("<div><table></div><div>") == 3);
  // Any other element's end tag does not reach past a special element.
  CHECK(estimated_nesting_depth("<span><div></span><div>") == 3);
  CHECK(estimated_nesting_depth(repeated("<b><div></b>", 1100)) > kMaxHtmlNestingDepth);
  CHECK(estimated_nesting_depth(repeated("<span><table></span>", 600)) > kMaxHtmlNestingDepth);
}

TEST_CASE("html guard: self-closing tags close inside SVG and MathML only") {
  CHECK(estimated_nesting_depth("<svg>" + repeated("<path d='M0 0'/>", 5000) + "</svg>") == 1);
  CHECK(estimated_nesting_depth("<math>" + repeated("<mspace/>", 5000) + "</math>") == 1);
  CHECK(estimated_nesting_depth("<svg></svg>" + repeated("<path/>", 1100)) > kMaxHtmlNestingDepth);
}

TEST_CASE("regression: stray </svg> and </math> end tags cost no search each") {
  // 20,000 open <svg>s, then 20,000 </math>s with no <math> open: each used to
  // search every open <svg>.
  const std::string page = repeated("<svg>", 20000) + repeated("</math>", 20000) + "<p>after</p>";
  std::string storage;
  const std::string_view safe = news::gumbo_safe_html(page, storage);
  CHECK(safe.find("<svg") == std::string_view::npos);
  CHECK(safe.find("</math") == std::string_view::npos);
  CHECK(safe.find("<p>after</p>") != std::string_view::npos);
}
