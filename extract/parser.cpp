// Dependency parser: greedy arc-hybrid with the root token at the end of the buffer,
// trained with the dynamic oracle of Goldberg & Nivre (2013) and averaged perceptrons.
//
// Why arc-hybrid with the root last: a LEFT to the root is only allowed when the root
// is the buffer front and the stack holds a single word, so every complete derivation
// is a tree with exactly one root without any post-hoc repair, and the arc-hybrid
// oracle costs are arc-decomposable and cheap to compute.
//
// Two models: an unlabeled transition model (SHIFT/LEFT/RIGHT) over rich Zhang & Nivre
// (2011) style features, and a label model consulted once per arc. One joint model over
// transitions x labels would carry ~110 weights per feature row instead of 3: with
// ~2M training features that does not fit the size budget (a few MB) nor the speed
// budget, so it was not pursued.
//
// After training, the weights are copied into parser_scorer.hpp's FrozenScorer, whose
// layout needs one cache line per feature lookup; that is what parsing speed hinges on.
#include "extract/parser.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <iomanip>
#include <limits>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "extract/conllu.hpp"
#include "extract/model_file.hpp"
#include "extract/parser_scorer.hpp"
#include "extract/perceptron.hpp"
#include "graph/error.hpp"

namespace newsgraph {
namespace {

constexpr std::uint32_t kPayloadVersion = 1;
// Any change to the transition system, the templates or how token ids are derived
// must change this string: models trained otherwise are then refused at load time.
// Version 1 (XPOS tags only) is no longer computed; version 2 adds UPOS and 3-byte
// suffixes next to the XPOS tag (+0.45 UAS, +0.56 LAS on EWT dev with predicted
// tags). The feature functions take the version so that the next one can be added
// while models of this one still load.
constexpr std::string_view kFeatureSpecV2 =
    "parse/arc-hybrid,root-last,single-root/moves:zn2011-hybrid-v2/labels:v2/"
    "word:ascii-lower,digit0/tag:xpos-else-upos/upos/suffix3:lower";
constexpr int kOldestFeatures = 2;
constexpr int kNewestFeatures = 2;

std::uint64_t spec_fingerprint(int version) { return fnv1a64(version == 2 ? kFeatureSpecV2 : std::string_view("?")); }

enum Move : int { kShift = 0, kLeft = 1, kRight = 2 };
constexpr int kMoves = 3;
constexpr int kMaxFeatures = 160;

// Feature keys: a template number mixed with precomputed 64-bit ids of words, tags and
// small integers. Integer mixing instead of hashing strings per feature keeps
// extraction cheap (the strings are hashed once per token with feature_hash()).
inline std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h * 0xFF51AFD7ED558CCDull;
}
inline std::uint64_t finish(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h == 0 ? 1 : h;
}
inline std::uint64_t key(std::uint32_t t, std::uint64_t a) { return finish(mix(t * 0x9E3779B97F4A7C15ull, a)); }
inline std::uint64_t key(std::uint32_t t, std::uint64_t a, std::uint64_t b) {
  return finish(mix(mix(t * 0x9E3779B97F4A7C15ull, a), b));
}
inline std::uint64_t key(std::uint32_t t, std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  return finish(mix(mix(mix(t * 0x9E3779B97F4A7C15ull, a), b), c));
}
inline std::uint64_t key(std::uint32_t t, std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
  return finish(mix(mix(mix(mix(t * 0x9E3779B97F4A7C15ull, a), b), c), d));
}

const std::uint64_t kNone = feature_hash(900, "<none>");
const std::uint64_t kRootW = feature_hash(901, "<root>");

// Ids of the normalised word and of its last three bytes (the whole word when shorter).
void word_ids(std::string_view form, std::uint64_t* word, std::uint64_t* suffix) {
  thread_local std::string buf;
  buf.assign(form);
  for (char& c : buf) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    else if (c >= '0' && c <= '9') c = '0';
  }
  *word = feature_hash(1, buf);
  *suffix = feature_hash(3, std::string_view(buf).substr(buf.size() > 3 ? buf.size() - 3 : 0));
}
std::uint64_t tag_id(const Token& t) { return feature_hash(2, t.xpos.empty() ? t.upos : t.xpos); }

// Per-token ids of one sentence, computed once; index n is the root.
struct Sent {
  int n = 0;
  std::vector<std::uint64_t> w, p, wp, u, sf;  // word, tag, word+tag, UPOS, suffix
  template <class TokenAt>
  void build(int size, TokenAt at) {
    n = size;
    const auto m = static_cast<std::size_t>(n) + 1;
    for (auto* v : {&w, &p, &wp, &u, &sf}) v->resize(m);
    for (int i = 0; i < n; ++i) {
      const Token& t = at(i);
      const auto k = static_cast<std::size_t>(i);
      word_ids(t.form, &w[k], &sf[k]);
      p[k] = tag_id(t);
      wp[k] = mix(w[k], p[k]);
      u[k] = feature_hash(4, t.upos);
    }
    const auto r = static_cast<std::size_t>(n);
    w[r] = p[r] = wp[r] = u[r] = sf[r] = kRootW;
  }
};

// A parser configuration. Children are tracked as the two outermost on each side,
// which is what the features look at.
struct State {
  int n = 0;
  int b = 0;  // buffer front; n is the root
  std::vector<int> stack, head, label, lc1, lc2, rc1, rc2, nl, nr;
  std::vector<std::uint64_t> lset, rset;
  std::vector<char> on_stack;

