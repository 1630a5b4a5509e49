#include "export/jsonld.hpp"

#include <rapidjson/document.h>
#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <vector>

#include "export/text_util.hpp"
#include "graph/error.hpp"

namespace newsgraph {

namespace {

bool unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

void percent(std::string& out, unsigned char c) {
  static const char* hex = "0123456789ABCDEF";
  out += '%';
  out += hex[c >> 4];
  out += hex[c & 15];
}

// Local names in the ng: namespace that nodes use for their own properties. A
// relation predicate that spells one of them is written with its first character
// percent-encoded, so the two can never be confused when reading back.
const std::set<std::string, std::less<>>& reserved_terms() {
  static const std::set<std::string, std::less<>> terms = {
      "mention", "entityType", "normalized", "cue",   "quoteKind", "unclosed",   "textHash", "source",
      "document", "start",     "end",        "text",  "lemma",     "confidence", "evidence", "Evidence"};
  return terms;
}

}  // namespace

std::string jsonld_predicate_term(std::string_view predicate) {
  std::string local;
  for (unsigned char c : predicate) {
    if (unreserved(c))
      local += static_cast<char>(c);
    else
      percent(local, c);
  }
  if (!local.empty() && reserved_terms().count(local)) {
    std::string escaped;
    percent(escaped, static_cast<unsigned char>(local[0]));
    local = escaped + local.substr(1);
  }
  return "ng:" + local;
}

std::string_view jsonld_entity_type(EntityType t) {
  switch (t) {
    case EntityType::PERSON: return "Person";
    case EntityType::ORG: return "Organization";
    case EntityType::GPE: return "Place";
    case EntityType::LOC: return "Place";
    case EntityType::NORP: return "ng:Group";
    case EntityType::EVENT: return "Event";
    case EntityType::DATE: return "ng:TimeExpression";
    case EntityType::MISC: return "Thing";
  }
  return "Thing";
}

namespace {

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

void check_base_iri(const std::string& base) {
  const auto colon = base.find(':');
  bool ok = colon != std::string::npos && colon > 0 && !base.empty() && base.back() == '/';
  if (ok) {
    for (std::size_t i = 0; i < colon; ++i) {
      const char c = base[i];
      const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!(alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) ok = false;
    }
    // A base must be hierarchical ("scheme://..." or "scheme:/...") for relative ids to resolve beneath it.
    ok = ok && colon + 1 < base.size() && base[colon + 1] == '/';
    for (unsigned char c : base)
      if (c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' ||
          c == '|' || c == '}' || c == 0x7F)
        ok = false;
  }
  if (!ok)
    throw Error(ErrorKind::Usage, "--base '" + base +
                                      "' is not an absolute hierarchical IRI ending in '/' "
                                      "(e.g. https://example.org/kg/)");
}

namespace {

// RapidJSON writes into a StringBuffer that is drained into the std::ostream after
// each top-level node: streaming, with one small buffer instead of a DOM.
template <class W>
class Emitter {
 public:
  Emitter(W& w, rapidjson::StringBuffer& buffer, std::ostream& out) : w_(w), buffer_(buffer), out_(out) {}

  void key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
  void str(std::string_view s) {
    if (is_valid_utf8(s)) {
      w_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    } else {
      const std::string fixed = repair_utf8(s);
      w_.String(fixed.data(), static_cast<rapidjson::SizeType>(fixed.size()));
    }
  }
  void kv(std::string_view k, std::string_view v) {
    key(k);
    str(v);
  }
  void id_ref(std::string_view k, const std::string& iri) {
    key(k);
    w_.StartObject();
    kv("@id", iri);
    w_.EndObject();
  }
  void drain() {
    out_.write(buffer_.GetString(), static_cast<std::streamsize>(buffer_.GetSize()));
    buffer_.Clear();
    if (!out_) throw Error(ErrorKind::Io, "writing JSON-LD failed");
  }
  W& w() { return w_; }

