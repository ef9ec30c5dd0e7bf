// Story clusters: which articles are near-duplicates of one another (the same
// story copied, edited, re-signed), decided in indexing order. An article
// joins the cluster of the most similar article indexed before it whose
// estimated Jaccard similarity is at least kNearDuplicateJaccard, or starts a
// cluster of its own. A cluster id, once given, never changes: when a member
// is added, changed or deleted, no other document is rewritten (the id of a
// cluster whose first member went stays the id of the others). Candidates
// are found by locality-sensitive hashing on the signature's bands, in
// memory: loaded from the index's documents at the start of an incremental
// run, so nothing beside the documents can fall out of step with them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/story_signature.h"

namespace news {

class StoryClusters {
 public:
  // An article the index holds. `hidden`: its file is read again by this run,
  // so it is no candidate until its turn (reveal, or assign for a new version):
  // then a run that was interrupted and completed decides exactly as one
  // uninterrupted run would.
  void add_indexed(const std::string& id, std::uint64_t cluster, const std::optional<StorySignature>& signature,
                   bool hidden);
  // The article stays as indexed (its file turned out unchanged, or could not be read).
  void reveal(const std::string& id);
  void remove(const std::string& id);
  // The cluster of a new or re-indexed article, which is from now on a
  // candidate for those after it. An article without a signature (no body
  // words) is a cluster of its own.
  std::uint64_t assign(const std::string& id, const std::optional<StorySignature>& signature);

  std::size_t size() const { return by_id_.size(); }

 private:
  struct Member {
    std::uint64_t cluster = 0;
    StorySignature signature;
    bool candidate = false;  // indexed and visible; false once hidden, removed or replaced
  };
  // Band key (32 bits of it) -> member, open addressing with repeats allowed:
  // about 16 bytes per band per article, where a node-based map took 100.
  struct BandEntry {
    std::uint32_t key = 0;
    std::uint32_t member = kNoMember;
  };
  static constexpr std::uint32_t kNoMember = UINT32_MAX;

  std::uint32_t add_member(const std::string& id, std::uint64_t cluster, const StorySignature& signature, bool candidate);
  void insert_band(std::uint32_t key, std::uint32_t member);
  void grow_bands();
  void forget(const std::string& id);

  std::vector<Member> members_;
  std::unordered_map<std::string, std::uint32_t> by_id_;  // the current member of each id with a signature
  std::vector<BandEntry> bands_;
  std::size_t band_entries_ = 0;
  std::vector<std::uint32_t> seen_stamp_;  // per member: the assign() call that last looked at it
  std::uint32_t stamp_ = 0;
};

// A new cluster's id: from the founding article's id and signature, so a
// founder that changes (and leaves) gets another id than the one its old
// copies keep. 16 hex digits as stored (schema::cluster_value).
std::uint64_t founding_cluster_id(const std::string& id, const std::optional<StorySignature>& signature);

}  // namespace news
