#pragma once
// Cross-document entity resolution over a merged knowledge graph: "Putin" in one
// article and "Vladimir Putin" in another, "NATO" and "North Atlantic Treaty
// Organization", become one vertex.

#include <cstddef>

#include "graph/knowledge_graph.hpp"

namespace newsgraph {

/// What consolidate() did.
struct ConsolidateStats {
  std::size_t merged = 0;         ///< entity vertices folded into another one
  std::size_t dropped_edges = 0;  ///< edges that became self-loops and were removed
};

/// Merges entity vertices of `graph` that name the same real-world thing, then
/// rebuilds the graph. One name under several types is one entity when one type
/// dominates the corpus (five times the mentions and three times the documents of
/// every other type, in at least three documents): the rest were recognition errors
/// ("Donald Trump" as a place in one article, a person in forty-six), and the merged
/// vertex keeps the dominant type and id. Otherwise two entities merge only when they
/// have the same type, their `normalized` values do not disagree, and one of these
/// holds with exactly one candidate (an ambiguous link is never made):
///  - one's canonical name is another's alias ("Putin" and Vladimir Putin, whose
///    article also called him "Putin");
///  - a one-word PERSON name is the last word of (or an alias of) exactly one longer
///    PERSON name ("Rutte" and "Mark Rutte"; "Biden" stays alone when "Joe Biden" and
///    "Hunter Biden" both exist), or of one that dominates the others: ten times the
///    mentions of any other candidate, in at least three documents ("Trump" and
///    Donald Trump beside Melania Trump);
///  - a PERSON name with a middle initial equals exactly one name without it
///    ("Donald J. Trump", "Donald Trump");
///  - an all-capital ORG/GPE/NORP/EVENT name of 2 to 8 letters spells the initials of
///    exactly one multi-word name of that type ("NATO" and "North Atlantic Treaty
///    Organization"; function words such as "of" and "the" are skipped).
/// The merged vertex takes the best canonical name of its members (the longest,
/// then the lexicographically first) and that name's id; the other names become
/// aliases, mentions and evidence are united, edges are re-pointed, and edges that
/// would join a vertex to itself are dropped. Quotation vertices are unchanged.
///
/// Guarantees: the result depends only on the graph's content, never on the order
/// in which documents were added, so builds of the same documents in any order or
/// split over machines consolidate to identical graphs; consolidating twice changes
/// nothing. Linear in vertices and edges plus O(n log n) sorting.
/// Thread safety: mutates `graph`; needs exclusive access.
ConsolidateStats consolidate(KnowledgeGraph& graph);

}  // namespace newsgraph