 private:
  W& w_;
  rapidjson::StringBuffer& buffer_;
  std::ostream& out_;
};

template <class W>
void write_context_object(Emitter<W>& e, const std::string* base) {
  auto& w = e.w();
  w.StartObject();
  e.key("@version");
  w.Double(1.1);
  if (base) e.kv("@base", *base);
  e.kv("@vocab", kSchemaNamespace);
  e.kv("schema", kSchemaNamespace);
  e.kv("ng", kNewsgraphNamespace);
  e.kv("xsd", "http://www.w3.org/2001/XMLSchema#");
  // JSON cannot tell 1.0 from 1: without this coercion a confidence of 1 would turn
  // into an xsd:integer in RDF while 0.9 became an xsd:double.
  e.key("ng:confidence");
  w.StartObject();
  e.kv("@type", "xsd:double");
  w.EndObject();
  w.EndObject();
}

std::string node_iri(std::string_view id) { return iri_escape_path(id); }
std::string doc_iri(std::string_view doc) { return "doc/" + iri_escape_path(doc); }

template <class W>
void write_evidence(Emitter<W>& e, const std::vector<Evidence>& list, std::string_view key) {
  auto& w = e.w();
  e.key(key);
  w.StartArray();
  for (const Evidence& ev : list) {
    w.StartObject();
    e.kv("@type", "ng:Evidence");
    e.id_ref("ng:document", doc_iri(ev.doc));
    e.key("ng:start");
    w.Uint(ev.span.start);
    e.key("ng:end");
    w.Uint(ev.span.end);
    e.kv("ng:text", ev.text);
    w.EndObject();
  }
  w.EndArray();
}

template <class W>
void write_graph(const KnowledgeGraph& kg, std::ostream& out, const JsonLdOptions& o, W& w,
                 rapidjson::StringBuffer& buffer) {
  Emitter<W> e(w, buffer, out);
  const Graph& g = kg.graph();
  w.StartObject();
  e.key("@context");
  if (o.context_url.empty()) {
    write_context_object(e, &o.base);
  } else {
    w.StartArray();
    e.str(o.context_url);
    w.StartObject();
    e.kv("@base", o.base);
    w.EndObject();
    w.EndArray();
  }
  e.key("@graph");
  w.StartArray();

  for (const auto& [id, info] : kg.documents()) {
    const DocumentMeta& m = info.meta;
    w.StartObject();
    e.kv("@id", doc_iri(id));
    e.kv("@type", "NewsArticle");
    e.kv("identifier", id);
    if (!m.title.empty()) e.kv("headline", m.title);
    if (!m.date.empty()) e.kv("datePublished", m.date);
    if (!m.url.empty()) e.kv("url", m.url);
    if (!m.source.empty()) e.kv("ng:source", m.source);
    e.kv("ng:textHash", hex64(info.text_hash));
    w.EndObject();
    e.drain();
  }

  const std::vector<Edge> edges = kg.sorted_edges();
  std::size_t next_edge = 0;
  std::vector<std::string> refs;
  for (Vertex v : kg.sorted_vertices()) {
    const NodeData& d = g[v];
    const bool quote = d.kind == NodeKind::Quotation;
    w.StartObject();
    e.kv("@id", node_iri(d.id));
    if (quote) {
      e.kv("@type", "Quotation");
      e.kv("text", d.text);
      if (d.name != d.text) e.kv("name", d.name);
      if (!d.cue.empty()) e.kv("ng:cue", d.cue);
      e.kv("ng:quoteKind", to_string(d.quote_kind));
      if (!d.date.empty()) e.kv("dateCreated", d.date);
      if (d.unclosed) {
        e.key("ng:unclosed");
        w.Bool(true);
      }
      // Plain schema.org links for consumers; the Role nodes below stay authoritative.
      refs.clear();
      for (auto [ei, end] = boost::in_edges(v, g); ei != end; ++ei)
        if (g[*ei].predicate == "said") refs.push_back(g[boost::source(*ei, g)].id);
      std::sort(refs.begin(), refs.end());
      refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
      if (!refs.empty()) {
        e.key("spokenByCharacter");
        w.StartArray();
        for (const auto& r : refs) {
          w.StartObject();
          e.kv("@id", node_iri(r));
          w.EndObject();
        }
        w.EndArray();
      }
      refs.clear();
      for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei)
        if (g[*ei].predicate == "about") refs.push_back(g[boost::target(*ei, g)].id);
      std::sort(refs.begin(), refs.end());
      refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
      if (!refs.empty()) {
        e.key("about");
        w.StartArray();
        for (const auto& r : refs) {
          w.StartObject();
          e.kv("@id", node_iri(r));
          w.EndObject();
        }
        w.EndArray();
      }
      std::set<std::string> docs;
      for (const auto& m : d.mentions) docs.insert(m.doc);
      if (!docs.empty()) {
        e.key("isPartOf");
        w.StartArray();
        for (const auto& doc : docs) {
          w.StartObject();
          e.kv("@id", doc_iri(doc));
          w.EndObject();
        }
        w.EndArray();
      }
    } else {
      e.kv("@type", jsonld_entity_type(d.type));
      e.kv("ng:entityType", to_string(d.type));
      e.kv("name", d.name);
    }
    if (!d.aliases.empty()) {
      e.key("alternateName");
      w.StartArray();
      for (const auto& a : d.aliases) e.str(a);
      w.EndArray();
    }
    if (!d.normalized.empty()) e.kv("ng:normalized", d.normalized);
    if (!d.mentions.empty()) write_evidence(e, d.mentions, "ng:mention");

    // This vertex's out-edges are consecutive in sorted_edges() (sorted by source id,
    // like the vertices), grouped by predicate.
    while (next_edge < edges.size() && boost::source(edges[next_edge], g) == v) {
      const std::string& predicate = g[edges[next_edge]].predicate;
      const std::string term = jsonld_predicate_term(predicate);
      e.key(term);
      w.StartArray();
      for (; next_edge < edges.size() && boost::source(edges[next_edge], g) == v &&
             g[edges[next_edge]].predicate == predicate;
           ++next_edge) {
        const Edge edge = edges[next_edge];
        const EdgeData& r = g[edge];
        w.StartObject();
        e.kv("@type", "Role");
        e.id_ref(term, node_iri(g[boost::target(edge, g)].id));
        if (!r.role.empty()) e.kv("roleName", r.role);
        if (!r.lemma.empty()) e.kv("ng:lemma", r.lemma);
        if (!std::isfinite(r.confidence))
          throw Error(ErrorKind::Internal, "relation '" + predicate + "' of '" + d.id + "' has a non-finite confidence");
        e.key("ng:confidence");
        w.Double(r.confidence);
        write_evidence(e, r.evidence, "ng:evidence");
        w.EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
    e.drain();
  }
  if (next_edge != edges.size()) throw Error(ErrorKind::Internal, "JSON-LD writer: edges out of vertex order");
  w.EndArray();
  w.EndObject();
  if (o.pretty) buffer.Put('\n');
  e.drain();
}

}  // namespace

std::string iri_escape_path(std::string_view id) {
  std::string out;
  out.reserve(id.size() + 8);
  std::size_t segment_start = 0;
  for (std::size_t i = 0; i <= id.size(); ++i) {
    if (i < id.size() && id[i] != '/') continue;
    const std::string_view seg = id.substr(segment_start, i - segment_start);
    if (seg == "." || seg == "..") {
      for (std::size_t k = 0; k < seg.size(); ++k) out += "%2E";
    } else {
      for (unsigned char c : seg) {
        if (unreserved(c))
          out += static_cast<char>(c);
        else
          percent(out, c);
      }
    }
    if (i < id.size()) out += (i == 0) ? "%2F" : "/";  // a leading '/' would escape the base path
    segment_start = i + 1;
  }
  return out;
}

std::string iri_unescape(std::string_view iri, bool& ok) {
  ok = true;
  std::string out;
  out.reserve(iri.size());
  auto hexval = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < iri.size(); ++i) {
    if (iri[i] != '%') {
      out += iri[i];
      continue;
    }
    if (i + 2 >= iri.size()) {
      ok = false;
      return {};
    }
    const int hi = hexval(iri[i + 1]);
    const int lo = hexval(iri[i + 2]);
    if (hi < 0 || lo < 0) {
      ok = false;
      return {};
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  // Ids and predicates are UTF-8 text: "%ED" alone decodes to no character, and the
  // writer would re-encode it differently (a fuzzer finding).
  if (!is_valid_utf8(out)) {
    ok = false;
    return {};
  }
  return out;
}

void write_jsonld(const KnowledgeGraph& graph, std::ostream& out, const JsonLdOptions& options) {
  check_base_iri(options.base);
  rapidjson::StringBuffer buffer;
  if (options.pretty) {
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
    w.SetIndent(' ', 2);
    write_graph(graph, out, options, w, buffer);
  } else {
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    write_graph(graph, out, options, w, buffer);
  }
  out.flush();
  if (!out) throw Error(ErrorKind::Io, "writing JSON-LD failed");
}

void write_jsonld_context(std::ostream& out) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  Emitter<rapidjson::PrettyWriter<rapidjson::StringBuffer>> e(w, buffer, out);
  w.StartObject();
  e.key("@context");
  write_context_object(e, nullptr);
  w.EndObject();
  buffer.Put('\n');
  e.drain();
}

// ---------------------------------------------------------------------------------
// Reading.

namespace {

using Value = rapidjson::Value;

// Finds the byte offset of @graph[index] by a second, SAX pass over the text: only
// needed on the error path, so the DOM stays plain RapidJSON.
struct ItemLocator : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ItemLocator> {
  rapidjson::StringStream* stream = nullptr;
  std::size_t want = 0;
  std::size_t index = 0;
  std::size_t found = std::numeric_limits<std::size_t>::max();
  int depth = 0;
  bool in_graph = false;
  std::string last_key;

