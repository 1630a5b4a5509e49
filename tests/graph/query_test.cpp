#include "graph/query.hpp"

#include <doctest/doctest.h>

#include "graph/error.hpp"

using namespace newsgraph;

namespace {
Vertex entity(KnowledgeGraph& kg, EntityType t, const std::string& name, std::vector<std::string> aliases = {},
              int mentions = 1) {
  NodeData n;
  n.id = make_entity_id(t, name);
  n.type = t;
  n.name = name;
  n.aliases = std::move(aliases);
  for (int i = 0; i < mentions; ++i)
    n.mentions.push_back({"d1", Span{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1)}, "x"});
  return kg.upsert_node(n);
}

Vertex quote(KnowledgeGraph& kg, const std::string& doc, Span span, const std::string& text, const std::string& date) {
  NodeData n;
  n.kind = NodeKind::Quotation;
  n.id = make_quote_id(doc, span);
  n.name = n.text = text;
  n.date = date;
  n.mentions.push_back({doc, span, text});
  return kg.upsert_node(n);
}

void edge(KnowledgeGraph& kg, Vertex a, const std::string& predicate, Vertex b, Evidence ev = {"d1", {0, 5}, "e"}) {
  EdgeData d;
  d.predicate = predicate;
  d.evidence.push_back(ev);
  kg.upsert_edge(a, b, d);
}

// Rutte -said-> q1 -about-> Putin; Rutte -addressed-> EP; Putin -holdsPosition-> Russia;
// Smith and Jane Smith share a surname; Xi is isolated.
struct Fixture {
  KnowledgeGraph kg;
  Vertex rutte, putin, ep, russia, xi, smith1, smith2, q1, q2;
  Fixture() {
    rutte = entity(kg, EntityType::PERSON, "Mark Rutte", {"Rutte"}, 5);
    putin = entity(kg, EntityType::PERSON, "Vladimir Putin", {"Putin"}, 3);
    ep = entity(kg, EntityType::ORG, "European Parliament", {}, 1);
    russia = entity(kg, EntityType::GPE, "Russia", {}, 2);
    xi = entity(kg, EntityType::PERSON, "Xi Jinping", {}, 1);
    smith1 = entity(kg, EntityType::PERSON, "John Smith");
    smith2 = entity(kg, EntityType::PERSON, "Jane Smith");
    q1 = quote(kg, "d1", Span{10, 40}, "Peace will not last if Putin wins", "2025-01-13");
    q2 = quote(kg, "d0", Span{0, 9}, "Old quote", "2024-05-01");
    edge(kg, rutte, "said", q1);
    edge(kg, q1, "about", putin);
    edge(kg, rutte, "addressed", ep, {"d1", {5, 45}, "told"});
    edge(kg, putin, "holdsPosition", russia);
    edge(kg, putin, "said", q2);
  }
};
}  // namespace

TEST_CASE("entities are found by id, name, alias and unique partial name") {
  Fixture f;
  CHECK(find_entity(f.kg, "person/mark-rutte") == f.rutte);
  CHECK(find_entity(f.kg, "mark rutte") == f.rutte);
  CHECK(find_entity(f.kg, "Rutte") == f.rutte);
  CHECK(find_entity(f.kg, "Vladimir") == f.putin);  // whole-word partial
  CHECK_FALSE(find_entity(f.kg, "Smith").has_value());  // ambiguous: two Smiths
  CHECK_FALSE(find_entity(f.kg, "Rut").has_value());    // not a whole word
  CHECK_FALSE(find_entity(f.kg, "Nobody").has_value());
}

TEST_CASE("quotes filter by speaker, subject and date, with the addressee") {
  Fixture f;
  const auto all = find_quotes(f.kg);
  REQUIRE(all.size() == 2);
  CHECK(all[0].quote == f.q2);  // earlier date first
  QuoteFilter by_rutte;
  by_rutte.speaker = f.rutte;
  const auto rows = find_quotes(f.kg, by_rutte);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].quote == f.q1);
  CHECK(rows[0].addressee == f.ep);
  CHECK(rows[0].about == std::vector<Vertex>{f.putin});
  QuoteFilter about_putin;
  about_putin.about = f.putin;
  CHECK(find_quotes(f.kg, about_putin).size() == 1);
  QuoteFilter since;
  since.since = "2025-01-01";
  const auto recent = find_quotes(f.kg, since);
  REQUIRE(recent.size() == 1);
  CHECK(recent[0].quote == f.q1);
}

