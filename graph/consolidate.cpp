#include "graph/consolidate.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {
namespace {

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  // The smaller index becomes the root, so the structure is the same whatever order
  // the unions come in.
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (b < a) std::swap(a, b);
    parent[b] = a;
  }
};

// Same order as KnowledgeGraph's merge of names, so the group's name is the name
// upsert_node() will keep.
bool better_name(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() > b.size();
  return a < b;
}

std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// "NATO", "U.N.", "EU" -> the letters; "" when the name is not an acronym.
std::string acronym_letters(std::string_view name) {
  std::string letters;
  for (char c : name) {
    if (is_upper(c)) letters += c;
    else if (c != '.' && c != '&') return {};
  }
  return letters.size() >= 2 && letters.size() <= 8 ? letters : std::string();
}

// Initials of a multi-word name's content words: "North Atlantic Treaty Organization"
// -> "NATO"; words written in lower case ("of", "the", "for") are skipped.
std::string initials(std::string_view name) {
  const auto ws = words_of(name);
  if (ws.size() < 2) return {};
  std::string out;
  for (std::string_view w : ws) {
    if (w == "The" && out.empty()) continue;  // "The United Nations" -> "UN"
    if (w == "&") continue;
    if (!is_upper(w[0])) continue;
    out += w[0];
  }
  return out;
}

bool acronym_type(EntityType t) {
  return t == EntityType::ORG || t == EntityType::GPE || t == EntityType::NORP || t == EntityType::EVENT;
}

}  // namespace

