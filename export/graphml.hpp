#pragma once
// GraphML export of the knowledge graph with typed attributes, for networkx, Gephi,
// yEd, Cytoscape and igraph.

#include <ostream>

#include "graph/knowledge_graph.hpp"

namespace newsgraph {

/// Writes the graph as one directed GraphML document, streaming. Nodes are "n0",
/// "n1", ... in id order with the vertex id in the `id` attribute; edges are "e0", ...
/// in the canonical edge order. Attributes are declared with <key> and typed: node
/// id, kind, type, name, aliases (JSON array), text, cue, quote_kind, date,
/// normalized, docs (JSON array): string; mentions: int. Edge predicate, role, lemma,
/// evidence (JSON array of {doc,start,end,text}): string; confidence: double;
/// evidence_count: int.
/// Guarantees: deterministic, well-formed XML 1.0. Text survives exactly except for
/// the characters XML 1.0 cannot carry at all (NUL, C0 controls other than tab, line
/// feed and carriage return, U+FFFE, U+FFFF), written as U+FFFD; tab, LF and CR are
/// character references so parsers keep them; invalid UTF-8 becomes U+FFFD.
/// Throws Error(Io) when the stream fails. Thread safety: reads the graph only.
void write_graphml(const KnowledgeGraph& graph, std::ostream& out);

}  // namespace newsgraph
