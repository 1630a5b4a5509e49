#pragma once
// Property-graph export: neo4j-admin import CSV files, and a Cypher script, for
// graph databases (Neo4j, Kùzu, Memgraph ...). Entities and quotations become nodes,
// relations become relationships typed by predicate (said -> SAID, holdsPosition ->
// HOLDS_POSITION) with their evidence as a JSON string property.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "graph/knowledge_graph.hpp"

namespace newsgraph {

/// The relationship type of a predicate: camelCase split into UPPER_SNAKE, any byte
/// outside [A-Za-z0-9_] as '_' ("holdsPosition" -> "HOLDS_POSITION"). Pure.
std::string relationship_type(std::string_view predicate);

/// The files write_neo4j_csv() wrote, relative to its directory.
struct CsvFiles {
  std::string nodes;                       ///< "nodes.csv"
  std::vector<std::string> relationships;  ///< "relationships_SAID.csv", ... sorted
};

/// Writes neo4j-admin import files into `dir` (which must exist): nodes.csv with
/// header `id:ID,:LABEL,name,type,aliases,text,cue,kind,date,mentions:int,docs` and
/// one relationships_<TYPE>.csv per relationship type with header
/// `:START_ID,:END_ID,:TYPE,predicate,role,lemma,confidence:double,evidence_count:int,evidence`.
/// Import with: neo4j-admin database import full --multiline-fields=true
///   --nodes=nodes.csv --relationships=relationships_SAID.csv ...
/// Labels are "Node;Entity;Person" (entities) or "Node;Quotation". `aliases`, `docs`
/// and `evidence` are JSON arrays in a string column (lossless for any text; evidence
/// items are {"doc","start","end","text"}). Fields are RFC 4180 quoted (quotes doubled;
/// newlines and other characters kept raw, so --multiline-fields is needed).
/// Guarantees: deterministic; each file is written atomically.
/// Throws Error(Io) naming the file. Thread safety: reads the graph only.
CsvFiles write_neo4j_csv(const KnowledgeGraph& graph, const std::string& dir);

enum class CypherDialect : std::uint8_t {
  Kuzu,   ///< schema first (CREATE NODE TABLE Node ..., CREATE REL TABLE <TYPE> ...)
  Neo4j,  ///< a uniqueness constraint on :Node(id), and real labels (:Node:Entity:Person)
};
std::optional<CypherDialect> parse_cypher_dialect(std::string_view s);

/// Writes a Cypher script that creates the graph: schema (per dialect), one CREATE per
/// node, one MATCH ... CREATE per relationship, each statement ending in ";\n".
/// Strings are single-quoted with only '\' and '\'' escaped; every other character,
/// newlines and controls included, stays raw (both Neo4j and Kùzu keep them).
/// Properties are those of the CSV files. Guarantees: deterministic.
/// Throws Error(Io) when the stream fails. Thread safety: reads the graph only.
void write_cypher(const KnowledgeGraph& graph, std::ostream& out, CypherDialect dialect = CypherDialect::Kuzu);

}  // namespace newsgraph
