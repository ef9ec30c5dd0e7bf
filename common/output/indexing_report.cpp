#include "output/indexing_report.h"

#include <algorithm>
#include <vector>

#include <fmt/color.h>
#include <fmt/format.h>

#include "text/byte_size.h"
#include "text/printable.h"

namespace news {

namespace {

constexpr std::size_t kBarWidth = 24;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

ConsoleProgress::ConsoleProgress(const ProgressStyle& style, std::ostream& out, std::ostream& err)
    : style_(style), out_(out), err_(err) {}

void ConsoleProgress::started(std::size_t files, std::uint64_t bytes) {
  files_total_ = files;
  bytes_total_ = bytes;
  started_ = true;
  start_ = std::chrono::steady_clock::now();
}

void ConsoleProgress::advanced(std::uint64_t bytes, std::size_t articles) {
  bytes_done_ += bytes;
  articles_ += articles;
  draw();
}

void ConsoleProgress::file_done(const FileOutcome& outcome) {
  if (style_.verbose) {
    clear_bar();
    out_ << fmt::format("{:<9} {}", to_string(outcome.fate), printable(outcome.path));
    if (outcome.articles > 1) out_ << fmt::format(" ({} articles)", outcome.articles);
    if (!outcome.reason.empty()) out_ << fmt::format(": {}", outcome.reason);
    out_ << "\n";
  }
  // Before started(): files not to be read (unchanged, vanished, unsupported).
  if (!started_) return;
  ++files_done_;
  draw();
}

void ConsoleProgress::warning(const std::string& message) {
  clear_bar();
  err_ << "indexer: warning: " << message << "\n";
}

// The last frame stays on the terminal, with the summary's rate.
void ConsoleProgress::finishing(const IndexSummary& summary) {
  if (!style_.bar || files_total_ == 0) return;
  clear_bar();
  err_ << fmt::format("{} {}/{} files  {}  {:.1f} articles/s  done\n", bar(), files_total_, files_total_,
                      format_bytes(bytes_total_), summary.articles_per_second())
       << std::flush;
}

std::string ConsoleProgress::bar() const {
  const double fraction = bytes_total_ ? static_cast<double>(bytes_done_) / static_cast<double>(bytes_total_)
                                       : static_cast<double>(files_done_) / static_cast<double>(files_total_);
  const auto filled = std::min(kBarWidth, static_cast<std::size_t>(fraction * static_cast<double>(kBarWidth)));
  std::string done(filled, '#');
  if (style_.color) done = fmt::format(fg(fmt::terminal_color::green), "{}", done);
  return "[" + done + std::string(kBarWidth - filled, '.') + "]";
}

void ConsoleProgress::draw(bool force) {
  if (!style_.bar || files_total_ == 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  std::string pace = "measuring speed";
  if (bytes_total_ > 0 && bytes_done_ >= bytes_total_) {
    pace = "writing";
  } else if (seconds >= kSettleSeconds) {
    const double fraction = bytes_total_ ? static_cast<double>(bytes_done_) / static_cast<double>(bytes_total_)
                                         : static_cast<double>(files_done_) / static_cast<double>(files_total_);
    const double left = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
    pace = fmt::format("{:.0f} articles/s  {:.0f}s left", static_cast<double>(articles_) / seconds, left);
  }
  err_ << fmt::format("\r{} {}/{} files  {}/{}  {} \033[K", bar(), files_done_, files_total_, format_bytes(bytes_done_),
                      format_bytes(bytes_total_), pace)
       << std::flush;
  drawn_ = true;
}

void ConsoleProgress::clear_bar() {
  if (drawn_) err_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

void write_index_summary(std::ostream& out, const IndexSummary& s, bool verbose) {
  const std::size_t files = s.added + s.changed + s.removed + s.unchanged + s.skipped + s.failed + s.unsupported;
  out << fmt::format(
      "{} {} articles in {:.2f} s: {} added, {} changed, {} removed, {} unchanged, {} skipped, {} failed, "
      "{} unsupported ({} files{}; {} written, {:.1f} articles/s; {} shard{})\n",
      s.rebuilt ? "Rebuilt index:" : "Updated index:", s.documents, s.seconds, s.added, s.changed, s.removed,
      s.unchanged, s.skipped, s.failed, s.unsupported, files,
      s.partial ? fmt::format(", {} with records skipped", s.partial) : std::string(), s.articles_written,
      s.articles_per_second(), s.shards, s.shards == 1 ? "" : "s");
  if (verbose) {
    out << fmt::format("time: {:.2f} s reading and analysing, {:.2f} s waiting for writers, {:.2f} s finishing\n",
                       s.prepare_seconds, s.write_wait_seconds, s.finish_seconds);
  }
}

std::string no_articles_reason(const IndexSummary& s) {
  if (s.documents > 0) return {};
  std::vector<std::string> why;
  if (s.unsupported > 0) {
    std::vector<std::string> types;
    for (const auto& [ext, n] : s.unsupported_types) types.push_back(ext.empty() ? "no extension" : ext);
    why.push_back(fmt::format("{} of unsupported types ({})", plural(s.unsupported, "file", "files"),
                              fmt::join(types, ", ")));
  }
  if (s.skipped > 0) why.push_back(fmt::format("{} skipped", plural(s.skipped, "file", "files")));
  if (s.failed > 0) why.push_back(fmt::format("{} unreadable", plural(s.failed, "file", "files")));
  if (why.empty()) return "no articles: the corpus folder has no files";
  std::string line = fmt::format("no articles: {}", fmt::join(why, ", "));
  if (s.skipped + s.failed > 0) line += " (see the warnings above)";
  return line;
}

}  // namespace news
