// What an indexer run tells the person who started it: a progress bar on a
// terminal's standard error, each file's fate with --verbose (standard output),
// warnings (standard error, always), and the one-line summary at the end.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

#include "index/indexing.h"

namespace news {

struct ProgressStyle {
  bool bar = false;      // draw the bar (standard error is a terminal, not --quiet)
  bool color = false;    // colour in the bar; NO_COLOR drops this, not the bar
  bool verbose = false;  // one line per file on `out`
};

// The bar moves with the bytes read and analysed, inside a big JSONL file or
// feed too. Rate and time left appear only once kSettleSeconds of work have
// been measured (a first frame's guess is wild); the last frame, left on the
// terminal, shows the same rate as the summary (IndexSummary::articles_per_second()).
class ConsoleProgress : public IndexProgress {
 public:
  static constexpr double kSettleSeconds = 3;

  ConsoleProgress(const ProgressStyle& style, std::ostream& out, std::ostream& err);
  void started(std::size_t files, std::uint64_t bytes) override;
  void advanced(std::uint64_t bytes, std::size_t articles) override;
  void file_done(const FileOutcome& outcome) override;
  void warning(const std::string& message) override;
  void finishing(const IndexSummary& summary) override;

 private:
  void draw(bool force = false);
  std::string bar() const;
  void clear_bar();

  ProgressStyle style_;
  std::ostream& out_;
  std::ostream& err_;
  bool drawn_ = false;
  bool started_ = false;
  std::size_t files_total_ = 0, files_done_ = 0, articles_ = 0;
  std::uint64_t bytes_total_ = 0, bytes_done_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

// "Rebuilt index: 5 articles in 0.03 s: 5 added, ..."; with `verbose`, a second
// line with where the time went.
void write_index_summary(std::ostream& out, const IndexSummary& summary, bool verbose);

// When the index holds no article after the run: one line saying why ("no
// articles: 22 files of unsupported types (.sgm)"); empty otherwise.
std::string no_articles_reason(const IndexSummary& summary);

}  // namespace news
