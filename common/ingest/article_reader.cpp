#include "ingest/article_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <system_error>

#include "text/byte_size.h"
#include "text/charset.h"
#include "text/dates.h"
#include "text/printable.h"
#include "text/stable_hash.h"
#include "text/text_util.h"
#include "ingest/feed_reader.h"
#include "ingest/furniture.h"
#include "ingest/html_reader.h"
#include "ingest/jsonl_reader.h"

namespace news {

namespace {

constexpr std::uintmax_t kKiB = 1024;
constexpr std::uintmax_t kMiB = 1024 * 1024;
// A plain-text dateline is looked for in this many non-blank lines after the title.
constexpr int kDatelineLines = 3;
// JSONL files are read in blocks of this size.
constexpr std::size_t kReadBlockBytes = 256 * 1024;
constexpr std::size_t kProbeBytes = 4096;

std::string error_text(int error) { return std::generic_category().message(error); }

std::string size_cap_reason(std::uintmax_t size, std::uintmax_t cap) {
  return format_bytes(size) + " exceeds the " + format_byte_limit(cap) + " article size cap (--max-file-size)";
}

// An open file descriptor, closed on scope exit.
class File {
 public:
  // O_NONBLOCK: opening a FIFO someone left in the corpus must not hang the run.
  explicit File(const std::filesystem::path& path)
      : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)), error_(fd_ < 0 ? errno : 0) {}
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  // Why the file cannot be read ("No such file or directory"), or empty.
  std::string problem() {
    if (fd_ < 0) return error_text(error_);
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return error_text(errno);
    if (S_ISDIR(st.st_mode)) return error_text(EISDIR);
    if (!S_ISREG(st.st_mode)) return "not a regular file";
    size_ = static_cast<std::uintmax_t>(st.st_size);
    return {};
  }
  std::uintmax_t size() const { return size_; }

