#include "export/jsonld.hpp"

#include <rapidjson/document.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <vector>

#include <boost/range/iterator_range.hpp>

#include "graph/error.hpp"
#include "tests/export/hostile_graph.hpp"

using namespace newsgraph;

namespace {

std::string jsonld_of(const KnowledgeGraph& kg, const JsonLdOptions& o = {}) {
  std::ostringstream out;
  write_jsonld(kg, out, o);
  return out.str();
}

KnowledgeGraph read(const std::string& text, const std::string& name = "in.jsonld") {
  std::istringstream in(text);
  return read_jsonld(in, name);
}

const rapidjson::Value* find_node(const rapidjson::Document& d, const std::string& id) {
  for (const auto& n : d["@graph"].GetArray())
    if (n["@id"].GetString() == id) return &n;
  return nullptr;
}

}  // namespace

TEST_CASE("iri_escape_path: ids stay beneath the base") {
  CHECK(iri_escape_path("person/mark-rutte") == "person/mark-rutte");
  CHECK(iri_escape_path("person/x\"y z") == "person/x%22y%20z");
  CHECK(iri_escape_path("a:b") == "a%3Ab");  // never a scheme
  CHECK(iri_escape_path("/abs") == "%2Fabs");
  CHECK(iri_escape_path("x/../y") == "x/%2E%2E/y");
  CHECK(iri_escape_path("x/./y") == "x/%2E/y");
  CHECK(iri_escape_path("50%") == "50%25");
  CHECK(iri_escape_path("\xD9\x85") == "%D9%85");
  CHECK(iri_escape_path("") == "");
  bool ok = false;
  for (std::string s : {"person/x\"y z", "/abs", "x/../y", "50%", "a%2"}) {
    CHECK(iri_unescape(iri_escape_path(s), ok) == s);
    CHECK(ok);
  }
  iri_unescape("bad%2", ok);
  CHECK_FALSE(ok);
  iri_unescape("bad%zz", ok);
  CHECK_FALSE(ok);
}

TEST_CASE("write_jsonld: schema.org shape, valid JSON with hostile strings") {
  const KnowledgeGraph kg = testing::hostile_graph();
  const std::string text = jsonld_of(kg);
  CHECK(text == jsonld_of(testing::hostile_graph()));
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  REQUIRE_FALSE(d.HasParseError());
  const auto& ctx = d["@context"];
  CHECK(std::string(ctx["@base"].GetString()) == "https://newsgraph.dev/id/");
  CHECK(std::string(ctx["@vocab"].GetString()) == "http://schema.org/");
  CHECK(std::string(ctx["ng"].GetString()) == "https://newsgraph.dev/ns#");
  CHECK(ctx["@version"].GetDouble() == 1.1);

  const auto* rutte = find_node(d, "person/mark-rutte");
  REQUIRE(rutte);
  CHECK(std::string((*rutte)["@type"].GetString()) == "Person");
  CHECK(std::string((*rutte)["name"].GetString()) == "Mark \"The\" Rutte\\");
  CHECK((*rutte)["alternateName"].Size() == 2);
  const auto& role = (*rutte)["ng:holdsPosition"][0];
  CHECK(std::string(role["@type"].GetString()) == "Role");
  CHECK(std::string(role["roleName"].GetString()) == "Secretary \"General\" \\ </script>");
  CHECK(std::string(role["ng:holdsPosition"]["@id"].GetString()) == "org/nato");
  CHECK(role["ng:evidence"].Size() == 2);
  CHECK(role["ng:evidence"][0]["ng:start"].GetUint() == 0);

  const auto* article = find_node(d, "doc/plain-doc");
  REQUIRE(article);
  CHECK(std::string((*article)["@type"].GetString()) == "NewsArticle");

  const std::string qid = iri_escape_path(make_quote_id("doc \"1\" \\ </script>", Span{100, 260}));
  const auto* quote = find_node(d, qid);
  REQUIRE(quote);
  CHECK(std::string((*quote)["@type"].GetString()) == "Quotation");
  CHECK(std::string((*quote)["text"].GetString(), (*quote)["text"].GetStringLength()) == testing::kHostileQuote);
  CHECK(std::string((*quote)["spokenByCharacter"][0]["@id"].GetString()) == "person/mark-rutte");
  CHECK((*quote)["about"].Size() == 2);
  CHECK(std::string((*quote)["isPartOf"][0]["@id"].GetString()) == "doc/" + iri_escape_path("doc \"1\" \\ </script>"));
  CHECK(std::string((*quote)["dateCreated"].GetString()) == "2025-01-13");

  const auto* ctl = find_node(d, "misc/ctl");
  REQUIRE(ctl);
  CHECK(std::string((*ctl)["name"].GetString(), (*ctl)["name"].GetStringLength()) == testing::kNulCtl);
  CHECK(text.find("\\u0000") != std::string::npos);
}

