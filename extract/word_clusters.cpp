#include "extract/word_clusters.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <ostream>
#include <utility>

#include "extract/hash_index.hpp"
#include "extract/lemmatizer.hpp"
#include "extract/model_file.hpp"
#include "graph/error.hpp"
#include "graph/model.hpp"

namespace newsgraph {

namespace {

constexpr std::uint32_t kPayloadVersion = 1;
constexpr std::string_view kFormat = "clusters-v1;key=ascii-lower+typographic-quotes+digits0;code=depth<<16|path";

}  // namespace

void WordClusters::normalise(std::string_view word, std::string& out) {
  const std::size_t from = out.size();
  normalize_word(word, out);
  for (std::size_t k = from; k < out.size(); ++k)
    if (out[k] >= '0' && out[k] <= '9') out[k] = '0';
}

std::uint64_t WordClusters::key_of(std::string_view normalised) {
  const std::uint64_t h = fnv1a64(normalised, fnv1a64("word-cluster"));
  return h == 0 ? 1 : h;  // HashIndex reserves 0
}

WordClusters WordClusters::from_codes(const std::vector<std::pair<std::string, std::uint32_t>>& entries) {
  HashIndex seen;
  seen.reserve(entries.size());
  std::vector<std::pair<std::uint64_t, std::uint32_t>> rows;
  for (const auto& [word, code] : entries) {
    if (code == kNoCluster || (code >> 16) > static_cast<std::uint32_t>(kMaxDepth))
      throw Error(ErrorKind::Internal, "bad cluster code for '" + word + "'");
    const std::uint64_t k = key_of(word);
    if (seen.find(k) != nullptr) continue;
    seen.insert(k, code);
    rows.emplace_back(k, code);
  }
  WordClusters wc;
  std::size_t cap = 16;
  while (cap * 4 < rows.size() * 5) cap *= 2;
  wc.slots_.assign(cap, 0);
  const std::size_t mask = cap - 1;
  // Inserted in the given (frequency) order, so frequent words sit nearest their home
  // slot; the layout, hence the file, depends only on the entries.
  for (const auto& [k, code] : rows) {
    std::size_t i = k & mask;
    while (wc.slots_[i] != 0) i = (i + 1) & mask;
    wc.slots_[i] = (tag_of(k) << 32) | code;
  }
  wc.size_ = rows.size();
  std::uint64_t h = fnv1a64(kFormat);
  h = fnv1a64(std::string_view(reinterpret_cast<const char*>(wc.slots_.data()), wc.slots_.size() * sizeof(std::uint64_t)), h);
  wc.checksum_ = rows.empty() ? 0 : h;
  return wc;
}

void WordClusters::save(ModelWriter& w) const {
  w.put<std::uint64_t>(size_);
  w.put<std::uint64_t>(checksum_);
  w.put_vector(slots_);
}

WordClusters WordClusters::load(ModelReader& r) {
  WordClusters wc;
  wc.size_ = r.get<std::uint64_t>();
  wc.checksum_ = r.get<std::uint64_t>();
  wc.slots_ = r.get_vector<std::uint64_t, HugePageAllocator<std::uint64_t>>();
  // The container's checksum covers the bytes; these checks catch a table that is
  // well-formed on disk but unusable (a lookup must always reach a free slot).
  const std::size_t cap = wc.slots_.size();
  if ((cap == 0 && wc.size_ != 0) || (cap != 0 && (cap < 16 || (cap & (cap - 1)) != 0)) || wc.size_ * 5 > cap * 4)
    r.fail("word cluster table: bad table size");
  if ((wc.size_ == 0) != (wc.checksum_ == 0)) r.fail("word cluster table: bad checksum field");
  return wc;
}

void WordClusters::save(const std::string& path) const {
  ModelWriter w("clusters", kPayloadVersion, fnv1a64(kFormat));
  save(w);
  w.save(path);
}

WordClusters WordClusters::load(const std::string& path) {
  ModelReader r(path, "clusters", kPayloadVersion, fnv1a64(kFormat));
  WordClusters wc = load(r);
  r.expect_end();
  return wc;
}

namespace {

// Row-major matrix of unit vectors, one row per word in frequency order.
struct Vectors {
  std::size_t dims = 0;
  std::vector<std::string> words;
  std::vector<float> data;
  const float* row(std::size_t i) const { return data.data() + i * dims; }
};

Vectors read_vectors(const std::string& path, std::size_t max_words) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::Io, "cannot open word vectors", ErrorLocation(path));
  Vectors v;
  std::string line;
  std::uint64_t line_no = 0;
  std::vector<float> row;
  while (v.words.size() < max_words && std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0)
      throw Error(ErrorKind::Input, "expected word<TAB>components", ErrorLocation(path, line_no));
    row.clear();
    const char* p = line.data() + tab + 1;
    const char* end = line.data() + line.size();
    while (p < end) {
      while (p < end && *p == ' ') ++p;
      if (p == end) break;
      float x = 0;
      const auto [next, ec] = std::from_chars(p, end, x);
      if (ec != std::errc() || !std::isfinite(x))
        throw Error(ErrorKind::Input, "bad vector component", ErrorLocation(path, line_no, static_cast<std::uint64_t>(p - line.data())));
      row.push_back(x);
      p = next;
    }
    if (v.dims == 0) v.dims = row.size();
    if (row.empty() || row.size() != v.dims)
      throw Error(ErrorKind::Input, "vector has " + std::to_string(row.size()) + " components, expected " + std::to_string(v.dims),
                  ErrorLocation(path, line_no));
    double norm = 0;
    for (float x : row) norm += static_cast<double>(x) * x;
    norm = std::sqrt(norm);
    if (norm == 0) continue;  // a zero vector says nothing about the word
    for (float x : row) v.data.push_back(static_cast<float>(x / norm));
    v.words.push_back(line.substr(0, tab));
  }
  if (v.words.empty()) throw Error(ErrorKind::Input, "no word vectors read", ErrorLocation(path));
  return v;
}

