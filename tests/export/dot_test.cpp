#include "export/dot.hpp"

#include <graphviz/cgraph.h>
#include <doctest/doctest.h>
#include <malloc.h>

#include <algorithm>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "graph/error.hpp"
#include "tests/export/hostile_graph.hpp"

using namespace newsgraph;

namespace {

std::string dot_of(const KnowledgeGraph& kg, const DotOptions& o = {}) {
  std::ostringstream out;
  write_dot(kg, out, o);
  return out.str();
}

struct Parsed {
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> g{nullptr, agclose};
  std::set<std::string> nodes;  // without legend entries
  std::size_t edges = 0;
};

Parsed parse(const std::string& dot) {
  Parsed p;
  p.g.reset(agmemread(dot.c_str()));
  REQUIRE(p.g != nullptr);
  for (Agnode_t* n = agfstnode(p.g.get()); n; n = agnxtnode(p.g.get(), n)) {
    std::string name = agnameof(n);
    if (name.rfind("legend:", 0) != 0) p.nodes.insert(name);
    for (Agedge_t* e = agfstout(p.g.get(), n); e; e = agnxtout(p.g.get(), e)) ++p.edges;
  }
  return p;
}

std::string attr(Agraph_t* g, const std::string& node, const char* name) {
  Agnode_t* n = agnode(g, const_cast<char*>(node.c_str()), 0);
  REQUIRE(n != nullptr);
  return agget(n, const_cast<char*>(name));
}

// Adds organisations "Org 0" .. "Org <n-1>"; returns their vertices in that order.
std::vector<Vertex> add_orgs(KnowledgeGraph& kg, int n) {
  std::vector<Vertex> v;
  for (int i = 0; i < n; ++i) {
    NodeData d;
    d.type = EntityType::ORG;
    d.name = "Org " + std::to_string(i);
    d.id = make_entity_id(d.type, d.name);
    v.push_back(kg.upsert_node(d));
  }
  return v;
}

// 30 organisations, each related to each other one by 36 lemmas: 31,320 edges whose
// evidence names their ends and lemma; some "about" (coloured), some at confidence 0.25
// (dotted), some with two pieces of evidence (wider). `v`: the organisations.
KnowledgeGraph many_edges(std::vector<Vertex>& v) {
  KnowledgeGraph kg;
  kg.add_document("d", DocumentMeta{"T", "", "", ""}, 1);
  v = add_orgs(kg, 30);
  const std::size_t lemmas = 36;
  for (std::size_t s = 0; s < v.size(); ++s)
    for (std::size_t t = 0; t < v.size(); ++t)
      for (std::size_t k = 0; k < lemmas && t != s; ++k) {
        EdgeData e;
        e.predicate = k % 7 == 3 ? "about" : "relatedTo";
        e.lemma = "m" + std::to_string(k);
        const std::string text = "ev " + std::to_string(s) + " " + std::to_string(t) + " " + e.lemma;
        e.evidence = {Evidence{"d", Span{0, 3}, text}};
        if (k % 5 == 0) e.evidence.push_back(Evidence{"d", Span{4, 9}, "second"});
        e.confidence = k % 3 == 0 ? 0.25 : 1.0;
        kg.upsert_edge(v[s], v[t], e);
      }
  return kg;
}

// A stream buffer that takes `limit` bytes, then fails every write.
class FailingBuf : public std::streambuf {
 public:
  explicit FailingBuf(std::size_t limit) : left_(limit) {}

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    const auto taken = std::min<std::streamsize>(n, static_cast<std::streamsize>(left_));
    left_ -= static_cast<std::size_t>(taken);
    return taken;
  }
  int_type overflow(int_type c) override {
    if (left_ == 0 || traits_type::eq_int_type(c, traits_type::eof())) return traits_type::eof();
    --left_;
    return c;
  }

 private:
  std::size_t left_;
};

const std::string& g_id(const KnowledgeGraph& kg, Vertex v) { return kg.graph()[v].id; }

}  // namespace

