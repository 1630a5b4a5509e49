// Fuzz target: JSONL input parsing. Any bytes either yield valid documents or a
// newsgraph::Error; nothing else may escape and nothing may crash.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "extract/input.hpp"
#include "graph/error.hpp"

using namespace newsgraph;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  for (bool skip : {false, true}) {
    std::istringstream in(bytes);
    ReadOptions o;
    o.skip_bad = skip;
    o.warn = [](const std::string&) {};
    try {
      read_documents(in, "fuzz.jsonl", true, [](Document&& d) {
        if (find_invalid_utf8(d.text) >= 0 || d.text.empty()) std::abort();
      }, o);
    } catch (const Error& e) {
      if (skip && e.kind() == ErrorKind::Input) std::abort();  // --skip-bad must not stop on bad input
    }
  }
  return 0;
}
