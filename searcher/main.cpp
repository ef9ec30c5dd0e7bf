// search: ranked queries over an index built by `indexer`.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "text/dates.h"
#include "text/text_util.h"
#include "search/index_stats.h"
#include "search/search_index.h"
#include "search/saved_searches.h"
#include "search/searcher.h"
#include "output/cli.h"
#include "output/terminal.h"
#include "output/writer.h"

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
     {"search --save cocoa --place Ghana cocoa", "save a search; later, search --new cocoa shows what is new"}}};

struct Flags {
  std::vector<std::string> words;
  news::CommonOptions common;
  std::string batch;
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::size_t facets = 5;
  bool no_facets = false, exact_total = false, count = false, ids = false, explain = false;
  std::string entities, type;
  bool stats = false;
  std::string show;
  std::string timeline, related, cluster, like, save, new_since;
  bool no_collapse = false, saved = false;
  std::string since, until;
  std::string sort = "relevance";
  bool no_autocorrect = false, show_entities = false, strict = false, expand = false;
  unsigned timeout_ms = 2000;
  double bm25_k1 = news::kBm25K1, bm25_b = news::kBm25B;
  news::QueryFilters filters;
};

void add_flags(CLI::App& app, Flags& f) {
  const auto count = news::whole_number(0);
  app.add_option("query", f.words, "the query (syntax: docs/query-syntax.md); several words are joined")
      ->type_name("WORDS");
  f.common.add_to(app, "no warnings on standard error");
  app.add_option("--limit,-n", f.limit, "results per page (default 10)")->type_name("N")->check(news::whole_number(1));
  app.add_option("--offset", f.offset, "skip this many results (pagination)")->type_name("N")->check(count);
  app.add_flag("--count", f.count, "print only the number of matching articles");
  app.add_flag("--ids", f.ids, "print only matching ids, one per line (all matches unless --limit)");
  app.add_flag("--explain", f.explain, "show each query clause's contribution to every hit's score");
  app.add_option("--batch", f.batch, "run one query per line of FILE (- for stdin); JSONL output")->type_name("FILE");
  app.add_option("--facets", f.facets, "entities per type in the facet counts (default 5; 0: none)")
      ->type_name("N")->check(news::whole_number(0, 1000));
  app.add_flag("--no-facets", f.no_facets, "do not count entity facets");
  app.add_flag("--exact-total", f.exact_total,
               "count every match even in a large index (by default above 10,000 articles the total is "
               "Xapian's estimate unless facets are counted)");
  // One name per flag (repeat the flag for more), so the query words after it stay query words.
  const auto entity_filter = [&](const char* flag, std::vector<std::string>& names, const char* help) {
    app.add_option(flag, names, help)
        ->type_name("NAME")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  };
  entity_filter("--person", f.filters.person, "only articles mentioning this person (repeatable: any of them)");
  entity_filter("--place", f.filters.place, "only articles mentioning this place (aliases accepted; repeatable)");
  entity_filter("--org", f.filters.org, "only articles mentioning this organisation (repeatable)");
  app.add_option("--since", f.since,
                 "only articles dated on or after DATE: YYYY, YYYY-MM or YYYY-MM-DD (from its first day), or 7d, 2w, "
                 "3m, 1y back from today")
      ->type_name("DATE");
  app.add_option("--until", f.until,
                 "only articles dated on or before DATE: YYYY, YYYY-MM (to its last day: --until 1987-02 is the end of "
                 "February) or YYYY-MM-DD, or 7d, 2w, 3m, 1y back from today")
      ->type_name("DATE");
  app.add_option("--sort", f.sort, "relevance (default) or date (newest first; undated last)")
      ->check(CLI::IsMember({"relevance", "date"}))->type_name("ORDER");
  app.add_option("--entities", f.entities,
                 "list the index's entities with their article counts, most frequent first; with TEXT, only "
                 "names containing it (any case or accents)")
      ->expected(0, 1)->type_name("[TEXT]");
  app.add_option("--type", f.type, "with --entities: only person, place or org")
      ->check(CLI::IsMember({"person", "place", "org"}))->type_name("TYPE");
  app.add_flag("--stats", f.stats, "show facts about the index");
  app.add_option("--show", f.show, "print the article with this id whole (title, date, source, path, text)")
      ->type_name("ID");
  app.add_flag("--show-entities", f.show_entities, "text output: list each hit's entities");
  app.add_flag("--no-autocorrect", f.no_autocorrect, "when nothing matches, do not search the spelling suggestion");
  app.add_option("--timeline", f.timeline,
                 "also count all matches per day, week (ISO), month or year and chart them (JSON: \"timeline\")")
      ->check(CLI::IsMember({"day", "week", "month", "year"}))->type_name("UNIT");
  app.add_option("--related", f.related,
                 "list the entities most associated with ENTITY (person:NAME, place:NAME, org:NAME or NAME) in the "
                 "matching articles, scored against the whole index (docs/analyst.md); --limit sets how many")
      ->type_name("ENTITY");
  app.add_flag("--no-collapse", f.no_collapse,
               "list every matching article; by default copies of one story (near-duplicates) show as one hit, "
               "\"+N similar\"");
  app.add_option("--cluster", f.cluster, "only the articles of one story cluster: the cluster of article ID, or a cluster id")
      ->type_name("ID");
  app.add_option("--like", f.like,
                 "the articles most like article ID (its words and entities), its own story cluster left out; query "
                 "words and filters narrow them")
      ->type_name("ID");
  app.add_option("--save", f.save, "save the query and its filters as NAME (beside the index; replaces one of that name)")
      ->type_name("NAME");
  app.add_flag("--saved", f.saved, "list the saved searches, with how many matches are new since each was checked");
  app.add_option("--new", f.new_since,
                 "the articles saved search NAME matches that were indexed (or changed) since it was last checked; "
                 "then marks it checked")
      ->type_name("NAME");
  app.add_flag("--expand", f.expand,
               "re-rank the matches with 10 more words from the top 10 (pseudo-relevance feedback; relevance order)");
  app.add_flag("--strict", f.strict, "fail when a remote shard does not answer, instead of partial results");
  app.add_option("--timeout", f.timeout_ms, "remote shard timeout in milliseconds (default 2000)")
      ->type_name("MS")->check(news::whole_number(1, 3600000));
  // Tuning flags: for ranking experiments (bench/relevance.sh --sweep), not everyday use.
  app.add_option("--bm25-k1", f.bm25_k1, "tuning: BM25 term-frequency saturation k1 (default 1.2)")
      ->type_name("K1")->check(news::number_between(0, 100))->group("Tuning");
  app.add_option("--bm25-b", f.bm25_b, "tuning: BM25 length normalisation b, 0 to 1 (default 0.75)")
      ->type_name("B")->check(news::number_between(0, 1))->group("Tuning");
}