TEST_CASE("dot_escape_label: backslashes stay literal, controls become visible") {
  CHECK(dot_escape_label("a\\nb") == "a\\\\nb");
  CHECK(dot_escape_label("end\\") == "end\\\\");
  // Tooltips are unescaped twice by Graphviz: a backslash is four, a line break stays "\n".
  CHECK(dot_escape_tooltip("a\\Nb\nc") == "a\\\\\\\\Nb\\nc");
  CHECK(dot_escape_label("two\nlines") == "two\\nlines");
  CHECK(dot_escape_label("crlf\r\nx") == "crlf\\nx");
  CHECK(dot_escape_label(std::string("a\0b", 3)) == "a\xE2\x90\x80" "b");
  CHECK(dot_escape_label("\x7f") == "\xE2\x90\xA1");
  CHECK(dot_escape_label("bad \xC3 utf8") == "bad \xEF\xBF\xBD utf8");
  CHECK(dot_escape_label("<b>&\"quoted\"</b>") == "<b>&\"quoted\"</b>");  // cgraph quotes it
  CHECK(dot_escape_label("\xF0\x9F\x98\x80 \xD9\x85") == "\xF0\x9F\x98\x80 \xD9\x85");
}

TEST_CASE("write_dot: hostile names survive a cgraph round trip, deterministic") {
  const KnowledgeGraph kg = testing::hostile_graph();
  const std::string dot = dot_of(kg);
  CHECK(dot == dot_of(testing::hostile_graph()));
  CHECK(dot.find("0x") == std::string::npos);  // no pointers as names

  Parsed p = parse(dot);
  CHECK(p.nodes.size() == boost::num_vertices(kg.graph()));
  CHECK(p.edges == boost::num_edges(kg.graph()));
  CHECK(p.nodes.count("person/mark-rutte") == 1);
  CHECK(p.nodes.count("org/nato") == 1);
  CHECK(p.nodes.count("gpe/\xD9\x85\xD8\xB5\xD8\xB1") == 1);  // UTF-8 ids stay readable
  CHECK(p.nodes.count("~person/x%22y%20%3Cz%3E%20%7Bw%7D%20%5C%20%27%7D%29%20DETACH%20DELETE%20n%20//") == 1);
  CHECK(attr(p.g.get(), "person/mark-rutte", "label") == "Mark \"The\" Rutte\\\\");
  CHECK(attr(p.g.get(), "person/mark-rutte", "shape") == "ellipse");
  CHECK(attr(p.g.get(), "org/nato", "shape") == "box");
  CHECK(attr(p.g.get(), "misc/ctl", "label") == dot_escape_label(testing::kNulCtl));
  CHECK(std::string(agget(p.g.get(), const_cast<char*>("layout"))) == "dot");

  // The quotation: a note whose tooltip carries the whole quote and its source.
  std::string qname;
  for (const auto& n : p.nodes)
    if (n.rfind("~quote", 0) == 0)
      if (n.find("100-260") != std::string::npos) qname = n;
  REQUIRE_FALSE(qname.empty());
  CHECK(attr(p.g.get(), qname, "shape") == "note");
  const std::string tip = attr(p.g.get(), qname, "tooltip");
  CHECK(tip.find(dot_escape_tooltip(testing::kHostileQuote)) != std::string::npos);
  CHECK(tip.find("Title with") != std::string::npos);
  CHECK(tip.find("2025-01-13") != std::string::npos);

  // Edge labels: predicate, with the role for holdsPosition.
  Agnode_t* rutte = agnode(p.g.get(), const_cast<char*>("person/mark-rutte"), 0);
  std::set<std::string> labels;
  for (Agedge_t* e = agfstout(p.g.get(), rutte); e; e = agnxtout(p.g.get(), e))
    labels.insert(agget(e, const_cast<char*>("label")));
  CHECK(labels.count("holdsPosition (Secretary \"General\" \\\\ </script>)") == 1);
  CHECK(labels.count("said") == 1);

  // The legend cluster lists the types shown.
  Agraph_t* legend = agsubg(p.g.get(), const_cast<char*>("cluster_legend"), 0);
  REQUIRE(legend != nullptr);
  CHECK(agnnodes(legend) == 6);  // PERSON ORG GPE DATE MISC + quotation
}

