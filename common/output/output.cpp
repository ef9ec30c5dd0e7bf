#include "output/output.h"

#include "text/byte_size.h"
#include "text/printable.h"

#include <cmath>

#include <fmt/color.h>
#include <fmt/format.h>
#include <fmt/ostream.h>

namespace news {

using nlohmann::json;

namespace {

json highlights_json(const MarkedText& marked) {
  json ranges = json::array();
  for (const Highlight& h : marked.highlights) ranges.push_back({h.begin, h.end});
  return ranges;
}

json entities_json(const ArticleEntities& entities) {
  return {{"person", entities.person}, {"place", entities.place}, {"org", entities.org}};
}

json facets_json(const FacetCounts& facets) {
  json out = json::object();
  for (EntityType type : kEntityTypes) {
    json list = json::array();
    for (const FacetCount& f : facets.of(type)) list.push_back({{"name", f.name}, {"count", f.count}});
    out[std::string(to_string(type))] = std::move(list);
  }
  return out;
}

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

// Text with its highlights shown as [word] or in bold colour; control
// characters of the article escaped (text/printable.h).
std::string marked_text(const MarkedText& marked, bool color) {
  std::string out;
  std::size_t at = 0;
  for (const Highlight& h : marked.highlights) {
    out += printable(std::string_view(marked.text).substr(at, h.begin - at));
    const std::string word = printable(std::string_view(marked.text).substr(h.begin, h.end - h.begin));
    out += color ? fmt::format(fmt::emphasis::bold | fg(fmt::terminal_color::bright_yellow), "{}", word) : "[" + word + "]";
    at = h.end;
  }
  out += printable(std::string_view(marked.text).substr(at));
  return out;
}

class TextWriter : public ResultWriter {
 public:
  TextWriter(std::ostream& out, const TextStyle& style) : out_(out), style_(style) {}

  void result(const SearchResult& r) override {
    if (r.corrected) {
      out_ << fmt::format("No match for \"{}\"; showing results for \"{}\" instead.\n", printable(r.query), printable(r.searched));
    } else if (r.suggestion) {
      out_ << fmt::format("Did you mean: {}?\n", printable(*r.suggestion));
    }
    if (!r.missing_shards.empty()) {
      out_ << "Partial results: shard(s) " << fmt::format("{}", fmt::join(r.missing_shards, ", ")) << " did not answer.\n";
    }
    if (r.total == 0) {
      out_ << fmt::format("No articles match \"{}\". ({:.2f} ms)\n", printable(r.searched), r.elapsed_ms);
      return;
    }
    const std::string total = r.total_exact ? std::to_string(r.total) : "about " + std::to_string(r.total);
    const std::size_t first = r.hits.empty() ? 0 : r.hits.front().rank;
    const std::size_t last = r.hits.empty() ? 0 : r.hits.back().rank;
    out_ << fmt::format("{} {} \"{}\"", total, r.total == 1 ? "article matches" : "articles match", printable(r.searched));
    if (!r.hits.empty()) out_ << fmt::format(", showing {}-{}", first, last);
    out_ << fmt::format(" ({:.2f} ms)\n", r.elapsed_ms);
    bool partial_header = false;
    for (const Hit& hit : r.hits) {
      if (!hit.matched_all && !partial_header) {
        out_ << "\n" << style("-- articles matching only some of the words --", fmt::emphasis::italic) << "\n";
        partial_header = true;
      }
      out_ << "\n" << fmt::format("{:>2}. ", hit.rank) << title(hit) << "\n";
      std::string meta = fmt::format("{} · score {:.2f}", printable(hit.id), hit.score);
      if (!hit.date.empty()) meta += " · " + printable(hit.date);
      meta += " · " + printable(hit.path);
      out_ << "    " << style(meta, fg(fmt::terminal_color::cyan)) << "\n";
      if (!hit.snippet.text.empty()) out_ << "    " << marked_text(hit.snippet, style_.color) << "\n";
      if (style_.show_entities && !hit.entities.empty()) {
        for (EntityType type : kEntityTypes) {
          if (hit.entities.of(type).empty()) continue;
          out_ << fmt::format("    {}: {}\n", to_string(type), printable(fmt::format("{}", fmt::join(hit.entities.of(type), ", "))));
        }
      }
      for (const TermContribution& c : hit.explanation) out_ << fmt::format("      {:>8.4f}  {}\n", c.weight, c.clause);
    }
    if (r.facets) facets(*r.facets);
  }

