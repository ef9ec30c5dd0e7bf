#include <doctest/doctest.h>

#include <string>

#include "text/text_util.h"
#include "ingest/html_extractor.h"
#include "ingest/html_reader.h"
#include "article_text.h"

using news::Article;
using news::parse_html;

TEST_CASE("html reader: the first <h1> is the title, without one, <title> minus its site suffix") {
  Article a = parse_html("<title>Page title | Site</title><h1>Headline</h1><p>Text.</p>", "a", "a.html");
  CHECK(a.title_text() == "Headline");
  CHECK(a.text == "Headline\n\nText.");

  Article b = parse_html("<title>Russia warns Japan | The Japan Times</title><p>Text.</p>", "b", "b.html");
  CHECK(b.title_text() == "Russia warns Japan");
  // Only a short tail after a longer title looks like a site name...
  Article c = parse_html("<title>Russia - Japan talks resume</title><p>Text.</p>", "c", "c.html");
  CHECK(c.title_text() == "Russia - Japan talks resume");
  // ...unless og:site_name says so.
  Article d = parse_html(
      "<meta property='og:site_name' content='The Long Name Of A Newspaper'>"
      "<title>Talks \xE2\x80\x94 The Long Name Of A Newspaper</title><p>Text.</p>",
      "d", "d.html");
  CHECK(d.title_text() == "Talks");
}

TEST_CASE("html reader: an <h1> that is only the site name is not the title") {
  Article a = parse_html(
      "<meta property='og:site_name' content='Daily Example'><title>Real story - Daily Example</title>"
      "<div><h1>Daily Example</h1></div><p>Body.</p>",
      "a", "a.html");
  CHECK(a.title_text() == "Real story");
  CHECK(body_text(a) == "Daily Example | Body.");
}

TEST_CASE("html reader: with neither <h1> nor <title>, the first paragraph is the title") {
  Article a = parse_html("<p>First</p><p>Second</p>", "a", "a.html");
  CHECK(a.title_text() == "First");
  CHECK(body_text(a) == "Second");
  Article empty = parse_html("<html><body><nav>Menu</nav></body></html>", "e", "e.html");
  CHECK(empty.text.empty());
  CHECK(empty.title.empty());
  CHECK(empty.body.empty());
}

TEST_CASE("html reader: blocks are paragraphs, inline elements flow, whitespace collapses") {
  Article a = parse_html(
      "<h1>T</h1><div>One <b>bold</b>\n   <a href=x>link</a>.<div>Nested block</div>tail</div>"
      "<ul><li>Item one<li>Item two</ul><p>Line<br>break</p><h1>Second h1 stays</h1>",
      "a", "a.html");
  CHECK(body_text(a) == "One bold link. | Nested block | tail | Item one | Item two | Line | break | Second h1 stays");
}

TEST_CASE("html reader: chrome dropped by tag, by class/id/role word, hidden, containers are never dropped") {
  Article a = parse_html(
      "<body class='has-comments ad-free'><h1>T</h1>"
      "<div class='main-nav'>Nav</div><div id='cookie-notice'>Cookies</div><div role='navigation'>Role</div>"
      "<div class='related-stories'>Related</div><div class='advert'>Advert</div><div hidden>Hidden</div>"
      "<div style='display: none'>Invisible</div><div class='download header'>Kept</div>"
      "<p>Text.</p><footer>Footer</footer></body>",
      "a", "a.html");
  CHECK(body_text(a) == "Kept | Text.");
}

TEST_CASE("html reader: a page whose article sits in chrome-looking wrappers is read leniently") {
  // An ASP.NET page lives inside one <form>; an "ad-free" wrapper has the word "ad".
  Article form = parse_html("<form id='aspnetForm'><h1>T</h1><p>Inside the form.</p></form>", "f", "f.html");
  CHECK(body_text(form) == "Inside the form.");
  Article wrapper = parse_html("<div class='story ad-free'><h1>T</h1><p>Story text.</p></div>", "w", "w.html");
  CHECK(body_text(wrapper) == "Story text.");
}

TEST_CASE("html reader: the article's own <header> keeps its headline, the page header goes") {
  Article a = parse_html(
      "<header><h1>Site logo</h1></header><article><header><h1>Story</h1><p>By A. Writer</p></header>"
      "<p>Text.</p></article>",
      "a", "a.html");
  CHECK(a.title_text() == "Story");
  CHECK(body_text(a) == "By A. Writer | Text.");
}

TEST_CASE("html reader: date sources in order: meta tags, JSON-LD, <time> in the article") {
  auto date_of = [](const std::string& html) { return parse_html(html, "a", "a.html").date; };
  CHECK(date_of("<meta property='article:published_time' content='2024-05-09T10:00:00Z'>"
                "<meta name='date' content='2024-01-01'><p>x</p>") == "2024-05-09");
  CHECK(date_of("<meta name='date' content='not a date'><meta name='DC.date' content='9 May 2024'><p>x</p>") ==
        "2024-05-09");
  CHECK(date_of("<meta property='og:published_time' content='2024-05-09'><p>x</p>") == "2024-05-09");
  CHECK(date_of("<meta name='pubdate' content='20240509'><p>x</p>").empty());  // no guessing at digit runs
  CHECK(date_of("<script type='application/ld+json'>{\"@graph\": [{\"@type\": \"WebPage\"}, "
                "{\"@type\": \"NewsArticle\", \"datePublished\": \"2024-05-09T08:00:00Z\"}]}</script><p>x</p>") ==
        "2024-05-09");
  CHECK(date_of("<script type='application/ld+json'>{broken json</script><p>x</p>").empty());
  CHECK(date_of("<article><p>x</p><time datetime='2024-05-09T10:00'>Thursday</time></article>") == "2024-05-09");
  CHECK(date_of("<article><time>May 9, 2024</time><p>x</p></article>") == "2024-05-09");
  CHECK(date_of("<p>x</p><time datetime='2024-05-09'>outside any article</time>").empty());
  CHECK(date_of("<p>By <span itemprop='datePublished'>May 9, 2024</span></p>") == "2024-05-09");
}

