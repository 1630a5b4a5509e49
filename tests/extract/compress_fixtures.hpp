#pragma once
// Test fixtures: gzip and zstd bytes made in memory with the libraries, so the tests
// need no command-line compressors.

#include <doctest/doctest.h>
#include <zlib.h>
#include <zstd.h>

#include <string>

namespace newsgraph::test {

inline std::string gzip(const std::string& data) {
  z_stream zs{};
  REQUIRE(deflateInit2_(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                        static_cast<int>(sizeof(z_stream))) == Z_OK);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// With a content checksum, as the zstd command line writes by default, so that any
// corruption is detected.
inline std::string zstd(const std::string& data) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  REQUIRE(cctx);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
  ZSTD_freeCCtx(cctx);
  REQUIRE(!ZSTD_isError(n));
  out.resize(n);
  return out;
}

}  // namespace newsgraph::test