  void query_error(const std::string& query, const std::string& message) override {
    out_ << fmt::format("error in \"{}\": {}\n", printable(query), printable(message));
  }

  void count(const SearchResult& r) override { out_ << r.total << "\n"; }

  void ids(const SearchResult& r) override {
    for (const Hit& hit : r.hits) out_ << printable(hit.id) << "\n";
  }

 private:
  template <typename Style>
  std::string style(const std::string& s, Style st) const {
    return style_.color ? fmt::format(st, "{}", s) : s;
  }

  // A title is a line of text; some crawled "titles" are a whole paragraph,
  // so the text view shows at most about a line and a half of it.
  static MarkedText shortened(const MarkedText& title) {
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

  std::string title(const Hit& hit) const {
    const MarkedText title = shortened(hit.title);
    if (!style_.color) return marked_text(title, false);
    // Bold title with its matches in colour.
    std::string out;
    std::size_t at = 0;
    for (const Highlight& h : title.highlights) {
      out += fmt::format(fmt::emphasis::bold, "{}", printable(title.text.substr(at, h.begin - at)));
      out += fmt::format(fmt::emphasis::bold | fg(fmt::terminal_color::bright_yellow), "{}",
                         printable(title.text.substr(h.begin, h.end - h.begin)));
      at = h.end;
    }
    return out + fmt::format(fmt::emphasis::bold, "{}", printable(title.text.substr(at)));
  }

  void facets(const FacetCounts& facets) {
    bool any = false;
    for (EntityType type : kEntityTypes) any = any || !facets.of(type).empty();
    if (!any) return;
    out_ << "\n" << style("Across all matches:", fmt::emphasis::bold) << "\n";
    for (EntityType type : kEntityTypes) {
      if (facets.of(type).empty()) continue;
      std::vector<std::string> items;
      for (const FacetCount& f : facets.of(type)) items.push_back(fmt::format("{} ({})", printable(f.name), f.count));
      out_ << fmt::format("  {:<7} {}\n", std::string(to_string(type)) + ":", fmt::join(items, ", "));
    }
  }

  std::ostream& out_;
  TextStyle style_;
};

class JsonWriter : public ResultWriter {
 public:
  JsonWriter(std::ostream& out, bool lines) : out_(out), lines_(lines) {}
  void result(const SearchResult& r) override { write(to_json(r)); }
  void query_error(const std::string& query, const std::string& message) override {
    write({{"query", query}, {"error", message}});
  }
  void count(const SearchResult& r) override {
    write({{"query", r.query}, {"total", r.total}, {"total_exact", r.total_exact}});
  }
  void ids(const SearchResult& r) override {
    json ids = json::array();
    for (const Hit& hit : r.hits) ids.push_back(hit.id);
    write({{"query", r.query}, {"total", r.total}, {"ids", ids}});
  }

