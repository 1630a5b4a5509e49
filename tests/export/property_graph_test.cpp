#include "export/property_graph.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/export/hostile_graph.hpp"

using namespace newsgraph;
namespace fs = std::filesystem;

TEST_CASE("relationship_type: predicates become UPPER_SNAKE types") {
  CHECK(relationship_type("said") == "SAID");
  CHECK(relationship_type("holdsPosition") == "HOLDS_POSITION");
  CHECK(relationship_type("relatedTo") == "RELATED_TO");
  CHECK(relationship_type("x y-z") == "X_Y_Z");
  CHECK(relationship_type("") == "R_");
  CHECK(relationship_type("1st") == "R_1ST");
  CHECK(parse_cypher_dialect("neo4j") == CypherDialect::Neo4j);
  CHECK_FALSE(parse_cypher_dialect("gremlin").has_value());
}

TEST_CASE("write_cypher: one statement per node and relationship, strings escaped") {
  const KnowledgeGraph kg = testing::hostile_graph();
  std::ostringstream kuzu, neo;
  write_cypher(kg, kuzu, CypherDialect::Kuzu);
  write_cypher(kg, neo, CypherDialect::Neo4j);
  const std::string k = kuzu.str();
  CHECK(k.rfind("CREATE NODE TABLE Node(", 0) == 0);
  CHECK(k.find("CREATE REL TABLE SAID(FROM Node TO Node") != std::string::npos);
  // The injection attempt stays inside its string literal.
  CHECK(k.find("name: '\\'}) DETACH DELETE n //'") != std::string::npos);
  CHECK(k.find("name: 'Mark \"The\" Rutte\\\\'") != std::string::npos);
  const std::string n = neo.str();
  CHECK(n.find("CREATE CONSTRAINT") == 0);
  CHECK(n.find("CREATE (:Node:Entity:Person {id: 'person/mark-rutte'") != std::string::npos);
  CHECK(n.find("]->(b);\n") != std::string::npos);
  std::ostringstream again;
  write_cypher(testing::hostile_graph(), again, CypherDialect::Kuzu);
  CHECK(again.str() == k);
}

TEST_CASE("write_neo4j_csv: headers, one file per type, RFC 4180 quoting") {
  const fs::path dir = fs::temp_directory_path() / ("newsgraph-csv-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const CsvFiles files = write_neo4j_csv(testing::hostile_graph(), dir.string());
  CHECK(files.nodes == "nodes.csv");
  CHECK(files.relationships == std::vector<std::string>{"relationships_ABOUT.csv", "relationships_DATE_OF.csv",
                                                        "relationships_HOLDS_POSITION.csv", "relationships_LOCATED_IN.csv",
                                                        "relationships_RELATED_TO.csv", "relationships_SAID.csv"});
  std::ifstream in(dir / "nodes.csv", std::ios::binary);
  std::stringstream all;
  all << in.rdbuf();
  const std::string nodes = all.str();
  CHECK(nodes.rfind("id:ID,:LABEL,name,type,aliases,text,cue,kind,date,mentions:int,docs\n", 0) == 0);
  CHECK(nodes.find("\"person/x\"\"y <z> {w} \\ '}) DETACH DELETE n //\",\"Node;Entity;Person\"") != std::string::npos);
  std::ifstream rin(dir / "relationships_HOLDS_POSITION.csv", std::ios::binary);
  std::stringstream rel;
  rel << rin.rdbuf();
  CHECK(rel.str().rfind(":START_ID,:END_ID,:TYPE,predicate,role,lemma,confidence:double,evidence_count:int,evidence\n", 0) == 0);
  CHECK(rel.str().find(",0.9,2,") != std::string::npos);
  fs::remove_all(dir);
}
