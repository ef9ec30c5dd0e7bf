// search: ranked queries over an index built by `indexer`.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "text/text_util.h"
#include "search/index_stats.h"
#include "search/saved_searches.h"
#include "search/search_index.h"
#include "search/searcher.h"
#include "output/cli.h"
#include "output/search_options.h"
#include "output/terminal.h"
#include "output/writer.h"
#include "serve/listen_address.h"  // kDefaultListen only: search links no server
#include "serve_mode.h"

namespace {

const news::ProgramDoc kDoc{
    "search",
    "Search the news index built by `indexer`.",
    "Answers ranked queries (BM25) over an index built by indexer(1): highlighted snippets, entity facets over "
    "all matches, filters by person, place, organisation and date, and output for scripts (JSON, JSON Lines "
    "batches, grep-like exit codes).\n\n"
    "Several words are joined into one query; the query language (phrases, NEAR, OR, AND, NOT, wildcards, "
    "fields) is described in query-syntax.md, the JSON shape in json-output.md (see FILES).\n\n"
    "A --person, --place or --org value that names nobody in the index is reported on standard error with the "
    "closest names the index knows; the query still runs. So is a date filter that leaves nothing because no "
    "matching article has a date.\n\n"
    "Relative dates (--since 7d) count back from today; the NEWS_TODAY environment variable (YYYY-MM-DD) stands in "
    "for today, a hook for tests.",
    {{"0", "found"}, {"1", "nothing found"}, {"2", "error"}},
    {{"search \"Patriot Ukraine\"", "ranked hits with highlighted snippets and facet counts"},
     {"search --place \"Northern Territories\" sanctions", "an entity filter (aliases accepted)"},
     {"search --format json --limit 20 --offset 20 Japan", "the second page of 20, as one JSON object"},
     {"search --batch queries.txt", "one JSON Lines object per query line, the index opened once"},
     {"search --since 1987-02 --until 1987-02 'source:reuters cocoa'", "February 1987's Reuters articles on cocoa"},
     {"search --show business/001", "one article whole: title, date, source, path and text"},
     {"search --entities Blair --type person --limit 5", "people whose name contains \"Blair\""},
     {"search --timeline month sanctions", "the hits, then a bar chart of all matches per month"},
     {"search --related person:\"Tony Blair\" election", "who is named with Tony Blair in articles on the election"},
     {"search --like business/001 --since 2005", "the articles most like one article, its copies left out"},
     {"search --cluster business/001", "every copy of one story (results show one hit per story, \"+N similar\")"},
     {"search --save cocoa --place Ghana cocoa", "save a search; later, search --new cocoa shows what is new"},
     {"search --serve", "the HTTP JSON API and the web page at http://127.0.0.1:8080/ (docs/http-api.md)"}}};

struct Flags {
  news::SearchOptions search;  // every option a query takes (output/search_options.h)
  news::CommonOptions common;
  std::string batch;
  std::string entities;
  bool stats = false;
  std::string show;
  bool show_entities = false, strict = false;
  unsigned timeout_ms = 2000;
  bool serve = false;
  std::string listen = news::kDefaultListen;
  unsigned threads = 32;
};

void add_flags(CLI::App& app, Flags& f) {
  news::add_search_options(app, f.search);
  f.common.add_to(app, "no warnings on standard error");
  app.add_option("--batch", f.batch, "run one query per line of FILE (- for stdin); JSONL output")->type_name("FILE");
  app.add_option("--entities", f.entities,
                 "list the index's entities with their article counts, most frequent first; with TEXT, only "
                 "names containing it (any case or accents)")
      ->expected(0, 1)->type_name("[TEXT]");
  app.add_flag("--stats", f.stats, "show facts about the index");
  app.add_option("--show", f.show, "print the article with this id whole (title, date, source, path, text)")
      ->type_name("ID");
  app.add_flag("--show-entities", f.show_entities, "text output: list each hit's entities");
  app.add_flag("--strict", f.strict, "fail when a remote shard does not answer, instead of partial results");
  app.add_option("--timeout", f.timeout_ms, "remote shard timeout in milliseconds (default 2000)")
      ->type_name("MS")->check(news::whole_number(1, 3600000));
  CLI::Option* serve =
      app.add_flag("--serve", f.serve, "serve the HTTP JSON API and the web page (docs/http-api.md) until Ctrl-C");
  for (const char* other : {"--batch", "--entities", "--stats", "--show"}) serve->excludes(other);
  // A batch line is a search: the other views would be left out without a word.
  CLI::Option* batch = app.get_option("--batch");
  for (const char* other : {"--entities", "--stats", "--show", "--related", "--save", "--saved", "--new"}) {
    batch->excludes(other);
  }
  app.add_option("--listen", f.listen,
                 std::string("with --serve: HOST:PORT to listen on (default ") + news::kDefaultListen +
                     ", this machine only; port 0: any free one)")
      ->type_name("HOST:PORT")->needs(serve);
  app.add_option("--threads", f.threads,
                 "with --serve: worker threads, one per open connection (default 32); a request borrows an index "
                 "handle no other request is using")
      ->type_name("N")->check(news::whole_number(1, 256))->needs(serve);
}

news::SearchRequest request_for(const Flags& f, std::string query) {
  news::SearchOptions options = f.search;
  options.words = {std::move(query)};
  return news::search_request(options);
}

// Damaged articles were left out of the result: one warning each (docs/reliability.md).
// False when there was one: the exit status is then 2.
bool warn_damaged(const news::SearchResult& result, bool quiet) {
  if (!quiet) {
    for (const std::string& message : result.damaged) std::cerr << "search: warning: " << message << "\n";
  }
  return result.damaged.empty();
}

int run_batch(const Flags& f, news::Searcher& searcher, news::OutputWriter& writer) {
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
  for (std::string line; std::getline(*in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string query(news::trim(line));
    if (query.empty() || query.front() == '#') continue;
    searcher.refresh_index();  // a rebuild meanwhile: answer from the new index
    try {
      const news::SearchResult result = searcher.search(request_for(f, query));
      writer.result(result);
      all_ran = warn_damaged(result, f.common.quiet.quiet) && all_ran;
    } catch (const news::QueryError& e) {
      writer.query_error(query, e.what());
      all_ran = false;
    }
  }
  if (in->bad()) throw std::runtime_error(f.batch + ": cannot read batch file");
  return all_ran ? news::kExitOk : news::kExitError;
}

news::OpenOptions open_options(const Flags& f) {
  news::OpenOptions open;
  open.strict = f.strict;
  open.remote_timeout_ms = f.timeout_ms;
  open.connect_timeout_ms = f.timeout_ms;
  open.warn = [quiet = f.common.quiet.quiet](const std::string& message) {
    if (!quiet) std::cerr << "search: warning: " << message << "\n";
  };
  return open;
}

int serve(const Flags& f, char** argv) {
  if (f.search.asks_anything()) {
    std::cerr << "search: --serve takes no query or filter: the API's requests bring their own\n";
    return news::kExitError;
  }
  return run_serve_mode({f.listen, f.threads, f.common.index.dir, open_options(f)}, argv);
}

news::OutputStyle output_style(const Flags& f) {
  news::OutputStyle style;
  style.format = f.common.format.or_default(f.batch.empty() ? news::OutputFormat::text : news::OutputFormat::jsonl);
  style.view = news::result_view(f.search);
  style.color = f.common.color.enabled_on(STDOUT_FILENO);
  style.show_entities = f.show_entities;
  const bool color_refused = f.common.color.no_color || f.common.color.when == "never";
  style.unicode = !color_refused && news::utf8_locale();
  style.width = news::terminal_width(STDOUT_FILENO);
  return style;
}

// --related, --save, --saved and --new: what they print and the exit code;
// nullopt for an ordinary search.
std::optional<int> run_analyst_view(const Flags& f, news::Searcher& searcher, news::OutputWriter& writer) {
  const news::SearchOptions& o = f.search;
  const std::filesystem::path saved_file = news::saved_searches_path(f.common.index.dir);
  if (!o.related.empty()) {
    const news::RelatedEntities found = searcher.related(news::related_request(o));
    writer.related(found);
    return found.entities.empty() ? news::kExitNothing : news::kExitOk;
  }
  if (!o.save.empty()) {
    if (!o.like.empty() || !o.cluster.empty()) {
      throw CLI::ValidationError("--save", "keeps a query and its filters; --like and --cluster cannot be saved");
    }
    news::SavedSearch saved;
    saved.name = o.save;
    saved.query = o.query();
    saved.person = o.filters.person;
    saved.place = o.filters.place;
    saved.org = o.filters.org;
    saved.since = o.since_text;
    saved.until = o.until_text;
    writer.saved(news::save_search(saved_file, searcher, std::move(saved)));
    return news::kExitOk;
  }
  if (o.saved) {
    const auto all = news::saved_search_statuses(saved_file, searcher);
    writer.saved_searches(all);
    return all.empty() ? news::kExitNothing : news::kExitOk;
  }
  if (!o.new_since.empty()) {
    news::SearchOptions unqueried = o;
    unqueried.words.clear();
    const news::SearchResult fresh =
        news::check_saved_search(saved_file, searcher, o.new_since, news::search_request(unqueried));
    writer.result(fresh);
    if (!warn_damaged(fresh, f.common.quiet.quiet)) return news::kExitError;
    return fresh.total > 0 ? news::kExitOk : news::kExitNothing;
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  news::Program program(kDoc);
  CLI::App& app = program.app();
  Flags f;
  add_flags(app, f);

  return program.run(argc, argv, [&]() -> int {
    if (f.serve) return serve(f, argv);
    if (!f.batch.empty() && !f.search.words.empty()) {
      std::cerr << "search: --batch reads its queries from " << (f.batch == "-" ? "standard input" : f.batch)
                << ", one a line; give no query words with it (filters apply to every line)\n";
      return news::kExitError;
    }
    if (!f.batch.empty()) hand_over_batch(argv);
    const bool listing = app.count("--entities") > 0;
    const bool showing = app.count("--show") > 0;
    if (f.batch.empty() && !listing && !f.stats && !showing && !f.search.asks_anything()) {
      std::cerr << "search: no query given (try: search \"Patriot Ukraine\", or search --help)\n";
      return news::kExitError;
    }

    news::SearchIndex index = news::SearchIndex::open(f.common.index.dir, open_options(f));
    const news::OutputTarget target{std::cout, f.common.quiet.quiet ? nullptr : &std::cerr, "search", &std::cerr};
    const auto writer = news::make_output_writer(output_style(f), target);

    if (f.stats) {
      writer->stats(news::index_stats(index));
      return news::kExitOk;
    }
    if (listing) {
      const auto list = news::list_entities(index, news::entity_listing(f.search, f.entities));
      writer->entities(list);
      return list.empty() ? news::kExitNothing : news::kExitOk;
    }

    news::Searcher searcher(index);
    if (showing) {
      const auto article = searcher.show(f.show);
      if (!article) throw std::runtime_error("no article with id \"" + f.show + "\" in " + f.common.index.dir);
      writer->article(*article);
      return news::kExitOk;
    }
    if (!f.batch.empty()) {
      searcher.read_pages_on_two_threads();
      return run_batch(f, searcher, *writer);
    }
    try {
      if (const auto analyst = run_analyst_view(f, searcher, *writer)) return *analyst;
      const news::SearchResult result = searcher.search(news::search_request(f.search));
      writer->result(result);
      if (!warn_damaged(result, f.common.quiet.quiet)) return news::kExitError;
      return result.total > 0 ? news::kExitOk : news::kExitNothing;
    } catch (const news::QueryError& e) {
      throw std::runtime_error(std::string("bad query: ") + e.what());
    }
  });
}
