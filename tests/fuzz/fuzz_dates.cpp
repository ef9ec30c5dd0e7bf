// The date parser (text/dates.h) on any bytes: never a crash, and whatever it
// accepts is a real ISO calendar day.
#include <string>
#include <string_view>

#include "text/dates.h"
#include "fuzz_target.h"

namespace {

bool is_iso_day(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  const int year = std::stoi(d.substr(0, 4)), month = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return year >= 1800 && year <= 2199 && month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto date = news::parse_date(text)) fuzz::expect(is_iso_day(*date), "parse_date returned no calendar day");
  if (const auto date = news::dateline_date(text)) fuzz::expect(is_iso_day(*date), "dateline_date returned no calendar day");
  return 0;
}
