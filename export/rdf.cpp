#include "export/rdf.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "export/jsonld.hpp"
#include "export/text_util.hpp"
#include "graph/error.hpp"

namespace newsgraph {

std::string_view to_string(RdfSyntax s) {
  switch (s) {
    case RdfSyntax::NTriples: return "nt";
    case RdfSyntax::NQuads: return "nq";
    case RdfSyntax::Turtle: return "ttl";
  }
  return "nt";
}

std::optional<RdfSyntax> parse_rdf_syntax(std::string_view s) {
  if (s == "nt" || s == "ntriples") return RdfSyntax::NTriples;
  if (s == "nq" || s == "nquads") return RdfSyntax::NQuads;
  if (s == "ttl" || s == "turtle") return RdfSyntax::Turtle;
  return std::nullopt;
}

std::string xsd_double(double v) {
  if (!std::isfinite(v)) throw Error(ErrorKind::Internal, "non-finite number in RDF output");
  // JSON-LD's canonical form: toExponential(15) with the mantissa's trailing zeros
  // dropped (one kept after the point) and a bare exponent.
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15E", v);
  std::string s(buf);
  const auto e = s.find('E');
  std::string mantissa = s.substr(0, e);
  const int exponent = std::atoi(s.c_str() + e + 1);
  while (mantissa.size() > 2 && mantissa.back() == '0' && mantissa[mantissa.size() - 2] != '.') mantissa.pop_back();
  return mantissa + "E" + std::to_string(exponent);
}

namespace {

constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";

// Terms are rendered once into their N-Triples text ("<iri>", "_:b", "\"lit\"^^<dt>")
// and written by a sink that knows the syntax. Turtle additionally shortens IRIs in
// the four known namespaces to prefixed names and groups a subject's triples with ';'.
class Sink {
 public:
  Sink(std::ostream& out, RdfSyntax syntax) : out_(out), syntax_(syntax) {
    buf_.reserve(1 << 20);
    if (syntax_ == RdfSyntax::Turtle) {
      buf_ += "@prefix rdf: <" + std::string(kRdf) + "> .\n";
      buf_ += "@prefix xsd: <" + std::string(kXsd) + "> .\n";
      buf_ += "@prefix schema: <" + std::string(kSchemaNamespace) + "> .\n";
      buf_ += "@prefix ng: <" + std::string(kNewsgraphNamespace) + "> .\n\n";
    }
  }

  // A vocabulary IRI given as "prefix:local" with prefix rdf/xsd/schema/ng; rendered
  // once per distinct term (a handful), then served from the cache.
  const std::string& vocab(std::string_view curie) {
    auto it = vocab_cache_.find(curie);
    if (it == vocab_cache_.end()) it = vocab_cache_.emplace(std::string(curie), render_vocab(curie)).first;
    return it->second;
  }

  std::string render_vocab(std::string_view curie) const {
    const auto colon = curie.find(':');
    const std::string_view prefix = curie.substr(0, colon);
    const std::string_view local = curie.substr(colon + 1);
    const bool simple = !local.empty() && std::all_of(local.begin(), local.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }) && !(local[0] >= '0' && local[0] <= '9');
    if (syntax_ == RdfSyntax::Turtle && simple) return std::string(curie);
    std::string_view ns = prefix == "rdf" ? kRdf : prefix == "xsd" ? kXsd : prefix == "schema" ? kSchemaNamespace
                                                                                               : kNewsgraphNamespace;
    return iri(std::string(ns) + std::string(local));
  }

  static std::string iri(std::string_view full) {
    std::string t = "<";
    for (unsigned char c : full) {
      // IRIREF forbids these; our IRIs never contain them (ids are percent-encoded,
      // the base is checked), but the writer must not be the one to break the syntax.
      if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' ||
          c == '`' || c == '\\') {
        static const char* hex = "0123456789ABCDEF";
        t += '%';
        t += hex[c >> 4];
        t += hex[c & 15];
      } else {
        t += static_cast<char>(c);
      }
    }
    t += '>';
    return t;
  }