TEST_CASE("ranking by mentions, degree, pagerank and betweenness") {
  Fixture f;
  const auto by_mentions = rank_entities(f.kg, RankBy::Mentions, std::nullopt, 2);
  REQUIRE(by_mentions.size() == 2);
  CHECK(by_mentions[0].entity == f.rutte);
  CHECK(by_mentions[1].entity == f.putin);
  const auto people = rank_entities(f.kg, RankBy::Degree, EntityType::PERSON);
  CHECK(people.size() == 5);
  CHECK(people[0].entity == f.putin);  // said, about, holdsPosition
  // Entity chain EP - Rutte - Putin - Russia (Rutte-Putin via the quote): Rutte and
  // Putin each broker two pairs; the tie goes to the smaller id.
  const auto between = rank_entities(f.kg, RankBy::Betweenness, std::nullopt, 3);
  CHECK(between[0].entity == f.rutte);
  CHECK(between[1].entity == f.putin);
  CHECK(between[0].score == doctest::Approx(between[1].score));
  CHECK(between[0].score > 0);
  CHECK(between[2].score == 0);
  const auto pr = rank_entities(f.kg, RankBy::PageRank);
  CHECK(pr.size() == 7);
  // Russia receives rank from Putin, who receives it from Rutte; isolated Xi gets least.
  CHECK(pr.back().score <= pr.front().score);
}

TEST_CASE("neighbours pass through quotations, and paths carry their edges") {
  Fixture f;
  const auto near = neighbors(f.kg, f.rutte, 1);
  REQUIRE(near.size() == 2);
  CHECK(near[0].first == f.ep);  // distance 1, sorted by id: org/... < person/...
  CHECK(near[1].first == f.putin);
  const auto far = neighbors(f.kg, f.rutte, 2);
  CHECK(far.size() == 3);
  CHECK(far.back().first == f.russia);
  CHECK(far.back().second == 2);

  const auto path = shortest_path(f.kg, f.ep, f.russia);
  REQUIRE(path.size() == 4);  // ep <-addressed- rutte -said-> q1 -about-> putin -holdsPosition-> russia
  CHECK(path[0].reversed);
  CHECK(f.kg.graph()[path[0].edge].predicate == "addressed");
  CHECK(f.kg.graph()[path[3].edge].predicate == "holdsPosition");
  CHECK(shortest_path(f.kg, f.rutte, f.xi).empty());
}

TEST_CASE("stats count types, predicates and the date range") {
  Fixture f;
  f.kg.add_document("d1", DocumentMeta{"", "2025-01-13", "", ""}, 1);
  f.kg.add_document("d0", DocumentMeta{"", "2024-05-01", "", ""}, 2);
  const auto s = compute_stats(f.kg);
  CHECK(s.entities == 7);
  CHECK(s.quotations == 2);
  CHECK(s.edges == 5);
  CHECK(s.documents == 2);
  CHECK(s.first_date == "2024-05-01");
  CHECK(s.last_date == "2025-01-13");
  CHECK(s.entities_by_type.front() == std::make_pair(std::string("GPE"), std::uint64_t{1}));
  CHECK(s.edges_by_predicate.back() == std::make_pair(std::string("said"), std::uint64_t{2}));
}

namespace {
// Vertex ids with mention counts, edges with evidence counts, and document ids.
std::string dump(const KnowledgeGraph& kg) {
  const Graph& g = kg.graph();
  std::string out;
  for (const auto& [id, info] : kg.documents()) out += "doc " + id + "\n";
  for (Vertex v : kg.sorted_vertices()) out += g[v].id + " " + std::to_string(g[v].mentions.size()) + "\n";
  for (Edge e : kg.sorted_edges())
    out += g[boost::source(e, g)].id + " -" + g[e].predicate + "-> " + g[boost::target(e, g)].id + " x" +
           std::to_string(g[e].evidence.size()) + "\n";
  return out;
}

struct DatedFixture : Fixture {
  DatedFixture() {
    kg.add_document("d1", DocumentMeta{"", "2025-01-13", "", ""}, 1);
    kg.add_document("d0", DocumentMeta{"", "2024-05-01", "", ""}, 2);
    kg.add_document("d9", DocumentMeta{"", "", "", ""}, 3);  // undated, cited by nothing
  }
};
}  // namespace

