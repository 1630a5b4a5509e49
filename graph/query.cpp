#include "graph/query.hpp"

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/page_rank.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "graph/error.hpp"

namespace newsgraph {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// True when `needle` occurs in `hay` on word boundaries (both already lower-cased).
bool contains_words(const std::string& hay, const std::string& needle) {
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80); };
  for (std::size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) {
    const bool left = at == 0 || !is_word(hay[at - 1]);
    const std::size_t end = at + needle.size();
    const bool right = end == hay.size() || !is_word(hay[end]);
    if (left && right) return true;
  }
  return false;
}

bool is_entity(const Graph& g, Vertex v) { return g[v].kind == NodeKind::Entity; }

// Every vertex adjacent to v, in either direction, with the edge and its direction;
// sorted by neighbour id so traversals are deterministic.
std::vector<std::tuple<Vertex, Edge, bool>> adjacent(const Graph& g, Vertex v) {
  std::vector<std::tuple<Vertex, Edge, bool>> out;
  for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) out.emplace_back(boost::target(*e, g), *e, false);
  for (auto [e, end] = boost::in_edges(v, g); e != end; ++e) out.emplace_back(boost::source(*e, g), *e, true);
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
    const auto& ia = g[std::get<0>(a)].id;
    const auto& ib = g[std::get<0>(b)].id;
    if (ia != ib) return ia < ib;
    return g[std::get<1>(a)].predicate < g[std::get<1>(b)].predicate;
  });
  return out;
}

// The entity-only projection used by the centrality measures: entity->entity edges
// as they are, and speaker -> each entity a quotation is about.
using Projection = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
using UndirectedProjection = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

template <class G>
G project(const KnowledgeGraph& kg, std::vector<Vertex>& entities) {
  const Graph& g = kg.graph();
  std::map<Vertex, std::size_t> index;
  for (Vertex v : kg.sorted_vertices())
    if (is_entity(g, v)) {
      index.emplace(v, entities.size());
      entities.push_back(v);
    }
  std::set<std::pair<std::size_t, std::size_t>> links;
  for (Edge e : kg.sorted_edges()) {
    const Vertex s = boost::source(e, g), t = boost::target(e, g);
    if (is_entity(g, s) && is_entity(g, t)) {
      if (s != t) links.emplace(index.at(s), index.at(t));
    } else if (g[e].predicate == "said" && !is_entity(g, t)) {
      for (auto [ab, end] = boost::out_edges(t, g); ab != end; ++ab) {
        const Vertex about = boost::target(*ab, g);
        if (is_entity(g, about) && about != s) links.emplace(index.at(s), index.at(about));
      }
    }
  }
  G p(entities.size());
  for (auto [a, b] : links) boost::add_edge(a, b, p);
  return p;
}

}  // namespace

std::optional<Vertex> find_entity(const KnowledgeGraph& kg, const std::string& name) {
  if (auto v = kg.find(name); v && is_entity(kg.graph(), *v)) return v;
  const Graph& g = kg.graph();
  const std::string want = lower(name);
  std::vector<Vertex> partial;
  for (Vertex v : kg.sorted_vertices()) {
    if (!is_entity(g, v)) continue;
    bool partial_hit = false;
    std::vector<const std::string*> names{&g[v].name};
    for (const auto& a : g[v].aliases) names.push_back(&a);
    for (const auto* n : names) {
      const std::string l = lower(*n);
      if (l == want) return v;
      if (contains_words(l, want)) partial_hit = true;
    }
    if (partial_hit) partial.push_back(v);
  }
  if (partial.size() == 1) return partial.front();
  return std::nullopt;
}

