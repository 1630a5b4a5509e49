#include "export/rdf.hpp"

#include <serd/serd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <tuple>
#include <unordered_map>
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

std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// One RDF term as serd takes it, built once and passed by address to every statement
// that uses it. The node views its text, which must outlive the statements. IRIs are
// full (serd shortens them to prefixed names in Turtle); a literal may point at its
// datatype IRI's node.
struct Term {
  SerdNode node{};
  const SerdNode* datatype = nullptr;
  std::string_view text() const { return {reinterpret_cast<const char*>(node.buf), node.n_bytes}; }
};

Term make_term(SerdType type, std::string_view s, std::size_t chars, const SerdNode* datatype = nullptr) {
  // Built by hand rather than with serd_node_from_string(): that measures with strlen
  // and would cut a literal at its first NUL. Flags stay 0 on purpose: serd then
  // writes every literal as a short "..." string with \n, \t, \" escapes, never as a
  // Turtle """long string""" with raw carriage returns and tabs.
  Term t;
  t.node.buf = reinterpret_cast<const std::uint8_t*>(s.data());
  t.node.n_bytes = s.size();
  t.node.n_chars = chars;
  t.node.flags = 0;
  t.node.type = type;
  t.datatype = datatype;
  return t;
}
Term uri(std::string_view iri) { return make_term(SERD_URI, iri, utf8_chars(iri)); }

// A term together with the text it views (kept in node-based maps, so it never moves).
struct Owned {
  std::string text;
  Term term;
};

bool by_text(const Term* a, const Term* b) { return a->text() < b->text(); }

// The graphs a statement goes into (N-Quads only): views of document terms.
using Graphs = std::span<const Term* const>;

// A blank node label such as "r12" or "m3_0", built on the stack: one is made for
// nearly every statement at 1M edges, so no std::string.
class Label {
 public:
  Label(char kind, std::size_t a) { put(kind).put(a); }
  Label(char kind, std::size_t a, std::size_t b) { put(kind).put(a).put('_').put(b); }
  Term term() const { return make_term(SERD_BLANK, std::string_view(buf_, n_), n_); }

 private:
  Label& put(char c) {
    buf_[n_++] = c;
    return *this;
  }
  Label& put(std::size_t v) {
    n_ = static_cast<std::size_t>(std::to_chars(buf_ + n_, buf_ + sizeof buf_, v).ptr - buf_);
    return *this;
  }
  char buf_[48];  // two 20-digit numbers, a letter and '_'
  std::size_t n_ = 0;
};

// Serialises statements through a serd writer onto a std::ostream. serd escapes
// literals (", \, \n, \r, \t as ECHAR, other controls and NUL as \u00XX) and groups a
// Turtle subject's statements; we percent-encode IRIs beforehand, because serd would
// write a forbidden IRI character as a \u escape, which parsers reject as an IRI.
class SerdSinkWriter {
 public:
  SerdSinkWriter(std::ostream& out, RdfSyntax syntax) : out_(out), syntax_(syntax) {
    buf_.reserve(kFlushAt + 8192);
    env_.reset(serd_env_new(nullptr));
    if (!env_) throw Error(ErrorKind::Internal, "serd: cannot create an environment");
    const SerdSyntax s = syntax == RdfSyntax::NTriples ? SERD_NTRIPLES
                         : syntax == RdfSyntax::NQuads ? SERD_NQUADS
                                                       : SERD_TURTLE;
    // UTF-8 output (RDF 1.1 N-Triples is UTF-8; rapper and Oxigraph read it), written
    // in pages. Turtle abbreviates (';' and ',') and uses the prefixes set below.
    unsigned style = SERD_STYLE_BULK;
    if (syntax == RdfSyntax::Turtle) style |= SERD_STYLE_ABBREVIATED | SERD_STYLE_CURIED;
    writer_.reset(serd_writer_new(s, static_cast<SerdStyle>(style), env_.get(), nullptr, &SerdSinkWriter::sink, this));
    if (!writer_) throw Error(ErrorKind::Internal, "serd: cannot create a writer");
    serd_writer_set_error_sink(writer_.get(), &SerdSinkWriter::on_error, this);
    if (syntax == RdfSyntax::Turtle) {
      prefix("rdf", kRdf);
      prefix("xsd", kXsd);
      prefix("schema", kSchemaNamespace);
      prefix("ng", kNewsgraphNamespace);
    }
  }

