#include "output/text_writer.h"

#include <fmt/color.h>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "text/byte_size.h"
#include "text/printable.h"
#include "output/timeline_chart.h"

namespace news {

namespace {

const auto kMatchStyle = fmt::emphasis::bold | fg(fmt::terminal_color::bright_yellow);

// Text with its highlights shown as [word] or in bold colour; control
// characters of the article escaped (text/printable.h).
std::string marked_text(const MarkedText& marked, bool color) {
  std::string out;
  std::size_t at = 0;
  for (const Highlight& h : marked.highlights) {
    out += printable(std::string_view(marked.text).substr(at, h.begin - at));
    const std::string word = printable(std::string_view(marked.text).substr(h.begin, h.end - h.begin));
    out += color ? fmt::format(kMatchStyle, "{}", word) : "[" + word + "]";
    at = h.end;
  }
  out += printable(std::string_view(marked.text).substr(at));
  return out;
}

// A title is a line of text; some crawled "titles" are a whole paragraph,
// so the text view shows at most about a line and a half of it.
MarkedText shortened(const MarkedText& title) {
  constexpr std::size_t kMaxTitleBytes = 150;
  if (title.text.size() <= kMaxTitleBytes + 20) return title;
  const std::size_t cut = title.text.rfind(' ', kMaxTitleBytes);
  MarkedText out;
  out.text = title.text.substr(0, cut == std::string::npos ? kMaxTitleBytes : cut) + " …";
  for (const Highlight& h : title.highlights) {
    if (h.end <= out.text.size() - 4) out.highlights.push_back(h);
  }
  return out;
}

// "/corpus/feeds/wire.jsonl:17" for a record, the bare path for a whole file.
std::string path_and_line(const std::string& path, std::uint32_t line) {
  return line == 0 ? path : fmt::format("{}:{}", path, line);
}

}  // namespace

TextWriter::TextWriter(const OutputStyle& style, const OutputTarget& target)
    : style_(style), target_(target), out_(target.out) {}

void TextWriter::result(const SearchResult& r) {
  write_notices(target_, r);
  switch (style_.view) {
    case ResultView::hits:
      hits(r);
      break;
    case ResultView::count:
      write_correction(target_, r);
      out_ << r.total << "\n";
      break;
    case ResultView::ids:
      write_correction(target_, r);
      for (const Hit& hit : r.hits) out_ << printable(hit.id) << "\n";
      break;
  }
}

// What the result is of, when not simply a query: --like, --cluster, --new.
void TextWriter::header(const SearchResult& r) {
  if (!r.saved_search.empty()) {
    out_ << fmt::format("New in saved search \"{}\" since {}:\n", printable(r.saved_search), r.checked_since);
  }
  if (!r.like.empty()) {
    out_ << fmt::format("Articles like {} \"{}\" (its own story cluster left out):\n", printable(r.like),
                        printable(r.like_title));
  }
  if (!r.cluster.empty()) out_ << fmt::format("Story cluster {}:\n", r.cluster);
}

void TextWriter::hits(const SearchResult& r) {
  if (r.corrected) {
    out_ << fmt::format("No match for \"{}\"; showing results for \"{}\" instead.\n", printable(r.query), printable(r.searched));
  } else if (r.suggestion) {
    out_ << fmt::format("Did you mean: {}?\n", printable(*r.suggestion));
  }
  if (!r.missing_shards.empty()) {
    out_ << "Partial results: shard(s) " << fmt::format("{}", fmt::join(r.missing_shards, ", ")) << " did not answer.\n";
  }
  header(r);
  const std::string searched = r.searched.empty() ? "" : fmt::format(" \"{}\"", printable(r.searched));
  if (r.total == 0) {
    out_ << fmt::format("No articles match{}. ({:.2f} ms)\n", searched, r.elapsed_ms);
    return;
  }
  const std::string total = r.total_exact ? std::to_string(r.total) : "about " + std::to_string(r.total);
  out_ << fmt::format("{} {}{}", total, r.total == 1 ? "article matches" : "articles match", searched);
  if (r.collapsed && r.stories < r.total) {
    out_ << fmt::format(" as {}{} {}", r.stories_exact ? "" : "about ", r.stories, r.stories == 1 ? "story" : "stories");
  }
  if (!r.hits.empty()) out_ << fmt::format(", showing {}-{}", r.hits.front().rank, r.hits.back().rank);
  out_ << fmt::format(" ({:.2f} ms)\n", r.elapsed_ms);
  for (const Hit& h : r.hits) hit(h);
  if (r.timeline) timeline(*r.timeline);
  if (r.facets) facets(*r.facets);
}

void TextWriter::timeline(const Timeline& t) {
  std::uint64_t dated = 0;
  for (const TimelinePeriod& p : t.periods) dated += p.count;
  std::string header = fmt::format("Matches by {}: {} dated", to_string(t.unit), dated);
  if (t.undated > 0) header += fmt::format(", {} undated", t.undated);
  out_ << "\n" << (style_.color ? fmt::format(fmt::emphasis::bold, "{}", header) : header) << "\n";
  for (const std::string& line : timeline_chart(t, style_.width - 2, style_.unicode)) out_ << "  " << line << "\n";
}

void TextWriter::hit(const Hit& hit) {
  out_ << "\n" << fmt::format("{:>2}. ", hit.rank) << title(hit) << "\n";
  std::string meta = fmt::format("{} · score {:.2f}", printable(hit.id), hit.score);
  if (!hit.matched_all) meta += " · some of the words";
  if (!hit.date.empty()) meta += " · " + printable(hit.date);
  if (!hit.source.empty()) meta += " · " + printable(hit.source);
  meta += " · " + printable(path_and_line(hit.path, hit.line));
  if (hit.similar_count > 0) meta += fmt::format(" · +{} similar", hit.similar_count);
  out_ << "    " << (style_.color ? fmt::format(fg(fmt::terminal_color::cyan), "{}", meta) : meta) << "\n";
  if (!hit.snippet.text.empty()) out_ << "    " << marked_text(hit.snippet, style_.color) << "\n";
  if (style_.show_entities && !hit.entities.empty()) {
    for (EntityType type : kEntityTypes) {
      if (hit.entities.of(type).empty()) continue;
      out_ << fmt::format("    {}: {}\n", to_string(type), printable(fmt::format("{}", fmt::join(hit.entities.of(type), ", "))));
    }
  }
  for (const TermContribution& c : hit.explanation) out_ << fmt::format("      {:>8.4f}  {}\n", c.weight, c.clause);
}

std::string TextWriter::title(const Hit& hit) const {
  const MarkedText title = shortened(hit.title);
  if (!style_.color) return marked_text(title, false);
  // Bold title with its matches in colour.
  std::string out;
  std::size_t at = 0;
  for (const Highlight& h : title.highlights) {
    out += fmt::format(fmt::emphasis::bold, "{}", printable(title.text.substr(at, h.begin - at)));
    out += fmt::format(kMatchStyle, "{}", printable(title.text.substr(h.begin, h.end - h.begin)));
    at = h.end;
  }
  return out + fmt::format(fmt::emphasis::bold, "{}", printable(title.text.substr(at)));
}

void TextWriter::facets(const FacetCounts& facets) {
  bool any = false;
  for (EntityType type : kEntityTypes) any = any || !facets.of(type).empty();
  if (!any) return;
  std::string header = facets.basis == FacetBasis::all_words
                           ? fmt::format("Across the {} {} with all the words", facets.articles,
                                         facets.articles == 1 ? "article" : "articles")
                           : fmt::format("Across all {} {}", facets.articles, facets.articles == 1 ? "match" : "matches");
  if (facets.estimated) header += fmt::format(", estimated from a sample of {}", facets.sampled);
  header += ":";
  const std::string_view about = facets.estimated ? "~" : "";
  out_ << "\n" << (style_.color ? fmt::format(fmt::emphasis::bold, "{}", header) : header) << "\n";
  for (EntityType type : kEntityTypes) {
    if (facets.of(type).empty()) continue;
    std::vector<std::string> items;
    for (const FacetCount& f : facets.of(type)) items.push_back(fmt::format("{} ({}{})", printable(f.name), about, f.count));
    out_ << fmt::format("  {:<7} {}\n", std::string(to_string(type)) + ":", fmt::join(items, ", "));
  }
}

void TextWriter::query_error(const std::string& query, const std::string& message) {
  out_ << fmt::format("error in \"{}\": {}\n", printable(query), printable(message));
}

void TextWriter::stats(const IndexStats& s) {
  out_ << fmt::format("index:          {}\n", s.location);
  out_ << fmt::format("articles:       {}\n", s.articles);
  out_ << fmt::format("distinct terms: {}\n", s.distinct_terms);
  out_ << fmt::format("entities:       {} people, {} places, {} organisations\n", s.entities[0], s.entities[1], s.entities[2]);
  out_ << fmt::format("size on disk:   {}\n", format_bytes(s.bytes_on_disk));
  out_ << fmt::format("shards:         {}{}\n", s.shards,
                      s.missing_shards.empty() ? "" : fmt::format(" ({} not answering)", s.missing_shards.size()));
  out_ << fmt::format("corpus root:    {}\n", s.corpus_root);
  out_ << fmt::format("schema:         {} (analyser {})\n", s.schema_version, s.analyser_version);
  out_ << fmt::format("built:          {}\n", s.built_at);
  out_ << fmt::format("last update:    {}\n", s.updated_at);
}

void TextWriter::article(const ShownArticle& a) {
  const std::string title = printable(a.title);
  out_ << (style_.color ? fmt::format(fmt::emphasis::bold, "{}", title) : title) << "\n";
  std::vector<std::string> meta{printable(a.id)};
  for (const std::string* field : {&a.date, &a.source, &a.author}) {
    if (!field->empty()) meta.push_back(printable(*field));
  }
  const std::string line = fmt::format("{}", fmt::join(meta, " · "));
  out_ << (style_.color ? fmt::format(fg(fmt::terminal_color::cyan), "{}", line) : line) << "\n";
  out_ << printable(path_and_line(a.path, a.line)) << "\n";
  if (!a.url.empty()) out_ << printable(a.url) << "\n";
  for (const std::string& p : a.paragraphs) out_ << "\n" << printable(p) << "\n";
}

void TextWriter::entities(const std::vector<EntityCount>& entities) {
  for (const EntityCount& e : entities) out_ << fmt::format("{:>6}  {:<7} {}\n", e.articles, to_string(e.type), printable(e.name));
}

void TextWriter::related(const RelatedEntities& r) {
  if (target_.notices) {
    for (const std::string& warning : r.warnings) *target_.notices << target_.program << ": " << warning << "\n";
  }
  const std::string over = r.query.empty() ? "" : fmt::format(" matching \"{}\"", printable(r.query));
  out_ << fmt::format("{} {} \"{}\": {} {}{} of {} in the index ({:.2f} ms)\n", "Entities most associated with",
                      to_string(r.type), printable(r.name), r.articles, r.articles == 1 ? "article" : "articles", over,
                      r.index_articles, r.elapsed_ms);
  if (r.entities.empty()) {
    out_ << fmt::format("None named in at least {} of them more often than in the whole index.\n", kRelatedMinArticles);
    return;
  }
  out_ << fmt::format("\n  {:>9}  {:>6}  {:>6}  {:<7} {}\n", "score", "with", "in all", "type", "name");
  for (const RelatedEntity& e : r.entities) {
    out_ << fmt::format("  {:>9.4f}  {:>6}  {:>6}  {:<7} {}\n", e.score, e.count, e.background, to_string(e.type), printable(e.name));
  }
}

void TextWriter::saved_searches(const std::vector<SavedSearchStatus>& searches) {
  if (searches.empty()) {
    out_ << "No saved searches (search --save NAME QUERY saves one).\n";
    return;
  }
  for (const SavedSearchStatus& s : searches) {
    std::vector<std::string> what;
    if (!s.search.query.empty()) what.push_back(fmt::format("\"{}\"", printable(s.search.query)));
    for (const std::string& n : s.search.person) what.push_back("--person " + n);
    for (const std::string& n : s.search.place) what.push_back("--place " + n);
    for (const std::string& n : s.search.org) what.push_back("--org " + n);
    if (!s.search.since.empty()) what.push_back("--since " + s.search.since);
    if (!s.search.until.empty()) what.push_back("--until " + s.search.until);
    out_ << fmt::format("{}: {} new of {} matching since {}  ({})\n", printable(s.search.name), s.fresh, s.matches,
                        s.search.checked_at, printable(fmt::format("{}", fmt::join(what, " "))));
  }
}

void TextWriter::saved(const SavedSearchStatus& s) {
  out_ << fmt::format("Saved search \"{}\": {} {} now; search --new {} shows those indexed from now on.\n",
                      printable(s.search.name), s.matches, s.matches == 1 ? "article matches" : "articles match",
                      printable(s.search.name));
}

}  // namespace news