  void reset(int size) {
    n = size;
    b = 0;
    stack.clear();
    const auto m = static_cast<std::size_t>(n) + 1;
    for (auto* v : {&head, &label, &lc1, &lc2, &rc1, &rc2}) v->assign(m, -1);
    nl.assign(m, 0);
    nr.assign(m, 0);
    lset.assign(m, 0);
    rset.assign(m, 0);
    on_stack.assign(m, 0);
  }
  int s(std::size_t i) const { return i < stack.size() ? stack[stack.size() - 1 - i] : -1; }
  int nb(int i) const { return b + i <= n ? b + i : -1; }
  bool terminal() const { return b == n && stack.empty(); }
  bool valid(int m) const {
    switch (m) {
      case kShift: return b < n;
      case kLeft: return !stack.empty() && (b < n || stack.size() == 1);
      default: return stack.size() >= 2;
    }
  }
  // Head and dependent of the arc `m` would add (m is LEFT or RIGHT).
  int arc_head(int m) const { return m == kLeft ? b : s(1); }
  void apply(int m, int lab) {
    if (m == kShift) {
      stack.push_back(b);
      on_stack[static_cast<std::size_t>(b)] = 1;
      ++b;
      return;
    }
    const int d = stack.back();
    stack.pop_back();
    on_stack[static_cast<std::size_t>(d)] = 0;
    attach(m == kLeft ? b : stack.back(), d, lab);
  }
  void attach(int h, int d, int lab) {
    const auto H = static_cast<std::size_t>(h), D = static_cast<std::size_t>(d);
    head[D] = h;
    label[D] = lab;
    const std::uint64_t bit = 1ull << (static_cast<unsigned>(lab) & 63u);
    if (d < h) {
      if (lc1[H] < 0 || d < lc1[H]) { lc2[H] = lc1[H]; lc1[H] = d; }
      else if (lc2[H] < 0 || d < lc2[H]) lc2[H] = d;
      ++nl[H];
      lset[H] |= bit;
    } else {
      if (rc1[H] < 0 || d > rc1[H]) { rc2[H] = rc1[H]; rc1[H] = d; }
      else if (rc2[H] < 0 || d > rc2[H]) rc2[H] = d;
      ++nr[H];
      rset[H] |= bit;
    }
  }
};

std::uint64_t dist_bucket(int d) {
  if (d <= 0) return 0;
  if (d <= 5) return static_cast<std::uint64_t>(d);
  return d <= 10 ? 6 : 7;
}

// Zhang & Nivre (2011) templates adapted to arc-hybrid: S0/S1/S2 are the stack top
// three, N0..N2 the buffer front three; stack words have no head yet, so S1 and its
// right children play the role of the arc-eager "S0 head".
// Features of one word in one role (S0, S1, S2, N0, N1, N2): they depend on nothing
// else, so at inference their scores are cached per word and role.
constexpr int kRoles = 6;
int role_position(const State& st, int role) {
  return role < 3 ? st.s(static_cast<std::size_t>(role)) : st.nb(role - 3);
}
int unigram_features(int role, int i, const Sent& x, std::uint64_t* f, int fv) {
  // Template numbers of the word, tag, word+tag, UPOS and suffix (v2) of each role;
  // 0 = not used.
  static constexpr std::uint32_t kTemplates[kRoles][5] = {{1, 2, 3, 120, 126},   {4, 5, 6, 121, 127},
                                                          {17, 16, 0, 122, 0},   {7, 8, 9, 123, 129},
                                                          {10, 11, 12, 124, 130}, {13, 14, 15, 125, 0}};
  const auto* t = kTemplates[role];
  const int used = fv >= 2 ? 5 : 3;
  int k = 0;
  if (i < 0) {
    for (int j = 0; j < used; ++j)
      if (t[j] != 0) f[k++] = key(t[j], kNone);
    return k;
  }
  const auto I = static_cast<std::size_t>(i);
  const std::uint64_t ids[5] = {x.w[I], x.p[I], x.wp[I], x.u[I], x.sf[I]};
  for (int j = 0; j < used; ++j)
    if (t[j] != 0) f[k++] = key(t[j], ids[j]);
  return k;
}

