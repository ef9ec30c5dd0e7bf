#include "search/index_stats.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "index/schema.h"
#include "search/entity_names.h"

namespace news {

namespace fs = std::filesystem;

namespace {
std::uint64_t folder_bytes(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}
}  // namespace

IndexStats index_stats(const SearchIndex& index) {
  const Xapian::Database& db = index.db();
  IndexStats stats;
  stats.location = index.location().string();
  stats.articles = db.get_doccount();
  const std::string stems(schema::kStemPrefix);
  for (auto t = db.allterms_begin(stems); t != db.allterms_end(stems); ++t) {
    const std::string& term = *t;
    if (term.size() > 1 && !(term[1] >= 'A' && term[1] <= 'Z')) ++stats.distinct_terms;  // not a ZS title term
  }
  for (EntityType type : kEntityTypes) {
    const std::string prefix(schema::entity_prefix(type));
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) ++stats.entities[static_cast<int>(type)];
  }
  std::error_code ec;
  const fs::path stub = fs::is_directory(index.location(), ec) ? index.location() / schema::kStubFile : index.location();
  if (fs::exists(stub, ec)) {
    for (const StubEntry& entry : read_stub_file(stub)) {
      if (entry.kind == StubEntry::Kind::local) stats.bytes_on_disk += folder_bytes(entry.path);
      if (entry.path.filename() != schema::kLexiconDir) ++stats.shards;
    }
  } else {
    stats.bytes_on_disk = folder_bytes(index.location());
    stats.shards = 1;
  }
  stats.missing_shards = index.missing_shards();
  stats.corpus_root = index.metadata(schema::kMetaCorpusRoot);
  stats.schema_version = index.metadata(schema::kMetaSchemaVersion);
  stats.analyser_version = index.metadata(schema::kMetaAnalyserVersion);
  stats.built_at = index.metadata(schema::kMetaBuiltAt);
  stats.updated_at = index.metadata(schema::kMetaUpdatedAt);
  return stats;
}

std::vector<EntityCount> list_entities(const SearchIndex& index, const EntityListing& listing) {
  const Xapian::Database& db = index.db();
  const EntityCanonicals& aliases = index.entity_canonicals();
  const std::string wanted = fold_name(listing.name_contains);
  // Each entity under its canonical name and type (entity_canonicals.h).
  std::map<EntityRef, Xapian::doccount> canonical;
  for (EntityType t : kEntityTypes) {
    const std::string prefix(schema::entity_prefix(t));
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      const std::optional<EntityRef> c = aliases.canonical(t, (*it).substr(prefix.size()));
      if (!c || (listing.type && *listing.type != c->type)) continue;
      if (!wanted.empty() && fold_name(c->name).find(wanted) == std::string::npos) continue;
      canonical.emplace(*c, it.get_termfreq());
    }
  }
  std::vector<EntityCount> out;
  for (const auto& [entity, articles] : canonical) {
    EntityCount e{entity.type, entity.name, articles};
    // Names the table joins: the articles with any of them.
    const std::vector<EntityRef> names = aliases.names_of(entity);
    if (names.size() > 1) {
      std::vector<Xapian::Query> terms;
      for (const auto& n : names) terms.emplace_back(schema::entity_term(n.type, n.name));
      Xapian::Enquire enquire(db);
      enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
      e.articles = enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
    }
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const EntityCount& a, const EntityCount& b) {
    if (a.articles != b.articles) return a.articles > b.articles;
    if (a.name != b.name) return a.name < b.name;
    return a.type < b.type;
  });
  if (out.size() > listing.limit) out.resize(listing.limit);
  return out;
}

}  // namespace news
