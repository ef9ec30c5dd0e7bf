// Timelines: how many matching articles fall in each day, ISO week, month or
// year, counted in the one pass over the match set that facets use (a stock
// ValueCountMatchSpy on the date slot, so remote shards count their own), and
// laid out as a run of consecutive periods from the first dated match to the
// last, empty periods included, so a chart shows the gaps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace news {

enum class TimelineUnit { day, week, month, year };

std::string_view to_string(TimelineUnit unit);
std::optional<TimelineUnit> timeline_unit_from_string(std::string_view name);

struct TimelinePeriod {
  std::string period;  // "2024-03-05", "2024-W10" (ISO 8601 week), "2024-03" or "2024"
  std::uint64_t count = 0;
};

struct Timeline {
  TimelineUnit unit = TimelineUnit::month;
  std::vector<TimelinePeriod> periods;  // oldest first, consecutive
  std::uint64_t undated = 0;            // matches without a date
};

// The period an ISO date "YYYY-MM-DD" falls in; empty for a value that is no date.
std::string period_of(std::string_view date, TimelineUnit unit);
// The period after `period` (of the same unit).
std::string next_period(std::string_view period, TimelineUnit unit);

// Adds up dates (value -> articles) into periods; `matches` is how many
// articles were counted in all, dated or not.
class TimelineCounts {
 public:
  void add(std::string_view date, std::uint64_t articles);
  void add(const Xapian::ValueCountMatchSpy& date_spy);  // a spy on schema::kDateSlot
  Timeline timeline(TimelineUnit unit) const;

 private:
  std::vector<std::pair<std::string, std::uint64_t>> dates_;
  std::uint64_t matches_ = 0;
};

}  // namespace news