std::vector<QuoteRow> find_quotes(const KnowledgeGraph& kg, const QuoteFilter& filter) {
  const Graph& g = kg.graph();
  std::vector<QuoteRow> rows;
  for (Vertex v : kg.sorted_vertices()) {
    if (g[v].kind != NodeKind::Quotation) continue;
    QuoteRow row;
    row.quote = v;
    row.date = g[v].date;
    if (!g[v].mentions.empty()) row.doc = g[v].mentions.front().doc;
    for (auto [e, end] = boost::in_edges(v, g); e != end; ++e)
      if (g[*e].predicate == "said") row.speaker = boost::source(*e, g);
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e)
      if (g[*e].predicate == "about") row.about.push_back(boost::target(*e, g));
    std::sort(row.about.begin(), row.about.end(), [&](Vertex a, Vertex b) { return g[a].id < g[b].id; });
    if (filter.speaker && row.speaker != filter.speaker) continue;
    if (filter.about && std::find(row.about.begin(), row.about.end(), *filter.about) == row.about.end()) continue;
    if (!filter.since.empty() && (row.date.empty() || row.date < filter.since)) continue;
    rows.push_back(std::move(row));
  }
  // The addressee is the one this speaker addressed in the same document and sentence
  // region; the graph stores it as an entity edge, so look it up by shared evidence.
  for (auto& row : rows) {
    if (!row.speaker) continue;
    const Span qspan = g[row.quote].mentions.empty() ? Span{} : g[row.quote].mentions.front().span;
    for (auto [e, end] = boost::out_edges(*row.speaker, g); e != end; ++e) {
      if (g[*e].predicate != "addressed") continue;
      for (const auto& ev : g[*e].evidence)
        if (ev.doc == row.doc && ev.span.overlaps(qspan)) row.addressee = boost::target(*e, g);
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [&](const QuoteRow& a, const QuoteRow& b) {
    if (a.date != b.date) return a.date < b.date;
    if (a.doc != b.doc) return a.doc < b.doc;
    const auto sa = g[a.quote].mentions.empty() ? Span{} : g[a.quote].mentions.front().span;
    const auto sb = g[b.quote].mentions.empty() ? Span{} : g[b.quote].mentions.front().span;
    return sa < sb;
  });
  return rows;
}

std::optional<RankBy> parse_rank_by(std::string_view s) {
  if (s == "mentions") return RankBy::Mentions;
  if (s == "degree") return RankBy::Degree;
  if (s == "pagerank") return RankBy::PageRank;
  if (s == "betweenness") return RankBy::Betweenness;
  return std::nullopt;
}

std::vector<RankedEntity> rank_entities(const KnowledgeGraph& kg, RankBy by, std::optional<EntityType> type,
                                        std::size_t top) {
  const Graph& g = kg.graph();
  std::vector<Vertex> entities;
  std::vector<double> score;
  if (by == RankBy::PageRank) {
    const Projection p = project<Projection>(kg, entities);
    score.assign(entities.size(), 0.0);
    if (!entities.empty())
      boost::graph::page_rank(p, boost::make_iterator_property_map(score.begin(), boost::get(boost::vertex_index, p)),
                              boost::graph::n_iterations(50));
  } else if (by == RankBy::Betweenness) {
    const UndirectedProjection p = project<UndirectedProjection>(kg, entities);
    score.assign(entities.size(), 0.0);
    if (!entities.empty())
      boost::brandes_betweenness_centrality(
          p, boost::make_iterator_property_map(score.begin(), boost::get(boost::vertex_index, p)));
  } else {
    for (Vertex v : kg.sorted_vertices()) {
      if (!is_entity(g, v)) continue;
      entities.push_back(v);
      score.push_back(by == RankBy::Mentions
                          ? static_cast<double>(g[v].mentions.size())
                          : static_cast<double>(boost::out_degree(v, g) + boost::in_degree(v, g)));
    }
  }
  std::vector<RankedEntity> out;
  for (std::size_t i = 0; i < entities.size(); ++i)
    if (!type || g[entities[i]].type == *type) out.push_back({entities[i], score[i]});
  // Entities are in id order already; a stable sort keeps ties by id.
  std::stable_sort(out.begin(), out.end(), [](const RankedEntity& a, const RankedEntity& b) { return a.score > b.score; });
  if (top > 0 && out.size() > top) out.resize(top);
  return out;
}

