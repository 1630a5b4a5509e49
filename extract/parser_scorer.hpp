#pragma once
// Internal to the dependency parser (extract/parser.cpp); not a public header.
//
// A read-only copy of a finalized Perceptron's weights, laid out for fast lookups and
// small files. The Perceptron keeps keys, row numbers and dense weight rows in three
// arrays, so each feature lookup touches three or more cache lines; parsing makes
// ~150 lookups per word, and that layout alone caps the parser far below its speed
// target. Here:
//  - a model of at most 3 classes keeps a 16-bit key check and the three 16-bit
//    weights of a feature in one 8-byte slot (one cache line per lookup);
//  - a model with more classes keeps only the non-negligible weights of each row,
//    as (class, weight) pairs, since most features fire with a handful of classes.
// Weights are 16-bit fixed point with one scale per model, on disk and in memory.
//
// Learning stays with Perceptron; this only mirrors its final weights.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <utility>
#include <vector>

#include "extract/bucket_table.hpp"
#include "extract/huge_pages.hpp"
#include "extract/model_file.hpp"
#include "graph/error.hpp"
#include "extract/perceptron.hpp"

namespace newsgraph::parser_detail {

class FrozenScorer {
 public:
  FrozenScorer() = default;

  /// Copies the weights of `keys` (any order, duplicates allowed) from a finalized
  /// perceptron, dropping single weights below `min_weight` in magnitude (only for
  /// sparse, more-than-3-class models) and features left with no weight, then rounds
  /// them as they will be stored. With max_features > 0, keeps only that many
  /// features, those with the largest weights (a size budget that, unlike a weight
  /// threshold, does not depend on the size of the training corpus).
  /// Deterministic for a given set of keys.
  static FrozenScorer from(const Perceptron& p, std::vector<std::uint64_t> keys, float min_weight,
                           std::size_t max_features = 0) {
    FrozenScorer s;
    s.classes_ = p.classes();
    if (s.classes_ > 255) throw Error(ErrorKind::Internal, "parser weights support at most 255 classes");
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    if (max_features > 0 && keys.size() > max_features) {
      std::vector<std::pair<float, std::uint64_t>> strength;  // (largest |weight|, key)
      strength.reserve(keys.size());
      std::vector<float> row(static_cast<std::size_t>(s.classes_));
      for (std::uint64_t k : keys) {
        std::fill(row.begin(), row.end(), 0.0f);
        p.score(std::span<const std::uint64_t>(&k, 1), row.data());
        float mx = 0.0f;
        for (float v : row) mx = std::max(mx, std::fabs(v));
        strength.emplace_back(mx, k);
      }
      // Strongest first; equal strengths by key, so the cut is deterministic.
      std::nth_element(strength.begin(), strength.begin() + static_cast<std::ptrdiff_t>(max_features), strength.end(),
                       [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
      keys.clear();
      for (std::size_t i = 0; i < max_features; ++i) keys.push_back(strength[i].second);
      std::sort(keys.begin(), keys.end());
    }
    const std::size_t c = static_cast<std::size_t>(s.classes_);
    const bool sparse = !s.is_inline();
    std::vector<float> w(c);
    BigVector<std::uint8_t> counts;
    BigVector<std::uint8_t> classes;
    std::vector<float> weights;
    for (std::uint64_t k : keys) {
      std::fill(w.begin(), w.end(), 0.0f);
      p.score(std::span<const std::uint64_t>(&k, 1), w.data());
      std::size_t kept = 0;
      for (std::size_t j = 0; j < c; ++j)
        if (w[j] != 0.0f && (!sparse || std::fabs(w[j]) >= min_weight)) ++kept;
      if (kept == 0) continue;
      s.keys_.push_back(k);
      if (sparse) {
        counts.push_back(static_cast<std::uint8_t>(kept));
        for (std::size_t j = 0; j < c; ++j)
          if (w[j] != 0.0f && std::fabs(w[j]) >= min_weight) {
            classes.push_back(static_cast<std::uint8_t>(j));
            weights.push_back(w[j]);
          }
      } else {
        weights.insert(weights.end(), w.begin(), w.end());
      }
    }
    s.counts_ = std::move(counts);
    s.classes_of_ = std::move(classes);
    s.quantize(weights);
    s.build();
    return s;
  }

  int classes() const { return classes_; }
  std::size_t features() const { return keys_.size(); }

  /// Adds the weights of every known feature into scores[0..classes()). Thread-safe.
  void score(const std::uint64_t* feats, int n, float* scores) const {
    // Keep the buckets of the next 16 features in flight while reading this one: the
    // lookups are independent, so their cache misses overlap instead of being paid
    // one after another. (Issuing all of them first measured ~8% slower here, 8
    // ahead slower still, 32 the same as 16: see bench/stage_bench.)
    constexpr int kAhead = 16;
    for (int i = 0; i < n && i < kAhead; ++i) bucket_table::prefetch(table_.data(), buckets_, feats[i]);
    if (is_inline()) {
      std::int32_t acc[3] = {0, 0, 0};
      for (int i = 0; i < n; ++i) {
        if (i + kAhead < n) bucket_table::prefetch(table_.data(), buckets_, feats[i + kAhead]);
        const std::uint64_t e = find(feats[i]);  // 0 when unknown: adds nothing
        acc[0] += static_cast<std::int16_t>(e >> 16);
        acc[1] += static_cast<std::int16_t>(e >> 32);
        acc[2] += static_cast<std::int16_t>(e >> 48);
      }
      for (int k = 0; k < classes_; ++k) scores[k] += static_cast<float>(acc[k]) * scale_;
      return;
    }
    // Sparse rows live in a second array, another miss per feature: find every row
    // first (prefetching it), then add them up, so those misses overlap too.
    constexpr int kChunk = 64;
    std::uint64_t rows[kChunk];  // slot entries of the features found
    for (int base = 0; base < n; base += kChunk) {
      const int end = std::min(n, base + kChunk);
      int found = 0;
      for (int i = base; i < end; ++i) {
        if (i + kAhead < n) bucket_table::prefetch(table_.data(), buckets_, feats[i + kAhead]);
        const std::uint64_t e = find(feats[i]);
        if (e == 0) continue;
        prefetch(entries_.data() + (e >> 32));
        rows[found++] = e;
      }
      for (int r = 0; r < found; ++r) {
        const std::uint32_t* x = entries_.data() + (rows[r] >> 32);
        const auto count = static_cast<std::uint32_t>((rows[r] >> 16) & 0xFFFF);
        for (std::uint32_t k = 0; k < count; ++k)
          scores[x[k] >> 16] += static_cast<float>(static_cast<std::int16_t>(x[k] & 0xFFFF)) * scale_;
      }
    }
  }

  void save(ModelWriter& w) const {
    w.put<std::int32_t>(classes_);
    w.put<float>(scale_);
    w.put_vector(keys_);
    w.put_vector(counts_);
    w.put_vector(classes_of_);
    w.put_vector(quantized_);
  }

  static FrozenScorer load(ModelReader& r) {
    FrozenScorer s;
    s.classes_ = r.get<std::int32_t>();
    if (s.classes_ <= 0 || s.classes_ > 255) r.fail("bad class count in parser weights");
    s.scale_ = r.get<float>();
    if (!(s.scale_ > 0.0f) || !std::isfinite(s.scale_)) r.fail("bad weight scale in parser weights");
    s.keys_ = r.get_vector<std::uint64_t, HugePageAllocator<std::uint64_t>>();
    s.counts_ = r.get_vector<std::uint8_t, HugePageAllocator<std::uint8_t>>();
    s.classes_of_ = r.get_vector<std::uint8_t, HugePageAllocator<std::uint8_t>>();
    s.quantized_ = r.get_vector<std::int16_t, HugePageAllocator<std::int16_t>>();
    for (std::size_t i = 0; i < s.keys_.size(); ++i)
      if (s.keys_[i] == 0 || (i > 0 && s.keys_[i] <= s.keys_[i - 1])) r.fail("parser feature keys are not sorted and unique");
    if (s.is_inline()) {
      if (!s.counts_.empty() || !s.classes_of_.empty() ||
          s.quantized_.size() != s.keys_.size() * static_cast<std::size_t>(s.classes_))
        r.fail("parser weights do not match their feature count");
    } else {
      std::size_t total = 0;
      for (std::uint8_t c : s.counts_) total += c;
      if (s.counts_.size() != s.keys_.size() || s.classes_of_.size() != total || s.quantized_.size() != total)
        r.fail("parser weights do not match their feature count");
      for (std::uint8_t c : s.classes_of_)
        if (c >= s.classes_) r.fail("parser weights name a class out of range");
    }
    s.build();
    return s;
  }

 private:
  // In memory each feature takes one 8-byte slot of an open-addressing table: a
  // 16-bit check, then either its three 16-bit weights (models of at most 3
  // classes) or the count and offset of its (class << 16 | 16-bit weight) entries.
  // Half the size of 32-bit checks and float weights, so twice as much of the table
  // stays in cache; a false match needs a 1-in-65535 coincidence, and then only adds
  // one feature's weights. Slots are grouped in buckets of one cache line, read
  // without branching on whether the feature is known: see bucket_table.hpp.
  bool is_inline() const { return classes_ <= 3; }

  static void prefetch(const void* p) {
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
  }

  // Checks come from the top 16 bits of a key, the bucket from the low 32.
  std::size_t bucket_of(std::uint64_t key) const { return bucket_table::bucket_of(key, buckets_); }
  std::uint64_t find(std::uint64_t key) const {
    return bucket_table::find<0xFFFF>(table_.data(), buckets_, bucket_of(key), tag_of(key));
  }
  static std::uint64_t tag_of(std::uint64_t key) {
    const std::uint64_t t = key >> 48;
    return t == 0 ? 1u : t;
  }

  void quantize(const std::vector<float>& weights) {
    float mx = 0.0f;
    for (float v : weights) mx = std::max(mx, std::fabs(v));
    scale_ = mx > 0.0f ? mx / 32767.0f : 1.0f;
    quantized_.resize(weights.size());
    for (std::size_t i = 0; i < weights.size(); ++i)
      quantized_[i] = static_cast<std::int16_t>(std::lround(weights[i] / scale_));
  }

  void build() {
    buckets_ = bucket_table::buckets_for(keys_.size());
    table_.assign(buckets_ * bucket_table::kSlots, 0);
    entries_.clear();
    const std::size_t c = static_cast<std::size_t>(classes_);
    std::size_t next = 0;  // next quantized weight
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      std::uint64_t e = tag_of(keys_[i]);
      if (is_inline()) {
        for (std::size_t j = 0; j < c; ++j)
          e |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(quantized_[i * c + j])) << (16 * (j + 1));
      } else {
        e |= static_cast<std::uint64_t>(counts_[i]) << 16;
        e |= static_cast<std::uint64_t>(entries_.size()) << 32;
        for (std::uint8_t j = 0; j < counts_[i]; ++j, ++next)
          entries_.push_back(static_cast<std::uint32_t>(classes_of_[next]) << 16 |
                             static_cast<std::uint16_t>(quantized_[next]));
      }
      bucket_table::insert(table_.data(), buckets_, bucket_of(keys_[i]), e);
    }
  }

  int classes_ = 0;
  float scale_ = 1.0f;
  std::size_t buckets_ = 0;
  BigVector<std::uint64_t> table_;  // one slot per feature, 0 = empty
  BigVector<std::uint32_t> entries_;  // sparse rows
  // As stored: sorted keys; per key the number of weights (sparse only), their
  // classes (sparse only) and the 16-bit weights.
  BigVector<std::uint64_t> keys_;
  BigVector<std::uint8_t> counts_;
  BigVector<std::uint8_t> classes_of_;
  BigVector<std::int16_t> quantized_;
};

}  // namespace newsgraph::parser_detail
