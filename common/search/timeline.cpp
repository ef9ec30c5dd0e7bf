#include "search/timeline.h"

#include <algorithm>
#include <charconv>
#include <map>

#include <fmt/format.h>

#include "text/dates.h"

namespace news {

namespace {

int weekday(long days) { return static_cast<int>(((days % 7) + 7 + 3) % 7) + 1; }  // Monday 1 ... Sunday 7

bool number(std::string_view text, int& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

std::optional<Ymd> parse_day(std::string_view date) {
  Ymd d;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  if (!number(date.substr(0, 4), d.year) || !number(date.substr(5, 2), d.month) || !number(date.substr(8, 2), d.day)) {
    return std::nullopt;
  }
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return std::nullopt;
  return d;
}

// ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday.
std::string iso_week(long days) {
  const long thursday = days + (4 - weekday(days));
  const Ymd t = civil_from_days(thursday);
  const long first = days_from_civil({t.year, 1, 1});
  return fmt::format("{:04}-W{:02}", t.year, (thursday - first) / 7 + 1);
}

long monday_of_iso_week(int year, int week) {
  const long jan4 = days_from_civil({year, 1, 4});
  return jan4 - (weekday(jan4) - 1) + 7L * (week - 1);
}

}  // namespace

std::string_view to_string(TimelineUnit unit) {
  switch (unit) {
    case TimelineUnit::day: return "day";
    case TimelineUnit::week: return "week";
    case TimelineUnit::month: return "month";
    case TimelineUnit::year: return "year";
  }
  return "?";
}

std::optional<TimelineUnit> timeline_unit_from_string(std::string_view name) {
  for (TimelineUnit unit : {TimelineUnit::day, TimelineUnit::week, TimelineUnit::month, TimelineUnit::year}) {
    if (to_string(unit) == name) return unit;
  }
  return std::nullopt;
}

std::string period_of(std::string_view date, TimelineUnit unit) {
  const std::optional<Ymd> d = parse_day(date);
  if (!d) return {};
  switch (unit) {
    case TimelineUnit::day: return std::string(date);
    case TimelineUnit::week: return iso_week(days_from_civil(*d));
    case TimelineUnit::month: return std::string(date.substr(0, 7));
    case TimelineUnit::year: return std::string(date.substr(0, 4));
  }
  return {};
}

std::string next_period(std::string_view period, TimelineUnit unit) {
  int year = 0, part = 0;
  switch (unit) {
    case TimelineUnit::day: {
      const std::optional<Ymd> d = parse_day(period);
      if (!d) return {};
      const Ymd next = civil_from_days(days_from_civil(*d) + 1);
      return fmt::format("{:04}-{:02}-{:02}", next.year, next.month, next.day);
    }
    case TimelineUnit::week:
      if (period.size() != 8 || !number(period.substr(0, 4), year) || !number(period.substr(6, 2), part)) return {};
      return iso_week(monday_of_iso_week(year, part) + 7);
    case TimelineUnit::month:
      if (period.size() != 7 || !number(period.substr(0, 4), year) || !number(period.substr(5, 2), part)) return {};
      return part == 12 ? fmt::format("{:04}-01", year + 1) : fmt::format("{:04}-{:02}", year, part + 1);
    case TimelineUnit::year:
      if (!number(period, year)) return {};
      return fmt::format("{:04}", year + 1);
  }
  return {};
}

void TimelineCounts::add(std::string_view date, std::uint64_t articles) {
  dates_.emplace_back(std::string(date), articles);
  matches_ += articles;
}

void TimelineCounts::add(const Xapian::ValueCountMatchSpy& date_spy) {
  std::uint64_t dated = 0;
  for (auto it = date_spy.values_begin(); it != date_spy.values_end(); ++it) {
    dates_.emplace_back(*it, it.get_termfreq());
    dated += it.get_termfreq();
  }
  matches_ += std::max<std::uint64_t>(date_spy.get_total(), dated);
}

Timeline TimelineCounts::timeline(TimelineUnit unit) const {
  Timeline out;
  out.unit = unit;
  std::map<std::string, std::uint64_t> by_period;
  std::uint64_t dated = 0;
  for (const auto& [date, articles] : dates_) {
    std::string period = period_of(date, unit);
    if (period.empty()) continue;
    by_period[std::move(period)] += articles;
    dated += articles;
  }
  out.undated = matches_ - dated;
  if (by_period.empty()) return out;
  const std::string last = by_period.rbegin()->first;
  for (std::string p = by_period.begin()->first; !p.empty() && p <= last; p = next_period(p, unit)) {
    auto it = by_period.find(p);
    out.periods.push_back({p, it == by_period.end() ? 0 : it->second});
  }
  return out;
}

}  // namespace news