  void literal(std::string& t, std::string_view raw) const {
    const std::string fixed = is_valid_utf8(raw) ? std::string() : repair_utf8(raw);
    const std::string_view s = fixed.empty() ? raw : std::string_view(fixed);
    t += '"';
    for (unsigned char c : s) {
      switch (c) {
        case '"': t += "\\\""; break;
        case '\\': t += "\\\\"; break;
        case '\n': t += "\\n"; break;
        case '\r': t += "\\r"; break;
        case '\t': t += "\\t"; break;
        default:
          if (c < 0x20 || c == 0x7F) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\u%04X", c);
            t += esc;
          } else {
            t += static_cast<char>(c);
          }
      }
    }
    t += '"';
  }

  std::string string_literal(std::string_view s) const {
    std::string t;
    literal(t, s);
    return t;
  }
  std::string typed(std::string_view lexical, std::string_view datatype_curie) {
    std::string t;
    literal(t, lexical);
    t += "^^";
    t += vocab(datatype_curie);
    return t;
  }

  // One triple in each of `graphs` (rendered IRIs), or in the default graph if none.
  void triple(const std::string& s, const std::string& p, const std::string& o,
              const std::vector<const std::string*>& graphs) {
    switch (syntax_) {
      case RdfSyntax::NTriples: line(s, p, o, nullptr); break;
      case RdfSyntax::NQuads:
        if (graphs.empty()) line(s, p, o, nullptr);
        for (const std::string* g : graphs) line(s, p, o, g);
        break;
      case RdfSyntax::Turtle:
        if (open_ && subject_ == s) {
          buf_ += " ;\n    ";
        } else {
          if (open_) buf_ += " .\n";
          buf_ += s;
          buf_ += "\n    ";
          subject_ = s;
          open_ = true;
        }
        buf_ += p;
        buf_ += ' ';
        buf_ += o;
        break;
    }
    if (buf_.size() >= (1u << 20)) drain();
  }

  void finish() {
    if (open_) buf_ += " .\n";
    open_ = false;
    drain();
    out_.flush();
    if (!out_) throw Error(ErrorKind::Io, "writing RDF failed");
  }

 private:
  void line(const std::string& s, const std::string& p, const std::string& o, const std::string* g) {
    buf_ += s;
    buf_ += ' ';
    buf_ += p;
    buf_ += ' ';
    buf_ += o;
    if (g) {
      buf_ += ' ';
      buf_ += *g;
    }
    buf_ += " .\n";
  }
  void drain() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
    if (!out_) throw Error(ErrorKind::Io, "writing RDF failed");
  }

  std::ostream& out_;
  RdfSyntax syntax_;
  std::string buf_;
  std::string subject_;
  bool open_ = false;
  std::map<std::string, std::string, std::less<>> vocab_cache_;
};

}  // namespace