  // Up to `max` bytes into `out` (appended); 0 at the end of the file; -1 with errno set on error.
  ssize_t read_some(std::string& out, std::size_t max) {
    const std::size_t old_size = out.size();
    out.resize(old_size + max);
    const ssize_t n = read_into(out.data() + old_size, max);
    out.resize(old_size + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
    return n;
  }
  ssize_t read_into(char* buffer, std::size_t max) {
    ssize_t n;
    do {
      n = ::read(fd_, buffer, max);
    } while (n < 0 && errno == EINTR);
    return n;
  }

 private:
  int fd_;
  int error_;
  std::uintmax_t size_ = 0;
};

// `message` is the reason, optionally followed by ", skipped".
FileArticles with_problem(FileArticles::Status status, const std::string& path, const std::string& message) {
  FileArticles result;
  result.status = status;
  result.warnings.push_back(printable(path) + ": " + message);
  result.reason = message.ends_with(", skipped") ? message.substr(0, message.size() - 9) : message;
  return result;
}

const std::string& shown(const SourceFile& file) {
  return file.shown_path.empty() ? file.relative_path : file.shown_path;
}

// "# Title #" -> "Title": a Markdown ATX heading's markers are not part of the title.
TextRange without_heading_marks(std::string_view text, TextRange title) {
  std::uint32_t b = title.begin;
  while (b < title.end && b - title.begin < 6 && text[b] == '#') ++b;
  if (b == title.begin || (b < title.end && text[b] != ' ' && text[b] != '\t')) return title;
  std::uint32_t e = title.end;
  while (e > b && text[e - 1] == '#') --e;
  if (e < title.end && e > b && text[e - 1] != ' ' && text[e - 1] != '\t') e = title.end;  // "C#" stays
  return trim_range(text, {b, e});
}

// The date of a dateline among the first non-blank lines after the title.
std::string plain_text_date(const Article& article) {
  const std::string_view text = article.text;
  const std::uint32_t body_start = article.title.end;
  int looked_at = 0;
  for (TextRange line : line_ranges(text.substr(body_start))) {
    const std::string_view s = trim(text.substr(body_start + line.begin, line.size()));
    if (s.empty()) continue;
    if (auto date = dateline_date(s)) return *date;
    if (++looked_at == kDatelineLines) break;
  }
  return {};
}

FileArticles read_single_article(std::string bytes, FileFormat format, const SourceFile& file) {
  const std::string& path = shown(file);
  if (is_blank(bytes)) return with_problem(FileArticles::Status::skipped, path, "empty file, skipped");
  if (!starts_with_wide_bom(bytes) && looks_binary(bytes)) {
    return with_problem(FileArticles::Status::skipped, path, "binary file, skipped");
  }
  DecodedText decoded = decode_to_utf8(std::move(bytes));
  FileArticles result;
  if (decoded.converted()) {
    if (looks_binary(decoded.text)) return with_problem(FileArticles::Status::skipped, path, "binary file, skipped");
    result.warnings.push_back(printable(path) + ": " + decoded.warning());
  }
  if (is_blank(decoded.text)) return with_problem(FileArticles::Status::skipped, path, "empty file, skipped");

  Article article;
  if (format == FileFormat::html) {
    if (estimated_nesting_depth(decoded.text) > kMaxHtmlNestingDepth) {
      return with_problem(FileArticles::Status::skipped, path,
                          "HTML nested more than " + std::to_string(kMaxHtmlNestingDepth) +
                              " elements deep, skipped");
    }
    article = parse_html(decoded.text, article_id_from_path(file.relative_path), file.relative_path);
  } else {
    article = parse_plain_text(std::move(decoded.text), article_id_from_path(file.relative_path), file.relative_path);
    if (format == FileFormat::markdown) article.title = without_heading_marks(article.text, article.title);
    article.date = plain_text_date(article);
  }
  if (article.title.empty() && article.body.empty()) {
    result.warnings.push_back(printable(path) + ": no article text found, skipped");
    result.status = FileArticles::Status::skipped;
    result.reason = "no article text found";
    return result;
  }
  result.articles.push_back(std::move(article));
  return result;
}

FileArticles read_single_article_file(File& file, FileFormat format, const SourceFile& source,
                                      const ReadOptions& options) {
  const std::string& path = shown(source);
  // The size first: an oversized file is refused without reading it.
  if (file.size() > options.max_article_bytes) {
    return with_problem(FileArticles::Status::skipped, path,
                        size_cap_reason(file.size(), options.max_article_bytes) + ", skipped");
  }
  std::string bytes;
  bytes.reserve(static_cast<std::size_t>(file.size()) + 1);
  for (;;) {
    // One byte past the cap tells a file that grew since the stat.
    const std::uintmax_t room = options.max_article_bytes + 1 - bytes.size();
    // Then small reads: usually just the one that finds the end of the file.
    const std::uintmax_t want = bytes.empty() ? file.size() + 1 : kProbeBytes;
    const ssize_t n = file.read_some(bytes, static_cast<std::size_t>(std::min(room, want)));
    if (n < 0) return with_problem(FileArticles::Status::failed, path, "cannot read: " + error_text(errno));
    if (n == 0) break;
    if (bytes.size() > options.max_article_bytes) {
      return with_problem(FileArticles::Status::skipped, path,
                          size_cap_reason(bytes.size(), options.max_article_bytes) + ", skipped");
    }
  }
  const std::uint64_t hash = stable_hash(bytes);
  FileArticles result = read_single_article(std::move(bytes), format, source);
  result.content_hash = hash;
  return result;
}

// Streams the file line by line into a JsonlReader. A line longer than the cap
// is counted but not kept.
FileArticles read_jsonl_file(File& file, const SourceFile& source, const ReadOptions& options) {
  const std::string& path = shown(source);
  JsonlReader reader(source.relative_path, path);
  StableHasher hasher;
  std::string block;
  std::string line;
  std::uintmax_t line_bytes = 0;  // of the current line, including what was not kept
  std::size_t line_number = 1;
  bool first_block = true;
  auto end_line = [&] {
    if (line_bytes > options.max_article_bytes) {
      reader.skip_line(line_number,
                       "record of " + size_cap_reason(line_bytes, options.max_article_bytes) + ", line skipped");
    } else {
      reader.add_line(line, line_number);
    }
    line.clear();
    line_bytes = 0;
    ++line_number;
  };
  for (;;) {
    block.clear();
    const ssize_t n = file.read_some(block, kReadBlockBytes);
    if (n < 0) {
      const std::string error = error_text(errno);
      FileArticles result = reader.finish();
      result.status = result.articles.empty() ? FileArticles::Status::failed : FileArticles::Status::partial;
      result.warnings.push_back(printable(path) + ":" + std::to_string(line_number) + ": cannot read: " + error);
      return result;
    }
    if (n == 0) break;
    hasher.update(block);
    if (first_block) {
      first_block = false;
      if (starts_with_wide_bom(block)) {
        // UTF-16/32 cannot be split at '\n' bytes: such feeds are decoded whole,
        // and so must fit under the cap.
        if (file.size() > options.max_article_bytes) {
          return with_problem(FileArticles::Status::skipped, path,
                              "UTF-16/UTF-32 feed of " + size_cap_reason(file.size(), options.max_article_bytes) +
                                  ", skipped");
        }
        std::string bytes = block;
        for (ssize_t more; (more = file.read_some(bytes, kReadBlockBytes)) != 0;) {
          if (more < 0) return with_problem(FileArticles::Status::failed, path, "cannot read: " + error_text(errno));
        }
        const std::uint64_t hash = stable_hash(bytes);
        DecodedText decoded = decode_to_utf8(std::move(bytes));
        std::size_t number = 0;
        for (std::string_view l : split_lines(decoded.text)) reader.add_line(l, ++number);
        FileArticles result = reader.finish();
        result.warnings.insert(result.warnings.begin(), printable(path) + ": " + decoded.warning());
        result.content_hash = hash;
        return result;
      }
      if (looks_binary(block)) return with_problem(FileArticles::Status::skipped, path, "binary file, skipped");
    }
    if (!reader.has_charset()) {
      // One line is too little for the charset detector: guess from the block.
      const std::string_view whole_lines = std::string_view(block).substr(0, block.rfind('\n') + 1);
      if (!is_valid_utf8(whole_lines)) reader.use_charset(guess_charset(whole_lines));
    }
    std::string_view rest = block;
    for (std::size_t newline; (newline = rest.find('\n')) != std::string_view::npos;) {
      const std::string_view piece = rest.substr(0, newline);
      line_bytes += piece.size();
      if (line_bytes <= options.max_article_bytes) line.append(piece);
      end_line();
      rest.remove_prefix(newline + 1);
    }
    line_bytes += rest.size();
    if (line_bytes <= options.max_article_bytes) line.append(rest);
  }
  if (line_bytes > 0) end_line();
  FileArticles result = reader.finish();
  result.content_hash = hasher.digest();
  return result;
}

// Streams the file through the feed reader, hashing what it reads.
FileArticles read_feed_file(File& file, const SourceFile& source, FileFormat format) {
  StableHasher hasher;
  const ByteReader read = [&](char* buffer, std::size_t size) -> long {
    const ssize_t n = file.read_into(buffer, size);
    if (n > 0) hasher.update(std::string_view(buffer, static_cast<std::size_t>(n)));
    return static_cast<long>(n);
  };
  FileArticles result = read_feed(read, source.relative_path, shown(source), format == FileFormat::feed);
  result.content_hash = hasher.digest();
  return result;
}

}  // namespace

