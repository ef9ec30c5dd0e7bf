#include "index_stats.h"

#include <algorithm>
#include <filesystem>

#include "schema.h"

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
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    const std::string& term = *t;
    if (term.empty()) continue;
    if (!(term[0] >= 'A' && term[0] <= 'Z') || (term[0] == 'Z' && term.size() > 1 && !(term[1] >= 'A' && term[1] <= 'Z'))) {
      ++stats.distinct_terms;
    }
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

std::vector<EntityCount> list_entities(const Xapian::Database& db, std::optional<EntityType> type) {
  std::vector<EntityCount> out;
  for (EntityType t : kEntityTypes) {
    if (type && *type != t) continue;
    const std::string prefix(schema::entity_prefix(t));
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      out.push_back({t, (*it).substr(prefix.size()), it.get_termfreq()});
    }
  }
  std::sort(out.begin(), out.end(), [](const EntityCount& a, const EntityCount& b) {
    if (a.articles != b.articles) return a.articles > b.articles;
    if (a.name != b.name) return a.name < b.name;
    return a.type < b.type;
  });
  return out;
}

}  // namespace news
