#include "extract/resolve.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <tuple>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "extract/coref_lexicon.hpp"
#include "extract/dates.hpp"
#include "extract/reporting_verbs.hpp"

namespace newsgraph {
namespace {

using coref::Gender;
using coref::lower_ascii;

// How far back (in sentences) a pronoun looks for its antecedent. Bounding the
// window keeps the pronoun sieve linear in document length.
constexpr std::uint32_t kPronounWindow = 3;

struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int find(int x) {
    while (parent[static_cast<std::size_t>(x)] != x) {
      parent[static_cast<std::size_t>(x)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(x)])];
      x = parent[static_cast<std::size_t>(x)];
    }
    return x;
  }
  // The smaller root wins so that the result does not depend on call order.
  void unite(int a, int b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (b < a) std::swap(a, b);
    parent[static_cast<std::size_t>(b)] = a;
  }
};

// One distinct proper name (after stripping articles, titles and possessives).
struct NameGroup {
  std::string key;                  // lower-cased display
  std::vector<std::string> words;   // lower-cased words, suffixes removed
  std::vector<std::uint32_t> mentions;
  std::map<std::string, int> displays;  // as written -> count
  int votes[kEntityTypeCount] = {};
  EntityType first_type = EntityType::MISC;
  std::uint32_t first_mention = 0;
};

// A title learnt from the text: "NATO Secretary General Mark Rutte" says that the
// entity of "Mark Rutte" is secretary general of NATO.
struct Role {
  int cluster = -1;           // union-find root of the person
  std::string key;
  bool leader = false;
  int org_cluster = -1;       // the organisation or state, when named
  std::string modifier;       // a nationality adjective, lower-cased ("russian")
  std::uint32_t first_token = 0;
};

struct Resolution {
  Span span;
  std::uint32_t sentence = 0, tb = 0, te = 0;
  int cluster = -1;  // union-find root
  MentionKind kind = MentionKind::Nominal;
  EntityType type = EntityType::PERSON;
};

class Run {
 public:
  Run(AnnotatedDocument& d, const Lexicon& lexicon) : doc_(d), lexicon_(lexicon) {}
  void go();

 private:
  AnnotatedDocument& doc_;
  const Lexicon& lexicon_;
  // The canonical name of the country `name` names, "" for anything else (a
  // subdivision such as "Scotland" included).
  std::string_view country_of(std::string_view name) const {
    if (lexicon_.is_subdivision(name)) return {};
    return lexicon_.country(name);
  }
  coref::LowerForms lower_forms_;
  std::vector<std::string_view> lower_;
  std::vector<std::uint32_t> tok_sent_;
  std::vector<int> tok_mention_;   // innermost Name mention covering the token, -1
  std::vector<NameGroup> groups_;
  std::vector<int> mention_group_;  // per mention: group index, -1 for none
  std::vector<std::string> mention_display_;
  std::vector<std::string> mention_title_alias_;
  std::vector<Role> roles_;
  std::vector<Gender> gender_;      // per cluster root (indexed by group id)
  std::vector<Resolution> added_;
  std::unique_ptr<UnionFind> uf_;

  std::string slice(std::uint32_t tb, std::uint32_t te) const {
    if (tb >= te) return {};
    return doc_.doc.text.substr(doc_.tokens[tb].span.start, doc_.tokens[te - 1].span.end - doc_.tokens[tb].span.start);
  }
  int cluster_of_mention(std::size_t m) {
    const int g = mention_group_[m];
    return g < 0 ? -1 : uf_->find(g);
  }
  EntityType cluster_type(int root) const;

  void prepare();
  void group_names();
  void link_variants();
  void learn_roles();
  void add_nominals();
  void add_pronouns();
  void build_entities();

  int resolve_org_nominal(std::uint32_t noun_tok, std::uint32_t before_tok) const;
  int nearest_cluster_before(const std::vector<int>& clusters, std::uint32_t tok) const;
};

EntityType Run::cluster_type(int root) const {
  // Votes were merged into the root group in link_variants().
  const NameGroup& g = groups_[static_cast<std::size_t>(root)];
  int best = -1;
  EntityType t = g.first_type;
  for (int i = 0; i < kEntityTypeCount; ++i)
    if (g.votes[i] > best || (g.votes[i] == best && static_cast<EntityType>(i) == g.first_type)) {
      best = g.votes[i];
      t = static_cast<EntityType>(i);
    }
  return t;
}

void Run::prepare() {
  const auto& toks = doc_.tokens;
  lower_forms_.build(toks);
  lower_ = std::move(lower_forms_.words);
  tok_sent_.assign(toks.size(), 0);
  for (std::uint32_t s = 0; s < doc_.sentences.size(); ++s)
    for (std::uint32_t i = doc_.sentences[s].token_begin; i < doc_.sentences[s].token_end && i < toks.size(); ++i)
      tok_sent_[i] = s;
  // Re-runs must not duplicate what an earlier run added.
  std::erase_if(doc_.mentions, [](const Mention& m) { return m.kind != MentionKind::Name; });
  // Recompute token ranges from spans so that later sieves can trust them.
  for (Mention& m : doc_.mentions) {
    auto b = std::partition_point(toks.begin(), toks.end(), [&](const Token& t) { return t.span.end <= m.span.start; });
    auto e = std::partition_point(b, toks.end(), [&](const Token& t) { return t.span.start < m.span.end; });
    m.token_begin = static_cast<std::uint32_t>(b - toks.begin());
    m.token_end = static_cast<std::uint32_t>(e - toks.begin());
    if (m.token_begin < toks.size()) m.sentence = tok_sent_[m.token_begin];
    if (m.text.empty() && m.span.end <= doc_.doc.text.size())
      m.text = doc_.doc.text.substr(m.span.start, m.span.size());
    m.entity = -1;
  }
  std::stable_sort(doc_.mentions.begin(), doc_.mentions.end(),
                   [](const Mention& a, const Mention& b) { return a.span < b.span; });
  tok_mention_.assign(toks.size(), -1);
  for (std::size_t m = 0; m < doc_.mentions.size(); ++m)
    for (std::uint32_t t = doc_.mentions[m].token_begin; t < doc_.mentions[m].token_end; ++t) tok_mention_[t] = static_cast<int>(m);
}

