// QuoteFinder::evaluate: scoring quotations and speakers against GUM's attribution
// relations. The mapping from GUM's discourse annotation to quotations is described
// in extract/quotes.hpp and docs (see the report header it prints).

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "extract/conllu.hpp"
#include "extract/reporting_verbs.hpp"
#include "extract/pipeline.hpp"
#include "extract/quotes.hpp"
#include "extract/resolve.hpp"

namespace newsgraph {
namespace {

std::string_view misc_field(std::string_view misc, std::string_view key) {
  std::size_t pos = 0;
  while (pos <= misc.size()) {
    std::size_t bar = misc.find('|', pos);
    if (bar == std::string_view::npos) bar = misc.size();
    const std::string_view item = misc.substr(pos, bar - pos);
    if (item.size() > key.size() && item.compare(0, key.size(), key) == 0 && item[key.size()] == '=')
      return item.substr(key.size() + 1);
    pos = bar + 1;
  }
  return {};
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return s.empty() ? -1 : v;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t p = 0;
  while (true) {
    const std::size_t q = s.find(sep, p);
    out.push_back(s.substr(p, q == std::string_view::npos ? std::string_view::npos : q - p));
    if (q == std::string_view::npos) break;
    p = q + 1;
  }
  return out;
}

struct GoldMention {
  std::uint32_t tb = 0, te = 0;  // document token range
  int chain = -1;
  std::string etype;
};

struct GoldAttr {
  std::vector<std::uint32_t> content;  // word tokens of the content
  int chain = -1;                      // speaker's coreference chain, -1 unknown
  std::string source;                  // the attributing unit, for the report
  bool speech = false;                 // the source has a reporting verb, "according to" or quote marks
};

struct GoldDoc {
  std::string id;
  AnnotatedDocument doc;               // text, and gold annotation when used
  std::vector<Token> gold;             // gold tokens with spans
  std::vector<bool> word;              // per token: not punctuation
  std::vector<GoldMention> mentions;
  std::vector<GoldAttr> attrs;
};

EntityType map_type(std::string_view t) {
  if (t == "person") return EntityType::PERSON;
  if (t == "organization") return EntityType::ORG;
  if (t == "place") return EntityType::GPE;
  if (t == "event") return EntityType::EVENT;
  if (t == "time") return EntityType::DATE;
  return EntityType::MISC;
}

GoldDoc build(const std::vector<const ConlluSentence*>& sents) {
  GoldDoc g;
  g.id = sents.front()->doc_id;
  g.doc.doc.id = g.id;
  std::string& text = g.doc.doc.text;
  std::uint32_t para = 0;
  std::vector<std::string> misc;
  for (std::size_t si = 0; si < sents.size(); ++si) {
    const ConlluSentence& s = *sents[si];
    bool newpar = false;
    for (const auto& c : s.comments) newpar = newpar || c.rfind("newpar", 0) == 0;
    if (si > 0) {
      if (newpar) { text += '\n'; ++para; }
      else text += ' ';
    }
    Sentence sent;
    sent.token_begin = static_cast<std::uint32_t>(g.gold.size());
    sent.paragraph = para;
    sent.span.start = static_cast<std::uint32_t>(text.size());
    for (std::size_t i = 0; i < s.tokens.size(); ++i) {
      Token t = s.tokens[i];
      t.span.start = static_cast<std::uint32_t>(text.size());
      text += t.form;
      t.span.end = static_cast<std::uint32_t>(text.size());
      if (t.space_after && i + 1 < s.tokens.size()) text += ' ';
      g.gold.push_back(t);
      misc.push_back(i < s.misc.size() ? s.misc[i] : std::string());
    }
    sent.token_end = static_cast<std::uint32_t>(g.gold.size());
    sent.span.end = g.gold.back().span.end;
    g.doc.sentences.push_back(sent);
  }
  g.word.resize(g.gold.size());
  for (std::size_t i = 0; i < g.gold.size(); ++i) g.word[i] = g.gold[i].upos != "PUNCT" && g.gold[i].upos != "SYM";

  // Entity= : "(7-person-...-coref" opens, "7)" closes, "(7-person-...)" both.
  std::map<int, std::vector<std::pair<std::uint32_t, std::string>>> open;
  for (std::uint32_t t = 0; t < g.gold.size(); ++t) {
    const std::string_view e = misc_field(misc[t], "Entity");
    std::size_t i = 0;
    while (i < e.size()) {
      if (e[i] == '(') {
        std::size_t j = i + 1;
        while (j < e.size() && e[j] != '(' && e[j] != ')') ++j;
        const auto parts = split(e.substr(i + 1, j - i - 1), '-');
        const int id = to_int(parts[0]);
        const std::string type = parts.size() > 1 ? std::string(parts[1]) : std::string();
        if (j < e.size() && e[j] == ')') {
          g.mentions.push_back({t, t + 1, id, type});
          i = j + 1;
        } else {
          open[id].push_back({t, type});
          i = j;
        }
      } else if (e[i] >= '0' && e[i] <= '9') {
        std::size_t j = i;
        while (j < e.size() && e[j] != ')') ++j;
        const int id = to_int(e.substr(i, j - i));
        auto it = open.find(id);
        if (it != open.end() && !it->second.empty()) {
          g.mentions.push_back({it->second.back().first, t + 1, id, it->second.back().second});
          it->second.pop_back();
        }
        i = j + 1;
      } else {
        ++i;
      }
    }
  }

  // Discourse= : "rel:SRC->TGT:depth:signals" on the first token of unit SRC.
  struct Edu {
    std::uint32_t start = 0, end = 0;
    int head = -1;
    std::string rel, signals;
  };
  std::map<int, Edu> edus;
  for (std::uint32_t t = 0; t < g.gold.size(); ++t) {
    const std::string_view d = misc_field(misc[t], "Discourse");
    if (d.empty()) continue;
    for (std::string_view entry : split(d, ';')) {
      const auto f = split(entry, ':');
      if (f.size() < 2) continue;
      Edu u;
      u.start = t;
      u.rel = std::string(f[0]);
      int src = -1;
      if (u.rel == "ROOT") {
        src = to_int(f[1]);
      } else {
        const std::size_t arrow = f[1].find("->");
        if (arrow == std::string_view::npos) continue;
        src = to_int(f[1].substr(0, arrow));
        u.head = to_int(f[1].substr(arrow + 2));
        if (f.size() >= 4) u.signals = std::string(f[3]);
      }
      if (src >= 0) edus[src] = u;
    }
  }
  std::vector<int> order;
  for (const auto& [id, u] : edus) order.push_back(id);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return edus[a].start < edus[b].start; });
  std::map<int, std::size_t> pos;
  for (std::size_t k = 0; k < order.size(); ++k) {
    Edu& u = edus[order[k]];
    u.end = k + 1 < order.size() ? edus[order[k + 1]].start : static_cast<std::uint32_t>(g.gold.size());
    pos[order[k]] = k;
  }
  std::map<int, std::vector<int>> children;
  for (const auto& [id, u] : edus)
    if (u.head >= 0) children[u.head].push_back(id);
  auto subtree = [&](int root) {
    std::set<int> out;
    std::vector<int> st{root};
    while (!st.empty()) {
      const int x = st.back();
      st.pop_back();
      if (!out.insert(x).second) continue;
      for (int c : children[x]) st.push_back(c);
    }
    return out;
  };
  std::vector<std::uint32_t> tok_para(g.gold.size());
  for (const Sentence& s : g.doc.sentences)
    for (std::uint32_t t = s.token_begin; t < s.token_end; ++t) tok_para[t] = s.paragraph;

