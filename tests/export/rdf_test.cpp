#include "export/rdf.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "export/jsonld.hpp"

#include "graph/error.hpp"
#include "tests/export/hostile_graph.hpp"

using namespace newsgraph;

namespace {
std::string rdf_of(const KnowledgeGraph& kg, RdfSyntax s, const RdfOptions& o = {}) {
  std::ostringstream out;
  write_rdf(kg, out, s, o);
  return out.str();
}
std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }
}  // namespace

TEST_CASE("xsd_double: JSON-LD's canonical doubles") {
  CHECK(xsd_double(0.9) == "9.0E-1");
  CHECK(xsd_double(1.0) == "1.0E0");
  CHECK(xsd_double(0.4) == "4.0E-1");
  CHECK(xsd_double(1.5) == "1.5E0");
  CHECK(xsd_double(0.0) == "0.0E0");
  CHECK(xsd_double(-2.5e-7) == "-2.5E-7");
  CHECK(xsd_double(123456.789) == "1.23456789E5");
  CHECK(xsd_double(0.1 + 0.2) == "3.0E-1");  // 0.30000000000000004 has 17 digits; JS rounds to 16 too
}

TEST_CASE("write_rdf: N-Triples, N-Quads and Turtle carry the same statements") {
  const KnowledgeGraph kg = testing::hostile_graph();
  const std::string nt = rdf_of(kg, RdfSyntax::NTriples);
  const std::string nq = rdf_of(kg, RdfSyntax::NQuads);
  const std::string ttl = rdf_of(kg, RdfSyntax::Turtle);
  CHECK(nt == rdf_of(testing::hostile_graph(), RdfSyntax::NTriples));
  CHECK(lines(nt) > 150);
  CHECK(lines(nq) >= lines(nt));  // a statement backed by two articles is in both graphs
  // Every N-Triples line is an N-Quads line with the graph removed.
  std::istringstream in(nt);
  std::string line;
  std::size_t found = 0, total = 0;
  while (std::getline(in, line)) {
    ++total;
    const std::string stem = line.substr(0, line.size() - 2);  // drop " ."
    if (nq.find(stem + " <") != std::string::npos || nq.find(stem + " .") != std::string::npos) ++found;
  }
  CHECK(found == total);
  // Hostile literals are escaped, never raw.
  CHECK(nt.find("\"nul\\u0000ctl\\u0001\\u001F\\u007F|tab\\there\"") != std::string::npos);
  CHECK(nt.find("schema.org/name> \"Mark \\\"The\\\" Rutte\\\\\" .") != std::string::npos);
  CHECK(nt.find("\"9.0E-1\"^^<http://www.w3.org/2001/XMLSchema#double>") != std::string::npos);
  // N-Quads: the quotation lives in its article's graph.
  CHECK(nq.find("<http://schema.org/Quotation> <https://newsgraph.dev/id/doc/plain-doc> .") != std::string::npos);
  CHECK(ttl.rfind("@prefix rdf:", 0) == 0);
  CHECK(ttl.find("a schema:Quotation") != std::string::npos);
  // serd's Turtle: short strings only (no raw tab/CR inside """..."""), abbreviations.
  CHECK(ttl.find("\"\"\"") == std::string::npos);
  CHECK(ttl.find("schema:name \"Mark \\\"The\\\" Rutte\\\\\" ;") != std::string::npos);
  CHECK(ttl.find("ng:confidence \"9.0E-1\"^^xsd:double") != std::string::npos);

  RdfOptions o;
  o.base = "http://example.org/kg/";
  CHECK(rdf_of(kg, RdfSyntax::NTriples, o).find("<http://example.org/kg/person/mark-rutte>") != std::string::npos);
  o.base = "not a base";
  CHECK_THROWS_AS(rdf_of(kg, RdfSyntax::NTriples, o), Error);
  CHECK(parse_rdf_syntax("turtle") == RdfSyntax::Turtle);
  CHECK_FALSE(parse_rdf_syntax("rdfxml").has_value());
  CHECK(rdf_of(KnowledgeGraph{}, RdfSyntax::NQuads).empty());
}