void Run::group_names() {
  std::unordered_map<std::string, int> by_key;
  mention_group_.assign(doc_.mentions.size(), -1);
  mention_display_.assign(doc_.mentions.size(), {});
  mention_title_alias_.assign(doc_.mentions.size(), {});
  for (std::size_t mi = 0; mi < doc_.mentions.size(); ++mi) {
    const Mention& m = doc_.mentions[mi];
    if (m.token_begin >= m.token_end) continue;
    std::uint32_t b = m.token_begin, e = m.token_end;
    // Articles and possessive endings are not part of a name.
    while (b < e && (lower_[b] == "the" || coref::is_punct(lower_[b]))) ++b;
    while (e > b && (lower_[e - 1] == "'s" || lower_[e - 1] == "'" || coref::is_punct(lower_[e - 1]))) --e;
    // "Mark Tedeschi, QC": a post-nominal after a comma is not part of the name.
    if (e >= b + 3 && coref::is_name_suffix(lower_[e - 1]) && lower_[e - 2] == ",") e -= 2;
    if (m.type == EntityType::PERSON) {
      // Titles inside a person mention ("President Joe Biden") are not the name.
      const std::uint32_t b0 = b;
      while (b + 1 < e) {
        if (coref::is_honorific(lower_[b])) { ++b; continue; }
        const auto r = coref::match_role(lower_, b, e - 1);
        if (r && coref::starts_upper(doc_.tokens[b].form)) { b += r->length; continue; }
        if (tok_mention_[b] != static_cast<int>(mi) && tok_mention_[b] >= 0) { ++b; continue; }
        break;
      }
      if (b != b0) mention_title_alias_[mi] = slice(m.token_begin, m.token_end);
    }
    if (b >= e) { b = m.token_begin; e = m.token_end; }
    std::string display = slice(b, e);
    std::string key = lower_ascii(display);
    std::vector<std::string> words;
    for (std::uint32_t t = b; t < e; ++t) {
      if (coref::is_punct(lower_[t]) && lower_[t] != "&") continue;
      words.emplace_back(lower_[t]);
    }
    while (words.size() > 1 && coref::is_name_suffix(words.back())) words.pop_back();
    if (m.type == EntityType::DATE) key = std::string("\x01") + "date:" + key;  // dates never merge with names
    auto [it, fresh] = by_key.emplace(key, static_cast<int>(groups_.size()));
    if (fresh) {
      NameGroup g;
      g.key = key;
      g.words = std::move(words);
      g.first_type = m.type;
      g.first_mention = static_cast<std::uint32_t>(mi);
      groups_.push_back(std::move(g));
    }
    NameGroup& g = groups_[static_cast<std::size_t>(it->second)];
    g.mentions.push_back(static_cast<std::uint32_t>(mi));
    g.displays[display]++;
    g.votes[static_cast<int>(m.type)]++;
    mention_group_[mi] = it->second;
    mention_display_[mi] = std::move(display);
  }
  uf_ = std::make_unique<UnionFind>(groups_.size());
}

