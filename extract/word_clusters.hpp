#pragma once
// Distributional word clusters: a binary tree over the vocabulary of a word-vector
// set, so that words used alike ("Tbilisi" and "Kiev", "acquired" and "bought") share
// the leading bits of their cluster path. The tagger and the named-entity recogniser
// use path prefixes of several lengths as features, in the manner of Brown clusters
// (Koo et al. 2008; Turian et al. 2010; Ratinov & Roth 2009), which carry what the
// treebanks never show to words the models have not seen.
//
//   const newsgraph::WordClusters wc = newsgraph::WordClusters::load("models/clusters.ngm");
//   std::string key;
//   newsgraph::WordClusters::normalise("Kiev", key);          // "kiev"
//   std::uint32_t code = wc.find(key);                         // or kNoCluster
//   std::uint32_t coarse = newsgraph::WordClusters::prefix(code, 4);
//
// The table is built by build_clusters() from a text file of vectors (one word a
// line: word, a tab, then the components separated by spaces; most frequent word
// first), which scripts/clusters/build-clusters.sh exports from pinned open data.

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "extract/huge_pages.hpp"

namespace newsgraph {

class ModelWriter;
class ModelReader;

/// A word -> cluster-path table. Immutable once built or loaded; find() is const and
/// safe to call from many threads at once.
class WordClusters {
 public:
  /// Longest cluster path, in bits.
  static constexpr int kMaxDepth = 16;
  /// The code find() returns for a word not in the table (also what prefix() keeps).
  static constexpr std::uint32_t kNoCluster = 0xFFFFFFFFu;

  /// Appends the lookup key of a token to `out`: ASCII letters lower-cased, every
  /// ASCII digit as '0', typographic quotes as ASCII ones (the tagger's own word
  /// normalisation). Other bytes are kept.
  static void normalise(std::string_view word, std::string& out);

  /// The cluster code of a normalised word: (depth << 16) | path, the path's first
  /// split in bit 15; kNoCluster when the word is unknown or the table is empty.
  std::uint32_t find(std::string_view normalised) const {
    if (size_ == 0) return kNoCluster;
    const std::uint64_t h = key_of(normalised);
    const std::uint64_t tag = tag_of(h);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint64_t s = slots_[i];
      if ((s >> 32) == tag) return static_cast<std::uint32_t>(s);
      if (s == 0) return kNoCluster;
    }
  }
  /// The code cut to its first `bits` bits (a coarser cluster holding the word);
  /// kNoCluster stays kNoCluster. Distinct prefixes give distinct values.
  static std::uint32_t prefix(std::uint32_t code, int bits) {
    if (code == kNoCluster) return code;
    const int depth = static_cast<int>(code >> 16);
    const int l = bits < depth ? bits : depth;
    const std::uint32_t mask = l == 0 ? 0u : (0xFFFFu << (16 - l)) & 0xFFFFu;
    return (static_cast<std::uint32_t>(l) << 16) | (code & mask);
  }

  bool empty() const { return size_ == 0; }
  /// Number of distinct keys.
  std::size_t size() const { return size_; }
  /// A content hash of the table (keys and codes); models trained with the table
  /// record it so that a different table is refused rather than misread.
  std::uint64_t checksum() const { return checksum_; }

  /// Writes / reads a standalone file (model kind "clusters"). load() throws
  /// Error(Model) naming the file when it is missing, corrupt or inconsistent.
  void save(const std::string& path) const;
  static WordClusters load(const std::string& path);
  /// Appends the table to another model's payload / reads it back from one.
  void save(ModelWriter& writer) const;
  static WordClusters load(ModelReader& reader);

  /// Builds a table from (normalised key, code) pairs; later duplicates of a key are
  /// ignored (so pass the most frequent word first). For build_clusters() and tests.
  static WordClusters from_codes(const std::vector<std::pair<std::string, std::uint32_t>>& entries);

 private:
  static std::uint64_t key_of(std::string_view normalised);
  // 32 bits of the key's hash are kept; with the ~18 bits of the slot position, two
  // words would have to agree in ~50 hash bits to be confused.
  static std::uint64_t tag_of(std::uint64_t h) { return (h >> 32) | 1u; }
  // The open-addressing table itself is what is stored, so loading is a copy: slot =
  // tag << 32 | code, 0 = free; linear probing; at most 4/5 full.
  BigVector<std::uint64_t> slots_;
  std::size_t size_ = 0;
  std::uint64_t checksum_ = 0;
};

/// Settings for build_clusters().
struct ClusterOptions {
  std::size_t max_words = 200000;  ///< the first (most frequent) words of the file
  int depth = WordClusters::kMaxDepth;  ///< bits of the deepest path (1..16)
  std::size_t min_split = 4;       ///< a cluster of fewer words is not split further
  int power_iterations = 8;        ///< principal-direction estimate per split
  int refine_iterations = 6;       ///< 2-means passes per split (at most)
  std::ostream* log = nullptr;     ///< progress lines, or nullptr
};

/// Clusters the vectors in `vectors_path` (format above) by recursive bisection:
/// each cluster of unit-normalised vectors is split at its mean across its principal
/// direction (power iteration started from its most frequent word), then refined by
/// 2-means; the side holding the more frequent first word gets bit 0. Deterministic:
/// single-threaded, fixed order, no random numbers. Words whose keys collide after
/// normalise() ("1999" and "2001" -> "0000") keep the most frequent one's code.
/// Throws Error(Io) if the file cannot be read, Error(Input) if a line is malformed,
/// the dimensions differ or no word is read.
WordClusters build_clusters(const std::string& vectors_path, const ClusterOptions& options = {});

}  // namespace newsgraph
