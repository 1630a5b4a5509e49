#include "export/property_graph.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "export/atomic_file.hpp"
#include "export/text_util.hpp"
#include "graph/error.hpp"

namespace newsgraph {

std::string relationship_type(std::string_view predicate) {
  std::string out;
  for (std::size_t i = 0; i < predicate.size(); ++i) {
    const char c = predicate[i];
    if (c >= 'A' && c <= 'Z' && i > 0 && predicate[i - 1] >= 'a' && predicate[i - 1] <= 'z') out += '_';
    if (c >= 'a' && c <= 'z')
      out += static_cast<char>(c - 'a' + 'A');
    else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
      out += c;
    else
      out += '_';
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out = "R_" + out;
  return out;
}

std::optional<CypherDialect> parse_cypher_dialect(std::string_view s) {
  if (s == "kuzu") return CypherDialect::Kuzu;
  if (s == "neo4j") return CypherDialect::Neo4j;
  return std::nullopt;
}

namespace {

std::string_view label_of(EntityType t) {
  switch (t) {
    case EntityType::PERSON: return "Person";
    case EntityType::ORG: return "Organization";
    case EntityType::GPE: return "Place";
    case EntityType::LOC: return "Place";
    case EntityType::NORP: return "Group";
    case EntityType::EVENT: return "Event";
    case EntityType::DATE: return "Date";
    case EntityType::MISC: return "Thing";
  }
  return "Thing";
}

// Shortest round-trip text of a double, always with a '.' or exponent so that
// Cypher and CSV readers see a float, not an integer.
std::string number(double v) {
  if (!std::isfinite(v)) throw Error(ErrorKind::Internal, "non-finite confidence in property-graph output");
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, end);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

class Json {
 public:
  Json() : w_(buf_) {}
  void str(std::string_view s) {
    const std::string fixed = is_valid_utf8(s) ? std::string(s) : repair_utf8(s);
    w_.String(fixed.data(), static_cast<rapidjson::SizeType>(fixed.size()));
  }
  rapidjson::Writer<rapidjson::StringBuffer>& w() { return w_; }
  std::string take() { return std::string(buf_.GetString(), buf_.GetSize()); }

 private:
  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

// One property value, typed so each syntax can write it properly.
struct Prop {
  std::string_view key;
  std::string text;
  bool is_number = false;
};

std::vector<Prop> node_props(const NodeData& d) {
  const bool quote = d.kind == NodeKind::Quotation;
  Json aliases;
  aliases.w().StartArray();
  for (const auto& a : d.aliases) aliases.str(a);
  aliases.w().EndArray();
  std::set<std::string> doc_set;
  for (const auto& m : d.mentions) doc_set.insert(m.doc);
  Json docs;
  docs.w().StartArray();
  for (const auto& doc : doc_set) docs.str(doc);
  docs.w().EndArray();
  std::string label = quote ? "Node;Quotation" : "Node;Entity;" + std::string(label_of(d.type));
  return {{"id", d.id},
          {"label", label},
          {"name", d.name},
          {"type", quote ? std::string("QUOTATION") : std::string(to_string(d.type))},
          {"aliases", aliases.take()},
          {"text", d.text},
          {"cue", d.cue},
          {"kind", quote ? std::string(to_string(d.quote_kind)) : std::string()},
          {"date", d.date},
          {"mentions", std::to_string(d.mentions.size()), true},
          {"docs", docs.take()}};
}

std::vector<Prop> edge_props(const EdgeData& r) {
  Json ev;
  ev.w().StartArray();
  for (const auto& e : r.evidence) {
    ev.w().StartObject();
    ev.w().Key("doc");
    ev.str(e.doc);
    ev.w().Key("start");
    ev.w().Uint(e.span.start);
    ev.w().Key("end");
    ev.w().Uint(e.span.end);
    ev.w().Key("text");
    ev.str(e.text);
    ev.w().EndObject();
  }
  ev.w().EndArray();
  return {{"predicate", r.predicate},
          {"role", r.role},
          {"lemma", r.lemma},
          {"confidence", number(r.confidence), true},
          {"evidence_count", std::to_string(r.evidence.size()), true},
          {"evidence", ev.take()}};
}

void csv_field(std::string& out, const Prop& p) {
  if (p.is_number) {
    out += p.text;
    return;
  }
  const std::string fixed = is_valid_utf8(p.text) ? std::string() : repair_utf8(p.text);
  const std::string& s = fixed.empty() ? p.text : fixed;
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void cypher_string(std::string& out, std::string_view raw) {
  const std::string fixed = is_valid_utf8(raw) ? std::string() : repair_utf8(raw);
  const std::string_view s = fixed.empty() ? raw : std::string_view(fixed);
  out += '\'';
  for (char c : s) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  out += '\'';
}

void cypher_map(std::string& out, const std::vector<Prop>& props) {
  out += '{';
  bool first = true;
  for (const Prop& p : props) {
    if (!first) out += ", ";
    first = false;
    out += p.key;
    out += ": ";
    if (p.is_number)
      out += p.text;
    else
      cypher_string(out, p.text);
  }
  out += '}';
}

// Edges grouped by relationship type, each group in the canonical edge order.
std::map<std::string, std::vector<Edge>> edges_by_type(const KnowledgeGraph& kg) {
  std::map<std::string, std::vector<Edge>> out;
  for (Edge e : kg.sorted_edges()) out[relationship_type(kg.graph()[e].predicate)].push_back(e);
  return out;
}

}  // namespace

CsvFiles write_neo4j_csv(const KnowledgeGraph& kg, const std::string& dir) {
  const Graph& g = kg.graph();
  const std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  CsvFiles files;
  files.nodes = "nodes.csv";
  write_file_atomically(prefix + files.nodes, [&](std::ostream& out) {
    std::string buf = "id:ID,:LABEL,name,type,aliases,text,cue,kind,date,mentions:int,docs\n";
    for (Vertex v : kg.sorted_vertices()) {
      const auto props = node_props(g[v]);
      for (std::size_t i = 0; i < props.size(); ++i) {
        if (i) buf += ',';
        csv_field(buf, props[i]);
      }
      buf += '\n';
      if (buf.size() > (1u << 20)) {
        out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
        buf.clear();
      }
    }
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  });
  for (const auto& by_type : edges_by_type(kg)) {
    // Named references, not a structured binding: clang before 16 cannot capture one.
    const auto& type = by_type.first;
    const auto& edges = by_type.second;
    const std::string name = "relationships_" + type + ".csv";
    files.relationships.push_back(name);
    write_file_atomically(prefix + name, [&](std::ostream& out) {
      std::string buf = ":START_ID,:END_ID,:TYPE,predicate,role,lemma,confidence:double,evidence_count:int,evidence\n";
      for (Edge e : edges) {
        csv_field(buf, Prop{"", g[boost::source(e, g)].id});
        buf += ',';
        csv_field(buf, Prop{"", g[boost::target(e, g)].id});
        buf += ',';
        csv_field(buf, Prop{"", type});
        for (const Prop& p : edge_props(g[e])) {
          buf += ',';
          csv_field(buf, p);
        }
        buf += '\n';
        if (buf.size() > (1u << 20)) {
          out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
          buf.clear();
        }
      }
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    });
  }
  return files;
}

void write_cypher(const KnowledgeGraph& kg, std::ostream& out, CypherDialect dialect) {
  const Graph& g = kg.graph();
  const auto groups = edges_by_type(kg);
  std::string buf;
  auto drain = [&](bool force) {
    if (!force && buf.size() < (1u << 20)) return;
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
    if (!out) throw Error(ErrorKind::Io, "writing Cypher failed");
  };
  if (dialect == CypherDialect::Kuzu) {
    buf += "CREATE NODE TABLE Node(id STRING, label STRING, name STRING, type STRING, aliases STRING, "
           "text STRING, cue STRING, kind STRING, date STRING, mentions INT64, docs STRING, PRIMARY KEY (id));\n";
    for (const auto& [type, edges] : groups)
      buf += "CREATE REL TABLE " + type +
             "(FROM Node TO Node, predicate STRING, role STRING, lemma STRING, confidence DOUBLE, "
             "evidence_count INT64, evidence STRING);\n";
  } else {
    buf += "CREATE CONSTRAINT newsgraph_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;\n";
  }
  for (Vertex v : kg.sorted_vertices()) {
    const NodeData& d = g[v];
    buf += "CREATE (:";
    if (dialect == CypherDialect::Kuzu)
      buf += "Node";
    else
      buf += d.kind == NodeKind::Quotation ? "Node:Quotation" : "Node:Entity:" + std::string(label_of(d.type));
    buf += ' ';
    cypher_map(buf, node_props(d));
    buf += ");\n";
    drain(false);
  }
  for (const auto& [type, edges] : groups) {
    for (Edge e : edges) {
      buf += "MATCH (a:Node {id: ";
      cypher_string(buf, g[boost::source(e, g)].id);
      buf += "}), (b:Node {id: ";
      cypher_string(buf, g[boost::target(e, g)].id);
      buf += "}) CREATE (a)-[:" + type + " ";
      cypher_map(buf, edge_props(g[e]));
      buf += "]->(b);\n";
      drain(false);
    }
  }
  drain(true);
  out.flush();
  if (!out) throw Error(ErrorKind::Io, "writing Cypher failed");
}

}  // namespace newsgraph
