// What `--version` says: the program and release, the index schema and
// analyser versions it reads and writes (an index of other versions needs
// `indexer --rebuild`), and the Xapian and ICU it runs with.
#pragma once

#include <string>
#include <string_view>

namespace news {

// The project release, from CMakeLists.txt's project(VERSION).
std::string_view release_version();

// Three lines:
//   search (newssearch) 0.1.0
//   index schema 4, analyser 1
//   Xapian 1.4.22, ICU 72.1
std::string version_text(std::string_view program);

}  // namespace news
