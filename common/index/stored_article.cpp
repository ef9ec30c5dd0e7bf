#include "index/stored_article.h"

#include <memory>
#include <stdexcept>

#include <zstd.h>

#include "text/varint.h"

namespace news {

namespace {
// 3: the record's line.
// 4: the text zstd-compressed (its size, then the frame), or as it is when
//    that would not be smaller or is too short to gain.
// 5: everything after the version compressed as one frame (its size, then the
//    frame, or the bytes as they are): the token, sentence and paragraph
//    tables compress to half, as the text does, and one frame has more history.
constexpr std::uint64_t kRecordVersion = 5;

// zstd's default level: 3 KB articles shrink to about half; higher levels
// gain a few percent for several times the CPU.
constexpr int kCompressionLevel = 3;
// Shorter records are stored as they are (a frame's header and the lack of
// history leave nothing to gain).
constexpr std::size_t kCompressFrom = 128;
// The decoder allocates a body of at most this many times its frame's bytes,
// so a forged size cannot make it allocate more than the record justifies;
// the encoder keeps anything that compresses better (never news text) as it is.
constexpr std::uint64_t kMaxCompressionRatio = 64;

struct CompressionContexts {
  std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> compress{ZSTD_createCCtx(), &ZSTD_freeCCtx};
  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> decompress{ZSTD_createDCtx(), &ZSTD_freeDCtx};
};

// One pair per thread: creating a context costs more than compressing an article.
CompressionContexts& contexts() {
  thread_local CompressionContexts c;
  return c;
}

void put_ascending(std::string& out, const std::vector<std::uint32_t>& values) {
  varint::put(out, values.size());
  std::uint32_t previous = 0;
  for (std::uint32_t v : values) {
    varint::put(out, v - previous);
    previous = v;
  }
}

[[noreturn]] void corrupt(const std::string& what) { throw std::runtime_error("corrupt stored record: " + what); }

// The body's size, then its bytes as a zstd frame or, if they are as many
// as the size, as they are.
void put_body(std::string& out, const std::string& body) {
  varint::put(out, body.size());
  if (body.size() >= kCompressFrom) {
    std::string frame(ZSTD_compressBound(body.size()), '\0');
    const std::size_t n =
        ZSTD_compressCCtx(contexts().compress.get(), frame.data(), frame.size(), body.data(), body.size(), kCompressionLevel);
    if (!ZSTD_isError(n) && n < body.size() && body.size() <= n * kMaxCompressionRatio) {
      frame.resize(n);
      varint::put_string(out, frame);
      return;
    }
  }
  varint::put_string(out, body);
}

std::string get_body(varint::Reader& in) {
  const std::uint64_t size = in.get();
  const std::string_view stored = in.get_string();
  if (!in.done()) corrupt("bytes after the end of the record");
  if (stored.size() == size) return std::string(stored);
  if (stored.size() > size) corrupt("a body larger than its size");
  if (size > stored.size() * kMaxCompressionRatio) corrupt("a body size out of proportion to its compressed bytes");
  std::string body(size, '\0');
  const std::size_t n = ZSTD_decompressDCtx(contexts().decompress.get(), body.data(), body.size(), stored.data(), stored.size());
  if (ZSTD_isError(n)) corrupt(std::string("compressed body: ") + ZSTD_getErrorName(n));
  if (n != size) corrupt("a compressed body shorter than its size");
  return body;
}

// A count of items that take at least `min_bytes` each: never more than the
// bytes left could hold.
std::size_t count(varint::Reader& in, std::size_t min_bytes, const char* item) {
  const std::uint64_t n = in.get();
  if (n > in.remaining() / min_bytes) corrupt(std::string("more ") + item + "s than the record has bytes for");
  return static_cast<std::size_t>(n);
}

// A [begin, end) range inside [floor, limit].
TextRange range_within(varint::Reader& in, std::uint64_t floor, std::uint64_t limit, const char* what) {
  const std::uint64_t begin = in.get();
  const std::uint64_t end = in.get();
  if (begin < floor || begin > end || end > limit) corrupt(std::string("a ") + what + " range outside the text or out of order");
  return {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)};
}

// Ascending token indices, each below `tokens`.
std::vector<std::uint32_t> token_indices(varint::Reader& in, std::size_t tokens, const char* what) {
  std::vector<std::uint32_t> values(count(in, 1, what));
  std::uint64_t previous = 0;
  for (auto& v : values) {
    const std::uint64_t step = in.get();
    if (step >= tokens || previous + step >= tokens) corrupt(std::string("a ") + what + " start past the last token");
    previous += step;
    v = static_cast<std::uint32_t>(previous);
  }
  return values;
}
}  // namespace