void Run::link_variants() {
  const std::size_t n = groups_.size();
  auto majority = [&](const NameGroup& g) {
    int best = -1;
    EntityType t = g.first_type;
    for (int i = 0; i < kEntityTypeCount; ++i)
      if (g.votes[i] > best) { best = g.votes[i]; t = static_cast<EntityType>(i); }
    return t;
  };
  std::vector<EntityType> type(n);
  for (std::size_t i = 0; i < n; ++i) type[i] = majority(groups_[i]);

  // Person names: index full names (two words or more) by surname and by first name.
  std::unordered_map<std::string, std::vector<int>> by_last, by_first, by_first_last;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& w = groups_[i].words;
    if (type[i] != EntityType::PERSON || w.size() < 2) continue;
    by_last[w.back()].push_back(static_cast<int>(i));
    by_first[w.front()].push_back(static_cast<int>(i));
    by_first_last[w.front() + " " + w.back()].push_back(static_cast<int>(i));
  }
  auto distinct_clusters = [&](const std::vector<int>& v) {
    std::vector<int> roots;
    for (int g : v) roots.push_back(uf_->find(g));
    std::sort(roots.begin(), roots.end());
    roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
    return roots;
  };
  // "George W. Bush" = "George Bush": same first and last word, when unambiguous.
  for (auto& [k, v] : by_first_last)
    for (std::size_t j = 1; j < v.size(); ++j) uf_->unite(v[0], v[j]);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& w = groups_[i].words;
    if (w.size() != 1 || groups_[i].key.starts_with('\x01')) continue;
    const bool personish = type[i] == EntityType::PERSON ||
                           ((type[i] == EntityType::ORG || type[i] == EntityType::MISC) &&
                            !coref::is_all_caps(w[0]));
    if (!personish) continue;
    // A surname stands for the one full name that ends with it; two people sharing a
    // surname ("Thomas Sam", "Manju Sam") leave it unmerged rather than guessed.
    if (auto it = by_last.find(w[0]); it != by_last.end()) {
      const auto roots = distinct_clusters(it->second);
      if (roots.size() == 1) uf_->unite(static_cast<int>(i), roots[0]);
      continue;
    }
    if (type[i] != EntityType::PERSON) continue;
    // A given name alone ("Xi" for "Xi Jinping", or an interviewee's first name).
    if (auto it = by_first.find(w[0]); it != by_first.end()) {
      const auto roots = distinct_clusters(it->second);
      if (roots.size() == 1) uf_->unite(static_cast<int>(i), roots[0]);
    }
  }

  // Organisations and places: acronyms and legal-form suffixes.
  std::unordered_map<std::string, std::vector<int>> by_initials, by_stem;
  std::set<int> storm_stems;
  for (std::size_t i = 0; i < n; ++i) {
    const NameGroup& g = groups_[i];
    if (type[i] == EntityType::PERSON || type[i] == EntityType::DATE) continue;
    if (g.words.size() >= 2) {
      std::string ini;
      for (const auto& w : g.words)
        if (!coref::is_acronym_stopword(w) && !w.empty() && w[0] >= 'a' && w[0] <= 'z') ini += w[0];
      // A name holding an acronym spells nothing out: "US Senate" is no "U.S." (and
      // left "US" two candidates, so that it never joined "United States").
      const Mention& fm = doc_.mentions[g.first_mention];
      bool has_acronym = false;
      for (std::uint32_t t = fm.token_begin; t < fm.token_end && !has_acronym; ++t)
        has_acronym = coref::is_all_caps(doc_.tokens[t].form);
      if (ini.size() >= 2 && !has_acronym) by_initials[ini].push_back(static_cast<int>(i));
      std::vector<std::string> stem = g.words;
      while (stem.size() > 1 && coref::is_corporate_suffix(stem.back())) stem.pop_back();
      // A storm is named without its kind after the first mention: "Hurricane Dorian" ... "Dorian".
      bool storm = false;
      if (type[i] == EntityType::EVENT)
        while (stem.size() > 1 && (coref::is_storm_kind(stem.front()) || coref::is_storm_qualifier(stem.front()))) {
          stem.erase(stem.begin());
          storm = true;
        }
      if (stem.size() < g.words.size()) {
        std::string s;
        for (const auto& w : stem) s += (s.empty() ? "" : " ") + w;
        by_stem[s].push_back(static_cast<int>(i));
        // "Tropical Storm Barry" became "Hurricane Barry": one storm.
        if (storm) {
          const auto& same = by_stem[s];
          for (int j : same)
            if (j != static_cast<int>(i) && storm_stems.count(j)) uf_->unite(static_cast<int>(i), j);
          storm_stems.insert(static_cast<int>(i));
        }
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const NameGroup& g = groups_[i];
    if (type[i] == EntityType::PERSON || type[i] == EntityType::DATE) continue;
    // "NATO", "U.S.", "WHO": written in capitals, at most six letters.
    const Mention& first = doc_.mentions[g.first_mention];
    std::string letters;
    bool caps = true;
    for (char c : first.text) {
      if (c == '.' || c == ' ') continue;
      if (c >= 'A' && c <= 'Z') letters += static_cast<char>(c - 'A' + 'a');
      else { caps = false; break; }
    }
    if (caps && letters.size() >= 2 && letters.size() <= 6) {
      if (auto it = by_initials.find(letters); it != by_initials.end()) {
        const auto roots = distinct_clusters(it->second);
        if (roots.size() == 1) {
          uf_->unite(static_cast<int>(i), roots[0]);
          // The spelled-out name says what the acronym is: "AU" is a country code and
          // the African Union, "the African Union ... the AU" the latter.
          const auto full = static_cast<std::size_t>(it->second.front());
          if (type[i] != type[full]) {
            int all = 0;
            for (int& v : groups_[i].votes) all += std::exchange(v, 0);
            groups_[i].votes[static_cast<int>(type[full])] = all;
          }
        }
      }
    }
    if (auto it = by_stem.find(g.key); it != by_stem.end()) {
      const auto roots = distinct_clusters(it->second);
      if (roots.size() == 1) uf_->unite(static_cast<int>(i), roots[0]);
    }
  }
  // One country by any of its names: "USA", "United States", "America". Parts of a
  // country that the lexicon files under it ("Scotland", "Wales") stay apart.
  std::map<std::string_view, int> by_country;
  for (std::size_t i = 0; i < n; ++i) {
    if (type[i] != EntityType::GPE) continue;
    const NameGroup& g = groups_[i];
    const std::string_view country = country_of(g.displays.begin()->first);
    if (country.empty()) continue;
    const auto [it, fresh] = by_country.emplace(country, static_cast<int>(i));
    if (!fresh) uf_->unite(static_cast<int>(i), it->second);
  }
  // Fold votes into roots so that cluster_type() sees the whole cluster.
  std::vector<std::array<int, kEntityTypeCount>> votes(n);
  for (auto& v : votes) v.fill(0);
  std::vector<std::uint32_t> first(n, UINT32_MAX);
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = static_cast<std::size_t>(uf_->find(static_cast<int>(i)));
    for (int t = 0; t < kEntityTypeCount; ++t) votes[r][static_cast<std::size_t>(t)] += groups_[i].votes[t];
    if (groups_[i].first_mention < first[r]) {
      first[r] = groups_[i].first_mention;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (uf_->find(static_cast<int>(i)) != static_cast<int>(i)) continue;
    for (int t = 0; t < kEntityTypeCount; ++t) groups_[i].votes[t] = votes[i][static_cast<std::size_t>(t)];
    groups_[i].first_type = doc_.mentions[first[i]].type;
  }
  // Gender of each person from given names and honorifics.
  gender_.assign(n, Gender::Unknown);
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = static_cast<std::size_t>(uf_->find(static_cast<int>(i)));
    if (cluster_type(static_cast<int>(r)) != EntityType::PERSON || gender_[r] != Gender::Unknown) continue;
    for (std::uint32_t mi : groups_[i].mentions) {
      const Mention& m = doc_.mentions[mi];
      Gender g = Gender::Unknown;
      if (m.token_begin > 0) g = coref::honorific_gender(lower_[m.token_begin - 1]);
      for (std::uint32_t t = m.token_begin; t < m.token_end && g == Gender::Unknown; ++t) {
        g = coref::honorific_gender(lower_[t]);
        if (g == Gender::Unknown && t + 1 < m.token_end) {
          g = coref::given_name_gender(lower_[t]);
          if (g != Gender::Unknown) break;
        }
      }
      if (g != Gender::Unknown) { gender_[r] = g; break; }
    }
  }
}

