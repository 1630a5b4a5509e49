#include "extract/perceptron.hpp"

#include <cmath>
#include <limits>

#include "extract/model_file.hpp"

namespace newsgraph {

Perceptron::Perceptron(int classes) : classes_(classes) {
  keys_.assign(1024, 0);
  rows_.assign(1024, 0);
}

std::int64_t Perceptron::find(std::uint64_t key) const {
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t i = key & mask;; i = (i + 1) & mask) {
    if (keys_[i] == key) return rows_[i];
    if (keys_[i] == 0) return -1;
  }
}

void Perceptron::grow() {
  BigVector<std::uint64_t> old_keys = std::move(keys_);
  BigVector<std::uint32_t> old_rows = std::move(rows_);
  keys_.assign(old_keys.size() * 2, 0);
  rows_.assign(old_keys.size() * 2, 0);
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t j = 0; j < old_keys.size(); ++j) {
    if (old_keys[j] == 0) continue;
    std::size_t i = old_keys[j] & mask;
    while (keys_[i] != 0) i = (i + 1) & mask;
    keys_[i] = old_keys[j];
    rows_[i] = old_rows[j];
  }
}

std::size_t Perceptron::insert(std::uint64_t key) {
  if ((used_ + 1) * 2 > keys_.size()) grow();  // load factor <= 0.5 keeps probes short
  const std::size_t mask = keys_.size() - 1;
  std::size_t i = key & mask;
  while (keys_[i] != 0) {
    if (keys_[i] == key) return rows_[i];
    i = (i + 1) & mask;
  }
  keys_[i] = key;
  rows_[i] = static_cast<std::uint32_t>(used_);
  const std::size_t n = static_cast<std::size_t>(classes_);
  weights_.resize(weights_.size() + n, 0.0f);
  totals_.resize(totals_.size() + n, 0.0);
  stamps_.resize(stamps_.size() + n, 0);
  return used_++;
}

void Perceptron::score(std::span<const std::uint64_t> feats, float* scores) const {
  const std::size_t n = static_cast<std::size_t>(classes_);
  // Each lookup is a likely cache miss; touching every feature's slot first lets the
  // CPU wait for all of them at once instead of one after another.
  const std::size_t mask = keys_.size() - 1;
  for (std::uint64_t f : feats) __builtin_prefetch(&keys_[f & mask]);
  for (std::uint64_t f : feats) {
    const auto row = find(f);
    if (row < 0) continue;
    const float* w = weights_.data() + static_cast<std::size_t>(row) * n;
    for (std::size_t c = 0; c < n; ++c) scores[c] += w[c];
  }
}

int Perceptron::predict(std::span<const std::uint64_t> feats, std::span<const std::uint8_t> allowed) const {
  thread_local std::vector<float> buf;
  buf.assign(static_cast<std::size_t>(classes_), 0.0f);
  score(feats, buf.data());
  int best = -1;
  float best_score = -std::numeric_limits<float>::infinity();
  for (int c = 0; c < classes_; ++c) {
    if (!allowed.empty() && !allowed[static_cast<std::size_t>(c)]) continue;
    // Ties go to the lower class index, which keeps predictions deterministic.
    if (best < 0 || buf[static_cast<std::size_t>(c)] > best_score) {
      best = c;
      best_score = buf[static_cast<std::size_t>(c)];
    }
  }
  return best;
}

void Perceptron::update(std::span<const std::uint64_t> feats, int truth, int guess) {
  if (truth == guess) return;
  const std::size_t n = static_cast<std::size_t>(classes_);
  for (std::uint64_t f : feats) {
    const std::size_t row = insert(f);
    for (int c : {truth, guess}) {
      if (c < 0) continue;
      const std::size_t k = row * n + static_cast<std::size_t>(c);
      // Lazy averaging: credit the weight for the instances it stood unchanged.
      totals_[k] += static_cast<double>(clock_ - stamps_[k]) * weights_[k];
      stamps_[k] = clock_;
      weights_[k] += (c == truth) ? 1.0f : -1.0f;
    }
  }
}

