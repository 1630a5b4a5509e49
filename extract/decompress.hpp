#pragma once
// Streaming decompression of gzip (zlib) and zstd inputs behind a std::istream.

#include <istream>
#include <memory>
#include <string>
#include <string_view>

namespace newsgraph {

/// How an input's bytes are compressed.
enum class Compression { None, Gzip, Zstd };

/// The compression named by the last extension of `path`: ".gz" -> Gzip, ".zst" ->
/// Zstd (ASCII case-insensitive), anything else None. Pure; never throws.
Compression compression_from_name(std::string_view path);

/// The compression whose magic number starts `head` (gzip 1F 8B, zstd 28 B5 2F FD),
/// or None, also when `head` is too short to tell. Pure; never throws.
Compression sniff_compression(std::string_view head);

/// An input stream yielding the decompressed bytes of `source`, read in chunks as the
/// caller reads, so memory does not grow with the input.
///
/// Takes: the compressed stream `source` (read from its current position; it must
/// outlive this object), the method `c` (not None), the name used in messages, and
/// `prefix`: compressed bytes already taken from `source` (e.g. while sniffing stdin),
/// which are decompressed first.
/// Guarantees: concatenated gzip members and zstd frames are decompressed one after
/// another, as gzip(1) and zstd(1) do; zero bytes padding the end of a gzip file are
/// ignored. The stream has exceptions(badbit) set, so a failure propagates out of the
/// reading call (getline, read, get) as newsgraph::Error: Error(Input) naming the
/// file and the byte offset in the compressed stream for corrupt, truncated or
/// trailing-garbage data; Error(Io) when `source` fails.
/// Thread safety: one object per thread; distinct objects are independent.
class DecompressingStream : public std::istream {
 public:
  DecompressingStream(std::istream& source, Compression c, std::string name, std::string prefix = {});
  ~DecompressingStream() override;
  DecompressingStream(const DecompressingStream&) = delete;
  DecompressingStream& operator=(const DecompressingStream&) = delete;

 private:
  std::unique_ptr<std::streambuf> buf_;
};

}  // namespace newsgraph
