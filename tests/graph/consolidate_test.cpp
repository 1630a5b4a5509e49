#include "graph/consolidate.hpp"

#include <doctest/doctest.h>

#include "tests/graph/graph_dump.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace newsgraph;

namespace {

struct Ent {
  Ent(EntityType t, std::string n, std::vector<std::string> a, std::string d, std::string norm = {})
      : type(t), name(std::move(n)), aliases(std::move(a)), doc(std::move(d)), normalized(std::move(norm)) {}
  EntityType type;
  std::string name;
  std::vector<std::string> aliases;
  std::string doc;
  std::string normalized;
};

// Every entity record gets its own mention span, as separate mentions in text would.
NodeData node_of(const Ent& e) {
  static std::uint32_t next = 0;
  const std::uint32_t start = next;
  next += 1000;
  NodeData n;
  n.id = make_entity_id(e.type, e.name);
  n.type = e.type;
  n.name = e.name;
  n.aliases = e.aliases;
  n.normalized = e.normalized;
  n.mentions.push_back(Evidence{e.doc, Span{start, start + static_cast<std::uint32_t>(e.name.size())}, e.name});
  return n;
}

// Builds a graph from entities and (subject name, predicate, object name) edges,
// inserting the entities in the given order.
KnowledgeGraph build(const std::vector<Ent>& ents,
                     const std::vector<std::tuple<std::string, std::string, std::string>>& edges = {}) {
  KnowledgeGraph kg;
  for (const Ent& e : ents) {
    kg.upsert_node(node_of(e));
    kg.add_document(e.doc, DocumentMeta{}, 1);
  }
  for (const auto& [s, p, o] : edges) {
    auto id_of = [&](const std::string& name) {
      for (const Ent& e : ents)
        if (e.name == name) return make_entity_id(e.type, e.name);
      return std::string();
    };
    EdgeData d;
    d.predicate = p;
    d.evidence.push_back(Evidence{"d", Span{0, 1}, s + " " + p + " " + o});
    kg.upsert_edge(*kg.find(id_of(s)), *kg.find(id_of(o)), d);
  }
  return kg;
}

std::vector<std::string> ids(const KnowledgeGraph& kg) {
  std::vector<std::string> out;
  for (Vertex v : kg.sorted_vertices()) out.push_back(kg.graph()[v].id);
  return out;
}

using test::dump;

const auto P = EntityType::PERSON;
const auto O = EntityType::ORG;
const auto G = EntityType::GPE;

}  // namespace

TEST_CASE("consolidate: a surname alone joins the one full name ending in it") {
  KnowledgeGraph kg = build({{P, "Putin", {}, "a"}, {P, "Vladimir Putin", {"Putin"}, "b"}, {G, "Russia", {}, "a"}},
                            {{"Putin", "holdsPosition", "Russia"}, {"Vladimir Putin", "holdsPosition", "Russia"}});
  const ConsolidateStats st = consolidate(kg);
  CHECK(st.merged == 1);
  CHECK(ids(kg) == std::vector<std::string>{"gpe/russia", "person/vladimir-putin"});
  const NodeData& putin = kg.graph()[*kg.find("person/vladimir-putin")];
  CHECK(putin.name == "Vladimir Putin");
  CHECK(putin.aliases == std::vector<std::string>{"Putin"});
  CHECK(putin.mentions.size() == 2);
  // The two holdsPosition edges are one edge now, with both pieces of evidence.
  CHECK(boost::num_edges(kg.graph()) == 1);
  CHECK(kg.graph()[kg.sorted_edges()[0]].evidence.size() == 2);
  // Without the alias, the surname rule alone links them too.
  KnowledgeGraph bare = build({{P, "Rutte", {}, "a"}, {P, "Mark Rutte", {}, "b"}});
  CHECK(consolidate(bare).merged == 1);
  CHECK(ids(bare) == std::vector<std::string>{"person/mark-rutte"});
}

TEST_CASE("consolidate: people who share a surname are never merged, nor is the surname alone") {
  KnowledgeGraph kg = build({{P, "Joe Biden", {"Biden"}, "a"}, {P, "Hunter Biden", {}, "b"}, {P, "Biden", {}, "c"}});
  CHECK(consolidate(kg).merged == 0);
  CHECK(ids(kg) == std::vector<std::string>{"person/biden", "person/hunter-biden", "person/joe-biden"});
}

TEST_CASE("consolidate: acronyms join the one name whose initials they spell") {
  KnowledgeGraph kg = build({{O, "NATO", {}, "a"},
                             {O, "North Atlantic Treaty Organization", {}, "b"},
                             {O, "UN", {}, "a"},
                             {O, "United Nations", {}, "b"},
                             {O, "Organisation for Economic Cooperation and Development", {}, "c"},
                             {O, "OECD", {}, "d"}});
  CHECK(consolidate(kg).merged == 3);
  CHECK(ids(kg) == std::vector<std::string>{"org/north-atlantic-treaty-organization",
                                            "org/organisation-for-economic-cooperation-and-development",
                                            "org/united-nations"});
  CHECK(kg.graph()[*kg.find("org/united-nations")].aliases == std::vector<std::string>{"UN"});
  // Two expansions of one acronym: ambiguous, left alone.
  KnowledgeGraph amb = build({{O, "ANC", {}, "a"}, {O, "African National Congress", {}, "b"},
                              {O, "Armenian National Committee", {}, "c"}});
  CHECK(consolidate(amb).merged == 0);
}