// Splits idx[b, e) in two, in place; returns the split point (b or e: no split).
std::size_t bisect(const Vectors& v, std::vector<std::uint32_t>& idx, std::size_t b, std::size_t e,
                   const ClusterOptions& o) {
  const std::size_t d = v.dims, n = e - b;
  std::vector<double> mean(d, 0.0), dir(d, 0.0), acc(d, 0.0);
  for (std::size_t i = b; i < e; ++i) {
    const float* x = v.row(idx[i]);
    for (std::size_t k = 0; k < d; ++k) mean[k] += x[k];
  }
  for (double& m : mean) m /= static_cast<double>(n);
  // The members are in frequency order, so idx[b] is the most frequent word: a
  // deterministic start for the power iteration.
  {
    const float* x = v.row(idx[b]);
    double norm = 0;
    for (std::size_t k = 0; k < d; ++k) {
      dir[k] = x[k] - mean[k];
      norm += dir[k] * dir[k];
    }
    if (norm < 1e-24) dir.assign(d, 1.0);
  }
  auto proj = [&](const float* x, const std::vector<double>& u) {
    double s = 0;
    for (std::size_t k = 0; k < d; ++k) s += (x[k] - mean[k]) * u[k];
    return s;
  };
  for (int it = 0; it < o.power_iterations; ++it) {
    std::fill(acc.begin(), acc.end(), 0.0);
    for (std::size_t i = b; i < e; ++i) {
      const float* x = v.row(idx[i]);
      const double s = proj(x, dir);
      for (std::size_t k = 0; k < d; ++k) acc[k] += s * (x[k] - mean[k]);
    }
    double norm = 0;
    for (double a : acc) norm += a * a;
    if (norm < 1e-24) break;
    norm = std::sqrt(norm);
    for (std::size_t k = 0; k < d; ++k) dir[k] = acc[k] / norm;
  }
  std::vector<std::uint8_t> side(n);
  for (std::size_t i = b; i < e; ++i) side[i - b] = proj(v.row(idx[i]), dir) > 0 ? 1 : 0;
  // 2-means refinement: each word to the nearer of the two centroids.
  std::vector<double> c0(d), c1(d);
  for (int it = 0; it < o.refine_iterations; ++it) {
    std::fill(c0.begin(), c0.end(), 0.0);
    std::fill(c1.begin(), c1.end(), 0.0);
    std::size_t n1 = 0;
    for (std::size_t i = b; i < e; ++i) {
      const float* x = v.row(idx[i]);
      auto& c = side[i - b] ? c1 : c0;
      n1 += side[i - b];
      for (std::size_t k = 0; k < d; ++k) c[k] += x[k];
    }
    if (n1 == 0 || n1 == n) break;
    double h0 = 0, h1 = 0;
    for (std::size_t k = 0; k < d; ++k) {
      c0[k] /= static_cast<double>(n - n1);
      c1[k] /= static_cast<double>(n1);
      h0 += c0[k] * c0[k];
      h1 += c1[k] * c1[k];
    }
    bool changed = false;
    for (std::size_t i = b; i < e; ++i) {
      const float* x = v.row(idx[i]);
      double s0 = 0, s1 = 0;
      for (std::size_t k = 0; k < d; ++k) {
        s0 += x[k] * c0[k];
        s1 += x[k] * c1[k];
      }
      // |x-c1|^2 < |x-c0|^2  <=>  x.c1 - |c1|^2/2 > x.c0 - |c0|^2/2
      const std::uint8_t s = (s1 - h1 / 2) > (s0 - h0 / 2) ? 1 : 0;
      changed = changed || s != side[i - b];
      side[i - b] = s;
    }
    if (!changed) break;
  }
  // Bit 0 for the side holding the most frequent word; stable partition keeps each
  // side in frequency order for the next split.
  const std::uint8_t first = side[0];
  std::vector<std::uint32_t> left, right;
  for (std::size_t i = b; i < e; ++i) (side[i - b] == first ? left : right).push_back(idx[i]);
  std::copy(left.begin(), left.end(), idx.begin() + static_cast<std::ptrdiff_t>(b));
  std::copy(right.begin(), right.end(), idx.begin() + static_cast<std::ptrdiff_t>(b + left.size()));
  return b + left.size();
}

}  // namespace

