#include "text/dates.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <ctime>

#include "text/text_util.h"

namespace news {

namespace {

constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2199;
// A line longer than this only gives a date when it starts with one.
constexpr std::size_t kShortLineBytes = 80;
constexpr std::size_t kMaxPlaceBytes = 50;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool is_possible(const Ymd& d) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.year < kMinYear || d.year > kMaxYear || d.month < 1 || d.month > 12 || d.day < 1) return false;
  if (d.day > kDays[static_cast<std::size_t>(d.month - 1)]) return false;
  return !(d.month == 2 && d.day == 29 && !is_leap(d.year));
}

// Only called on possible dates, so every field has its width.
std::string iso(const Ymd& d) {
  std::string out = "0000-00-00";
  auto put = [&](std::size_t end, int value) {
    for (std::size_t i = end; value > 0; value /= 10) out[--i] = static_cast<char>('0' + value % 10);
  };
  put(4, d.year);
  put(7, d.month);
  put(10, d.day);
  return out;
}

// 1-12 for an English month name, its three-letter abbreviation or "Sept"; 0 otherwise.
int month_number(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (iequals(word, kMonths[i]) || iequals(word, kMonths[i].substr(0, 3))) return static_cast<int>(i + 1);
  }
  return iequals(word, "sept") ? 9 : 0;
}

bool is_weekday(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kDays = {"monday", "tuesday",  "wednesday", "thursday",
                                                            "friday", "saturday", "sunday"};
  for (std::string_view day : kDays) {
    if (iequals(word, day) || iequals(word, day.substr(0, 3))) return true;
  }
  return iequals(word, "tues") || iequals(word, "thur") || iequals(word, "thurs");
}

// A cursor over one string. Each take_* consumes what it names and returns it,
// or leaves the position where it was; callers try alternatives on copies.
class Scanner {
 public:
  explicit Scanner(std::string_view s, std::size_t pos = 0) : s_(s), pos_(pos) {}
  std::size_t pos() const { return pos_; }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }

  // Spaces, tabs and U+00A0.
  void skip_spaces() {
    while (pos_ < s_.size()) {
      if (s_[pos_] == ' ' || s_[pos_] == '\t') {
        ++pos_;
      } else if (s_.substr(pos_, 2) == "\xC2\xA0") {
        pos_ += 2;
      } else {
        break;
      }
    }
  }
  bool take(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  // Between min and max digits, not followed by another digit.
  std::optional<int> take_number(std::size_t min_digits, std::size_t max_digits) {
    std::size_t n = 0;
    int value = 0;
    while (n <= max_digits && is_digit(peek(n))) value = value * 10 + (peek(n++) - '0');
    if (n < min_digits || n > max_digits) return std::nullopt;
    pos_ += n;
    return value;
  }
  // A run of ASCII letters (possibly empty).
  std::string_view take_word() {
    std::size_t n = 0;
    while (is_alpha(peek(n))) ++n;
    std::string_view word = s_.substr(pos_, n);
    pos_ += n;
    return word;
  }
  // One of the separators a label or byline puts before a date: ':', '|', '-', en and em dash.
  bool take_separator() {
    if (take(':') || take('|') || take('-')) return true;
    if (s_.substr(pos_, 3) == "\xE2\x80\x93" || s_.substr(pos_, 3) == "\xE2\x80\x94") {
      pos_ += 3;
      return true;
    }
    return false;
  }

 private:
  std::string_view s_;
  std::size_t pos_;
};

// "9", "09", "9th": a day of the month, the ordinal suffix dropped.
std::optional<int> take_day(Scanner& sc) {
  auto day = sc.take_number(1, 2);
  if (!day) return std::nullopt;
  Scanner after = sc;
  std::string_view suffix = after.take_word();
  if (iequals(suffix, "st") || iequals(suffix, "nd") || iequals(suffix, "rd") || iequals(suffix, "th")) sc = after;
  return day;
}

std::optional<int> take_month_name(Scanner& sc) {
  Scanner s = sc;
  const int month = month_number(s.take_word());
  if (month == 0) return std::nullopt;
  s.take('.');
  sc = s;
  return month;
}

