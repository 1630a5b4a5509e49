#pragma once
// A small hand-built knowledge graph whose names, quotes, ids and evidence carry the
// strings that break naive exporters: quotes, backslashes (also trailing), newlines,
// tabs, </script>, ]];, a Cypher injection, '"' inside ids, NUL and control
// characters, right-to-left text and emoji. Shared by the exporter tests.

#include <string>

#include "graph/knowledge_graph.hpp"

namespace newsgraph::testing {

using namespace std::string_literals;
inline const std::string kNulCtl = "nul\0ctl\x01\x1f\x7f|tab\there"s;
inline const std::string kHostileQuote =
    "He said \"no\" \\n \\l \\N and \\\\ \ttab\nnewline </script><script>alert(1)</script> ]]; "
    "'}) DETACH DELETE n // \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xF0\x9F\x98\x80 end\\";

inline Evidence ev(const std::string& doc, std::uint32_t start, std::uint32_t end, const std::string& text) {
  return Evidence{doc, Span{start, end}, text};
}

/// The hostile graph. Deterministic: same graph on every call.
inline KnowledgeGraph hostile_graph() {
  KnowledgeGraph kg;
  const std::string doc1 = "doc \"1\" \\ </script>";
  const std::string doc2 = "plain-doc";
  kg.add_document(doc1,
                  DocumentMeta{"Title with \"quotes\", </script> and \\ backslash\n", "2025-01-13",
                               "https://example.org/news?a=1&b=\"2\"", ""},
                  42);
  kg.add_document(doc2, DocumentMeta{"", "", "", ""}, 7);

  NodeData rutte;
  rutte.id = "person/mark-rutte";
  rutte.type = EntityType::PERSON;
  rutte.name = "Mark \"The\" Rutte\\";
  rutte.aliases = {"NATO Secretary General Mark Rutte", "Rutte"};
  rutte.mentions = {ev(doc1, 0, 10, "Mark Rutte"), ev(doc2, 5, 10, "Rutte")};
  const Vertex v_rutte = kg.upsert_node(rutte);

  NodeData nato;
  nato.id = "org/nato";
  nato.type = EntityType::ORG;
  nato.name = "NATO";
  nato.mentions = {ev(doc1, 20, 24, "NATO")};
  const Vertex v_nato = kg.upsert_node(nato);

  NodeData evil;
  evil.id = "person/x\"y <z> {w} \\ '}) DETACH DELETE n //";
  evil.type = EntityType::PERSON;
  evil.name = "'}) DETACH DELETE n //";
  evil.aliases = {"</script><script>alert(1)</script>", "]]; --", "`backtick` $x {{y}}"};
  evil.mentions = {ev(doc1, 30, 52, "'}) DETACH DELETE n //")};
  const Vertex v_evil = kg.upsert_node(evil);

  NodeData misr;
  misr.id = "gpe/\xD9\x85\xD8\xB5\xD8\xB1";
  misr.type = EntityType::GPE;
  misr.name = "\xD9\x85\xD8\xB5\xD8\xB1 \xF0\x9F\x87\xAA\xF0\x9F\x87\xAC \xE2\x80\x8F(Egypt)";
  misr.mentions = {ev(doc2, 0, 4, "\xD9\x85\xD8\xB5\xD8\xB1")};
  const Vertex v_misr = kg.upsert_node(misr);

  NodeData ctl;
  ctl.id = "misc/ctl";
  ctl.type = EntityType::MISC;
  ctl.name = kNulCtl;
  ctl.mentions = {ev(doc2, 11, 32, kNulCtl)};
  const Vertex v_ctl = kg.upsert_node(ctl);

  NodeData date;
  date.id = "date/2025-01-13";
  date.type = EntityType::DATE;
  date.name = "13 January 2025";
  date.normalized = "2025-01-13";
  date.mentions = {ev(doc1, 60, 75, "13 January 2025")};
  const Vertex v_date = kg.upsert_node(date);

  NodeData quote;
  quote.kind = NodeKind::Quotation;
  quote.id = make_quote_id(doc1, Span{100, 260});
  quote.name = kHostileQuote;
  quote.text = kHostileQuote;
  quote.cue = "noted";
  quote.quote_kind = QuoteKind::Block;
  quote.date = "2025-01-13";
  quote.mentions = {ev(doc1, 100, 260, kHostileQuote)};
  const Vertex v_quote = kg.upsert_node(quote);

  NodeData quote2;
  quote2.kind = NodeKind::Quotation;
  quote2.id = make_quote_id(doc2, Span{40, 52});
  quote2.name = "We will win.";
  quote2.text = "We will win.";
  quote2.cue = "said";
  quote2.quote_kind = QuoteKind::Direct;
  quote2.mentions = {ev(doc2, 40, 52, "We will win.")};
  const Vertex v_quote2 = kg.upsert_node(quote2);

  EdgeData said;
  said.predicate = "said";
  said.lemma = "note";
  said.evidence = {ev(doc1, 90, 95, "noted")};
  kg.upsert_edge(v_rutte, v_quote, said);

  EdgeData said2;
  said2.predicate = "said";
  said2.lemma = "say";
  said2.evidence = {ev(doc2, 54, 58, "said")};
  kg.upsert_edge(v_evil, v_quote2, said2);

  EdgeData about;
  about.predicate = "about";
  about.evidence = {ev(doc1, 100, 260, kHostileQuote)};
  kg.upsert_edge(v_quote, v_nato, about);
  kg.upsert_edge(v_quote, v_misr, about);

  EdgeData role;
  role.predicate = "holdsPosition";
  role.role = "Secretary \"General\" \\ </script>";
  role.confidence = 0.9;
  role.evidence = {ev(doc1, 0, 40, "NATO Secretary General Mark Rutte said\n\t"),
                   ev(doc2, 0, 12, "Rutte of NATO")};
  kg.upsert_edge(v_rutte, v_nato, role);

  EdgeData met;
  met.predicate = "relatedTo";
  met.lemma = "meet";
  met.confidence = 0.4;
  met.evidence = {ev(doc2, 11, 32, kNulCtl)};
  kg.upsert_edge(v_evil, v_ctl, met);

  EdgeData located;
  located.predicate = "locatedIn";
  located.evidence = {ev(doc2, 0, 20, "\xD9\x85\xD8\xB5\xD8\xB1 \xF0\x9F\x98\x80")};
  kg.upsert_edge(v_nato, v_misr, located);

  EdgeData when;
  when.predicate = "dateOf";
  when.evidence = {ev(doc1, 60, 75, "13 January 2025")};
  kg.upsert_edge(v_quote2, v_date, when);
  return kg;
}

}  // namespace newsgraph::testing