// `unigrams`: include the per-word features of unigram_features().
int move_features(const State& st, const Sent& x, std::uint64_t* f, bool unigrams, int fv) {
  const int s0 = st.s(0), s1 = st.s(1), s2 = st.s(2);
  const int n0 = st.b, n1 = st.nb(1), n2 = st.nb(2);
  auto W = [&](int i) { return i < 0 ? kNone : x.w[static_cast<std::size_t>(i)]; };
  auto P = [&](int i) { return i < 0 ? kNone : x.p[static_cast<std::size_t>(i)]; };
  auto WP = [&](int i) { return i < 0 ? kNone : x.wp[static_cast<std::size_t>(i)]; };
  auto U = [&](int i) { return i < 0 ? kNone : x.u[static_cast<std::size_t>(i)]; };
  auto SF = [&](int i) { return i < 0 ? kNone : x.sf[static_cast<std::size_t>(i)]; };
  auto L = [&](int i) { return i < 0 ? kNone : static_cast<std::uint64_t>(st.label[static_cast<std::size_t>(i)] + 7); };
  auto at = [](const std::vector<int>& v, int i) { return i < 0 ? -1 : v[static_cast<std::size_t>(i)]; };
  auto cnt = [](const std::vector<int>& v, int i) {
    return i < 0 ? std::uint64_t{99} : static_cast<std::uint64_t>(std::min(v[static_cast<std::size_t>(i)], 6));
  };
  auto set = [](const std::vector<std::uint64_t>& v, int i) { return i < 0 ? kNone : v[static_cast<std::size_t>(i)]; };
  const int s0l = at(st.lc1, s0), s0l2 = at(st.lc2, s0), s0r = at(st.rc1, s0), s0r2 = at(st.rc2, s0);
  const int n0l = at(st.lc1, n0), n0l2 = at(st.lc2, n0);
  const int s1r = at(st.rc1, s1), s1l = at(st.lc1, s1);
  const std::uint64_t d = s0 < 0 ? 0 : (n0 == st.n ? 15 : dist_bucket(n0 - s0));
  const std::uint64_t d1 = (s0 < 0 || s1 < 0) ? 0 : dist_bucket(s0 - s1);

  int k = 0;
  f[k++] = key(0, 0);
  // Single words.
  if (unigrams)
    for (int r = 0; r < kRoles; ++r) k += unigram_features(r, role_position(st, r), x, f + k, fv);
  // Pairs.
  f[k++] = key(20, WP(s0), WP(n0));
  f[k++] = key(21, WP(s0), W(n0));
  f[k++] = key(22, W(s0), WP(n0));
  f[k++] = key(23, WP(s0), P(n0));
  f[k++] = key(24, P(s0), WP(n0));
  f[k++] = key(25, W(s0), W(n0));
  f[k++] = key(26, P(s0), P(n0));
  f[k++] = key(27, P(n0), P(n1));
  f[k++] = key(28, WP(s1), WP(s0));
  f[k++] = key(29, W(s1), W(s0));
  f[k++] = key(30, P(s1), P(s0));
  f[k++] = key(31, WP(s1), P(s0));
  f[k++] = key(32, P(s1), WP(s0));
  f[k++] = key(33, W(s1), P(s0));
  f[k++] = key(34, P(s1), W(s0));
  // Triples of tags.
  f[k++] = key(40, P(n0), P(n1), P(n2));
  f[k++] = key(41, P(s0), P(n0), P(n1));
  f[k++] = key(42, P(s1), P(s0), P(n0));
  f[k++] = key(43, P(s0), P(s0l), P(n0));
  f[k++] = key(44, P(s0), P(s0r), P(n0));
  f[k++] = key(45, P(s0), P(n0), P(n0l));
  f[k++] = key(46, P(s2), P(s1), P(s0));
  f[k++] = key(47, P(s1), P(s1r), P(s0));
  f[k++] = key(48, P(s1), P(s0), P(s0l));
  f[k++] = key(49, P(s1), P(s1l), P(s0));
  f[k++] = key(39, W(s1), P(s0), P(n0));
  f[k++] = key(38, P(s1), W(s0), P(n0));
  f[k++] = key(37, P(s1), P(s0), W(n0));
  // Distance.
  f[k++] = key(50, W(s0), d);
  f[k++] = key(51, P(s0), d);
  f[k++] = key(52, W(n0), d);
  f[k++] = key(53, P(n0), d);
  f[k++] = key(54, W(s0), W(n0), d);
  f[k++] = key(55, P(s0), P(n0), d);
  f[k++] = key(56, P(s1), P(s0), d1);
  f[k++] = key(57, W(s1), W(s0), d1);
  // Valency.
  f[k++] = key(60, W(s0), cnt(st.nr, s0));
  f[k++] = key(61, P(s0), cnt(st.nr, s0));
  f[k++] = key(62, W(s0), cnt(st.nl, s0));
  f[k++] = key(63, P(s0), cnt(st.nl, s0));
  f[k++] = key(64, W(n0), cnt(st.nl, n0));
  f[k++] = key(65, P(n0), cnt(st.nl, n0));
  f[k++] = key(66, W(s1), cnt(st.nr, s1));
  f[k++] = key(67, P(s1), cnt(st.nr, s1));
  // Children.
  f[k++] = key(70, W(s0l));
  f[k++] = key(71, P(s0l));
  f[k++] = key(72, L(s0l));
  f[k++] = key(73, W(s0r));
  f[k++] = key(74, P(s0r));
  f[k++] = key(75, L(s0r));
  f[k++] = key(76, W(n0l));
  f[k++] = key(77, P(n0l));
  f[k++] = key(78, L(n0l));
  f[k++] = key(79, W(s1r));
  f[k++] = key(80, P(s1r));
  f[k++] = key(81, L(s1r));
  f[k++] = key(82, P(s1l));
  f[k++] = key(83, L(s1l));
  // Second children.
  f[k++] = key(90, W(s0l2));
  f[k++] = key(91, P(s0l2));
  f[k++] = key(92, L(s0l2));
  f[k++] = key(93, W(s0r2));
  f[k++] = key(94, P(s0r2));
  f[k++] = key(95, L(s0r2));
  f[k++] = key(96, W(n0l2));
  f[k++] = key(97, P(n0l2));
  f[k++] = key(98, L(n0l2));
  f[k++] = key(99, P(s0), P(s0l), P(s0l2));
  f[k++] = key(100, P(s0), P(s0r), P(s0r2));
  f[k++] = key(101, P(n0), P(n0l), P(n0l2));
  // Label sets.
  f[k++] = key(110, W(s0), set(st.rset, s0));
  f[k++] = key(111, P(s0), set(st.rset, s0));
  f[k++] = key(112, W(s0), set(st.lset, s0));
  f[k++] = key(113, P(s0), set(st.lset, s0));
  f[k++] = key(114, W(n0), set(st.lset, n0));
  f[k++] = key(115, P(n0), set(st.lset, n0));
  f[k++] = key(116, P(s1), set(st.rset, s1));
  f[k++] = key(117, P(s1), set(st.lset, s1));
  if (fv >= 2) {
    // UPOS tells auxiliaries and copulas from main verbs and proper from common nouns,
    // which XPOS does not; suffixes back the tags up where the tagger errs.
    f[k++] = key(140, U(s0), U(n0));
    f[k++] = key(141, U(s1), U(s0));
    f[k++] = key(142, U(s0), U(n0), U(n1));
    f[k++] = key(143, U(s1), U(s0), U(n0));
    f[k++] = key(144, W(s0), U(n0));
    f[k++] = key(145, U(s0), W(n0));
    f[k++] = key(146, SF(s0), SF(n0));
    f[k++] = key(147, SF(s1), SF(s0));
    f[k++] = key(148, U(s0), U(s0l), U(s0r));
    f[k++] = key(149, U(s0), U(n0), d);
  }
  return k;
}

