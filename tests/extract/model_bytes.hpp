#pragma once
// Test helper: edits a model file's bytes where only one check of ModelReader can
// refuse the result, for the "a wrong model is refused" tests of every model kind.

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "extract/model_file.hpp"

namespace newsgraph::test {

// The model file `bytes` of kind `kind` with one bit of its header fingerprint
// flipped and the container checksum recomputed: it passes every check but the
// fingerprint one. Layout (extract/model_file.cpp): magic[8], container version u32,
// kind length u32, kind, payload version u32, fingerprint u64, ..., checksum u64.
inline std::string with_other_fingerprint(std::string bytes, std::string_view kind) {
  const std::size_t at = 8 + 4 + 4 + kind.size() + 4;
  REQUIRE(bytes.size() > at + 16);
  REQUIRE(std::string_view(bytes).substr(16, kind.size()) == kind);
  bytes[at] = static_cast<char>(bytes[at] ^ 1);
  const std::uint64_t sum = model_checksum(std::string_view(bytes).substr(0, bytes.size() - 8));
  std::memcpy(bytes.data() + bytes.size() - 8, &sum, 8);
  return bytes;
}

}  // namespace newsgraph::test