// 2024-05-09, 2024/5/9, 2024.05.09
std::optional<Ymd> year_first(Scanner& sc) {
  Ymd d;
  auto year = sc.take_number(4, 4);
  const char sep = sc.peek();
  if (!year || (sep != '-' && sep != '/' && sep != '.')) return std::nullopt;
  sc.take(sep);
  auto month = sc.take_number(1, 2);
  if (!month || !sc.take(sep)) return std::nullopt;
  auto day = sc.take_number(1, 2);
  if (!day) return std::nullopt;
  return Ymd{*year, *month, *day};
}

// 05/09/2024 (US: month first) and 09.05.2024 (day first).
std::optional<Ymd> numeric_with_year_last(Scanner& sc) {
  auto first = sc.take_number(1, 2);
  const char sep = sc.peek();
  if (!first || (sep != '/' && sep != '.')) return std::nullopt;
  sc.take(sep);
  auto second = sc.take_number(1, 2);
  if (!second || !sc.take(sep)) return std::nullopt;
  auto year = sc.take_number(4, 4);
  if (!year) return std::nullopt;
  return sep == '/' ? Ymd{*year, *first, *second} : Ymd{*year, *second, *first};
}

// May 9, 2024 / Sept. 9th 2024
std::optional<Ymd> month_name_first(Scanner& sc) {
  auto month = take_month_name(sc);
  if (!month) return std::nullopt;
  sc.skip_spaces();
  auto day = take_day(sc);
  if (!day) return std::nullopt;
  sc.take(',');
  sc.skip_spaces();
  auto year = sc.take_number(4, 4);
  if (!year) return std::nullopt;
  return Ymd{*year, *month, *day};
}

// 9 May 2024 / 09 May, 2024 / 9th of May 2024
std::optional<Ymd> day_first(Scanner& sc) {
  auto day = take_day(sc);
  if (!day) return std::nullopt;
  sc.skip_spaces();
  Scanner of = sc;
  if (iequals(of.take_word(), "of")) {
    of.skip_spaces();
    sc = of;
  }
  auto month = take_month_name(sc);
  if (!month) return std::nullopt;
  sc.take(',');
  sc.skip_spaces();
  auto year = sc.take_number(4, 4);
  if (!year) return std::nullopt;
  return Ymd{*year, *month, *day};
}

// 26-FEB-1987, 9-May-2024: the wire services' form (Reuters-21578).
std::optional<Ymd> day_month_year_dashed(Scanner& sc) {
  auto day = sc.take_number(1, 2);
  if (!day || !sc.take('-')) return std::nullopt;
  const int month = month_number(sc.take_word());
  if (month == 0 || !sc.take('-')) return std::nullopt;
  auto year = sc.take_number(4, 4);
  if (!year) return std::nullopt;
  return Ymd{*year, month, *day};
}

// RFC 822's "26 Feb 87 15:01:01": a two-digit year is only taken when a time
// follows it, which is what tells the mail-header form from a stray number.
std::optional<Ymd> rfc822_short_year(Scanner& sc) {
  auto day = take_day(sc);
  if (!day) return std::nullopt;
  sc.skip_spaces();
  auto month = take_month_name(sc);
  if (!month) return std::nullopt;
  sc.skip_spaces();
  auto year = sc.take_number(2, 2);
  if (!year) return std::nullopt;
  Scanner time = sc;
  time.skip_spaces();
  if (!time.take_number(1, 2) || !time.take(':') || !time.take_number(2, 2)) return std::nullopt;
  return Ymd{*year < 50 ? 2000 + *year : 1900 + *year, *month, *day};
}

struct DateMatch {
  std::string iso;
  std::size_t end = 0;  // one past the date in the scanned string
};

