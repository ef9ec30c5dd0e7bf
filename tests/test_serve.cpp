// The serve layer without a socket: --listen addresses, the embedded page's
// lookup by exact name, and HTTP parameters through the CLI's option table.
#include <doctest/doctest.h>

#include <stdexcept>

#include "output/search_options.h"
#include "serve/listen_address.h"
#include "serve/web_assets.h"

TEST_CASE("serve: --listen addresses, loopback or not") {
  const auto v4 = news::parse_listen_address("127.0.0.1:8080");
  CHECK(v4.loopback);
  CHECK_FALSE(v4.ipv6);
  CHECK(v4.port == 8080);
  CHECK(news::server_url(v4, 8080) == "http://127.0.0.1:8080/");
  const auto v6 = news::parse_listen_address("[::1]:0");
  CHECK(v6.loopback);
  CHECK(v6.ipv6);
  CHECK(news::server_url(v6, 4242) == "http://[::1]:4242/");
  CHECK_FALSE(news::parse_listen_address("0.0.0.0:8080").loopback);
  CHECK(news::parse_listen_address("127.9.9.9:1").loopback);
  for (const char* bad : {"8080", ":8080", "127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:80x", "no.such.host.invalid:80"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(news::parse_listen_address(bad), std::invalid_argument);
  }
}

TEST_CASE("serve: the page's files are found by exact name only") {
  REQUIRE(news::web_asset("/"));
  CHECK(news::web_asset("/")->content_type == "text/html; charset=utf-8");
  CHECK(news::web_asset("/")->content.find("<script src=\"app.js\">") != std::string_view::npos);
  CHECK(news::web_asset("/app.js")->content_type == "text/javascript; charset=utf-8");
  CHECK(news::web_asset("/favicon.svg")->content_type == "image/svg+xml");
  for (const char* other : {"/index.html/", "//app.js", "/../app.js", "/./app.js", "app.js", "/APP.JS", "/etc/passwd"}) {
    CAPTURE(other);
    CHECK_FALSE(news::web_asset(other));
  }
}

TEST_CASE("serve: HTTP parameters set the same request as the flags") {
  news::SearchOptions options;
  CHECK_FALSE(news::apply_parameter(options, news::kForSearch, "q", "sanctions"));
  CHECK_FALSE(news::apply_parameter(options, news::kForSearch, "person", "Tony Blair"));
  CHECK_FALSE(news::apply_parameter(options, news::kForSearch, "person", "Gordon Brown"));
  CHECK_FALSE(news::apply_parameter(options, news::kForSearch, "since", "1987-02"));
  CHECK_FALSE(news::apply_parameter(options, news::kForSearch, "until", "1987-02"));
  CHECK_FALSE(news::apply_parameter(options, news::kForSearch, "ids", ""));
  CHECK_FALSE(news::apply_parameter(options, news::kForSearch, "explain", "no"));
  const news::SearchRequest r = news::search_request(options);
  CHECK(r.query == "sanctions");
  CHECK(r.filters.person == std::vector<std::string>{"Tony Blair", "Gordon Brown"});
  CHECK(r.filters.since == "1987-02-01");
  CHECK(r.filters.until == "1987-02-28");
  CHECK(r.limit == SIZE_MAX);  // ids without limit: every match, as on the command line
  CHECK_FALSE(r.explain);
  CHECK(news::result_view(options) == news::ResultView::ids);

  news::SearchOptions other;
  CHECK(news::apply_parameter(other, news::kForSearch, "type", "person").value().starts_with("type: no such parameter"));
  CHECK(news::apply_parameter(other, news::kForEntities, "type", "ship").value().starts_with("type: "));
  CHECK(news::apply_parameter(other, news::kForSearch, "sort", "date") == std::nullopt);
  CHECK(news::apply_parameter(other, news::kForSearch, "sort", "date").value() == "sort: given more than once");
}