  // The term of a vocabulary IRI given as "rdf:x", "xsd:x", "schema:x" or "ng:x",
  // interned: the returned reference stays valid as long as the writer.
  const Term& vocab(std::string_view curie) {
    auto it = vocab_cache_.find(curie);
    if (it == vocab_cache_.end()) {
      const auto colon = curie.find(':');
      const std::string_view prefix = curie.substr(0, colon);
      const std::string_view local = curie.substr(colon + 1);
      const std::string_view ns = prefix == "rdf" ? kRdf : prefix == "xsd" ? kXsd : prefix == "schema" ? kSchemaNamespace
                                                                                                       : kNewsgraphNamespace;
      it = vocab_cache_.emplace(std::string(curie), Owned{iri_text(std::string(ns) + std::string(local)), {}}).first;
      it->second.term = uri(it->second.text);  // the map node never moves
    }
    return it->second.term;
  }

  // An IRI as serd must receive it: every byte IRIREF forbids percent-encoded. Our
  // IRIs never contain them (ids are percent-encoded, the base is checked), but the
  // writer must not be the one to break the syntax.
  static std::string iri_text(std::string_view full) {
    std::string t;
    t.reserve(full.size());
    for (unsigned char c : full) {
      if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' ||
          c == '`' || c == '\\' || c == 0x7F) {
        static const char* hex = "0123456789ABCDEF";
        t += '%';
        t += hex[c >> 4];
        t += hex[c & 15];
      } else {
        t += static_cast<char>(c);
      }
    }
    return t;
  }

  // A literal; invalid UTF-8 becomes U+FFFD (serd would copy bad bytes through). The
  // repaired copies are kept until the writer is done (they are rare).
  Term literal(std::string_view raw, const Term* datatype = nullptr) {
    const SerdNode* dt = datatype ? &datatype->node : nullptr;
    const std::size_t chars = utf8_length(raw);
    if (chars != std::string_view::npos) return make_term(SERD_LITERAL, raw, chars, dt);
    repaired_.push_back(repair_utf8(raw));
    return make_term(SERD_LITERAL, repaired_.back(), utf8_chars(repaired_.back()), dt);
  }

  // One statement in each of `graphs` (N-Quads only; the default graph if none).
  void triple(const Term& s, const Term& p, const Term& o, Graphs graphs = {}) {
    if (syntax_ == RdfSyntax::NQuads && !graphs.empty()) {
      for (const Term* g : graphs) statement(s, p, o, g);
    } else {
      statement(s, p, o, nullptr);
    }
  }

  void finish() {
    check(serd_writer_finish(writer_.get()));
    writer_.reset();  // frees the writer, which flushes its last page into buf_
    drain();
    out_.flush();
    if (failed_ || !out_) throw Error(ErrorKind::Io, "writing RDF failed");
  }

 private:
  // serd hands over 4 KiB pages; gathering them into 1 MiB writes saves the stream
  // and the kernel most of their per-call work (the output is ~1 GB at 1M edges).
  static constexpr std::size_t kFlushAt = std::size_t{1} << 20;

  void prefix(const char* name, std::string_view ns) {
    const std::string n(name);
    const std::string u(ns);
    const Term nn = make_term(SERD_LITERAL, n, n.size());
    const Term un = make_term(SERD_URI, u, u.size());
    check(serd_writer_set_prefix(writer_.get(), &nn.node, &un.node));
  }

  void statement(const Term& s, const Term& p, const Term& o, const Term* g) {
    const SerdStatus st = serd_writer_write_statement(writer_.get(), 0, g ? &g->node : nullptr, &s.node, &p.node,
                                                      &o.node, o.datatype, nullptr);
    if (st != SERD_SUCCESS || failed_) check(st);
  }

  void check(SerdStatus st) {
    if (failed_ || !out_) throw Error(ErrorKind::Io, "writing RDF failed");
    if (st != SERD_SUCCESS) {
      const std::string what = messages_.empty() ? std::string(serd_strerror_text(st)) : messages_;
      throw Error(ErrorKind::Internal, "serd could not write a statement: " + what);
    }
  }
  static std::string serd_strerror_text(SerdStatus st) {
    return reinterpret_cast<const char*>(serd_strerror(st));
  }

  void drain() {
    if (buf_.empty()) return;
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
    if (!out_) failed_ = true;
  }
  static std::size_t sink(const void* buf, std::size_t len, void* self) {
    auto* w = static_cast<SerdSinkWriter*>(self);
    if (w->buf_.size() + len > kFlushAt) w->drain();
    if (w->failed_) return 0;
    w->buf_.append(static_cast<const char*>(buf), len);
    return len;
  }
  static SerdStatus on_error(void* self, const SerdError* e) {
    auto* w = static_cast<SerdSinkWriter*>(self);
    char msg[512];
    va_list args;
    va_copy(args, *e->args);
    std::vsnprintf(msg, sizeof msg, reinterpret_cast<const char*>(e->fmt), args);
    va_end(args);
    w->messages_ += msg;
    return SERD_SUCCESS;
  }

  struct EnvFree {
    void operator()(SerdEnv* e) const { serd_env_free(e); }
  };
  struct WriterFree {
    void operator()(SerdWriter* w) const { serd_writer_free(w); }
  };

  std::ostream& out_;
  RdfSyntax syntax_;
  bool failed_ = false;
  std::string messages_;
  std::string buf_;
  std::map<std::string, Owned, std::less<>> vocab_cache_;
  std::deque<std::string> repaired_;
  std::unique_ptr<SerdEnv, EnvFree> env_;
  // Last: freeing the writer flushes its page through sink(), into the members above.
  std::unique_ptr<SerdWriter, WriterFree> writer_;
};

