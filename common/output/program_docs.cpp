#include "output/program_docs.h"

#include <cctype>
#include <sstream>

namespace news {

namespace {

// The environment both programs read (README.md, "Environment").
const std::pair<const char*, const char*> kEnvironment[] = {
    {"NEWS_INDEX", "the index folder (or stub file) when --index is not given; default ./index"},
    {"NEWS_DATA_DIR", "a folder whose data files (furniture rules, gazetteer, aliases, synonyms) override the shipped ones"},
    {"NO_COLOR", "no colour, even on a terminal (https://no-color.org); output is otherwise the same"},
};

// CLI11 shows "FORMAT:{text,json,jsonl}": the value's name, then each check's description.
std::string value_name(const std::string& type_name) { return type_name.substr(0, type_name.find(':')); }

std::vector<std::string> choices_of(const std::string& type_name) {
  const std::size_t open = type_name.find(":{");
  const std::size_t close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::vector<std::string> choices;
  std::istringstream list(type_name.substr(open + 2, close - open - 2));
  for (std::string choice; std::getline(list, choice, ',');) choices.push_back(choice);
  return choices;
}

OptionDoc option_doc(const CLI::Option& option) {
  OptionDoc doc;
  for (const std::string& s : option.get_snames()) doc.names.push_back("-" + s);
  for (const std::string& l : option.get_lnames()) doc.names.push_back("--" + l);
  if (doc.names.empty()) doc.names.push_back(option.get_name(true));
  if (option.get_items_expected_max() > 0) {
    doc.value = value_name(option.get_type_name());
    doc.value_optional = option.get_expected_min() == 0;
    if (doc.value_optional && doc.value.size() > 2 && doc.value.front() == '[') doc.value = doc.value.substr(1, doc.value.size() - 2);
    doc.choices = choices_of(option.get_type_name());
  }
  doc.repeatable = option.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll || option.get_expected_max() > 1;
  doc.help = option.get_description();
  return doc;
}

std::vector<OptionDoc> docs_where(const CLI::App& app, bool positional) {
  std::vector<OptionDoc> out;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty() || option->nonpositional() == positional) continue;  // hidden, or the other kind
    out.push_back(option_doc(*option));
  }
  return out;
}

// Text for roff: backslashes escaped, every dash of a flag ("--no-color") a
// minus sign (groff would print a plain '-' as a hyphen, U+2010, which does not
// paste into a shell), and no line starting with a control character.
std::string roff(const std::string& text) {
  std::string out;
  bool in_flag = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool word_start = i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '(' ||
                            text[i - 1] == '[' || text[i - 1] == '\'' || text[i - 1] == '"' || text[i - 1] == '/';
    if (c == '-' && word_start) in_flag = true;
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) in_flag = false;
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-' && in_flag) {
      out += "\\-";
    } else {
      out += c;
    }
    if (c == '\n' && i + 1 < text.size() && (text[i + 1] == '.' || text[i + 1] == '\'')) out += "\\&";
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string man_option_line(const OptionDoc& o) {
  std::string line;
  for (const std::string& name : o.names) line += (line.empty() ? "" : ", ") + ("\\fB" + roff(name) + "\\fR");
  if (o.value.empty()) return line;
  const std::string value = "\\fI" + roff(o.value) + "\\fR";
  return line + " " + (o.value_optional ? "[" + value + "]" : value);
}