TEST_CASE("write_dot: filters and options") {
  const KnowledgeGraph kg = testing::hostile_graph();
  DotOptions o;
  o.show_quotes = false;
  o.legend = false;
  Parsed p = parse(dot_of(kg, o));
  CHECK(p.nodes.size() == 6);
  for (const auto& n : p.nodes) CHECK(n.find("quote") == std::string::npos);

  o = {};
  o.types = {EntityType::PERSON};
  o.legend = false;
  p = parse(dot_of(kg, o));
  // Both persons, and the two quotations that touch them.
  CHECK(p.nodes.size() == 4);
  CHECK(p.nodes.count("org/nato") == 0);

  o = {};
  o.top = 1;
  o.show_quotes = false;
  o.legend = false;
  p = parse(dot_of(kg, o));
  REQUIRE(p.nodes.size() == 1);
  CHECK(*p.nodes.begin() == "org/nato");  // degree 3 without quotations: rutte, misr, (quote not passable)

  o = {};
  o.ego = "rutte";  // an alias, any case
  o.depth = 1;
  o.legend = false;
  o.show_quotes = false;
  p = parse(dot_of(kg, o));
  CHECK(p.nodes == std::set<std::string>{"person/mark-rutte", "org/nato"});
  o.depth = 2;
  p = parse(dot_of(kg, o));
  CHECK(p.nodes.size() == 3);  // + the GPE located from NATO
  CHECK(p.edges == 2);

  o.ego = "nobody at all";
  CHECK_THROWS_AS(dot_of(kg, o), Error);

  o = {};
  o.engine = LayoutEngine::Sfdp;
  p = parse(dot_of(kg, o));
  CHECK(std::string(agget(p.g.get(), const_cast<char*>("layout"))) == "sfdp");
  CHECK(parse_layout_engine("neato") == LayoutEngine::Neato);
  CHECK_FALSE(parse_layout_engine("circo").has_value());
  CHECK(parse_render_format("pdf") == RenderFormat::Pdf);
}

TEST_CASE("write_dot: an empty graph is valid DOT") {
  KnowledgeGraph kg;
  Parsed p = parse(dot_of(kg));
  CHECK(p.nodes.empty());
}

TEST_CASE("render: svg, png and pdf in-process, plugins found") {
  const KnowledgeGraph kg = testing::hostile_graph();
  std::ostringstream svg;
  render(kg, svg, RenderFormat::Svg);
  const std::string s = svg.str();
  CHECK(s.rfind("<?xml", 0) == 0);
  CHECK(s.find("</svg>") != std::string::npos);
  // The backslash at the end of the name is drawn literally, quotes are XML-escaped.
  CHECK(s.find("Mark &quot;The&quot; Rutte\\<") != std::string::npos);
  CHECK(s.find("<script>") == std::string::npos);

  std::ostringstream png;
  render(kg, png, RenderFormat::Png);
  CHECK(png.str().rfind("\x89PNG\r\n\x1a\n", 0) == 0);
  std::ostringstream pdf;
  render(kg, pdf, RenderFormat::Pdf);
  CHECK(pdf.str().rfind("%PDF-", 0) == 0);

  for (auto e : {LayoutEngine::Neato, LayoutEngine::Fdp, LayoutEngine::Sfdp}) {
    DotOptions o;
    o.engine = e;
    std::ostringstream out;
    render(kg, out, RenderFormat::Svg, o);
    CHECK(out.str().find("</svg>") != std::string::npos);
  }
}