void write_rdf(const KnowledgeGraph& kg, std::ostream& out, RdfSyntax syntax, const RdfOptions& options) {
  check_base_iri(options.base);
  Sink sink(out, syntax);
  const Graph& g = kg.graph();
  const std::string& base = options.base;

  const std::string& rdf_type = sink.vocab("rdf:type");
  const std::string p_mention = sink.vocab("ng:mention");
  const std::string p_evidence = sink.vocab("ng:evidence");
  const std::string p_document = sink.vocab("ng:document");
  const std::string p_start = sink.vocab("ng:start");
  const std::string p_end = sink.vocab("ng:end");
  const std::string p_text = sink.vocab("ng:text");
  const std::string p_name = sink.vocab("schema:name");
  const std::string t_evidence = sink.vocab("ng:Evidence");

  // Document IRIs double as N-Quads graph names.
  std::map<std::string, std::string, std::less<>> doc_term;
  auto doc = [&](const std::string& id) -> const std::string& {
    auto it = doc_term.find(id);
    if (it == doc_term.end()) it = doc_term.emplace(id, Sink::iri(base + "doc/" + iri_escape_path(id))).first;
    return it->second;
  };

  for (const auto& [id, info] : kg.documents()) {
    const std::string& s = doc(id);
    const std::vector<const std::string*> gs{&s};
    const DocumentMeta& m = info.meta;
    sink.triple(s, rdf_type, sink.vocab("schema:NewsArticle"), gs);
    sink.triple(s, sink.vocab("schema:identifier"), sink.string_literal(id), gs);
    if (!m.title.empty()) sink.triple(s, sink.vocab("schema:headline"), sink.string_literal(m.title), gs);
    if (!m.date.empty()) sink.triple(s, sink.vocab("schema:datePublished"), sink.string_literal(m.date), gs);
    if (!m.url.empty()) sink.triple(s, sink.vocab("schema:url"), sink.string_literal(m.url), gs);
    if (!m.source.empty()) sink.triple(s, sink.vocab("ng:source"), sink.string_literal(m.source), gs);
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(info.text_hash));
    sink.triple(s, sink.vocab("ng:textHash"), sink.string_literal(hash), gs);
  }

  const std::vector<Vertex> vertices = kg.sorted_vertices();
  std::vector<std::string> node_term(boost::num_vertices(g));
  for (Vertex v : vertices) node_term[v] = Sink::iri(base + iri_escape_path(g[v].id));

  auto graphs_of = [&](const std::vector<Evidence>& evidence) {
    std::vector<const std::string*> gs;
    for (const auto& e : evidence) gs.push_back(&doc(e.doc));
    std::sort(gs.begin(), gs.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
    gs.erase(std::unique(gs.begin(), gs.end()), gs.end());
    return gs;
  };
  auto write_evidence = [&](const std::string& node, const Evidence& e) {
    const std::vector<const std::string*> gs{&doc(e.doc)};
    sink.triple(node, rdf_type, t_evidence, gs);
    sink.triple(node, p_document, doc(e.doc), gs);
    sink.triple(node, p_start, sink.typed(std::to_string(e.span.start), "xsd:integer"), gs);
    sink.triple(node, p_end, sink.typed(std::to_string(e.span.end), "xsd:integer"), gs);
    sink.triple(node, p_text, sink.string_literal(e.text), gs);
  };

  std::map<std::string, std::string, std::less<>> predicate_terms;
  auto predicate_term = [&](const std::string& predicate) -> const std::string& {
    auto it = predicate_terms.find(predicate);
    if (it == predicate_terms.end())
      it = predicate_terms.emplace(predicate, std::string(sink.vocab(jsonld_predicate_term(predicate)))).first;
    return it->second;
  };
  const std::vector<Edge> edges = kg.sorted_edges();
  std::size_t next_edge = 0;
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    const Vertex v = vertices[i];
    const NodeData& d = g[v];
    const std::string& s = node_term[v];
    const std::vector<const std::string*> gs = graphs_of(d.mentions);
    const std::string vi = std::to_string(i);

    if (d.kind == NodeKind::Quotation) {
      sink.triple(s, rdf_type, sink.vocab("schema:Quotation"), gs);
      sink.triple(s, sink.vocab("schema:text"), sink.string_literal(d.text), gs);
      if (d.name != d.text) sink.triple(s, p_name, sink.string_literal(d.name), gs);
      if (!d.cue.empty()) sink.triple(s, sink.vocab("ng:cue"), sink.string_literal(d.cue), gs);
      sink.triple(s, sink.vocab("ng:quoteKind"), sink.string_literal(to_string(d.quote_kind)), gs);
      if (!d.date.empty()) sink.triple(s, sink.vocab("schema:dateCreated"), sink.string_literal(d.date), gs);
      if (d.unclosed) sink.triple(s, sink.vocab("ng:unclosed"), sink.typed("true", "xsd:boolean"), gs);
      std::set<std::string> speakers, about, docs;
      for (auto [ei, end] = boost::in_edges(v, g); ei != end; ++ei)
        if (g[*ei].predicate == "said") speakers.insert(node_term[boost::source(*ei, g)]);
      for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei)
        if (g[*ei].predicate == "about") about.insert(node_term[boost::target(*ei, g)]);
      for (const auto& m : d.mentions) docs.insert(doc(m.doc));
      for (const auto& o : speakers) sink.triple(s, sink.vocab("schema:spokenByCharacter"), o, gs);
      for (const auto& o : about) sink.triple(s, sink.vocab("schema:about"), o, gs);
      for (const auto& o : docs) sink.triple(s, sink.vocab("schema:isPartOf"), o, gs);
    } else {
      const std::string_view type = jsonld_entity_type(d.type);
      sink.triple(s, rdf_type, sink.vocab(type.find(':') == std::string_view::npos ? "schema:" + std::string(type) : std::string(type)), gs);
      sink.triple(s, sink.vocab("ng:entityType"), sink.string_literal(to_string(d.type)), gs);
      sink.triple(s, p_name, sink.string_literal(d.name), gs);
    }
    for (const auto& a : d.aliases) sink.triple(s, sink.vocab("schema:alternateName"), sink.string_literal(a), gs);
    if (!d.normalized.empty()) sink.triple(s, sink.vocab("ng:normalized"), sink.string_literal(d.normalized), gs);
    for (std::size_t k = 0; k < d.mentions.size(); ++k)
      sink.triple(s, p_mention, "_:m" + vi + "_" + std::to_string(k), {&doc(d.mentions[k].doc)});

    const std::size_t first_edge = next_edge;
    while (next_edge < edges.size() && boost::source(edges[next_edge], g) == v) {
      const EdgeData& r = g[edges[next_edge]];
      sink.triple(s, predicate_term(r.predicate), "_:r" + std::to_string(next_edge),
                  graphs_of(r.evidence));
      ++next_edge;
    }
    for (std::size_t k = 0; k < d.mentions.size(); ++k) write_evidence("_:m" + vi + "_" + std::to_string(k), d.mentions[k]);
    for (std::size_t j = first_edge; j < next_edge; ++j) {
      const Edge e = edges[j];
      const EdgeData& r = g[e];
      const std::string role = "_:r" + std::to_string(j);
      const std::vector<const std::string*> rg = graphs_of(r.evidence);
      sink.triple(role, rdf_type, sink.vocab("schema:Role"), rg);
      sink.triple(role, predicate_term(r.predicate), node_term[boost::target(e, g)], rg);
      if (!r.role.empty()) sink.triple(role, sink.vocab("schema:roleName"), sink.string_literal(r.role), rg);
      if (!r.lemma.empty()) sink.triple(role, sink.vocab("ng:lemma"), sink.string_literal(r.lemma), rg);
      sink.triple(role, sink.vocab("ng:confidence"), sink.typed(xsd_double(r.confidence), "xsd:double"), rg);
      for (std::size_t k = 0; k < r.evidence.size(); ++k)
        sink.triple(role, p_evidence, role + "_" + std::to_string(k), {&doc(r.evidence[k].doc)});
      for (std::size_t k = 0; k < r.evidence.size(); ++k) write_evidence(role + "_" + std::to_string(k), r.evidence[k]);
    }
  }
  sink.finish();
}

}  // namespace newsgraph
