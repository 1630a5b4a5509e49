// Fuzz target: loading a JSON-LD graph. Any bytes either load (and then re-export
// and re-load to the same bytes) or raise newsgraph::Error.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "export/jsonld.hpp"
#include "graph/error.hpp"

using namespace newsgraph;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    const KnowledgeGraph g = read_jsonld(in, "fuzz.jsonld");
    std::ostringstream once;
    write_jsonld(g, once);
    std::istringstream again(once.str());
    const KnowledgeGraph g2 = read_jsonld(again, "again.jsonld");
    std::ostringstream twice;
    write_jsonld(g2, twice);
    if (once.str() != twice.str()) std::abort();
  } catch (const Error&) {
  }
  return 0;
}