TEST_CASE("write_rdf: IRIs stay valid however hostile the id; serd's escapes") {
  const KnowledgeGraph kg = testing::hostile_graph();
  for (auto syntax : {RdfSyntax::NTriples, RdfSyntax::NQuads, RdfSyntax::Turtle}) {
    const std::string out = rdf_of(kg, syntax);
    // Inside every <...> no quote, space, backslash or \u escape: serd would write a
    // forbidden character as \u0022, which parsers reject in an IRI.
    for (std::size_t i = out.find('<'); i != std::string::npos; i = out.find('<', i + 1)) {
      if (i > 0 && out[i - 1] != ' ' && out[i - 1] != '\n' && out[i - 1] != '\t' && out[i - 1] != '^') continue;
      const std::size_t end = out.find('>', i);
      REQUIRE(end != std::string::npos);
      const std::string iri = out.substr(i + 1, end - i - 1);
      CHECK_MESSAGE(iri.find_first_of("\"\\ {}|^`<") == std::string::npos, iri);
    }
  }
  const std::string nt = rdf_of(kg, RdfSyntax::NTriples);
  CHECK(nt.find("<https://newsgraph.dev/id/person/x%22y%20%3Cz%3E%20%7Bw%7D%20%5C%20%27%7D%29%20DETACH%20DELETE%20n%20//>") !=
        std::string::npos);
  // Emoji and right-to-left text stay UTF-8; the quotation's hostile text is escaped.
  CHECK(nt.find("\"\xD9\x85\xD8\xB5\xD8\xB1 \xF0\x9F\x87\xAA\xF0\x9F\x87\xAC \xE2\x80\x8F(Egypt)\"") != std::string::npos);
  CHECK(nt.find("He said \\\"no\\\" \\\\n \\\\l \\\\N and \\\\\\\\ \\ttab\\nnewline </script>") != std::string::npos);
  CHECK(nt.find("end\\\\\" ") != std::string::npos);
  // Every line is one statement: no raw newline, tab or control inside a term.
  for (char c : nt) CHECK_FALSE((static_cast<unsigned char>(c) < 0x20 && c != '\n'));
}

TEST_CASE("write_rdf: invalid UTF-8 becomes U+FFFD; a failing stream is Error(Io)") {
  KnowledgeGraph kg;
  kg.add_document("d", DocumentMeta{"bad \xC3 byte", "", "", ""}, 1);
  NodeData n;
  n.id = "person/bad";
  n.type = EntityType::PERSON;
  n.name = "caf\xE9";
  n.mentions = {Evidence{"d", Span{0, 4}, "caf\xE9"}};
  kg.upsert_node(n);
  const std::string nq = rdf_of(kg, RdfSyntax::NQuads);
  CHECK(nq.find("\"caf\xEF\xBF\xBD\"") != std::string::npos);
  CHECK(nq.find("\"bad \xEF\xBF\xBD byte\"") != std::string::npos);

  std::ostringstream broken;
  broken.setstate(std::ios::badbit);
  try {
    write_rdf(testing::hostile_graph(), broken, RdfSyntax::Turtle);
    FAIL("no exception");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Io);
  }
}

namespace {
// A graph whose relations are inserted out of canonical order: several predicates,
// roles, lemmas and targets per source, added in reverse.
KnowledgeGraph shuffled_graph(std::size_t sources, std::size_t evidence_chars) {
  KnowledgeGraph kg;
  kg.add_document("d1", DocumentMeta{"One", "", "", ""}, 1);
  kg.add_document("d2", DocumentMeta{"Two", "", "", ""}, 2);
  std::vector<Vertex> v;
  for (std::size_t i = 0; i < sources + 4; ++i) {
    NodeData n;
    n.type = EntityType::ORG;
    n.name = "Org " + std::to_string(i);
    n.id = make_entity_id(n.type, n.name);
    n.mentions = {Evidence{i % 2 ? "d1" : "d2", Span{0, 3}, "Org"}};
    v.push_back(kg.upsert_node(n));
  }
  const char* predicates[] = {"relatedTo", "holdsPosition", "locatedIn"};
  for (std::size_t s = sources; s-- > 0;)
    for (std::size_t k = 12; k-- > 0;) {
      EdgeData e;
      e.predicate = predicates[k % 3];
      if (k % 4 == 1) e.role = "Chair";
      if (k % 5 == 2) e.lemma = "meet";
      e.confidence = 0.5;
      e.evidence = {Evidence{k % 2 ? "d1" : "d2", Span{static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k + 9)},
                             std::string(evidence_chars, static_cast<char>('a' + k))}};
      kg.upsert_edge(v[s], v[(s + 1 + k % 4) % v.size()], e);
    }
  return kg;
}
}  // namespace