TEST_CASE("consolidate: never across types or disagreeing normalisations") {
  // A city and the football club named after it.
  KnowledgeGraph kg = build({{G, "Liverpool", {}, "a"}, {O, "Liverpool", {}, "b"}, {O, "Liverpool FC", {"Liverpool"}, "b"}});
  consolidate(kg);
  const auto all = ids(kg);
  CHECK(std::count(all.begin(), all.end(), "gpe/liverpool") == 1);
  CHECK(kg.find("org/liverpool-fc"));
  CHECK_FALSE(kg.find("org/liverpool"));  // the club's short name joined the club
  // The country and the US state: the relation stage marks an ambiguous place
  // name with the country it lies in, and places that disagree never merge.
  KnowledgeGraph geo = build({{G, "Georgia", {}, "a", "Georgia"}, {G, "Georgia (United States)", {"Georgia"}, "b", "United States"}});
  CHECK(consolidate(geo).merged == 0);
  CHECK(ids(geo).size() == 2);
}

TEST_CASE("consolidate: order of insertion does not matter, and a second pass changes nothing") {
  std::vector<Ent> ents{{P, "Putin", {}, "a"},       {P, "Vladimir Putin", {}, "b"}, {O, "NATO", {}, "a"},
                        {O, "North Atlantic Treaty Organization", {}, "c"}, {P, "Rutte", {}, "c"},
                        {P, "Mark Rutte", {"NATO Secretary General Mark Rutte"}, "d"}};
  std::vector<std::tuple<std::string, std::string, std::string>> edges{
      {"Rutte", "addressed", "Putin"}, {"Mark Rutte", "addressed", "Vladimir Putin"}, {"Mark Rutte", "memberOf", "NATO"},
      {"Putin", "relatedTo", "Vladimir Putin"}};
  KnowledgeGraph a = build(ents, edges);
  std::reverse(ents.begin(), ents.end());
  std::reverse(edges.begin(), edges.end());
  KnowledgeGraph b = build(ents, edges);
  const ConsolidateStats sa = consolidate(a);
  consolidate(b);
  CHECK(sa.dropped_edges == 1);  // "Putin relatedTo Vladimir Putin" became a self-loop
  CHECK(dump(a) == dump(b));
  const std::string once = dump(a);
  CHECK(consolidate(a).merged == 0);
  CHECK(dump(a) == once);
  CHECK(once.find("person/mark-rutte -addressed-> person/vladimir-putin x2") != std::string::npos);
}

TEST_CASE("consolidate: a surname goes to a bearer who dominates the corpus, and middle initials drop") {
  std::vector<Ent> ents{{P, "Melania Trump", {}, "m"}, {P, "Trump", {}, "x"}, {P, "Donald J. Trump", {}, "y"}};
  for (int d = 0; d < 12; ++d) ents.push_back({P, "Donald Trump", {}, "doc" + std::to_string(d % 4)});
  KnowledgeGraph kg = build(ents);
  // Twelve mentions in four documents against one: "Trump" is Donald Trump.
  CHECK(kg.graph()[*kg.find("person/donald-trump")].mentions.size() == 12);
  const ConsolidateStats st = consolidate(kg);
  CHECK(ids(kg) == std::vector<std::string>{"person/donald-j-trump", "person/melania-trump"});
  CHECK(st.merged == 2);
  const NodeData& donald = kg.graph()[*kg.find("person/donald-j-trump")];
  CHECK(donald.aliases == std::vector<std::string>{"Donald Trump", "Trump"});
}

TEST_CASE("consolidate: a name recognised under a rare wrong type joins its dominant type") {
  std::vector<Ent> ents{{G, "Donald Trump", {}, "g"}, {O, "US", {}, "o"}, {O, "Boeing", {}, "b1"}, {O, "Boeing", {}, "b2"}};
  for (int d = 0; d < 10; ++d) ents.push_back({P, "Donald Trump", {}, "doc" + std::to_string(d % 4)});
  for (int d = 0; d < 6; ++d) ents.push_back({G, "U.S.", {}, "doc" + std::to_string(d)});
  // Three PERSON mentions in three documents against two ORG ones: too thin to pick.
  for (int d = 0; d < 3; ++d) ents.push_back({P, "Boeing", {}, "p" + std::to_string(d)});
  KnowledgeGraph kg = build(ents);
  const ConsolidateStats st = consolidate(kg);
  CHECK(st.merged == 2);
  CHECK(ids(kg) == std::vector<std::string>{"gpe/us", "org/boeing", "person/boeing", "person/donald-trump"});
  const NodeData& trump = kg.graph()[*kg.find("person/donald-trump")];
  CHECK(trump.type == EntityType::PERSON);
  CHECK(trump.mentions.size() == 11);
  // The dominant type keeps its id and type even when the minority's spelling is longer.
  const NodeData& us = kg.graph()[*kg.find("gpe/us")];
  CHECK(us.type == EntityType::GPE);
  CHECK(us.mentions.size() == 7);
  // Insertion order does not matter, and a second pass changes nothing.
  std::reverse(ents.begin(), ents.end());
  KnowledgeGraph other = build(ents);
  consolidate(other);
  CHECK(dump(other) == dump(kg));
  CHECK(consolidate(kg).merged == 0);
}