void Run::learn_roles() {
  const auto& toks = doc_.tokens;
  const auto& ms = doc_.mentions;
  auto mention_cluster_at = [&](std::uint32_t t, std::initializer_list<EntityType> types) -> int {
    const int m = tok_mention_[t];
    if (m < 0) return -1;
    const int c = cluster_of_mention(static_cast<std::size_t>(m));
    if (c < 0) return -1;
    const EntityType ty = cluster_type(c);
    for (EntityType x : types) if (x == ty) return c;
    return -1;
  };
  for (std::size_t mi = 0; mi < ms.size(); ++mi) {
    const Mention& m = ms[mi];
    const int person = cluster_of_mention(mi);
    if (person < 0 || cluster_type(person) != EntityType::PERSON) continue;
    const std::uint32_t sb = doc_.sentences.empty() ? 0 : doc_.sentences[m.sentence].token_begin;
    // Title before the name, inside or outside the mention: scan left over title words
    // and organisation/nationality names ("NATO Secretary General", "Russian President").
    std::uint32_t start = m.token_begin;
    {
      std::uint32_t p = m.token_begin;
      // Title words that the recogniser put inside the mention.
      std::uint32_t inner = m.token_begin;
      while (inner < m.token_end && (coref::match_role(lower_, inner, m.token_end) || coref::is_honorific(lower_[inner]))) {
        const auto r = coref::match_role(lower_, inner, m.token_end);
        inner += r ? r->length : 1;
      }
      while (p > sb) {
        const std::uint32_t q = p - 1;
        if (tok_mention_[q] >= 0 && tok_mention_[q] != static_cast<int>(mi)) {
          const Mention& o = ms[static_cast<std::size_t>(tok_mention_[q])];
          if (o.type == EntityType::PERSON || o.type == EntityType::DATE) break;
          p = o.token_begin;
          continue;
        }
        // Part of a role phrase that ends before the name ("Secretary" in "Secretary General").
        bool role_word = false;
        for (std::uint32_t k = (q >= 3 ? q - 3 : 0); k <= q && !role_word; ++k) {
          const auto r = coref::match_role(lower_, k, m.token_begin);
          role_word = r && k + r->length > q;
        }
        if (role_word || coref::is_honorific(lower_[q]) || lower_[q] == "'s") { p = q; continue; }
        break;
      }
      start = p;
      // Find the role phrase in [start, inner) and the organisation before it.
      std::optional<coref::RoleMatch> role;
      std::uint32_t role_at = 0;
      for (std::uint32_t k = start; k < std::max(inner, m.token_begin); ++k) {
        const auto r = coref::match_role(lower_, k, std::max(inner, m.token_begin));
        if (r) { role = r; role_at = k; k += r->length - 1; }
      }
      if (role) {
        Role rl{person, role->key, role->leader, -1, {}, m.token_begin};
        for (std::uint32_t k = start; k < role_at; ++k) {
          const int org = mention_cluster_at(k, {EntityType::ORG, EntityType::GPE});
          if (org >= 0) rl.org_cluster = org;
          if (tok_mention_[k] >= 0 && ms[static_cast<std::size_t>(tok_mention_[k])].type == EntityType::NORP)
            rl.modifier = lower_[k];
        }
        roles_.push_back(rl);
        if (role->gender != Gender::Unknown && gender_[static_cast<std::size_t>(person)] == Gender::Unknown)
          gender_[static_cast<std::size_t>(person)] = role->gender;
        // A capitalised title written before the name is an alias of the person.
        bool all_caps = start < m.token_begin;
        for (std::uint32_t k = start; k < m.token_begin && all_caps; ++k)
          all_caps = coref::starts_upper(toks[k].form) || lower_[k] == "'s" || coref::is_punct(lower_[k]);
        if (all_caps) mention_title_alias_[mi] = slice(start, m.token_end);
      }
    }
    // Apposition after the name: "Mark Tedeschi, the Crown prosecutor," / "Eastman,
    // Director of the Study,". The role noun phrase becomes a mention of the person.
    std::uint32_t p = m.token_end;
    const std::uint32_t se = doc_.sentences.empty() ? static_cast<std::uint32_t>(toks.size()) : doc_.sentences[m.sentence].token_end;
    if (p + 1 < se && lower_[p] == ",") {
      std::uint32_t q = p + 1;
      const std::uint32_t np_start = q;
      if (lower_[q] == "the" || lower_[q] == "a" || lower_[q] == "an") ++q;
      int org = -1;
      while (q < se && tok_mention_[q] >= 0) {
        const Mention& o = ms[static_cast<std::size_t>(tok_mention_[q])];
        if (o.type == EntityType::PERSON || o.type == EntityType::DATE) break;
        org = mention_cluster_at(q, {EntityType::ORG, EntityType::GPE});
        q = o.token_end;
        if (q < se && lower_[q] == "'s") ++q;
      }
      if (q < se) {
        if (auto r = coref::match_role(lower_, q, se)) {
          std::uint32_t end = q + r->length;
          if (end + 1 < se && lower_[end] == "of") {
            std::uint32_t k = end + 1;
            if (k < se && lower_[k] == "the") ++k;
            const int o2 = (k < se) ? mention_cluster_at(k, {EntityType::ORG, EntityType::GPE}) : -1;
            if (o2 >= 0) { org = o2; end = ms[static_cast<std::size_t>(tok_mention_[k])].token_end; }
          }
          if (end < se && (lower_[end] == "," || lower_[end] == "." || coref::reporting_cue(lower_[end]))) {
            roles_.push_back(Role{person, r->key, r->leader, org, {}, m.token_begin});
            Resolution res;
            res.tb = np_start;
            res.te = end;
            res.span = {toks[np_start].span.start, toks[end - 1].span.end};
            res.sentence = m.sentence;
            res.cluster = person;
            added_.push_back(res);
          }
        }
      }
    }
  }
}

