#pragma once
// A read-mostly open-addressing map from 64-bit hashes (as made by feature_hash()
// or fnv1a64()) to 32-bit values: one cache line per lookup, no allocation, for the
// per-token tables of the tagging stage.

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "extract/huge_pages.hpp"

namespace newsgraph {

/// Maps non-zero 64-bit keys to 32-bit values. Build with insert(), then look up.
/// Thread safety: find() is const and safe to call concurrently once built;
/// insert() is not.
class HashIndex {
 public:
  /// Adds or replaces `key` -> `value`. Precondition: key != 0.
  void insert(std::uint64_t key, std::uint32_t value) {
    if ((used_ + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = key & mask;
    while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & mask;
    if (slots_[i].key == 0) ++used_;
    slots_[i] = Slot{key, value};
  }
  /// Makes room for `n` keys in all, so that inserting them never rehashes.
  void reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < n * 2) cap *= 2;
    if (cap > slots_.size()) rehash(cap);
  }
  /// The value stored for `key`, or nullptr.
  const std::uint32_t* find(std::uint64_t key) const {
    if (used_ == 0) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = key & mask;; i = (i + 1) & mask) {
      if (slots_[i].key == key) return &slots_[i].value;
      if (slots_[i].key == 0) return nullptr;
    }
  }
  std::size_t size() const { return used_; }
  /// Every (key, value) pair, sorted by key: a deterministic order for saving.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> sorted() const {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> out;
    out.reserve(used_);
    for (const Slot& s : slots_)
      if (s.key != 0) out.emplace_back(s.key, s.value);
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  struct Slot {
    std::uint64_t key;  // 0 = free
    std::uint32_t value;
  };
  void grow() { rehash(slots_.empty() ? 16 : slots_.size() * 2); }
  void rehash(std::size_t cap) {
    BigVector<Slot> old = std::move(slots_);
    slots_.assign(cap, Slot{0, 0});
    used_ = 0;
    for (const Slot& s : old)
      if (s.key != 0) insert(s.key, s.value);
  }
  BigVector<Slot> slots_;
  std::size_t used_ = 0;
};

}  // namespace newsgraph