std::string shell_words(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// Inside single quotes, in a zsh _arguments spec: ' closes the quotes, and
// brackets end the explanation.
std::string zsh_quoted(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else if (c == '[' || c == ']') {
      out += std::string("\\") + c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string zsh_action(const OptionDoc& o) {
  if (!o.choices.empty()) return "(" + shell_words(o.choices) + ")";
  if (o.value == "DIR") return "_directories";
  if (o.value == "FILE") return "_files";
  return " ";
}

}  // namespace

std::vector<OptionDoc> option_docs(const CLI::App& app) { return docs_where(app, false); }
std::vector<OptionDoc> positional_docs(const CLI::App& app) { return docs_where(app, true); }

std::string man_page(const CLI::App& app, const ProgramDoc& doc, const std::string& version, const std::string& docs_dir) {
  std::ostringstream man;
  man << ".\\\" Generated by `" << doc.name << " --help-man` from the program's options; do not edit.\n";
  man << ".TH " << upper(doc.name) << " 1 \"\" \"newssearch " << version << "\" \"User Commands\"\n";
  man << ".SH NAME\n" << doc.name << " \\- " << roff(doc.summary) << "\n";
  man << ".SH SYNOPSIS\n.B " << doc.name << "\n[\\fIOPTIONS\\fR]";
  for (const OptionDoc& p : positional_docs(app)) man << " [\\fI" << roff(p.value.empty() ? p.names[0] : p.value) << "\\fR" << (p.repeatable ? "...]" : "]");
  man << "\n.SH DESCRIPTION\n";
  std::istringstream paragraphs(doc.description);
  bool first = true;
  for (std::string line; std::getline(paragraphs, line);) {
    if (line.empty()) {
      first = true;
      continue;
    }
    if (first) man << ".PP\n";
    man << roff(line) << "\n";
    first = false;
  }
  man << ".SH OPTIONS\n";
  for (const OptionDoc& p : positional_docs(app)) man << ".TP\n\\fI" << roff(p.value) << "\\fR\n" << roff(p.help) << "\n";
  for (const OptionDoc& o : option_docs(app)) {
    man << ".TP\n" << man_option_line(o) << "\n" << roff(o.help);
    if (!o.choices.empty()) man << " (one of: " << roff(shell_words(o.choices)) << ")";
    man << "\n";
  }
  man << ".SH ENVIRONMENT\n";
  for (const auto& [name, meaning] : kEnvironment) man << ".TP\n.B " << name << "\n" << roff(meaning) << "\n";
  man << ".SH EXIT STATUS\n";
  for (const auto& [code, meaning] : doc.exit_status) man << ".TP\n.B " << code << "\n" << roff(meaning) << "\n";
  if (!doc.examples.empty()) {
    man << ".SH EXAMPLES\n";
    for (const auto& [command, meaning] : doc.examples) man << ".TP\n\\fB" << roff(command) << "\\fR\n" << roff(meaning) << "\n";
  }
  man << ".SH FILES\n.TP\n.I " << roff(docs_dir) << "\n"
      << "README.md (both programs); docs/query-syntax.md (the query language), docs/json-output.md (the JSON "
         "shape), docs/input-formats.md, docs/entities.md, docs/scaling.md (shards), docs/design.md\n";
  man << ".SH SEE ALSO\n\\fBindexer\\fR(1), \\fBsearch\\fR(1), \\fBxapian\\-tcpsrv\\fR(1)\n";
  return man.str();
}

std::string bash_completion(const CLI::App& app) {
  const std::string name = app.get_name();
  std::vector<std::string> words;
  std::ostringstream cases;
  for (const OptionDoc& o : option_docs(app)) {
    words.insert(words.end(), o.names.begin(), o.names.end());
    if (o.value.empty() || o.value_optional) continue;  // the next word is another flag or a query word
    std::string pattern;
    for (const std::string& n : o.names) pattern += (pattern.empty() ? "" : "|") + n;
    cases << "    " << pattern << ") ";
    if (!o.choices.empty()) {
      cases << "COMPREPLY=($(compgen -W '" << shell_words(o.choices) << "' -- \"$cur\"))";
    } else if (o.value == "DIR") {
      cases << "compopt -o filenames; COMPREPLY=($(compgen -d -- \"$cur\"))";
    } else if (o.value == "FILE") {
      cases << "compopt -o filenames; COMPREPLY=($(compgen -f -- \"$cur\"))";
    } else {
      cases << "COMPREPLY=()";  // a number, a name, a date: nothing to offer
    }
    cases << "; return ;;\n";
  }
  std::ostringstream out;
  out << "# bash completion for " << name << ", generated by `" << name << " --completions bash` from its options.\n"
      << "_news_" << name << "() {\n"
      << "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      << "  case $prev in\n"
      << cases.str() << "  esac\n"
      << "  if [[ $cur == -* ]]; then\n"
      << "    COMPREPLY=($(compgen -W '" << shell_words(words) << "' -- \"$cur\"))\n"
      << "  fi\n"
      << "}\n"
      << "complete -F _news_" << name << " " << name << "\n";
  return out.str();
}

std::string zsh_completion(const CLI::App& app) {
  const std::string name = app.get_name();
  std::ostringstream out;
  out << "#compdef " << name << "\n"
      << "# zsh completion for " << name << ", generated by `" << name << " --completions zsh` from its options.\n"
      << "_arguments -s -S";
  for (const OptionDoc& o : option_docs(app)) {
    std::vector<std::string> names;
    for (const std::string& n : o.names) {
      const bool is_long = n.rfind("--", 0) == 0;
      names.push_back(o.value.empty() ? n : n + (is_long ? (o.value_optional ? "=-" : "=") : "+"));
    }
    std::string spec;
    if (o.repeatable) {
      spec = "'*'";
    } else if (o.names.size() > 1) {
      spec = "'(" + shell_words(o.names) + ")'";
    }
    spec += names.size() > 1 ? "{" + [&] {
      std::string joined;
      for (const std::string& n : names) joined += (joined.empty() ? "" : ",") + n;
      return joined;
    }() + "}" : names[0];
    spec += "'[" + zsh_quoted(o.help) + "]";
    if (!o.value.empty()) spec += std::string(o.value_optional ? "::" : ":") + zsh_quoted(o.value) + ":" + zsh_action(o);
    spec += "'";
    out << " \\\n  " << spec;
  }
  for (const OptionDoc& p : positional_docs(app)) out << " \\\n  '" << (p.repeatable ? "*" : "") << ":" << zsh_quoted(p.value) << ": '";
  out << "\n";
  return out.str();
}

}  // namespace news
