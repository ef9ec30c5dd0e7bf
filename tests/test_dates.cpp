#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "text/dates.h"

using news::dateline_date;
using news::parse_date;

namespace {
std::string date_or_none(std::optional<std::string> d) { return d ? *d : "none"; }
}  // namespace

TEST_CASE("dates: the common written forms give an ISO date") {
  CHECK(date_or_none(parse_date("2024-05-09")) == "2024-05-09");
  CHECK(date_or_none(parse_date("2024-05-09T10:00:00Z")) == "2024-05-09");
  CHECK(date_or_none(parse_date("2024-05-09T10:00:00+09:00")) == "2024-05-09");
  CHECK(date_or_none(parse_date("2024-05-09 10:00:00")) == "2024-05-09");
  CHECK(date_or_none(parse_date("2024/5/9")) == "2024-05-09");
  CHECK(date_or_none(parse_date("May 9, 2024")) == "2024-05-09");
  CHECK(date_or_none(parse_date("may 9 2024")) == "2024-05-09");
  CHECK(date_or_none(parse_date("Sept. 9, 2024")) == "2024-09-09");
  CHECK(date_or_none(parse_date("September 9th, 2024")) == "2024-09-09");
  CHECK(date_or_none(parse_date("9 May 2024")) == "2024-05-09");
  CHECK(date_or_none(parse_date("09 May, 2024")) == "2024-05-09");
  CHECK(date_or_none(parse_date("1st of June 2024")) == "2024-06-01");
  CHECK(date_or_none(parse_date("Thursday, May 9, 2024")) == "2024-05-09");
  CHECK(date_or_none(parse_date("Thu, 09 May 2024 10:00:00 GMT")) == "2024-05-09");
  CHECK(date_or_none(parse_date("05/09/2024")) == "2024-05-09");  // US order
  CHECK(date_or_none(parse_date("09.05.2024")) == "2024-05-09");  // dots: day first
  CHECK(date_or_none(parse_date("  2024-05-09  ")) == "2024-05-09");
  CHECK(date_or_none(parse_date("May\xC2\xA0" "9, 2024")) == "2024-05-09");  // no-break space
}

TEST_CASE("dates: impossible, ambiguous and non-dates are refused") {
  CHECK_FALSE(parse_date(""));
  CHECK_FALSE(parse_date("someday"));
  CHECK_FALSE(parse_date("2024-13-01"));
  CHECK_FALSE(parse_date("2024-04-31"));
  CHECK_FALSE(parse_date("2023-02-29"));
  CHECK_FALSE(parse_date("1900-02-29"));
  CHECK(date_or_none(parse_date("2000-02-29")) == "2000-02-29");
  CHECK(date_or_none(parse_date("2024-02-29")) == "2024-02-29");
  CHECK_FALSE(parse_date("May 32, 2024"));
  CHECK_FALSE(parse_date("0 May 2024"));
  CHECK_FALSE(parse_date("13/25/2024"));  // no month 13 in US order, and no guessing day-first
  CHECK_FALSE(parse_date("5/9/24"));      // two-digit year
  CHECK_FALSE(parse_date("0001-01-01T00:00:00"));  // CMS placeholder, outside 1800-2199
  CHECK_FALSE(parse_date("2024-05-09x"));
  CHECK_FALSE(parse_date("20240509"));
  CHECK_FALSE(parse_date("2024-05"));
  CHECK_FALSE(parse_date("May 2024"));
  CHECK_FALSE(parse_date("Mayday 9, 2024"));
  CHECK_FALSE(parse_date("2024-05-091"));
}

TEST_CASE("dates: datelines at the top of a plain-text body") {
  CHECK(date_or_none(dateline_date("MOSCOW, May 9, 2024 \xE2\x80\x94 Russia warned Japan on Thursday...")) ==
        "2024-05-09");
  CHECK(date_or_none(dateline_date("WASHINGTON, D.C., May 9, 2024 - Officials said")) == "2024-05-09");
  CHECK(date_or_none(dateline_date("TOKYO (Reuters), 9 May 2024 - Japan said")) == "2024-05-09");
  CHECK(date_or_none(dateline_date("Published: 2024-05-09")) == "2024-05-09");
  CHECK(date_or_none(dateline_date("Updated on May 9, 2024 at 10:00")) == "2024-05-09");
  CHECK(date_or_none(dateline_date("_Published: 2024-05-10_")) == "2024-05-10");
  CHECK(date_or_none(dateline_date("May 9, 2024")) == "2024-05-09");
  CHECK(date_or_none(dateline_date("Thursday, 9 May 2024 10:00 BST")) == "2024-05-09");
  CHECK(date_or_none(dateline_date("By Jane Doe | May 9, 2024")) == "2024-05-09");
  CHECK(date_or_none(dateline_date("Jane Doe \xC2\xB7 9 May 2024 \xC2\xB7 4 min read")) == "2024-05-09");
}