  for (const auto& [src, u] : edus) {
    if (u.rel.rfind("attribution", 0) != 0 || !edus.count(u.head)) continue;
    std::set<int> content = subtree(u.head);
    for (int x : subtree(src)) content.erase(x);
    // The contiguous run of dependent units around the target, on the far side of
    // the source from it, within the paragraph; after a preposed source ("X said")
    // within the target's sentence unless a quotation mark is still open.
    const std::uint32_t p = tok_para[edus[u.head].start];
    const std::size_t ps = pos[src], pt = pos[u.head];
    std::size_t lo = pt, hi = pt;
    const std::size_t lo_bound = ps < pt ? ps + 1 : 0;
    const std::size_t hi_bound = ps > pt ? ps - 1 : order.size() - 1;
    while (lo > lo_bound && content.count(order[lo - 1]) && tok_para[edus[order[lo - 1]].start] == p) --lo;
    auto sentence_of = [&](std::uint32_t t) {
      for (std::size_t k = 0; k < g.doc.sentences.size(); ++k)
        if (t < g.doc.sentences[k].token_end) return k;
      return g.doc.sentences.size();
    };
    auto marks_in = [&](std::size_t a, std::size_t b) {
      int n = 0;
      for (std::size_t k = a; k <= b; ++k)
        for (std::uint32_t t = edus[order[k]].start; t < edus[order[k]].end; ++t)
          n += g.gold[t].form == "\"" || g.gold[t].form == "\xE2\x80\x9C" || g.gold[t].form == "\xE2\x80\x9D";
      return n;
    };
    while (hi + 1 <= hi_bound && content.count(order[hi + 1]) && tok_para[edus[order[hi + 1]].start] == p) {
      if (ps < pt && sentence_of(edus[order[hi + 1]].start) != sentence_of(edus[order[hi]].start) &&
          marks_in(lo, hi) % 2 == 0)
        break;
      ++hi;
    }
    GoldAttr a;
    for (std::size_t k = lo; k <= hi; ++k)
      for (std::uint32_t t = edus[order[k]].start; t < edus[order[k]].end; ++t)
        if (g.word[t]) a.content.push_back(t);
    if (!a.content.empty() && g.gold[a.content.front()].lemma == "that" && g.gold[a.content.front()].upos == "SCONJ")
      a.content.erase(a.content.begin());
    if (a.content.empty()) continue;
    for (std::uint32_t t = u.start; t < u.end; ++t) {
      a.source += g.gold[t].form + (t + 1 < u.end ? " " : "");
      a.speech = a.speech || coref::reporting_lemma(g.gold[t].lemma) != nullptr || g.gold[t].lemma == "according";
    }
    a.speech = a.speech || u.signals.find("grf-qt") != std::string::npos;
    // Speaker: the mention that best covers the sem-atsrc tokens (1-based).
    for (std::string_view sig : split(u.signals, '+')) {
      if (sig.rfind("sem-atsrc-", 0) != 0) continue;
      const auto r = split(sig.substr(10), '-');
      const int b = to_int(split(r[0], ',')[0]);
      const int e = r.size() > 1 ? to_int(split(r[1], ',')[0]) : b;
      if (b <= 0 || e < b) continue;
      const std::uint32_t tb = static_cast<std::uint32_t>(b - 1), te = static_cast<std::uint32_t>(e);
      int best = -1;
      std::uint32_t best_len = 0;
      for (const GoldMention& m : g.mentions) {
        if (m.tb < tb || m.te > te) continue;  // inside the source span
        if (m.te - m.tb > best_len) { best_len = m.te - m.tb; best = m.chain; }
      }
      a.chain = best;
      break;
    }
    g.attrs.push_back(std::move(a));
  }
  return g;
}