  bool item(std::size_t back) {
    if (depth == 2 && in_graph) {
      if (index == want) {
        found = stream->Tell() - back;
        // The iterative parser calls StartObject/StartArray before it consumes the
        // bracket (the recursive one after): point at the bracket either way.
        const char at = stream->head_[stream->Tell()];
        if (back == 1 && (at == '{' || at == '[')) found = stream->Tell();
        return false;
      }
      ++index;
    }
    return true;
  }
  bool Default() { return item(0); }
  bool String(const char*, rapidjson::SizeType, bool) { return item(0); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (depth == 1) last_key.assign(s, n);
    return true;
  }
  bool StartObject() {
    if (!item(1)) return false;
    ++depth;
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    --depth;
    return true;
  }
  bool StartArray() {
    if (!item(1)) return false;
    ++depth;
    if (depth == 2) in_graph = last_key == "@graph";
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    --depth;
    if (depth == 1) in_graph = false;
    return true;
  }
};

// Builds a Document from SAX events, converting numbers with std::from_chars, which is
// correctly rounded (confidences read back exactly as written). RapidJSON 1.1.0's own
// full-precision strtod has undefined behaviour on literals such as "0e207" (a
// fuzzer finding: __builtin_clzll(0), then a negative shift), so the reader hands us
// the raw digits (kParseNumbersAsStringsFlag) instead of converting them itself.
struct NumberConverter {
  rapidjson::Document& doc;
  bool out_of_range = false;