// A date starting exactly at `pos`, optionally after a weekday name. The date
// must not run into a following word or number ("2024-05-09T10:00" is fine).
std::optional<DateMatch> date_at(std::string_view s, std::size_t pos) {
  Scanner start(s, pos);
  {
    Scanner weekday = start;
    if (is_weekday(weekday.take_word())) {
      if (!weekday.take(',')) weekday.take('.');
      weekday.skip_spaces();
      start = weekday;
    }
  }
  using Form = std::optional<Ymd> (*)(Scanner&);
  for (Form form : {year_first, numeric_with_year_last, day_month_year_dashed, month_name_first, day_first,
                    rfc822_short_year}) {
    Scanner sc = start;
    const std::optional<Ymd> date = form(sc);
    if (!date) continue;
    const char next = sc.peek();
    const bool iso_time = form == year_first && (next == 'T' || next == 't') && is_digit(sc.peek(1));
    if (is_alnum(next) && !iso_time) return std::nullopt;
    if (!is_possible(*date)) return std::nullopt;
    return DateMatch{iso(*date), sc.pos()};
  }
  return std::nullopt;
}

// "Published:", "Updated on", "Date -": the position after such a label and its
// separator, or `npos` when the line does not start with one.
std::size_t after_date_label(std::string_view line) {
  static constexpr std::array<std::string_view, 9> kLabels = {
      "first published", "last updated", "published", "updated", "posted", "dated", "date", "filed", "released"};
  for (std::string_view label : kLabels) {
    if (!istarts_with(line, label) || is_alpha(Scanner(line, label.size()).peek())) continue;
    Scanner sc(line, label.size());
    sc.skip_spaces();
    Scanner on = sc;
    if (iequals(on.take_word(), "on")) sc = on;
    sc.skip_spaces();
    sc.take_separator();
    sc.skip_spaces();
    return sc.pos();
  }
  return std::string_view::npos;
}

// "MOSCOW", "WASHINGTON, D.C.", "SÃO PAULO (Reuters)": capitals, no digits,
// no lower case outside parentheses.
bool looks_like_place(std::string_view s) {
  if (s.empty() || s.size() > kMaxPlaceBytes) return false;
  int capitals = 0;
  int paren_depth = 0;
  for (char c : s) {
    if (c == '(') ++paren_depth;
    if (c == ')') --paren_depth;
    if (is_digit(c)) return false;
    if (c >= 'A' && c <= 'Z') ++capitals;
    if (c >= 'a' && c <= 'z' && paren_depth <= 0) return false;
  }
  return capitals >= 2 && is_alpha(s.front());
}

std::optional<std::string> place_dateline(std::string_view line) {
  for (std::size_t comma = line.find(','); comma != std::string_view::npos && comma <= kMaxPlaceBytes;
       comma = line.find(',', comma + 1)) {
    if (!looks_like_place(line.substr(0, comma))) return std::nullopt;
    Scanner sc(line, comma + 1);
    sc.skip_spaces();
    if (auto m = date_at(line, sc.pos())) return m->iso;
  }
  return std::nullopt;
}

bool ends_with_separator(std::string_view prefix) {
  if (prefix.empty()) return false;
  const char last = prefix.back();
  if (last == '|' || last == ',' || last == ':' || last == '-' || last == '/') return true;
  for (std::string_view sep : {"\xC2\xB7", "\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\x94"}) {  // · • – —
    if (prefix.ends_with(sep)) return true;
  }
  return false;
}

// Nothing after the date but a time or another byline field.
bool only_time_or_field_follows(std::string_view rest) {
  rest = trim(rest);
  if (rest.empty()) return true;
  Scanner sc(rest);
  return is_digit(rest.front()) || rest.front() == '(' || rest.front() == ',' || sc.take_separator() ||
         istarts_with(rest, "\xC2\xB7") || istarts_with(rest, "\xE2\x80\xA2") || iequals(sc.take_word(), "at");
}

std::optional<std::string> byline_date(std::string_view line) {
  if (line.size() > kShortLineBytes) return std::nullopt;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (!is_alnum(line[i]) || is_alnum(line[i - 1])) continue;
    if (!ends_with_separator(trim(line.substr(0, i)))) continue;
    if (auto m = date_at(line, i); m && only_time_or_field_follows(line.substr(m->end))) return m->iso;
  }
  return std::nullopt;
}


int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

constexpr int kMinBoundYear = 1000;
constexpr int kMaxBoundYear = 9999;

