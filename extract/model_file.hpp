#pragma once
// The versioned binary container every newsgraph model is stored in.
//
// Layout (little-endian):
//   8 bytes  magic "NGMODEL\0"
//   u32      container format version (kModelFormatVersion)
//   string   model kind ("pos", "ner", "parse", ...)
//   u32      kind-specific payload version
//   u64      fingerprint of the feature templates and lexicons used in training
//   u64      payload size in bytes
//   bytes    payload
//   u64      checksum of everything before it: model_checksum() since container
//            version 2, FNV-1a 64 in version 1 (still read)
// A file is refused (newsgraph::Error, ErrorKind::Model, naming the path) when the
// magic, version, kind, fingerprint or checksum does not match, or when it is truncated.

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "graph/error.hpp"
#include "graph/model.hpp"

namespace newsgraph {

inline constexpr std::uint32_t kModelFormatVersion = 2;

/// The container checksum of version 2: a 64-bit hash over 8-byte words in four
/// independent lanes, each step a bijection of the lane's state, so any change
/// confined to one word is always detected and others with probability 1 - 2^-64.
/// About ten times faster than byte-wise FNV-1a, which took a large share of model
/// loading. Words are read in the container's byte order (little-endian). Pure.
std::uint64_t model_checksum(std::string_view bytes);


/// Accumulates a payload in memory, then writes the whole file atomically
/// (temporary file + rename), so a crash never leaves a half-written model.
/// Not thread-safe; one writer per file.
class ModelWriter {
 public:
  ModelWriter(std::string kind, std::uint32_t payload_version, std::uint64_t fingerprint);

  template <class T>
  void put(T v) requires std::is_arithmetic_v<T> {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    payload_.append(b, sizeof(T));
  }
  void put_string(std::string_view s);
  template <class T, class A>
  void put_vector(const std::vector<T, A>& v) requires std::is_arithmetic_v<T> {
    put<std::uint64_t>(v.size());
    payload_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void put_strings(const std::vector<std::string>& v);

  /// Writes the file. Throws Error(Io) naming `path` on failure.
  void save(const std::string& path) const;

 private:
  std::string kind_;
  std::uint32_t payload_version_;
  std::uint64_t fingerprint_;
  std::string payload_;
};

/// Reads and verifies a model file, then hands out its payload in order.
/// Every get past the end throws Error(Model) naming the file. Not thread-safe.
class ModelReader {
 public:
  /// Loads `path` and checks magic, container version, kind, payload version and
  /// checksum. `fingerprint` must equal the stored one unless it is 0.
  ModelReader(const std::string& path, std::string_view expected_kind,
              std::uint32_t expected_payload_version, std::uint64_t fingerprint);
  ModelReader(const ModelReader&) = delete;  // the payload view points into the file
  ModelReader& operator=(const ModelReader&) = delete;

  template <class T>
  T get() requires std::is_arithmetic_v<T> {
    T v;
    std::memcpy(&v, take(sizeof(T)), sizeof(T));
    return v;
  }
  std::string get_string();
  /// A vector as put_vector() wrote it, in a vector with allocator A.
  template <class T, class A = std::allocator<T>>
  std::vector<T, A> get_vector() requires std::is_arithmetic_v<T> {
    const auto n = get<std::uint64_t>();
    if (n > (payload_.size() - pos_) / sizeof(T)) fail("vector length exceeds the payload");
    std::vector<T, A> v(n);
    // An empty vector's data() may be null, and memcpy(nullptr, ..., 0) is undefined.
    if (n > 0) std::memcpy(v.data(), take(n * sizeof(T)), n * sizeof(T));
    return v;
  }
  std::vector<std::string> get_strings();
  /// Throws unless the whole payload has been consumed.
  void expect_end() const;
  std::uint64_t fingerprint() const { return fingerprint_; }
  [[noreturn]] void fail(const std::string& why) const;

 private:
  const char* take(std::size_t n);
  std::string path_;
  // The whole file: mapped read-only where possible (no zeroed buffer, no copy out
  // of the page cache), else read into file_.
  struct Mapping {
    void* data = nullptr;
    std::size_t size = 0;
    Mapping() = default;
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping();  // unmaps, also when the constructor throws after mapping
  } map_;
  std::string file_;
  std::string_view payload_;       // into the file: no second copy of megabytes of weights
  std::size_t pos_ = 0;
  std::uint64_t fingerprint_ = 0;
};

}  // namespace newsgraph
