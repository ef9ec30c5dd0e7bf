#include "output/cli.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <xapian.h>

#include "output/version.h"

namespace news {

namespace fs = std::filesystem;

void IndexOption::add_to(CLI::App& app) {
  const char* env = std::getenv(kIndexEnvironment);
  dir = env && *env ? env : "index";
  app.add_option("--index", dir, std::string("index folder (default: $") + kIndexEnvironment + ", else ./index)")
      ->type_name("DIR");
}

void FormatOption::add_to(CLI::App& app) {
  app.add_option("--format", name, "output format: text, json or jsonl")
      ->check(CLI::IsMember({"text", "json", "jsonl"}))
      ->type_name("FORMAT");
}

OutputFormat FormatOption::or_default(OutputFormat fallback) const {
  if (name == "text") return OutputFormat::text;
  if (name == "json") return OutputFormat::json;
  if (name == "jsonl") return OutputFormat::jsonl;
  return fallback;
}

void QuietOption::add_to(CLI::App& app, const std::string& what_it_silences) {
  app.add_flag("--quiet,-q", quiet, what_it_silences);
}

void ColorOptions::add_to(CLI::App& app) {
  app.add_option("--color", when, "colour: auto (on a terminal, unless NO_COLOR is set), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.add_flag("--no-color", no_color, "no colour, even on a terminal (the same as --color never)");
}

bool ColorOptions::enabled_on(int fd) const {
  if (no_color || when == "never") return color_enabled(ColorWhen::never, fd);
  return color_enabled(when == "always" ? ColorWhen::always : ColorWhen::auto_detect, fd);
}

void CommonOptions::add_to(CLI::App& app, const std::string& what_quiet_silences) {
  index.add_to(app);
  format.add_to(app);
  quiet.add_to(app, what_quiet_silences);
  color.add_to(app);
}

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  const std::string range = max == UINT64_MAX ? "of " + std::to_string(min) + " or more"
                                              : "from " + std::to_string(min) + " to " + std::to_string(max);
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        std::uint64_t n = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (text.empty() || error != std::errc() || end != text.data() + text.size() || n < min || n > max) {
          return "expected a whole number " + range + ", got \"" + text + "\"";
        }
        return {};
      },
      "");
}

CLI::Validator positive_number(double max) {
  return CLI::Validator(
      [max](std::string& text) -> std::string {
        char* end = nullptr;
        const double n = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !(n > 0 && n <= max)) {
          return "expected a number above 0 and at most " + std::to_string(static_cast<long long>(max)) + ", got \"" + text + "\"";
        }
        return {};
      },
      "");
}

CLI::Validator number_between(double min, double max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        char* end = nullptr;
        const double n = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !(n >= min && n <= max)) {
          return fmt::format("expected a number from {} to {}, got \"{}\"", min, max, text);
        }
        return {};
      },
      "");
}

std::string docs_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path beside = exe.parent_path().parent_path() / "share" / "doc" / "newssearch";
    if (fs::is_directory(beside, ec)) return beside.string();
  }
  if (fs::is_directory(NEWS_INSTALL_DOC_DIR, ec)) return NEWS_INSTALL_DOC_DIR;
  return NEWS_SOURCE_DOC_DIR;
}

namespace {
std::string help_description(const ProgramDoc& doc) {
  std::string text = doc.summary + "\nExit status:";
  for (std::size_t i = 0; i < doc.exit_status.size(); ++i) {
    text += (i ? ", " : " ") + doc.exit_status[i].first + " " + doc.exit_status[i].second;
  }
  return text + ".";
}
}  // namespace

Program::Program(ProgramDoc doc) : doc_(std::move(doc)), app_(help_description(doc_), doc_.name) {
  app_.set_version_flag(
      "--version", [name = doc_.name] { return version_text(name); },
      "print the program, index schema, analyser, Xapian and ICU versions and exit");
  // Hidden: the build runs these to make the man page and completions (docs/man-pages.md).
  app_.add_flag("--help-man", man_page_, "print the man page (roff) and exit")->group("");
  app_.add_option("--completions", completions_, "print a completion script for SHELL and exit")
      ->check(CLI::IsMember({"bash", "zsh"}))
      ->group("");
  app_.footer([name = doc_.name] {
    const std::string docs = docs_dir();
    return "Documentation: " + docs + "/README.md, " + docs + "/docs/query-syntax.md (the query language), " + docs +
           "/docs/json-output.md (the JSON shape); man " + name;
  });
}

int Program::usage_error(const std::string& what) const {
  std::cerr << doc_.name << ": " << what << " (see " << doc_.name << " --help)\n";
  return kExitError;
}

int Program::run(int argc, char** argv, const std::function<int()>& body) {
  try {
    app_.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app_.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app_.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app_.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(e.what());
  }
  if (man_page_) {
    std::cout << man_page(app_, doc_, std::string(release_version()), NEWS_INSTALL_DOC_DIR);
    return kExitOk;
  }
  if (!completions_.empty()) {
    std::cout << (completions_ == "bash" ? bash_completion(app_) : zsh_completion(app_));
    return kExitOk;
  }
  try {
    return body();
  } catch (const CLI::ParseError& e) {
    return usage_error(e.what());
  } catch (const Xapian::Error& e) {
    std::cerr << doc_.name << ": " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << doc_.name << ": " << e.what() << "\n";
  }
  return kExitError;
}

}  // namespace news