TEST_CASE("write_rdf: role nodes are numbered in KnowledgeGraph::sorted_edges() order") {
  const KnowledgeGraph kg = shuffled_graph(5, 10);
  const Graph& g = kg.graph();
  const std::string nt = rdf_of(kg, RdfSyntax::NTriples);
  const std::string base = RdfOptions{}.base;
  const std::vector<Edge> edges = kg.sorted_edges();
  REQUIRE(edges.size() > 40);
  for (std::size_t j = 0; j < edges.size(); ++j) {
    const std::string role = "_:r" + std::to_string(j);
    const std::string source = "<" + base + iri_escape_path(g[boost::source(edges[j], g)].id) + ">";
    const std::string target = "<" + base + iri_escape_path(g[boost::target(edges[j], g)].id) + ">";
    // The source links to the role node, the role node to the target.
    const std::size_t link = nt.find("\n" + source + " ");
    CHECK(link != std::string::npos);
    CHECK_MESSAGE(nt.find("> " + role + " .\n") != std::string::npos, role);
    const std::size_t line = nt.find("\n" + role + " <");
    REQUIRE(line != std::string::npos);
    bool found = false;
    for (std::size_t at = line; at != std::string::npos && !found; at = nt.find("\n" + role + " <", at + 1)) {
      const std::size_t eol = nt.find('\n', at + 1);
      found = nt.compare(eol - target.size() - 2, target.size() + 2, target + " .") == 0;
    }
    CHECK_MESSAGE(found, role << " should point at " << target);
    // And that link comes from this edge's source.
    const std::size_t from = nt.rfind('\n', nt.find("> " + role + " .\n"));
    CHECK(nt.compare(from + 1, source.size(), source) == 0);
  }
}

TEST_CASE("write_rdf: output beyond the 1 MiB write buffer arrives whole") {
  const KnowledgeGraph kg = shuffled_graph(120, 2000);
  for (auto syntax : {RdfSyntax::NTriples, RdfSyntax::NQuads}) {
    const std::string out = rdf_of(kg, syntax);
    REQUIRE(out.size() > (std::size_t{3} << 20));
    std::istringstream in(out);
    std::string line;
    std::size_t roles = 0;
    while (std::getline(in, line)) {
      REQUIRE(line.size() > 2);
      CHECK(line.compare(line.size() - 2, 2, " .") == 0);
      roles += line.find("<http://schema.org/Role>") != std::string::npos;
    }
    CHECK(roles == boost::num_edges(kg.graph()));
  }
}

namespace {
// A graph without documents: the Turtle output then has no statement before the
// first vertex's (chunk 0's writer must still end with serd's blank line); its
// evidence names documents anyway, which the writer must name alike in every chunk.
KnowledgeGraph undocumented_graph() {
  KnowledgeGraph kg;
  std::vector<Vertex> v;
  for (std::size_t i = 0; i < 30; ++i) {
    NodeData n;
    n.type = i % 2 ? EntityType::PERSON : EntityType::NORP;
    n.name = "Name \"" + std::to_string(i) + "\"\n";
    n.id = make_entity_id(n.type, n.name);
    // Evidence may name documents the graph does not list.
    if (i % 3 == 0) n.mentions = {Evidence{"unlisted \"doc\" " + std::to_string(i % 2), Span{0, 4}, "Name"}};
    v.push_back(kg.upsert_node(n));
  }
  for (std::size_t i = 0; i + 1 < v.size(); ++i) {
    EdgeData e;
    e.predicate = i % 5 ? "relatedTo" : "memberOf";
    e.confidence = 0.25 * static_cast<double>(i % 4);
    if (i % 2) e.evidence = {Evidence{"unlisted \"doc\" " + std::to_string(i % 3), Span{1, 2}, "x"}};
    kg.upsert_edge(v[i], v[i + 1], e);
  }
  return kg;
}

// A stream whose device accepts `limit` bytes and then fails.
class FailingBuf : public std::streambuf {
 public:
  explicit FailingBuf(std::size_t limit) : limit_(limit) {}
  std::size_t accepted = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    const auto want = static_cast<std::size_t>(n);
    if (accepted + want > limit_) return 0;
    accepted += want;
    return n;
  }
  int_type overflow(int_type c) override {
    if (accepted + 1 > limit_) return traits_type::eof();
    ++accepted;
    return traits_type::not_eof(c);
  }

