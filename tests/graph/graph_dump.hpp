#pragma once
// A line per vertex (id, name, aliases, mention count) and per edge (source,
// predicate, target, evidence count), in the exporters' canonical order: the test
// helper that compares whole graphs.

#include <string>

#include "graph/knowledge_graph.hpp"

namespace newsgraph::test {

inline std::string dump(const KnowledgeGraph& kg) {
  std::string out;
  const Graph& g = kg.graph();
  for (Vertex v : kg.sorted_vertices()) {
    out += g[v].id + " " + g[v].name + " [";
    for (const auto& a : g[v].aliases) out += a + ";";
    out += "] " + std::to_string(g[v].mentions.size()) + "\n";
  }
  for (Edge e : kg.sorted_edges())
    out += g[boost::source(e, g)].id + " -" + g[e].predicate + "-> " + g[boost::target(e, g)].id + " x" +
           std::to_string(g[e].evidence.size()) + "\n";
  return out;
}

}  // namespace newsgraph::test
