#include "index/entity_numbers.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "index/schema.h"

namespace news {

namespace {

std::string number_key(std::uint64_t id) { return schema::term(schema::kMetaEntityNumberPrefix, schema::hex16(id)); }

// A decimal metadata value; nullopt when it is not one.
template <typename Number>
std::optional<Number> parse_decimal(std::string_view text) {
  Number n = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::uint32_t get_u32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

}  // namespace

EntityNumbers EntityNumbers::load(const Xapian::Database& lexicon) {
  EntityNumbers table;
  const std::string prefix(schema::kMetaEntityNumberPrefix);
  for (auto key = lexicon.metadata_keys_begin(prefix); key != lexicon.metadata_keys_end(prefix); ++key) {
    const std::string name = *key;
    const std::optional<EntityNumber> number = parse_decimal<EntityNumber>(lexicon.get_metadata(name));
    std::uint64_t id = 0;
    const std::string_view hex = std::string_view(name).substr(prefix.size());
    const auto [end, error] = std::from_chars(hex.data(), hex.data() + hex.size(), id, 16);
    if (!number || error != std::errc() || end != hex.data() + hex.size() || hex.empty()) {
      throw std::runtime_error("damaged entity number \"" + name + "\" in the index's lexicon (run indexer --rebuild)");
    }
    table.numbers_.emplace(id, *number);
    table.next_sequence_ = std::max(table.next_sequence_, (*number >> 2) + 1);
  }
  if (auto next = parse_decimal<std::uint32_t>(lexicon.get_metadata(std::string(schema::kMetaEntityNumbersNext)))) {
    table.next_sequence_ = std::max(table.next_sequence_, *next);
  }
  return table;
}

EntityNumbers::EntityNumbers(EntityNumbers&& other) noexcept
    : numbers_(std::move(other.numbers_)), unwritten_(std::move(other.unwritten_)), next_sequence_(other.next_sequence_) {}

EntityNumbers& EntityNumbers::operator=(EntityNumbers&& other) noexcept {
  numbers_ = std::move(other.numbers_);
  unwritten_ = std::move(other.unwritten_);
  next_sequence_ = other.next_sequence_;
  return *this;
}

EntityNumber EntityNumbers::number_of(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  if (auto it = numbers_.find(id); it != numbers_.end()) return it->second;
  if (next_sequence_ >= (std::uint32_t{1} << 30)) throw std::runtime_error("more than 2^30 entities in one index");
  const EntityNumber number = (next_sequence_++ << 2) | static_cast<EntityNumber>(entity_type_of(id));
  numbers_.emplace(id, number);
  unwritten_.emplace_back(id, number);
  return number;
}

std::optional<EntityNumber> EntityNumbers::find(std::uint64_t id) const {
  std::lock_guard lock(mutex_);
  if (auto it = numbers_.find(id); it != numbers_.end()) return it->second;
  return std::nullopt;
}

void EntityNumbers::renumber(Xapian::Document& document) {
  const std::string ids = document.get_value(schema::kEntitiesSlot);
  if (ids.empty()) return;
  std::vector<EntityNumber> numbers;
  numbers.reserve(ids.size() / 8);
  for (std::size_t at = 0; at + 8 <= ids.size(); at += 8) numbers.push_back(number_of(decode_entity_id(ids.data() + at)));
  document.add_value(schema::kEntitiesSlot, encode_entity_numbers(std::move(numbers)));
}

void EntityNumbers::write_new(Xapian::WritableDatabase& lexicon) {
  std::lock_guard lock(mutex_);
  if (unwritten_.empty()) return;
  for (const auto& [id, number] : unwritten_) lexicon.set_metadata(number_key(id), std::to_string(number));
  lexicon.set_metadata(std::string(schema::kMetaEntityNumbersNext), std::to_string(next_sequence_));
  unwritten_.clear();
}

std::optional<EntityNumber> lookup_entity_number(const Xapian::Database& lexicon, std::uint64_t id) {
  return parse_decimal<EntityNumber>(lexicon.get_metadata(number_key(id)));
}

std::uint32_t entity_number_count(const Xapian::Database& lexicon) {
  return parse_decimal<std::uint32_t>(lexicon.get_metadata(std::string(schema::kMetaEntityNumbersNext))).value_or(1);
}

EntityNumberCanonicals EntityNumberCanonicals::compute(const EntityCanonicals& table, EntityNumbers& numbers) {
  EntityNumberCanonicals out;
  for (const auto& [id, canonical] : table.id_mappings()) {
    const std::optional<EntityNumber> from = numbers.find(id);
    if (!from) continue;
    out.add(*from, canonical == 0 ? 0 : numbers.number_of(canonical));
  }
  std::sort(out.mapped_.begin(), out.mapped_.end());
  return out;
}

std::string EntityNumberCanonicals::encode() const {
  std::string out;
  for (const auto& [from, to] : mapped_) {
    put_u32(out, from);
    put_u32(out, to);
  }
  return out;
}

EntityNumberCanonicals EntityNumberCanonicals::decode(std::string_view data) {
  EntityNumberCanonicals out;
  for (std::size_t at = 0; at + 8 <= data.size(); at += 8) out.add(get_u32(data.data() + at), get_u32(data.data() + at + 4));
  std::sort(out.mapped_.begin(), out.mapped_.end());
  return out;
}

void EntityNumberCanonicals::add(EntityNumber from, EntityNumber to) {
  mapped_.emplace_back(from, to);
  maybe_mapped_.set(from & (kBits - 1));
}

EntityNumber EntityNumberCanonicals::lookup(EntityNumber n) const {
  const auto it = std::lower_bound(mapped_.begin(), mapped_.end(), std::pair<EntityNumber, EntityNumber>{n, 0});
  return it != mapped_.end() && it->first == n ? it->second : n;
}

}  // namespace news