// Features for labelling the arc h -> d just chosen (before it is added).
int label_features(const State& st, const Sent& x, int h, int d, std::uint64_t* f, int fv) {
  auto W = [&](int i) { return i < 0 ? kNone : x.w[static_cast<std::size_t>(i)]; };
  auto P = [&](int i) { return (i < 0 || i > x.n) ? kNone : x.p[static_cast<std::size_t>(i)]; };
  auto L = [&](int i) { return i < 0 ? kNone : static_cast<std::uint64_t>(st.label[static_cast<std::size_t>(i)] + 7); };
  const auto H = static_cast<std::size_t>(h), D = static_cast<std::size_t>(d);
  const std::uint64_t dir = d < h ? 1 : 2;
  const std::uint64_t dist = dist_bucket(d < h ? h - d : d - h);
  const std::uint64_t hw = x.w[H], hp = x.p[H], dw = x.w[D], dp = x.p[D];
  int k = 0;
  f[k++] = key(200, dir);
  f[k++] = key(201, dir, dw);
  f[k++] = key(202, dir, dp);
  f[k++] = key(203, dir, x.wp[D]);
  f[k++] = key(204, dir, hw);
  f[k++] = key(205, dir, hp);
  f[k++] = key(206, dir, x.wp[H]);
  f[k++] = key(207, dir, hp, dp);
  f[k++] = key(208, dir, hw, dp);
  f[k++] = key(209, dir, hp, dw);
  f[k++] = key(210, dir, hw, dw);
  f[k++] = key(211, dir, hp, dp, dist);
  f[k++] = key(212, dir, dp, st.lset[D], st.rset[D]);
  f[k++] = key(213, dir, dp, L(st.lc1[D]));
  f[k++] = key(214, dir, dp, L(st.rc1[D]));
  f[k++] = key(215, dir, dp, W(st.lc1[D]));
  f[k++] = key(216, dir, dp, W(st.rc1[D]));
  f[k++] = key(217, dir, dp, P(d - 1), P(d + 1));
  f[k++] = key(218, dir, hp, P(h - 1), P(h + 1));
  f[k++] = key(219, dir, dw, hp, dist);
  f[k++] = key(220, dir, dp, hp, st.lset[H]);
  f[k++] = key(221, dir, dp, hp, st.rset[H]);
  f[k++] = key(222, dir, dw, hw, dist);
  if (fv >= 2) {
    const std::uint64_t hu = x.u[H], du = x.u[D];
    f[k++] = key(223, dir, hu, du);
    f[k++] = key(224, dir, hu, du, dist);
    f[k++] = key(225, dir, x.sf[D], hp);
    f[k++] = key(226, dir, du, hw);
    f[k++] = key(227, dir, dw, hu);
    f[k++] = key(228, dir, du, hu, st.lset[D]);
  }
  return k;
}

// Training settings, chosen on EWT dev (see models/README.md for the measurements).
struct Config {
  int epochs = 15;
  int explore_from = 2;    // first epoch (1-based) that follows the model's own mistakes
  double explore_p = 0.9;  // probability of following a mistake in those epochs
  // Each model keeps its strongest features only (a size budget, see FrozenScorer):
  // of ~2.2M transition features seen in training on EWT+GUM, 400K are kept (-0.4 UAS
  // on dev, 5x smaller and faster); of ~275K label features, 100K (-0.02 LAS).
  std::size_t max_move_features = 400000;
  std::size_t max_label_features = 100000;
};

std::uint64_t splitmix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

struct Parser::Impl {
  std::vector<std::string> labels;  // sorted; index = label class
  std::vector<std::uint8_t> left_ok, right_ok;  // labels seen with the dependent before / after the head
  int root_label = 0;
  int fv = kNewestFeatures;  // feature set version (see kFeatureSpecV*)
  // Inference weights (see parser_scorer.hpp).
  parser_detail::FrozenScorer move_w, label_w;
  // Training only: the learners, and every feature they were ever updated with.
  Perceptron moves{kMoves};
  Perceptron labeller{1};
  std::vector<std::uint64_t> move_keys, label_keys;