TEST_CASE("read_jsonld: read then write is byte-identical, in every variant") {
  const KnowledgeGraph kg = testing::hostile_graph();
  JsonLdOptions compact;
  compact.pretty = false;
  JsonLdOptions by_ref;
  by_ref.context_url = std::string(kDefaultContextUrl);
  by_ref.base = "http://example.org/kg/";
  for (const JsonLdOptions& o : {JsonLdOptions{}, compact, by_ref}) {
    const std::string first = jsonld_of(kg, o);
    const KnowledgeGraph back = read(first);
    CHECK(jsonld_of(back, o) == first);
    CHECK(boost::num_vertices(back.graph()) == boost::num_vertices(kg.graph()));
    CHECK(boost::num_edges(back.graph()) == boost::num_edges(kg.graph()));
    CHECK(back.documents().size() == kg.documents().size());
  }
  // Field by field: the NUL-bearing name, the quote, the evidence.
  const KnowledgeGraph back = read(jsonld_of(kg));
  const auto v = back.find("misc/ctl");
  REQUIRE(v);
  CHECK(back.graph()[*v].name == testing::kNulCtl);
  const auto evil = back.find("person/x\"y <z> {w} \\ '}) DETACH DELETE n //");
  REQUIRE(evil);
  CHECK(back.graph()[*evil].aliases.size() == 3);
  const auto q = back.find(make_quote_id("doc \"1\" \\ </script>", Span{100, 260}));
  REQUIRE(q);
  CHECK(back.graph()[*q].text == testing::kHostileQuote);
  CHECK(back.graph()[*q].quote_kind == QuoteKind::Block);
  CHECK(back.documents().at("doc \"1\" \\ </script>").text_hash == 42);

  // An empty graph round-trips too.
  KnowledgeGraph empty;
  CHECK(jsonld_of(read(jsonld_of(empty))) == jsonld_of(empty));
}

TEST_CASE("read_jsonld: merging a re-read graph changes nothing") {
  const KnowledgeGraph kg = testing::hostile_graph();
  KnowledgeGraph merged = read(jsonld_of(kg));
  merged.merge(kg);
  CHECK(jsonld_of(merged) == jsonld_of(kg));
}

TEST_CASE("read_jsonld: errors name the file and the byte offset") {
  try {
    read("{\"@graph\": [ {\"@id\": \"a\",, } ]}", "bad.jsonld");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    CHECK(e.where().file == "bad.jsonld");
    REQUIRE(e.where().byte.has_value());
    CHECK(*e.where().byte == 25);  // the second comma
    CHECK(std::string(e.what()).find("bad.jsonld") != std::string::npos);
  }
  // Semantic errors point at the @graph item that holds them.
  const std::string doc = "{\"@graph\": [\n {\"@id\": \"org/a\", \"@type\": \"Organization\", \"ng:entityType\": \"ORG\", "
                          "\"name\": \"A\"},\n {\"@id\": \"person/b\", \"name\": \"B\", \"ng:entityType\": \"ALIEN\"}]}";
  try {
    read(doc, "sem.jsonld");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    REQUIRE(e.where().byte.has_value());
    CHECK(doc[*e.where().byte] == '{');
    CHECK(doc.substr(*e.where().byte, 18) == "{\"@id\": \"person/b\"");
    CHECK(e.message().find("ALIEN") != std::string::npos);
  }
  CHECK_THROWS_AS(read("[1, 2]"), Error);
  CHECK_THROWS_AS(read("{\"@context\": {}}"), Error);
  CHECK_THROWS_AS(read("{\"@graph\": [\"x\"]}"), Error);
  CHECK_THROWS_AS(read("{\"@graph\": [{\"@id\": \"a\", \"@type\": \"Quotation\", \"text\": \"t\", "
                       "\"ng:said\": [{\"ng:said\": {\"@id\": \"nowhere\"}}]}]}"),
                  Error);
  CHECK_THROWS_AS(read(std::string("{\"@graph\": [\"\xC3\"]}")), Error);  // invalid UTF-8
  CHECK_THROWS_AS(read(""), Error);
}