 private:
  std::size_t limit_;
};
}  // namespace

TEST_CASE("write_rdf: the bytes do not depend on the thread count") {
  // With threads = 1 these small graphs are one chunk, i.e. one serd writer: the
  // reference. More threads cut them into several chunks each, whose concatenation
  // must be the same bytes (Turtle's separators between subjects included).
  const std::vector<KnowledgeGraph> graphs = [] {
    std::vector<KnowledgeGraph> g;
    g.push_back(testing::hostile_graph());
    g.push_back(shuffled_graph(40, 30));
    g.push_back(undocumented_graph());
    g.push_back(KnowledgeGraph{});
    return g;
  }();
  for (const KnowledgeGraph& kg : graphs)
    for (auto syntax : {RdfSyntax::NTriples, RdfSyntax::NQuads, RdfSyntax::Turtle}) {
      RdfOptions one;
      one.threads = 1;
      const std::string reference = rdf_of(kg, syntax, one);
      CHECK(reference == rdf_of(kg, syntax));  // automatic: a small graph stays on the caller
      for (std::size_t threads : {2, 3, 7}) {
        RdfOptions many;
        many.threads = threads;
        CHECK_MESSAGE(rdf_of(kg, syntax, many) == reference, to_string(syntax) << " with " << threads << " threads");
      }
    }
  // The Turtle of a graph without documents: prefixes, one blank line, the first subject.
  const std::string ttl = rdf_of(undocumented_graph(), RdfSyntax::Turtle);
  CHECK(ttl.find("ng: <https://newsgraph.dev/ns#> .\n\n<https://newsgraph.dev/id/") != std::string::npos);
  CHECK(ttl.find(" .\n\n\n") == std::string::npos);
  CHECK(ttl.compare(ttl.size() - 4, 4, " .\n\n") == 0);
}

TEST_CASE("write_rdf: a stream failing mid-way stops every worker with Error(Io)") {
  const KnowledgeGraph kg = shuffled_graph(120, 2000);
  for (std::size_t threads : {1, 4}) {
    FailingBuf buf(std::size_t{1} << 20);
    std::ostream out(&buf);
    RdfOptions o;
    o.threads = threads;
    try {
      write_rdf(kg, out, RdfSyntax::NQuads, o);
      FAIL("no exception");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Io);
    }
    CHECK(buf.accepted <= (std::size_t{1} << 20));
  }
}

TEST_CASE("write_rdf: a worker's failure reaches the caller as the same Error") {
  // A non-finite confidence has no xsd:double form: xsd_double() throws inside the
  // chunk of the vertex that holds the relation, on whichever thread writes it.
  KnowledgeGraph kg = shuffled_graph(40, 30);
  const std::vector<Vertex> order = kg.sorted_vertices();
  EdgeData bad;
  bad.predicate = "relatedTo";
  bad.lemma = "nan";
  bad.confidence = std::numeric_limits<double>::quiet_NaN();
  kg.upsert_edge(order[order.size() / 2], order.back(), bad);
  for (std::size_t threads : {1, 3}) {
    RdfOptions o;
    o.threads = threads;
    std::ostringstream out;
    try {
      write_rdf(kg, out, RdfSyntax::NQuads, o);
      FAIL("no exception");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Internal);
      CHECK(std::string(e.what()).find("non-finite") != std::string::npos);
    }
  }
}