int Run::nearest_cluster_before(const std::vector<int>& clusters, std::uint32_t tok) const {
  // The candidate whose latest name mention before `tok` is nearest.
  int best = -1;
  std::uint32_t best_tok = 0;
  for (std::size_t mi = 0; mi < doc_.mentions.size(); ++mi) {
    const Mention& m = doc_.mentions[mi];
    if (m.token_begin >= tok) break;
    const int g = mention_group_[mi];
    if (g < 0) continue;
    const int c = uf_->find(g);
    if (std::find(clusters.begin(), clusters.end(), c) == clusters.end()) continue;
    if (best < 0 || m.token_begin >= best_tok) { best = c; best_tok = m.token_begin; }
  }
  return best;
}

int Run::resolve_org_nominal(std::uint32_t noun_tok, std::uint32_t before_tok) const {
  const std::string_view noun = lower_[noun_tok];
  std::vector<int> cands;
  for (std::size_t i = 0; i < groups_.size(); ++i) {
    const int r = uf_->find(static_cast<int>(i));
    if (cluster_type(r) != EntityType::ORG) continue;
    bool ok = false;
    for (const auto& [d, c] : groups_[i].displays) ok = ok || coref::org_accepts_nominal(d, noun);
    if (ok) cands.push_back(r);
  }
  std::sort(cands.begin(), cands.end());
  cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
  if (cands.empty()) return -1;
  return nearest_cluster_before(cands, before_tok);
}

