#include "search/related_entities.h"

#include <algorithm>
#include <tuple>

#include "text/text_util.h"
#include "index/entity_codes.h"
#include "index/schema.h"

namespace news {

namespace {

// Articles of the whole index naming an entity under any of the names that
// stand for it, as the foreground counts them (once per article).
std::uint64_t background_articles(const Xapian::Database& db, const EntityCanonicals& canonicals, const EntityRef& entity) {
  std::vector<EntityRef> names = canonicals.names_of(entity);
  if (names.empty()) names.push_back(entity);
  if (names.size() == 1) return db.get_termfreq(schema::entity_term(names[0].type, names[0].name));
  std::vector<Xapian::Query> terms;
  for (const EntityRef& n : names) terms.emplace_back(schema::entity_term(n.type, n.name));
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

}  // namespace

std::vector<RelatedEntity> score_related(const EntityCounts& foreground_counts, std::uint64_t foreground,
                                         EntityNumber skip, const Xapian::Database& db,
                                         const EntityCanonicals& canonicals, std::size_t limit) {
  const std::uint64_t index_articles = db.get_doccount();
  std::vector<RelatedEntity> scored;
  foreground_counts.for_each([&](EntityNumber n, std::uint32_t count) {
    if (n == skip || count < kRelatedMinArticles || !is_known_entity_number(n)) return;
    RelatedEntity e;
    e.type = entity_type_of_number(n);
    e.name = name_from_entity_name_value(db.get_metadata(entity_name_key(n)));
    e.count = count;
    e.background = std::max<std::uint64_t>(background_articles(db, canonicals, {e.type, e.name}), count);
    e.score = jlh_score(count, foreground, e.background, index_articles);
    if (e.score > 0) scored.push_back(std::move(e));
  });
  std::sort(scored.begin(), scored.end(), [](const RelatedEntity& a, const RelatedEntity& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.count != b.count) return a.count > b.count;
    return std::tie(a.name, a.type) < std::tie(b.name, b.type);
  });
  if (scored.size() > limit) scored.resize(limit);
  return scored;
}

EntitySpec parse_entity_spec(std::string_view spec) {
  EntitySpec out;
  spec = trim(spec);
  for (EntityType type : kEntityTypes) {
    const std::string prefix = std::string(to_string(type)) + ":";
    if (spec.starts_with(prefix)) {
      out.type = type;
      spec.remove_prefix(prefix.size());
      break;
    }
  }
  spec = trim(spec);
  if (spec.size() >= 2 && spec.front() == '"' && spec.back() == '"') spec = spec.substr(1, spec.size() - 2);
  out.name = std::string(trim(spec));
  return out;
}

double jlh_score(std::uint64_t count, std::uint64_t foreground, std::uint64_t background, std::uint64_t index_articles) {
  if (count == 0 || foreground == 0 || index_articles == 0) return 0;
  const double fg = static_cast<double>(count) / static_cast<double>(foreground);
  const double bg = static_cast<double>(std::max(background, count)) / static_cast<double>(index_articles);
  if (fg <= bg) return 0;
  return (fg - bg) * (fg / bg);
}

}  // namespace news