  void freeze(std::size_t max_move_features, std::size_t max_label_features) {
    moves.finalize();
    labeller.finalize();
    move_w = parser_detail::FrozenScorer::from(moves, move_keys, 0.0f, max_move_features);
    label_w = parser_detail::FrozenScorer::from(labeller, label_keys, 0.0f, max_label_features);
    moves = Perceptron(kMoves);
    labeller = Perceptron(1);
    move_keys.clear();
    label_keys.clear();
  }

  // `live` is the perceptron being trained, or nullptr to use the frozen weights.
  int best_label(const State& st, const Sent& x, int h, int d, std::uint64_t* feats, int* nf_out,
                 const Perceptron* live = nullptr) const {
    if (h == st.n) {
      if (nf_out) *nf_out = 0;
      return root_label;
    }
    const int nf = label_features(st, x, h, d, feats, fv);
    if (nf_out) *nf_out = nf;
    thread_local std::vector<float> scores;
    scores.assign(labels.size(), 0.0f);
    if (live) live->score(std::span<const std::uint64_t>(feats, static_cast<std::size_t>(nf)), scores.data());
    else label_w.score(feats, nf, scores.data());
    const auto& ok = d < h ? left_ok : right_ok;
    int best = -1;
    for (std::size_t l = 0; l < labels.size(); ++l) {
      if (!ok[l] || static_cast<int>(l) == root_label) continue;
      if (best < 0 || scores[l] > scores[static_cast<std::size_t>(best)]) best = static_cast<int>(l);
    }
    return best < 0 ? root_label : best;
  }

  // Parses a sentence whose ids are in x; leaves heads (n = root) and labels in st.
  void parse(const Sent& x, State& st) const {
    st.reset(x.n);
    std::uint64_t feats[kMaxFeatures];
    // Scores of the unigram features per (role, position + 1); NaN = not computed yet.
    thread_local std::vector<float> cache;
    const std::size_t width = static_cast<std::size_t>(x.n) + 2;
    cache.assign(kRoles * width * kMoves, std::numeric_limits<float>::quiet_NaN());
    while (!st.terminal()) {
      int m = -1;
      int valid = 0;
      for (int t = 0; t < kMoves; ++t)
        if (st.valid(t)) {
          ++valid;
          m = t;
        }
      if (valid > 1) {
        const int nf = move_features(st, x, feats, false, fv);
        float scores[kMoves] = {0, 0, 0};
        move_w.score(feats, nf, scores);
        for (int r = 0; r < kRoles; ++r) {
          const int i = role_position(st, r);
          float* c = cache.data() + (static_cast<std::size_t>(r) * width + static_cast<std::size_t>(i + 1)) * kMoves;
          if (std::isnan(c[0])) {
            std::uint64_t uf[5];
            const int nu = unigram_features(r, i, x, uf, fv);
            c[0] = c[1] = c[2] = 0.0f;
            move_w.score(uf, nu, c);
          }
          for (int t = 0; t < kMoves; ++t) scores[t] += c[t];
        }
        m = -1;
        for (int t = 0; t < kMoves; ++t)
          if (st.valid(t) && (m < 0 || scores[t] > scores[m])) m = t;
      }
      int lab = -1;
      if (m != kShift) lab = best_label(st, x, st.arc_head(m), st.s(0), feats, nullptr);
      st.apply(m, lab);
    }
  }
};

namespace {

struct GoldSent {
  Sent x;
  std::vector<int> head;   // n = root
  std::vector<int> label;  // label class
};

bool is_projective(const std::vector<int>& head, int n, int* worst) {
  // An arc h -> d is projective when h dominates every word strictly between them.
  // Returns false and the dependent of the shortest non-projective arc otherwise.
  int best_span = 1 << 30;
  *worst = -1;
  for (int d = 0; d < n; ++d) {
    const int h = head[static_cast<std::size_t>(d)];
    if (h == n) continue;
    const int lo = std::min(h, d), hi = std::max(h, d);
    for (int k = lo + 1; k < hi; ++k) {
      int a = k;
      int guard = 0;
      while (a != h && a != n && guard++ <= n) a = head[static_cast<std::size_t>(a)];
      if (a != h) {
        if (hi - lo < best_span) {
          best_span = hi - lo;
          *worst = d;
        }
        break;
      }
    }
  }
  return *worst < 0;
}

// Costs of each valid move under the arc-hybrid dynamic oracle: the number of gold
// arcs that become unreachable.
void move_costs(const State& st, const std::vector<int>& gold, int* cost) {
  const int n = st.n, b = st.b, s0 = st.s(0), s1 = st.s(1);
  auto G = [&](int i) { return gold[static_cast<std::size_t>(i)]; };
  cost[0] = cost[1] = cost[2] = -1;
  if (st.valid(kShift)) {
    int c = 0;
    const int h = G(b);
    if (h != n && h != s0 && st.on_stack[static_cast<std::size_t>(h)]) ++c;
    for (int s : st.stack)
      if (G(s) == b) ++c;
    cost[kShift] = c;
  }
  int deps_in_buffer = 0;
  if (s0 >= 0)
    for (int d = b; d < n; ++d)
      if (G(d) == s0) ++deps_in_buffer;
  if (st.valid(kLeft)) {
    int c = deps_in_buffer;
    if (b == n) c += G(s0) != n;
    else c += (G(s0) == s1 || G(s0) > b);
    cost[kLeft] = c;
  }
  if (st.valid(kRight)) cost[kRight] = deps_in_buffer + (G(s0) >= b);
}

std::vector<ConlluSentence> load_sentences(const std::string& path, const Tagger* tagger) {
  auto sentences = read_conllu(path);
  std::vector<ConlluSentence> kept;
  for (auto& s : sentences) {
    if (s.tokens.empty()) continue;
    bool ok = true;
    for (const auto& t : s.tokens) ok = ok && t.head >= -1 && !t.deprel.empty();
    if (ok) kept.push_back(std::move(s));
  }
  if (tagger) {
    AnnotatedDocument doc = to_document(kept);
    tagger->run(doc);
    std::size_t k = 0;
    for (auto& s : kept)
      for (auto& t : s.tokens) {
        t.upos = doc.tokens[k].upos;
        t.xpos = doc.tokens[k].xpos;
        ++k;
      }
  }
  return kept;
}

GoldSent make_gold(const ConlluSentence& s, const std::map<std::string, int>& lab_index) {
  {
    GoldSent g;
    const int n = static_cast<int>(s.tokens.size());
    g.x.build(n, [&](int i) -> const Token& { return s.tokens[static_cast<std::size_t>(i)]; });
    g.head.resize(static_cast<std::size_t>(n));
    g.label.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      const Token& t = s.tokens[static_cast<std::size_t>(i)];
      g.head[static_cast<std::size_t>(i)] = t.head < 0 ? n : t.head;
      const auto it = lab_index.find(t.deprel);
      g.label[static_cast<std::size_t>(i)] = it == lab_index.end() ? -1 : it->second;
    }
    return g;
  }
}

}  // namespace