  bool Null() { return doc.Null(); }
  bool Bool(bool b) { return doc.Bool(b); }
  bool Int(int i) { return doc.Int(i); }
  bool Uint(unsigned u) { return doc.Uint(u); }
  bool Int64(std::int64_t i) { return doc.Int64(i); }
  bool Uint64(std::uint64_t u) { return doc.Uint64(u); }
  bool Double(double d) { return doc.Double(d); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc.Key(s, n, copy); }
  bool StartObject() { return doc.StartObject(); }
  bool EndObject(rapidjson::SizeType n) { return doc.EndObject(n); }
  bool StartArray() { return doc.StartArray(); }
  bool EndArray(rapidjson::SizeType n) { return doc.EndArray(n); }

  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    const char* end = s + n;
    const bool integral = std::find_if(s, end, [](char c) { return c == '.' || c == 'e' || c == 'E'; }) == end;
    // The reader has checked the JSON number grammar: only range can fail here.
    if (integral) {
      if (*s == '-') {
        std::int64_t i = 0;
        if (auto r = std::from_chars(s, end, i); r.ec == std::errc() && r.ptr == end)
          return i >= std::numeric_limits<int>::min() ? doc.Int(static_cast<int>(i)) : doc.Int64(i);
      } else {
        std::uint64_t u = 0;
        if (auto r = std::from_chars(s, end, u); r.ec == std::errc() && r.ptr == end)
          return u <= std::numeric_limits<unsigned>::max() ? doc.Uint(static_cast<unsigned>(u)) : doc.Uint64(u);
      }
    }
    double d = 0;
    auto r = std::from_chars(s, end, d);
    // Underflow (1e-400) reads as zero, as JSON parsers do; overflow is refused.
    const std::string_view literal(s, n);
    if (r.ec == std::errc::result_out_of_range && r.ptr == end &&
        (literal.find("e-") != std::string_view::npos || literal.find("E-") != std::string_view::npos))
      return doc.Double(*s == '-' ? -0.0 : 0.0);
    if (r.ec != std::errc() || r.ptr != end || !std::isfinite(d)) {
      out_of_range = true;
      return false;
    }
    return doc.Double(d);
  }
};

class Loader {
 public:
  Loader(const std::string& text, const std::string& source) : text_(text), source_(source) {}

