// The text view of a timeline: one line per period, a bar scaled so the
// busiest period fills the width left after the labels, drawn in Unicode
// eighth blocks or, where those would not show, in '#'.
#pragma once

#include <string>
#include <vector>

#include "search/timeline.h"

namespace news {

// Lines of at most `width` columns (at least a 10-column bar however narrow),
// "2024-03  ████▌ 12"; a period with matches always gets a visible mark.
std::vector<std::string> timeline_chart(const Timeline& timeline, int width, bool unicode);

}  // namespace news