TEST_CASE("html reader: url, author and source from meta tags") {
  Article a = parse_html(
      "<link rel='canonical' href=' https://example.com/c '><meta name='author' content='Jane Doe'>"
      "<meta property='og:site_name' content='Example'><p>x</p>",
      "a", "a.html");
  CHECK(a.url == "https://example.com/c");
  CHECK(a.author == "Jane Doe");
  CHECK(a.source == "Example");
  Article b = parse_html("<meta property='og:url' content='https://example.com/og'>"
                         "<link rel='canonical' href='https://example.com/c'><p>x</p>",
                         "b", "b.html");
  CHECK(b.url == "https://example.com/og");
}

TEST_CASE("html reader: furniture paragraphs stay in the text but not in the body") {
  Article a = parse_html("<h1>T</h1><p>Text.</p><p>Share this article</p><p>More (Read more)</p>", "a", "a.html");
  CHECK(a.text == "T\n\nText.\n\nShare this article\n\nMore (Read more)");
  CHECK(body_text(a) == "Text. | More");
}

TEST_CASE("html reader: nesting depth is estimated from the tags alone") {
  using news::estimated_nesting_depth;
  CHECK(estimated_nesting_depth("<html><body><div><div><p>x</div></div></body></html>") == 2);
  CHECK(estimated_nesting_depth("<p>a<p>b<li>c<br><img src=x><td>d") == 0);
  CHECK(estimated_nesting_depth("<script>if (a < b) { '<div><div>' }</script><div></div>") == 1);
  CHECK(estimated_nesting_depth("<!-- <div><div> --><div/>") == 1);  // HTML ignores the '/': a div opens
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  CHECK(estimated_nesting_depth(deep) == news::kMaxHtmlNestingDepth + 1);  // stops counting past the limit
}

// gumbo 0.10.1 aborts on an assertion for these (found by fuzzing): foreign
// content inside tables and templates. <svg> and <math> are cut out before
// gumbo sees the page.
TEST_CASE("html reader: svg and math content that crashes gumbo is removed before parsing") {
  for (const char* html : {
           "<table><math/b><select><annotation-xml encoding='text/html'><select><td>",
           "<table><math><annotation-xml encoding='text/html'><![CDATA[\x80]]>&",
           "<table><svg><desc><br><![CDATA[<]]><",
           "<template><tr><svg><desc><hr><![CDATA[<]]><",
           "<table><math><select><mi><select><tr>",
           "<table><svg><foreignObject><![CDATA[>]]><",
           "<table><SVG ><desc><hr><![CDATA[/]]>-",
           "<table><sv<svg></svg>g><desc><hr><![CDATA[/]]>-",  // a cut must not join a new tag
           // <iframe> is raw text except inside <select>; <xmp"> is no <xmp>
           "<table><select><iframe><select><MaTh><select><annotation-xml encoding='text/html'><select><table>",
           "<xmp\"><template><tr><svg><title><![CDATA[>]]>&",
       }) {
    CAPTURE(html);
    // gumbo used to crash on these; what comes back must still be a sane article.
    const Article parsed = parse_html(html, "x", "x.html");
    CHECK(news::is_valid_utf8(parsed.text));
    CHECK(parsed.title.end <= parsed.text.size());
    for (auto range : parsed.body) CHECK(range.end <= parsed.text.size());
  }
  Article a = parse_html("<h1>T</h1><p>Before <svg viewBox='0 0 1 1'><title>icon</title><svg><text>inner</text>"
                         "</svg></svg>after<math><mi>x</mi></math>.</p><p>Icon<svg/>kept</p>",
                         "a", "a.html");
  CHECK(a.text == "T\n\nBefore after .\n\nIcon kept");
}

TEST_CASE("html reader: a fragment (a feed item's description) gives its text and paragraph ranges") {
  const news::HtmlText t = news::html_fragment_text(
      "Putin &amp; Kishida <b>met</b>.<p>Talks  resume.</p><div class=share>Share this</div><script>x()</script>"
      "<svg><text>icon</text></svg>");
  CHECK(t.text == "Putin & Kishida met.\n\nTalks resume.");
  REQUIRE(t.paragraphs.size() == 2);
  CHECK(t.text.substr(t.paragraphs[0].begin, t.paragraphs[0].size()) == "Putin & Kishida met.");
  CHECK(t.text.substr(t.paragraphs[1].begin, t.paragraphs[1].size()) == "Talks resume.");
  // A fragment that is all chrome-looking wrapper is still read.
  CHECK(news::html_fragment_text("<div class=sidebar><p>Only text</p></div>").text == "Only text");
  CHECK(news::html_fragment_text("").paragraphs.empty());
}
