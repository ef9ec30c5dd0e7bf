#include "index/story_clusters.h"

#include "text/stable_hash.h"

namespace news {

std::uint64_t founding_cluster_id(const std::string& id, const std::optional<StorySignature>& signature) {
  std::string key = id;
  key.push_back('\x1f');
  if (signature) key += encode(*signature);
  return stable_hash(key);
}

std::uint32_t StoryClusters::add_member(const std::string& id, std::uint64_t cluster, const StorySignature& signature,
                                        bool candidate) {
  forget(id);
  const auto member = static_cast<std::uint32_t>(members_.size());
  members_.push_back({cluster, signature, candidate});
  seen_stamp_.push_back(0);
  by_id_[id] = member;
  for (std::uint64_t key : signature.band_keys()) insert_band(static_cast<std::uint32_t>(key), member);
  return member;
}

void StoryClusters::insert_band(std::uint32_t key, std::uint32_t member) {
  if (2 * (band_entries_ + 1) > bands_.size()) grow_bands();
  const std::size_t mask = bands_.size() - 1;
  std::size_t slot = key & mask;
  while (bands_[slot].member != kNoMember) slot = (slot + 1) & mask;
  bands_[slot] = {key, member};
  ++band_entries_;
}

// Doubles the table, keeping only the entries of members still candidates
// or hidden (a replaced or removed member's entries go).
void StoryClusters::grow_bands() {
  std::vector<BandEntry> old(bands_.empty() ? 1024 : bands_.size() * 2);
  old.swap(bands_);
  band_entries_ = 0;
  std::vector<bool> current(members_.size(), false);
  for (const auto& [id, member] : by_id_) current[member] = true;
  for (const BandEntry& e : old) {
    if (e.member != kNoMember && current[e.member]) insert_band(e.key, e.member);
  }
}

void StoryClusters::forget(const std::string& id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  members_[it->second].candidate = false;
  by_id_.erase(it);
}

void StoryClusters::add_indexed(const std::string& id, std::uint64_t cluster,
                                const std::optional<StorySignature>& signature, bool hidden) {
  if (signature) add_member(id, cluster, *signature, !hidden);
}

void StoryClusters::reveal(const std::string& id) {
  if (auto it = by_id_.find(id); it != by_id_.end()) members_[it->second].candidate = true;
}

void StoryClusters::remove(const std::string& id) { forget(id); }

std::uint64_t StoryClusters::assign(const std::string& id, const std::optional<StorySignature>& signature) {
  forget(id);
  if (!signature) return founding_cluster_id(id, signature);
  // The most similar earlier article at or above the threshold; equal
  // similarities go to the smaller cluster id, so the choice never depends
  // on the order candidates are met in.
  std::optional<std::uint64_t> best_cluster;
  double best = 0;
  if (++stamp_ == 0) {
    std::fill(seen_stamp_.begin(), seen_stamp_.end(), 0);
    stamp_ = 1;
  }
  const std::size_t mask = bands_.empty() ? 0 : bands_.size() - 1;
  for (std::uint64_t band_key : signature->band_keys()) {
    if (bands_.empty()) break;
    const auto key = static_cast<std::uint32_t>(band_key);
    for (std::size_t slot = key & mask; bands_[slot].member != kNoMember; slot = (slot + 1) & mask) {
      const BandEntry& e = bands_[slot];
      if (e.key != key || seen_stamp_[e.member] == stamp_) continue;
      seen_stamp_[e.member] = stamp_;
      const Member& m = members_[e.member];
      if (!m.candidate) continue;
      const double similarity = estimated_jaccard(*signature, m.signature);
      if (similarity < kNearDuplicateJaccard) continue;
      if (!best_cluster || similarity > best || (similarity == best && m.cluster < *best_cluster)) {
        best = similarity;
        best_cluster = m.cluster;
      }
    }
  }
  const std::uint64_t cluster = best_cluster ? *best_cluster : founding_cluster_id(id, signature);
  add_member(id, cluster, *signature, true);
  return cluster;
}

}  // namespace news
