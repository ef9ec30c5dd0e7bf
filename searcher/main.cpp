// search: ranked queries over an index built by `indexer`.
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <regex>

#include "text/dates.h"
#include "text/text_util.h"
#include "search/index_stats.h"
#include "search/search_index.h"
#include "search/searcher.h"
#include "output/cli.h"
#include "output/output.h"

namespace {

struct Flags {
  std::vector<std::string> words;
  std::string index;
  std::string format;
  std::string batch;
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::size_t facets = 5;
  bool no_facets = false;
  bool exact_total = false;
  bool count = false;
  bool ids = false;
  bool explain = false;
  bool entities = false;
  std::string type;
  bool stats = false;
  std::string since, until, sort = "relevance";
  bool no_color = false;
  bool no_autocorrect = false;
  bool show_entities = false;
  bool strict = false;
  unsigned timeout_ms = 2000;
  bool quiet = false;
  news::QueryFilters filters;
};

// A real calendar day written YYYY-MM-DD (2024-02-30 is not one).
bool is_iso_date(const std::string& s) {
  static const std::regex date(R"(\d{4}-\d{2}-\d{2})");
  if (!std::regex_match(s, date)) return false;
  const auto parsed = news::parse_date(s);
  return parsed && *parsed == s;
}

news::SearchRequest request_for(const Flags& f, std::string query, CLI::App& app) {
  news::SearchRequest r;
  r.query = std::move(query);
  r.filters = f.filters;
  r.offset = f.offset;
  // --ids is for pipelines: every match unless --limit says otherwise.
  r.limit = f.ids && app.count("--limit") == 0 ? static_cast<std::size_t>(-1) / 2 : f.limit;
  r.facets = f.no_facets || f.ids ? 0 : f.facets;
  r.sort = f.sort == "date" ? news::SortOrder::date : news::SortOrder::relevance;
  r.snippets = !f.ids;
  r.explain = f.explain;
  r.autocorrect = !f.no_autocorrect;
  r.count_only = f.count;
  r.exact_total = f.exact_total;
  return r;
}

// Damaged articles were left out of the results: one warning each, and exit status 2.
bool warn_damaged(const news::SearchResult& result, const std::function<void(const std::string&)>& warn) {
  for (const std::string& message : result.damaged) warn(message);
  return result.damaged.empty();
}

int run_batch(const Flags& f, news::Searcher& searcher, news::ResultWriter& writer, CLI::App& app,
              const std::function<void(const std::string&)>& warn) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (f.batch != "-") {
    // A folder opens like a file on Linux and then reads as nothing at all.
    if (std::filesystem::is_directory(f.batch)) throw std::runtime_error(f.batch + ": is a folder, not a batch file");
    file.open(f.batch);
    if (!file) throw std::runtime_error(f.batch + ": cannot open batch file");
    in = &file;
  }
  bool all_ran = true;
  std::string line;
  while (std::getline(*in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string query(news::trim(line));
    if (query.empty() || query.front() == '#') continue;
    try {
      const news::SearchResult result = searcher.search(request_for(f, query, app));
      all_ran = warn_damaged(result, warn) && all_ran;
      if (f.count) {
        writer.count(result);
      } else if (f.ids) {
        writer.ids(result);
      } else {
        writer.result(result);
      }
    } catch (const news::QueryError& e) {
      writer.query_error(query, e.what());
      all_ran = false;
    }
  }
  if (in->bad()) throw std::runtime_error(f.batch + ": cannot read batch file");
  return all_ran ? news::kExitOk : news::kExitError;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Search the news index built by `indexer`. Exit status: 0 found, 1 nothing found, 2 error.", "search"};
  Flags f;
  app.add_option("query", f.words, "the query (see docs/query-syntax.md); several words are joined")->type_name("WORDS");
  news::add_index_option(app, f.index);
  news::add_format_option(app, f.format);
  app.add_option("--limit,-n", f.limit, "results per page (default 10)")->type_name("N");
  app.add_option("--offset", f.offset, "skip this many results (pagination)")->type_name("N");
  app.add_flag("--count", f.count, "print only the number of matching articles");
  app.add_flag("--ids", f.ids, "print only matching ids, one per line (all matches unless --limit)");
  app.add_flag("--explain", f.explain, "show each query clause's contribution to every hit's score");
  app.add_option("--batch", f.batch, "run one query per line of FILE (- for stdin); JSONL output")->type_name("FILE");
  app.add_option("--facets", f.facets, "entities per type in the facet counts (default 5)")->type_name("N");
  app.add_flag("--no-facets", f.no_facets, "do not count entity facets");
  app.add_flag("--exact-total", f.exact_total,
               "count every match even in a large index (by default above 10,000 articles the total is "
               "Xapian's estimate unless facets are counted)");
  // One name per flag (repeat the flag for more), so the query words after it stay query words.
  app.add_option("--person", f.filters.person, "only articles mentioning this person (repeatable: any of them)")
      ->type_name("NAME")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--place", f.filters.place, "only articles mentioning this place (aliases accepted; repeatable)")
      ->type_name("NAME")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--org", f.filters.org, "only articles mentioning this organisation (repeatable)")
      ->type_name("NAME")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--since", f.filters.since, "only articles dated on or after this day")->type_name("YYYY-MM-DD");
  app.add_option("--until", f.filters.until, "only articles dated on or before this day")->type_name("YYYY-MM-DD");
  app.add_option("--sort", f.sort, "relevance (default) or date (newest first; undated last)")
      ->check(CLI::IsMember({"relevance", "date"}));
  app.add_flag("--entities", f.entities, "list every entity in the index with its article count");
  app.add_option("--type", f.type, "with --entities: only person, place or org")->check(CLI::IsMember({"person", "place", "org"}));
  app.add_flag("--stats", f.stats, "show facts about the index");
  app.add_flag("--show-entities", f.show_entities, "text output: list each hit's entities");
  app.add_flag("--no-color", f.no_color, "no colour, even on a terminal (matches shown as [word])");
  app.add_flag("--no-autocorrect", f.no_autocorrect, "when nothing matches, do not search the spelling suggestion");
  app.add_flag("--strict", f.strict, "fail when a remote shard does not answer, instead of partial results");
  app.add_option("--timeout", f.timeout_ms, "remote shard timeout in milliseconds (default 2000)")->type_name("MS");
  app.add_flag("--quiet,-q", f.quiet, "no warnings on standard error");

  return news::run_program(app, argc, argv, [&]() -> int {
    for (const std::string* d : {&f.filters.since, &f.filters.until}) {
      if (!d->empty() && !is_iso_date(*d)) throw CLI::ValidationError("--since/--until", "expected YYYY-MM-DD, got " + *d);
    }
    std::string query;
    for (const auto& w : f.words) query += (query.empty() ? "" : " ") + w;
    const bool has_filter = !f.filters.person.empty() || !f.filters.place.empty() || !f.filters.org.empty() ||
                            !f.filters.since.empty() || !f.filters.until.empty();
    if (f.batch.empty() && !f.entities && !f.stats && std::string(news::trim(query)).empty() && !has_filter) {
      std::cerr << "search: no query given\n" << app.help();
      return news::kExitError;
    }

    news::OpenOptions open;
    open.strict = f.strict;
    open.remote_timeout_ms = f.timeout_ms;
    open.connect_timeout_ms = f.timeout_ms;
    open.warn = [&](const std::string& message) {
      if (!f.quiet) std::cerr << "search: warning: " << message << "\n";
    };
    news::SearchIndex index = news::SearchIndex::open(f.index, open);
    const std::string format = f.format.empty() ? (f.batch.empty() ? "text" : "jsonl") : f.format;
    const news::OutputFormat output = news::parse_format(format);

    if (f.stats) {
      news::write_stats(output, std::cout, news::index_stats(index));
      return news::kExitOk;
    }
    if (f.entities) {
      const auto list = news::list_entities(index, news::entity_type_from_string(f.type));
      news::write_entities(output, std::cout, list);
      return list.empty() ? news::kExitNothing : news::kExitOk;
    }

    news::TextStyle style;
    style.color = !f.no_color && news::stdout_is_terminal();
    style.show_entities = f.show_entities;
    auto writer = news::make_result_writer(output, std::cout, style);
    news::Searcher searcher(index);
    if (!f.batch.empty()) return run_batch(f, searcher, *writer, app, open.warn);

    news::SearchResult result;
    try {
      result = searcher.search(request_for(f, query, app));
    } catch (const news::QueryError& e) {
      throw std::runtime_error(std::string("bad query: ") + e.what());
    }
    if (f.count) {
      writer->count(result);
    } else if (f.ids) {
      writer->ids(result);
    } else {
      writer->result(result);
    }
    if (!warn_damaged(result, open.warn)) return news::kExitError;
    return result.total > 0 ? news::kExitOk : news::kExitNothing;
  });
}
