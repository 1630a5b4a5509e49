#include "graph/knowledge_graph.hpp"

#include <algorithm>
#include <tuple>

#include "graph/error.hpp"

namespace newsgraph {
namespace {

template <class T>
void merge_sorted_unique(std::vector<T>& into, const std::vector<T>& from) {
  into.insert(into.end(), from.begin(), from.end());
  std::sort(into.begin(), into.end());
  into.erase(std::unique(into.begin(), into.end()), into.end());
}

// The canonical name must not depend on which document came first: prefer the
// longer name, then the lexicographically smaller.
bool better_name(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() > b.size();
  return a < b;
}

// The canonical name is the best of the canonical names the documents gave (never a
// titled alias such as "NATO Secretary General Mark Rutte"); a maximum over a set, so
// it does not depend on the order documents arrive in.
void merge_names(NodeData& into, const NodeData& from) {
  std::vector<std::string> all = into.aliases;
  all.insert(all.end(), from.aliases.begin(), from.aliases.end());
  all.push_back(into.name);
  all.push_back(from.name);
  if (into.name.empty() || (!from.name.empty() && better_name(from.name, into.name))) into.name = from.name;
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  all.erase(std::remove(all.begin(), all.end(), std::string()), all.end());
  all.erase(std::remove(all.begin(), all.end(), into.name), all.end());
  into.aliases = std::move(all);
}

std::string slug(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.')
      out += static_cast<char>(c);
    else {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string make_quote_id(const std::string& doc_id, Span span) {
  return "quote/" + slug(doc_id) + "/" + std::to_string(span.start) + "-" + std::to_string(span.end);
}

std::optional<Vertex> KnowledgeGraph::find(const std::string& id) const {
  auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

Vertex KnowledgeGraph::upsert_node(const NodeData& node) {
  auto it = index_.find(node.id);
  if (it == index_.end()) {
    NodeData copy = node;
    std::sort(copy.aliases.begin(), copy.aliases.end());
    copy.aliases.erase(std::unique(copy.aliases.begin(), copy.aliases.end()), copy.aliases.end());
    std::sort(copy.mentions.begin(), copy.mentions.end());
    copy.mentions.erase(std::unique(copy.mentions.begin(), copy.mentions.end()), copy.mentions.end());
    const Vertex v = boost::add_vertex(std::move(copy), g_);
    index_.emplace(node.id, v);
    return v;
  }
  NodeData& into = g_[it->second];
  if (into.kind != node.kind)
    throw Error(ErrorKind::Input, "id '" + node.id + "' names both an entity and a quotation");
  merge_names(into, node);
  merge_sorted_unique(into.mentions, node.mentions);
  if (into.normalized.empty() || (!node.normalized.empty() && node.normalized < into.normalized))
    into.normalized = node.normalized.empty() ? into.normalized : node.normalized;
  return it->second;
}

Edge KnowledgeGraph::upsert_edge(Vertex from, Vertex to, const EdgeData& edge) {
  for (auto [ei, end] = boost::out_edges(from, g_); ei != end; ++ei) {
    if (boost::target(*ei, g_) != to) continue;
    EdgeData& d = g_[*ei];
    if (d.predicate == edge.predicate && d.role == edge.role && d.lemma == edge.lemma) {
      d.confidence = std::max(d.confidence, edge.confidence);
      merge_sorted_unique(d.evidence, edge.evidence);
      return *ei;
    }
  }
  EdgeData copy = edge;
  std::sort(copy.evidence.begin(), copy.evidence.end());
  copy.evidence.erase(std::unique(copy.evidence.begin(), copy.evidence.end()), copy.evidence.end());
  return boost::add_edge(from, to, std::move(copy), g_).first;
}

void KnowledgeGraph::add_document(const std::string& id, const DocumentMeta& meta, std::uint64_t text_hash) {
  auto [it, inserted] = docs_.emplace(id, DocumentInfo{meta, text_hash});
  if (!inserted && it->second.meta.title.empty()) it->second.meta = meta;
}

bool KnowledgeGraph::add(const AnnotatedDocument& a) {
  const std::uint64_t hash = fnv1a64(a.doc.text);
  if (auto it = docs_.find(a.doc.id); it != docs_.end() && it->second.text_hash == hash) return false;
  DocumentMeta meta = a.doc.meta;
  meta.source.clear();  // where a file was read from is not part of the graph
  add_document(a.doc.id, meta, hash);

  auto evidence_of = [&](Span s) {
    return Evidence{a.doc.id, s, a.doc.text.substr(s.start, s.size())};
  };
  auto sentence_span = [&](std::uint32_t s) {
    return s < a.sentences.size() ? a.sentences[s].span : Span{};
  };

  std::vector<Vertex> entity_vertex(a.entities.size());
  for (std::size_t i = 0; i < a.entities.size(); ++i) {
    const Entity& e = a.entities[i];
    NodeData n;
    n.kind = NodeKind::Entity;
    n.id = e.id;
    n.type = e.type;
    n.name = e.name;
    n.aliases = e.aliases;
    n.normalized = e.normalized;
    for (auto m : e.mentions) n.mentions.push_back(evidence_of(a.mentions[m].span));
    entity_vertex[i] = upsert_node(n);
  }
  auto entity = [&](int i) { return entity_vertex[static_cast<std::size_t>(i)]; };

  for (const Quotation& q : a.quotations) {
    NodeData n;
    n.kind = NodeKind::Quotation;
    n.id = make_quote_id(a.doc.id, q.span);
    n.type = EntityType::MISC;
    n.name = q.text;
    n.text = q.text;
    n.cue = q.cue;
    n.quote_kind = q.kind;
    n.date = a.doc.meta.date;
    n.unclosed = q.unclosed;
    n.mentions.push_back(evidence_of(q.span));
    const Vertex qv = upsert_node(n);
    const Span cue_sentence = sentence_span(q.sentence);
    if (q.speaker >= 0) {
      EdgeData said;
      said.predicate = "said";
      said.lemma = q.cue_lemma;
      said.evidence.push_back(evidence_of(q.cue_span.empty() ? q.span : q.cue_span));
      upsert_edge(entity(q.speaker), qv, said);
      if (q.addressee >= 0) {
        EdgeData to;
        to.predicate = "addressed";
        to.evidence.push_back(evidence_of(cue_sentence.empty() ? q.span : cue_sentence));
        upsert_edge(entity(q.speaker), entity(q.addressee), to);
      }
    }
    for (int about : q.about) {
      EdgeData ab;
      ab.predicate = "about";
      ab.evidence.push_back(evidence_of(q.span));
      upsert_edge(qv, entity(about), ab);
    }
  }

  for (const Relation& r : a.relations) {
    if (r.subject < 0 || r.object < 0) continue;
    EdgeData d;
    d.predicate = r.predicate;
    d.role = r.role;
    d.lemma = r.lemma;
    d.confidence = r.confidence;
    d.evidence.push_back(evidence_of(r.evidence.empty() ? sentence_span(r.sentence) : r.evidence));
    upsert_edge(entity(r.subject), entity(r.object), d);
  }
  return true;
}

void KnowledgeGraph::merge(const KnowledgeGraph& other) {
  for (const auto& [id, info] : other.docs_) add_document(id, info.meta, info.text_hash);
  for (Vertex v : other.sorted_vertices()) upsert_node(other.g_[v]);
  for (Edge e : other.sorted_edges()) {
    const Vertex s = index_.at(other.g_[boost::source(e, other.g_)].id);
    const Vertex t = index_.at(other.g_[boost::target(e, other.g_)].id);
    upsert_edge(s, t, other.g_[e]);
  }
}

std::vector<Vertex> KnowledgeGraph::sorted_vertices() const {
  std::vector<Vertex> out;
  out.reserve(index_.size());
  for (const auto& [id, v] : index_) out.push_back(v);
  return out;
}

std::vector<Edge> KnowledgeGraph::sorted_edges() const {
  // Order: (source id, predicate, role, lemma, target id). Ids are unique, so a
  // vertex's rank in id order compares as its id does, without comparing long id
  // strings a million times.
  std::vector<std::uint32_t> rank(boost::num_vertices(g_));
  std::uint32_t r = 0;
  for (const auto& [id, v] : index_) rank[v] = r++;
  struct Keyed {
    std::uint32_t source, target;
    Edge e;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(boost::num_edges(g_));
  for (auto [ei, end] = boost::edges(g_); ei != end; ++ei)
    keyed.push_back({rank[boost::source(*ei, g_)], rank[boost::target(*ei, g_)], *ei});
  std::sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
    if (a.source != b.source) return a.source < b.source;
    const EdgeData &x = g_[a.e], &y = g_[b.e];
    return std::tie(x.predicate, x.role, x.lemma, a.target) < std::tie(y.predicate, y.role, y.lemma, b.target);
  });
  std::vector<Edge> out;
  out.reserve(keyed.size());
  for (const Keyed& k : keyed) out.push_back(k.e);
  return out;
}

}  // namespace newsgraph
