#include "output/cli.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <xapian.h>

namespace news {

CLI::Option* add_index_option(CLI::App& app, std::string& index) {
  const char* env = std::getenv(kIndexEnvironment);
  index = env && *env ? env : "index";
  return app.add_option("--index", index, std::string("index folder (default: $") + kIndexEnvironment + ", else ./index)")
      ->type_name("DIR");
}

CLI::Option* add_format_option(CLI::App& app, std::string& format) {
  return app.add_option("--format", format, "output format: text, json or jsonl")
      ->check(CLI::IsMember({"text", "json", "jsonl"}))
      ->type_name("FORMAT");
}

OutputFormat parse_format(const std::string& format) {
  if (format == "json") return OutputFormat::json;
  if (format == "jsonl") return OutputFormat::jsonl;
  return OutputFormat::text;
}

int run_program(CLI::App& app, int argc, char** argv, const std::function<int()>& body) {
  const std::string name = app.get_name();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << name << ": " << e.what() << "\n" << "Run '" << name << " --help' for usage.\n";
    return kExitError;
  }
  try {
    return body();
  } catch (const Xapian::Error& e) {
    std::cerr << name << ": " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << name << ": " << e.what() << "\n";
  }
  return kExitError;
}

namespace {
bool color_allowed() {
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return !(no_color && *no_color) && !(term && std::string(term) == "dumb");
}
}  // namespace

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) && color_allowed(); }
bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) && color_allowed(); }

}  // namespace news