Parser Parser::train(const TrainOptions& opts, const Tagger* tagger) {
  Config cfg;
  if (opts.epochs > 0) cfg.epochs = opts.epochs;
  const auto t_start = std::chrono::steady_clock::now();

  // Like the other trainers, train_path may list several files separated by commas.
  std::vector<ConlluSentence> corpus;
  for (std::size_t pos = 0; pos <= opts.train_path.size();) {
    std::size_t comma = opts.train_path.find(',', pos);
    if (comma == std::string::npos) comma = opts.train_path.size();
    for (auto& s : load_sentences(opts.train_path.substr(pos, comma - pos), tagger)) corpus.push_back(std::move(s));
    pos = comma + 1;
  }
  if (corpus.empty()) throw Error(ErrorKind::Input, "no dependency-annotated sentences to train the parser on", {opts.train_path});

  // Label inventory of the training file, sorted.
  std::map<std::string, int> lab_index;
  for (const auto& s : corpus)
    for (const auto& t : s.tokens) lab_index.emplace(t.deprel, 0);
  lab_index.emplace("root", 0);
  auto impl = std::make_shared<Impl>();
  for (auto& [name, idx] : lab_index) {
    idx = static_cast<int>(impl->labels.size());
    impl->labels.push_back(name);
  }
  impl->root_label = lab_index.at("root");
  const std::size_t nlab = impl->labels.size();
  impl->left_ok.assign(nlab, 0);
  impl->right_ok.assign(nlab, 0);
  impl->labeller = Perceptron(static_cast<int>(nlab));

  std::vector<GoldSent> data;
  data.reserve(corpus.size());
  for (const auto& s : corpus) data.push_back(make_gold(s, lab_index));
  std::size_t nonproj = 0, lifted = 0;
  std::vector<GoldSent> train;
  train.reserve(data.size());
  for (auto& g : data) {
    int worst = -1;
    if (!is_projective(g.head, g.x.n, &worst)) {
      ++nonproj;
      // Lifting (attaching the dependent of the shortest crossing arc to its
      // grandparent until none is left) beat skipping these sentences on dev.
      while (!is_projective(g.head, g.x.n, &worst)) {
        g.head[static_cast<std::size_t>(worst)] = g.head[static_cast<std::size_t>(g.head[static_cast<std::size_t>(worst)])];
        ++lifted;
      }
    }
    for (int d = 0; d < g.x.n; ++d) {
      const int h = g.head[static_cast<std::size_t>(d)];
      const auto l = static_cast<std::size_t>(g.label[static_cast<std::size_t>(d)]);
      if (h == g.x.n) continue;
      (d < h ? impl->left_ok : impl->right_ok)[l] = 1;
    }
    train.push_back(std::move(g));
  }
  if (opts.log)
    *opts.log << "parse: " << train.size() << " training sentences (" << nonproj << " non-projective, "
              << "projectivised by " << lifted << " lifts), " << nlab << " labels\n";

  std::vector<std::size_t> order(train.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::uint64_t rng = opts.seed;
  State st;
  std::uint64_t feats[kMaxFeatures], lfeats[kMaxFeatures];
  Impl& m = *impl;
  std::unordered_set<std::uint64_t> move_seen, label_seen;
  auto take_keys = [&] {
    m.move_keys.assign(move_seen.begin(), move_seen.end());
    m.label_keys.assign(label_seen.begin(), label_seen.end());
  };
  for (int epoch = 1; epoch <= cfg.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[splitmix(rng) % i]);
    const bool explore = epoch >= cfg.explore_from;
    std::size_t moves = 0, move_ok = 0, arcs = 0, arcs_ok = 0;
    for (std::size_t idx : order) {
      const GoldSent& g = train[idx];
      st.reset(g.x.n);
      while (!st.terminal()) {
        const int nf = move_features(st, g.x, feats, true, m.fv);
        float scores[kMoves] = {0, 0, 0};
        m.moves.score(std::span<const std::uint64_t>(feats, static_cast<std::size_t>(nf)), scores);
        int cost[kMoves];
        move_costs(st, g.head, cost);
        int pred = -1, gold = -1, min_cost = 1 << 30;
        for (int t = 0; t < kMoves; ++t)
          if (cost[t] >= 0) min_cost = std::min(min_cost, cost[t]);
        for (int t = 0; t < kMoves; ++t) {
          if (cost[t] < 0) continue;
          if (pred < 0 || scores[t] > scores[pred]) pred = t;
          if (cost[t] == min_cost && (gold < 0 || scores[t] > scores[gold])) gold = t;
        }
        ++moves;
        int move = pred;
        if (cost[pred] == min_cost) {
          ++move_ok;
        } else {
          m.moves.update(std::span<const std::uint64_t>(feats, static_cast<std::size_t>(nf)), gold, pred);
          for (int i = 0; i < nf; ++i) move_seen.insert(feats[i]);
          const bool follow = explore && static_cast<double>(splitmix(rng) >> 11) * 0x1.0p-53 < cfg.explore_p;
          if (!follow) move = gold;
        }
        m.moves.tick();
        int lab = -1;
        if (move != kShift) {
          const int h = st.arc_head(move), d = st.s(0);
          int nlf = 0;
          const int plab = m.best_label(st, g.x, h, d, lfeats, &nlf, &m.labeller);
          lab = plab;
          if (h != st.n && g.head[static_cast<std::size_t>(d)] == h) {
            const int glab = g.label[static_cast<std::size_t>(d)];
            ++arcs;
            if (plab == glab) ++arcs_ok;
            else {
              m.labeller.update(std::span<const std::uint64_t>(lfeats, static_cast<std::size_t>(nlf)), glab, plab);
              for (int i = 0; i < nlf; ++i) label_seen.insert(lfeats[i]);
            }
            m.labeller.tick();
            if (!explore) lab = glab;
          }
        }
        st.apply(move, lab);
      }
    }
    if (opts.log) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
      *opts.log << "parse: epoch " << epoch << ": moves " << std::fixed << std::setprecision(2)
                << 100.0 * static_cast<double>(move_ok) / static_cast<double>(std::max<std::size_t>(moves, 1))
                << "% optimal, labels " << 100.0 * static_cast<double>(arcs_ok) / static_cast<double>(std::max<std::size_t>(arcs, 1))
                << "% on gold arcs, " << m.moves.features() << " move features, " << m.labeller.features()
                << " label features, " << std::setprecision(0) << secs << " s\n"
                << std::defaultfloat << std::setprecision(6);
    }
  }
  take_keys();
  m.freeze(cfg.max_move_features, cfg.max_label_features);
  Parser p;
  p.impl_ = impl;
  if (!opts.output_path.empty()) p.save(opts.output_path);
  if (opts.log) {
    *opts.log << "parse: kept " << m.move_w.features() << " move features and " << m.label_w.features()
              << " label features\n";
    if (!opts.dev_path.empty()) *opts.log << p.evaluate(opts.dev_path, tagger);
  }
  return p;
}