std::vector<std::pair<Vertex, unsigned>> neighbors(const KnowledgeGraph& kg, Vertex from, unsigned depth) {
  const Graph& g = kg.graph();
  // Quotations are passed through without counting as a hop of their own, so a
  // speaker is one hop from what they talked about.
  std::map<Vertex, unsigned> dist{{from, 0}};
  std::deque<Vertex> queue{from};
  while (!queue.empty()) {
    const Vertex v = queue.front();
    queue.pop_front();
    const unsigned d = dist[v];
    for (const auto& [w, e, rev] : adjacent(g, v)) {
      (void)e;
      (void)rev;
      const unsigned dw = is_entity(g, w) ? d + 1 : d;
      if (dw > depth || dist.count(w)) continue;
      dist[w] = dw;
      if (is_entity(g, w))
        queue.push_back(w);
      else
        queue.push_front(w);
    }
  }
  std::vector<std::pair<Vertex, unsigned>> out;
  for (auto [v, d] : dist)
    if (v != from && is_entity(g, v)) out.emplace_back(v, d);
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second < b.second;
    return g[a.first].id < g[b.first].id;
  });
  return out;
}

std::vector<PathStep> shortest_path(const KnowledgeGraph& kg, Vertex from, Vertex to) {
  const Graph& g = kg.graph();
  if (from == to) return {};
  std::map<Vertex, std::pair<Vertex, PathStep>> parent;
  std::deque<Vertex> queue{from};
  parent.emplace(from, std::make_pair(from, PathStep{}));
  while (!queue.empty() && !parent.count(to)) {
    const Vertex v = queue.front();
    queue.pop_front();
    for (const auto& [w, e, rev] : adjacent(g, v)) {
      if (parent.count(w)) continue;
      parent.emplace(w, std::make_pair(v, PathStep{e, rev}));
      queue.push_back(w);
    }
  }
  if (!parent.count(to)) return {};
  std::vector<PathStep> path;
  for (Vertex v = to; v != from; v = parent.at(v).first) path.push_back(parent.at(v).second);
  std::reverse(path.begin(), path.end());
  return path;
}

GraphStats compute_stats(const KnowledgeGraph& kg) {
  const Graph& g = kg.graph();
  GraphStats s;
  std::map<std::string, std::uint64_t> types, predicates;
  for (Vertex v : kg.sorted_vertices()) {
    if (is_entity(g, v)) {
      ++s.entities;
      ++types[std::string(to_string(g[v].type))];
    } else {
      ++s.quotations;
    }
  }
  for (auto [e, end] = boost::edges(g); e != end; ++e) {
    ++s.edges;
    ++predicates[g[*e].predicate];
  }
  s.entities_by_type.assign(types.begin(), types.end());
  s.edges_by_predicate.assign(predicates.begin(), predicates.end());
  s.documents = kg.documents().size();
  for (const auto& [id, info] : kg.documents()) {
    const auto& d = info.meta.date;
    if (d.empty()) continue;
    if (s.first_date.empty() || d < s.first_date) s.first_date = d;
    if (s.last_date.empty() || d > s.last_date) s.last_date = d;
  }
  return s;
}

