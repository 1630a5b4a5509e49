#include "export/rdf.hpp"

#include <doctest/doctest.h>

#include <sstream>

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
  CHECK(ttl.find("rdf:type schema:Quotation") != std::string::npos);

  RdfOptions o;
  o.base = "http://example.org/kg/";
  CHECK(rdf_of(kg, RdfSyntax::NTriples, o).find("<http://example.org/kg/person/mark-rutte>") != std::string::npos);
  o.base = "not a base";
  CHECK_THROWS_AS(rdf_of(kg, RdfSyntax::NTriples, o), Error);
  CHECK(parse_rdf_syntax("turtle") == RdfSyntax::Turtle);
  CHECK_FALSE(parse_rdf_syntax("rdfxml").has_value());
  CHECK(rdf_of(KnowledgeGraph{}, RdfSyntax::NQuads).empty());
}
