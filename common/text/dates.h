// Article dates: the forms news sources write them in ("2024-05-09T10:00:00Z",
// "Thursday, May 9, 2024", RFC 2822 "Thu, 09 May 2024 10:00:00 GMT") turned
// into the ISO "YYYY-MM-DD" that the index sorts and filters on. English month
// and weekday names only; impossible dates (May 32, Feb 29 2023) are refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace news {

// A date value as metadata gives it (a JSONL "date" field, an HTML meta tag, a
// <time datetime>): the date must start the value, and may be followed by a
// time or anything else that does not continue a number or a word. Accepted:
//   2024-05-09, 2024/05/09, 2024-05-09T10:00:00Z      ISO, year first
//   May 9, 2024, Sept. 9 2024, May 9th, 2024          month name first
//   9 May 2024, 09 May, 2024, 9th of May 2024         day first
//   Thursday, May 9, 2024, Thu, 09 May 2024 10:00 GMT  with a weekday
//   05/09/2024                                        slashes: US order, month first
//   09.05.2024                                        dots: day first
// Years 1800-2199; two-digit years are refused as ambiguous.
std::optional<std::string> parse_date(std::string_view value);

// The date given by one of the first lines of a plain-text article body, or
// nothing. Deliberately narrow, since prose is full of dates:
//   "May 9, 2024", "Thursday, 9 May 2024 10:00"         the line starts with a date
//   "Published: 2024-05-09", "Updated on May 9, 2024"   a date label, then the date
//   "MOSCOW, May 9, 2024 - Russia said..."              a capitalised place dateline
//   "By Jane Doe | May 9, 2024"                         a short line (<= 80 bytes) ending
//                                                       with a date after a separator
std::optional<std::string> dateline_date(std::string_view line);

}  // namespace news
