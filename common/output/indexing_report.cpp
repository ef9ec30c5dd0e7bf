#include "output/indexing_report.h"

#include <algorithm>

#include <fmt/color.h>
#include <fmt/format.h>

#include "text/byte_size.h"
#include "text/printable.h"

namespace news {

ConsoleProgress::ConsoleProgress(const ProgressStyle& style, std::ostream& out, std::ostream& err)
    : style_(style), out_(out), err_(err) {}

void ConsoleProgress::started(std::size_t files, std::uint64_t bytes) {
  files_total_ = files;
  bytes_total_ = bytes;
  start_ = std::chrono::steady_clock::now();
}

void ConsoleProgress::file_done(const FileOutcome& outcome) {
  if (style_.verbose) {
    clear_bar();
    out_ << fmt::format("{:<9} {}", to_string(outcome.fate), printable(outcome.path));
    if (outcome.articles > 1) out_ << fmt::format(" ({} articles)", outcome.articles);
    out_ << "\n";
  }
  if (outcome.fate == FileFate::unchanged || outcome.fate == FileFate::removed) return;
  ++files_done_;
  bytes_done_ += outcome.bytes;
  articles_ += outcome.articles;
  draw();
}

void ConsoleProgress::warning(const std::string& message) {
  clear_bar();
  err_ << "indexer: warning: " << message << "\n";
}

void ConsoleProgress::finishing() { clear_bar(); }

void ConsoleProgress::draw() {
  if (!style_.bar || files_total_ == 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && files_done_ < files_total_) return;
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double fraction = bytes_total_ ? static_cast<double>(bytes_done_) / static_cast<double>(bytes_total_)
                                       : static_cast<double>(files_done_) / static_cast<double>(files_total_);
  const std::size_t width = 24;
  const auto filled = std::min(width, static_cast<std::size_t>(fraction * static_cast<double>(width)));
  std::string done(filled, '#');
  if (style_.color) done = fmt::format(fg(fmt::terminal_color::green), "{}", done);
  const double rate = seconds > 0 ? static_cast<double>(articles_) / seconds : 0;
  const double left = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
  err_ << fmt::format("\r[{}{}] {}/{} files  {}/{}  {:.0f} articles/s  {:.0f}s left ", done,
                      std::string(width - filled, '.'), files_done_, files_total_, format_bytes(bytes_done_),
                      format_bytes(bytes_total_), rate, left)
       << std::flush;
  drawn_ = true;
}

void ConsoleProgress::clear_bar() {
  if (drawn_) err_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

void write_index_summary(std::ostream& out, const IndexSummary& s, bool verbose) {
  out << fmt::format(
      "{} {} articles in {:.2f} s: {} added, {} changed, {} removed, {} unchanged, {} skipped, {} failed "
      "({} files{}; {} written, {:.1f} articles/s; {} shard{})\n",
      s.rebuilt ? "Rebuilt index:" : "Updated index:", s.documents, s.seconds, s.added, s.changed, s.removed,
      s.unchanged, s.skipped, s.failed, s.added + s.changed + s.removed + s.unchanged + s.skipped + s.failed,
      s.partial ? fmt::format(", {} with records skipped", s.partial) : std::string(), s.articles_written,
      s.seconds > 0 ? static_cast<double>(s.articles_written) / s.seconds : 0.0, s.shards, s.shards == 1 ? "" : "s");
  if (verbose) {
    out << fmt::format("time: {:.2f} s reading and analysing, {:.2f} s waiting for writers, {:.2f} s finishing\n",
                       s.prepare_seconds, s.write_wait_seconds, s.finish_seconds);
  }
}

}  // namespace news
