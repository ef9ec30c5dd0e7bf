#include "ingest/article.h"

#include <filesystem>

#include "text/text_util.h"
#include "ingest/furniture.h"

namespace news {

std::string article_id_from_path(std::string_view relative_path) {
  const std::filesystem::path path(relative_path);
  return (path.parent_path() / path.stem()).generic_string();
}

Article parse_plain_text(std::string text, std::string id, std::string source_path) {
  Article article;
  if (starts_with_utf8_bom(text)) text.erase(0, 3);
  article.text = std::move(text);
  article.id = std::move(id);
  article.source_path = std::move(source_path);

  const FurnitureFilter& furniture = FurnitureFilter::standard();
  const std::string_view view = article.text;
  bool have_title = false;
  TextRange paragraph{};
  auto close_paragraph = [&] {
    if (!paragraph.empty()) article.body.push_back(paragraph);
    paragraph = {};
  };
  for (TextRange line : line_ranges(view)) {
    const TextRange content = furniture.content_of_line(view, line);
    if (content.empty()) {
      close_paragraph();
      continue;
    }
    if (!have_title) {
      article.title = content;
      have_title = true;
      continue;
    }
    // Consecutive content lines form one paragraph (hard-wrapped text); a line
    // whose furniture tail was cut ends its paragraph.
    if (paragraph.empty()) paragraph.begin = content.begin;
    paragraph.end = content.end;
    if (content.end != trim_range(view, line).end) close_paragraph();
  }
  close_paragraph();
  return article;
}

}  // namespace news