  KnowledgeGraph load() {
    rapidjson::Document doc;
    rapidjson::ParseResult parsed;
    bool out_of_range = false;
    auto generate = [&](rapidjson::Document& d) {
      rapidjson::MemoryStream bytes(text_.data(), text_.size());
      rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> stream(bytes);
      rapidjson::Reader reader;
      NumberConverter handler{d};
      // Iterative: deeply nested input must not overflow the stack.
      parsed = reader.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag |
                            rapidjson::kParseIterativeFlag>(stream, handler);
      out_of_range = handler.out_of_range;
      return !parsed.IsError();
    };
    doc.Populate(generate);
    if (parsed.IsError()) {
      const char* what = out_of_range ? "number out of range" : rapidjson::GetParseError_En(parsed.Code());
      throw Error(ErrorKind::Input, std::string("JSON-LD: ") + what, ErrorLocation(source_, {}, parsed.Offset()));
    }
    if (!doc.IsObject()) fail_root("the document is not a JSON object");
    read_base(doc);
    auto graph = doc.FindMember("@graph");
    if (graph == doc.MemberEnd() || !graph->value.IsArray()) fail_root("no \"@graph\" array");

    KnowledgeGraph kg;
    struct PendingEdge {
      std::size_t item;
      std::string source;
      std::string target;
      EdgeData data;
    };
    std::vector<PendingEdge> pending;
    const auto& items = graph->value.GetArray();
    for (rapidjson::SizeType i = 0; i < items.Size(); ++i) {
      item_ = i;
      const Value& node = items[i];
      if (!node.IsObject()) fail("a @graph item must be an object");
      const std::string id = id_of(node, "@id");
      if (has_type(node, "NewsArticle")) {
        read_document(kg, node);
        continue;
      }
      NodeData n;
      n.id = id;
      n.kind = has_type(node, "Quotation") ? NodeKind::Quotation : NodeKind::Entity;
      if (n.kind == NodeKind::Quotation) {
        n.text = string_member(node, "text", true);
        n.name = node.HasMember("name") ? string_member(node, "name", true) : n.text;
        n.cue = string_member(node, "ng:cue", false);
        const std::string kind = string_member(node, "ng:quoteKind", false);
        if (!kind.empty()) {
          auto k = parse_quote_kind(kind);
          if (!k) fail("unknown ng:quoteKind '" + kind + "'");
          n.quote_kind = *k;
        }
        n.date = string_member(node, "dateCreated", false);
        if (auto u = node.FindMember("ng:unclosed"); u != node.MemberEnd()) {
          if (!u->value.IsBool()) fail("ng:unclosed must be a boolean");
          n.unclosed = u->value.GetBool();
        }
      } else {
        n.name = string_member(node, "name", true);
        const std::string type = string_member(node, "ng:entityType", true);
        auto t = parse_entity_type(type);
        if (!t) fail("unknown ng:entityType '" + type + "'");
        n.type = *t;
      }
      if (auto a = node.FindMember("alternateName"); a != node.MemberEnd())
        for_each(a->value, [&](const Value& v) { n.aliases.push_back(as_string(v, "alternateName")); });
      n.normalized = string_member(node, "ng:normalized", false);
      if (auto m = node.FindMember("ng:mention"); m != node.MemberEnd())
        for_each(m->value, [&](const Value& v) { n.mentions.push_back(read_evidence(v)); });
      kg.upsert_node(n);

      for (auto it = node.MemberBegin(); it != node.MemberEnd(); ++it) {
        const std::string key(it->name.GetString(), it->name.GetStringLength());
        if (key.rfind("ng:", 0) != 0) continue;
        const std::string local = key.substr(3);
        if (reserved_terms().count(local)) continue;
        bool ok = false;
        const std::string predicate = iri_unescape(local, ok);
        if (!ok) fail("malformed percent-encoding (or not UTF-8) in property '" + key + "'");
        for_each(it->value, [&](const Value& role) {
          if (!role.IsObject()) fail("relation '" + key + "' must be an object (a Role node)");
          PendingEdge p;
          p.item = i;
          p.source = id;
          auto target = role.FindMember(it->name);
          if (target == role.MemberEnd()) fail("Role node of '" + key + "' lacks '" + key + "'");
          p.target = id_of(target->value, "@id");
          p.data.predicate = predicate;
          p.data.role = string_member(role, "roleName", false);
          p.data.lemma = string_member(role, "ng:lemma", false);
          if (auto c = role.FindMember("ng:confidence"); c != role.MemberEnd()) {
            if (!c->value.IsNumber()) fail("ng:confidence must be a number");
            p.data.confidence = c->value.GetDouble();
          }
          if (auto ev = role.FindMember("ng:evidence"); ev != role.MemberEnd())
            for_each(ev->value, [&](const Value& v) { p.data.evidence.push_back(read_evidence(v)); });
          pending.push_back(std::move(p));
        });
      }
    }
    for (auto& p : pending) {
      item_ = p.item;
      auto s = kg.find(p.source);
      auto t = kg.find(p.target);
      if (!t) fail("relation '" + p.data.predicate + "' points to unknown node '" + p.target + "'");
      kg.upsert_edge(*s, *t, p.data);
    }
    return kg;
  }