WordClusters build_clusters(const std::string& vectors_path, const ClusterOptions& o) {
  if (o.depth < 1 || o.depth > WordClusters::kMaxDepth)
    throw Error(ErrorKind::Usage, "cluster depth must be 1.." + std::to_string(WordClusters::kMaxDepth));
  const Vectors v = read_vectors(vectors_path, o.max_words);
  if (o.log) *o.log << "clusters: " << v.words.size() << " words x " << v.dims << " dimensions\n";
  std::vector<std::uint32_t> idx(v.words.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<std::uint32_t>(i);
  std::vector<std::uint32_t> code(v.words.size(), 0);
  struct Node {
    std::size_t b, e;
    int depth;
    std::uint32_t path;
  };
  // Breadth first, so progress can be logged per level.
  std::vector<Node> level{{0, idx.size(), 0, 0}};
  std::size_t leaves = 0;
  while (!level.empty()) {
    std::vector<Node> next;
    for (const Node& nd : level) {
      std::size_t mid = nd.b;
      if (nd.depth < o.depth && nd.e - nd.b >= std::max<std::size_t>(o.min_split, 2)) mid = bisect(v, idx, nd.b, nd.e, o);
      if (mid == nd.b || mid == nd.e) {
        ++leaves;
        for (std::size_t i = nd.b; i < nd.e; ++i)
          code[idx[i]] = (static_cast<std::uint32_t>(nd.depth) << 16) | nd.path;
        continue;
      }
      const std::uint32_t bit = 1u << (15 - nd.depth);
      next.push_back({nd.b, mid, nd.depth + 1, nd.path});
      next.push_back({mid, nd.e, nd.depth + 1, nd.path | bit});
    }
    if (o.log && !next.empty())
      *o.log << "clusters: depth " << next.front().depth << ", " << next.size() << " clusters\n";
    level = std::move(next);
  }
  if (o.log) *o.log << "clusters: " << leaves << " leaves\n";
  std::vector<std::pair<std::string, std::uint32_t>> entries;
  entries.reserve(v.words.size());
  std::string key;
  for (std::size_t i = 0; i < v.words.size(); ++i) {
    key.clear();
    WordClusters::normalise(v.words[i], key);
    entries.emplace_back(key, code[i]);
  }
  WordClusters wc = WordClusters::from_codes(entries);
  if (o.log) *o.log << "clusters: " << wc.size() << " keys after normalisation\n";
  return wc;
}

}  // namespace newsgraph
