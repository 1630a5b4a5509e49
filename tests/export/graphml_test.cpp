#include "export/graphml.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "tests/export/hostile_graph.hpp"

using namespace newsgraph;

TEST_CASE("write_graphml: typed keys, escaped text, XML-impossible characters replaced") {
  const KnowledgeGraph kg = testing::hostile_graph();
  std::ostringstream out;
  write_graphml(kg, out);
  const std::string x = out.str();
  std::ostringstream again;
  write_graphml(testing::hostile_graph(), again);
  CHECK(again.str() == x);
  CHECK(x.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml", 0) == 0);
  CHECK(x.find("attr.name=\"confidence\" attr.type=\"double\"") != std::string::npos);
  CHECK(x.find("attr.name=\"mentions\" attr.type=\"int\"") != std::string::npos);
  CHECK(x.find("edgedefault=\"directed\"") != std::string::npos);
  CHECK(x.find("<data key=\"d3\">Mark &quot;The&quot; Rutte\\</data>") != std::string::npos);
  CHECK(x.find("&lt;/script&gt;") != std::string::npos);
  CHECK(x.find("</script>") == std::string::npos);
  // NUL and C0 controls cannot appear in XML 1.0; tab and newline are references.
  CHECK(x.find(std::string(1, '\0')) == std::string::npos);
  CHECK(x.find("nul\xEF\xBF\xBD" "ctl\xEF\xBF\xBD\xEF\xBF\xBD\x7F|tab&#9;here") != std::string::npos);
  CHECK(x.find("<edge id=\"e7\"") != std::string::npos);
  CHECK(x.find("<edge id=\"e8\"") == std::string::npos);
}
