#include "output/writer.h"

#include "text/printable.h"
#include "output/json_writer.h"
#include "output/text_writer.h"

namespace news {

std::unique_ptr<OutputWriter> make_output_writer(const OutputStyle& style, const OutputTarget& target) {
  if (style.format == OutputFormat::text) return std::make_unique<TextWriter>(style, target);
  return std::make_unique<JsonWriter>(style, target);
}

void write_notices(const OutputTarget& target, const SearchResult& result) {
  if (!target.notices) return;
  for (const std::string& warning : result.warnings) *target.notices << target.program << ": " << printable(warning) << "\n";
}

void write_correction(const OutputTarget& target, const SearchResult& result) {
  if (!target.corrections || !result.corrected) return;
  *target.corrections << target.program << ": searched \"" << result.searched << "\" instead of \"" << result.query
                      << "\"\n";
}

}  // namespace news
