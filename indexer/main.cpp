// indexer: builds or updates the index of a corpus folder.
#include <chrono>
#include <iostream>
#include <mutex>

#include <fmt/format.h>

#include "text/byte_size.h"
#include "text/printable.h"
#include "index/index_layout.h"
#include "index/indexing.h"
#include "search/index_stats.h"
#include "search/search_index.h"
#include "output/cli.h"
#include "output/output.h"

namespace {

// Progress on a terminal's standard error, a file's fate per line with
// --verbose (standard output), warnings always (standard error).
class ConsoleProgress : public news::IndexProgress {
 public:
  ConsoleProgress(bool bar, bool verbose) : bar_(bar), verbose_(verbose) {}

  void started(std::size_t files, std::uint64_t bytes) override {
    files_total_ = files;
    bytes_total_ = bytes;
    start_ = std::chrono::steady_clock::now();
  }

  void file_done(const news::FileOutcome& outcome) override {
    if (verbose_) {
      clear_bar();
      std::cout << fmt::format("{:<9} {}", news::to_string(outcome.fate), news::printable(outcome.path));
      if (outcome.articles > 1) std::cout << fmt::format(" ({} articles)", outcome.articles);
      std::cout << "\n";
    }
    if (outcome.fate == news::FileFate::unchanged || outcome.fate == news::FileFate::removed) return;
    ++files_done_;
    bytes_done_ += outcome.bytes;
    articles_ += outcome.articles;
    draw();
  }

  void warning(const std::string& message) override {
    clear_bar();
    std::cerr << "indexer: warning: " << message << "\n";
  }

  void finishing() override { clear_bar(); }

 private:
  void draw() {
    if (!bar_ || files_total_ == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(100) && files_done_ < files_total_) return;
    last_draw_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double fraction = bytes_total_ ? static_cast<double>(bytes_done_) / static_cast<double>(bytes_total_)
                                         : static_cast<double>(files_done_) / static_cast<double>(files_total_);
    const int width = 24;
    const int filled = static_cast<int>(fraction * width);
    const double rate = seconds > 0 ? static_cast<double>(articles_) / seconds : 0;
    const double left = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
    std::cerr << fmt::format("\r[{}{}] {}/{} files  {}/{}  {:.0f} articles/s  {:.0f}s left ",
                             std::string(static_cast<std::size_t>(filled), '#'), std::string(static_cast<std::size_t>(width - filled), '.'),
                             files_done_, files_total_, news::format_bytes(bytes_done_), news::format_bytes(bytes_total_), rate, left)
              << std::flush;
    drawn_ = true;
  }
  void clear_bar() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
  }

  bool bar_, verbose_;
  bool drawn_ = false;
  std::size_t files_total_ = 0, files_done_ = 0, articles_ = 0;
  std::uint64_t bytes_total_ = 0, bytes_done_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Index a folder of news articles for `search`. Incremental by default.\n"
               "Exit status: 0 every file indexed, 1 some skipped or failed, 2 the run could not work.",
               "indexer"};
  news::IndexerOptions options;
  std::string corpus = "corpus", index, format = "text";
  unsigned shards = 0;
  double max_file_mb = 16;
  bool quiet = false, verbose = false, stats = false, no_entities = false;
  app.add_option("--corpus", corpus, "folder of articles, searched recursively (default ./corpus)")->type_name("DIR");
  news::add_index_option(app, index);
  app.add_flag("--rebuild", options.rebuild, "build a fresh index beside the live one, then switch atomically");
  app.add_option("--shards", shards, "split the index into N shards built in parallel (new index or --rebuild; "
                                     "default one per core, at most 4)")
      ->type_name("N")->check(CLI::Range(1, 64));
  app.add_option("--threads", options.threads, "analysis threads (default: one per core)")->type_name("N");
  app.add_option("--batch-size", options.batch_files, "files per batch; an incremental run commits each (default 500)")
      ->type_name("N")->check(CLI::Range(1, 1000000));
  app.add_option("--flush-every", options.flush_every, "a rebuild flushes each shard every N articles (default 500)")
      ->type_name("N")->check(CLI::Range(1, 1000000));
  app.add_option("--max-file-size", max_file_mb, "refuse single articles larger than this many MB (default 16)")
      ->type_name("MB")->check(CLI::PositiveNumber);
  app.add_flag("--no-entities", no_entities, "skip entity recognition (faster; no facets)");
  app.add_flag("--stats", stats, "show facts about the index and exit");
  news::add_format_option(app, format);
  app.add_flag("--quiet,-q", quiet, "no progress and no summary (warnings still go to standard error)");
  app.add_flag("--verbose,-v", verbose, "list each file's fate on standard output");

  return news::run_program(app, argc, argv, [&]() -> int {
    if (stats) {
      news::SearchIndex opened = news::SearchIndex::open(index);
      news::write_stats(news::parse_format(format), std::cout, news::index_stats(opened));
      return news::kExitOk;
    }
    options.corpus_dir = corpus;
    options.index_dir = index;
    if (shards) options.shards = shards;
    options.entities = !no_entities;
    options.read.max_article_bytes = static_cast<std::uintmax_t>(max_file_mb * 1024 * 1024);
    ConsoleProgress progress(!quiet && news::stderr_is_terminal(), verbose);
    news::IndexSummary s;
    try {
      s = news::update_index(options, progress);
    } catch (const news::IndexBusy& e) {
      std::cerr << "indexer: " << e.what() << "\n";
      return news::kExitError;
    }
    if (!quiet) {
      std::cout << fmt::format(
          "{} {} articles in {:.2f} s: {} added, {} changed, {} removed, {} unchanged, {} skipped, {} failed "
          "({} files{}; {} written, {:.1f} articles/s; {} shard{})\n",
          s.rebuilt ? "Rebuilt index:" : "Updated index:", s.documents, s.seconds, s.added, s.changed, s.removed,
          s.unchanged, s.skipped, s.failed, s.added + s.changed + s.removed + s.unchanged + s.skipped + s.failed,
          s.partial ? fmt::format(", {} with records skipped", s.partial) : std::string(),
          s.articles_written, s.seconds > 0 ? static_cast<double>(s.articles_written) / s.seconds : 0.0, s.shards,
          s.shards == 1 ? "" : "s");
      if (verbose) {
        std::cout << fmt::format("time: {:.2f} s reading and analysing, {:.2f} s waiting for writers, {:.2f} s finishing\n",
                                 s.prepare_seconds, s.write_wait_seconds, s.finish_seconds);
      }
    }
    return s.skipped + s.failed + s.partial > 0 ? news::kExitNothing : news::kExitOk;
  });
}

// jemalloc: keep freed pages instead of returning them to the kernel at once;
// page faults and TLB shootdowns were a tenth of indexing time (bench/).
extern "C" const char* malloc_conf;
const char* malloc_conf = "dirty_decay_ms:-1,muzzy_decay_ms:-1";
