// Export benchmark: builds a synthetic knowledge graph with N relations (default
// 1,000,000) and times every text export format on it, printing seconds, output size
// and the process's peak memory. "cpu" is all threads' CPU time, "caller" the calling
// thread's alone.
//   export_bench [--edges N] [--out DIR] [--formats jsonld,nt,nq,ttl,graphml,cypher,csv,dot]
// Without --out the output goes to /dev/null (the figures then exclude disk speed).
// The graph is deterministic: same N, same graph, same bytes.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "export/dot.hpp"
#include "export/graphml.hpp"
#include "export/jsonld.hpp"
#include "export/property_graph.hpp"
#include "export/rdf.hpp"
#include "graph/knowledge_graph.hpp"

using namespace newsgraph;

namespace {

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// User and system CPU seconds so far: the system part is mostly the kernel copying
// the output into the page cache, which no exporter can avoid for its bytes.
struct Cpu {
  double user = 0;
  double sys = 0;
  double total() const { return user + sys; }
};
// Of the whole process (all threads), or with `who` = RUSAGE_THREAD of the calling
// thread alone: the RDF and DOT writers hand work to helper threads, so the caller's
// own time is the critical path when a second core is free.
Cpu cpu_seconds(int who = RUSAGE_SELF) {
  rusage u{};
  getrusage(who, &u);
  auto secs = [](timeval t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return Cpu{secs(u.ru_utime), secs(u.ru_stime)};
}

// Entities with realistic names and mentions; relations from a small vocabulary, each
// with one evidence sentence; every tenth relation a quotation said by its subject.
KnowledgeGraph synthetic(std::size_t edges) {
  KnowledgeGraph kg;
  const std::size_t entities = std::max<std::size_t>(edges / 10, 16);
  const std::size_t docs = std::max<std::size_t>(edges / 1000, 1);
  for (std::size_t d = 0; d < docs; ++d)
    kg.add_document("doc-" + std::to_string(d), DocumentMeta{"Synthetic article " + std::to_string(d), "2025-01-13",
                                                             "https://example.org/" + std::to_string(d), ""},
                    d);
  const EntityType types[] = {EntityType::PERSON, EntityType::ORG, EntityType::GPE, EntityType::EVENT};
  std::vector<Vertex> v(entities);
  for (std::size_t i = 0; i < entities; ++i) {
    NodeData n;
    n.type = types[i % 4];
    n.name = "Entity Number " + std::to_string(i) + " \"quoted\"";
    n.id = make_entity_id(n.type, n.name);
    n.aliases = {"E" + std::to_string(i)};
    const std::string doc = "doc-" + std::to_string(i % docs);
    n.mentions = {Evidence{doc, Span{static_cast<std::uint32_t>(i % 5000), static_cast<std::uint32_t>(i % 5000 + 20)},
                           n.name}};
    v[i] = kg.upsert_node(n);
  }
  const char* predicates[] = {"holdsPosition", "memberOf", "locatedIn", "relatedTo", "met"};
  std::size_t made = 0;
  for (std::size_t i = 0; made < edges; ++i) {
    const std::size_t s = i % entities;
    const std::size_t k = i / entities;
    const std::string doc = "doc-" + std::to_string(i % docs);
    const auto start = static_cast<std::uint32_t>(i % 4000);
    if (k % 10 == 9 && made + 2 <= edges) {
      NodeData q;
      q.kind = NodeKind::Quotation;
      q.text = "We will keep working together, said speaker " + std::to_string(s) + " in statement " + std::to_string(i);
      q.name = q.text;
      q.cue = "said";
      q.date = "2025-01-13";
      q.id = make_quote_id(doc, Span{start, start + 90});
      q.mentions = {Evidence{doc, Span{start, start + 90}, q.text}};
      const Vertex qv = kg.upsert_node(q);
      EdgeData said;
      said.predicate = "said";
      said.lemma = "say";
      said.evidence = {Evidence{doc, Span{start + 91, start + 95}, "said"}};
      kg.upsert_edge(v[s], qv, said);
      EdgeData about;
      about.predicate = "about";
      about.evidence = q.mentions;
      kg.upsert_edge(qv, v[(s + 1) % entities], about);
      made += 2;
      continue;
    }
    EdgeData e;
    e.predicate = predicates[k % 5];
    if (k % 5 == 0) e.role = "Secretary General";
    if (k % 5 == 3) e.lemma = "visit";
    e.confidence = 0.5 + static_cast<double>(i % 50) / 100.0;
    e.evidence = {Evidence{doc, Span{start, start + 120},
                           "Entity Number " + std::to_string(s) + " was seen with another entity in sentence " +
                               std::to_string(i) + " of a long synthetic article."}};
    kg.upsert_edge(v[s], v[(s + 1 + k * 97) % entities], e);
    ++made;
  }
  return kg;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t edges = 1000000;
  std::string out_dir;
  std::string formats = "jsonld,nt,nq,ttl,graphml,cypher,csv,dot";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--edges") edges = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--out") out_dir = argv[i + 1];
    else if (a == "--formats") formats = argv[i + 1];
    else {
      std::cerr << "usage: export_bench [--edges N] [--out DIR] [--formats LIST]\n";
      return 2;
    }
  }
  auto t0 = std::chrono::steady_clock::now();
  const KnowledgeGraph kg = synthetic(edges);
  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::printf("graph: %zu vertices, %zu edges, built in %.2f s, peak RSS %.0f MB\n",
              boost::num_vertices(kg.graph()), boost::num_edges(kg.graph()),
              secs(t0, std::chrono::steady_clock::now()), peak_rss_mb());

