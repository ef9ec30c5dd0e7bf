// An incremental batch in flight. The shards and the lexicon are separate
// Xapian databases, each committed atomically but not together; the journal
// makes the pair consistent. It is committed to the lexicon before any shard
// commits and names what the batch changes; each shard's commit records the
// batch's number; the lexicon's last commit applies the spelling and file
// states and drops the journal. A run that finds a journal left behind (a
// kill, a full disk) resolves it before anything else (docs/reliability.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "index/document_builder.h"
#include "index/file_state.h"

namespace news {

struct BatchJournal {
  std::uint64_t sequence = 0;
  std::vector<std::string> article_ids;          // added or replaced
  std::vector<std::string> removed_ids;
  std::map<std::string, FileState> file_states;  // new state per source path
  std::vector<std::string> forgotten_files;
  // Per shard the batch writes: the spelling changes its commit makes.
  std::map<std::uint32_t, SpellingCounts> shard_spelling;
  // Per shard the batch writes: the change in articles naming each entity
  // only in a fixed position (type letter + name, fixed_position_names()).
  std::map<std::uint32_t, SpellingCounts> shard_fixed_names;
};

std::string encode(const BatchJournal& journal);
// nullopt for a value this version cannot read.
std::optional<BatchJournal> decode_batch_journal(std::string_view data);

// What the lexicon takes from a journal once `committed` (the shards whose
// last batch is the journal's) is known: the spelling and fixed-name changes of those shards,
// always; the file states only when every shard of the batch committed, since
// a file whose articles are half written must be read again (its old state
// says it changed). Both are idempotent to redo by the next run.
struct JournalResolution {
  SpellingCounts spelling;
  SpellingCounts fixed_names;  // like spelling, for the boilerplate rule
  bool complete = false;  // every shard committed: file states apply too
};
JournalResolution resolve(const BatchJournal& journal, const std::set<std::uint32_t>& committed);

}  // namespace news
