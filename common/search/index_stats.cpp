#include "search/index_stats.h"

#include <algorithm>
#include <filesystem>

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
  const PersonAliases& aliases = index.person_aliases();
  const std::string wanted = fold_name(listing.name_contains);
  std::vector<EntityCount> out;
  for (EntityType t : kEntityTypes) {
    if (listing.type && *listing.type != t) continue;
    const std::string prefix(schema::entity_prefix(t));
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      const std::string name = (*it).substr(prefix.size());
      if (t == EntityType::person && aliases.canonical(name) != name) continue;
      if (!wanted.empty() && fold_name(name).find(wanted) == std::string::npos) continue;
      out.push_back({t, name, it.get_termfreq()});
    }
  }
  // A full name with family-name-only aliases: the articles with any of them.
  for (EntityCount& e : out) {
    if (e.type != EntityType::person) continue;
    const std::vector<std::string> names = aliases.names_of(e.name);
    if (names.size() == 1) continue;
    std::vector<Xapian::Query> terms;
    for (const auto& n : names) terms.emplace_back(schema::entity_term(EntityType::person, n));
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    e.articles = enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
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
