// What both programs share on the command line, PISA style: small option
// groups that add their own flags to a CLI11 App, so a flag is defined once
// and reads the same in both; number checks with one-line errors; and the
// Program that answers --help, --version, --help-man and --completions from
// those definitions and turns every error into one line and an exit code.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "output/program_docs.h"
#include "output/terminal.h"
#include "output/writer.h"

namespace news {

// Exit codes (like grep): documented in the README and the man pages.
inline constexpr int kExitOk = 0;       // something found / everything indexed
inline constexpr int kExitNothing = 1;  // nothing found / some files skipped or failed
inline constexpr int kExitError = 2;    // usage error, bad query, missing index, failure

inline constexpr const char* kIndexEnvironment = "NEWS_INDEX";

// --index DIR, defaulting to $NEWS_INDEX, then ./index.
struct IndexOption {
  std::string dir;
  void add_to(CLI::App& app);
};

// --format text|json|jsonl; the program's own default when not given.
struct FormatOption {
  std::string name;
  void add_to(CLI::App& app);
  OutputFormat or_default(OutputFormat fallback) const;
};

// --quiet/-q: each program says what it silences.
struct QuietOption {
  bool quiet = false;
  void add_to(CLI::App& app, const std::string& what_it_silences);
};

// --color auto|always|never, and --no-color (the same as --color never).
struct ColorOptions {
  std::string when = "auto";
  bool no_color = false;
  void add_to(CLI::App& app);
  bool enabled_on(int fd) const;
};

// The options every program has, added in one go.
struct CommonOptions {
  IndexOption index;
  FormatOption format;
  QuietOption quiet;
  ColorOptions color;
  void add_to(CLI::App& app, const std::string& what_quiet_silences);
};

// A whole number from `min` to `max`; "-5", "1.5" and numbers past 2^64 are
// refused: `--limit: expected a whole number from 1 to 1000, got "-5"`.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max = UINT64_MAX);
// A number above 0 and at most `max` (fractions allowed).
CLI::Validator positive_number(double max);
// A number from `min` to `max`, both included (fractions allowed):
// `--bm25-b: expected a number from 0 to 1, got "2"`.
CLI::Validator number_between(double min, double max);

class Program {
 public:
  explicit Program(ProgramDoc doc);
  CLI::App& app() { return app_; }

  // Parses the command line, answers --help, --version, --help-man and
  // --completions, then runs `body`. Usage errors, and any exception escaping
  // `body`, become one line on stderr ("<program>: <what>") and exit 2.
  int run(int argc, char** argv, const std::function<int()>& body);

 private:
  int usage_error(const std::string& what) const;
  ProgramDoc doc_;
  CLI::App app_;
  bool man_page_ = false;
  std::string completions_;
};

// The folder holding README.md and docs/: share/doc/newssearch beside the
// installed program, else the configured install folder, else the source tree.
std::string docs_dir();

}  // namespace news
