// Article dates: the forms news sources write them in ("2024-05-09T10:00:00Z",
// "Thursday, May 9, 2024", RFC 2822 "Thu, 09 May 2024 10:00:00 GMT") turned
// into the ISO "YYYY-MM-DD" that the index sorts and filters on. English month
// and weekday names only; impossible dates (May 32, Feb 29 2023) are refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace news {

// A day of the proleptic Gregorian calendar.
struct Ymd {
  int year = 0;
  int month = 0;
  int day = 0;
};

// Days since 1970-01-01 and back (Howard Hinnant's civil calendar algorithms).
long days_from_civil(Ymd d);
Ymd civil_from_days(long z);

// A date value as metadata gives it (a JSONL "date" field, an HTML meta tag, a
// <time datetime>): the date must start the value, and may be followed by a
// time or anything else that does not continue a number or a word. Accepted:
//   2024-05-09, 2024/05/09, 2024-05-09T10:00:00Z      ISO, year first
//   May 9, 2024, Sept. 9 2024, May 9th, 2024          month name first
//   9 May 2024, 09 May, 2024, 9th of May 2024         day first
//   26-FEB-1987 15:01:01.79, 9-May-2024               day-month-year with dashes (wire services)
//   Thursday, May 9, 2024, Thu, 09 May 2024 10:00 GMT  with a weekday (RFC 822/2822)
//   Thu, 26 Feb 87 15:01:01 GMT                       RFC 822's two-digit year, with a time only
//   05/09/2024                                        slashes: US order, month first
//   09.05.2024                                        dots: day first
// The date is the one written, whatever the time zone after it says. Years
// 1800-2199; two-digit years are refused as ambiguous outside RFC 822's form
// (there 50-99 are 1950-1999 and 00-49 2000-2049, as RFC 2822 says).
std::optional<std::string> parse_date(std::string_view value);

// Which end of a period a --since/--until value stands for: "1987-02" is
// 1987-02-01 as a start and 1987-02-28 as an end, "1987" 1987-01-01 or 1987-12-31.
enum class PeriodEnd { start, end };

// A --since/--until value as an ISO day: "YYYY", "YYYY-MM", "YYYY-MM-DD"
// (years 1000-9999), or a span back from `today` ("YYYY-MM-DD"): "7d" days,
// "2w" weeks, "3m" months, "1y" years (a month or year back from the 31st or
// Feb 29 lands on the last day of the shorter month). Nullopt when the value
// is none of these or not a real day.
std::optional<std::string> date_bound(std::string_view value, PeriodEnd end, std::string_view today);

// The environment variable that stands in for today's date (YYYY-MM-DD) in
// relative --since/--until values: a test hook, so tests need no clock.
inline constexpr const char* kTodayEnvironment = "NEWS_TODAY";

// Today's local date as "YYYY-MM-DD", or $NEWS_TODAY when it is set.
std::string today();

// The time now in UTC as "YYYY-MM-DDTHH:MM:SSZ" (when an index was built or
// updated, when a saved search was checked).
std::string utc_now();

// The date given by one of the first lines of a plain-text article body, or
// nothing. Deliberately narrow, since prose is full of dates:
//   "May 9, 2024", "Thursday, 9 May 2024 10:00"         the line starts with a date
//   "Published: 2024-05-09", "Updated on May 9, 2024"   a date label, then the date
//   "MOSCOW, May 9, 2024 - Russia said..."              a capitalised place dateline
//   "By Jane Doe | May 9, 2024"                         a short line (<= 80 bytes) ending
//                                                       with a date after a separator
std::optional<std::string> dateline_date(std::string_view line);

}  // namespace news
