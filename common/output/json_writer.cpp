#include "output/json_writer.h"

#include <cmath>

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

// What the facets were counted over (docs/json-output.md): always present, null without facets.
json with_facet_basis(json object, const SearchResult& r) {
  const std::optional<FacetCounts>& f = r.facets;
  object["facets_over"] = f ? json(to_string(f->basis)) : json(nullptr);
  object["facets_articles"] = f ? json(f->articles) : json(nullptr);
  object["facets_estimated"] = f && f->estimated;
  object["facets_sampled"] = f && f->estimated ? json(f->sampled) : json(nullptr);
  return object;
}

json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json line_or_null(std::uint32_t line) { return line == 0 ? json(nullptr) : json(line); }

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

json hit_json(const Hit& hit) {
  json h = {{"rank", hit.rank},
            {"id", hit.id},
            {"path", hit.path},
            {"title", hit.title.text},
            {"title_highlights", highlights_json(hit.title)},
            {"date", or_null(hit.date)},
            {"url", or_null(hit.url)},
            {"source", or_null(hit.source)},
            {"author", or_null(hit.author)},
            {"line", line_or_null(hit.line)},
            {"score", round3(hit.score)},
            {"matched_all", hit.matched_all},
            {"snippet", to_html(hit.snippet)},
            {"snippet_text", hit.snippet.text},
            {"highlights", highlights_json(hit.snippet)},
            {"entities", entities_json(hit.entities)},
            {"cluster", or_null(hit.cluster)},
            {"similar_count", hit.similar_count}};
  if (!hit.explanation.empty()) {
    json explain = json::array();
    for (const TermContribution& c : hit.explanation) explain.push_back({{"clause", c.clause}, {"weight", round3(c.weight)}});
    h["explanation"] = std::move(explain);
  }
  return h;
}

json timeline_json(const Timeline& timeline) {
  json periods = json::array();
  for (const TimelinePeriod& p : timeline.periods) periods.push_back({{"period", p.period}, {"count", p.count}});
  return periods;
}

// What only some results have: present only then (docs/analyst.md).
json with_analyst_views(json object, const SearchResult& r) {
  if (r.timeline) {
    object["timeline"] = timeline_json(*r.timeline);
    object["timeline_unit"] = to_string(r.timeline->unit);
    object["timeline_undated"] = r.timeline->undated;
  }
  if (!r.cluster.empty()) object["cluster"] = r.cluster;
  if (!r.like.empty()) object["like"] = {{"id", r.like}, {"title", r.like_title}};
  if (!r.saved_search.empty()) object["saved_search"] = {{"name", r.saved_search}, {"checked_since", r.checked_since}};
  return object;
}

// Warnings are optional: present only when there are some.
json with_warnings(json object, const SearchResult& r) {
  if (!r.warnings.empty()) object["warnings"] = r.warnings;
  return object;
}

}  // namespace

json to_json(const SearchResult& r) {
  json hits = json::array();
  for (const Hit& hit : r.hits) hits.push_back(hit_json(hit));
  return with_warnings(with_facet_basis(with_analyst_views({{"query", r.query},
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
                        {"collapsed", r.collapsed},
                        {"stories", r.collapsed ? json(r.stories) : json(nullptr)},
                        {"stories_exact", r.collapsed && r.stories_exact},
                        {"hits", std::move(hits)},
                        {"facets", r.facets ? facets_json(*r.facets) : json(nullptr)}},
                       r), r), r);
}

json to_json(const IndexStats& s) {
  json entities = json::object();
  for (EntityType type : kEntityTypes) entities[std::string(to_string(type))] = s.entities[static_cast<int>(type)];
  return {{"index", s.location},         {"articles", s.articles},           {"distinct_terms", s.distinct_terms},
          {"entities", entities},        {"bytes_on_disk", s.bytes_on_disk}, {"shards", s.shards},
          {"missing_shards", s.missing_shards}, {"corpus_root", s.corpus_root}, {"schema_version", s.schema_version},
          {"analyser_version", s.analyser_version}, {"built_at", s.built_at}, {"updated_at", s.updated_at}};
}

