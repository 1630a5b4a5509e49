#pragma once
// Questions asked of a knowledge graph: who said what, which entities matter most,
// who is near whom, how two entities connect, and what the graph holds.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "graph/knowledge_graph.hpp"

namespace newsgraph {

/// Finds the entity a user means by `name`: an exact id, else a name or alias equal
/// ignoring case, else a unique entity whose name or alias contains `name` as whole
/// words ("Rutte" -> "Mark Rutte"). Returns nullopt when nothing or more than one
/// entity matches the last rule. Pure; thread-safe on a const graph.
std::optional<Vertex> find_entity(const KnowledgeGraph& graph, const std::string& name);

/// One quotation with its speaker, addressee and subjects.
struct QuoteRow {
  Vertex quote;
  std::optional<Vertex> speaker;
  std::optional<Vertex> addressee;
  std::vector<Vertex> about;  ///< sorted by id
  std::string doc;            ///< source document id
  std::string date;           ///< source document date, may be empty
};

struct QuoteFilter {
  std::optional<Vertex> speaker;
  std::optional<Vertex> about;
  std::string since;  ///< ISO date; keeps quotes dated on or after it (undated quotes are dropped)
};

/// Quotations matching every given filter, ordered by date, document, then offset.
std::vector<QuoteRow> find_quotes(const KnowledgeGraph& graph, const QuoteFilter& filter = {});

enum class RankBy : std::uint8_t { Mentions, Degree, PageRank, Betweenness };
std::optional<RankBy> parse_rank_by(std::string_view s);

struct RankedEntity {
  Vertex entity;
  double score = 0;
};

/// Entities (optionally of one type) by descending score, ties by id; at most `top`
/// when top > 0. PageRank and betweenness run on the entity graph (quotations are
/// folded into speaker->about links), treating edges as undirected for betweenness.
std::vector<RankedEntity> rank_entities(const KnowledgeGraph& graph, RankBy by,
                                        std::optional<EntityType> type = std::nullopt, std::size_t top = 0);

/// Entities within `depth` hops of `from` (edges in either direction, through
/// quotations), with their distance; sorted by distance then id; excludes `from`.
std::vector<std::pair<Vertex, unsigned>> neighbors(const KnowledgeGraph& graph, Vertex from, unsigned depth = 1);

/// One step of a path: the edge taken and whether it was followed backwards.
struct PathStep {
  Edge edge;
  bool reversed = false;
};

/// A shortest path from `from` to `to` over edges in either direction (BFS; among
/// equal-length paths the one through smaller ids). Empty when there is none or
/// from == to.
std::vector<PathStep> shortest_path(const KnowledgeGraph& graph, Vertex from, Vertex to);

/// Counts for `newsgraph stats`.
struct GraphStats {
  std::vector<std::pair<std::string, std::uint64_t>> entities_by_type;  ///< sorted by type name
  std::vector<std::pair<std::string, std::uint64_t>> edges_by_predicate;  ///< sorted by predicate
  std::uint64_t entities = 0, quotations = 0, edges = 0, documents = 0;
  std::string first_date, last_date;  ///< over documents with a date
};
GraphStats compute_stats(const KnowledgeGraph& graph);

}  // namespace newsgraph

namespace newsgraph {

/// What `newsgraph subgraph` keeps. Every filter is optional; with none, the result
/// equals the input graph.
struct SubgraphFilter {
  /// ISO dates (YYYY-MM-DD), inclusive; empty = unbounded. When either is set, only
  /// documents dated inside the range count (undated documents are dropped): mentions
  /// and evidence from other documents are removed, and so are entities, quotations and
  /// edges left with none.
  std::string from_date, to_date;
  /// Keep only entities of these types; empty = all. Applied after the dates.
  std::vector<EntityType> types;
  /// Keep only the ego network of this entity (anything find_entity() accepts):
  /// entities within `depth` hops as neighbors() counts them (quotations pass through
  /// without counting as a hop). Applied after the dates and types; empty = no ego.
  std::string ego;
  unsigned depth = 1;
  /// Keep quotations (those touching a kept entity); false drops them all.
  bool quotations = true;
};

/// The part of `graph` that `filter` keeps, as a new graph: kept entities (with their
/// names and aliases as in `graph`), quotations touching a kept entity, and edges whose
/// two ends are kept and that still have evidence; documents are those in the date
/// range that some kept mention or evidence comes from (all documents in range when
/// neither types nor ego is given). Deterministic; exports of the result are in the
/// usual canonical order. Throws Error(Usage) when `ego` matches no single entity of
/// the date- and type-filtered graph, or a date is not YYYY-MM-DD.
/// Thread safety: reads `graph` only.
KnowledgeGraph subgraph(const KnowledgeGraph& graph, const SubgraphFilter& filter);

}  // namespace newsgraph