void Run::add_nominals() {
  const auto& toks = doc_.tokens;
  const auto& ms = doc_.mentions;
  auto org_at = [&](std::uint32_t t) -> std::pair<int, std::uint32_t> {  // cluster, end token
    const int m = tok_mention_[t];
    if (m < 0 || ms[static_cast<std::size_t>(m)].token_begin != t) return {-1, t};
    const int c = cluster_of_mention(static_cast<std::size_t>(m));
    if (c < 0) return {-1, t};
    const EntityType ty = cluster_type(c);
    if (ty != EntityType::ORG && ty != EntityType::GPE) return {-1, t};
    return {c, ms[static_cast<std::size_t>(m)].token_end};
  };
  auto covered = [&](std::uint32_t b, std::uint32_t e) {
    for (const Resolution& r : added_)
      if (r.tb < e && b < r.te) return true;
    return false;
  };
  for (std::uint32_t s = 0; s < doc_.sentences.size(); ++s) {
    const Sentence& sent = doc_.sentences[s];
    for (std::uint32_t i = sent.token_begin; i < sent.token_end; ++i) {
      const bool the = lower_[i] == "the";
      const bool org_start = org_at(i).first >= 0;
      if (!the && !org_start) continue;
      std::uint32_t q = the ? i + 1 : i;
      int org = -1;
      std::string modifier;
      std::uint32_t org_nom_tok = UINT32_MAX;
      // Optional organisation name or nominal, possibly possessive: "the NATO", "NATO's".
      if (q < sent.token_end) {
        auto [c, end] = org_at(q);
        if (c >= 0) { org = c; q = end; }
        else if (tok_mention_[q] >= 0 && ms[static_cast<std::size_t>(tok_mention_[q])].type == EntityType::NORP &&
                 ms[static_cast<std::size_t>(tok_mention_[q])].token_begin == q) {
          modifier = lower_[q];
          q = ms[static_cast<std::size_t>(tok_mention_[q])].token_end;
        } else if (the && coref::is_org_nominal(lower_[q]) && q + 1 < sent.token_end && coref::match_role(lower_, q + 1, sent.token_end)) {
          org_nom_tok = q;  // "the alliance chief"
          ++q;
        }
        if (q < sent.token_end && lower_[q] == "'s" && (org >= 0 || org_nom_tok != UINT32_MAX)) ++q;
      }
      if (!the && org < 0) continue;
      if (q >= sent.token_end) continue;
      auto role = coref::match_role(lower_, q, sent.token_end);
      if (role) {
        std::uint32_t end = q + role->length;
        // "of the Alliance" / "of NATO" completes the phrase.
        std::uint32_t inner_nom_b = 0, inner_nom_e = 0;
        if (end + 1 < sent.token_end && lower_[end] == "of" && org < 0 && org_nom_tok == UINT32_MAX) {
          std::uint32_t k = end + 1;
          const bool det = lower_[k] == "the";
          if (det) ++k;
          if (k < sent.token_end) {
            auto [c, e2] = org_at(k);
            if (c >= 0) { org = c; end = e2; }
            else if (det && coref::is_org_nominal(lower_[k])) {
              const int o2 = resolve_org_nominal(k, i);
              if (o2 >= 0) { org = o2; inner_nom_b = k - 1; inner_nom_e = k + 1; end = k + 1; }
            }
          }
        }
        if (org_nom_tok != UINT32_MAX) {
          org = resolve_org_nominal(org_nom_tok, i);
          if (org < 0) continue;
        }
        // A name right after the phrase makes it a title of that name, handled elsewhere.
        if (end < sent.token_end && tok_mention_[end] >= 0 &&
            ms[static_cast<std::size_t>(tok_mention_[end])].type == EntityType::PERSON)
          continue;
        if (end < sent.token_end && coref::starts_upper(toks[end].form) && !coref::is_punct(lower_[end]) &&
            lower_[end] != "i")
          continue;
        // Compound nouns ("the head teacher") are other things, when the tagger says so.
        if (end < sent.token_end && (toks[end].upos == "NOUN" || toks[end].upos == "PROPN")) continue;
        if (!the && org < 0) continue;
        if (role->generic && org < 0) continue;  // "the head" alone is too vague
        if (covered(i, end)) continue;
        // Persons whose learnt title satisfies the phrase.
        std::vector<int> cands;
        for (const Role& r : roles_) {
          if (!coref::role_satisfies(*role, r.key, r.leader)) continue;
          if (org >= 0 && r.org_cluster != org) continue;
          if (!modifier.empty() && r.modifier != modifier) {
            // "the Russian president" also matches a president of Russia.
            bool via_org = false;
            if (r.org_cluster >= 0) {
              const std::string& k = groups_[static_cast<std::size_t>(r.org_cluster)].key;
              via_org = k.size() >= 4 && modifier.compare(0, 4, k, 0, 4) == 0;
            }
            if (!via_org) continue;
          }
          cands.push_back(uf_->find(r.cluster));
        }
        std::sort(cands.begin(), cands.end());
        cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
        int who = -1;
        if (cands.size() == 1) who = cands[0];
        else if (cands.size() > 1) who = nearest_cluster_before(cands, i);
        if (who < 0) continue;
        Resolution res;
        res.tb = i;
        res.te = end;
        res.span = {toks[i].span.start, toks[end - 1].span.end};
        res.sentence = s;
        res.cluster = who;
        added_.push_back(res);
        if (inner_nom_e > inner_nom_b) {
          Resolution o;
          o.tb = inner_nom_b;
          o.te = inner_nom_e;
          o.span = {toks[inner_nom_b].span.start, toks[inner_nom_e - 1].span.end};
          o.sentence = s;
          o.cluster = org;
          o.type = EntityType::ORG;
          added_.push_back(o);
        }
        i = end - 1;
        continue;
      }
      if (!the) continue;
      // "the Alliance", "the company": an organisation named earlier.
      if (coref::is_org_nominal(lower_[q]) && q == i + 1) {
        const std::uint32_t end = q + 1;
        if (end < sent.token_end && (toks[end].upos == "NOUN" || toks[end].upos == "PROPN" ||
                                     (toks[end].upos.empty() && coref::starts_upper(toks[end].form) &&
                                      !coref::is_punct(lower_[end]))))
          continue;
        if (end < sent.token_end && lower_[end] == "'s") { /* possessive is fine */ }
        if (covered(i, end)) continue;
        const int org2 = resolve_org_nominal(q, i);
        if (org2 < 0) continue;
        Resolution res;
        res.tb = i;
        res.te = end;
        res.span = {toks[i].span.start, toks[end - 1].span.end};
        res.sentence = s;
        res.cluster = org2;
        res.type = EntityType::ORG;
        added_.push_back(res);
        continue;
      }
      // "the country": the one country named in this or the previous sentence.
      if (coref::is_country_nominal(lower_[q]) && q == i + 1) {
        const std::uint32_t lo = doc_.sentences[s > 0 ? s - 1 : 0].token_begin;
        std::vector<int> cands;
        for (std::uint32_t t = lo; t < i; ++t) {
          const int m = tok_mention_[t];
          if (m < 0 || ms[static_cast<std::size_t>(m)].token_begin != t) continue;
          const int c = cluster_of_mention(static_cast<std::size_t>(m));
          if (c >= 0 && cluster_type(c) == EntityType::GPE) cands.push_back(c);
        }
        std::sort(cands.begin(), cands.end());
        cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
        if (cands.size() != 1 || covered(i, q + 1)) continue;
        Resolution res;
        res.tb = i;
        res.te = q + 1;
        res.span = {toks[i].span.start, toks[q].span.end};
        res.sentence = s;
        res.cluster = cands[0];
        res.type = EntityType::GPE;
        added_.push_back(res);
      }
    }
  }
}