TEST_CASE("read_jsonld: numbers are converted exactly, and out-of-range ones are refused") {
  const std::string text = jsonld_of(testing::hostile_graph());
  const std::string key = "\"ng:confidence\": 0.9";
  const auto at = text.find(key);
  REQUIRE(at != std::string::npos);
  auto with_confidence = [&](const std::string& literal) {
    std::string t = text;
    t.replace(at + key.size() - 3, 3, literal);
    return t;
  };
  auto confidences = [](const KnowledgeGraph& kg) {
    std::vector<double> c;
    for (auto e : boost::make_iterator_range(boost::edges(kg.graph()))) c.push_back(kg.graph()[e].confidence);
    return c;
  };
  // A fuzzer found "0e207" drove RapidJSON's own full-precision strtod into undefined
  // behaviour; it is plain zero.
  auto c = confidences(read(with_confidence("0e207")));
  CHECK(std::count(c.begin(), c.end(), 0.0) == 1);
  // Correct rounding: the shortest form of 0.1 + 0.2 reads back as that very double.
  c = confidences(read(with_confidence("0.30000000000000004")));
  CHECK(std::count(c.begin(), c.end(), 0.1 + 0.2) == 1);
  CHECK(std::count(c.begin(), c.end(), 0.3) == 0);
  c = confidences(read(with_confidence("1e-400")));  // underflow: zero, as in JSON parsers
  CHECK(std::count(c.begin(), c.end(), 0.0) == 1);
  c = confidences(read(with_confidence("3E-1")));
  CHECK(std::count(c.begin(), c.end(), 0.3) == 1);
  // Beyond double range: an error at the literal, not infinity. (RapidJSON's own
  // scanner refuses exponents past 308 before the digits reach us.)
  const std::string huge = with_confidence("1e400");
  try {
    read(huge, "huge.jsonld");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    INFO(e.what());
    CHECK(std::string(e.what()).find("too big") != std::string::npos);
    REQUIRE(e.where().byte.has_value());
    CHECK(*e.where().byte >= at);
    CHECK(*e.where().byte <= at + key.size() + 3);
  }
}

TEST_CASE("read_jsonld: a percent-encoded id must decode to UTF-8") {
  bool ok = true;
  CHECK(iri_unescape("doc/s%C3%A9", ok) == "doc/s\xC3\xA9");
  CHECK(ok);
  // A fuzzer finding: "%ED" alone decoded to a lone byte, which the writer then
  // re-encoded as U+FFFD, so a load-save-load cycle changed the graph.
  CHECK(iri_unescape("doc/s%ED", ok).empty());
  CHECK_FALSE(ok);
  std::string text = jsonld_of(testing::hostile_graph());
  const std::string doc_key = "\"@id\": \"doc/";
  const auto at = text.find(doc_key);
  REQUIRE(at != std::string::npos);
  text.insert(at + doc_key.size(), "%ED");
  try {
    read(text, "bad-id.jsonld");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    CHECK(std::string(e.what()).find("not UTF-8") != std::string::npos);
  }
}

TEST_CASE("write_jsonld: base must be hierarchical and end in '/'") {
  KnowledgeGraph kg;
  JsonLdOptions o;
  o.base = "urn:newsgraph:";
  CHECK_THROWS_AS(jsonld_of(kg, o), Error);
  o.base = "https://example.org/kg";
  CHECK_THROWS_AS(jsonld_of(kg, o), Error);
  o.base = "https://example.org/k g/";
  CHECK_THROWS_AS(jsonld_of(kg, o), Error);
  o.base = "https://example.org/kg/";
  CHECK_NOTHROW(jsonld_of(kg, o));
  std::ostringstream ctx;
  write_jsonld_context(ctx);
  CHECK(ctx.str().find("\"ng\": \"https://newsgraph.dev/ns#\"") != std::string::npos);
  CHECK(ctx.str().find("@base") == std::string::npos);
}