std::string StoredArticle::folder() const {
  const std::size_t slash = source_path.rfind('/');
  return slash == std::string::npos ? std::string() : source_path.substr(0, slash);
}

StoredArticle make_stored_article(const Article& article, const std::vector<Token>& tokens,
                                  std::uint32_t title_tokens) {
  StoredArticle stored;
  stored.id = article.id;
  stored.source_path = article.source_path;
  stored.date = article.date;
  stored.url = article.url;
  stored.source = article.source;
  stored.author = article.author;
  stored.line = article.line;
  stored.text = article.text;
  stored.title = article.title;
  stored.body = article.body;
  stored.title_tokens = title_tokens;
  stored.tokens.reserve(tokens.size());
  for (std::uint32_t i = 0; i < tokens.size(); ++i) {
    stored.tokens.push_back({tokens[i].begin, tokens[i].end});
    if (tokens[i].sentence_start) stored.sentence_starts.push_back(i);
    if (tokens[i].paragraph_start) stored.paragraph_starts.push_back(i);
  }
  return stored;
}

std::string encode(const StoredArticle& s) {
  std::string out;
  out.reserve(s.text.size() + s.tokens.size() * 2 + 256);
  for (const std::string* field : {&s.id, &s.source_path, &s.date, &s.url, &s.source, &s.author, &s.entities}) {
    varint::put_string(out, *field);
  }
  varint::put_string(out, s.text);
  varint::put(out, s.line);
  varint::put(out, s.title.begin);
  varint::put(out, s.title.end);
  varint::put(out, s.body.size());
  for (TextRange r : s.body) {
    varint::put(out, r.begin);
    varint::put(out, r.end);
  }
  // Tokens are ascending and mostly one space apart: store gap and length.
  varint::put(out, s.tokens.size());
  varint::put(out, s.title_tokens);
  std::uint32_t previous_end = 0;
  for (TextRange t : s.tokens) {
    // Readers build text with the title first, so tokens are always ascending.
    if (t.begin < previous_end) throw std::logic_error("stored article tokens out of text order");
    varint::put(out, t.begin - previous_end);
    varint::put(out, t.end - t.begin);
    previous_end = t.end;
  }
  put_ascending(out, s.sentence_starts);
  put_ascending(out, s.paragraph_starts);
  std::string record;
  record.reserve(out.size() / 2 + 16);
  varint::put(record, kRecordVersion);
  put_body(record, out);
  return record;
}

StoredArticle decode_stored_article(std::string_view data) {
  varint::Reader record(data);
  const std::uint64_t version = record.get();
  if (version != kRecordVersion) {
    throw std::runtime_error("stored record version " + std::to_string(version) + " is not readable by this build");
  }
  const std::string body = get_body(record);
  varint::Reader in(body);
  StoredArticle s;
  for (std::string* field : {&s.id, &s.source_path, &s.date, &s.url, &s.source, &s.author, &s.entities}) {
    *field = std::string(in.get_string());
  }
  s.text = std::string(in.get_string());
  const std::uint64_t line = in.get();
  if (line > UINT32_MAX) corrupt("a line number past 32 bits");
  s.line = static_cast<std::uint32_t>(line);
  const std::uint64_t text_size = s.text.size();
  if (text_size > UINT32_MAX) corrupt("a text longer than 4 GB");  // ranges are 32-bit
  s.title = range_within(in, 0, text_size, "title");
  // Every count is checked against the bytes left before anything is
  // allocated: each item takes at least one byte per number.
  s.body.resize(count(in, 2, "paragraph"));
  std::uint64_t previous_end = 0;
  for (auto& r : s.body) {
    r = range_within(in, previous_end, text_size, "paragraph");
    previous_end = r.end;
  }
  s.tokens.resize(count(in, 2, "token"));
  const std::uint64_t title_tokens = in.get();
  if (title_tokens > s.tokens.size()) corrupt("more title tokens than tokens");
  s.title_tokens = static_cast<std::uint32_t>(title_tokens);
  previous_end = 0;
  for (auto& t : s.tokens) {
    // Each number is checked before it is added, so no sum can wrap around
    // (a varint holds up to 64 bits) and land back inside the text.
    const std::uint64_t gap = in.get();
    const std::uint64_t length = in.get();
    if (gap > text_size || length > text_size || previous_end + gap + length > text_size) {
      corrupt("a token ends past the text");
    }
    const std::uint64_t begin = previous_end + gap;
    const std::uint64_t end = begin + length;
    t = {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)};
    previous_end = end;
  }
  s.sentence_starts = token_indices(in, s.tokens.size(), "sentence");
  s.paragraph_starts = token_indices(in, s.tokens.size(), "paragraph");
  if (!in.done()) corrupt("bytes after the end of the record");
  return s;
}

}  // namespace news
