#include "ingest/jsonl_reader.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "text/charset.h"
#include "text/dates.h"
#include "text/printable.h"
#include "text/text_util.h"
#include "ingest/furniture.h"

namespace news {

namespace {

using nlohmann::json;

enum class Field { absent, ok, wrong_type };

// A string member; null counts as absent.
Field string_field(const json& record, const char* key, std::string& out) {
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) return Field::absent;
  if (!it->is_string()) return Field::wrong_type;
  out = it->get<std::string>();
  return Field::ok;
}

// Body paragraphs of article.text from `from` on: split at blank lines, or at
// every line when the body has no blank line (one paragraph per line is how
// many feeds write it). Furniture lines are left out, as for plain text.
void add_body_paragraphs(Article& article, std::uint32_t from) {
  const std::string_view view = article.text;
  std::vector<TextRange> lines = line_ranges(view.substr(from));
  for (TextRange& line : lines) line = {line.begin + from, line.end + from};

  bool blank_separated = false;
  bool seen_content = false;
  bool blank_after_content = false;
  for (TextRange line : lines) {
    const bool blank = trim_range(view, line).empty();
    if (blank && seen_content) blank_after_content = true;
    if (!blank && blank_after_content) blank_separated = true;
    seen_content = seen_content || !blank;
  }

  const FurnitureFilter& furniture = FurnitureFilter::standard();
  TextRange paragraph{};
  auto close_paragraph = [&] {
    if (!paragraph.empty()) article.body.push_back(paragraph);
    paragraph = {};
  };
  for (TextRange line : lines) {
    const TextRange content = furniture.content_of_line(view, line);
    if (content.empty()) {
      close_paragraph();
      continue;
    }
    if (paragraph.empty()) paragraph.begin = content.begin;
    paragraph.end = content.end;
    if (!blank_separated || content.end != trim_range(view, line).end) close_paragraph();
  }
  close_paragraph();
}

}  // namespace

JsonlReader::JsonlReader(std::string relative_path, std::string shown_path)
    : relative_path_(std::move(relative_path)),
      path_(shown_path.empty() ? relative_path_ : std::move(shown_path)),
      stem_(article_id_from_path(relative_path_)) {}

void JsonlReader::warn(std::size_t line_number, const std::string& message) {
  result_.warnings.push_back(printable(path_) + ":" + std::to_string(line_number) + ": " + message);
}

void JsonlReader::skip_line(std::size_t line_number, const std::string& reason) {
  warn(line_number, reason);
  ++skipped_lines_;
}

void JsonlReader::use_charset(CharsetGuess guess) {
  if (!has_charset()) charset_ = std::move(guess);
}

void JsonlReader::add_line(std::string_view line, std::size_t line_number) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line_number == 1 && starts_with_utf8_bom(line)) line.remove_prefix(3);
  if (trim(line).empty()) return;
  if (is_valid_utf8(line)) {
    add_record(line, line_number);
    return;
  }
  if (!has_charset()) use_charset(guess_charset(line));
  if (!warned_charset_) {
    warned_charset_ = true;
    warn(line_number, "not UTF-8, converted from " + charset_.charset + " (" + charset_.evidence +
                          "); later lines likewise");
  }
  const std::string converted = convert_to_utf8(line, charset_.charset);
  add_record(converted, line_number);
}

void JsonlReader::add_record(std::string_view line, std::size_t line_number) {
  json record;
  try {
    record = json::parse(line, nullptr, /*allow_exceptions=*/false);
  } catch (const json::exception&) {
    record = json(json::value_t::discarded);
  }
  if (record.is_discarded()) return skip_line(line_number, "malformed JSON, line skipped");
  if (!record.is_object()) return skip_line(line_number, "not a JSON object, line skipped");

  std::string body;
  if (string_field(record, "text", body) != Field::ok || is_blank(body)) {
    body.clear();
    if (string_field(record, "body", body) != Field::ok || is_blank(body)) {
      return skip_line(line_number, "record has no text (a \"text\" or \"body\" string), line skipped");
    }
  }

  Article article;
  article.source_path = relative_path_;
  article.line = static_cast<std::uint32_t>(line_number);

  std::string title;
  if (string_field(record, "title", title) == Field::wrong_type) {
    warn(line_number, "\"title\" is not a string, ignored");
  }
  title = collapse_whitespace(trim(title));

  const std::string generated_id = stem_ + "-L" + std::to_string(line_number);
  const auto id = record.find("id");
  if (id == record.end() || id->is_null()) {
    article.id = generated_id;
  } else if (id->is_string()) {
    article.id = std::string(trim(id->get_ref<const std::string&>()));
    if (article.id.empty()) article.id = generated_id;
  } else if (id->is_number_integer()) {
    article.id = id->dump();
  } else {
    article.id = generated_id;
    warn(line_number, "\"id\" is not a string or an integer, id " + printable(generated_id) + " used");
  }

  std::string date;
  switch (string_field(record, "date", date)) {
    case Field::ok:
      if (auto iso = parse_date(date)) {
        article.date = *iso;
      } else {
        warn(line_number, "unrecognised date " + quoted_excerpt(date) + ", left empty");
      }
      break;
    case Field::wrong_type:
      warn(line_number, "\"date\" is not a string, ignored");
      break;
    case Field::absent:
      break;
  }
  for (auto [key, field] : {std::pair{"url", &article.url}, std::pair{"source", &article.source}}) {
    if (string_field(record, key, *field) == Field::wrong_type) {
      warn(line_number, std::string(1, '"').append(key).append("\" is not a string, ignored"));
    }
  }
  // Feeds write authors as "A", ["A", "B"] or {"name": "A"}.
  if (const auto author = record.find("author"); author != record.end() && !author->is_null()) {
    if (author->is_string()) {
      article.author = author->get<std::string>();
    } else if (author->is_array() && !author->empty() &&
               std::all_of(author->begin(), author->end(), [](const json& a) { return a.is_string(); })) {
      for (const json& a : *author) article.author += (article.author.empty() ? "" : ", ") + a.get<std::string>();
    } else if (author->is_object() && author->contains("name") && (*author)["name"].is_string()) {
      article.author = (*author)["name"].get<std::string>();
    } else {
      warn(line_number, "\"author\" is not a string, a list of strings or {\"name\": ...}, ignored");
    }
  }

  article.text.reserve(title.size() + 2 + body.size());
  article.text = title;
  article.title = {0, static_cast<std::uint32_t>(title.size())};
  if (!title.empty()) article.text += "\n\n";
  const auto body_begin = static_cast<std::uint32_t>(article.text.size());
  article.text += body;
  add_body_paragraphs(article, body_begin);
  result_.articles.push_back(std::move(article));
}

FileArticles JsonlReader::finish() {
  FileArticles result = std::move(result_);
  result_ = {};
  if (skipped_lines_ == 0 && result.articles.empty()) {
    result.status = FileArticles::Status::skipped;
    result.warnings.push_back(printable(path_) + ": empty file, skipped");
    result.reason = "empty file";
  } else if (result.articles.empty()) {
    result.status = FileArticles::Status::skipped;
    result.warnings.push_back(printable(path_) + ": no readable record, skipped");
    result.reason = "no readable record";
  } else if (skipped_lines_ > 0) {
    result.status = FileArticles::Status::partial;
  }
  return result;
}

}  // namespace news