// Gold mode: tokens, tags and parse from the treebank; name mentions are the gold
// entity mentions made only of proper nouns (optionally after "the").
void annotate_gold(GoldDoc& g) {
  g.doc.tokens = g.gold;
  std::vector<std::uint32_t> sent_of(g.gold.size());
  for (std::uint32_t s = 0; s < g.doc.sentences.size(); ++s)
    for (std::uint32_t t = g.doc.sentences[s].token_begin; t < g.doc.sentences[s].token_end; ++t) sent_of[t] = s;
  for (const GoldMention& m : g.mentions) {
    // The name is the run of proper nouns around the mention's syntactic head
    // ("Senior researcher [Mu Li], of the University ...").
    const std::uint32_t sb = g.doc.sentences[sent_of[m.tb]].token_begin;
    std::uint32_t head = m.tb;
    for (std::uint32_t t = m.tb; t < m.te; ++t) {
      const int h = g.gold[t].head;
      if (h < 0 || sb + static_cast<std::uint32_t>(h) < m.tb || sb + static_cast<std::uint32_t>(h) >= m.te) { head = t; break; }
    }
    if (g.gold[head].upos != "PROPN") {
      // "researcher Mu Li": a name in flat/appos attachment to a common-noun head.
      for (std::uint32_t t = m.tb; t < m.te; ++t)
        if (g.gold[t].upos == "PROPN" && sb + static_cast<std::uint32_t>(std::max(g.gold[t].head, 0)) == head &&
            (g.gold[t].deprel == "flat" || g.gold[t].deprel == "appos")) {
          head = t;
          break;
        }
      if (g.gold[head].upos != "PROPN") continue;
    }
    std::uint32_t b = head, e = head + 1;
    while (b > m.tb && g.gold[b - 1].upos == "PROPN") --b;
    while (e < m.te && g.gold[e].upos == "PROPN") ++e;
    // "Department of Agriculture", "University of NSW"
    while (e + 1 < m.te && (g.gold[e].lemma == "of" || g.gold[e].lemma == "for") && g.gold[e + 1].upos == "PROPN") {
      e += 2;
      while (e < m.te && g.gold[e].upos == "PROPN") ++e;
    }
    Mention x;
    x.span = {g.gold[b].span.start, g.gold[e - 1].span.end};
    x.text = g.doc.doc.text.substr(x.span.start, x.span.size());
    x.type = map_type(m.etype);
    x.token_begin = b;
    x.token_end = e;
    g.doc.mentions.push_back(x);
  }
  std::sort(g.doc.mentions.begin(), g.doc.mentions.end(), [](const Mention& a, const Mention& b) { return a.span < b.span; });
  g.doc.mentions.erase(std::unique(g.doc.mentions.begin(), g.doc.mentions.end(),
                                   [](const Mention& a, const Mention& b) { return a.span == b.span; }),
                       g.doc.mentions.end());
  // Nested names (a place inside an organisation's name) are left to the outer one.
  std::vector<Mention> kept;
  for (const Mention& m : g.doc.mentions)
    if (kept.empty() || kept.back().span.end <= m.span.start) kept.push_back(m);
  g.doc.mentions = std::move(kept);
}