// --since/--until as the first or last day they stand for; a usage error otherwise.
std::string date_filter(const std::string& flag, const std::string& value, news::PeriodEnd end) {
  if (value.empty()) return {};
  if (auto day = news::date_bound(value, end, news::today())) return *day;
  throw CLI::ValidationError(flag, "expected YYYY, YYYY-MM, YYYY-MM-DD or 7d, 2w, 3m, 1y (days, weeks, months, "
                                   "years back from today), got \"" + value + "\"");
}

news::SearchRequest request_for(const Flags& f, std::string query, const CLI::App& app) {
  news::SearchRequest r;
  r.query = std::move(query);
  r.filters = f.filters;
  r.offset = f.offset;
  // --ids is for pipelines: every match unless --limit says otherwise.
  r.limit = f.ids && app.count("--limit") == 0 ? SIZE_MAX : f.limit;
  r.facets = f.no_facets || f.ids ? 0 : f.facets;
  r.sort = f.sort == "date" ? news::SortOrder::date : news::SortOrder::relevance;
  r.snippets = !f.ids;
  r.explain = f.explain;
  r.autocorrect = !f.no_autocorrect;
  r.count_only = f.count;
  r.exact_total = f.exact_total;
  // --ids and --count are about articles: every one, not one per story.
  r.collapse = !f.no_collapse && !f.ids;
  r.cluster = f.cluster;
  r.like = f.like;
  if (!f.timeline.empty()) r.timeline = news::timeline_unit_from_string(f.timeline);
  r.bm25_k1 = f.bm25_k1;
  r.bm25_b = f.bm25_b;
  r.expand = f.expand;
  return r;
}

// Damaged articles were left out of the result: one warning each (docs/reliability.md).
// False when there was one: the exit status is then 2.
bool warn_damaged(const news::SearchResult& result, bool quiet) {
  if (!quiet) {
    for (const std::string& message : result.damaged) std::cerr << "search: warning: " << message << "\n";
  }
  return result.damaged.empty();
}

