#include "output/version.h"

#include <unicode/uversion.h>
#include <xapian.h>

#include "text/analyser.h"
#include "index/schema.h"

namespace news {

std::string_view release_version() { return NEWS_VERSION; }

std::string version_text(std::string_view program) {
  UVersionInfo icu;
  u_getVersion(icu);  // the ICU linked in, which may differ from the headers' U_ICU_VERSION
  char icu_text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(icu, icu_text);
  return std::string(program) + " (newssearch) " + std::string(release_version()) + "\n" +
         "index schema " + std::to_string(schema::kSchemaVersion) + ", analyser " + std::to_string(kAnalyserVersion) +
         "\n" + "Xapian " + Xapian::version_string() + ", ICU " + icu_text;
}

}  // namespace news
