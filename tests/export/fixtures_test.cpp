// Writes the hostile graph in every export format, plus a JSON file listing the
// strings and IRIs each consumer must find byte for byte. The consumer scripts in
// tests/consumers run this case with NEWSGRAPH_EXPORT_FIXTURES=<dir> and feed the
// files to the real tools (dot, jsonld.js, rapper, networkx, Kùzu, Oxigraph). Without
// the variable it writes to a temporary directory and checks the files exist.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "export/dot.hpp"
#include "export/graphml.hpp"
#include "export/jsonld.hpp"
#include "export/property_graph.hpp"
#include "export/rdf.hpp"
#include "tests/export/hostile_graph.hpp"

using namespace newsgraph;
namespace fs = std::filesystem;

namespace {

void write_to(const fs::path& p, const std::string& data) {
  std::ofstream out(p, std::ios::binary);
  out << data;
  REQUIRE(out.good());
}

std::string expectations(const KnowledgeGraph& kg, const std::string& base) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&](const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
  const Graph& g = kg.graph();
  w.StartObject();
  w.Key("base");
  str(base);
  w.Key("strings");  // every literal that must survive exactly
  w.StartArray();
  for (Vertex v : kg.sorted_vertices()) {
    const NodeData& d = g[v];
    str(d.kind == NodeKind::Quotation ? d.text : d.name);
    for (const auto& a : d.aliases) str(a);
  }
  for (Edge e : kg.sorted_edges())
    if (!g[e].role.empty()) str(g[e].role);
  for (const auto& [id, info] : kg.documents())
    if (!info.meta.title.empty()) str(info.meta.title);
  w.EndArray();
  w.Key("nodes");  // id -> IRI
  w.StartObject();
  for (Vertex v : kg.sorted_vertices()) {
    const std::string& id = g[v].id;
    w.Key(id.data(), static_cast<rapidjson::SizeType>(id.size()));
    str(base + iri_escape_path(id));
  }
  w.EndObject();
  w.Key("names");  // id -> name, exactly
  w.StartObject();
  for (Vertex v : kg.sorted_vertices()) {
    const std::string& id = g[v].id;
    w.Key(id.data(), static_cast<rapidjson::SizeType>(id.size()));
    str(g[v].name);
  }
  w.EndObject();
  w.Key("said");  // speaker name -> quote text
  w.StartArray();
  for (Edge e : kg.sorted_edges()) {
    if (g[e].predicate != "said") continue;
    w.StartArray();
    str(g[boost::source(e, g)].name);
    str(g[boost::target(e, g)].text);
    w.EndArray();
  }
  w.EndArray();
  w.Key("roles");  // [person name, organisation name, role]
  w.StartArray();
  for (Edge e : kg.sorted_edges()) {
    if (g[e].role.empty()) continue;
    w.StartArray();
    str(g[boost::source(e, g)].name);
    str(g[boost::target(e, g)].name);
    str(g[e].role);
    w.EndArray();
  }
  w.EndArray();
  w.Key("vertices");
  w.Uint64(boost::num_vertices(g));
  w.Key("edges");
  w.Uint64(boost::num_edges(g));
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

TEST_CASE("export fixtures: the hostile graph in every format") {
  const char* env = std::getenv("NEWSGRAPH_EXPORT_FIXTURES");
  const fs::path dir = env && *env ? fs::path(env)
                                   : fs::temp_directory_path() / ("newsgraph-fixtures-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const KnowledgeGraph kg = testing::hostile_graph();

  std::ostringstream dot, svg, png, pdf, jsonld, jsonld_ref, context;
  write_dot(kg, dot);
  render(kg, svg, RenderFormat::Svg);
  render(kg, png, RenderFormat::Png);
  render(kg, pdf, RenderFormat::Pdf);
  write_jsonld(kg, jsonld);
  JsonLdOptions by_ref;
  by_ref.context_url = std::string(kDefaultContextUrl);
  write_jsonld(kg, jsonld_ref, by_ref);
  write_jsonld_context(context);

  write_to(dir / "hostile.dot", dot.str());
  write_to(dir / "hostile.svg", svg.str());
  write_to(dir / "hostile.png", png.str());
  write_to(dir / "hostile.pdf", pdf.str());
  write_to(dir / "hostile.jsonld", jsonld.str());
  write_to(dir / "hostile.ref.jsonld", jsonld_ref.str());
  write_to(dir / "context.jsonld", context.str());
  for (auto syntax : {RdfSyntax::NTriples, RdfSyntax::NQuads, RdfSyntax::Turtle}) {
    std::ostringstream rdf;
    write_rdf(kg, rdf, syntax);
    write_to(dir / ("hostile." + std::string(to_string(syntax))), rdf.str());
  }
  std::ostringstream graphml;
  write_graphml(kg, graphml);
  write_to(dir / "hostile.graphml", graphml.str());
  std::ostringstream cypher;
  write_cypher(kg, cypher);
  write_to(dir / "hostile.cypher", cypher.str());
  fs::create_directories(dir / "csv");
  const CsvFiles csv = write_neo4j_csv(kg, (dir / "csv").string());
  CHECK(csv.relationships.size() == 6);
  write_to(dir / "expect.json", expectations(kg, std::string(kDefaultBaseIri)));

  for (const char* f : {"hostile.dot", "hostile.svg", "hostile.png", "hostile.pdf", "hostile.jsonld",
                        "hostile.ref.jsonld", "context.jsonld", "expect.json", "hostile.nt", "hostile.nq", "hostile.ttl", "hostile.cypher", "hostile.graphml", "csv/nodes.csv",
                        "csv/relationships_SAID.csv"})
    CHECK(fs::file_size(dir / f) > 0);
  if (!(env && *env)) fs::remove_all(dir);
}