struct Tally {
  std::size_t gold = 0, pred = 0, matched = 0, pred_matched = 0, speaker_known = 0, speaker_right = 0;
  std::size_t gold_tokens = 0, pred_tokens = 0, overlap_tokens = 0;
  std::size_t named = 0, named_right = 0;  // gold speakers whose chain has a proper name
  std::size_t speech = 0, speech_matched = 0;  // gold attributions of speech (not belief, captions)
  void add(const Tally& o) {
    speech += o.speech;
    speech_matched += o.speech_matched;
    named += o.named;
    named_right += o.named_right;
    gold += o.gold; pred += o.pred; matched += o.matched; pred_matched += o.pred_matched;
    speaker_known += o.speaker_known;
    speaker_right += o.speaker_right; gold_tokens += o.gold_tokens; pred_tokens += o.pred_tokens;
    overlap_tokens += o.overlap_tokens;
  }
};

std::string pct(std::size_t n, std::size_t d) {
  const double num = static_cast<double>(n), den = static_cast<double>(d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%5.1f", den > 0 ? 100.0 * num / den : 0.0);
  return buf;
}

std::string f1(std::size_t pn, std::size_t pd, std::size_t rn, std::size_t rd) {
  const double p = pd > 0 ? static_cast<double>(pn) / static_cast<double>(pd) : 0;
  const double r = rd > 0 ? static_cast<double>(rn) / static_cast<double>(rd) : 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%5.1f", p + r > 0 ? 100.0 * 2 * p * r / (p + r) : 0.0);
  return buf;
}

Tally score(const GoldDoc& g, const AnnotatedDocument& a, std::ostream& detail) {
  Tally t;
  // Predicted quotations as sets of gold word tokens (by byte overlap).
  std::vector<std::vector<std::uint32_t>> pred;
  // A mixed quote inside another predicted quotation is part of it (GUM annotates
  // the statement once), so it is neither scored nor counted.
  std::vector<const Quotation*> quotes;
  for (const Quotation& q : a.quotations) {
    bool inner = false;
    for (const Quotation& o : a.quotations)
      inner = inner || (&o != &q && q.kind == QuoteKind::Mixed && o.span.contains(q.span));
    if (!inner) quotes.push_back(&q);
  }
  for (const Quotation* qp : quotes) {
    const Quotation& q = *qp;
    std::vector<std::uint32_t> toks;
    for (std::uint32_t k = 0; k < g.gold.size(); ++k)
      if (g.word[k] && g.gold[k].span.start >= q.span.start && g.gold[k].span.end <= q.span.end) toks.push_back(k);
    pred.push_back(std::move(toks));
  }
  std::set<std::uint32_t> gold_union, pred_union;
  for (const GoldAttr& ga : g.attrs) gold_union.insert(ga.content.begin(), ga.content.end());
  for (const auto& p : pred) pred_union.insert(p.begin(), p.end());
  t.gold_tokens = gold_union.size();
  t.pred_tokens = pred_union.size();
  for (std::uint32_t k : pred_union) t.overlap_tokens += gold_union.count(k);
  t.gold = g.attrs.size();
  t.pred = quotes.size();
  // Matching by word overlap, Dice >= 0.5.
  struct Cand {
    std::size_t overlap, gi, pi;
  };
  std::vector<Cand> cands;
  for (std::size_t gi = 0; gi < g.attrs.size(); ++gi)
    for (std::size_t pi = 0; pi < pred.size(); ++pi) {
      std::size_t o = 0;
      for (std::uint32_t k : pred[pi]) o += std::binary_search(g.attrs[gi].content.begin(), g.attrs[gi].content.end(), k);
      if (o > 0 && 2.0 * static_cast<double>(o) / static_cast<double>(g.attrs[gi].content.size() + pred[pi].size()) >= 0.5)
        cands.push_back({o, gi, pi});
    }
  std::sort(cands.begin(), cands.end(), [](const Cand& x, const Cand& y) {
    return std::tie(y.overlap, x.gi, x.pi) < std::tie(x.overlap, y.gi, y.pi);
  });
  // GUM nests attributions ("I hope [...]" inside a quoted statement), so one
  // prediction may match several gold relations: a gold relation is found when some
  // prediction matches it (its best match is used for the speaker), and a prediction
  // is correct when it matches some gold relation.
  std::vector<int> g_match(g.attrs.size(), -1), p_match(pred.size(), -1);
  for (const Cand& c : cands) {
    if (g_match[c.gi] < 0) g_match[c.gi] = static_cast<int>(c.pi);
    if (p_match[c.pi] < 0) p_match[c.pi] = static_cast<int>(c.gi);
  }
  auto text_of = [&](const std::vector<std::uint32_t>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size() && i < 14; ++i) s += g.gold[v[i]].form + " ";
    if (v.size() > 14) s += "...";
    return s;
  };
  for (std::size_t gi = 0; gi < g.attrs.size(); ++gi) {
    const GoldAttr& ga = g.attrs[gi];
    t.speech += ga.speech;
    if (g_match[gi] < 0) {
      detail << (ga.speech ? "  MISS  [" : "  miss  [") << ga.source << "] " << text_of(ga.content) << "\n";
      // The nearest prediction, to tell a boundary problem from a missed quotation.
      std::size_t best_o = 0, best_p = 0;
      for (std::size_t pi = 0; pi < pred.size(); ++pi) {
        std::size_t o = 0;
        for (std::uint32_t k : pred[pi]) o += std::binary_search(ga.content.begin(), ga.content.end(), k);
        if (o > best_o) { best_o = o; best_p = pi; }
      }
      if (best_o > 0)
        detail << "        nearest (" << best_o << " of " << ga.content.size() << " gold, " << pred[best_p].size()
               << " predicted words): " << to_string(quotes[best_p]->kind) << " | " << quotes[best_p]->text.substr(0, 90)
               << "\n";
      continue;
    }
    ++t.matched;
    t.speech_matched += ga.speech;
    const Quotation& q = *quotes[static_cast<std::size_t>(g_match[gi])];
    if (ga.chain < 0) continue;
    ++t.speaker_known;
    bool named = false;
    for (const GoldMention& gm : g.mentions)
      for (std::uint32_t k = gm.tb; k < gm.te && gm.chain == ga.chain; ++k) named = named || g.gold[k].upos == "PROPN";
    t.named += named;
    bool right = false;
    std::string said = "-";
    if (q.speaker >= 0) {
      const Entity& e = a.entities[static_cast<std::size_t>(q.speaker)];
      said = e.name;
      // The speaker's mention nearest the cue (or the quote when there is no cue).
      const std::uint32_t anchor = q.cue_span.empty() ? q.span.start : q.cue_span.start;
      const Mention* best = nullptr;
      std::uint32_t best_d = UINT32_MAX;
      for (std::uint32_t mi : e.mentions) {
        const Mention& m = a.mentions[mi];
        const std::uint32_t d = m.span.start > anchor ? m.span.start - anchor : anchor - m.span.start;
        if (d < best_d) { best_d = d; best = &m; }
      }
      // The gold mention that best fits that mention (smallest mismatch) must be in the chain.
      if (best) {
        int fit_chain = -1;
        std::uint32_t fit = UINT32_MAX;
        for (const GoldMention& gm : g.mentions) {
          const std::uint32_t gs = g.gold[gm.tb].span.start, ge = g.gold[gm.te - 1].span.end;
          if (!(gs < best->span.end && best->span.start < ge)) continue;
          const std::uint32_t mismatch = (gs > best->span.start ? gs - best->span.start : best->span.start - gs) +
                                         (ge > best->span.end ? ge - best->span.end : best->span.end - ge);
          if (mismatch < fit) { fit = mismatch; fit_chain = gm.chain; }
        }
        right = fit_chain == ga.chain;
      }
    }
    t.speaker_right += right;
    t.named_right += right && named;
    detail << (right ? "  ok    [" : "  WRONG [") << ga.source << "] speaker=" << said << " | " << text_of(ga.content) << "\n";
  }
  for (std::size_t pi = 0; pi < pred.size(); ++pi) t.pred_matched += p_match[pi] >= 0;
  for (std::size_t pi = 0; pi < pred.size(); ++pi)
    if (p_match[pi] < 0) {
      const Quotation& q = *quotes[pi];
      detail << "  extra " << to_string(q.kind) << " speaker="
             << (q.speaker >= 0 ? a.entities[static_cast<std::size_t>(q.speaker)].name : "-") << " | "
             << q.text.substr(0, 100) << "\n";
    }
  return t;
}

}  // namespace

