#include "output/timeline_chart.h"

#include <algorithm>

#include <fmt/format.h>

namespace news {

namespace {

constexpr int kMinBarColumns = 10;

// A bar of `eighths` eighths of a column.
std::string bar(std::uint64_t eighths, bool unicode) {
  if (!unicode) return std::string((eighths + 7) / 8, '#');
  static const char* const kPartial[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  std::string out;
  for (std::uint64_t i = 0; i < eighths / 8; ++i) out += "█";
  return out + kPartial[eighths % 8];
}

}  // namespace

std::vector<std::string> timeline_chart(const Timeline& timeline, int width, bool unicode) {
  std::size_t label = 0, digits = 1;
  std::uint64_t busiest = 0;
  for (const TimelinePeriod& p : timeline.periods) {
    label = std::max(label, p.period.size());
    digits = std::max(digits, std::to_string(p.count).size());
    busiest = std::max(busiest, p.count);
  }
  // "label  bar count": two spaces after the label, one before the count.
  const int columns = std::max(kMinBarColumns, width - static_cast<int>(label + 2 + 1 + digits));
  std::vector<std::string> lines;
  for (const TimelinePeriod& p : timeline.periods) {
    std::uint64_t eighths = busiest == 0 ? 0 : (p.count * static_cast<std::uint64_t>(columns) * 8 + busiest / 2) / busiest;
    if (p.count > 0) eighths = std::max<std::uint64_t>(eighths, 1);
    const std::string drawn = bar(eighths, unicode);
    const std::size_t drawn_columns = unicode ? (eighths + 7) / 8 : drawn.size();
    lines.push_back(fmt::format("{:<{}}  {}{} {}", p.period, label, drawn,
                                std::string(static_cast<std::size_t>(columns) - drawn_columns, ' '), p.count));
  }
  return lines;
}

}  // namespace news
