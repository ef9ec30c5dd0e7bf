// Unsigned LEB128 varints for the compact per-article record: token offsets
// are small deltas, so most take one byte.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace news::varint {

inline void put(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

inline void put_string(std::string& out, std::string_view s) {
  put(out, s.size());
  out.append(s);
}

// Reads from `in`, advancing it; throws on truncated input.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint64_t get() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) throw std::runtime_error("corrupt stored record: truncated varint");
      const auto byte = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) return v;
    }
    throw std::runtime_error("corrupt stored record: varint too long");
  }
  std::uint32_t get32() { return static_cast<std::uint32_t>(get()); }
  std::string_view get_string() {
    const std::uint64_t n = get();
    if (n > in_.size() - pos_) throw std::runtime_error("corrupt stored record: truncated string");
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  bool done() const { return pos_ >= in_.size(); }
  std::size_t remaining() const { return in_.size() - pos_; }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace news::varint