std::string QuoteFinder::evaluate(const std::string& gold_path, const Pipeline* pipeline, const std::string& genres) {
  if (!pipeline) return evaluate(gold_path, std::function<void(AnnotatedDocument&)>{}, genres);
  return evaluate(gold_path, [pipeline](AnnotatedDocument& a) { pipeline->annotate(a); }, genres);
}

std::string QuoteFinder::evaluate(const std::string& gold_path, const std::function<void(AnnotatedDocument&)>& annotate,
                                  const std::string& genres) {
  const bool pipeline = static_cast<bool>(annotate);
  const std::vector<ConlluSentence> sents = read_conllu(gold_path);
  std::vector<std::string> wanted;
  for (std::string_view g : split(genres, ','))
    if (!g.empty()) wanted.push_back("_" + std::string(g) + "_");
  std::map<std::string, std::vector<const ConlluSentence*>> by_doc;
  std::vector<std::string> doc_order;
  for (const ConlluSentence& s : sents) {
    bool ok = wanted.empty();
    for (const auto& w : wanted) ok = ok || s.doc_id.find(w) != std::string::npos;
    if (!ok) continue;
    if (!by_doc.count(s.doc_id)) doc_order.push_back(s.doc_id);
    by_doc[s.doc_id].push_back(&s);
  }
  std::ostringstream out, detail;
  out << "quotations vs GUM attribution relations: " << gold_path << " (genres: " << (genres.empty() ? "all" : genres)
      << "; " << (pipeline ? "pipeline annotation" : "gold tokens, tags, parse and names") << ")\n";
  out << "document                        gold  pred  found  P      R      F1    | tokP   tokR   tokF1 | speaker\n";
  Tally all;
  const Resolver resolver;
  const QuoteFinder finder;
  for (const std::string& id : doc_order) {
    GoldDoc g = build(by_doc[id]);
    AnnotatedDocument a;
    if (pipeline) {
      a.doc = g.doc.doc;
      annotate(a);
    } else {
      annotate_gold(g);
      a = g.doc;
    }
    resolver.run(a);
    finder.run(a);
    detail << id << "\n";
    const Tally t = score(g, a, detail);
    all.add(t);
    char name[40];
    std::snprintf(name, sizeof name, "%-30s", id.substr(0, 30).c_str());
    out << name << " " << t.gold << "\t" << t.pred << "\t" << t.matched << "\t" << pct(t.pred_matched, t.pred) << "  "
        << pct(t.matched, t.gold) << "  " << f1(t.pred_matched, t.pred, t.matched, t.gold) << " | "
        << pct(t.overlap_tokens, t.pred_tokens) << "  " << pct(t.overlap_tokens, t.gold_tokens) << "  "
        << f1(t.overlap_tokens, t.pred_tokens, t.overlap_tokens, t.gold_tokens) << " | " << t.speaker_right << "/"
        << t.speaker_known << "\n";
  }
  out << "TOTAL                          " << all.gold << "\t" << all.pred << "\t" << all.matched << "\t"
      << pct(all.pred_matched, all.pred) << "  " << pct(all.matched, all.gold) << "  "
      << f1(all.pred_matched, all.pred, all.matched, all.gold) << " | " << pct(all.overlap_tokens, all.pred_tokens) << "  "
      << pct(all.overlap_tokens, all.gold_tokens) << "  "
      << f1(all.overlap_tokens, all.pred_tokens, all.overlap_tokens, all.gold_tokens) << " | " << all.speaker_right << "/"
      << all.speaker_known << " = " << pct(all.speaker_right, all.speaker_known) << "%\n";
  out << "recall of speech attributions (source has a reporting verb, 'according to' or quotation marks): "
      << all.speech_matched << "/" << all.speech << " = " << pct(all.speech_matched, all.speech) << "%\n";
  out << "speaker accuracy where the gold speaker is named (its chain has a proper name): " << all.named_right << "/"
      << all.named << " = " << pct(all.named_right, all.named) << "%\n";
  out << "\nquotation P/R/F1: a match is word-token Dice >= 0.5 (P over predictions, R over gold, nested gold allowed); tokP/tokR/tokF1: word tokens inside any\n"
         "predicted vs any gold content; speaker: matched quotations whose gold source is a mention, right when the\n"
         "speaker entity's mention nearest the cue is in the gold coreference chain.\n\n";
  out << "details (MISS = speech attribution not found, miss = other attribution not found, extra = predicted not in gold; GUM also annotates beliefs, captions and\n"
         "other non-speech attributions):\n"
      << detail.str();
  return out.str();
}

}  // namespace newsgraph
