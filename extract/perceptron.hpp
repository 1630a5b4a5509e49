#pragma once
// A multiclass averaged perceptron over hashed features: the learning core shared
// by the tagger, the named-entity recogniser and the dependency parser.
//
// Features are 64-bit hashes (see feature_hash()); each maps to one row of
// `classes()` weights. Scoring is a hash lookup per feature plus a vector add.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "extract/huge_pages.hpp"

namespace newsgraph {

class ModelWriter;
class ModelReader;

/// Hash of a feature template id and up to two string parts. Never returns 0.
/// Pure and deterministic across platforms (FNV-1a based).
inline std::uint64_t feature_hash(std::uint32_t tmpl, std::string_view a = {}, std::string_view b = {}) {
  std::uint64_t h = 14695981039346656037ull ^ (static_cast<std::uint64_t>(tmpl) * 0x9E3779B97F4A7C15ull);
  for (unsigned char c : a) { h ^= c; h *= 1099511628211ull; }
  h ^= 0xFF; h *= 1099511628211ull;  // separator so ("ab","c") != ("a","bc")
  for (unsigned char c : b) { h ^= c; h *= 1099511628211ull; }
  h ^= h >> 29; h *= 0xBF58476D1CE4E5B9ull; h ^= h >> 32;
  return h == 0 ? 1 : h;
}

/// Averaged multiclass perceptron.
/// Training: call update() for each mistake and tick() once per training instance,
/// then finalize() once. Inference: score(). After finalize() or load() the model is
/// immutable and score() is thread-safe; training calls are not thread-safe.
class Perceptron {
 public:
  explicit Perceptron(int classes = 0);

  int classes() const { return classes_; }
  std::size_t features() const { return used_; }

  /// Adds the weights of every known feature in `feats` into scores[0..classes()).
  void score(std::span<const std::uint64_t> feats, float* scores) const;
  /// Highest-scoring class among those with allowed[c] != 0 (all if allowed is empty).
  int predict(std::span<const std::uint64_t> feats, std::span<const std::uint8_t> allowed = {}) const;

  /// Perceptron update: +1 for `truth`, -1 for `guess` (no-op when equal).
  void update(std::span<const std::uint64_t> feats, int truth, int guess);
  /// Advances the averaging clock by one instance.
  void tick() { ++clock_; }
  /// Replaces weights by their averages and drops training state; rows whose weights
  /// all have |w| < prune_below are removed to keep model files small.
  void finalize(float prune_below = 0.0f);

  void save(ModelWriter& w) const;
  static Perceptron load(ModelReader& r);

 private:
  std::int64_t find(std::uint64_t key) const;
  std::size_t insert(std::uint64_t key);
  void grow();

  int classes_ = 0;
  BigVector<std::uint64_t> keys_;   // open addressing, 0 = empty
  BigVector<std::uint32_t> rows_;   // slot -> row
  BigVector<float> weights_;        // row * classes_ + c
  std::size_t used_ = 0;
  // Training state only.
  std::vector<double> totals_;
  std::vector<std::uint32_t> stamps_;
  std::uint32_t clock_ = 0;
};

}  // namespace newsgraph