 private:
  [[noreturn]] void fail_root(const std::string& msg) const {
    throw Error(ErrorKind::Input, "JSON-LD: " + msg, ErrorLocation(source_, {}, std::uint64_t{0}));
  }

  [[noreturn]] void fail(const std::string& msg) const {
    rapidjson::StringStream stream(text_.c_str());
    ItemLocator locator;
    locator.stream = &stream;
    locator.want = item_;
    rapidjson::Reader reader;
    reader.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag>(stream, locator);
    ErrorLocation where(source_);
    if (locator.found != std::numeric_limits<std::size_t>::max()) where.byte = locator.found;
    throw Error(ErrorKind::Input, "JSON-LD @graph[" + std::to_string(item_) + "]: " + msg, where);
  }

  void read_base(const Value& doc) {
    auto ctx = doc.FindMember("@context");
    if (ctx == doc.MemberEnd()) return;
    auto look = [&](const Value& c) {
      if (!c.IsObject()) return;
      auto b = c.FindMember("@base");
      if (b != c.MemberEnd() && b->value.IsString()) base_ = b->value.GetString();
    };
    if (ctx->value.IsArray())
      for (const auto& c : ctx->value.GetArray()) look(c);
    else
      look(ctx->value);
  }

  template <class F>
  void for_each(const Value& v, F&& fn) const {
    if (v.IsArray())
      for (const auto& x : v.GetArray()) fn(x);
    else
      fn(v);
  }

