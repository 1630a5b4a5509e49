#pragma once
// The knowledge graph: entities and quotations as vertices, relations as edges, in
// a Boost.Graph adjacency_list with bundled properties, merged over many documents.

#include <boost/graph/adjacency_list.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graph/model.hpp"

namespace newsgraph {

/// Where a fact was seen: a document and a byte span of its text, with the text of
/// that span (the mention, the quote, or the evidence sentence).
struct Evidence {
  std::string doc;
  Span span;
  std::string text;
  friend bool operator==(const Evidence&, const Evidence&) = default;
  friend auto operator<=>(const Evidence& a, const Evidence& b) {
    if (auto c = a.doc <=> b.doc; c != 0) return c;
    if (auto c = a.span <=> b.span; c != 0) return c;
    return a.text <=> b.text;
  }
};

enum class NodeKind : std::uint8_t { Entity, Quotation };

/// A vertex. For entities: type, name, aliases, normalized and mentions are used.
/// For quotations: text, cue, quote_kind, date and mentions (the quote's own span).
struct NodeData {
  NodeKind kind = NodeKind::Entity;
  std::string id;  ///< "person/mark-rutte", or "quote/<doc>/<start>-<end>"
  EntityType type = EntityType::MISC;
  std::string name;
  std::vector<std::string> aliases;  ///< sorted, unique, excluding name
  std::string normalized;
  std::vector<Evidence> mentions;    ///< sorted, unique
  // Quotation fields.
  std::string text;
  std::string cue;
  QuoteKind quote_kind = QuoteKind::Direct;
  std::string date;  ///< the source document's date
  bool unclosed = false;
};

/// An edge: a relation with all its evidence. Repeated evidence is aggregated:
/// evidence.size() is the count and the list is sorted and unique.
struct EdgeData {
  std::string predicate;  ///< from docs/relations.md, e.g. "holdsPosition", "said"
  std::string role;       ///< e.g. "Secretary General" for holdsPosition
  std::string lemma;      ///< the verb of an open relation (relatedTo)
  double confidence = 1.0;  ///< the highest confidence seen
  std::vector<Evidence> evidence;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, NodeData, EdgeData>;
using Vertex = Graph::vertex_descriptor;
using Edge = Graph::edge_descriptor;

/// A knowledge graph merged from any number of annotated documents.
/// Merging is by id: entities with the same id become one vertex whose aliases and
/// mentions are the union; edges with the same (source, predicate, role, lemma,
/// target) become one edge whose evidence is the union. After any sequence of add()
/// calls, the canonical order used by exporters (vertices by id, edges by
/// source id, predicate, role, lemma, target id) is independent of document order.
/// Thread safety: const methods may run concurrently; mutation needs exclusive access.
class KnowledgeGraph {
 public:
  /// Merges one document's entities, quotations and relations. A document whose id
  /// is already present with the same text is ignored (returns false).
  bool add(const AnnotatedDocument& doc);
  /// Merges another graph into this one (as if its documents had been added).
  void merge(const KnowledgeGraph& other);

  /// Adds or merges a vertex by id and returns it. For readers of saved graphs.
  Vertex upsert_node(const NodeData& node);
  /// Adds or merges an edge by its key and returns it. For readers of saved graphs.
  Edge upsert_edge(Vertex from, Vertex to, const EdgeData& edge);
  /// Records a source document (id -> metadata, plus a hash of its text).
  void add_document(const std::string& id, const DocumentMeta& meta, std::uint64_t text_hash);

  const Graph& graph() const { return g_; }
  std::optional<Vertex> find(const std::string& id) const;
  /// Vertices sorted by id, and edges sorted by (source id, predicate, role, lemma,
  /// target id): the order every exporter writes in.
  std::vector<Vertex> sorted_vertices() const;
  std::vector<Edge> sorted_edges() const;

  struct DocumentInfo {
    DocumentMeta meta;
    std::uint64_t text_hash = 0;
  };
  const std::map<std::string, DocumentInfo>& documents() const { return docs_; }

 private:
  Graph g_;
  std::map<std::string, Vertex> index_;
  std::map<std::string, DocumentInfo> docs_;
};

/// The id of a quotation vertex: "quote/" + a slug of the document id + "/" + start
/// + "-" + end. Deterministic and IRI-safe.
std::string make_quote_id(const std::string& doc_id, Span span);

}  // namespace newsgraph