// xsd_double() for each relation's confidence, remembered per value: real graphs have
// few distinct confidences, and formatting one costs a printf.
class DoubleCache {
 public:
  std::string_view operator()(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    auto it = cache_.find(bits);
    if (it != cache_.end()) return it->second;
    if (cache_.size() < kMax) return cache_.emplace(bits, xsd_double(v)).first->second;
    scratch_ = xsd_double(v);
    return scratch_;
  }

 private:
  static constexpr std::size_t kMax = 1 << 16;
  std::unordered_map<std::uint64_t, std::string> cache_;
  std::string scratch_;
};

}  // namespace

void write_rdf(const KnowledgeGraph& kg, std::ostream& out, RdfSyntax syntax, const RdfOptions& options) {
  check_base_iri(options.base);
  SerdSinkWriter sink(out, syntax);
  const Graph& g = kg.graph();
  const std::string& base = options.base;
  // Only N-Quads names graphs: the other syntaxes skip working out which documents
  // support a statement.
  const bool quads = syntax == RdfSyntax::NQuads;

  const Term& rdf_type = sink.vocab("rdf:type");
  const Term& p_mention = sink.vocab("ng:mention");
  const Term& p_evidence = sink.vocab("ng:evidence");
  const Term& p_document = sink.vocab("ng:document");
  const Term& p_start = sink.vocab("ng:start");
  const Term& p_end = sink.vocab("ng:end");
  const Term& p_text = sink.vocab("ng:text");
  const Term& p_name = sink.vocab("schema:name");
  const Term& t_evidence = sink.vocab("ng:Evidence");
  const Term& t_role = sink.vocab("schema:Role");
  const Term& p_role_name = sink.vocab("schema:roleName");
  const Term& p_lemma = sink.vocab("ng:lemma");
  const Term& p_confidence = sink.vocab("ng:confidence");
  const Term& t_quotation = sink.vocab("schema:Quotation");
  const Term& p_quote_text = sink.vocab("schema:text");
  const Term& p_cue = sink.vocab("ng:cue");
  const Term& p_quote_kind = sink.vocab("ng:quoteKind");
  const Term& p_date_created = sink.vocab("schema:dateCreated");
  const Term& p_unclosed = sink.vocab("ng:unclosed");
  const Term& p_spoken_by = sink.vocab("schema:spokenByCharacter");
  const Term& p_about = sink.vocab("schema:about");
  const Term& p_is_part_of = sink.vocab("schema:isPartOf");
  const Term& p_entity_type = sink.vocab("ng:entityType");
  const Term& p_alternate_name = sink.vocab("schema:alternateName");
  const Term& p_normalized = sink.vocab("ng:normalized");
  const Term& xsd_integer = sink.vocab("xsd:integer");
  const Term& xsd_double_type = sink.vocab("xsd:double");
  const Term& xsd_boolean = sink.vocab("xsd:boolean");

  // Document IRIs double as N-Quads graph names. Terms view the strings of
  // std::map nodes, which never move. Consecutive look-ups are mostly for the same
  // document (a relation's evidence, an entity's mentions): the last one is remembered.
  std::map<std::string, Owned, std::less<>> doc_term;
  const std::string* last_doc_id = nullptr;
  const Term* last_doc = nullptr;
  auto doc = [&](const std::string& id) -> const Term& {
    if (last_doc_id != nullptr && *last_doc_id == id) return *last_doc;
    auto it = doc_term.find(id);
    if (it == doc_term.end()) {
      it = doc_term.emplace(id, Owned{SerdSinkWriter::iri_text(base + "doc/" + iri_escape_path(id)), {}}).first;
      it->second.term = uri(it->second.text);
    }
    last_doc_id = &it->first;
    last_doc = &it->second.term;
    return *last_doc;
  };
  // The one graph of a statement about a single mention or evidence (N-Quads only).
  const Term* single_graph = nullptr;
  auto in_doc = [&](const std::string& id) -> Graphs {
    if (!quads) return {};
    single_graph = &doc(id);
    return Graphs(&single_graph, 1);
  };

  for (const auto& [id, info] : kg.documents()) {
    const Term& s = doc(id);
    const Term* const gs_storage[1] = {&s};
    const Graphs gs(gs_storage, 1);
    const DocumentMeta& m = info.meta;
    sink.triple(s, rdf_type, sink.vocab("schema:NewsArticle"), gs);
    sink.triple(s, sink.vocab("schema:identifier"), sink.literal(id), gs);
    if (!m.title.empty()) sink.triple(s, sink.vocab("schema:headline"), sink.literal(m.title), gs);
    if (!m.date.empty()) sink.triple(s, sink.vocab("schema:datePublished"), sink.literal(m.date), gs);
    if (!m.url.empty()) sink.triple(s, sink.vocab("schema:url"), sink.literal(m.url), gs);
    if (!m.source.empty()) sink.triple(s, sink.vocab("ng:source"), sink.literal(m.source), gs);
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(info.text_hash));
    sink.triple(s, sink.vocab("ng:textHash"), sink.literal(hash), gs);
  }

  const std::vector<Vertex> vertices = kg.sorted_vertices();
  std::vector<std::string> node_iri(boost::num_vertices(g));
  std::vector<Term> node_term(boost::num_vertices(g));
  for (Vertex v : vertices) {
    node_iri[v] = SerdSinkWriter::iri_text(base + iri_escape_path(g[v].id));
    node_term[v] = uri(node_iri[v]);
  }

  // The documents that support a statement, by IRI text, into a reused vector.
  auto graphs_of = [&](const std::vector<Evidence>& evidence, std::vector<const Term*>& gs) -> Graphs {
    gs.clear();
    if (!quads) return {};
    for (const auto& e : evidence) gs.push_back(&doc(e.doc));
    std::sort(gs.begin(), gs.end(), by_text);
    gs.erase(std::unique(gs.begin(), gs.end()), gs.end());
    return gs;
  };
  auto write_evidence = [&](const Term& node, const Evidence& e) {
    const Graphs gs = in_doc(e.doc);
    char start[16];
    char end[16];
    const auto start_end = std::to_chars(start, start + sizeof start, e.span.start).ptr;
    const auto end_end = std::to_chars(end, end + sizeof end, e.span.end).ptr;
    sink.triple(node, rdf_type, t_evidence, gs);
    sink.triple(node, p_document, doc(e.doc), gs);
    sink.triple(node, p_start, sink.literal(std::string_view(start, static_cast<std::size_t>(start_end - start)), &xsd_integer), gs);
    sink.triple(node, p_end, sink.literal(std::string_view(end, static_cast<std::size_t>(end_end - end)), &xsd_integer), gs);
    sink.triple(node, p_text, sink.literal(e.text), gs);
  };

  // Predicates: a handful of distinct strings, each term found once.
  std::map<std::string, const Term*, std::less<>> predicate_terms;
  const std::string* last_predicate = nullptr;
  const Term* last_predicate_term = nullptr;
  auto predicate_term = [&](const std::string& predicate) -> const Term& {
    if (last_predicate != nullptr && *last_predicate == predicate) return *last_predicate_term;
    auto it = predicate_terms.find(predicate);
    if (it == predicate_terms.end())
      it = predicate_terms.emplace(predicate, &sink.vocab(jsonld_predicate_term(predicate))).first;
    last_predicate = &it->first;
    last_predicate_term = it->second;
    return *last_predicate_term;
  };
  DoubleCache confidence_text;

  // Each vertex's relations in KnowledgeGraph::sorted_edges() order (source id,
  // predicate, role, lemma, target id), numbered across the graph as there, but sorted
  // per vertex with the target's rank standing in for its id: sorting 1M edges by their
  // long id strings cost more than a second.
  std::vector<std::size_t> rank(boost::num_vertices(g));
  for (std::size_t i = 0; i < vertices.size(); ++i) rank[vertices[i]] = i;
  std::vector<Edge> out_edges;
  auto sorted_out_edges = [&](Vertex v) {
    out_edges.clear();
    for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei) out_edges.push_back(*ei);
    std::sort(out_edges.begin(), out_edges.end(), [&](Edge a, Edge b) {
      const EdgeData& x = g[a];
      const EdgeData& y = g[b];
      return std::tie(x.predicate, x.role, x.lemma, rank[boost::target(a, g)]) <
             std::tie(y.predicate, y.role, y.lemma, rank[boost::target(b, g)]);
    });
  };

  std::vector<const Term*> vertex_graphs;
  std::vector<const Term*> edge_graphs;
  std::vector<const Term*> objects;
  std::size_t next_edge = 0;
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    const Vertex v = vertices[i];
    const NodeData& d = g[v];
    const Term& s = node_term[v];
    const Graphs gs = graphs_of(d.mentions, vertex_graphs);

    if (d.kind == NodeKind::Quotation) {
      sink.triple(s, rdf_type, t_quotation, gs);
      sink.triple(s, p_quote_text, sink.literal(d.text), gs);
      if (d.name != d.text) sink.triple(s, p_name, sink.literal(d.name), gs);
      if (!d.cue.empty()) sink.triple(s, p_cue, sink.literal(d.cue), gs);
      sink.triple(s, p_quote_kind, sink.literal(to_string(d.quote_kind)), gs);
      if (!d.date.empty()) sink.triple(s, p_date_created, sink.literal(d.date), gs);
      if (d.unclosed) sink.triple(s, p_unclosed, sink.literal("true", &xsd_boolean), gs);
      // Each list ordered by the IRI text, without repeats, as the N-Triples lines
      // were before serd.
      auto write_objects = [&](const Term& p) {
        std::sort(objects.begin(), objects.end(), by_text);
        objects.erase(std::unique(objects.begin(), objects.end()), objects.end());
        for (const Term* o : objects) sink.triple(s, p, *o, gs);
        objects.clear();
      };
      for (auto [ei, end] = boost::in_edges(v, g); ei != end; ++ei)
        if (g[*ei].predicate == "said") objects.push_back(&node_term[boost::source(*ei, g)]);
      write_objects(p_spoken_by);
      for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei)
        if (g[*ei].predicate == "about") objects.push_back(&node_term[boost::target(*ei, g)]);
      write_objects(p_about);
      for (const auto& m : d.mentions) objects.push_back(&doc(m.doc));
      write_objects(p_is_part_of);
    } else {
      const std::string_view type = jsonld_entity_type(d.type);
      sink.triple(s, rdf_type,
                  sink.vocab(type.find(':') == std::string_view::npos ? "schema:" + std::string(type)
                                                                      : std::string(type)),
                  gs);
      sink.triple(s, p_entity_type, sink.literal(to_string(d.type)), gs);
      sink.triple(s, p_name, sink.literal(d.name), gs);
    }
    for (const auto& a : d.aliases) sink.triple(s, p_alternate_name, sink.literal(a), gs);
    if (!d.normalized.empty()) sink.triple(s, p_normalized, sink.literal(d.normalized), gs);
    for (std::size_t k = 0; k < d.mentions.size(); ++k)
      sink.triple(s, p_mention, Label('m', i, k).term(), in_doc(d.mentions[k].doc));

    sorted_out_edges(v);
    const std::size_t first_edge = next_edge;
    for (const Edge e : out_edges) {
      const EdgeData& r = g[e];
      sink.triple(s, predicate_term(r.predicate), Label('r', next_edge).term(), graphs_of(r.evidence, edge_graphs));
      ++next_edge;
    }
    for (std::size_t k = 0; k < d.mentions.size(); ++k) write_evidence(Label('m', i, k).term(), d.mentions[k]);
    for (std::size_t j = first_edge; j < next_edge; ++j) {
      const Edge e = out_edges[j - first_edge];
      const EdgeData& r = g[e];
      const Label role_label('r', j);
      const Term role = role_label.term();
      const Graphs rg = graphs_of(r.evidence, edge_graphs);
      sink.triple(role, rdf_type, t_role, rg);
      sink.triple(role, predicate_term(r.predicate), node_term[boost::target(e, g)], rg);
      if (!r.role.empty()) sink.triple(role, p_role_name, sink.literal(r.role), rg);
      if (!r.lemma.empty()) sink.triple(role, p_lemma, sink.literal(r.lemma), rg);
      sink.triple(role, p_confidence, sink.literal(confidence_text(r.confidence), &xsd_double_type), rg);
      for (std::size_t k = 0; k < r.evidence.size(); ++k)
        sink.triple(role, p_evidence, Label('r', j, k).term(), in_doc(r.evidence[k].doc));
      for (std::size_t k = 0; k < r.evidence.size(); ++k) write_evidence(Label('r', j, k).term(), r.evidence[k]);
    }
  }
  sink.finish();
}

}  // namespace newsgraph