void Run::add_pronouns() {
  const auto& toks = doc_.tokens;
  const auto& ms = doc_.mentions;
  // Per sentence: the referring expressions seen so far, in text order, as
  // (first token, cluster, is_subject). Pronouns resolved here join the lists.
  struct Ref {
    std::uint32_t tok;
    int cluster;
    bool subject;
  };
  std::vector<std::vector<Ref>> refs(doc_.sentences.size());
  auto is_subject = [&](std::uint32_t tb, std::uint32_t te, std::uint32_t s) {
    const Sentence& sent = doc_.sentences[s];
    for (std::uint32_t t = tb; t < te; ++t) {
      const std::string& d = toks[t].deprel;
      if (toks[t].head >= -1 && (d == "nsubj" || d == "nsubj:pass")) return true;
    }
    if (toks[tb].head >= -1) return false;  // parsed, and not a subject
    // Unparsed: the first referring expression of its clause, not after a preposition.
    if (tb > sent.token_begin && coref::is_preposition(lower_[tb - 1])) return false;
    for (std::uint32_t t = sent.token_begin; t < tb; ++t)
      if (tok_mention_[t] >= 0 || coref::pronoun_info(lower_[t])) return false;
    return true;
  };
  for (std::size_t mi = 0; mi < ms.size(); ++mi) {
    const int c = cluster_of_mention(mi);
    if (c < 0) continue;
    const Mention& m = ms[mi];
    if (m.token_begin >= toks.size()) continue;
    // Inner names of a longer name ("NATO" in "NATO Secretary General Mark Rutte").
    refs[m.sentence].push_back({m.token_begin, c, is_subject(m.token_begin, m.token_end, m.sentence)});
  }
  for (const Resolution& r : added_) refs[r.sentence].push_back({r.tb, r.cluster, is_subject(r.tb, r.te, r.sentence)});
  for (auto& v : refs)
    std::sort(v.begin(), v.end(), [](const Ref& a, const Ref& b) { return a.tok < b.tok; });

  for (std::uint32_t s = 0; s < doc_.sentences.size(); ++s) {
    const Sentence& sent = doc_.sentences[s];
    for (std::uint32_t i = sent.token_begin; i < sent.token_end; ++i) {
      if (tok_mention_[i] >= 0) continue;
      const coref::PronounInfo* p = coref::pronoun_info(lower_[i]);
      if (!p || p->person != 3) continue;
      if (!toks[i].upos.empty() && toks[i].upos != "PRON" && toks[i].upos != "DET") continue;
      bool want_person = !p->neuter && !p->plural;
      bool want_org = false;
      if (p->neuter) {
        // "it" is mostly pleonastic or a thing; only "its", "itself" and "it said" refer
        // back to an organisation with enough precision.
        std::uint32_t k = i + 1;
        while (k < sent.token_end && coref::is_verb_modifier(lower_[k])) ++k;
        const bool speaks = k < sent.token_end && coref::reporting_cue(lower_[k]) != nullptr;
        if (p->pcase == coref::PronounCase::Subject && !speaks) continue;
        want_org = true;
      } else if (p->plural) {
        // "they said" after an organisation, when no plural noun stands between them.
        std::uint32_t k = i + 1;
        while (k < sent.token_end && coref::is_verb_modifier(lower_[k])) ++k;
        const bool speaks = k < sent.token_end && coref::reporting_cue(lower_[k]) != nullptr;
        if (!speaks || p->pcase != coref::PronounCase::Subject || toks[i].xpos.empty()) continue;
        want_org = true;
      }
      const std::uint32_t lo = s >= kPronounWindow ? s - kPronounWindow : 0;
      int chosen = -1;
      std::uint32_t chosen_tok = 0;
      for (std::uint32_t ss = s + 1; ss-- > lo && chosen < 0;) {
        if (p->pcase == coref::PronounCase::Reflexive && ss != s) break;
        if (p->pcase == coref::PronounCase::Object && ss == s) continue;
        int best = -1, best_score = -1;
        std::uint32_t best_tok = 0;
        for (const Ref& r : refs[ss]) {
          if (ss == s && r.tok >= i) break;
          const EntityType ty = cluster_type(r.cluster);
          if (want_person && ty != EntityType::PERSON) continue;
          if (want_org && ty != EntityType::ORG && !(p->neuter && ty == EntityType::GPE)) continue;
          const Gender g = gender_[static_cast<std::size_t>(r.cluster)];
          if (want_person && g != Gender::Unknown && g != p->gender) continue;
          // Prefer a known matching gender, then a subject; within the pronoun's own
          // sentence the nearest, elsewhere the first (subjects come first in English).
          const int score = (want_person && g == p->gender ? 2 : 0) + (r.subject ? 1 : 0);
          const bool better = score > best_score || (score == best_score && ss == s && r.tok > best_tok);
          if (better) { best = r.cluster; best_score = score; best_tok = r.tok; }
        }
        if (best >= 0) { chosen = best; chosen_tok = best_tok; }
      }
      if (chosen < 0) continue;
      if (p->plural) {
        // A plural noun between the organisation and "they" is the likelier referent.
        bool plural_noun = false;
        for (std::uint32_t t = chosen_tok; t < i && !plural_noun; ++t)
          plural_noun = tok_mention_[t] < 0 && (toks[t].xpos == "NNS" || toks[t].xpos == "NNPS");
        if (plural_noun) continue;
      }
      if (want_person && gender_[static_cast<std::size_t>(chosen)] == Gender::Unknown)
        gender_[static_cast<std::size_t>(chosen)] = p->gender;
      Resolution res;
      res.tb = i;
      res.te = i + 1;
      res.span = toks[i].span;
      res.sentence = s;
      res.cluster = chosen;
      res.kind = MentionKind::Pronoun;
      res.type = cluster_type(chosen);
      added_.push_back(res);
      auto& v = refs[s];
      const Ref nr{i, chosen, is_subject(i, i + 1, s)};
      v.insert(std::upper_bound(v.begin(), v.end(), nr, [](const Ref& a, const Ref& b) { return a.tok < b.tok; }), nr);
    }
  }
}

