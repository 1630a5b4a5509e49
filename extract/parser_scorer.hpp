#pragma once
// Internal to the dependency parser (extract/parser.cpp); not a public header.
//
// A read-only copy of a finalized Perceptron's weights, laid out for fast lookups and
// small files. The Perceptron keeps keys, row numbers and dense weight rows in three
// arrays, so each feature lookup touches three or more cache lines; parsing makes
// ~150 lookups per word, and that layout alone caps the parser far below its speed
// target. Here:
//  - a model of at most 3 classes keeps a 32-bit key check and the weights of a
//    feature in one 16-byte slot (one cache line per lookup);
//  - a model with more classes keeps only the non-negligible weights of each row,
//    as (class, weight) pairs, since most features fire with a handful of classes.
// On disk weights are 16-bit fixed point with one scale per model.
//
// Learning stays with Perceptron; this only mirrors its final weights.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

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
    std::vector<std::uint8_t> counts;
    std::vector<std::uint8_t> classes;
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
    // Issue every first probe before reading any: the lookups are independent, so
    // their cache misses overlap instead of being paid one after another.
    for (int i = 0; i < n; ++i) prefetch(table_.data() + (feats[i] & mask_) * kStride);
    const bool inl = is_inline();
    for (int i = 0; i < n; ++i) {
      const std::uint32_t tag = tag_of(feats[i]);
      for (std::size_t slot = feats[i] & mask_;; slot = (slot + 1) & mask_) {
        const std::uint32_t* e = table_.data() + slot * kStride;
        if (e[0] == tag) {
          if (inl) {
            float w[kStride - 1];
            std::memcpy(w, e + 1, sizeof w);
            for (int k = 0; k < classes_; ++k) scores[k] += w[k];
          } else {
            const Entry* x = entries_.data() + e[1];
            for (std::uint32_t k = 0; k < e[2]; ++k) scores[x[k].cls] += x[k].w;
          }
          break;
        }
        if (e[0] == 0) break;
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
    s.keys_ = r.get_vector<std::uint64_t>();
    s.counts_ = r.get_vector<std::uint8_t>();
    s.classes_of_ = r.get_vector<std::uint8_t>();
    s.quantized_ = r.get_vector<std::int16_t>();
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
  static constexpr std::size_t kStride = 4;  // 16-byte slots
  struct Entry {
    std::uint32_t cls;
    float w;
  };

  bool is_inline() const { return classes_ <= static_cast<int>(kStride) - 1; }

  static void prefetch(const void* p) {
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
  }

  // The slot comes from the low bits of a key and the check from the high bits, so a
  // false match needs two independent coincidences (probability ~2^-32 per probe).
  static std::uint32_t tag_of(std::uint64_t key) {
    const auto t = static_cast<std::uint32_t>(key >> 32);
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
    std::size_t cap = 16;
    while (cap * 7 < keys_.size() * 10) cap *= 2;  // load factor <= 0.7
    mask_ = cap - 1;
    table_.assign(cap * kStride, 0);
    entries_.clear();
    const std::size_t c = static_cast<std::size_t>(classes_);
    std::size_t next = 0;  // next quantized weight
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      std::size_t slot = keys_[i] & mask_;
      while (table_[slot * kStride] != 0) slot = (slot + 1) & mask_;
      std::uint32_t* e = table_.data() + slot * kStride;
      e[0] = tag_of(keys_[i]);
      if (is_inline()) {
        for (std::size_t j = 0; j < c; ++j) {
          const float v = static_cast<float>(quantized_[i * c + j]) * scale_;
          std::memcpy(e + 1 + j, &v, sizeof v);
        }
      } else {
        e[1] = static_cast<std::uint32_t>(entries_.size());
        e[2] = counts_[i];
        for (std::uint8_t j = 0; j < counts_[i]; ++j, ++next)
          entries_.push_back({classes_of_[next], static_cast<float>(quantized_[next]) * scale_});
      }
    }
  }

  int classes_ = 0;
  float scale_ = 1.0f;
  std::size_t mask_ = 0;
  std::vector<std::uint32_t> table_;  // kStride words per slot; check 0 = empty
  std::vector<Entry> entries_;        // sparse rows
  // As stored: sorted keys; per key the number of weights (sparse only), their
  // classes (sparse only) and the 16-bit weights.
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint8_t> counts_;
  std::vector<std::uint8_t> classes_of_;
  std::vector<std::int16_t> quantized_;
};

}  // namespace newsgraph::parser_detail