void Parser::save(const std::string& path) const {
  if (!impl_) throw Error(ErrorKind::Usage, "cannot save a parser that has no model", {path});
  ModelWriter w("parse", kPayloadVersion, spec_fingerprint(impl_->fv));
  w.put_strings(impl_->labels);
  w.put_vector(impl_->left_ok);
  w.put_vector(impl_->right_ok);
  w.put<std::int32_t>(impl_->root_label);
  impl_->move_w.save(w);
  impl_->label_w.save(w);
  w.save(path);
}

Parser Parser::load(const std::string& path) {
  // The fingerprint is checked here rather than by the reader: it selects the
  // feature set among those this build still computes.
  ModelReader r(path, "parse", kPayloadVersion, 0);
  auto impl = std::make_shared<Impl>();
  impl->fv = 0;
  for (int v = kOldestFeatures; v <= kNewestFeatures; ++v)
    if (r.fingerprint() == spec_fingerprint(v)) impl->fv = v;
  if (impl->fv == 0) r.fail("model was trained with different features or lexicons (fingerprint mismatch); retrain it");
  impl->labels = r.get_strings();
  impl->left_ok = r.get_vector<std::uint8_t>();
  impl->right_ok = r.get_vector<std::uint8_t>();
  impl->root_label = r.get<std::int32_t>();
  const std::size_t nlab = impl->labels.size();
  if (nlab == 0 || impl->left_ok.size() != nlab || impl->right_ok.size() != nlab)
    r.fail("parse model has an inconsistent label inventory");
  if (impl->root_label < 0 || static_cast<std::size_t>(impl->root_label) >= nlab ||
      impl->labels[static_cast<std::size_t>(impl->root_label)] != "root")
    r.fail("parse model has no 'root' label");
  impl->move_w = parser_detail::FrozenScorer::load(r);
  impl->label_w = parser_detail::FrozenScorer::load(r);
  if (impl->move_w.classes() != kMoves) r.fail("parse model has a transition model of the wrong shape");
  if (impl->label_w.classes() != static_cast<int>(nlab)) r.fail("parse model has a label model of the wrong shape");
  r.expect_end();
  Parser p;
  p.impl_ = std::move(impl);
  return p;
}

