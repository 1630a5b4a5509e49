#include "extract/perceptron.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <vector>

#include "extract/model_file.hpp"

using namespace newsgraph;

TEST_CASE("feature hashes separate their parts and are never zero") {
  CHECK(feature_hash(1, "ab", "c") != feature_hash(1, "a", "bc"));
  CHECK(feature_hash(1, "x") != feature_hash(2, "x"));
  CHECK(feature_hash(1, "x") == feature_hash(1, "x"));
  for (std::uint32_t t = 0; t < 1000; ++t) CHECK(feature_hash(t, "") != 0);
}

TEST_CASE("the averaged perceptron learns a separable problem and survives save/load") {
  // Class = which of three marker features is present; a noise feature is shared.
  const std::uint64_t noise = feature_hash(9, "noise");
  std::vector<std::vector<std::uint64_t>> xs;
  std::vector<int> ys;
  for (int i = 0; i < 30; ++i) {
    const int y = i % 3;
    xs.push_back({feature_hash(1, std::to_string(y)), noise});
    ys.push_back(y);
  }
  Perceptron p(3);
  for (int epoch = 0; epoch < 5; ++epoch)
    for (std::size_t i = 0; i < xs.size(); ++i) {
      p.update(xs[i], ys[i], p.predict(xs[i]));
      p.tick();
    }
  p.finalize(0.0f);
  for (std::size_t i = 0; i < xs.size(); ++i) CHECK(p.predict(xs[i]) == ys[i]);
  // Restricting the allowed classes is honoured.
  const std::vector<std::uint8_t> only2 = {0, 0, 1};
  CHECK(p.predict(xs[0], only2) == 2);
  // Unknown features score nothing: the lowest class wins the tie.
  const std::vector<std::uint64_t> unknown = {feature_hash(7, "never seen")};
  CHECK(p.predict(unknown) == 0);

  const auto path = (std::filesystem::temp_directory_path() / "newsgraph-perceptron-test.ngm").string();
  ModelWriter w("perceptron-test", 1, 5);
  p.save(w);
  w.save(path);
  ModelReader r(path, "perceptron-test", 1, 5);
  const Perceptron q = Perceptron::load(r);
  r.expect_end();
  CHECK(q.features() == p.features());
  for (std::size_t i = 0; i < xs.size(); ++i) CHECK(q.predict(xs[i]) == ys[i]);
  std::filesystem::remove(path);
}

TEST_CASE("a loaded perceptron scores exactly as the saved one, and duplicate keys are refused") {
  // Enough features that the loaded table is larger than the initial one.
  Perceptron p(4);
  std::vector<std::uint64_t> feats;
  for (int i = 0; i < 3000; ++i) feats.push_back(feature_hash(3, std::to_string(i)));
  for (int epoch = 0; epoch < 2; ++epoch)
    for (std::size_t i = 0; i < feats.size(); ++i) {
      const std::uint64_t x[2] = {feats[i], feats[(i * 7) % feats.size()]};
      p.update(x, static_cast<int>(i % 4), p.predict(x));
      p.tick();
    }
  p.finalize(0.0f);
  REQUIRE(p.features() > 2000);
  const auto path = (std::filesystem::temp_directory_path() / "newsgraph-perceptron-big.ngm").string();
  {
    ModelWriter w("perceptron-test", 1, 5);
    p.save(w);
    w.save(path);
  }
  ModelReader r(path, "perceptron-test", 1, 5);
  const Perceptron q = Perceptron::load(r);
  r.expect_end();
  CHECK(q.features() == p.features());
  int differing = 0;
  for (std::uint64_t f : feats) {
    float a[4] = {0, 0, 0, 0}, b[4] = {0, 0, 0, 0};
    p.score({&f, 1}, a);
    q.score({&f, 1}, b);
    for (int c = 0; c < 4; ++c) differing += a[c] != b[c];
  }
  CHECK(differing == 0);

  // The same key twice: a damaged table, refused rather than silently merged.
  {
    ModelWriter w("perceptron-test", 1, 5);
    w.put<std::int32_t>(2);
    w.put<std::uint64_t>(2);
    for (int row = 0; row < 2; ++row) {
      w.put<std::uint64_t>(feats[0]);
      w.put<float>(1.0f);
      w.put<float>(-1.0f);
    }
    w.save(path);
  }
  ModelReader dup(path, "perceptron-test", 1, 5);
  CHECK_THROWS_WITH_AS(Perceptron::load(dup), doctest::Contains("duplicate feature key"), Error);
  std::filesystem::remove(path);
}
