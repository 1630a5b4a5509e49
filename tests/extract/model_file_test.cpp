#include "extract/model_file.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace newsgraph;

namespace {
std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("newsgraph-test-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_all(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

std::string load_error(const std::string& path, std::string_view kind = "test", std::uint32_t version = 3,
                       std::uint64_t fingerprint = 42) {
  try {
    ModelReader r(path, kind, version, fingerprint);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Model);
    CHECK(std::string(e.what()).find(path) == 0);
    return e.message();
  }
  return "no error";
}
}  // namespace

TEST_CASE("a model file round-trips its payload") {
  const auto path = temp_path("roundtrip.ngm");
  ModelWriter w("test", 3, 42);
  w.put<std::int32_t>(-7);
  w.put<double>(2.5);
  w.put_string("hello");
  w.put_vector(std::vector<float>{1.0f, -2.0f});
  w.put_strings({"a", "", "ccc"});
  w.save(path);
  ModelReader r(path, "test", 3, 42);
  CHECK(r.get<std::int32_t>() == -7);
  CHECK(r.get<double>() == 2.5);
  CHECK(r.get_string() == "hello");
  CHECK(r.get_vector<float>() == std::vector<float>{1.0f, -2.0f});
  CHECK(r.get_strings() == std::vector<std::string>{"a", "", "ccc"});
  r.expect_end();
  CHECK_THROWS_AS(r.get<std::uint8_t>(), Error);
  std::filesystem::remove(path);
}

TEST_CASE("empty vectors round-trip (regression: memcpy into a null data() under UBSan)") {
  const auto path = temp_path("empty.ngm");
  ModelWriter w("test", 3, 42);
  w.put_vector(std::vector<std::uint8_t>{});
  w.put_vector(std::vector<float>{});
  w.put<std::int32_t>(5);
  w.save(path);
  ModelReader r(path, "test", 3, 42);
  CHECK(r.get_vector<std::uint8_t>().empty());
  CHECK(r.get_vector<float>().empty());
  CHECK(r.get<std::int32_t>() == 5);
  r.expect_end();
  std::filesystem::remove(path);
}

TEST_CASE("damaged, foreign or mismatched model files are refused with a clear message") {
  const auto path = temp_path("bad.ngm");
  ModelWriter w("test", 3, 42);
  w.put_string("payload bytes");
  w.save(path);
  const std::string good = read_all(path);

  SUBCASE("flipped byte") {
    std::string bad = good;
    bad[bad.size() - 12] ^= 0x20;  // inside the payload
    write_all(path, bad);
    CHECK(load_error(path).find("checksum") != std::string::npos);
  }
  SUBCASE("truncated") {
    write_all(path, good.substr(0, good.size() - 5));
    CHECK(load_error(path).find("truncated") != std::string::npos);
  }
  SUBCASE("not a model") {
    write_all(path, "hello world, not a model at all");
    CHECK(load_error(path).find("bad magic") != std::string::npos);
  }
  SUBCASE("other container version") {
    std::string bad = good;
    bad[8] = 9;
    write_all(path, bad);
    CHECK(load_error(path).find("container version 9") != std::string::npos);
  }
  SUBCASE("wrong kind, version or fingerprint") {
    CHECK(load_error(path, "pos").find("kind 'test', expected 'pos'") != std::string::npos);
    CHECK(load_error(path, "test", 4).find("version 3 is not supported") != std::string::npos);
    CHECK(load_error(path, "test", 3, 43).find("fingerprint") != std::string::npos);
  }
  SUBCASE("missing") {
    std::filesystem::remove(path);
    CHECK(load_error(path).find("cannot open") != std::string::npos);
  }
  std::filesystem::remove(path);
}
