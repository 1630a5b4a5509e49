#include "export/rdf.hpp"

#include <serd/serd.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
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

// One RDF term as serd takes it: a view, so no statement copies its strings. IRIs are
// full (serd shortens them to prefixed names in Turtle); literals carry their datatype
// IRI. The viewed text must outlive the statement that uses the term.
struct Term {
  SerdType type = SERD_URI;
  std::string_view value;
  const std::string* datatype = nullptr;
};

Term blank(std::string_view label) { return Term{SERD_BLANK, label, nullptr}; }
Term uri(std::string_view iri) { return Term{SERD_URI, iri, nullptr}; }

std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

SerdNode serd_node(SerdType type, std::string_view s) {
  // Built by hand rather than with serd_node_from_string(): that measures with strlen
  // and would cut a literal at its first NUL. Flags stay 0 on purpose: serd then
  // writes every literal as a short "..." string with \n, \t, \" escapes, never as a
  // Turtle """long string""" with raw carriage returns and tabs.
  SerdNode n{};
  n.buf = reinterpret_cast<const std::uint8_t*>(s.data());
  n.n_bytes = s.size();
  n.n_chars = utf8_chars(s);
  n.flags = 0;
  n.type = type;
  return n;
}

// Serialises statements through a serd writer onto a std::ostream. serd escapes
// literals (", \, \n, \r, \t as ECHAR, other controls and NUL as \u00XX) and groups a
// Turtle subject's statements; we percent-encode IRIs beforehand, because serd would
// write a forbidden IRI character as a \u escape, which parsers reject as an IRI.
class SerdSinkWriter {
 public:
  SerdSinkWriter(std::ostream& out, RdfSyntax syntax) : out_(out), syntax_(syntax) {
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

  // The full IRI of a vocabulary term given as "rdf:x", "xsd:x", "schema:x" or "ng:x",
  // interned: the returned reference stays valid as long as the writer.
  const std::string& vocab(std::string_view curie) {
    auto it = vocab_cache_.find(curie);
    if (it == vocab_cache_.end()) {
      const auto colon = curie.find(':');
      const std::string_view prefix = curie.substr(0, colon);
      const std::string_view local = curie.substr(colon + 1);
      const std::string_view ns = prefix == "rdf" ? kRdf : prefix == "xsd" ? kXsd : prefix == "schema" ? kSchemaNamespace
                                                                                                       : kNewsgraphNamespace;
      it = vocab_cache_.emplace(std::string(curie), iri_text(std::string(ns) + std::string(local))).first;
    }
    return it->second;
  }
  Term vocab_term(std::string_view curie) { return Term{SERD_URI, vocab(curie), nullptr}; }

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
  Term literal(std::string_view raw, const std::string* datatype = nullptr) {
    if (is_valid_utf8(raw)) return Term{SERD_LITERAL, raw, datatype};
    repaired_.push_back(repair_utf8(raw));
    return Term{SERD_LITERAL, repaired_.back(), datatype};
  }
  Term typed(std::string_view lexical, std::string_view datatype_curie) {
    return literal(lexical, &vocab(datatype_curie));
  }

  // One statement in each of `graphs` (N-Quads only; the default graph if none).
  void triple(const Term& s, const Term& p, const Term& o, const std::vector<const Term*>& graphs) {
    if (syntax_ == RdfSyntax::NQuads && !graphs.empty()) {
      for (const Term* g : graphs) statement(s, p, o, g);
    } else {
      statement(s, p, o, nullptr);
    }
  }

  void finish() {
    check(serd_writer_finish(writer_.get()));
    writer_.reset();  // frees the writer, which flushes its last page
    out_.flush();
    if (failed_ || !out_) throw Error(ErrorKind::Io, "writing RDF failed");
  }

 private:
  void prefix(const char* name, std::string_view ns) {
    const std::string n(name);
    const std::string u(ns);
    const SerdNode nn = serd_node(SERD_LITERAL, n);
    const SerdNode un = serd_node(SERD_URI, u);
    check(serd_writer_set_prefix(writer_.get(), &nn, &un));
  }

  void statement(const Term& s, const Term& p, const Term& o, const Term* g) {
    const SerdNode sn = serd_node(s.type, s.value);
    const SerdNode pn = serd_node(p.type, p.value);
    const SerdNode on = serd_node(o.type, o.value);
    SerdNode dn{};
    if (o.datatype) dn = serd_node(SERD_URI, *o.datatype);
    SerdNode gn{};
    if (g) gn = serd_node(g->type, g->value);
    check(serd_writer_write_statement(writer_.get(), 0, g ? &gn : nullptr, &sn, &pn, &on, o.datatype ? &dn : nullptr,
                                      nullptr));
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

  static std::size_t sink(const void* buf, std::size_t len, void* self) {
    auto* w = static_cast<SerdSinkWriter*>(self);
    w->out_.write(static_cast<const char*>(buf), static_cast<std::streamsize>(len));
    if (!w->out_) {
      w->failed_ = true;
      return 0;
    }
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
  std::unique_ptr<SerdEnv, EnvFree> env_;
  std::unique_ptr<SerdWriter, WriterFree> writer_;
  std::map<std::string, std::string, std::less<>> vocab_cache_;
  std::deque<std::string> repaired_;
};

}  // namespace

void write_rdf(const KnowledgeGraph& kg, std::ostream& out, RdfSyntax syntax, const RdfOptions& options) {
  check_base_iri(options.base);
  SerdSinkWriter sink(out, syntax);
  const Graph& g = kg.graph();
  const std::string& base = options.base;

  const Term rdf_type = sink.vocab_term("rdf:type");
  const Term p_mention = sink.vocab_term("ng:mention");
  const Term p_evidence = sink.vocab_term("ng:evidence");
  const Term p_document = sink.vocab_term("ng:document");
  const Term p_start = sink.vocab_term("ng:start");
  const Term p_end = sink.vocab_term("ng:end");
  const Term p_text = sink.vocab_term("ng:text");
  const Term p_name = sink.vocab_term("schema:name");
  const Term t_evidence = sink.vocab_term("ng:Evidence");
  const Term t_role = sink.vocab_term("schema:Role");
  const Term p_role_name = sink.vocab_term("schema:roleName");
  const Term p_lemma = sink.vocab_term("ng:lemma");
  const Term p_confidence = sink.vocab_term("ng:confidence");
  const std::string& xsd_integer = sink.vocab("xsd:integer");

  // Document IRIs double as N-Quads graph names.
  // Terms view these strings: std::map nodes never move.
  std::map<std::string, std::pair<std::string, Term>, std::less<>> doc_term;
  auto doc = [&](const std::string& id) -> const Term& {
    auto it = doc_term.find(id);
    if (it == doc_term.end()) {
      it = doc_term.emplace(id, std::pair<std::string, Term>{SerdSinkWriter::iri_text(base + "doc/" + iri_escape_path(id)), Term{}}).first;
      it->second.second = uri(it->second.first);
    }
    return it->second.second;
  };

  for (const auto& [id, info] : kg.documents()) {
    const Term& s = doc(id);
    const std::vector<const Term*> gs{&s};
    const DocumentMeta& m = info.meta;
    sink.triple(s, rdf_type, sink.vocab_term("schema:NewsArticle"), gs);
    sink.triple(s, sink.vocab_term("schema:identifier"), sink.literal(id), gs);
    if (!m.title.empty()) sink.triple(s, sink.vocab_term("schema:headline"), sink.literal(m.title), gs);
    if (!m.date.empty()) sink.triple(s, sink.vocab_term("schema:datePublished"), sink.literal(m.date), gs);
    if (!m.url.empty()) sink.triple(s, sink.vocab_term("schema:url"), sink.literal(m.url), gs);
    if (!m.source.empty()) sink.triple(s, sink.vocab_term("ng:source"), sink.literal(m.source), gs);
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(info.text_hash));
    sink.triple(s, sink.vocab_term("ng:textHash"), sink.literal(hash), gs);
  }

  const std::vector<Vertex> vertices = kg.sorted_vertices();
  std::vector<std::string> node_iri(boost::num_vertices(g));
  std::vector<Term> node_term(boost::num_vertices(g));
  for (Vertex v : vertices) {
    node_iri[v] = SerdSinkWriter::iri_text(base + iri_escape_path(g[v].id));
    node_term[v] = uri(node_iri[v]);
  }

  auto graphs_of = [&](const std::vector<Evidence>& evidence) {
    std::vector<const Term*> gs;
    for (const auto& e : evidence) gs.push_back(&doc(e.doc));
    std::sort(gs.begin(), gs.end(), [](const Term* a, const Term* b) { return a->value < b->value; });
    gs.erase(std::unique(gs.begin(), gs.end()), gs.end());
    return gs;
  };
  auto write_evidence = [&](const Term& node, const Evidence& e) {
    const std::vector<const Term*> gs{&doc(e.doc)};
    sink.triple(node, rdf_type, t_evidence, gs);
    sink.triple(node, p_document, doc(e.doc), gs);
    sink.triple(node, p_start, sink.literal(std::to_string(e.span.start), &xsd_integer), gs);
    sink.triple(node, p_end, sink.literal(std::to_string(e.span.end), &xsd_integer), gs);
    sink.triple(node, p_text, sink.literal(e.text), gs);
  };

  std::map<std::string, Term, std::less<>> predicate_terms;
  auto predicate_term = [&](const std::string& predicate) -> const Term& {
    auto it = predicate_terms.find(predicate);
    if (it == predicate_terms.end())
      it = predicate_terms.emplace(predicate, sink.vocab_term(jsonld_predicate_term(predicate))).first;
    return it->second;
  };
  std::string label;  // blank node labels, rebuilt per statement
  auto mention_label = [&](const std::string& vi, std::size_t k) -> const std::string& {
    label = "m";
    label += vi;
    label += '_';
    label += std::to_string(k);
    return label;
  };
  const std::vector<Edge> edges = kg.sorted_edges();
  std::size_t next_edge = 0;
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    const Vertex v = vertices[i];
    const NodeData& d = g[v];
    const Term& s = node_term[v];
    const std::vector<const Term*> gs = graphs_of(d.mentions);
    const std::string vi = std::to_string(i);

    if (d.kind == NodeKind::Quotation) {
      sink.triple(s, rdf_type, sink.vocab_term("schema:Quotation"), gs);
      sink.triple(s, sink.vocab_term("schema:text"), sink.literal(d.text), gs);
      if (d.name != d.text) sink.triple(s, p_name, sink.literal(d.name), gs);
      if (!d.cue.empty()) sink.triple(s, sink.vocab_term("ng:cue"), sink.literal(d.cue), gs);
      sink.triple(s, sink.vocab_term("ng:quoteKind"), sink.literal(to_string(d.quote_kind)), gs);
      if (!d.date.empty()) sink.triple(s, sink.vocab_term("schema:dateCreated"), sink.literal(d.date), gs);
      if (d.unclosed) sink.triple(s, sink.vocab_term("ng:unclosed"), sink.typed("true", "xsd:boolean"), gs);
      // Ordered by the IRI text, as the N-Triples lines were before serd.
      std::set<const Term*, bool (*)(const Term*, const Term*)> speakers(
          [](const Term* a, const Term* b) { return a->value < b->value; });
      auto about = speakers;
      auto docs = speakers;
      for (auto [ei, end] = boost::in_edges(v, g); ei != end; ++ei)
        if (g[*ei].predicate == "said") speakers.insert(&node_term[boost::source(*ei, g)]);
      for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei)
        if (g[*ei].predicate == "about") about.insert(&node_term[boost::target(*ei, g)]);
      for (const auto& m : d.mentions) docs.insert(&doc(m.doc));
      for (const Term* o : speakers) sink.triple(s, sink.vocab_term("schema:spokenByCharacter"), *o, gs);
      for (const Term* o : about) sink.triple(s, sink.vocab_term("schema:about"), *o, gs);
      for (const Term* o : docs) sink.triple(s, sink.vocab_term("schema:isPartOf"), *o, gs);
    } else {
      const std::string_view type = jsonld_entity_type(d.type);
      sink.triple(s, rdf_type,
                  sink.vocab_term(type.find(':') == std::string_view::npos ? "schema:" + std::string(type)
                                                                           : std::string(type)),
                  gs);
      sink.triple(s, sink.vocab_term("ng:entityType"), sink.literal(to_string(d.type)), gs);
      sink.triple(s, p_name, sink.literal(d.name), gs);
    }
    for (const auto& a : d.aliases) sink.triple(s, sink.vocab_term("schema:alternateName"), sink.literal(a), gs);
    if (!d.normalized.empty()) sink.triple(s, sink.vocab_term("ng:normalized"), sink.literal(d.normalized), gs);
    for (std::size_t k = 0; k < d.mentions.size(); ++k)
      sink.triple(s, p_mention, blank(mention_label(vi, k)), {&doc(d.mentions[k].doc)});