int run_batch(const Flags& f, news::Searcher& searcher, news::OutputWriter& writer, const CLI::App& app) {
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
      const news::SearchResult result = searcher.search(request_for(f, query, app));
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

news::SearchIndex open_index(const Flags& f) {
  news::OpenOptions open;
  open.strict = f.strict;
  open.remote_timeout_ms = f.timeout_ms;
  open.connect_timeout_ms = f.timeout_ms;
  open.warn = [quiet = f.common.quiet.quiet](const std::string& message) {
    if (!quiet) std::cerr << "search: warning: " << message << "\n";
  };
  return news::SearchIndex::open(f.common.index.dir, open);
}

news::OutputStyle output_style(const Flags& f) {
  news::OutputStyle style;
  style.format = f.common.format.or_default(f.batch.empty() ? news::OutputFormat::text : news::OutputFormat::jsonl);
  style.view = f.count ? news::ResultView::count : f.ids ? news::ResultView::ids : news::ResultView::hits;
  style.color = f.common.color.enabled_on(STDOUT_FILENO);
  style.show_entities = f.show_entities;
  const bool color_refused = f.common.color.no_color || f.common.color.when == "never";
  style.unicode = !color_refused && news::utf8_locale();
  style.width = news::terminal_width(STDOUT_FILENO);
  return style;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return std::string(news::trim(out));
}

// --related, --save, --saved and --new: what they print and the exit code;
// nullopt for an ordinary search.
std::optional<int> run_analyst_view(const Flags& f, const std::string& query, news::Searcher& searcher,
                                    news::OutputWriter& writer, const CLI::App& app) {
  const std::filesystem::path saved_file = news::saved_searches_path(f.common.index.dir);
  if (!f.related.empty()) {
    news::RelatedRequest related{f.related, query, f.filters, f.limit};
    const news::RelatedEntities found = searcher.related(related);
    writer.related(found);
    return found.entities.empty() ? news::kExitNothing : news::kExitOk;
  }
  if (!f.save.empty()) {
    if (!f.like.empty() || !f.cluster.empty()) {
      throw CLI::ValidationError("--save", "keeps a query and its filters; --like and --cluster cannot be saved");
    }
    news::SavedSearch saved;
    saved.name = f.save;
    saved.query = query;
    saved.person = f.filters.person;
    saved.place = f.filters.place;
    saved.org = f.filters.org;
    saved.since = f.since;
    saved.until = f.until;
    writer.saved(news::save_search(saved_file, searcher, std::move(saved)));
    return news::kExitOk;
  }
  if (f.saved) {
    const auto all = news::saved_search_statuses(saved_file, searcher);
    writer.saved_searches(all);
    return all.empty() ? news::kExitNothing : news::kExitOk;
  }
  if (!f.new_since.empty()) {
    const news::SearchResult fresh = news::check_saved_search(saved_file, searcher, f.new_since, request_for(f, "", app));
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
    f.filters.since = date_filter("--since", f.since, news::PeriodEnd::start);
    f.filters.until = date_filter("--until", f.until, news::PeriodEnd::end);
    const bool listing = app.count("--entities") > 0;
    const std::string query = joined(f.words);
    const bool has_filter = !f.filters.person.empty() || !f.filters.place.empty() || !f.filters.org.empty() ||
                            !f.filters.since.empty() || !f.filters.until.empty();
    const bool showing = app.count("--show") > 0;
    const bool chosen_otherwise = !f.like.empty() || !f.cluster.empty() || !f.related.empty() || f.saved ||
                                  !f.new_since.empty();
    if (f.batch.empty() && !listing && !f.stats && !showing && query.empty() && !has_filter && !chosen_otherwise) {
      std::cerr << "search: no query given (try: search \"Patriot Ukraine\", or search --help)\n";
      return news::kExitError;
    }

    news::SearchIndex index = open_index(f);
    const news::OutputTarget target{std::cout, f.common.quiet.quiet ? nullptr : &std::cerr, "search", &std::cerr};
    const auto writer = news::make_output_writer(output_style(f), target);

    if (f.stats) {
      writer->stats(news::index_stats(index));
      return news::kExitOk;
    }
    if (listing) {
      news::EntityListing wanted{news::entity_type_from_string(f.type), joined({f.entities, query})};
      if (app.count("--limit")) wanted.limit = f.limit;
      const auto list = news::list_entities(index, wanted);
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
    if (!f.batch.empty()) return run_batch(f, searcher, *writer, app);
    try {
      if (const auto analyst = run_analyst_view(f, query, searcher, *writer, app)) return *analyst;
      const news::SearchResult result = searcher.search(request_for(f, query, app));
      writer->result(result);
      if (!warn_damaged(result, f.common.quiet.quiet)) return news::kExitError;
      return result.total > 0 ? news::kExitOk : news::kExitNothing;
    } catch (const news::QueryError& e) {
      throw std::runtime_error(std::string("bad query: ") + e.what());
    }
  });
}