  std::string as_string(const Value& v, const char* what) const {
    if (!v.IsString()) fail(std::string(what) + " must be a string");
    return std::string(v.GetString(), v.GetStringLength());
  }

  std::string string_member(const Value& obj, const char* key, bool required) const {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) {
      if (required) fail(std::string("missing \"") + key + "\"");
      return {};
    }
    return as_string(it->value, key);
  }

  // The vertex or document id behind an "@id" (a string member of `obj`, or `obj`
  // itself as {"@id": ...}): relative to @base, percent-decoded.
  std::string id_of(const Value& obj, const char* key) const {
    if (!obj.IsObject()) fail("expected an object with \"@id\"");
    std::string iri = string_member(obj, key, true);
    if (!base_.empty() && iri.rfind(base_, 0) == 0) iri = iri.substr(base_.size());
    bool ok = false;
    std::string id = iri_unescape(iri, ok);
    if (!ok) fail("malformed percent-encoding (or not UTF-8) in @id '" + iri + "'");
    return id;
  }

  std::string doc_id_of(const Value& obj) const {
    std::string id = id_of(obj, "@id");
    if (id.rfind("doc/", 0) != 0) fail("a document @id must start with doc/");
    return id.substr(4);
  }

  std::uint32_t offset_member(const Value& obj, const char* key) const {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd() || !it->value.IsUint()) fail(std::string(key) + " must be a non-negative 32-bit integer");
    return it->value.GetUint();
  }

  Evidence read_evidence(const Value& v) const {
    if (!v.IsObject()) fail("evidence must be an object");
    Evidence e;
    auto d = v.FindMember("ng:document");
    if (d == v.MemberEnd()) fail("evidence lacks ng:document");
    // Evidence can cite a document that has no NewsArticle node (hand-built graphs).
    e.doc = doc_id_of(d->value);
    e.span.start = offset_member(v, "ng:start");
    e.span.end = offset_member(v, "ng:end");
    if (e.span.end < e.span.start) fail("ng:end is before ng:start");
    e.text = string_member(v, "ng:text", true);
    return e;
  }

  static bool has_type(const Value& node, std::string_view type) {
    auto t = node.FindMember("@type");
    if (t == node.MemberEnd()) return false;
    auto is = [&](const Value& v) { return v.IsString() && std::string_view(v.GetString(), v.GetStringLength()) == type; };
    if (t->value.IsArray()) return std::any_of(t->value.Begin(), t->value.End(), is);
    return is(t->value);
  }

  void read_document(KnowledgeGraph& kg, const Value& node) const {
    const std::string from_iri = doc_id_of(node);
    std::string id = string_member(node, "identifier", false);
    if (id.empty()) id = from_iri;
    DocumentMeta m;
    m.title = string_member(node, "headline", false);
    m.date = string_member(node, "datePublished", false);
    m.url = string_member(node, "url", false);
    m.source = string_member(node, "ng:source", false);
    std::uint64_t hash = 0;
    const std::string h = string_member(node, "ng:textHash", false);
    if (!h.empty()) {
      if (h.size() != 16 || h.find_first_not_of("0123456789abcdef") != std::string::npos)
        fail("ng:textHash must be 16 lowercase hex digits");
      hash = std::stoull(h, nullptr, 16);
    }
    kg.add_document(id, m, hash);
  }

  const std::string& text_;
  const std::string& source_;
  std::string base_;
  std::size_t item_ = 0;
};

}  // namespace

KnowledgeGraph read_jsonld(std::istream& in, const std::string& source_name) {
  std::string text;
  std::vector<char> chunk(1 << 16);
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0)
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw Error(ErrorKind::Io, "cannot read", ErrorLocation(source_name));
  return Loader(text, source_name).load();
}

}  // namespace newsgraph
