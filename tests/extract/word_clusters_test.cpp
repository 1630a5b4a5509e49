#include "extract/word_clusters.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/model_file.hpp"
#include "graph/error.hpp"

using namespace newsgraph;

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("newsgraph-clusters-test-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

// Hand-made 3-dimensional vectors in frequency order: cities point one way,
// weekdays another, verbs of buying a third; each group has small differences.
std::string write_vectors() {
  const std::string path = temp_path("vectors.tsv");
  std::ofstream out(path);
  out << "paris\t1 0.1 0\n"
         "monday\t0 1 0.1\n"
         "bought\t0.1 0 1\n"
         "london\t1 0.2 0.05\n"
         "tuesday\t0.05 1 0.2\n"
         "acquired\t0.2 0.05 1\n"
         "kiev\t1 0 0.1\n"
         "friday\t0.1 1 0\n"
         "purchased\t0 0.1 1\n"
         "1999\t0.5 0.5 0.5\n"
         "2001\t-0.5 -0.5 -0.5\n";
  return path;
}

std::uint32_t code(const WordClusters& wc, std::string_view word) {
  std::string key;
  WordClusters::normalise(word, key);
  return wc.find(key);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("word clusters: normalisation lower-cases, folds digits and typographic quotes") {
  std::string k;
  WordClusters::normalise("Kiev", k);
  CHECK(k == "kiev");
  k.clear();
  WordClusters::normalise("1,999", k);
  CHECK(k == "0,000");
  k.clear();
  WordClusters::normalise("don\xE2\x80\x99t", k);
  CHECK(k == "don't");
}

TEST_CASE("word clusters: prefixes are coarser clusters and stay distinct per length") {
  const std::uint32_t c = (5u << 16) | 0xA800u;  // path 10101
  CHECK(WordClusters::prefix(c, 16) == c);
  CHECK(WordClusters::prefix(c, 3) == ((3u << 16) | 0xA000u));
  CHECK(WordClusters::prefix(c, 0) == 0u);
  // The empty path at depth 0 differs from a 1-bit path "0".
  CHECK(WordClusters::prefix((1u << 16), 1) != WordClusters::prefix(0u, 1));
  CHECK(WordClusters::prefix(WordClusters::kNoCluster, 4) == WordClusters::kNoCluster);
}

TEST_CASE("word clusters: bisection groups words used alike, deterministically") {
  const std::string vec = write_vectors();
  ClusterOptions o;
  o.min_split = 2;
  const WordClusters wc = build_clusters(vec, o);
  CHECK(wc.size() == 10);  // 1999 and 2001 share the key 0000; the first one wins
  const auto paris = code(wc, "Paris"), london = code(wc, "LONDON"), kiev = code(wc, "Kiev");
  const auto monday = code(wc, "Monday"), friday = code(wc, "friday");
  const auto bought = code(wc, "bought"), acquired = code(wc, "acquired");
  for (std::uint32_t c : {paris, london, kiev, monday, friday, bought, acquired}) REQUIRE(c != WordClusters::kNoCluster);
  CHECK(code(wc, "Moscow") == WordClusters::kNoCluster);
  CHECK(code(wc, "2024") == code(wc, "1999"));
  // At the depth where the three groups have separated, each group is one cluster.
  int sep = 1;
  while (sep < 16 && (WordClusters::prefix(paris, sep) == WordClusters::prefix(monday, sep) ||
                      WordClusters::prefix(paris, sep) == WordClusters::prefix(bought, sep) ||
                      WordClusters::prefix(monday, sep) == WordClusters::prefix(bought, sep)))
    ++sep;
  REQUIRE(sep < 16);
  CHECK(WordClusters::prefix(london, sep) == WordClusters::prefix(paris, sep));
  CHECK(WordClusters::prefix(kiev, sep) == WordClusters::prefix(paris, sep));
  CHECK(WordClusters::prefix(friday, sep) == WordClusters::prefix(monday, sep));
  CHECK(WordClusters::prefix(acquired, sep) == WordClusters::prefix(bought, sep));
  // The most frequent word's side of every split is bit 0.
  CHECK((paris & 0x8000u) == 0);
  // Same input, same table.
  const WordClusters again = build_clusters(vec, o);
  CHECK(again.checksum() == wc.checksum());
  CHECK(code(again, "kiev") == kiev);
  // A coarser tree is a different table.
  ClusterOptions shallow = o;
  shallow.depth = 1;
  const WordClusters one = build_clusters(vec, shallow);
  CHECK(one.checksum() != wc.checksum());
  CHECK((code(one, "paris") >> 16) <= 1);
}

TEST_CASE("word clusters: file round trip, embedding, and refusal of damaged files") {
  ClusterOptions o;
  o.min_split = 2;
  const WordClusters wc = build_clusters(write_vectors(), o);
  const std::string path = temp_path("clusters.ngm");
  wc.save(path);
  const WordClusters back = WordClusters::load(path);
  CHECK(back.size() == wc.size());
  CHECK(back.checksum() == wc.checksum());
  for (const char* w : {"paris", "monday", "acquired", "0000", "nowhere"}) CHECK(code(back, w) == code(wc, w));

  // Inside another model's payload.
  const std::string host = temp_path("host.ngm");
  {
    ModelWriter w("host", 1, 7);
    w.put<std::uint32_t>(11);
    wc.save(w);
    WordClusters{}.save(w);  // an empty table is valid too
    w.save(host);
  }
  {
    ModelReader r(host, "host", 1, 7);
    CHECK(r.get<std::uint32_t>() == 11);
    const WordClusters in = WordClusters::load(r);
    const WordClusters none = WordClusters::load(r);
    r.expect_end();
    CHECK(in.checksum() == wc.checksum());
    CHECK(none.empty());
    CHECK(none.find("paris") == WordClusters::kNoCluster);
  }

  // A flipped byte fails the container checksum; another kind is refused by name.
  std::string bytes = slurp(path);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x20);
  const std::string bad = temp_path("bad.ngm");
  {
    std::ofstream out(bad, std::ios::binary);
    out << bytes;
  }
  try {
    (void)WordClusters::load(bad);
    FAIL("a corrupt table was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Model);
    CHECK(std::string(e.what()).find(bad) != std::string::npos);
  }
  CHECK_THROWS_AS((void)WordClusters::load(host), Error);
  CHECK_THROWS_AS((void)WordClusters::load(temp_path("missing.ngm")), Error);
  std::filesystem::remove(path);
  std::filesystem::remove(host);
  std::filesystem::remove(bad);
}

TEST_CASE("word clusters: malformed vector files are refused with their line") {
  const std::string path = temp_path("malformed.tsv");
  {
    std::ofstream out(path);
    out << "a\t1 2 3\nb\t1 2\n";
  }
  try {
    (void)build_clusters(path);
    FAIL("ragged vectors were accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    CHECK(std::string(e.what()).find(":2") != std::string::npos);
  }
  {
    std::ofstream out(path);
    out << "a\t1 x 3\n";
  }
  CHECK_THROWS_AS((void)build_clusters(path), Error);
  CHECK_THROWS_AS((void)build_clusters(temp_path("no-such-vectors.tsv")), Error);
  std::filesystem::remove(path);
}
