#include "output/search_options.h"

#include <charconv>

#include "text/dates.h"
#include "text/text_util.h"
#include "search/timeline.h"
#include "output/cli.h"

namespace news {

namespace {

std::size_t whole(const std::string& text) {
  std::size_t n = 0;
  std::from_chars(text.data(), text.data() + text.size(), n);  // checked by whole_number() first
  return n;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return std::string(trim(out));
}

using Setter = std::function<std::string(SearchOptions&, const std::string&)>;

Setter count_into(std::size_t SearchOptions::*field) {
  return [field](SearchOptions& o, const std::string& v) {
    o.*field = whole(v);
    return std::string();
  };
}

Setter switch_on(bool SearchOptions::*field) {
  return [field](SearchOptions& o, const std::string&) {
    o.*field = true;
    return std::string();
  };
}

Setter name_into(std::vector<std::string> QueryFilters::*list) {
  return [list](SearchOptions& o, const std::string& v) {
    (o.filters.*list).push_back(v);
    return std::string();
  };
}

Setter text_into(std::string SearchOptions::*field) {
  return [field](SearchOptions& o, const std::string& v) {
    o.*field = v;
    return std::string();
  };
}

Setter number_into(double SearchOptions::*field) {
  return [field](SearchOptions& o, const std::string& v) {
    o.*field = std::stod(v);  // checked by number_between() first
    return std::string();
  };
}

// --since/--until as the first or last day they stand for.
Setter date_into(std::string QueryFilters::*bound, std::string SearchOptions::*text, PeriodEnd end) {
  return [bound, text, end](SearchOptions& o, const std::string& v) {
    o.*text = v;
    if (v.empty()) {
      o.filters.*bound = "";
      return std::string();
    }
    if (auto day = date_bound(v, end, today())) {
      o.filters.*bound = *day;
      return std::string();
    }
    return "expected YYYY, YYYY-MM, YYYY-MM-DD or 7d, 2w, 3m, 1y (days, weeks, months, years back from today), got \"" +
           v + "\"";
  };
}

// The query, the page and what each hit shows.
void add_query_and_page(std::vector<SearchOption>& t) {
  const unsigned both = kForSearch | kForEntities;
  t.push_back({"query", "q", "WORDS", "the query (syntax: docs/query-syntax.md); several words are joined", both, true,
               std::nullopt, [](SearchOptions& o, const std::string& v) {
                 o.words.push_back(v);
                 return std::string();
               }});
  t.push_back({"--limit,-n", "limit", "N", "results per page (default 10)", both, false, whole_number(1),
               count_into(&SearchOptions::limit)});
  t.push_back({"--offset", "offset", "N", "skip this many results (pagination)", kForSearch, false, whole_number(0),
               count_into(&SearchOptions::offset)});
  t.push_back({"--count", "count", "", "print only the number of matching articles", kForSearch, false, std::nullopt,
               switch_on(&SearchOptions::count)});
  t.push_back({"--ids", "ids", "", "print only matching ids, one per line (all matches unless --limit)", kForSearch, false,
               std::nullopt, switch_on(&SearchOptions::ids)});
  t.push_back({"--explain", "explain", "", "show each query clause's contribution to every hit's score", kForSearch,
               false, std::nullopt, switch_on(&SearchOptions::explain)});
  t.push_back({"--facets", "facets", "N", "entities per type in the facet counts (default 5; 0: none)", kForSearch,
               false, whole_number(0, 1000), count_into(&SearchOptions::facets)});
  t.push_back({"--no-facets", "no-facets", "", "do not count entity facets", kForSearch, false, std::nullopt,
               switch_on(&SearchOptions::no_facets)});
  t.push_back({"--facet-sample", "facet-sample", "N",
               "above N articles in the facet set, estimate the facets from a sample of about N (marked ~; default " +
                   std::to_string(kFacetSampleAbove) + "; 0: always exact)",
               kForSearch, false, whole_number(0), count_into(&SearchOptions::facet_sample)});
  t.push_back({"--exact-total", "exact-total", "",
               "count every match and story even in a large index (by default above 10,000 articles the total is "
               "Xapian's estimate unless facets are counted, and with facets the stories are estimated)",
               kForSearch, false, std::nullopt, switch_on(&SearchOptions::exact_total)});
}

// The filters: entities, dates; the order; the entity listing's type.
void add_filters(std::vector<SearchOption>& t) {
  t.push_back({"--person", "person", "NAME", "only articles mentioning this person (repeatable: any of them)",
               kForSearch, true, std::nullopt, name_into(&QueryFilters::person)});
  t.push_back({"--place", "place", "NAME", "only articles mentioning this place (aliases accepted; repeatable)",
               kForSearch, true, std::nullopt, name_into(&QueryFilters::place)});
  t.push_back({"--org", "org", "NAME", "only articles mentioning this organisation (repeatable)", kForSearch, true,
               std::nullopt, name_into(&QueryFilters::org)});
  t.push_back({"--since", "since", "DATE",
               "only articles dated on or after DATE: YYYY, YYYY-MM or YYYY-MM-DD (from its first day), or 7d, 2w, "
               "3m, 1y back from today",
               kForSearch, false, std::nullopt, date_into(&QueryFilters::since, &SearchOptions::since_text, PeriodEnd::start)});
  t.push_back({"--until", "until", "DATE",
               "only articles dated on or before DATE: YYYY, YYYY-MM (to its last day: --until 1987-02 is the end of "
               "February) or YYYY-MM-DD, or 7d, 2w, 3m, 1y back from today",
               kForSearch, false, std::nullopt, date_into(&QueryFilters::until, &SearchOptions::until_text, PeriodEnd::end)});
  t.push_back({"--sort", "sort", "ORDER", "relevance (default) or date (newest first; undated last)", kForSearch, false,
               CLI::IsMember({"relevance", "date"}), [](SearchOptions& o, const std::string& v) {
                 o.sort_by_date = v == "date";
                 return std::string();
               }});
  t.push_back({"--type", "type", "TYPE", "with --entities: only person, place or org", kForEntities, false,
               CLI::IsMember({"person", "place", "org"}), [](SearchOptions& o, const std::string& v) {
                 o.type = v;
                 return std::string();
               }});
  t.push_back({"--no-autocorrect", "no-autocorrect", "", "when nothing matches, do not search the spelling suggestion",
               kForSearch, false, std::nullopt, switch_on(&SearchOptions::no_autocorrect)});
}

// Stories, timelines, related entities, similar articles, saved searches (docs/analyst.md).
void add_analyst_views(std::vector<SearchOption>& t) {
  t.push_back({"--timeline", "timeline", "UNIT",
               "also count all matches per day, week (ISO), month or year and chart them (JSON: \"timeline\")",
               kForSearch, false, CLI::IsMember({"day", "week", "month", "year"}), text_into(&SearchOptions::timeline)});
  t.push_back({"--related", "related", "ENTITY",
               "list the entities most associated with ENTITY (person:NAME, place:NAME, org:NAME or NAME) in the "
               "matching articles, scored against the whole index (docs/analyst.md); --limit sets how many",
               kForSearch, false, std::nullopt, text_into(&SearchOptions::related)});
  t.push_back({"--no-collapse", "no-collapse", "",
               "list every matching article; by default copies of one story (near-duplicates) show as one hit, "
               "\"+N similar\"",
               kForSearch, false, std::nullopt, switch_on(&SearchOptions::no_collapse)});
  t.push_back({"--cluster", "cluster", "ID",
               "only the articles of one story cluster: the cluster of article ID, or a cluster id", kForSearch, false,
               std::nullopt, text_into(&SearchOptions::cluster)});
  t.push_back({"--like", "like", "ID",
               "the articles most like article ID (its words and entities), its own story cluster left out; query "
               "words and filters narrow them",
               kForSearch, false, std::nullopt, text_into(&SearchOptions::like)});
  t.push_back({"--save", "save", "NAME",
               "save the query and its filters as NAME (beside the index; replaces one of that name)",
               kCommandLineOnly, false, std::nullopt, text_into(&SearchOptions::save)});
  t.push_back({"--saved", "saved", "", "list the saved searches, with how many matches are new since each was checked",
               kCommandLineOnly, false, std::nullopt, switch_on(&SearchOptions::saved)});
  t.push_back({"--new", "new", "NAME",
               "the articles saved search NAME matches that were indexed (or changed) since it was last checked; "
               "then marks it checked",
               kCommandLineOnly, false, std::nullopt, text_into(&SearchOptions::new_since)});
}

// Query expansion and the BM25 parameters.
void add_ranking(std::vector<SearchOption>& t) {
  t.push_back({"--expand", "expand", "",
               "re-rank the matches with 10 more words from the top 10 (pseudo-relevance feedback; relevance order)",
               kForSearch, false, std::nullopt, switch_on(&SearchOptions::expand)});
  // Tuning options: for ranking experiments (bench/relevance.sh --sweep), not everyday use.
  t.push_back({"--bm25-k1", "bm25-k1", "K1", "tuning: BM25 term-frequency saturation k1 (default 1.2)", kForSearch,
               false, number_between(0, 100), number_into(&SearchOptions::bm25_k1), "Tuning"});
  t.push_back({"--bm25-b", "bm25-b", "B", "tuning: BM25 length normalisation b, 0 to 1 (default 0.75)", kForSearch,
               false, number_between(0, 1), number_into(&SearchOptions::bm25_b), "Tuning"});
}

std::vector<SearchOption> make_table() {
  std::vector<SearchOption> t;
  add_query_and_page(t);
  add_filters(t);
  add_analyst_views(t);
  add_ranking(t);
  return t;
}

// The table's setter behind its check, remembering that the option was given.
std::string apply(const SearchOption& option, SearchOptions& options, std::string value) {
  if (option.check) {
    std::string error = (*option.check)(value);
    if (!error.empty()) return error;
  }
  std::string error = option.set(options, value);
  if (error.empty()) options.given.insert(option.parameter);
  return error;
}

std::string long_name(const std::string& flag) { return flag.substr(0, flag.find(',')); }

}  // namespace

std::string SearchOptions::query() const { return joined(words); }

bool SearchOptions::asks_anything() const {
  return !query().empty() || has_filter() || !like.empty() || !cluster.empty() || !related.empty() || saved ||
         !new_since.empty();
}

bool SearchOptions::has_filter() const {
  return !filters.person.empty() || !filters.place.empty() || !filters.org.empty() || !filters.since.empty() ||
         !filters.until.empty();
}

const std::vector<SearchOption>& search_options() {
  static const std::vector<SearchOption> table = make_table();
  return table;
}

void add_search_options(CLI::App& app, SearchOptions& options) {
  for (const SearchOption& option : search_options()) {
    const auto fail_on_error = [&option, &options](const std::string& value) {
      const std::string error = apply(option, options, value);
      if (!error.empty()) throw CLI::ValidationError(long_name(option.flag), error);
    };
    if (option.value_name.empty()) {
      app.add_flag_callback(option.flag, [fail_on_error] { fail_on_error(""); }, option.help);
      continue;
    }
    CLI::Option* added = nullptr;
    if (option.repeatable) {
      added = app.add_option_function<std::vector<std::string>>(
          option.flag, [fail_on_error](const std::vector<std::string>& values) {
            for (const std::string& v : values) fail_on_error(v);
          },
          option.help);
      // One value per flag (repeat the flag for more), so the query words after it stay query words.
      if (option.flag != "query") added->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    } else {
      added = app.add_option_function<std::string>(option.flag, fail_on_error, option.help);
    }
    added->type_name(option.value_name);
    if (!option.group.empty()) added->group(option.group);
    // The check itself runs in apply(); attached here for its description only
    // (the choices --help, the man page and the completions show).
    if (option.check && !option.check->get_description().empty()) added->check(*option.check);
  }
}

std::optional<std::string> apply_parameter(SearchOptions& options, unsigned use, const std::string& parameter,
                                           const std::string& value) {
  for (const SearchOption& option : search_options()) {
    if (option.parameter != parameter || (option.uses & use) == 0) continue;
    if (!option.repeatable && options.given.count(parameter)) return parameter + ": given more than once";
    std::string text = value;
    if (option.value_name.empty()) {
      if (value == "0" || value == "false" || value == "no") return std::nullopt;
      if (value != "" && value != "1" && value != "true" && value != "yes") {
        return parameter + ": a switch: expected no value, 1, true or yes (0, false or no: off), got \"" + value + "\"";
      }
      text.clear();
    }
    const std::string error = apply(option, options, text);
    if (!error.empty()) return parameter + ": " + error;
    return std::nullopt;
  }
  std::string known;
  for (const SearchOption& option : search_options()) {
    if (option.uses & use) known += (known.empty() ? "" : ", ") + option.parameter;
  }
  return parameter + ": no such parameter here (known: " + known + ")";
}

SearchRequest search_request(const SearchOptions& o) {
  SearchRequest r;
  r.query = o.query();
  r.filters = o.filters;
  r.offset = o.offset;
  // --ids is for pipelines: every match unless --limit says otherwise.
  r.limit = o.ids && o.given.count("limit") == 0 ? SIZE_MAX : o.limit;
  r.facets = o.no_facets || o.ids ? 0 : o.facets;
  r.facet_sample = o.facet_sample;
  r.sort = o.sort_by_date ? SortOrder::date : SortOrder::relevance;
  r.snippets = !o.ids;
  r.explain = o.explain;
  r.autocorrect = !o.no_autocorrect;
  r.count_only = o.count;
  r.exact_total = o.exact_total;
  r.bm25_k1 = o.bm25_k1;
  r.bm25_b = o.bm25_b;
  r.expand = o.expand;
  // --ids and --count are about articles: every one, not one per story.
  r.collapse = !o.no_collapse && !o.ids;
  r.cluster = o.cluster;
  r.like = o.like;
  if (!o.timeline.empty()) r.timeline = timeline_unit_from_string(o.timeline);
  return r;
}

RelatedRequest related_request(const SearchOptions& o) {
  return RelatedRequest{o.related, o.query(), o.filters, o.limit};
}

EntityListing entity_listing(const SearchOptions& o, const std::string& listed_text) {
  EntityListing wanted{entity_type_from_string(o.type), joined({listed_text, o.query()})};
  if (o.given.count("limit")) wanted.limit = o.limit;
  return wanted;
}

ResultView result_view(const SearchOptions& o) {
  return o.count ? ResultView::count : o.ids ? ResultView::ids : ResultView::hits;
}

}  // namespace news