std::string supported_extensions() { return ".txt, .md, .html, .htm, .jsonl, .rss, .atom, .xml"; }

FileFormat format_of(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".txt") return FileFormat::text;
  if (ext == ".md") return FileFormat::markdown;
  if (ext == ".html" || ext == ".htm") return FileFormat::html;
  if (ext == ".jsonl") return FileFormat::jsonl;
  if (ext == ".rss" || ext == ".atom") return FileFormat::feed;
  if (ext == ".xml") return FileFormat::xml;
  return FileFormat::unsupported;
}

FileArticles read_article_file(const SourceFile& source, const ReadOptions& options) {
  // Outside the per-file guard: a missing data file stops the run, it is not
  // a problem of this one file.
  (void)FurnitureFilter::standard();
  const std::string& path = shown(source);
  const FileFormat format = format_of(source.full_path);
  if (format == FileFormat::unsupported) {
    return with_problem(FileArticles::Status::skipped, path,
                        "not a supported format (" + supported_extensions() + "), skipped");
  }
  try {
    File file(source.full_path);
    if (std::string problem = file.problem(); !problem.empty()) {
      return with_problem(FileArticles::Status::failed, path, "cannot read: " + problem);
    }
    if (format == FileFormat::jsonl) return read_jsonl_file(file, source, options);
    if (format == FileFormat::feed || format == FileFormat::xml) return read_feed_file(file, source, format);
    return read_single_article_file(file, format, source, options);
  } catch (const std::exception& e) {
    // Out of memory, or a bug: one file's loss, never the run's.
    return with_problem(FileArticles::Status::failed, path, std::string("cannot read: ") + e.what());
  }
}

FileArticles read_article_file(const std::filesystem::path& full_path, const std::string& relative_path,
                               const ReadOptions& options) {
  return read_article_file(SourceFile{full_path, relative_path, {}}, options);
}

}  // namespace news