json to_json(const ShownArticle& a) {
  std::string text;
  for (const std::string& p : a.paragraphs) text += (text.empty() ? "" : "\n\n") + p;
  return {{"id", a.id},         {"path", a.path},          {"folder", a.folder},       {"line", line_or_null(a.line)},
          {"title", a.title},   {"date", or_null(a.date)}, {"url", or_null(a.url)},    {"source", or_null(a.source)},
          {"author", or_null(a.author)}, {"text", text},   {"entities", entities_json(a.entities)}};
}

json to_json(const RelatedEntities& r) {
  json related = json::array();
  for (const RelatedEntity& e : r.entities) {
    related.push_back({{"name", e.name}, {"type", to_string(e.type)}, {"count", e.count},
                       {"background", e.background}, {"score", std::round(e.score * 1e6) / 1e6}});
  }
  json out = {{"entity", {{"type", to_string(r.type)}, {"name", r.name}}},
              {"query", r.query},
              {"articles", r.articles},
              {"index_articles", r.index_articles},
              {"related", std::move(related)},
              {"elapsed_ms", round3(r.elapsed_ms)}};
  if (!r.warnings.empty()) out["warnings"] = r.warnings;
  return out;
}

json to_json(const SavedSearchStatus& status) {
  const SavedSearch& s = status.search;
  return {{"name", s.name},         {"query", s.query},          {"person", s.person},   {"place", s.place},
          {"org", s.org},           {"since", or_null(s.since)}, {"until", or_null(s.until)},
          {"saved_at", s.saved_at}, {"checked_at", s.checked_at}, {"matches", status.matches}, {"new", status.fresh}};
}

json to_json(const EntityCount& e) { return {{"type", to_string(e.type)}, {"name", e.name}, {"articles", e.articles}}; }

std::string dump_json(const json& value, int indent) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

JsonWriter::JsonWriter(const OutputStyle& style, const OutputTarget& target) : style_(style), target_(target) {}

void JsonWriter::result(const SearchResult& r) {
  write_notices(target_, r);
  switch (style_.view) {
    case ResultView::hits:
      emit(to_json(r));
      break;
    case ResultView::count:
      emit(with_warnings({{"query", r.query},
                          {"searched", r.searched},
                          {"corrected", r.corrected},
                          {"total", r.total},
                          {"total_exact", r.total_exact}},
                         r));
      break;
    case ResultView::ids: {
      json ids = json::array();
      for (const Hit& hit : r.hits) ids.push_back(hit.id);
      emit(with_warnings(
          {{"query", r.query}, {"searched", r.searched}, {"corrected", r.corrected}, {"total", r.total}, {"ids", std::move(ids)}},
          r));
      break;
    }
  }
}

void JsonWriter::query_error(const std::string& query, const std::string& message) {
  emit({{"query", query}, {"error", message}});
}

void JsonWriter::stats(const IndexStats& stats) { emit(to_json(stats)); }

// `json`: one array; `jsonl`: one object per line, so a pipeline can stream them.
void JsonWriter::entities(const std::vector<EntityCount>& entities) {
  if (style_.format == OutputFormat::jsonl) {
    for (const EntityCount& e : entities) emit(to_json(e));
    return;
  }
  json list = json::array();
  for (const EntityCount& e : entities) list.push_back(to_json(e));
  emit(list);
}

void JsonWriter::article(const ShownArticle& article) { emit(to_json(article)); }

void JsonWriter::related(const RelatedEntities& related) {
  if (target_.notices) {
    for (const std::string& warning : related.warnings) *target_.notices << target_.program << ": " << warning << "\n";
  }
  emit(to_json(related));
}

// Like --entities: `json` one array, `jsonl` one object per line.
void JsonWriter::saved_searches(const std::vector<SavedSearchStatus>& searches) {
  json list = json::array();
  for (const SavedSearchStatus& s : searches) {
    if (style_.format == OutputFormat::jsonl) {
      emit(to_json(s));
    } else {
      list.push_back(to_json(s));
    }
  }
  if (style_.format != OutputFormat::jsonl) emit(list);
}

void JsonWriter::saved(const SavedSearchStatus& search) { emit(to_json(search)); }

void JsonWriter::emit(const json& value) {
  const bool lines = style_.format == OutputFormat::jsonl;
  target_.out << dump_json(value, lines ? -1 : 2) << "\n";
  if (lines) target_.out.flush();  // a batch reader sees each answer as it comes
}

}  // namespace news