TEST_CASE("write_dot: edges come in KnowledgeGraph::sorted_edges() order, also when added out of order") {
  KnowledgeGraph kg;
  kg.add_document("d", DocumentMeta{"T", "", "", ""}, 1);
  const std::vector<Vertex> v = add_orgs(kg, 9);
  const char* predicates[] = {"relatedTo", "holdsPosition", "locatedIn"};
  for (std::size_t s = v.size(); s-- > 0;)
    for (std::size_t k = 12; k-- > 0;) {
      EdgeData e;
      e.predicate = predicates[k % 3];
      if (k % 4 == 1) e.role = "Chair";
      if (k % 5 == 2) e.lemma = "meet";
      e.evidence = {Evidence{"d", Span{0, 3}, "Org"}};
      kg.upsert_edge(v[s], v[(s + 1 + k % 4) % v.size()], e);
    }
  const Graph& g = kg.graph();
  // cgraph keeps a node's out-edges by head (in node order, which is id order), then by
  // creation: so sorted_edges() order with the target id moved up, before the
  // predicate, role and lemma that decide between parallel edges.
  std::vector<Edge> edges = kg.sorted_edges();
  std::stable_sort(edges.begin(), edges.end(), [&](Edge a, Edge b) {
    return std::tie(g[boost::source(a, g)].id, g[boost::target(a, g)].id) <
           std::tie(g[boost::source(b, g)].id, g[boost::target(b, g)].id);
  });
  std::vector<std::string> expected;
  for (Edge e : edges)
    expected.push_back("\"" + g[boost::source(e, g)].id + "\" -> \"" + g[boost::target(e, g)].id + "\"" +
                       "\t[label=" + (g[e].role.empty() ? "" : "\"") + g[e].predicate +
                       (g[e].role.empty() ? "" : " (" + g[e].role + ")\""));
  REQUIRE(expected.size() == 9 * 12);
  // agwrite writes one edge per line: "tail" -> "head" and the label first.
  std::vector<std::string> got;
  std::istringstream in(dot_of(kg));
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t arrow = line.find(" -> ");
    if (arrow == std::string::npos) continue;
    const std::size_t start = line.find('"');
    got.push_back(line.substr(start, line.find(',', start) - start));
  }
  CHECK(got == expected);
}

TEST_CASE("write_dot: style and penwidth declared only when an edge shown uses them; long strings on one line") {
  // Three organisations; relations with one evidence each, at full confidence.
  KnowledgeGraph kg;
  kg.add_document("d", DocumentMeta{"Title", "2025-01-13", "https://example.org/d", ""}, 1);
  const std::vector<Vertex> v = add_orgs(kg, 3);
  const std::string long_text = "A sentence well over one hundred and twenty-eight characters long, so that a writer "
                                "breaking long lines would break it \\ somewhere in the middle.";
  EdgeData plain;
  plain.predicate = "memberOf";
  plain.evidence = {Evidence{"d", Span{0, 10}, long_text}};
  kg.upsert_edge(v[0], v[1], plain);

  std::string dot = dot_of(kg);
  CHECK(dot.find("penwidth") == std::string::npos);
  CHECK(dot.find("style=solid") == std::string::npos);
  CHECK(dot.find("\\\n") == std::string::npos);  // no backslash-newline continuation lines
  {
    Parsed p = parse(dot);
    Agnode_t* t = agnode(p.g.get(), const_cast<char*>(g_id(kg, v[0]).c_str()), 0);
    REQUIRE(t != nullptr);
    Agedge_t* e = agfstout(p.g.get(), t);
    REQUIRE(e != nullptr);
    // The tooltip reads back whole: label, source, then the evidence, escaped once more.
    CHECK(std::string(agget(e, const_cast<char*>("tooltip"))) ==
          dot_escape_tooltip("memberOf\nTitle (2025-01-13) https://example.org/d: " + long_text));
  }

  // An edge with two pieces of evidence, and one at low confidence: now both attributes
  // are declared with Graphviz's own defaults, and set on those edges only.
  EdgeData weak;
  weak.predicate = "locatedIn";
  weak.confidence = 0.3;
  weak.evidence = {Evidence{"d", Span{20, 30}, "Org 1 is in Org 2."}};
  kg.upsert_edge(v[1], v[2], weak);
  EdgeData twice = plain;
  twice.evidence.push_back(Evidence{"d", Span{40, 50}, "Again."});
  kg.upsert_edge(v[0], v[2], twice);
  dot = dot_of(kg);
  CHECK(dot == dot_of(kg));
  Parsed p = parse(dot);
  auto edge_attr = [&](Vertex s, Vertex t, const char* name) {
    Agnode_t* a = agnode(p.g.get(), const_cast<char*>(g_id(kg, s).c_str()), 0);
    Agnode_t* b = agnode(p.g.get(), const_cast<char*>(g_id(kg, t).c_str()), 0);
    REQUIRE(a != nullptr);
    REQUIRE(b != nullptr);
    Agedge_t* e = agedge(p.g.get(), a, b, nullptr, 0);
    REQUIRE(e != nullptr);
    return std::string(agget(e, const_cast<char*>(name)));
  };
  CHECK(edge_attr(v[0], v[1], "penwidth") == "1");
  CHECK(edge_attr(v[0], v[2], "penwidth") == "1.5");
  CHECK(edge_attr(v[0], v[1], "style") == "solid");
  CHECK(edge_attr(v[1], v[2], "style") == "dotted");
}

