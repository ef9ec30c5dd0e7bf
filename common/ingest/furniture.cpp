#include "ingest/furniture.h"

#include <optional>
#include <regex>
#include <stdexcept>

#include "text/data_files.h"
#include "text/text_util.h"

namespace news {

namespace {
constexpr std::size_t kMaxFurnitureLineBytes = 100;
}

// All rules of a kind are joined into one alternation, so each line is
// matched once, not once per rule (std::regex is slow; this is per paragraph).
struct FurnitureFilter::Rules {
  std::optional<std::regex> whole_line;
  std::optional<std::regex> suffix;
};

FurnitureFilter::FurnitureFilter() : rules_(std::make_unique<Rules>()) {}
FurnitureFilter::FurnitureFilter(FurnitureFilter&&) noexcept = default;
FurnitureFilter& FurnitureFilter::operator=(FurnitureFilter&&) noexcept = default;
FurnitureFilter::~FurnitureFilter() = default;

FurnitureFilter FurnitureFilter::from_rules(std::string_view rules, const std::string& origin) {
  FurnitureFilter filter;
  const auto flags = std::regex::ECMAScript | std::regex::icase | std::regex::optimize;
  std::string whole_line, suffix;
  for (const auto& [line_number, line] : data_lines(rules)) {
    const auto space = line.find(' ');
    const std::string_view kind = line.substr(0, space);
    const std::string pattern(space == std::string_view::npos ? "" : trim(line.substr(space)));
    const std::string where = origin + ":" + std::to_string(line_number);
    if (pattern.empty()) throw std::runtime_error(where + ": rule has no pattern");
    try {
      std::regex(pattern, flags);  // each rule must be valid on its own, to name the bad line
    } catch (const std::regex_error& e) {
      throw std::runtime_error(where + ": bad regex: " + e.what());
    }
    if (kind == "line") {
      whole_line += (whole_line.empty() ? "(?:" : "|(?:") + pattern + ")";
    } else if (kind == "suffix") {
      suffix += (suffix.empty() ? "(?:" : "|(?:") + pattern + ")";
    } else {
      throw std::runtime_error(where + ": unknown rule kind '" + std::string(kind) + "' (expected 'line' or 'suffix')");
    }
  }
  if (!whole_line.empty()) filter.rules_->whole_line.emplace(whole_line, flags);
  if (!suffix.empty()) filter.rules_->suffix.emplace("(?:" + suffix + ")$", flags);
  return filter;
}

FurnitureFilter FurnitureFilter::from_file(const std::string& path) {
  return from_rules(read_file(path), path);
}

const FurnitureFilter& FurnitureFilter::standard() {
  static const FurnitureFilter filter = from_file(find_data_file("furniture.txt"));
  return filter;
}

TextRange FurnitureFilter::content_of_line(std::string_view text, TextRange line) const {
  TextRange content = trim_range(text, line);
  if (content.empty()) return {content.begin, content.begin};
  if (content.size() <= kMaxFurnitureLineBytes && rules_->whole_line) {
    const std::string_view s = text.substr(content.begin, content.size());
    if (std::regex_match(s.begin(), s.end(), *rules_->whole_line)) return {content.begin, content.begin};
  }
  if (!rules_->suffix) return content;
  // Only the tail can match a suffix rule; testing a bounded tail keeps long
  // paragraphs cheap.
  constexpr std::uint32_t kTail = 64;
  const std::uint32_t tail_begin = content.size() > kTail ? content.end - kTail : content.begin;
  const std::string_view tail = text.substr(tail_begin, content.end - tail_begin);
  std::match_results<std::string_view::const_iterator> m;
  if (std::regex_search(tail.begin(), tail.end(), m, *rules_->suffix)) {
    content.end = tail_begin + static_cast<std::uint32_t>(m.position(0));
    return trim_range(text, content);
  }
  return content;
}

}  // namespace news