TEST_CASE("dates: prose and furniture give no dateline") {
  CHECK_FALSE(dateline_date(""));
  CHECK_FALSE(dateline_date("Posted 113 days ago"));
  CHECK_FALSE(dateline_date("Published: yesterday"));
  CHECK_FALSE(dateline_date("MOSCOW, May 9 (Reuters) - no year, no date"));
  CHECK_FALSE(dateline_date("Moscow said on May 9, 2024 that it would respond to the drills."));
  CHECK_FALSE(dateline_date("The war in Europe ended on May 9, 1945"));  // no separator before the date
  CHECK_FALSE(dateline_date("In a long interview, the minister recalled that on 9 May 2024 the talks collapsed, "
                            "and nothing has moved since."));
  CHECK_FALSE(dateline_date("( \xE2\x80\x93 Russia has warned the US and Japan that it will take retaliatory"));
  CHECK_FALSE(dateline_date("Russia, Japan, 2024: a year of tension"));
}

TEST_CASE("dates: wire-service and mail-header forms (Reuters-21578, RFC 822/2822/3339)") {
  CHECK(date_or_none(parse_date("26-FEB-1987 15:01:01.79")) == "1987-02-26");
  CHECK(date_or_none(parse_date(" 5-MAR-1987 09:16:40.79")) == "1987-03-05");
  CHECK(date_or_none(parse_date("9-May-2024")) == "2024-05-09");
  CHECK(date_or_none(parse_date("1987-02-26T15:01:01Z")) == "1987-02-26");
  CHECK(date_or_none(parse_date("1987-02-26T15:01:01.79-05:00")) == "1987-02-26");  // RFC 3339: the date written
  CHECK(date_or_none(parse_date("Feb 26, 1987")) == "1987-02-26");
  CHECK(date_or_none(parse_date("Thu, 26 Feb 1987 15:01:01 +0000")) == "1987-02-26");  // RFC 2822
  CHECK(date_or_none(parse_date("Thu, 26 Feb 87 15:01:01 GMT")) == "1987-02-26");      // RFC 822's two-digit year
  CHECK(date_or_none(parse_date("26 Feb 04 10:00 EST")) == "2004-02-26");              // 00-49: 2000s
  // A two-digit year only in that form, with a time after it.
  CHECK_FALSE(parse_date("26 Feb 87"));
  CHECK_FALSE(parse_date("26-FEB-87"));
  CHECK_FALSE(parse_date("31-FEB-1987 10:00"));
  CHECK_FALSE(parse_date("26-FOO-1987"));
}

TEST_CASE("dates: --since/--until bounds: a year, a month or a day, as the first or last day of it") {
  using news::date_bound;
  using news::PeriodEnd;
  auto bound = [](std::string_view v, PeriodEnd end) { return date_or_none(date_bound(v, end, "2024-03-31")); };
  CHECK(bound("1987", PeriodEnd::start) == "1987-01-01");
  CHECK(bound("1987", PeriodEnd::end) == "1987-12-31");
  CHECK(bound("1987-02", PeriodEnd::start) == "1987-02-01");
  CHECK(bound("1987-02", PeriodEnd::end) == "1987-02-28");
  CHECK(bound("1988-02", PeriodEnd::end) == "1988-02-29");  // leap year
  CHECK(bound("1987-02-26", PeriodEnd::start) == "1987-02-26");
  CHECK(bound("1987-02-26", PeriodEnd::end) == "1987-02-26");
  CHECK(bound(" 2005 ", PeriodEnd::start) == "2005-01-01");
  for (const char* bad : {"", "87", "1987-2", "1987-13", "1987-02-30", "1987/02", "1987-02-26T00:00", "yesterday",
                          "0999", "7", "d", "-7d", "7x", "1.5d"}) {
    CAPTURE(bad);
    CHECK(bound(bad, PeriodEnd::start) == "none");
  }
}

TEST_CASE("dates: relative bounds count back from today, months and years clamped to the shorter month") {
  using news::date_bound;
  using news::PeriodEnd;
  auto back = [](std::string_view v, std::string_view today) { return date_or_none(date_bound(v, PeriodEnd::start, today)); };
  CHECK(back("0d", "2024-03-31") == "2024-03-31");
  CHECK(back("7d", "2024-03-31") == "2024-03-24");
  CHECK(back("31d", "2024-03-31") == "2024-02-29");
  CHECK(back("2w", "2024-01-10") == "2023-12-27");
  CHECK(back("1m", "2024-03-31") == "2024-02-29");
  CHECK(back("3m", "2024-05-31") == "2024-02-29");
  CHECK(back("13m", "2024-01-15") == "2022-12-15");
  CHECK(back("1y", "2024-02-29") == "2023-02-28");
  CHECK(back("10Y", "2024-06-01") == "2014-06-01");
  CHECK(back("7d", "not a day") == "none");
  // The same day whichever end it bounds.
  CHECK(date_or_none(date_bound("7d", PeriodEnd::end, "2024-03-31")) == "2024-03-24");
}

TEST_CASE("dates: today() is $NEWS_TODAY when set (the test hook), else the local date") {
  ::setenv(news::kTodayEnvironment, "1987-02-26", 1);
  CHECK(news::today() == "1987-02-26");
  ::unsetenv(news::kTodayEnvironment);
  const std::string now = news::today();
  CHECK(now.size() == 10);
  CHECK(date_or_none(parse_date(now)) == now);
}

TEST_CASE("dates: utc_now() is an ISO UTC time stamp whose day parses") {
  const std::string now = news::utc_now();
  REQUIRE(now.size() == 20);
  CHECK(now[10] == 'T');
  CHECK(now.back() == 'Z');
  CHECK(date_or_none(parse_date(now)) == now.substr(0, 10));
}