ConsolidateStats consolidate(KnowledgeGraph& kg) {
  const Graph& g = kg.graph();
  std::vector<Vertex> ents;
  for (Vertex v : kg.sorted_vertices())
    if (g[v].kind == NodeKind::Entity) ents.push_back(v);
  const std::size_t n = ents.size();
  auto node = [&](std::size_t i) -> const NodeData& { return g[ents[i]]; };
  auto compatible = [&](std::size_t a, std::size_t b) {
    const NodeData &x = node(a), &y = node(b);
    if (x.type != y.type) return false;
    return x.normalized.empty() || y.normalized.empty() || x.normalized == y.normalized;
  };

  // Each candidate link is proposed from the shorter name to the entity that can
  // explain it; links are only made when the candidate is unique.
  std::vector<std::pair<std::size_t, std::size_t>> links;
  std::set<std::size_t> retyped;  // minority-type members joined by rule 4
  auto link_if_unique = [&](std::size_t from, const std::set<std::size_t>& cands) {
    std::set<std::size_t> ok;
    for (std::size_t c : cands)
      if (c != from && compatible(from, c)) ok.insert(c);
    if (ok.size() == 1) links.emplace_back(from, *ok.begin());
  };
  // A lone surname shared by several people ("Trump": Donald, Melania, Ivanka) is the
  // one who dominates the corpus: ten times the mentions of any other bearer, in at
  // least three documents. News names the lesser-known bearer in full; an article
  // saying only "Trump" means the president. Without such dominance, no link.
  auto link_if_dominant = [&](std::size_t from, const std::set<std::size_t>& cands) {
    std::vector<std::pair<std::size_t, std::size_t>> by_count;  // (mentions, index)
    for (std::size_t c : cands)
      if (c != from && compatible(from, c)) by_count.emplace_back(node(c).mentions.size(), c);
    if (by_count.size() == 1) {
      links.emplace_back(from, by_count[0].second);
      return;
    }
    if (by_count.size() < 2) return;
    std::sort(by_count.begin(), by_count.end(), [](auto a, auto b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    std::set<std::string> docs;
    for (const Evidence& ev : node(by_count[0].second).mentions) docs.insert(ev.doc);
    if (by_count[0].first >= 10 * by_count[1].first && docs.size() >= 3) links.emplace_back(from, by_count[0].second);
  };

  // Rules 1 and 2: a canonical name that is another entity's alias, and a lone
  // surname and the full name ending in it. For a one-word person name both kinds
  // of candidate count together: "Biden" links nowhere when "Joe Biden" was called
  // "Biden" somewhere but "Hunter Biden" also exists.
  std::map<std::string, std::set<std::size_t>> by_alias;
  for (std::size_t i = 0; i < n; ++i)
    for (const std::string& a : node(i).aliases) by_alias[make_entity_id(node(i).type, a)].insert(i);
  std::map<std::string, std::set<std::size_t>> by_last_word;
  for (std::size_t i = 0; i < n; ++i) {
    if (node(i).type != EntityType::PERSON) continue;
    const auto ws = words_of(node(i).name);
    if (ws.size() >= 2) by_last_word[make_entity_id(EntityType::PERSON, ws.back())].insert(i);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::string key = make_entity_id(node(i).type, node(i).name);
    std::set<std::size_t> cands;
    if (auto it = by_alias.find(key); it != by_alias.end()) cands = it->second;
    const bool surname = node(i).type == EntityType::PERSON && words_of(node(i).name).size() == 1;
    if (surname)
      if (auto it = by_last_word.find(key); it != by_last_word.end()) cands.insert(it->second.begin(), it->second.end());
    if (surname) link_if_dominant(i, cands);
    else link_if_unique(i, cands);
  }

  // Rule 2b: a middle initial is the same person: "Donald J. Trump", "Donald Trump".
  std::map<std::string, std::set<std::size_t>> by_id;
  for (std::size_t i = 0; i < n; ++i)
    if (node(i).type == EntityType::PERSON) by_id[make_entity_id(EntityType::PERSON, node(i).name)].insert(i);
  for (std::size_t i = 0; i < n; ++i) {
    if (node(i).type != EntityType::PERSON) continue;
    const auto ws = words_of(node(i).name);
    if (ws.size() < 3) continue;
    std::string bare;
    bool dropped = false;
    for (std::size_t k = 0; k < ws.size(); ++k) {
      const bool initial = k > 0 && k + 1 < ws.size() && is_upper(ws[k][0]) &&
                           (ws[k].size() == 1 || (ws[k].size() == 2 && ws[k][1] == '.'));
      if (initial) { dropped = true; continue; }
      if (!bare.empty()) bare += ' ';
      bare += ws[k];
    }
    if (!dropped) continue;
    if (auto it = by_id.find(make_entity_id(EntityType::PERSON, bare)); it != by_id.end()) link_if_unique(i, it->second);
  }

  // Rule 3: an acronym and the one name whose initials it spells.
  std::map<std::pair<EntityType, std::string>, std::set<std::size_t>> by_initials;
  for (std::size_t i = 0; i < n; ++i) {
    if (!acronym_type(node(i).type)) continue;
    if (std::string in = initials(node(i).name); in.size() >= 2) by_initials[{node(i).type, in}].insert(i);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!acronym_type(node(i).type)) continue;
    const std::string letters = acronym_letters(node(i).name);
    if (letters.empty()) continue;
    if (auto it = by_initials.find({node(i).type, letters}); it != by_initials.end()) link_if_unique(i, it->second);
  }

  // Rule 4: one name under several types, where one type dominates the corpus, is a
  // recognition error in the minority: "Donald Trump" tagged GPE in one article and
  // PERSON in forty-six. Dominance: five times the mentions and three times the
  // documents of every other type, in at least three documents. "Boeing" as PERSON in
  // three articles and ORG in two is left alone: the evidence is too thin to pick.
  auto docs_of = [&](std::size_t i) {
    std::set<std::string_view> d;
    for (const Evidence& ev : node(i).mentions) d.insert(ev.doc);
    return d.size();
  };
  std::map<std::string, std::vector<std::size_t>> by_slug;  // one vertex per type
  for (std::size_t i = 0; i < n; ++i) {
    if (node(i).type == EntityType::DATE) continue;
    const std::string id = make_entity_id(node(i).type, node(i).name);
    by_slug[id.substr(id.find('/') + 1)].push_back(i);
  }
  for (const auto& [slug, members] : by_slug) {
    if (members.size() < 2 || slug.empty()) continue;
    std::size_t top = members[0];
    for (std::size_t m : members)
      if (node(m).mentions.size() > node(top).mentions.size()) top = m;
    const std::size_t top_docs = docs_of(top);
    if (top_docs < 3) continue;
    const bool dominant = std::all_of(members.begin(), members.end(), [&](std::size_t m) {
      return m == top || (node(top).mentions.size() >= 5 * node(m).mentions.size() && top_docs >= 3 * docs_of(m));
    });
    if (!dominant) continue;
    for (std::size_t m : members)
      if (m != top) {
        links.emplace_back(m, top);
        retyped.insert(m);
      }
  }

  UnionFind uf(n);
  for (auto [a, b] : links) uf.unite(a, b);

  ConsolidateStats stats;
  std::map<std::string, std::string> new_id;  // old id -> id of the group's best name
  {
    // root -> member with the best name; a member retyped by rule 4 never gives the
    // group its name, id and type.
    std::map<std::size_t, std::size_t> best;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t r = uf.find(i);
      auto [it, fresh] = best.emplace(r, i);
      if (fresh) continue;
      const bool i_retyped = retyped.contains(i), b_retyped = retyped.contains(it->second);
      if (i_retyped != b_retyped ? b_retyped : better_name(node(i).name, node(it->second).name)) it->second = i;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& target = node(best.at(uf.find(i))).id;
      if (target != node(i).id) {
        new_id.emplace(node(i).id, target);
        ++stats.merged;
      }
    }
  }
  if (new_id.empty()) return stats;

  KnowledgeGraph out;
  for (const auto& [id, info] : kg.documents()) out.add_document(id, info.meta, info.text_hash);
  auto mapped = [&](const std::string& id) -> const std::string& {
    auto it = new_id.find(id);
    return it == new_id.end() ? id : it->second;
  };
  // Targets first, so that every merged vertex starts from its group's own record.
  for (Vertex v : kg.sorted_vertices())
    if (!new_id.contains(g[v].id)) out.upsert_node(g[v]);
  for (Vertex v : kg.sorted_vertices()) {
    if (!new_id.contains(g[v].id)) continue;
    NodeData copy = g[v];
    copy.id = mapped(copy.id);
    out.upsert_node(copy);
  }
  for (Edge e : kg.sorted_edges()) {
    const std::string& s = mapped(g[boost::source(e, g)].id);
    const std::string& t = mapped(g[boost::target(e, g)].id);
    if (s == t) {
      ++stats.dropped_edges;
      continue;
    }
    out.upsert_edge(*out.find(s), *out.find(t), g[e]);
  }
  kg = std::move(out);
  return stats;
}

}  // namespace newsgraph