  const std::vector<std::pair<std::string, std::function<void(std::ostream&)>>> jobs = {
      {"jsonld", [&](std::ostream& o) { write_jsonld(kg, o); }},
      {"nt", [&](std::ostream& o) { write_rdf(kg, o, RdfSyntax::NTriples); }},
      {"nq", [&](std::ostream& o) { write_rdf(kg, o, RdfSyntax::NQuads); }},
      {"ttl", [&](std::ostream& o) { write_rdf(kg, o, RdfSyntax::Turtle); }},
      {"graphml", [&](std::ostream& o) { write_graphml(kg, o); }},
      {"cypher", [&](std::ostream& o) { write_cypher(kg, o); }},
      {"dot", [&](std::ostream& o) { write_dot(kg, o, DotOptions{}); }},
  };
  for (const auto& [name, job] : jobs) {
    if (("," + formats + ",").find("," + name + ",") == std::string::npos) continue;
    const std::string path = out_dir.empty() ? "/dev/null" : out_dir + "/bench." + name;
    std::ofstream out(path, std::ios::binary);
    const auto a = std::chrono::steady_clock::now();
    const Cpu cpu = cpu_seconds();
    const Cpu caller = cpu_seconds(RUSAGE_THREAD);
    job(out);
    out.flush();
    const auto b = std::chrono::steady_clock::now();
    const Cpu used = cpu_seconds();
    const Cpu caller_used = cpu_seconds(RUSAGE_THREAD);
    const double size = out_dir.empty() ? 0.0 : static_cast<double>(out.tellp()) / 1e6;
    std::printf("%-8s %6.2f s wall %6.2f s cpu (user %.2f, sys %.2f; caller %.2f) %8.1f MB  peak RSS %.0f MB\n",
                name.c_str(), secs(a, b), used.total() - cpu.total(), used.user - cpu.user, used.sys - cpu.sys,
                caller_used.total() - caller.total(), size, peak_rss_mb());
  }
  if (("," + formats + ",").find(",csv,") != std::string::npos) {
    if (out_dir.empty()) {
      std::printf("csv      skipped (needs --out DIR)\n");
    } else {
      const auto a = std::chrono::steady_clock::now();
      const Cpu cpu = cpu_seconds();
      write_neo4j_csv(kg, out_dir);
      const Cpu used = cpu_seconds();
      std::printf("csv      %6.2f s wall %6.2f s cpu (user %.2f, sys %.2f)  peak RSS %.0f MB\n",
                  secs(a, std::chrono::steady_clock::now()), used.total() - cpu.total(), used.user - cpu.user,
                  used.sys - cpu.sys, peak_rss_mb());
    }
  }
  return 0;
}