namespace {

bool iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// A copy of the vertices marked in `keep`, with mentions and evidence restricted to
// `docs` (nullptr: all). Whatever loses all its evidence to that restriction is
// dropped, as are edges with a dropped end. Only documents in `docs` are recorded.
KnowledgeGraph copy_filtered(const KnowledgeGraph& kg, const std::vector<char>& keep,
                             const std::set<std::string>* docs) {
  const Graph& g = kg.graph();
  KnowledgeGraph out;
  for (const auto& [id, info] : kg.documents())
    if (!docs || docs->count(id)) out.add_document(id, info.meta, info.text_hash);
  auto restrict = [&](std::vector<Evidence>& list) {
    if (!docs) return true;
    const bool had = !list.empty();
    list.erase(std::remove_if(list.begin(), list.end(), [&](const Evidence& e) { return !docs->count(e.doc); }),
               list.end());
    return !had || !list.empty();
  };
  std::vector<std::optional<Vertex>> mapped(boost::num_vertices(g));
  for (Vertex v : kg.sorted_vertices()) {
    if (!keep[v]) continue;
    NodeData n = g[v];
    if (!restrict(n.mentions)) continue;
    mapped[v] = out.upsert_node(n);
  }
  for (Edge e : kg.sorted_edges()) {
    const auto s = mapped[boost::source(e, g)], t = mapped[boost::target(e, g)];
    if (!s || !t) continue;
    EdgeData d = g[e];
    if (!restrict(d.evidence)) continue;
    out.upsert_edge(*s, *t, d);
  }
  return out;
}

// Entities marked in `entity_ok` plus the quotations (when wanted) that touch one.
std::vector<char> with_touching_quotes(const Graph& g, std::vector<char> keep, bool quotations) {
  const std::size_t n = boost::num_vertices(g);
  for (Vertex v = 0; v < n; ++v) {
    if (g[v].kind != NodeKind::Quotation) continue;
    bool touches = false;
    for (auto [e, end] = boost::out_edges(v, g); e != end && !touches; ++e) touches = keep[boost::target(*e, g)];
    for (auto [e, end] = boost::in_edges(v, g); e != end && !touches; ++e) touches = keep[boost::source(*e, g)];
    keep[v] = quotations && touches;
  }
  return keep;
}

}  // namespace

KnowledgeGraph subgraph(const KnowledgeGraph& kg, const SubgraphFilter& f) {
  for (const std::string* d : {&f.from_date, &f.to_date})
    if (!d->empty() && !iso_date(*d)) throw Error(ErrorKind::Usage, "date '" + *d + "' is not YYYY-MM-DD");

  // 1. Dates: restrict everything to the documents in range.
  KnowledgeGraph current;
  {
    const std::size_t n = boost::num_vertices(kg.graph());
    if (f.from_date.empty() && f.to_date.empty()) {
      current = copy_filtered(kg, std::vector<char>(n, 1), nullptr);
    } else {
      std::set<std::string> docs;
      for (const auto& [id, info] : kg.documents()) {
        const std::string& d = info.meta.date;
        if (d.empty() || (!f.from_date.empty() && d < f.from_date) || (!f.to_date.empty() && d > f.to_date)) continue;
        docs.insert(id);
      }
      current = copy_filtered(kg, std::vector<char>(n, 1), &docs);
    }
  }

  // 2. Types, and 3. the ego network, each on what the previous step left.
  const bool narrowed = !f.types.empty() || !f.ego.empty() || !f.quotations;
  if (!f.types.empty() || !f.quotations) {
    const Graph& g = current.graph();
    std::vector<char> keep(boost::num_vertices(g), 0);
    for (Vertex v = 0; v < keep.size(); ++v)
      keep[v] = is_entity(g, v) &&
                (f.types.empty() || std::find(f.types.begin(), f.types.end(), g[v].type) != f.types.end());
    current = copy_filtered(current, with_touching_quotes(g, keep, f.quotations), nullptr);
  }
  if (!f.ego.empty()) {
    const Graph& g = current.graph();
    const auto ego = find_entity(current, f.ego);
    if (!ego) throw Error(ErrorKind::Usage, "--ego: no single entity matches '" + f.ego + "'");
    std::vector<char> keep(boost::num_vertices(g), 0);
    keep[*ego] = 1;
    for (const auto& [v, d] : neighbors(current, *ego, f.depth)) keep[v] = 1;
    current = copy_filtered(current, with_touching_quotes(g, keep, f.quotations), nullptr);
  }
  if (!narrowed) return current;

  // Documents: those the remaining facts come from.
  std::set<std::string> referenced;
  const Graph& g = current.graph();
  for (auto [v, end] = boost::vertices(g); v != end; ++v)
    for (const auto& ev : g[*v].mentions) referenced.insert(ev.doc);
  for (auto [e, end] = boost::edges(g); e != end; ++e)
    for (const auto& ev : g[*e].evidence) referenced.insert(ev.doc);
  return copy_filtered(current, std::vector<char>(boost::num_vertices(g), 1), &referenced);
}

}  // namespace newsgraph
