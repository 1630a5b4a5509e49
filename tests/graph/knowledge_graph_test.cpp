#include "graph/knowledge_graph.hpp"

#include <doctest/doctest.h>

#include "tests/graph/graph_dump.hpp"

using namespace newsgraph;

namespace {
// A small hand-made annotated document: "<name> told <org> ..." with one quote.
AnnotatedDocument make_doc(const std::string& id, const std::string& person, const std::string& org) {
  AnnotatedDocument a;
  a.doc.id = id;
  a.doc.text = person + " told " + org + " that \"peace matters\".";
  a.doc.meta.date = "2025-01-13";
  const auto p_end = static_cast<std::uint32_t>(person.size());
  const auto o_start = p_end + 6;
  const auto o_end = o_start + static_cast<std::uint32_t>(org.size());
  a.sentences.push_back({Span{0, static_cast<std::uint32_t>(a.doc.text.size())}, 0, 0, 0});
  a.mentions.push_back({Span{0, p_end}, person, EntityType::PERSON, MentionKind::Name, 0, 0, 0, 0});
  a.mentions.push_back({Span{o_start, o_end}, org, EntityType::ORG, MentionKind::Name, 0, 0, 0, 1});
  a.entities.push_back({make_entity_id(EntityType::PERSON, person), EntityType::PERSON, person, {}, {0}, {}});
  a.entities.push_back({make_entity_id(EntityType::ORG, org), EntityType::ORG, org, {}, {1}, {}});
  Quotation q;
  q.span = Span{o_end + 7, o_end + 20};
  q.text = a.doc.text.substr(q.span.start, q.span.size());
  q.speaker = 0;
  q.addressee = 1;
  q.cue = "told";
  q.cue_lemma = "tell";
  q.cue_span = Span{p_end + 1, p_end + 5};
  q.about = {1};
  a.quotations.push_back(q);
  Relation r;
  r.subject = 0;
  r.predicate = "addressed";
  r.object = 1;
  r.evidence = a.sentences[0].span;
  a.relations.push_back(r);
  return a;
}

using test::dump;
}  // namespace

TEST_CASE("documents merge by id, and evidence aggregates rather than duplicates") {
  KnowledgeGraph kg;
  CHECK(kg.add(make_doc("d1", "Mark Rutte", "NATO")));
  CHECK(kg.add(make_doc("d2", "Mark Rutte", "NATO")));
  const Graph& g = kg.graph();
  // Two entities and two quotations (one per document).
  CHECK(boost::num_vertices(g) == 4);
  const auto rutte = kg.find("person/mark-rutte");
  REQUIRE(rutte.has_value());
  CHECK(g[*rutte].mentions.size() == 2);
  bool found_addressed = false;
  for (Edge e : kg.sorted_edges())
    if (g[e].predicate == "addressed") {
      found_addressed = true;
      CHECK(g[e].evidence.size() == 2);  // one edge, evidence from both documents
    }
  CHECK(found_addressed);
}

TEST_CASE("re-adding the same document is a no-op") {
  KnowledgeGraph kg;
  CHECK(kg.add(make_doc("d1", "Mark Rutte", "NATO")));
  const std::string before = dump(kg);
  CHECK_FALSE(kg.add(make_doc("d1", "Mark Rutte", "NATO")));
  CHECK(dump(kg) == before);
}

TEST_CASE("the canonical order does not depend on document order") {
  const auto a = make_doc("a", "Mark Rutte", "NATO");
  const auto b = make_doc("b", "Vladimir Putin", "the Kremlin");
  const auto c = make_doc("c", "Mark Rutte", "the European Parliament");
  KnowledgeGraph abc, cba, bac;
  for (const auto* d : {&a, &b, &c}) abc.add(*d);
  for (const auto* d : {&c, &b, &a}) cba.add(*d);
  for (const auto* d : {&b, &a, &c}) bac.add(*d);
  CHECK(dump(abc) == dump(cba));
  CHECK(dump(abc) == dump(bac));
}

TEST_CASE("merging graphs equals adding all their documents") {
  KnowledgeGraph left, right, all;
  const auto a = make_doc("a", "Mark Rutte", "NATO");
  const auto b = make_doc("b", "Mark Rutte", "the Kremlin");
  left.add(a);
  right.add(b);
  all.add(a);
  all.add(b);
  left.merge(right);
  CHECK(dump(left) == dump(all));
  CHECK(left.documents().size() == 2);
}

TEST_CASE("the canonical name is the longest canonical name, titled aliases stay aliases") {
  KnowledgeGraph kg;
  NodeData n1;
  n1.id = "person/x";
  n1.name = "Rutte";
  NodeData n2;
  n2.id = "person/x";
  n2.name = "Mark Rutte";
  n2.aliases = {"NATO Secretary General Mark Rutte", "M. Rutte"};
  kg.upsert_node(n1);
  const Vertex v = kg.upsert_node(n2);
  CHECK(kg.graph()[v].name == "Mark Rutte");
  CHECK(kg.graph()[v].aliases == std::vector<std::string>{"M. Rutte", "NATO Secretary General Mark Rutte", "Rutte"});
}

TEST_CASE("quotation ids are IRI-safe and deterministic") {
  CHECK(make_quote_id("wikinews-2019-001", Span{10, 20}) == "quote/wikinews-2019-001/10-20");
  CHECK(make_quote_id("a b/\"c", Span{1, 2}) == "quote/a%20b%2F%22c/1-2");
}
