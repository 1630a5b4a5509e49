#pragma once
// Internal to the statistical models (tagger, parser); not a public header.
//
// Lookups in the models' weight tables, which are open-addressing arrays of 8-byte
// slots whose low bits hold a check taken from the feature's hash (never 0, so a
// slot is free exactly when its check is 0). Slots are grouped in buckets of eight,
// one 64-byte cache line. A key goes to the first free slot from the start of its
// bucket on, so each bucket's used slots come first and a key lies in its own
// bucket unless that bucket was full.
//
// A lookup reads the whole bucket and selects the first slot whose check matches,
// without a branch on the outcome: whether a feature is known is a coin flip to the
// branch predictor, and each misprediction discarded the lookups queued behind it.
// Only a full bucket without the key sends the search on to the next one.

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace newsgraph::bucket_table {

inline constexpr std::size_t kSlots = 8;  // per bucket

/// Bucket of a key: its low 32 bits scaled to the bucket count, independent of the
/// check (taken from the high bits). Pure.
inline std::size_t bucket_of(std::uint64_t key, std::size_t buckets) {
  return static_cast<std::size_t>(((key & 0xFFFFFFFFull) * buckets) >> 32);
}

/// Starts loading the bucket of `key` into the cache; a hint only.
inline void prefetch(const std::uint64_t* table, std::size_t buckets, std::uint64_t key) {
  __builtin_prefetch(table + bucket_of(key, buckets) * kSlots);
}

/// The slot in `table` (buckets * kSlots slots) whose check, slot & kCheckMask,
/// equals `check` (non-zero), searched from the key's bucket `b`; 0 if none.
/// Requires at least one free slot in the table. Pure.
template <std::uint64_t kCheckMask>
inline std::uint64_t find(const std::uint64_t* table, std::size_t buckets, std::size_t b, std::uint64_t check) {
  static_assert(kCheckMask == 0xFFFF || kCheckMask == 0xFFFFFFFF, "checks are the low 2 or 4 bytes of a slot");
#if defined(__SSE2__)
  // Byte-wise compare of the whole bucket against the check: bit 8j of `eq` ends up
  // set when every check byte of slot j matches (SSE2 is part of x86-64 itself).
  const __m128i pattern = _mm_set1_epi64x(static_cast<long long>(check));
#endif
  for (;;) {
    const std::uint64_t* s = table + b * kSlots;
#if defined(__SSE2__)
    std::uint64_t eq = 0;
    for (int r = 0; r < 4; ++r) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s) + r);
      eq |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, pattern)))) << (16 * r);
    }
    eq &= eq >> 1;
    if constexpr (kCheckMask == 0xFFFFFFFF) eq &= eq >> 2;
    eq &= 0x0101010101010101ull;
    const unsigned first = static_cast<unsigned>(__builtin_ctzll(eq | (std::uint64_t{1} << 56))) >> 3;
    const bool hit = eq != 0;
#else
    unsigned m = 0;
    for (std::size_t j = 0; j < kSlots; ++j) m |= static_cast<unsigned>((s[j] & kCheckMask) == check) << j;
    const unsigned first = static_cast<unsigned>(__builtin_ctz(m | 0x80u));
    const bool hit = m != 0;
#endif
    // The first match, or slot 7 masked to 0 when none: a select, not a branch.
    const std::uint64_t e = s[first] & (hit ? ~std::uint64_t{0} : 0);
    if (hit || (s[kSlots - 1] & kCheckMask) == 0) return e;
    if (++b == buckets) b = 0;
  }
}

/// Stores `slot` (whose check is non-zero) in the first free slot from bucket b's
/// start on. Requires a free slot in the table.
inline void insert(std::uint64_t* table, std::size_t buckets, std::size_t b, std::uint64_t slot) {
  const std::size_t cap = buckets * kSlots;
  std::size_t i = b * kSlots;
  while (table[i] != 0)
    if (++i == cap) i = 0;
  table[i] = slot;
}

/// Buckets for `keys` keys at a load factor of at most 0.6 (about 4.8 keys a bucket,
/// so few buckets overflow), at least 2.
inline std::size_t buckets_for(std::size_t keys) { return keys * 5 / 3 / kSlots + 2; }

}  // namespace newsgraph::bucket_table
