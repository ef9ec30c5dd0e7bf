// The index schema: every term prefix, value slot and metadata key that the
// indexer writes and the searcher reads. Both programs include this header, so
// a prefix is invented in exactly one place. Bump kSchemaVersion whenever the
// meaning of anything here changes; `search` refuses indexes of another version.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "text/stable_hash.h"
#include "entities/entity_type.h"

namespace news::schema {

// 4: XXH3 (text/stable_hash.h) for content digests, shard assignment and entity ids.
// 5: ids from the path relative to the corpus root; source, author and folder
//    terms; stored records keep the line of a multi-article file's records;
//    the entity canonicalisation table (replacing person aliases) and the
//    fixed-position names slot with its per-batch counts.
// 6: exact-form (R) and capitals (C) terms.
// 7: story clusters (cluster slot and K terms, signature slot) and the
//    content hash slot of saved searches.
// 8: stored records (version 4) keep the text zstd-compressed; every
//    database of a rebuild compacted.
// 9: the facet slot holds the index's dense entity numbers (entity_numbers.h),
//    varint deltas, where it held 64-bit ids; names by number.
// 10: stored records (version 5) are one zstd frame after their version,
//    the token tables compressed with the text.
inline constexpr int kSchemaVersion = 10;

// Term prefixes (Xapian conventions where one exists).
inline constexpr std::string_view kIdPrefix = "Q";          // unique article id, boolean
inline constexpr std::string_view kStemPrefix = "Z";        // stemmed word, positional
inline constexpr std::string_view kTitleStemPrefix = "ZS";  // stemmed title word, positional
// Entity terms keep the canonical name's case, so the colon separates it from
// the prefix. Positions mark every token of every mention (for highlighting).
inline constexpr std::string_view kPersonPrefix = "XP:";
inline constexpr std::string_view kPlacePrefix = "XL:";
inline constexpr std::string_view kOrgPrefix = "XO:";
// Every entity prefix starts with this: a synonym leading to such a term is an entity alias.
inline constexpr char kEntityPrefixLead = 'X';
// Metadata words, for the source:, author: and dir: filters. Source and author
// are positional words (normalised, not stemmed; weight 0, so they never
// change a score), so "author:\"jane doe\"" is a phrase. A is Xapian's
// (omega's) author prefix, G its newsgroup prefix, the nearest convention to
// a publication; P (omega's path) + a folder path relative to the corpus root,
// one term for the folder and each folder above it ("Pnews", "Pnews/world").
inline constexpr std::string_view kAuthorPrefix = "A";
inline constexpr std::string_view kSourcePrefix = "G";
inline constexpr std::string_view kFolderPrefix = "P";
// K (Xapian's keyword prefix) + the 16 hex digits of the article's story
// cluster (kClusterSlot): boolean, so --cluster and --like's "not its own
// story" are one posting list.
inline constexpr std::string_view kClusterPrefix = "K";
// Words are indexed by their stem (Xapian's STEM_ALL idea, with the Z prefix
// kept): one positional term per token, which ranking, phrases, NEAR and
// snippets use. Capitalised query words match exact forms ("Wells", never
// "well"), which these filter terms serve: no positions (phrases use the
// stems', then these filter), wdf 0 (document lengths, so BM25, unchanged).
// R (Xapian's raw-term prefix) + the normalised word (case- and
// accent-folded, unstemmed), only where it differs from its stem's base form
// (Analyser::base_form: the usual spelling, "ukraine" for "ukrain"), and the
// base form itself only in an article that also has another form of the
// stem: an article with the stem and no R term of another of its forms has
// the base form (docs/design.md, "Exact forms").
inline constexpr std::string_view kExactPrefix = "R";
// C + the normalised word, for each word written in capitals ("US", "U.S.") in
// a title or paragraph that is not all capitals: US the country, not "us".
inline constexpr std::string_view kCapitalsPrefix = "C";

// Value slots.
inline constexpr Xapian::valueno kDateSlot = 0;      // "YYYY-MM-DD" or empty
// Range ends for the date slot: below and above every ISO date, so an open
// --since/--until and "undated last" need no special case.
inline constexpr std::string_view kDateBeforeAll = "0000-00-00";
inline constexpr std::string_view kDateAfterAll = "9999-99-99";
// encode_entity_numbers() of the article's entities (entity_codes.h); build_document()
// writes their ids (encode_entity_ids()), which the index writer renumbers.
inline constexpr Xapian::valueno kEntitiesSlot = 1;
// The article id again, to break ties in ranking by id rather than by Xapian's
// document number, which depends on how the index is split into shards.
inline constexpr Xapian::valueno kIdSlot = 2;
// The stored article (stored_article.h). A value rather than Xapian's document
// data: glass compresses document data with zlib on every write and read,
// which cost a fifth of each query and a tenth of indexing (bench/); values
// are stored as they are.
inline constexpr Xapian::valueno kRecordSlot = 3;
// The entities an article names only in a fixed position (its first or last
// short paragraph, a byline), as type letter + name joined by
// kEntitySeparator: the boilerplate rule counts them (entity_canonicals.h),
// and an article replaced or deleted takes its counts back from here.
inline constexpr Xapian::valueno kFixedNamesSlot = 4;
// The article's story cluster (story_clusters.h) as 16 hex digits: every
// article has one (alone in it when nothing is near it); the collapse key
// that folds a result's copies of one story into its best hit.
inline constexpr Xapian::valueno kClusterSlot = 5;
// The MinHash signature of the body's shingles (story_signature.h); absent
// for an article without body words. Read back by each incremental run.
inline constexpr Xapian::valueno kSignatureSlot = 6;
// 16 hex digits of stable_hash of the title and body as indexed: which
// version of an article a saved search has seen (saved_searches.h).
inline constexpr Xapian::valueno kContentHashSlot = 7;

// Weighting: a title word counts as this many body occurrences.
inline constexpr Xapian::termcount kTitleWdfBoost = 4;

// Metadata keys, stored in the lexicon database (always the first database
// listed in the index's stub file, so Database::get_metadata() finds them).
inline constexpr std::string_view kMetaSchemaVersion = "schema_version";
inline constexpr std::string_view kMetaAnalyserVersion = "analyser_version";
inline constexpr std::string_view kMetaDocumentCount = "document_count";
inline constexpr std::string_view kMetaCorpusRoot = "corpus_root";
inline constexpr std::string_view kMetaBuiltAt = "built_at";
inline constexpr std::string_view kMetaUpdatedAt = "updated_at";
inline constexpr std::string_view kMetaShardCount = "shard_count";
inline constexpr std::string_view kMetaFilePrefix = "file:";  // + source path -> FileState
// + 16 hex digits of stable_hash(path) -> FileState + the path, for a path too
// long for a key (file_state_key() below).
inline constexpr std::string_view kMetaLongFilePrefix = "file#";
// The last batch applied to the lexicon (an incremental run's batches are
// numbered); each shard keeps, under the same key, the last batch it committed.
inline constexpr std::string_view kMetaBatchSequence = "batch_sequence";
// A batch in flight: written and committed before its shards are
// (batch_journal.h); replayed or rolled back when the next run opens the index.
inline constexpr std::string_view kMetaJournal = "journal";
inline constexpr std::string_view kMetaEntityCanonicals = "entity_canonicals";  // EntityCanonicals::encode()
// + type letter + name -> how many articles name it in a fixed position
// (kFixedNamesSlot), kept per batch through the journal like spelling.
inline constexpr std::string_view kMetaFixedNamePrefix = "fixed:";
inline constexpr std::string_view kMetaSynonymsDigest = "synonyms_digest";  // skips rewriting unchanged synonyms
// The index's entity numbers (index/entity_numbers.h): + 16 hex digits of an
// entity id -> its number, in decimal; the next sequence number to give; and
// + an entity number, in decimal -> type letter + name (entity_codes.h).
inline constexpr std::string_view kMetaEntityNumberPrefix = "entity#";
inline constexpr std::string_view kMetaEntityNumbersNext = "entity_numbers_next";
inline constexpr std::string_view kMetaEntityNamePrefix = "entity:";
// EntityNumberCanonicals::encode(): the canonicalisation table by number.
inline constexpr std::string_view kMetaEntityNumberCanonicals = "entity_number_canonicals";

// Entity types as stored: one letter each, and the separator between the
// names of an article's stored entity list. Neither occurs in a canonical name.
inline constexpr char kEntitySeparator = '\x1f';
inline constexpr char entity_type_letter(EntityType type) {
  switch (type) {
    case EntityType::person: return 'p';
    case EntityType::place: return 'l';
    case EntityType::org: return 'o';
  }
  return '?';
}
// nullopt for a letter a newer writer may use: skipped by readers.
inline constexpr std::optional<EntityType> entity_type_of_letter(char letter) {
  for (EntityType type : kEntityTypes) {
    if (entity_type_letter(type) == letter) return type;
  }
  return std::nullopt;
}

// Files inside an index folder.
inline constexpr std::string_view kStubFile = "XAPIANDB";  // Xapian stub database file
inline constexpr std::string_view kLockFile = "indexer.lock";
inline constexpr std::string_view kLexiconDir = "lexicon";   // spelling, synonyms, metadata
inline constexpr std::string_view kShardDirPrefix = "shard-";
// Saved searches and what each has seen (search --save/--new), beside the
// generations so that a rebuild keeps it; replaced whole by a rename.
inline constexpr std::string_view kSavedSearchesFile = "saved-searches.json";

// A term no document has: every indexed term starts with an upper-case
// prefix. What a clause that matches nothing (a wildcard with no expansion)
// compiles to, so that it still counts: "+xyzzy* Japan" matches nothing,
// where an empty Xapian::Query would be dropped and leave "Japan".
inline constexpr std::string_view kMatchNothingTerm = "_nothing_";

// Xapian's limits (glass, 1.4; measured): a term of at most 245 bytes, where
// a NUL byte counts twice; a metadata key of at most 253 bytes, a spelling
// word of 254, a synonym key of 255. Anything longer makes the whole commit
// throw ("Term too long", "Key too long"), so every term and key we write is
// bounded here (docs/input-formats.md, "Limits").
inline constexpr std::size_t kXapianMaxTermBytes = 245;
inline constexpr std::size_t kXapianMaxMetadataKeyBytes = 253;
inline constexpr std::size_t kXapianMaxSpellingBytes = 254;
inline constexpr std::size_t kXapianMaxSynonymKeyBytes = 255;

// Words longer than this are not indexed (nor their stems, nor spelled).
inline constexpr std::size_t kMaxTermBytes = 64;
// An entity whose term would be longer than this is left out of the article.
inline constexpr std::size_t kMaxEntityTermBytes = 240;
// A hashed id term keeps this much of the id, readable, before the hash.
inline constexpr std::size_t kHashedIdKeptBytes = 128;

// Bytes a term or key takes in Xapian's tables (a NUL byte is escaped).
inline std::size_t xapian_length(std::string_view s) {
  std::size_t n = s.size();
  for (char c : s) n += c == '\0';
  return n;
}

inline std::string hex16(std::uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = kHex[v & 15];
  return out;
}

inline std::string term(std::string_view prefix, std::string_view value) {
  std::string t;
  t.reserve(prefix.size() + value.size());
  t.append(prefix).append(value);
  return t;
}

// The unique id term of an article: Q + id, or, for an id too long for a
// term, Q + its first bytes + '#' + 16 hex digits of stable_hash(id). Ids
// that fit are unchanged, so indexes written before the rule read the same.
inline std::string id_term(std::string_view id) {
  std::string t = term(kIdPrefix, id);
  if (xapian_length(t) <= kXapianMaxTermBytes) return t;
  t.resize(kIdPrefix.size());
  for (std::size_t i = 0; i < id.size() && xapian_length(t) + 1 + (id[i] == '\0') <= kIdPrefix.size() + kHashedIdKeptBytes; ++i) {
    t.push_back(id[i]);
  }
  return t.append("#").append(hex16(stable_hash(id)));
}

// The lexicon key of a file's state: file: + path, or, for a path too long
// for a key, file# + 16 hex digits of stable_hash(path) (the value then ends
// with the path, file_state.h).
inline bool has_long_file_key(std::string_view path) {
  return kMetaFilePrefix.size() + path.size() > kXapianMaxMetadataKeyBytes;
}
inline std::string file_state_key(std::string_view path) {
  if (!has_long_file_key(path)) return term(kMetaFilePrefix, path);
  return term(kMetaLongFilePrefix, hex16(stable_hash(path)));
}

inline std::string cluster_value(std::uint64_t cluster) { return hex16(cluster); }
inline std::string cluster_term(std::string_view cluster_value) { return term(kClusterPrefix, cluster_value); }

inline bool is_entity_term(std::string_view term) { return !term.empty() && term[0] == kEntityPrefixLead; }

// The folder term of `folder` (relative to the corpus root, '/'-separated, no
// leading or trailing '/'). A path too long for a term keeps its first bytes
// and ends with '#' and 16 hex digits of its stable hash (as id_term does), so
// it stays one term that only that folder has.
inline std::string folder_term(std::string_view folder) {
  std::string t = term(kFolderPrefix, folder);
  if (xapian_length(t) <= kXapianMaxTermBytes) return t;
  t.resize(kFolderPrefix.size());
  const std::size_t room = kFolderPrefix.size() + kHashedIdKeptBytes;
  for (std::size_t i = 0; i < folder.size() && xapian_length(t) + 1 + (folder[i] == '\0') <= room; ++i) {
    t.push_back(folder[i]);
  }
  return t.append("#").append(hex16(stable_hash(folder)));
}

inline std::string_view entity_prefix(EntityType type) {
  switch (type) {
    case EntityType::person: return kPersonPrefix;
    case EntityType::place: return kPlacePrefix;
    case EntityType::org: return kOrgPrefix;
  }
  return kOrgPrefix;
}

inline std::string entity_term(EntityType type, std::string_view canonical_name) {
  return term(entity_prefix(type), canonical_name);
}

}  // namespace news::schema
