// A small program using the newsgraph library: extract one article and print who said
// what, then the entities with their aliases.
//
//   newsgraph_example_api examples/nato_rutte.txt

#include <iostream>

#include "extract/input.hpp"
#include "extract/pipeline.hpp"
#include "graph/error.hpp"
#include "graph/knowledge_graph.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " ARTICLE.txt|CORPUS.jsonl\n";
    return 2;
  }
  try {
    const newsgraph::Pipeline pipeline;  // loads the bundled models
    newsgraph::KnowledgeGraph graph;
    newsgraph::read_documents(argv[1], [&](newsgraph::Document&& doc) {
      const newsgraph::AnnotatedDocument a = pipeline.run(std::move(doc));
      for (const auto& q : a.quotations) {
        const std::string speaker = q.speaker >= 0 ? a.entities[static_cast<std::size_t>(q.speaker)].name : "(unknown)";
        std::cout << speaker << " [" << q.cue << "]: " << q.text << "\n";
      }
      graph.add(a);
    });
    const auto& g = graph.graph();
    for (auto v : graph.sorted_vertices()) {
      if (g[v].kind != newsgraph::NodeKind::Entity) continue;
      std::cout << newsgraph::to_string(g[v].type) << "\t" << g[v].name;
      for (const auto& alias : g[v].aliases) std::cout << " | " << alias;
      std::cout << "\n";
    }
  } catch (const newsgraph::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
