#include "index/stored_article.h"

#include <stdexcept>

#include "text/varint.h"

namespace news {

namespace {
// 3: the record's line.
constexpr std::uint64_t kRecordVersion = 3;

void put_ascending(std::string& out, const std::vector<std::uint32_t>& values) {
  varint::put(out, values.size());
  std::uint32_t previous = 0;
  for (std::uint32_t v : values) {
    varint::put(out, v - previous);
    previous = v;
  }
}

std::vector<std::uint32_t> get_ascending(varint::Reader& in) {
  std::vector<std::uint32_t> values(in.get());
  std::uint32_t previous = 0;
  for (auto& v : values) v = previous += in.get32();
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
  out.reserve(s.text.size() + s.tokens.size() * 2 + 128);
  varint::put(out, kRecordVersion);
  for (const std::string* field : {&s.id, &s.source_path, &s.date, &s.url, &s.source, &s.author, &s.entities, &s.text}) {
    varint::put_string(out, *field);
  }
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
  return out;
}

StoredArticle decode_stored_article(std::string_view data) {
  varint::Reader in(data);
  const std::uint64_t version = in.get();
  if (version != kRecordVersion) {
    throw std::runtime_error("stored record version " + std::to_string(version) + " is not readable by this build");
  }
  StoredArticle s;
  for (std::string* field : {&s.id, &s.source_path, &s.date, &s.url, &s.source, &s.author, &s.entities, &s.text}) {
    *field = std::string(in.get_string());
  }
  s.line = in.get32();
  s.title.begin = in.get32();
  s.title.end = in.get32();
  s.body.resize(in.get());
  for (auto& r : s.body) {
    r.begin = in.get32();
    r.end = in.get32();
  }
  s.tokens.resize(in.get());
  s.title_tokens = in.get32();
  std::uint32_t previous_end = 0;
  for (auto& t : s.tokens) {
    std::uint32_t gap = in.get32();
    std::uint32_t length = in.get32();
    t.begin = previous_end + gap;
    t.end = t.begin + length;
    previous_end = t.end;
  }
  s.sentence_starts = get_ascending(in);
  s.paragraph_starts = get_ascending(in);
  return s;
}

}  // namespace news