    const std::size_t first_edge = next_edge;
    while (next_edge < edges.size() && boost::source(edges[next_edge], g) == v) {
      const EdgeData& r = g[edges[next_edge]];
      label = "r" + std::to_string(next_edge);
      sink.triple(s, predicate_term(r.predicate), blank(label), graphs_of(r.evidence));
      ++next_edge;
    }
    for (std::size_t k = 0; k < d.mentions.size(); ++k)
      write_evidence(blank(mention_label(vi, k)), d.mentions[k]);
    for (std::size_t j = first_edge; j < next_edge; ++j) {
      const Edge e = edges[j];
      const EdgeData& r = g[e];
      const std::string role_label = "r" + std::to_string(j);
      const Term role = blank(role_label);
      const std::vector<const Term*> rg = graphs_of(r.evidence);
      sink.triple(role, rdf_type, t_role, rg);
      sink.triple(role, predicate_term(r.predicate), node_term[boost::target(e, g)], rg);
      if (!r.role.empty()) sink.triple(role, p_role_name, sink.literal(r.role), rg);
      if (!r.lemma.empty()) sink.triple(role, p_lemma, sink.literal(r.lemma), rg);
      sink.triple(role, p_confidence, sink.typed(xsd_double(r.confidence), "xsd:double"), rg);
      for (std::size_t k = 0; k < r.evidence.size(); ++k)
        sink.triple(role, p_evidence, blank(label = role_label + "_" + std::to_string(k)), {&doc(r.evidence[k].doc)});
      for (std::size_t k = 0; k < r.evidence.size(); ++k)
        write_evidence(blank(label = role_label + "_" + std::to_string(k)), r.evidence[k]);
    }
  }
  sink.finish();
}

}  // namespace newsgraph