void Parser::run(AnnotatedDocument& doc) const {
  if (!impl_) throw Error(ErrorKind::Usage, "parser has no model (use Parser::load or Parser::train)");
  thread_local Sent x;
  thread_local State st;
  for (const Sentence& s : doc.sentences) {
    if (s.token_end > doc.tokens.size() || s.token_begin > s.token_end)
      throw Error(ErrorKind::Internal, "sentence token range out of bounds in document '" + doc.doc.id + "'");
    const int n = static_cast<int>(s.size());
    if (n == 0) continue;
    x.build(n, [&](int i) -> const Token& { return doc.tokens[s.token_begin + static_cast<std::uint32_t>(i)]; });
    impl_->parse(x, st);
    for (int i = 0; i < n; ++i) {
      Token& t = doc.tokens[s.token_begin + static_cast<std::uint32_t>(i)];
      const int h = st.head[static_cast<std::size_t>(i)];
      t.head = h == n ? -1 : h;
      t.deprel = impl_->labels[static_cast<std::size_t>(st.label[static_cast<std::size_t>(i)])];
    }
  }
}

std::string Parser::evaluate(const std::string& gold_path, const Tagger* tagger) const {
  if (!impl_) throw Error(ErrorKind::Usage, "parser has no model (use Parser::load or Parser::train)");
  const auto sentences = read_conllu(gold_path);
  AnnotatedDocument doc = to_document(sentences, "gold");
  std::vector<int> gold_head(doc.tokens.size());
  std::vector<std::string> gold_rel(doc.tokens.size());
  std::size_t tag_ok = 0;
  std::vector<std::string> gold_upos(doc.tokens.size());
  for (std::size_t i = 0; i < doc.tokens.size(); ++i) {
    gold_head[i] = doc.tokens[i].head;
    gold_rel[i] = doc.tokens[i].deprel;
    gold_upos[i] = doc.tokens[i].upos;
    doc.tokens[i].head = -2;
    doc.tokens[i].deprel.clear();
  }
  if (tagger) tagger->run(doc);
  // CPU time of this thread, not wall time: the figure should not depend on how busy
  // the machine is.
  timespec t0{}, t1{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
  run(doc);
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
  const double secs = static_cast<double>(t1.tv_sec - t0.tv_sec) + 1e-9 * static_cast<double>(t1.tv_nsec - t0.tv_nsec);

  auto universal = [](const std::string& r) { return r.substr(0, r.find(':')); };
  struct Count { std::size_t gold = 0, pred = 0, both = 0; };
  std::map<std::string, Count> per;
  std::size_t total = 0, uas = 0, las = 0, las_u = 0, lab_ok = 0;
  for (std::size_t i = 0; i < doc.tokens.size(); ++i) {
    if (gold_head[i] == -2 || gold_rel[i].empty()) continue;  // unannotated word
    const Token& t = doc.tokens[i];
    ++total;
    if (t.upos == gold_upos[i]) ++tag_ok;
    const bool h_ok = t.head == gold_head[i];
    const bool l_ok = t.deprel == gold_rel[i];
    uas += h_ok;
    las += h_ok && l_ok;
    las_u += h_ok && universal(t.deprel) == universal(gold_rel[i]);
    lab_ok += l_ok;
    ++per[gold_rel[i]].gold;
    ++per[t.deprel].pred;
    if (h_ok && l_ok) ++per[gold_rel[i]].both;
  }
  auto pct = [](std::size_t a, std::size_t b) { return b == 0 ? 0.0 : 100.0 * static_cast<double>(a) / static_cast<double>(b); };
  std::ostringstream out;
  out << std::fixed << std::setprecision(2);
  out << "parse evaluation on " << gold_path << ": " << doc.sentences.size() << " sentences, " << total
      << " words (gold tokenisation; punctuation included, as in CoNLL 2018)\n";
  out << "tags: " << (tagger ? "predicted by the tagger" : "gold, from the file") << " (UPOS accuracy "
      << pct(tag_ok, total) << "%)\n";
  out << "UAS " << pct(uas, total) << "%  LAS " << pct(las, total) << "% (full labels with subtypes)  LAS "
      << pct(las_u, total) << "% (universal labels, CoNLL 2018)  label accuracy " << pct(lab_ok, total) << "%\n";
  out << "speed: " << std::setprecision(0) << (secs > 0 ? static_cast<double>(total) / secs : 0.0)
      << " words/s (parsing only, one thread, CPU time)\n\n" << std::setprecision(2);
  std::vector<std::pair<std::string, Count>> rows(per.begin(), per.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.gold > b.second.gold; });
  out << std::left << std::setw(16) << "label" << std::right << std::setw(8) << "gold" << std::setw(9) << "recall"
      << std::setw(11) << "precision" << std::setw(8) << "F1" << "  (arc and label correct)\n";
  for (std::size_t i = 0; i < rows.size() && i < 30; ++i) {
    const auto& [name, c] = rows[i];
    if (c.gold == 0) break;
    const double r = pct(c.both, c.gold), p = pct(c.both, c.pred);
    out << std::left << std::setw(16) << name << std::right << std::setw(8) << c.gold << std::setw(8) << r << "%"
        << std::setw(10) << p << "%" << std::setw(8) << (r + p > 0 ? 2 * r * p / (r + p) : 0.0) << "\n";
  }
  return out.str();
}

}  // namespace newsgraph
