#include "extract/decompress.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "graph/error.hpp"
#include "tests/extract/compress_fixtures.hpp"

using namespace newsgraph;
using newsgraph::test::gzip;
using newsgraph::test::zstd;

namespace {

std::string inflate_all(const std::string& compressed, Compression c, std::string prefix = {}) {
  std::istringstream src(compressed);
  DecompressingStream in(src, c, "x.gz", std::move(prefix));
  std::string out, line;
  while (std::getline(in, line)) out += line + "\n";
  return out;
}

// A deterministic, poorly compressible text of several output buffers.
std::string big_text() {
  std::string s;
  std::uint32_t x = 12345;
  for (int i = 0; i < 40000; ++i) {
    x = x * 1103515245u + 12345u;
    s += std::to_string(x % 100000) + (i % 13 == 0 ? "\n" : " ");
  }
  return s + "\n";
}

Error error_of(const std::string& compressed, Compression c) {
  try {
    inflate_all(compressed, c);
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected an error");
  return Error(ErrorKind::Internal, "unreachable");
}

}  // namespace

TEST_CASE("compression is named by the extension or sniffed from the magic number") {
  CHECK(compression_from_name("a/b.jsonl.gz") == Compression::Gzip);
  CHECK(compression_from_name("B.TXT.ZST") == Compression::Zstd);
  CHECK(compression_from_name("b.txt") == Compression::None);
  CHECK(compression_from_name("gz") == Compression::None);
  CHECK(sniff_compression(gzip("x")) == Compression::Gzip);
  CHECK(sniff_compression(zstd("x")) == Compression::Zstd);
  CHECK(sniff_compression("{\"text\"") == Compression::None);
  CHECK(sniff_compression("\x1f") == Compression::None);
}

TEST_CASE("gzip and zstd round trips, larger than one buffer, with a sniffed prefix") {
  const std::string text = big_text();
  REQUIRE(text.size() > 200000);
  CHECK(inflate_all(gzip(text), Compression::Gzip) == text);
  CHECK(inflate_all(zstd(text), Compression::Zstd) == text);
  const std::string gz = gzip(text);
  CHECK(inflate_all(gz.substr(4), Compression::Gzip, gz.substr(0, 4)) == text);
  const std::string zs = zstd(text);
  CHECK(inflate_all(zs.substr(4), Compression::Zstd, zs.substr(0, 4)) == text);
}

TEST_CASE("concatenated gzip members and zstd frames are read in order") {
  CHECK(inflate_all(gzip("one\n") + gzip("two\n"), Compression::Gzip) == "one\ntwo\n");
  CHECK(inflate_all(zstd("one\n") + zstd("two\n"), Compression::Zstd) == "one\ntwo\n");
  CHECK(inflate_all(gzip("one\n") + std::string(10, '\0'), Compression::Gzip) == "one\n");
  CHECK(inflate_all(gzip(""), Compression::Gzip).empty());
}

TEST_CASE("corrupt or truncated compressed data names the file and the compressed byte") {
  const std::string text = big_text();
  std::string gz = gzip(text);
  SUBCASE("gzip: corrupt deflate data") {
    for (std::size_t i = 100; i < 140; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5A);
    const Error e = error_of(gz, Compression::Gzip);
    CHECK(e.kind() == ErrorKind::Input);
    CHECK(std::string(e.what()).rfind("x.gz: byte ", 0) == 0);
    CHECK(std::string(e.what()).find("corrupt gzip data") != std::string::npos);
    REQUIRE(e.where().byte);
    CHECK(*e.where().byte >= 100);
    CHECK(*e.where().byte <= gz.size());
  }
  SUBCASE("gzip: truncated") {
    const Error e = error_of(gz.substr(0, gz.size() / 2), Compression::Gzip);
    CHECK(std::string(e.what()).find("truncated gzip data") != std::string::npos);
    CHECK(e.where().byte == gz.size() / 2);
  }
  SUBCASE("gzip: bad checksum") {
    gz[gz.size() - 6] = static_cast<char>(gz[gz.size() - 6] ^ 1);
    CHECK(std::string(error_of(gz, Compression::Gzip).what()).find("corrupt gzip data") != std::string::npos);
  }
  SUBCASE("gzip: not gzip at all, garbage after a member, empty") {
    CHECK(std::string(error_of("plain text, not gzip", Compression::Gzip).what()).find("x.gz: byte 0:") == 0);
    const std::string one = gzip("ok\n");
    const Error e = error_of(one + "junk", Compression::Gzip);
    CHECK(std::string(e.what()).find("trailing garbage") != std::string::npos);
    CHECK(e.where().byte == one.size());
    CHECK(std::string(error_of("", Compression::Gzip).what()).find("empty file") != std::string::npos);
  }
  SUBCASE("zstd: truncated, corrupt, empty") {
    const std::string zs = zstd(text);
    const Error t = error_of(zs.substr(0, zs.size() - 3), Compression::Zstd);
    CHECK(t.kind() == ErrorKind::Input);
    CHECK(std::string(t.what()).find("truncated zstd data") != std::string::npos);
    CHECK(std::string(error_of("not zstd at all", Compression::Zstd).what()).find("corrupt zstd data") !=
          std::string::npos);
    std::string bad = zs;
    for (std::size_t i = 20; i < bad.size(); i += 7) bad[i] = static_cast<char>(bad[i] ^ 0x33);
    const Error c = error_of(bad, Compression::Zstd);
    CHECK(std::string(c.what()).find("x.gz: byte ") == 0);
    CHECK(std::string(error_of("", Compression::Zstd).what()).find("empty file") != std::string::npos);
  }
}