TEST_CASE("write_dot: the graph is freed completely, also the dictionaries cdt allocated itself") {
  // write_dot() closes cgraph's graph through agclose()'s whole-heap shortcut (the arena
  // discipline's close() frees all of cgraph's memory at once) and frees the dictionary
  // headers that cdt malloc()s outside the discipline. The heap in use is the same
  // before and after further calls. Warm-up calls first: Graphviz keeps an output
  // buffer for the process, and the allocator's per-thread caches (which mallinfo2()
  // counts as in use) must be in the state a call leaves them in, so nothing else runs
  // between the calls and the measurements. Under ASan mallinfo2() does not see the
  // sanitizer's heap; LeakSanitizer cannot check this either (tests/lsan.supp
  // suppresses libcdt.so).
  const KnowledgeGraph kg = testing::hostile_graph();
  DotOptions o;
  o.title = "Leak check";
  const std::string first = dot_of(kg, o);
  REQUIRE(first.find("subgraph cluster_legend") != std::string::npos);  // a subgraph's dictionaries too
  const auto in_use = [] {
    const struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
  };
  std::size_t same = 0;
  for (int i = 0; i < 2; ++i) same += dot_of(kg, o) == first;
  const std::size_t before = in_use();
  for (int i = 0; i < 3; ++i) same += dot_of(kg, o) == first;
  const std::size_t after = in_use();
  CHECK(same == 5);
  CHECK(after == before);
}