void Run::build_entities() {
  const auto& ms = doc_.mentions;
  // Clusters in use, each with its canonical name.
  std::map<int, std::vector<std::size_t>> cluster_groups;
  for (std::size_t g = 0; g < groups_.size(); ++g) cluster_groups[uf_->find(static_cast<int>(g))].push_back(g);
  struct Proto {
    EntityType type;
    std::string name;
    std::vector<std::string> aliases;
    std::string normalized;
  };
  std::map<int, Proto> protos;
  for (const auto& [root, gs] : cluster_groups) {
    Proto p;
    p.type = cluster_type(root);
    // Canonical: the longest name as written (most words, then most bytes), preferring
    // forms with a capital; the most frequent spelling of it.
    std::string best;
    std::size_t best_words = 0;
    int best_count = 0;
    bool best_upper = false;
    for (std::size_t g : gs)
      for (const auto& [d, cnt] : groups_[g].displays) {
        const std::size_t words = groups_[g].words.size();
        const bool up = coref::starts_upper(d);
        const auto better = std::make_tuple(up, words, d.size(), cnt) > std::make_tuple(best_upper, best_words, best.size(), best_count);
        if (best.empty() || better) { best = d; best_words = words; best_count = cnt; best_upper = up; }
        p.aliases.push_back(d);
      }
    p.name = best;
    // A country goes by its canonical name, so that "USA" in one article and "United
    // States" in another are one node of the graph.
    if (p.type == EntityType::GPE)
      for (std::size_t g : gs)
        for (const auto& [d, cnt] : groups_[g].displays)
          if (const std::string_view c = country_of(d); !c.empty()) p.name = std::string(c);
    for (std::size_t g : gs)
      for (std::uint32_t mi : groups_[g].mentions) {
        if (!mention_title_alias_[mi].empty()) p.aliases.push_back(mention_title_alias_[mi]);
        if (ms[mi].type == EntityType::DATE && p.normalized.empty()) {
          if (auto v = normalise_date(ms[mi].text, doc_.doc.meta.date)) p.normalized = *v;
        }
      }
    std::sort(p.aliases.begin(), p.aliases.end());
    p.aliases.erase(std::unique(p.aliases.begin(), p.aliases.end()), p.aliases.end());
    std::erase(p.aliases, p.name);
    protos.emplace(root, std::move(p));
  }
  // Entities by id; clusters whose ids coincide ("Kim Jong-un", "Kim Jong Un") merge.
  // A date's id is its value when it has one: "Monday" and "13 January" of the same
  // week are one date, and "Monday" in two articles of different weeks two dates.
  std::map<std::string, std::vector<int>> by_id;
  for (const auto& [root, p] : protos)
    by_id[make_entity_id(p.type, p.type == EntityType::DATE && !p.normalized.empty() ? p.normalized : p.name)]
        .push_back(root);
  std::unordered_map<int, int> entity_of;
  doc_.entities.clear();
  for (const auto& [id, roots] : by_id) {
    Entity e;
    e.id = id;
    e.type = protos.at(roots[0]).type;
    e.name = protos.at(roots[0]).name;
    for (int r : roots) {
      const Proto& p = protos.at(r);
      e.aliases.insert(e.aliases.end(), p.aliases.begin(), p.aliases.end());
      if (e.normalized.empty()) e.normalized = p.normalized;
      entity_of[r] = static_cast<int>(doc_.entities.size());
    }
    std::sort(e.aliases.begin(), e.aliases.end());
    e.aliases.erase(std::unique(e.aliases.begin(), e.aliases.end()), e.aliases.end());
    std::erase(e.aliases, e.name);
    doc_.entities.push_back(std::move(e));
  }
  for (std::size_t mi = 0; mi < doc_.mentions.size(); ++mi) {
    const int c = cluster_of_mention(mi);
    doc_.mentions[mi].entity = c < 0 ? -1 : entity_of.at(c);
  }
  std::vector<Mention> added;
  std::sort(added_.begin(), added_.end(), [](const Resolution& a, const Resolution& b) { return a.span < b.span; });
  for (std::size_t k = 0; k < added_.size(); ++k) {
    const Resolution& r = added_[k];
    if (k > 0 && added_[k - 1].span == r.span) continue;
    Mention m;
    m.span = r.span;
    m.text = doc_.doc.text.substr(r.span.start, r.span.size());
    m.kind = r.kind;
    m.sentence = r.sentence;
    m.token_begin = r.tb;
    m.token_end = r.te;
    m.entity = entity_of.at(uf_->find(r.cluster));
    m.type = doc_.entities[static_cast<std::size_t>(m.entity)].type;
    added.push_back(std::move(m));
  }
  // Name mentions take the type of their entity so that output is consistent.
  for (Mention& m : doc_.mentions)
    if (m.entity >= 0) m.type = doc_.entities[static_cast<std::size_t>(m.entity)].type;
  for (Entity& e : doc_.entities) e.mentions.clear();
  for (std::size_t i = 0; i < doc_.mentions.size(); ++i)
    if (doc_.mentions[i].entity >= 0)
      doc_.entities[static_cast<std::size_t>(doc_.mentions[i].entity)].mentions.push_back(static_cast<std::uint32_t>(i));
  coref::insert_mentions(doc_, std::move(added));
}

void Run::go() {
  prepare();
  group_names();
  link_variants();
  learn_roles();
  add_nominals();
  add_pronouns();
  build_entities();
}

}  // namespace

void Resolver::run(AnnotatedDocument& doc) const {
  Run r(doc, lexicon_);
  r.go();
}

}  // namespace newsgraph
