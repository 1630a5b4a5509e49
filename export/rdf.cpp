#include "export/rdf.hpp"

#include <serd/serd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <span>
#include <system_error>
#include <thread>
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

// An IRI as serd must receive it: every byte IRIREF forbids percent-encoded. Our
// IRIs never contain them (ids are percent-encoded, the base is checked), but the
// writer must not be the one to break the syntax.
std::string iri_text(std::string_view full) {
  std::string t;
  t.reserve(full.size());
  for (unsigned char c : full) {
    if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`' ||
        c == '\\' || c == 0x7F) {
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

// The vocabulary's IRI terms, interned by CURIE ("rdf:x", "xsd:x", "schema:x",
// "ng:x"). Filled on the calling thread before any chunk is written; the chunk writers
// only read the terms it handed out (references stay valid: map nodes never move).
class Vocabulary {
 public:
  const Term& operator()(std::string_view curie) {
    auto it = cache_.find(curie);
    if (it == cache_.end()) {
      const auto colon = curie.find(':');
      const std::string_view prefix = curie.substr(0, colon);
      const std::string_view local = curie.substr(colon + 1);
      const std::string_view ns = prefix == "rdf" ? kRdf : prefix == "xsd" ? kXsd : prefix == "schema" ? kSchemaNamespace
                                                                                                       : kNewsgraphNamespace;
      it = cache_.emplace(std::string(curie), Owned{iri_text(std::string(ns) + std::string(local)), {}}).first;
      it->second.term = uri(it->second.text);
    }
    return it->second.term;
  }

 private:
  std::map<std::string, Owned, std::less<>> cache_;
};

// Serialises statements through one serd writer into a string: one chunk of the
// output. serd escapes literals (", \, \n, \r, \t as ECHAR, other controls and NUL as
// \u00XX) and groups a Turtle subject's statements; IRIs arrive percent-encoded (see
// iri_text), because serd would write a forbidden IRI character as a \u escape, which
// parsers reject as an IRI.
class ChunkWriter {
 public:
  // Turtle's @prefix lines are written by the first chunk only; the later chunks'
  // writers know the prefixes (to shorten IRIs alike) without writing them.
  ChunkWriter(std::string& out, RdfSyntax syntax, bool write_prefixes) : out_(out), syntax_(syntax) {
    env_.reset(serd_env_new(nullptr));
    if (!env_) throw Error(ErrorKind::Internal, "serd: cannot create an environment");
    const SerdSyntax s = syntax == RdfSyntax::NTriples ? SERD_NTRIPLES
                         : syntax == RdfSyntax::NQuads ? SERD_NQUADS
                                                       : SERD_TURTLE;
    // UTF-8 output (RDF 1.1 N-Triples is UTF-8; rapper and Oxigraph read it), written
    // in pages. Turtle abbreviates (';' and ',') and uses the prefixes set below.
    unsigned style = SERD_STYLE_BULK;
    if (syntax == RdfSyntax::Turtle) style |= SERD_STYLE_ABBREVIATED | SERD_STYLE_CURIED;
    writer_.reset(serd_writer_new(s, static_cast<SerdStyle>(style), env_.get(), nullptr, &ChunkWriter::sink, this));
    if (!writer_) throw Error(ErrorKind::Internal, "serd: cannot create a writer");
    serd_writer_set_error_sink(writer_.get(), &ChunkWriter::on_error, this);
    if (syntax == RdfSyntax::Turtle) {
      prefix("rdf", kRdf, write_prefixes);
      prefix("xsd", kXsd, write_prefixes);
      prefix("schema", kSchemaNamespace, write_prefixes);
      prefix("ng", kNewsgraphNamespace, write_prefixes);
    }
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

  // Ends the last statement and flushes serd's last page into the string.
  void finish() {
    check(serd_writer_finish(writer_.get()));
    writer_.reset();
    if (out_of_memory_) throw std::bad_alloc();
  }

 private:
  void prefix(const char* name, std::string_view ns, bool write) {
    const std::string n(name);
    const std::string u(ns);
    const Term nn = make_term(SERD_LITERAL, n, n.size());
    const Term un = make_term(SERD_URI, u, u.size());
    check(write ? serd_writer_set_prefix(writer_.get(), &nn.node, &un.node)
                : serd_env_set_prefix(env_.get(), &nn.node, &un.node));
  }

  void statement(const Term& s, const Term& p, const Term& o, const Term* g) {
    const SerdStatus st = serd_writer_write_statement(writer_.get(), 0, g ? &g->node : nullptr, &s.node, &p.node,
                                                      &o.node, o.datatype, nullptr);
    if (st != SERD_SUCCESS) check(st);
  }

  void check(SerdStatus st) {
    if (out_of_memory_) throw std::bad_alloc();
    if (st != SERD_SUCCESS) {
      const std::string what = messages_.empty() ? std::string(serd_strerror_text(st)) : messages_;
      throw Error(ErrorKind::Internal, "serd could not write a statement: " + what);
    }
  }
  static std::string serd_strerror_text(SerdStatus st) {
    return reinterpret_cast<const char*>(serd_strerror(st));
  }

  // serd hands over 4 KiB pages. No exception may cross serd's C frames: a failed
  // allocation is remembered and thrown once serd has returned.
  static std::size_t sink(const void* buf, std::size_t len, void* self) {
    auto* w = static_cast<ChunkWriter*>(self);
    if (w->out_of_memory_) return 0;
    try {
      w->out_.append(static_cast<const char*>(buf), len);
    } catch (const std::bad_alloc&) {
      w->out_of_memory_ = true;
      return 0;
    }
    return len;
  }
  static SerdStatus on_error(void* self, const SerdError* e) {
    auto* w = static_cast<ChunkWriter*>(self);
    char msg[512];
    va_list args;
    va_copy(args, *e->args);
    std::vsnprintf(msg, sizeof msg, reinterpret_cast<const char*>(e->fmt), args);
    va_end(args);
    if (w->messages_.size() < 4096) w->messages_ += msg;
    return SERD_SUCCESS;
  }

  struct EnvFree {
    void operator()(SerdEnv* e) const { serd_env_free(e); }
  };
  struct WriterFree {
    void operator()(SerdWriter* w) const { serd_writer_free(w); }
  };

  std::string& out_;
  RdfSyntax syntax_;
  bool out_of_memory_ = false;
  std::string messages_;
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

// Everything the chunks share, prepared on the calling thread and read-only while
// chunks are written (by several threads at once): the terms of the vocabulary, of
// the documents and of every vertex, the canonical vertex order and each vertex's
// first role number. Only what costs no pass over the edges: that pass is serial.
struct Prepared {
  Prepared(const KnowledgeGraph& kg, RdfSyntax syn, const std::string& base_iri)
      : g(kg.graph()), syntax(syn), quads(syn == RdfSyntax::NQuads), base(base_iri) {
    rdf_type = &vocab("rdf:type");
    p_mention = &vocab("ng:mention");
    p_evidence = &vocab("ng:evidence");
    p_document = &vocab("ng:document");
    p_start = &vocab("ng:start");
    p_end = &vocab("ng:end");
    p_text = &vocab("ng:text");
    p_name = &vocab("schema:name");
    t_evidence = &vocab("ng:Evidence");
    t_role = &vocab("schema:Role");
    p_role_name = &vocab("schema:roleName");
    p_lemma = &vocab("ng:lemma");
    p_confidence = &vocab("ng:confidence");
    t_quotation = &vocab("schema:Quotation");
    p_quote_text = &vocab("schema:text");
    p_cue = &vocab("ng:cue");
    p_quote_kind = &vocab("ng:quoteKind");
    p_date_created = &vocab("schema:dateCreated");
    p_unclosed = &vocab("ng:unclosed");
    p_spoken_by = &vocab("schema:spokenByCharacter");
    p_about = &vocab("schema:about");
    p_is_part_of = &vocab("schema:isPartOf");
    p_entity_type = &vocab("ng:entityType");
    p_alternate_name = &vocab("schema:alternateName");
    p_normalized = &vocab("ng:normalized");
    xsd_integer = &vocab("xsd:integer");
    xsd_double_type = &vocab("xsd:double");
    xsd_boolean = &vocab("xsd:boolean");
    t_news_article = &vocab("schema:NewsArticle");
    p_identifier = &vocab("schema:identifier");
    p_headline = &vocab("schema:headline");
    p_date_published = &vocab("schema:datePublished");
    p_url = &vocab("schema:url");
    p_source = &vocab("ng:source");
    p_text_hash = &vocab("ng:textHash");
    for (int t = 0; t < kEntityTypeCount; ++t) {
      const std::string_view type = jsonld_entity_type(static_cast<EntityType>(t));
      entity_type[static_cast<std::size_t>(t)] =
          &vocab(type.find(':') == std::string_view::npos ? "schema:" + std::string(type) : std::string(type));
    }

    for (const auto& [id, info] : kg.documents()) {
      auto& d = docs.emplace(id, Owned{document_iri(id), {}}).first->second;
      d.term = uri(d.text);
      doc_index.emplace(id, &d.term);
    }
    vertices = kg.sorted_vertices();
    const std::size_t n = boost::num_vertices(g);
    node_iri.resize(n);
    node_term.resize(n);
    rank.resize(n);
    first_edge.resize(vertices.size() + 1);
    weight.resize(vertices.size());
    // Roles are numbered across the graph in vertex order: each vertex's first
    // number is the sum of the out-degrees before it.
    std::size_t edges = 0;
    for (std::size_t i = 0; i < vertices.size(); ++i) {
      const Vertex v = vertices[i];
      const NodeData& d = g[v];
      rank[v] = i;
      node_iri[v] = iri_text(base + iri_escape_path(d.id));
      node_term[v] = uri(node_iri[v]);
      first_edge[i] = edges;
      const std::size_t degree = boost::out_degree(v, g);
      edges += degree;
      // About the statements the vertex makes (N-Triples lines).
      weight[i] = 6 + d.aliases.size() + 7 * d.mentions.size() + 14 * degree;
    }
    first_edge[vertices.size()] = edges;
  }

  std::string document_iri(std::string_view id) const { return iri_text(base + "doc/" + iri_escape_path(id)); }

  const Graph& g;
  RdfSyntax syntax;
  bool quads;  // only N-Quads names graphs: the others skip working out which documents support a statement
  std::string base;
  Vocabulary vocab;
  const Term *rdf_type, *p_mention, *p_evidence, *p_document, *p_start, *p_end, *p_text, *p_name, *t_evidence,
      *t_role, *p_role_name, *p_lemma, *p_confidence, *t_quotation, *p_quote_text, *p_cue, *p_quote_kind,
      *p_date_created, *p_unclosed, *p_spoken_by, *p_about, *p_is_part_of, *p_entity_type, *p_alternate_name,
      *p_normalized, *xsd_integer, *xsd_double_type, *xsd_boolean, *t_news_article, *p_identifier, *p_headline,
      *p_date_published, *p_url, *p_source, *p_text_hash;
  std::array<const Term*, kEntityTypeCount> entity_type{};
  // Document IRIs double as N-Quads graph names.
  std::map<std::string, Owned, std::less<>> docs;
  std::unordered_map<std::string_view, const Term*> doc_index;  // views docs
  std::vector<Vertex> vertices;
  std::vector<std::string> node_iri;
  std::vector<Term> node_term;
  std::vector<std::size_t> rank;        // by vertex: its place in `vertices`
  std::vector<std::size_t> first_edge;  // by place: the number of its first role node
  std::vector<std::size_t> weight;      // by place: a rough count of its statements, to cut chunks

};

// One thread's reusable state: look-up shortcuts and scratch vectors. Consecutive
// look-ups are mostly for the same document (a relation's evidence, an entity's
// mentions) or predicate: the last one is remembered.
struct Scratch {
  DoubleCache confidence_text;
  // Terms found while writing, so that no serial pass over the edges is needed
  // first: predicates (a handful) and any document that evidence names but the graph
  // does not list. The same IRI text as a shared term would have.
  Vocabulary vocab;
  std::map<std::string, const Term*, std::less<>> predicates;
  std::map<std::string, Owned, std::less<>> unlisted_docs;
  std::vector<Edge> out_edges;
  std::vector<const Term*> vertex_graphs;
  std::vector<const Term*> edge_graphs;
  std::vector<const Term*> objects;
  const std::string* last_doc_id = nullptr;
  const Term* last_doc = nullptr;
  const std::string* last_predicate = nullptr;
  const Term* last_predicate_term = nullptr;
  const Term* single_graph = nullptr;
};

// Writes the statements of the documents or of a range of vertices into a chunk.
class ChunkSerialiser {
 public:
  ChunkSerialiser(const Prepared& p, Scratch& s, ChunkWriter& w) : p_(p), s_(s), w_(w) {}

  void documents(const KnowledgeGraph& kg) {
    for (const auto& [id, info] : kg.documents()) {
      const Term& s = doc(id);
      const Term* const gs_storage[1] = {&s};
      const Graphs gs(gs_storage, 1);
      const DocumentMeta& m = info.meta;
      w_.triple(s, *p_.rdf_type, *p_.t_news_article, gs);
      w_.triple(s, *p_.p_identifier, w_.literal(id), gs);
      if (!m.title.empty()) w_.triple(s, *p_.p_headline, w_.literal(m.title), gs);
      if (!m.date.empty()) w_.triple(s, *p_.p_date_published, w_.literal(m.date), gs);
      if (!m.url.empty()) w_.triple(s, *p_.p_url, w_.literal(m.url), gs);
      if (!m.source.empty()) w_.triple(s, *p_.p_source, w_.literal(m.source), gs);
      char hash[17];
      std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(info.text_hash));
      w_.triple(s, *p_.p_text_hash, w_.literal(hash), gs);
    }
  }

  // The vertex at place i of the canonical order, with its mention and role nodes.
  void vertex(std::size_t i) {
    const Graph& g = p_.g;
    const Vertex v = p_.vertices[i];
    const NodeData& d = g[v];
    const Term& s = p_.node_term[v];
    const Graphs gs = graphs_of(d.mentions, s_.vertex_graphs);

    if (d.kind == NodeKind::Quotation) {
      w_.triple(s, *p_.rdf_type, *p_.t_quotation, gs);
      w_.triple(s, *p_.p_quote_text, w_.literal(d.text), gs);
      if (d.name != d.text) w_.triple(s, *p_.p_name, w_.literal(d.name), gs);
      if (!d.cue.empty()) w_.triple(s, *p_.p_cue, w_.literal(d.cue), gs);
      w_.triple(s, *p_.p_quote_kind, w_.literal(to_string(d.quote_kind)), gs);
      if (!d.date.empty()) w_.triple(s, *p_.p_date_created, w_.literal(d.date), gs);
      if (d.unclosed) w_.triple(s, *p_.p_unclosed, w_.literal("true", p_.xsd_boolean), gs);
      // Each list ordered by the IRI text, without repeats, as the N-Triples lines
      // were before serd.
      std::vector<const Term*>& objects = s_.objects;
      auto write_objects = [&](const Term& pred) {
        std::sort(objects.begin(), objects.end(), by_text);
        objects.erase(std::unique(objects.begin(), objects.end()), objects.end());
        for (const Term* o : objects) w_.triple(s, pred, *o, gs);
        objects.clear();
      };
      for (auto [ei, end] = boost::in_edges(v, g); ei != end; ++ei)
        if (g[*ei].predicate == "said") objects.push_back(&p_.node_term[boost::source(*ei, g)]);
      write_objects(*p_.p_spoken_by);
      for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei)
        if (g[*ei].predicate == "about") objects.push_back(&p_.node_term[boost::target(*ei, g)]);
      write_objects(*p_.p_about);
      for (const auto& m : d.mentions) objects.push_back(&doc(m.doc));
      write_objects(*p_.p_is_part_of);
    } else {
      w_.triple(s, *p_.rdf_type, *p_.entity_type[static_cast<std::size_t>(d.type)], gs);
      w_.triple(s, *p_.p_entity_type, w_.literal(to_string(d.type)), gs);
      w_.triple(s, *p_.p_name, w_.literal(d.name), gs);
    }
    for (const auto& a : d.aliases) w_.triple(s, *p_.p_alternate_name, w_.literal(a), gs);
    if (!d.normalized.empty()) w_.triple(s, *p_.p_normalized, w_.literal(d.normalized), gs);
    for (std::size_t k = 0; k < d.mentions.size(); ++k)
      w_.triple(s, *p_.p_mention, Label('m', i, k).term(), in_doc(d.mentions[k].doc));

    // The vertex's relations in KnowledgeGraph::sorted_edges() order (source id,
    // predicate, role, lemma, target id), numbered across the graph as there, but
    // sorted per vertex with the target's rank standing in for its id: sorting 1M
    // edges by their long id strings cost more than a second.
    std::vector<Edge>& out_edges = s_.out_edges;
    out_edges.clear();
    for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei) out_edges.push_back(*ei);
    const std::vector<std::size_t>& rank = p_.rank;
    std::sort(out_edges.begin(), out_edges.end(), [&](Edge a, Edge b) {
      const EdgeData& x = g[a];
      const EdgeData& y = g[b];
      return std::tie(x.predicate, x.role, x.lemma, rank[boost::target(a, g)]) <
             std::tie(y.predicate, y.role, y.lemma, rank[boost::target(b, g)]);
    });
    const std::size_t first_edge = p_.first_edge[i];
    for (std::size_t k = 0; k < out_edges.size(); ++k) {
      const EdgeData& r = g[out_edges[k]];
      w_.triple(s, predicate_term(r.predicate), Label('r', first_edge + k).term(),
                graphs_of(r.evidence, s_.edge_graphs));
    }
    for (std::size_t k = 0; k < d.mentions.size(); ++k) write_evidence(Label('m', i, k).term(), d.mentions[k]);
    for (std::size_t k = 0; k < out_edges.size(); ++k) {
      const std::size_t j = first_edge + k;
      const Edge e = out_edges[k];
      const EdgeData& r = g[e];
      const Label role_label('r', j);
      const Term role = role_label.term();
      const Graphs rg = graphs_of(r.evidence, s_.edge_graphs);
      w_.triple(role, *p_.rdf_type, *p_.t_role, rg);
      w_.triple(role, predicate_term(r.predicate), p_.node_term[boost::target(e, g)], rg);
      if (!r.role.empty()) w_.triple(role, *p_.p_role_name, w_.literal(r.role), rg);
      if (!r.lemma.empty()) w_.triple(role, *p_.p_lemma, w_.literal(r.lemma), rg);
      w_.triple(role, *p_.p_confidence, w_.literal(s_.confidence_text(r.confidence), p_.xsd_double_type), rg);
      for (std::size_t m = 0; m < r.evidence.size(); ++m)
        w_.triple(role, *p_.p_evidence, Label('r', j, m).term(), in_doc(r.evidence[m].doc));
      for (std::size_t m = 0; m < r.evidence.size(); ++m) write_evidence(Label('r', j, m).term(), r.evidence[m]);
    }
  }

 private:
  const Term& doc(const std::string& id) {
    if (s_.last_doc_id != nullptr && *s_.last_doc_id == id) return *s_.last_doc;
    const Term* t;
    if (const auto it = p_.doc_index.find(id); it != p_.doc_index.end()) {
      t = it->second;
    } else {
      auto u = s_.unlisted_docs.find(id);
      if (u == s_.unlisted_docs.end()) {
        u = s_.unlisted_docs.emplace(id, Owned{p_.document_iri(id), {}}).first;
        u->second.term = uri(u->second.text);
      }
      t = &u->second.term;
    }
    s_.last_doc_id = &id;
    s_.last_doc = t;
    return *t;
  }
  // The one graph of a statement about a single mention or evidence (N-Quads only).
  Graphs in_doc(const std::string& id) {
    if (!p_.quads) return {};
    s_.single_graph = &doc(id);
    return Graphs(&s_.single_graph, 1);
  }
  // The documents that support a statement, by IRI text, into a reused vector.
  Graphs graphs_of(const std::vector<Evidence>& evidence, std::vector<const Term*>& gs) {
    gs.clear();
    if (!p_.quads) return {};
    for (const auto& e : evidence) gs.push_back(&doc(e.doc));
    std::sort(gs.begin(), gs.end(), by_text);
    gs.erase(std::unique(gs.begin(), gs.end()), gs.end());
    return gs;
  }
  const Term& predicate_term(const std::string& predicate) {
    if (s_.last_predicate != nullptr && *s_.last_predicate == predicate) return *s_.last_predicate_term;
    auto it = s_.predicates.find(predicate);
    if (it == s_.predicates.end())
      it = s_.predicates.emplace(predicate, &s_.vocab(jsonld_predicate_term(predicate))).first;
    s_.last_predicate = &predicate;
    s_.last_predicate_term = it->second;
    return *it->second;
  }
  void write_evidence(const Term& node, const Evidence& e) {
    const Graphs gs = in_doc(e.doc);
    char start[16];
    char end[16];
    const auto start_end = std::to_chars(start, start + sizeof start, e.span.start).ptr;
    const auto end_end = std::to_chars(end, end + sizeof end, e.span.end).ptr;
    w_.triple(node, *p_.rdf_type, *p_.t_evidence, gs);
    w_.triple(node, *p_.p_document, doc(e.doc), gs);
    w_.triple(node, *p_.p_start,
              w_.literal(std::string_view(start, static_cast<std::size_t>(start_end - start)), p_.xsd_integer), gs);
    w_.triple(node, *p_.p_end, w_.literal(std::string_view(end, static_cast<std::size_t>(end_end - end)), p_.xsd_integer),
              gs);
    w_.triple(node, *p_.p_text, w_.literal(e.text), gs);
  }

  const Prepared& p_;
  Scratch& s_;
  ChunkWriter& w_;
};

void write_out(std::ostream& out, const std::string& bytes) {
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw Error(ErrorKind::Io, "writing RDF failed");
}

// Runs make(c, buffer, scratch) for the chunks c = 0 .. n-1 on `threads` worker
// threads and writes the buffers to `out` strictly in chunk order from the calling
// thread. At most `window` chunks are in flight (made, not yet written), so memory
// stays bounded however large the graph. The first failing chunk's exception, or
// Error(Io) when the stream fails, reaches the caller once every worker has stopped.
template <class Make>
void run_parallel(std::size_t n, std::size_t threads, std::ostream& out, const Make& make) {
  const std::size_t window = 4 * threads;
  struct Slot {
    std::string bytes;
    std::exception_ptr error;
    bool ready = false;
  };
  std::vector<Slot> slots(window);  // chunk c lives in slot c % window
  std::mutex mutex;
  std::condition_variable made;     // a slot became ready (the caller waits)
  std::condition_variable written;  // a chunk was written or the run stops (workers wait)
  std::size_t next = 0;             // the next chunk to claim
  std::size_t done = 0;             // chunks written to the stream
  bool stop = false;

  auto worker = [&] {
    Scratch scratch;
    std::string bytes;
    std::unique_lock lock(mutex);
    for (;;) {
      written.wait(lock, [&] { return stop || next >= n || next < done + window; });
      if (stop || next >= n) return;
      const std::size_t c = next++;
      lock.unlock();
      std::exception_ptr error;
      try {
        bytes.clear();
        make(c, bytes, scratch);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      // The slot's previous chunk has been written: its buffer comes back to this
      // worker for reuse.
      Slot& slot = slots[c % window];
      std::swap(slot.bytes, bytes);
      slot.error = error;
      slot.ready = true;
      made.notify_one();
    }
  };

  std::vector<std::thread> pool;
  // Stops and joins the workers on every way out, so none outlives the state above.
  struct Joiner {
    std::vector<std::thread>& pool;
    std::mutex& mutex;
    bool& stop;
    std::condition_variable& written;
    ~Joiner() {
      {
        const std::lock_guard lock(mutex);
        stop = true;
      }
      written.notify_all();
      for (auto& t : pool) t.join();
    }
  } joiner{pool, mutex, stop, written};
  try {
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  } catch (const std::system_error&) {
    if (pool.empty()) throw Error(ErrorKind::Internal, "RDF export: cannot start a thread");
  }

  for (std::size_t c = 0; c < n; ++c) {
    Slot& slot = slots[c % window];
    {
      std::unique_lock lock(mutex);
      made.wait(lock, [&] { return slot.ready; });
    }
    if (slot.error) std::rethrow_exception(slot.error);
    // Only this thread touches a ready slot's bytes: no worker claims chunk
    // c + window before `done` passes c.
    write_out(out, slot.bytes);
    {
      const std::lock_guard lock(mutex);
      slot.ready = false;
      ++done;
    }
    written.notify_all();
  }
}

// Statements (roughly) per chunk: a few MB of N-Quads, enough for a worker to
// amortise its writer and hand-over, small enough to keep a handful in memory.
constexpr std::size_t kChunkWeight = std::size_t{1} << 14;
constexpr std::size_t kMaxThreads = 8;           // automatic
constexpr std::size_t kMaxExplicitThreads = 64;  // asked for

}  // namespace

void write_rdf(const KnowledgeGraph& kg, std::ostream& out, RdfSyntax syntax, const RdfOptions& options) {
  check_base_iri(options.base);
  const Prepared prepared(kg, syntax, options.base);

  std::size_t total = 0;
  for (std::size_t w : prepared.weight) total += w;
  std::size_t threads = std::min(options.threads, kMaxExplicitThreads);
  if (threads == 0) {
    threads = total < 4 * kChunkWeight ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, kMaxThreads);
  }
  // Chunks are cut between vertices, so each starts a new subject. N-Triples and
  // N-Quads lines stand alone; serd's Turtle writer (0.30) starts a writer's first
  // subject at the line's beginning and ends its last with " .\n\n", exactly as it
  // separates two subjects, so the concatenation is one writer's output. Chunk 0 also
  // writes the @prefix lines and the documents, and always holds the first vertices:
  // a writer that wrote only prefixes would end without the blank line. An explicit
  // thread count cuts even a small graph into several chunks per thread, so that
  // tests can compare the bytes.
  const std::size_t chunk_weight =
      options.threads > 1 ? std::clamp<std::size_t>(total / (4 * threads), 1, kChunkWeight) : kChunkWeight;
  std::vector<std::size_t> cuts{0};  // chunk c holds the vertices [cuts[c], cuts[c + 1])
  const std::size_t n = prepared.vertices.size();
  for (std::size_t i = 0, w = 0; i + 1 < n; ++i) {
    w += prepared.weight[i];
    if (w >= chunk_weight) {
      cuts.push_back(i + 1);
      w = 0;
    }
  }
  cuts.push_back(n);
  const std::size_t chunks = cuts.size() - 1;

  auto make = [&](std::size_t c, std::string& bytes, Scratch& scratch) {
    ChunkWriter w(bytes, syntax, c == 0);
    ChunkSerialiser s(prepared, scratch, w);
    if (c == 0) s.documents(kg);
    for (std::size_t i = cuts[c]; i < cuts[c + 1]; ++i) s.vertex(i);
    w.finish();
  };

  threads = std::min(threads, chunks);
  if (threads <= 1) {
    Scratch scratch;
    std::string bytes;
    for (std::size_t c = 0; c < chunks; ++c) {
      bytes.clear();
      make(c, bytes, scratch);
      write_out(out, bytes);
    }
  } else {
    run_parallel(chunks, threads, out, make);
  }
  out.flush();
  if (!out) throw Error(ErrorKind::Io, "writing RDF failed");
}

}  // namespace newsgraph