TEST_CASE("subgraph without filters is the graph itself") {
  DatedFixture f;
  CHECK(dump(subgraph(f.kg, {})) == dump(f.kg));
}

TEST_CASE("subgraph by type keeps the quotations and edges between kept vertices") {
  DatedFixture f;
  SubgraphFilter by_type;
  by_type.types = {EntityType::PERSON};
  CHECK(dump(subgraph(f.kg, by_type)) ==
        "doc d0\ndoc d1\n"
        "person/jane-smith 1\nperson/john-smith 1\nperson/mark-rutte 5\nperson/vladimir-putin 3\nperson/xi-jinping 1\n"
        "quote/d0/0-9 1\nquote/d1/10-40 1\n"
        "person/mark-rutte -said-> quote/d1/10-40 x1\nperson/vladimir-putin -said-> quote/d0/0-9 x1\n"
        "quote/d1/10-40 -about-> person/vladimir-putin x1\n");
  by_type.quotations = false;
  by_type.types = {EntityType::PERSON, EntityType::GPE};
  CHECK(dump(subgraph(f.kg, by_type)) ==
        "doc d1\n"
        "gpe/russia 2\nperson/jane-smith 1\nperson/john-smith 1\nperson/mark-rutte 5\nperson/vladimir-putin 3\n"
        "person/xi-jinping 1\nperson/vladimir-putin -holdsPosition-> gpe/russia x1\n");
}

TEST_CASE("subgraph around an entity: its ego network, quotations passed through") {
  DatedFixture f;
  SubgraphFilter ego;
  ego.ego = "Rutte";
  CHECK(dump(subgraph(f.kg, ego)) ==
        "doc d0\ndoc d1\n"
        "org/european-parliament 1\nperson/mark-rutte 5\nperson/vladimir-putin 3\nquote/d0/0-9 1\nquote/d1/10-40 1\n"
        "person/mark-rutte -addressed-> org/european-parliament x1\n"
        "person/mark-rutte -said-> quote/d1/10-40 x1\nperson/vladimir-putin -said-> quote/d0/0-9 x1\n"
        "quote/d1/10-40 -about-> person/vladimir-putin x1\n");
  ego.depth = 2;
  ego.types = {EntityType::PERSON, EntityType::GPE};  // the types apply first: no parliament
  CHECK(dump(subgraph(f.kg, ego)) ==
        "doc d0\ndoc d1\n"
        "gpe/russia 2\nperson/mark-rutte 5\nperson/vladimir-putin 3\nquote/d0/0-9 1\nquote/d1/10-40 1\n"
        "person/mark-rutte -said-> quote/d1/10-40 x1\nperson/vladimir-putin -holdsPosition-> gpe/russia x1\n"
        "person/vladimir-putin -said-> quote/d0/0-9 x1\nquote/d1/10-40 -about-> person/vladimir-putin x1\n");
  ego.ego = "Smith";  // ambiguous
  CHECK_THROWS_AS(subgraph(f.kg, ego), Error);
  ego.ego = "European Parliament";  // filtered out by type
  CHECK_THROWS_AS(subgraph(f.kg, ego), Error);
}

TEST_CASE("subgraph by date keeps only what the documents in range say") {
  DatedFixture f;
  SubgraphFilter recent;
  recent.from_date = "2025-01-01";
  const std::string all_but_d0 = dump(subgraph(f.kg, recent));
  CHECK(all_but_d0.find("doc d0") == std::string::npos);
  CHECK(all_but_d0.find("doc d9") == std::string::npos);  // undated documents are out of any range
  CHECK(all_but_d0.find("quote/d0/0-9") == std::string::npos);
  CHECK(all_but_d0.find("person/mark-rutte 5\n") != std::string::npos);
  SubgraphFilter old;
  old.to_date = "2024-12-31";
  CHECK(dump(subgraph(f.kg, old)) == "doc d0\nquote/d0/0-9 1\n");
  old.from_date = "2024-05-01";
  old.to_date = "2024-05-01";  // both ends inclusive
  CHECK(dump(subgraph(f.kg, old)) == "doc d0\nquote/d0/0-9 1\n");
  old.from_date = "May 2024";
  CHECK_THROWS_AS(subgraph(f.kg, old), Error);
}