void Perceptron::finalize(float prune_below) {
  const std::size_t n = static_cast<std::size_t>(classes_);
  const double clock = clock_ > 0 ? clock_ : 1;
  for (std::size_t k = 0; k < weights_.size(); ++k) {
    const double total = totals_[k] + static_cast<double>(clock_ - stamps_[k]) * weights_[k];
    weights_[k] = static_cast<float>(total / clock);
  }
  totals_.clear();
  totals_.shrink_to_fit();
  stamps_.clear();
  stamps_.shrink_to_fit();

  // Rebuild the table keeping only rows with some non-negligible weight.
  BigVector<std::uint64_t> old_keys = std::move(keys_);
  BigVector<std::uint32_t> old_rows = std::move(rows_);
  BigVector<float> old_weights = std::move(weights_);
  keys_.assign(1024, 0);
  rows_.assign(1024, 0);
  weights_.clear();
  used_ = 0;
  for (std::size_t j = 0; j < old_keys.size(); ++j) {
    if (old_keys[j] == 0) continue;
    const float* w = old_weights.data() + static_cast<std::size_t>(old_rows[j]) * n;
    bool keep = false;
    for (std::size_t c = 0; c < n; ++c) keep = keep || (std::fabs(w[c]) >= prune_below && w[c] != 0.0f);
    if (!keep) continue;
    const std::size_t row = insert(old_keys[j]);
    std::copy(w, w + n, weights_.begin() + static_cast<std::ptrdiff_t>(row * n));
  }
  totals_.clear();
  stamps_.clear();
}

void Perceptron::save(ModelWriter& w) const {
  // Keys are written in slot order: the table is rebuilt on load, so the file is
  // deterministic for a deterministic training run.
  w.put<std::int32_t>(classes_);
  w.put<std::uint64_t>(used_);
  for (std::size_t j = 0; j < keys_.size(); ++j) {
    if (keys_[j] == 0) continue;
    w.put<std::uint64_t>(keys_[j]);
    const float* row = weights_.data() + static_cast<std::size_t>(rows_[j]) * static_cast<std::size_t>(classes_);
    for (int c = 0; c < classes_; ++c) w.put<float>(row[c]);
  }
}

Perceptron Perceptron::load(ModelReader& r) {
  const auto classes = r.get<std::int32_t>();
  if (classes <= 0 || classes > 100000) r.fail("bad class count in perceptron");
  Perceptron p(classes);
  const auto n = r.get<std::uint64_t>();
  if (n >= (std::uint64_t{1} << 31)) r.fail("bad feature count in perceptron");  // rows are 32-bit
  std::size_t cap = 1024;
  while (cap < n * 2 + 2) cap *= 2;
  p.keys_.assign(cap, 0);
  p.rows_.assign(cap, 0);
  // Rows are placed directly, without insert(): that also grows the training state
  // (totals and stamps, 12 bytes per weight), which made loading several times slower.
  const std::size_t c = static_cast<std::size_t>(classes);
  p.weights_.resize(n * c);
  const std::size_t mask = cap - 1;
  for (std::uint64_t row = 0; row < n; ++row) {
    const auto key = r.get<std::uint64_t>();
    if (key == 0) r.fail("bad feature key in perceptron");
    std::size_t i = key & mask;
    while (p.keys_[i] != 0) {
      if (p.keys_[i] == key) r.fail("duplicate feature key in perceptron");
      i = (i + 1) & mask;
    }
    p.keys_[i] = key;
    p.rows_[i] = static_cast<std::uint32_t>(row);
    float* w = p.weights_.data() + row * c;
    for (std::size_t k = 0; k < c; ++k) w[k] = r.get<float>();
  }
  p.used_ = n;
  return p;
}

}  // namespace newsgraph
