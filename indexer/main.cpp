// indexer: builds or updates the index of a corpus folder.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <exception>
#include <iostream>

#include <xapian.h>


#include "index/index_check.h"
#include "index/indexing.h"
#include "search/index_stats.h"
#include "search/search_index.h"
#include "output/cli.h"
#include "output/indexing_report.h"
#include "output/writer.h"

namespace {

const news::ProgramDoc kDoc{
    "indexer",
    "Index a folder of news articles for `search`. Incremental by default.",
    "Reads every article under the corpus folder (.txt, .md, .html, .htm, .jsonl, RSS and Atom feeds in .rss, .atom "
    "and .xml; other encodings converted to UTF-8), analyses it (ICU word segmentation and folding, English "
    "Snowball stems), recognises the people, places and organisations it mentions, and writes a Xapian index "
    "that search(1) reads.\n\n"
    "A plain run is incremental: new files are added, changed ones re-indexed, vanished ones removed; each batch "
    "is journaled and committed, so a run killed or out of disk at any point leaves an index that the next run "
    "completes exactly (docs/reliability.md). --rebuild writes a "
    "fresh index beside the live one and switches to it atomically.\n\n"
    "An article's id is its path under the corpus folder without the extension (business/001); a JSONL record or "
    "feed item keeps the id it gives.\n\n"
    "Progress goes to standard error on a terminal (coloured unless NO_COLOR or --no-color), the one-line "
    "summary to standard output, and warnings, one line each naming the file, to standard error. A corpus that "
    "gives no article at all is one line on standard error saying why, and exit status 1.",
    {{"0", "every file indexed (--check: healthy)"},
     {"1", "some files skipped or failed, a folder unreadable, or no article at all (--check: an interrupted run to "
           "complete)"},
     {"2", "the run could not work (--check: damaged, run --rebuild)"}},
    {{"indexer --corpus ~/news --index ~/news-index", "index (or update the index of) a folder"},
     {"indexer --rebuild --shards 3", "a fresh index in three shards, built in parallel"},
     {"indexer --stats --format json", "facts about the index, as JSON"},
     {"indexer --check", "verify the index and say whether --rebuild is needed"}}};

struct Flags {
  news::IndexerOptions options;
  news::CommonOptions common;
  std::string corpus = "corpus";
  unsigned shards = 0;
  double max_file_mb = 16;
  bool verbose = false, stats = false, check = false, no_entities = false;
};

// Xapian 1.4 can end in std::terminate when a commit fails half way (seen
// with EFBIG under `ulimit -f`). The journal makes any stop a safe one, so
// say so in one line instead of dumping core (docs/reliability.md).
[[noreturn]] void stopped_by_library_failure() {
  // Shards commit in parallel, and two can fail at once: one line, from the
  // first; the others wait for its _exit.
  static std::atomic<bool> reporting{false};
  if (reporting.exchange(true)) {
    for (;;) ::pause();
  }
  std::string why = "an internal failure";
  try {
    if (auto e = std::current_exception()) std::rethrow_exception(e);
  } catch (const Xapian::Error& e) {
    why = e.get_description();
  } catch (const std::exception& e) {
    why = e.what();
  } catch (...) {
  }
  const std::string line = "indexer: stopped by " + why +
                           " while writing (disk full or file size limit?); the next run completes the interrupted batch\n";
  [[maybe_unused]] const ssize_t written = ::write(2, line.data(), line.size());
  ::_exit(news::kExitError);
}

// The --check report on standard output; the exit status says the verdict.
int report_check(const news::IndexCheck& check) {
  for (const auto& line : check.passed) std::cout << "ok: " << line << "\n";
  for (const auto& line : check.problems) std::cout << "problem: " << line << "\n";
  if (check.pending) std::cout << "pending: " << *check.pending << "\n";
  switch (check.verdict()) {
    case news::IndexCheck::Verdict::healthy:
      std::cout << "healthy\n";
      return news::kExitOk;
    case news::IndexCheck::Verdict::incomplete:
      std::cout << "incomplete: a plain indexer run completes it (no --rebuild needed)\n";
      return news::kExitNothing;
    case news::IndexCheck::Verdict::broken:
      break;
  }
  std::cout << "broken: run indexer --rebuild\n";
  return news::kExitError;
}

void add_flags(CLI::App& app, Flags& f) {
  app.add_option("--corpus", f.corpus, "folder of articles, searched recursively (default ./corpus)")->type_name("DIR");
  f.common.add_to(app, "no progress and no summary (warnings still go to standard error)");
  app.add_flag("--rebuild", f.options.rebuild, "build a fresh, compacted index beside the live one, then switch atomically");
  app.add_option("--shards", f.shards, "split the index into N shards built in parallel (new index or --rebuild; "
                                       "default one per core, at most 4)")
      ->type_name("N")->check(news::whole_number(1, 64));
  app.add_option("--threads", f.options.threads, "analysis threads (default: one per core)")
      ->type_name("N")->check(news::whole_number(1, 1024));
  app.add_option("--batch-size", f.options.batch_files, "files per batch; an incremental run commits each (default 500)")
      ->type_name("N")->check(news::whole_number(1, 1000000));
  app.add_option("--flush-every", f.options.flush_every, "a rebuild flushes each shard every N articles (default 500)")
      ->type_name("N")->check(news::whole_number(1, 1000000));
  app.add_option("--max-file-size", f.max_file_mb, "refuse single articles larger than this many MB (default 16)")
      ->type_name("MB")->check(news::positive_number(1024 * 1024));
  app.add_flag("--no-entities", f.no_entities, "skip entity recognition (faster; no facets)");
  app.add_flag("--stats", f.stats, "show facts about the index and exit");
  app.add_flag("--check", f.check, "verify the index (every database, the stub, the lexicon against the shards) and exit");
  app.add_flag("--verbose,-v", f.verbose,
               "list each file's fate on standard output, with the reason for every skipped, failed or unsupported file");
}

}  // namespace

