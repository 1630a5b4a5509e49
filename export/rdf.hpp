#pragma once
// RDF export: N-Triples, N-Quads (one named graph per source document) and Turtle,
// carrying exactly the triples that the JSON-LD of export/jsonld.hpp denotes (see
// docs/jsonld.md for the vocabulary), with blank nodes for Role and Evidence nodes.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "graph/knowledge_graph.hpp"

namespace newsgraph {

enum class RdfSyntax : std::uint8_t { NTriples, NQuads, Turtle };
/// "nt", "nq", "ttl". Never fails.
std::string_view to_string(RdfSyntax s);
/// Parses "nt"/"ntriples", "nq"/"nquads", "ttl"/"turtle"; std::nullopt otherwise.
std::optional<RdfSyntax> parse_rdf_syntax(std::string_view s);

struct RdfOptions {
  /// Base IRI for node ids, as JsonLdOptions::base (absolute, ending in '/').
  std::string base = "https://newsgraph.dev/id/";
  /// Threads that serialise (the calling thread only writes the stream). 0: the
  /// hardware's concurrency (at most 8) for graphs of more than ~60,000 statements, the
  /// calling thread alone for smaller ones; 1: the calling thread alone; n > 1: n
  /// worker threads (at most 64) whatever the graph's size. The output bytes never
  /// depend on it.
  std::size_t threads = 0;
};

/// Writes the graph's triples in `syntax`, streaming, in the canonical order.
/// Guarantees: the same set of triples as write_jsonld() with the same base, up to
/// blank node labels (N-Quads adds graph names, nothing else); deterministic bytes;
/// every literal survives exactly (NUL and controls as \u escapes, quotes and
/// backslashes escaped), output is valid UTF-8 (bad bytes in the graph become U+FFFD).
/// In N-Quads each triple goes into the graph <base + "doc/" + document id> of every
/// document that supports it (a relation's evidence, an entity's mentions), or the
/// default graph when nothing does; so a store keeps which article said what.
/// Memory: a few MB of output per thread in flight, besides one IRI per vertex.
/// Throws Error(Usage) for a bad base, Error(Io) when the stream fails (workers are
/// stopped and joined before any exception leaves).
/// Thread safety: reads the graph only (from several threads when options.threads
/// allows); the graph must not change during the call.
void write_rdf(const KnowledgeGraph& graph, std::ostream& out, RdfSyntax syntax, const RdfOptions& options = {});

/// The canonical xsd:double lexical form JSON-LD uses ("9.0E-1", "1.0E0").
/// Exposed for tests; pure.
std::string xsd_double(double v);

}  // namespace newsgraph
