// What both programs share on the command line: the --index option (with its
// environment variable), the output-format option, exit codes, and turning
// exceptions into one line on standard error with the right exit code.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "output/output.h"

namespace news {

// Exit codes (like grep): documented in the README.
inline constexpr int kExitOk = 0;       // something found / everything indexed
inline constexpr int kExitNothing = 1;  // nothing found / some files skipped or failed
inline constexpr int kExitError = 2;    // usage error, bad query, missing index, failure

inline constexpr const char* kIndexEnvironment = "NEWS_INDEX";

// --index DIR, defaulting to $NEWS_INDEX, then "index".
CLI::Option* add_index_option(CLI::App& app, std::string& index);
// --format text|json|jsonl
CLI::Option* add_format_option(CLI::App& app, std::string& format);
OutputFormat parse_format(const std::string& format);

// Parses the command line and runs `body`; usage errors, and any exception
// escaping `body`, become one line on stderr ("<program>: <what>") and exit 2.
int run_program(CLI::App& app, int argc, char** argv, const std::function<int()>& body);

// Whether standard output/error is a terminal (and colour is not disabled by
// NO_COLOR or TERM=dumb).
bool stdout_is_terminal();
bool stderr_is_terminal();

}  // namespace news