TEST_CASE("write_dot: tens of thousands of edges keep their own labels and tooltips, in order") {
  // More edges than the string thread's queue holds at once (it hands its strings over
  // in batches of a few thousand edges): every edge must still get its own label,
  // tooltip, colour, style and width, in the order of the test above.
  std::vector<Vertex> v;
  const KnowledgeGraph kg = many_edges(v);
  const std::size_t lemmas = 36;
  const Graph& g = kg.graph();
  REQUIRE(boost::num_edges(g) == 30 * 29 * lemmas);
  const std::string dot = dot_of(kg);
  CHECK(dot_of(kg) == dot);

  std::vector<Edge> edges(boost::edges(g).first, boost::edges(g).second);
  std::sort(edges.begin(), edges.end(), [&](Edge a, Edge b) {
    return std::tie(g[boost::source(a, g)].id, g[boost::target(a, g)].id, g[a].predicate, g[a].lemma) <
           std::tie(g[boost::source(b, g)].id, g[boost::target(b, g)].id, g[b].predicate, g[b].lemma);
  });
  std::vector<std::string> expected;
  for (Edge e : edges) {
    const std::string label = g[e].predicate + (g[e].predicate == "relatedTo" ? ": " + g[e].lemma : "");
    const std::string quote = label.find(' ') == std::string::npos ? "" : "\"";  // agwrite quotes as needed
    expected.push_back("\"" + g[boost::source(e, g)].id + "\" -> \"" + g[boost::target(e, g)].id + "\"\t[label=" +
                       quote + label + quote);
  }
  // Each edge statement: its ends, then its label wherever agwrite puts it among the
  // attributes (one a line, up to the closing "];"; no text here contains one).
  std::vector<std::string> got;
  for (std::size_t arrow = dot.find(" -> "); arrow != std::string::npos; arrow = dot.find(" -> ", arrow + 4)) {
    const std::size_t start = dot.rfind('\n', arrow) + 1;
    const std::size_t end = dot.find("];", arrow);
    const std::string statement = dot.substr(start, end - start);
    const std::size_t tail = statement.find('"');
    const std::size_t attrs = statement.find("\t[", tail);
    const std::size_t label = statement.find("label=", attrs);
    REQUIRE(label != std::string::npos);
    got.push_back(statement.substr(tail, attrs + 2 - tail) +
                  statement.substr(label, statement.find_first_of(",]", label) - label));
  }
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    if (got[i] != expected[i]) {
      CHECK(got[i] == expected[i]);
      break;
    }

  // Each edge's attributes belong to it: read back through cgraph.
  Parsed p = parse(dot);
  REQUIRE(p.edges == edges.size());
  std::size_t checked = 0;
  for (Agnode_t* n = agfstnode(p.g.get()); n; n = agnxtnode(p.g.get(), n))
    for (Agedge_t* e = agfstout(p.g.get(), n); e; e = agnxtout(p.g.get(), e)) {
      const std::string label = agget(e, const_cast<char*>("label"));
      const std::string tip = agget(e, const_cast<char*>("tooltip"));
      const std::string lemma = label.substr(label.rfind(' ') + 1);
      if (label.rfind("relatedTo: ", 0) != 0) continue;  // "about" labels do not name their lemma
      const std::size_t k = std::stoul(lemma.substr(1));
      const std::string tail = agnameof(agtail(e));
      const std::string head = agnameof(aghead(e));
      const auto index = [&](const std::string& id) {
        for (std::size_t i = 0; i < v.size(); ++i)
          if (g_id(kg, v[i]) == id) return i;
        FAIL("unknown node " << id);
        return std::size_t{0};
      };
      const std::string text = "ev " + std::to_string(index(tail)) + " " + std::to_string(index(head)) + " " + lemma;
      CHECK(tip.find("T: " + text) != std::string::npos);
      CHECK((tip.find("[confidence 0.25]") != std::string::npos) == (k % 3 == 0));
      CHECK(std::string(agget(e, const_cast<char*>("style"))) == (k % 3 == 0 ? "dotted" : "solid"));
      CHECK(std::string(agget(e, const_cast<char*>("penwidth"))) == (k % 5 == 0 ? "1.5" : "1"));
      ++checked;
    }
  CHECK(checked > edges.size() / 2);
}

TEST_CASE("write_dot: a stream that fails early or midway is an Io error, with no partial success") {
  // The DOT of many_edges() is ~3.5 MB: past the first 1 MiB buffer a second thread
  // writes, so a failure there must reach the caller too; a small graph's DOT is
  // written by the caller alone.
  std::vector<Vertex> v;
  const KnowledgeGraph big = many_edges(v);
  const KnowledgeGraph small = testing::hostile_graph();
  for (const KnowledgeGraph* kg : {&big, &small})
    for (std::size_t limit : {std::size_t{0}, std::size_t{100}, std::size_t{2} << 20}) {
      if (kg == &small && limit > 100) continue;
      FailingBuf buf(limit);
      std::ostream out(&buf);
      try {
        write_dot(*kg, out);
        FAIL("no error for a stream failing after " << limit << " bytes");
      } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::Io);
      }
    }
  // The same graph to a working stream afterwards: nothing left over from the failures.
  std::ostringstream out;
  write_dot(big, out);
  CHECK(out.str().size() > (std::size_t{3} << 20));
}
