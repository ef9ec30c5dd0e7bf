# Every dependency comes from a Debian 12 package; when one is missing we stop
# and name the package to install, instead of failing later in the compiler.
find_package(PkgConfig)
if(NOT PkgConfig_FOUND)
  message(FATAL_ERROR "pkg-config not found: apt-get install pkg-config")
endif()

function(news_require_pkg target module debian_package)
  pkg_check_modules(${target} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT ${target}_FOUND)
    message(FATAL_ERROR "${module} not found: apt-get install ${debian_package}")
  endif()
endfunction()

news_require_pkg(XAPIAN xapian-core libxapian-dev)
# A static libxapian that scripts/static_xapian.sh builds from Debian's source
# of the installed libxapian-dev (the same version, so the same index format as
# xapian-tools): linked with it and a static libstdc++, `search` loads no C++
# shared library, 0.4-0.5 ms of a one-shot query (docs/design.md, "A start
# without C++ shared libraries"). Without it, the shared library.
set(NEWS_XAPIAN_STATIC_DIR "${CMAKE_BINARY_DIR}/xapian-static" CACHE PATH
    "Where scripts/static_xapian.sh installed a static libxapian (used when it holds the installed version)")
set(NEWS_XAPIAN PkgConfig::XAPIAN)
set(NEWS_XAPIAN_STATIC OFF)
if(EXISTS "${NEWS_XAPIAN_STATIC_DIR}/lib/libxapian.a" AND EXISTS "${NEWS_XAPIAN_STATIC_DIR}/include/xapian/version.h")
  file(STRINGS "${NEWS_XAPIAN_STATIC_DIR}/include/xapian/version.h" static_version_line
       REGEX "^#define XAPIAN_VERSION \"")
  string(REGEX REPLACE ".*\"(.*)\".*" "\\1" static_version "${static_version_line}")
  if(static_version STREQUAL XAPIAN_VERSION)
    find_library(ZLIB_STATIC libz.a)
    find_library(UUID_STATIC libuuid.a)
    add_library(xapian_static INTERFACE)
    target_include_directories(xapian_static INTERFACE "${NEWS_XAPIAN_STATIC_DIR}/include")
    target_link_libraries(xapian_static INTERFACE "${NEWS_XAPIAN_STATIC_DIR}/lib/libxapian.a"
                          $<IF:$<BOOL:${ZLIB_STATIC}>,${ZLIB_STATIC},z> $<IF:$<BOOL:${UUID_STATIC}>,${UUID_STATIC},uuid>)
    set(NEWS_XAPIAN xapian_static)
    set(NEWS_XAPIAN_STATIC ON)
    message(STATUS "Xapian ${static_version}: static, from ${NEWS_XAPIAN_STATIC_DIR}")
  else()
    message(STATUS "static libxapian in ${NEWS_XAPIAN_STATIC_DIR} is ${static_version}, not the installed "
                   "${XAPIAN_VERSION}: linking the shared one (scripts/static_xapian.sh rebuilds it)")
  endif()
endif()
news_require_pkg(ICU_UC icu-uc libicu-dev)
news_require_pkg(ICU_I18N icu-i18n libicu-dev)
# ICU is linked statically: resolving its thousands of symbols at every start
# was 2 ms of a 15 ms `search` run (bench/). libicu-dev ships the archives.
find_library(ICU_I18N_STATIC libicui18n.a)
find_library(ICU_UC_STATIC libicuuc.a)
find_library(ICU_DATA_STATIC libicudata.a)
if(ICU_I18N_STATIC AND ICU_UC_STATIC AND ICU_DATA_STATIC)
  add_library(icu_static INTERFACE)
  target_include_directories(icu_static INTERFACE ${ICU_UC_INCLUDE_DIRS})
  target_link_libraries(icu_static INTERFACE ${ICU_I18N_STATIC} ${ICU_UC_STATIC} ${ICU_DATA_STATIC} ${CMAKE_DL_LIBS})
  set(NEWS_ICU icu_static)
else()
  message(STATUS "static ICU archives not found: linking ICU dynamically")
  set(NEWS_ICU PkgConfig::ICU_UC PkgConfig::ICU_I18N)
endif()
news_require_pkg(GUMBO gumbo libgumbo-dev)
# RSS and Atom feeds (common/ingest/feed_reader.cpp): a streaming XML parser
# with entity-loop protection.
news_require_pkg(LIBXML2 libxml-2.0 libxml2-dev)
# Stored article text is zstd-compressed (index/stored_article.cpp). Linked
# statically when the archive is there, like ICU: one shared library fewer to
# load at every `search` start.
news_require_pkg(ZSTD libzstd libzstd-dev)
find_library(ZSTD_STATIC libzstd.a)
if(ZSTD_STATIC)
  add_library(zstd_static INTERFACE)
  target_include_directories(zstd_static INTERFACE ${ZSTD_INCLUDE_DIRS})
  target_link_libraries(zstd_static INTERFACE ${ZSTD_STATIC})
  set(NEWS_ZSTD zstd_static)
else()
  set(NEWS_ZSTD PkgConfig::ZSTD)
endif()
# XXH3 for content digests, shard choice and entity ids, used header-only
# (XXH_INLINE_ALL): nothing to link, but the header must be there.
news_require_pkg(XXHASH libxxhash libxxhash-dev)
# The indexer's threads allocate heavily; glibc malloc cost a third more time (bench/).
news_require_pkg(JEMALLOC jemalloc libjemalloc-dev)
# search --serve's HTTP server (common/serve/), and the client of the tests and bench/http_load.
news_require_pkg(HTTPLIB cpp-httplib libcpp-httplib-dev)

macro(news_require_config package debian_package)
  find_package(${package} CONFIG QUIET)
  if(NOT ${package}_FOUND)
    message(FATAL_ERROR "${package} not found: apt-get install ${debian_package}")
  endif()
endmacro()

news_require_config(CLI11 libcli11-dev)
news_require_config(nlohmann_json nlohmann-json3-dev)
news_require_config(fmt libfmt-dev)
# Header-only: libfmt.so would load the shared libstdc++ into `search`, whose
# start-up is measured (see NEWS_XAPIAN above).
set(NEWS_FMT fmt::fmt-header-only)
if(NEWS_BUILD_TESTS)
  news_require_config(doctest doctest-dev)
endif()