bool is_bound_day(const Ymd& d) {
  return d.year >= kMinBoundYear && d.year <= kMaxBoundYear && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

// A whole number written with digits only, exactly filling `s`.
std::optional<int> whole_number(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits || !std::all_of(s.begin(), s.end(), is_digit)) return std::nullopt;
  int n = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (error != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

// "YYYY", "YYYY-MM", "YYYY-MM-DD" as the first or last day of that period.
std::optional<Ymd> calendar_bound(std::string_view value, PeriodEnd end) {
  const auto year = value.size() >= 4 ? whole_number(value.substr(0, 4), 4) : std::nullopt;
  if (!year) return std::nullopt;
  Ymd d{*year, end == PeriodEnd::start ? 1 : 12, 1};
  if (value.size() == 4) {
    d.day = end == PeriodEnd::start ? 1 : 31;
  } else if (value.size() == 7 && value[4] == '-') {
    const auto month = whole_number(value.substr(5, 2), 2);
    if (!month || *month < 1 || *month > 12) return std::nullopt;
    d.month = *month;
    d.day = end == PeriodEnd::start ? 1 : days_in_month(d.year, d.month);
  } else if (value.size() == 10 && value[4] == '-' && value[7] == '-') {
    const auto month = whole_number(value.substr(5, 2), 2);
    const auto day = whole_number(value.substr(8, 2), 2);
    if (!month || !day) return std::nullopt;
    d.month = *month;
    d.day = *day;
  } else {
    return std::nullopt;
  }
  if (!is_bound_day(d)) return std::nullopt;
  return d;
}

// "7d", "2w", "3m", "1y" back from `today`.
std::optional<Ymd> relative_bound(std::string_view value, std::string_view today) {
  if (value.size() < 2) return std::nullopt;
  const auto count = whole_number(value.substr(0, value.size() - 1), 6);
  const auto from = calendar_bound(today, PeriodEnd::start);
  if (!count || !from || today.size() != 10) return std::nullopt;
  Ymd d = *from;
  switch (lower(value.back())) {
    case 'd': d = civil_from_days(days_from_civil(d) - *count); break;
    case 'w': d = civil_from_days(days_from_civil(d) - 7L * *count); break;
    case 'm': {
      const long months = static_cast<long>(d.year) * 12 + (d.month - 1) - *count;
      d.year = static_cast<int>(months / 12);
      d.month = static_cast<int>(months % 12) + 1;
      d.day = std::min(d.day, days_in_month(d.year, d.month));
      break;
    }
    case 'y':
      d.year -= *count;
      d.day = std::min(d.day, days_in_month(d.year, d.month));
      break;
    default: return std::nullopt;
  }
  if (!is_bound_day(d)) return std::nullopt;
  return d;
}

}  // namespace

// Days since 1970-01-01 and back (Howard Hinnant's civil calendar algorithms).
long days_from_civil(Ymd d) {
  const int y = d.year - (d.month <= 2);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<long>(era) * 146097 + doe - 719468;
}

Ymd civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Ymd{static_cast<int>(yoe + era * 400 + (month <= 2)), month, day};
}

std::optional<std::string> date_bound(std::string_view value, PeriodEnd end, std::string_view today) {
  value = trim(value);
  std::optional<Ymd> d = calendar_bound(value, end);
  if (!d) d = relative_bound(value, today);
  if (!d) return std::nullopt;
  return iso(*d);
}

std::string today() {
  if (const char* fixed = std::getenv(kTodayEnvironment); fixed && *fixed) return fixed;
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return iso(Ymd{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday});
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::optional<std::string> parse_date(std::string_view value) {
  value = trim(value);
  if (auto m = date_at(value, 0)) return m->iso;
  return std::nullopt;
}

std::optional<std::string> dateline_date(std::string_view line) {
  line = trim(line);
  // Markdown emphasis and quoting around a dateline: "*May 9, 2024*", "> Published: ...".
  while (!line.empty() && (line.front() == '*' || line.front() == '_' || line.front() == '>')) {
    line = trim(line.substr(1));
  }
  if (line.empty()) return std::nullopt;
  if (auto m = date_at(line, 0)) return m->iso;
  if (std::size_t pos = after_date_label(line); pos != std::string_view::npos) {
    if (auto m = date_at(line, pos)) return m->iso;
    return std::nullopt;
  }
  if (auto date = place_dateline(line)) return date;
  return byline_date(line);
}

}  // namespace news
