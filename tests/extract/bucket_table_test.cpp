#include "extract/bucket_table.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

using namespace newsgraph;
namespace bt = newsgraph::bucket_table;

namespace {
// A slot with a 16-bit check and a payload above it, as the parser stores them.
std::uint64_t slot(std::uint64_t check, std::uint64_t payload) { return check | payload << 16; }
}  // namespace

TEST_CASE("bucket table: keys spill from full buckets, wrap around, and unknown keys give 0") {
  const std::size_t buckets = 3;
  std::vector<std::uint64_t> table(buckets * bt::kSlots, 0);
  // Eleven keys all homed in the last bucket: eight fill it, three wrap to bucket 0.
  for (std::uint64_t k = 1; k <= 11; ++k) bt::insert(table.data(), buckets, 2, slot(k, 100 + k));
  for (std::uint64_t k = 1; k <= 11; ++k) CHECK(bt::find<0xFFFF>(table.data(), buckets, 2, k) == slot(k, 100 + k));
  CHECK(table[0] == slot(9, 109));  // the spill went to the first bucket
  // Unknown: the search stops at the first bucket that is not full.
  CHECK(bt::find<0xFFFF>(table.data(), buckets, 2, 12) == 0);
  CHECK(bt::find<0xFFFF>(table.data(), buckets, 1, 5) == 0);  // bucket 1 is empty
  // Keys homed in bucket 0 go after the spilled ones and are still found there.
  bt::insert(table.data(), buckets, 0, slot(40, 7));
  CHECK(table[3] == slot(40, 7));
  CHECK(bt::find<0xFFFF>(table.data(), buckets, 0, 40) == slot(40, 7));
  // The first slot with a matching check wins, as in the order of insertion.
  bt::insert(table.data(), buckets, 1, slot(77, 1));
  bt::insert(table.data(), buckets, 1, slot(77, 2));
  CHECK(bt::find<0xFFFF>(table.data(), buckets, 1, 77) == slot(77, 1));
  // The check is compared under its mask only: 4 bytes here, so the payload's low
  // 16 bits are part of it.
  CHECK(bt::find<0xFFFFFFFF>(table.data(), buckets, 1, slot(77, 2) & 0xFFFFFFFF) == slot(77, 2));
  CHECK(bt::find<0xFFFFFFFF>(table.data(), buckets, 1, 77) == 0);
}

TEST_CASE("bucket table: a match in any of the eight slots is found, with 2- and 4-byte checks") {
  std::vector<std::uint64_t> table(2 * bt::kSlots, 0);
  for (std::uint64_t j = 0; j < bt::kSlots; ++j) table[j] = (0xABCD + j) << 16 | (0x1000 + j) | (j + 1) << 40;
  for (std::uint64_t j = 0; j < bt::kSlots; ++j) {
    CHECK(bt::find<0xFFFF>(table.data(), 2, 0, 0x1000 + j) == table[j]);
    CHECK(bt::find<0xFFFFFFFF>(table.data(), 2, 0, table[j] & 0xFFFFFFFF) == table[j]);
  }
  // A check equal in one byte only, or in the low 2 of 4 bytes, is no match.
  CHECK(bt::find<0xFFFF>(table.data(), 2, 0, 0x2000) == 0);
  CHECK(bt::find<0xFFFFFFFF>(table.data(), 2, 0, 0x1003) == 0);
}

TEST_CASE("bucket table: a bucket count for n keys leaves room, and buckets cover all keys") {
  for (std::size_t n : {0u, 1u, 7u, 100u, 400000u}) {
    const std::size_t b = bt::buckets_for(n);
    CHECK(b >= 2);
    CHECK(b * bt::kSlots * 3 >= n * 5);  // load factor <= 0.6
  }
  std::vector<std::size_t> hits(5, 0);
  for (std::uint64_t k = 0; k < 5000; ++k) ++hits.at(bt::bucket_of(k * 0x9E3779B97F4A7C15ull, 5));
  for (std::size_t h : hits) CHECK(h > 800);  // spread, and never past the last bucket
}
