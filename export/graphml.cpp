#include "export/graphml.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "export/text_util.hpp"
#include "graph/error.hpp"

namespace newsgraph {
namespace {

// XML character data / attribute value, escaped; see the header for what cannot pass.
void xml_text(std::string& out, std::string_view raw) {
  const std::string fixed = is_valid_utf8(raw) ? std::string() : repair_utf8(raw);
  const std::string_view s = fixed.empty() ? raw : std::string_view(fixed);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (c < 0x20) {
          out += "\xEF\xBF\xBD";
        } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
          out += "\xEF\xBF\xBD";  // U+FFFE, U+FFFF
          i += 2;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

std::string json_strings(const std::vector<std::string>& items) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const auto& s : items) {
    const std::string fixed = repair_utf8(s);
    w.String(fixed.data(), static_cast<rapidjson::SizeType>(fixed.size()));
  }
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize());
}

std::string json_evidence(const std::vector<Evidence>& list) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const auto& e : list) {
    w.StartObject();
    const std::string doc = repair_utf8(e.doc);
    const std::string text = repair_utf8(e.text);
    w.Key("doc");
    w.String(doc.data(), static_cast<rapidjson::SizeType>(doc.size()));
    w.Key("start");
    w.Uint(e.span.start);
    w.Key("end");
    w.Uint(e.span.end);
    w.Key("text");
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    w.EndObject();
  }
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize());
}

struct Key {
  const char* id;
  const char* domain;
  const char* name;
  const char* type;
};
constexpr Key kKeys[] = {
    {"d0", "node", "id", "string"},          {"d1", "node", "kind", "string"},
    {"d2", "node", "type", "string"},        {"d3", "node", "name", "string"},
    {"d4", "node", "aliases", "string"},     {"d5", "node", "text", "string"},
    {"d6", "node", "cue", "string"},         {"d7", "node", "quote_kind", "string"},
    {"d8", "node", "date", "string"},        {"d9", "node", "normalized", "string"},
    {"d10", "node", "mentions", "int"},      {"d11", "node", "docs", "string"},
    {"e0", "edge", "predicate", "string"},   {"e1", "edge", "role", "string"},
    {"e2", "edge", "lemma", "string"},       {"e3", "edge", "confidence", "double"},
    {"e4", "edge", "evidence_count", "int"}, {"e5", "edge", "evidence", "string"},
};

void data(std::string& out, const char* key, std::string_view value) {
  out += "      <data key=\"";
  out += key;
  out += "\">";
  xml_text(out, value);
  out += "</data>\n";
}

}  // namespace

void write_graphml(const KnowledgeGraph& kg, std::ostream& out) {
  const Graph& g = kg.graph();
  std::string buf;
  buf.reserve(1 << 20);
  auto drain = [&](bool force) {
    if (!force && buf.size() < (1u << 20)) return;
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
    if (!out) throw Error(ErrorKind::Io, "writing GraphML failed");
  };
  buf += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
         "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  for (const Key& k : kKeys) {
    buf += "  <key id=\"";
    buf += k.id;
    buf += "\" for=\"";
    buf += k.domain;
    buf += "\" attr.name=\"";
    buf += k.name;
    buf += "\" attr.type=\"";
    buf += k.type;
    buf += "\"/>\n";
  }
  buf += "  <graph id=\"newsgraph\" edgedefault=\"directed\">\n";

  const std::vector<Vertex> vertices = kg.sorted_vertices();
  std::vector<std::size_t> index(boost::num_vertices(g));
  for (std::size_t i = 0; i < vertices.size(); ++i) index[vertices[i]] = i;
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    const NodeData& d = g[vertices[i]];
    const bool quote = d.kind == NodeKind::Quotation;
    buf += "    <node id=\"n" + std::to_string(i) + "\">\n";
    data(buf, "d0", d.id);
    data(buf, "d1", quote ? "quotation" : "entity");
    data(buf, "d2", quote ? std::string_view("QUOTATION") : to_string(d.type));
    data(buf, "d3", d.name);
    data(buf, "d4", json_strings(d.aliases));
    if (quote) {
      data(buf, "d5", d.text);
      data(buf, "d6", d.cue);
      data(buf, "d7", to_string(d.quote_kind));
      data(buf, "d8", d.date);
    }
    if (!d.normalized.empty()) data(buf, "d9", d.normalized);
    data(buf, "d10", std::to_string(d.mentions.size()));
    std::set<std::string> docs;
    for (const auto& m : d.mentions) docs.insert(m.doc);
    data(buf, "d11", json_strings(std::vector<std::string>(docs.begin(), docs.end())));
    buf += "    </node>\n";
    drain(false);
  }
  std::size_t n = 0;
  for (Edge e : kg.sorted_edges()) {
    const EdgeData& r = g[e];
    buf += "    <edge id=\"e" + std::to_string(n++) + "\" source=\"n" + std::to_string(index[boost::source(e, g)]) +
           "\" target=\"n" + std::to_string(index[boost::target(e, g)]) + "\">\n";
    data(buf, "e0", r.predicate);
    if (!r.role.empty()) data(buf, "e1", r.role);
    if (!r.lemma.empty()) data(buf, "e2", r.lemma);
    if (!std::isfinite(r.confidence)) throw Error(ErrorKind::Internal, "non-finite confidence in GraphML output");
    char num[64];
    auto [end, ec] = std::to_chars(num, num + sizeof num, r.confidence);
    data(buf, "e3", std::string_view(num, static_cast<std::size_t>(end - num)));
    data(buf, "e4", std::to_string(r.evidence.size()));
    data(buf, "e5", json_evidence(r.evidence));
    buf += "    </edge>\n";
    drain(false);
  }
  buf += "  </graph>\n</graphml>\n";
  drain(true);
  out.flush();
  if (!out) throw Error(ErrorKind::Io, "writing GraphML failed");
}

}  // namespace newsgraph