 private:
  void write(const json& j) {
    // Invalid UTF-8 (never expected: the index holds UTF-8) is replaced, not thrown.
    out_ << j.dump(lines_ ? -1 : 2, ' ', false, json::error_handler_t::replace) << "\n";
    if (lines_) out_.flush();
  }
  std::ostream& out_;
  bool lines_;
};

}  // namespace

json to_json(const SearchResult& r) {
  json hits = json::array();
  for (const Hit& hit : r.hits) {
    json h = {{"rank", hit.rank},
              {"id", hit.id},
              {"path", hit.path},
              {"title", hit.title.text},
              {"title_highlights", highlights_json(hit.title)},
              {"date", hit.date.empty() ? json(nullptr) : json(hit.date)},
              {"url", hit.url.empty() ? json(nullptr) : json(hit.url)},
              {"score", round3(hit.score)},
              {"matched_all", hit.matched_all},
              {"snippet", to_html(hit.snippet)},
              {"snippet_text", hit.snippet.text},
              {"highlights", highlights_json(hit.snippet)},
              {"entities", entities_json(hit.entities)}};
    if (!hit.explanation.empty()) {
      json explain = json::array();
      for (const TermContribution& c : hit.explanation) explain.push_back({{"clause", c.clause}, {"weight", round3(c.weight)}});
      h["explanation"] = std::move(explain);
    }
    hits.push_back(std::move(h));
  }
  return {{"query", r.query},
          {"searched", r.searched},
          {"parsed", r.parsed},
          {"total", r.total},
          {"total_exact", r.total_exact},
          {"offset", r.offset},
          {"limit", r.limit},
          {"suggestion", r.suggestion ? json(*r.suggestion) : json(nullptr)},
          {"corrected", r.corrected},
          {"elapsed_ms", round3(r.elapsed_ms)},
          {"partial", !r.missing_shards.empty()},
          {"missing_shards", r.missing_shards},
          {"hits", std::move(hits)},
          {"facets", r.facets ? facets_json(*r.facets) : json(nullptr)}};
}

json to_json(const IndexStats& s) {
  json entities = json::object();
  for (EntityType type : kEntityTypes) entities[std::string(to_string(type))] = s.entities[static_cast<int>(type)];
  return {{"index", s.location},         {"articles", s.articles},           {"distinct_terms", s.distinct_terms},
          {"entities", entities},        {"bytes_on_disk", s.bytes_on_disk}, {"shards", s.shards},
          {"missing_shards", s.missing_shards}, {"corpus_root", s.corpus_root}, {"schema_version", s.schema_version},
          {"analyser_version", s.analyser_version}, {"built_at", s.built_at}, {"updated_at", s.updated_at}};
}

json to_json(const std::vector<EntityCount>& entities) {
  json out = json::array();
  for (const EntityCount& e : entities) out.push_back({{"type", to_string(e.type)}, {"name", e.name}, {"articles", e.articles}});
  return out;
}

void write_stats(OutputFormat format, std::ostream& out, const IndexStats& s) {
  if (format != OutputFormat::text) {
    out << to_json(s).dump(format == OutputFormat::json ? 2 : -1) << "\n";
    return;
  }
  out << fmt::format("index:          {}\n", s.location);
  out << fmt::format("articles:       {}\n", s.articles);
  out << fmt::format("distinct terms: {}\n", s.distinct_terms);
  out << fmt::format("entities:       {} people, {} places, {} organisations\n", s.entities[0], s.entities[1], s.entities[2]);
  out << fmt::format("size on disk:   {}\n", format_bytes(s.bytes_on_disk));
  out << fmt::format("shards:         {}{}\n", s.shards,
                     s.missing_shards.empty() ? "" : fmt::format(" ({} not answering)", s.missing_shards.size()));
  out << fmt::format("corpus root:    {}\n", s.corpus_root);
  out << fmt::format("schema:         {} (analyser {})\n", s.schema_version, s.analyser_version);
  out << fmt::format("built:          {}\n", s.built_at);
  out << fmt::format("last update:    {}\n", s.updated_at);
}

void write_entities(OutputFormat format, std::ostream& out, const std::vector<EntityCount>& entities) {
  if (format != OutputFormat::text) {
    if (format == OutputFormat::json) {
      out << to_json(entities).dump(2) << "\n";
    } else {
      for (const auto& e : to_json(entities)) out << e.dump() << "\n";
    }
    return;
  }
  for (const EntityCount& e : entities) out << fmt::format("{:>6}  {:<7} {}\n", e.articles, to_string(e.type), printable(e.name));
}

std::unique_ptr<ResultWriter> make_result_writer(OutputFormat format, std::ostream& out, const TextStyle& style) {
  if (format == OutputFormat::text) return std::make_unique<TextWriter>(out, style);
  return std::make_unique<JsonWriter>(out, format == OutputFormat::jsonl);
}

}  // namespace news