int main(int argc, char** argv) {
  news::Program program(kDoc);
  Flags f;
  add_flags(program.app(), f);

  return program.run(argc, argv, [&]() -> int {
    const std::string& index = f.common.index.dir;
    if (f.stats) {
      news::OutputStyle style;
      style.format = f.common.format.or_default(news::OutputFormat::text);
      news::make_output_writer(style, {std::cout, nullptr, "indexer"})->stats(news::index_stats(news::SearchIndex::open(index)));
      return news::kExitOk;
    }
    if (f.check) return report_check(news::check_index(index));
    // Past `ulimit -f` a write fails with EFBIG, like a full disk, instead of
    // the signal killing the run without a word (docs/reliability.md).
    std::signal(SIGXFSZ, SIG_IGN);
    std::set_terminate(stopped_by_library_failure);
    f.options.corpus_dir = f.corpus;
    f.options.index_dir = index;
    if (f.shards) f.options.shards = f.shards;
    f.options.entities = !f.no_entities;
    f.options.read.max_article_bytes = static_cast<std::uintmax_t>(f.max_file_mb * 1024 * 1024);
    const bool quiet = f.common.quiet.quiet;
    news::ConsoleProgress progress(
        {!quiet && news::can_redraw(STDERR_FILENO), f.common.color.enabled_on(STDERR_FILENO), f.verbose}, std::cout, std::cerr);
    const news::IndexSummary summary = news::update_index(f.options, progress);
    if (!quiet) news::write_index_summary(std::cout, summary, f.verbose);
    if (const std::string why = news::no_articles_reason(summary); !why.empty()) {
      std::cerr << "indexer: " << why << "\n";
      return news::kExitNothing;
    }
    return summary.skipped + summary.failed + summary.partial + summary.unreadable > 0 ? news::kExitNothing : news::kExitOk;
  });
}

// jemalloc: keep freed pages for a second before returning them to the
// kernel (at once, page faults and TLB shootdowns were a tenth of indexing
// time), rather than for ever: without entities, where the preparers outrun
// the writers, kept pages doubled peak RSS (246 -> 136 MB on 5,000 articles,
// docs/design.md) for no measurable CPU.
extern "C" const char* malloc_conf;
const char* malloc_conf = "dirty_decay_ms:1000,muzzy_decay_ms:0";
