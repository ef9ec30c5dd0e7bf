// Man pages and shell completions made from a program's CLI11 App, so they
// list exactly the flags --help lists, with the same words. CMake runs each
// program's hidden `--help-man` and `--completions bash|zsh` at build time
// (docs/man-pages.md).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

namespace news {

// What the man page says besides the options.
struct ProgramDoc {
  std::string name;         // "search"
  std::string summary;      // one line: the man page's NAME, the first line of --help
  std::string description;  // the man page's DESCRIPTION (paragraphs split by blank lines)
  std::vector<std::pair<std::string, std::string>> exit_status;  // code, meaning
  std::vector<std::pair<std::string, std::string>> examples;     // command, what it does
};

// A visible option as the documentation shows it.
struct OptionDoc {
  std::vector<std::string> names;    // "-q", "--quiet"
  std::string value;                 // "DIR"; empty for a flag
  bool value_optional = false;       // --entities [TEXT]
  std::vector<std::string> choices;  // from a CLI::IsMember check
  bool repeatable = false;
  std::string help;
};

// The options --help lists (hidden ones left out), in its order; positionals apart.
std::vector<OptionDoc> option_docs(const CLI::App& app);
std::vector<OptionDoc> positional_docs(const CLI::App& app);

// roff for man(7); `docs_dir` is named under FILES.
std::string man_page(const CLI::App& app, const ProgramDoc& doc, const std::string& version, const std::string& docs_dir);
std::string bash_completion(const CLI::App& app);
std::string zsh_completion(const CLI::App& app);

}  // namespace news
