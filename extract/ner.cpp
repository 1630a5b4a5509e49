#include "extract/ner.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <ostream>
#include <random>
#include <set>
#include <span>
#include <sstream>

#include "extract/conllu.hpp"
#include "extract/coref_lexicon.hpp"
#include "extract/dates.hpp"
#include "extract/lexicon.hpp"
#include "extract/model_file.hpp"
#include "extract/pipeline.hpp"
#include "extract/word_clusters.hpp"
#include "graph/error.hpp"

namespace newsgraph {

// Comparisons of token strings with literals are made as string views, which the
// compiler inlines (std::string == const char* calls strlen and compare).
using namespace std::string_view_literals;

namespace {

constexpr std::uint32_t kNerPayloadVersion = 3;  // 3: the word-cluster table follows the lexicon
// Bumped whenever the feature templates change, so an old model is refused rather
// than silently scored with features it was not trained on.
// 2: Viterbi; the previous class is the only history feature. 3: word clusters.
constexpr std::uint64_t kFeatureVersion = 3;
constexpr int kDefaultEpochs = 4;
constexpr double kWordDropout = 0.25;
// Averaged weights below this are dropped: with the word clusters, pruning at 1 keeps
// 42k of 86k feature rows (model 8.2 -> 6.4 MB) at the same dev F1 (seeds 1-6), and the
// smaller table misses the cache less at run time.
constexpr float kPruneBelow = 1.0f;
constexpr std::size_t kPruneMinSentences = 1000;
constexpr std::size_t kGazMaxWords = 4;

// ---------------------------------------------------------------------------
// Labels: class 0 is O; type k has B = 1 + 2k and I = 2 + 2k.

int b_of(int type) { return 1 + 2 * type; }
int i_of(int type) { return 2 + 2 * type; }
int type_of(int cls) { return cls <= 0 ? -1 : (cls - 1) / 2; }
bool is_b(int cls) { return cls > 0 && (cls - 1) % 2 == 0; }
bool is_i(int cls) { return cls > 0 && (cls - 1) % 2 == 1; }

// Splits "B-PER" into ('B', "PER"); 'O' for anything else.
std::pair<char, std::string_view> split_tag(std::string_view tag) {
  if (tag.size() > 2 && (tag[0] == 'B' || tag[0] == 'I' || tag[0] == 'E' || tag[0] == 'S') && tag[1] == '-')
    return {tag[0] == 'E' ? 'I' : (tag[0] == 'S' ? 'B' : tag[0]), tag.substr(2)};
  return {'O', {}};
}

// ---------------------------------------------------------------------------
// Word features.

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// "Rutte" -> "Xxxxx" (capped at 4 repeats) and the short shape "Xx".
void shapes(std::string_view w, std::string& shape, std::string& short_shape) {
  shape.clear();
  short_shape.clear();
  char prev = 0;
  int run = 0;
  for (unsigned char uc : w) {
    const char c = static_cast<char>(uc);
    char s;
    if (is_upper(c)) s = 'X';
    else if (is_lower(c)) s = 'x';
    else if (is_digit(c)) s = 'd';
    else if (uc >= 0x80) s = (uc >= 0xC0) ? 'u' : 0;  // one 'u' per non-ASCII character
    else s = c;
    if (s == 0) continue;
    run = (s == prev) ? run + 1 : 1;
    if (run <= 4) shape.push_back(s);
    if (s != prev) short_shape.push_back(s);
    prev = s;
  }
}

bool starts_upper(std::string_view w) {
  if (w.empty()) return false;
  const auto c = static_cast<unsigned char>(w[0]);
  if (c < 0x80) return is_upper(static_cast<char>(c));
  // Non-ASCII first letter: decide by the UTF-8 lead of common Latin capitals
  // (U+00C0..U+00DE) so that "Åland" counts as capitalised.
  return c == 0xC3 && w.size() > 1 && static_cast<unsigned char>(w[1]) < 0x9F;
}

// Feature templates (ids are part of the model: never renumber, append instead).
enum Tmpl : std::uint32_t {
  kBias = 1, kWord, kLower, kShape, kShortShape, kPrefix, kSuffix, kPrevWord, kNextWord, kPrev2Word,
  kNext2Word, kPrevShapeShape, kShapeNextShape, kPrevWordWord, kWordNextWord, kFirstShape, kGazToken,
  kGazSpan, kPrevGaz, kNextGaz, kUpos, kPrevUposUpos, kUposNextUpos, kPrevTag, kPrev2Tags, kPrevTagWord,
  kAllCapsLen, kPrevShortShape, kNextShortShape, kNextGazSpan, kPrevGazSpan, kSentLen, kGazMask, kCluster,
  kPrevCluster, kNextCluster, kCapWordCluster,
};

struct TokenInfo {
  std::string lower;
  std::string shape;
  std::string short_shape;
  std::uint32_t classes = 0;     // lexicon classes of the word alone
  std::uint32_t span_b = 0;      // classes of a multi-word match starting here
  std::uint32_t span_i = 0;      // classes of a multi-word match covering this token, not starting here
  bool cap = false;
  std::uint32_t cluster = WordClusters::kNoCluster;
};

// Classes worth a span feature (place and name lists; role nouns for "Secretary General").
constexpr std::uint32_t kSpanClasses =
    static_cast<std::uint32_t>(LexClass::Country) | static_cast<std::uint32_t>(LexClass::City) |
    static_cast<std::uint32_t>(LexClass::Subdivision) | static_cast<std::uint32_t>(LexClass::Region) |
    static_cast<std::uint32_t>(LexClass::RoleNoun) | static_cast<std::uint32_t>(LexClass::Demonym) |
    static_cast<std::uint32_t>(LexClass::Organisation);

constexpr std::uint32_t bit(LexClass c) { return static_cast<std::uint32_t>(c); }

constexpr int kLexClassCount = 17;
constexpr std::uint32_t kNorpClasses =
    static_cast<std::uint32_t>(LexClass::Demonym) | static_cast<std::uint32_t>(LexClass::Group);

// The feature keys of a sentence, appended one by one: a push that the compiler
// inlines (std::vector's push_back stayed an out-of-line call per feature, 7% of
// the recogniser's instructions), with growth kept out of the way.
class FeatureBuf {
 public:
  void clear() { n_ = 0; }
  std::size_t size() const { return n_; }
  const std::uint64_t* data() const { return v_.data(); }
  std::uint64_t& operator[](std::size_t i) { return v_[i]; }
  [[gnu::always_inline]] void push_back(std::uint64_t x) {
    if (n_ == v_.size()) [[unlikely]] grow();
    v_[n_++] = x;
  }

 private:
  [[gnu::noinline]] void grow() { v_.resize(v_.empty() ? 1024 : 2 * v_.size()); }
  std::vector<std::uint64_t> v_;
  std::size_t n_ = 0;
};

// Per-sentence feature extraction. Static features (not depending on predicted
// tags) are computed once per token; history features are appended per decision.
class Featurizer {
 public:
  // `clusters` may be empty (a model trained without word clusters).
  Featurizer(const Lexicon& lex, const WordClusters& clusters, bool use_pos)
      : lex_(lex), clusters_(clusters), use_pos_(use_pos) {}

  void prepare(const std::vector<Token>& toks, std::size_t begin, std::size_t end) {
    const std::size_t n = end - begin;
    info_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& f = toks[begin + i].form;
      TokenInfo& t = info_[i];
      t.lower.assign(f);
      for (char& c : t.lower)
        if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
      shapes(f, t.shape, t.short_shape);
      t.cap = starts_upper(f);
      t.classes = lex_.classes(f);
      t.span_b = t.span_i = 0;
      if (!clusters_.empty()) {
        key_.clear();
        WordClusters::normalise(f, key_);
        t.cluster = clusters_.find(key_);
      }
    }
    // Multi-word gazetteer matches: only spans starting with a capitalised word,
    // so that "new york" in lower case is left to the word features.
    std::string joined;
    for (std::size_t i = 0; i < n; ++i) {
      if (!info_[i].cap) continue;
      joined = toks[begin + i].form;
      for (std::size_t len = 2; len <= kGazMaxWords && i + len <= n; ++len) {
        // Multi-word names continue with capitalised words or a few joiners
        // ("Gulf of Mexico", "Bosnia and Herzegovina"); stop early otherwise.
        const TokenInfo& next = info_[i + len - 1];
        if (!next.cap && next.lower != "of"sv && next.lower != "and"sv && next.lower != "the"sv && next.lower != "-"sv &&
            next.lower != "de"sv && next.lower != "general"sv)
          break;
        joined.push_back(' ');
        joined += toks[begin + i + len - 1].form;
        const std::uint32_t c = lex_.classes(joined) & kSpanClasses;
        if (!c) continue;
        info_[i].span_b |= c;
        for (std::size_t k = i + 1; k < i + len; ++k) info_[k].span_i |= c;
      }
    }
    // One flat array for the sentence: no allocation per token once warmed up.
    flat_.clear();
    starts_.assign(1, 0);
    for (std::size_t i = 0; i < n; ++i) {
      static_features(toks, begin, n, i, flat_);
      starts_.push_back(flat_.size());
    }
  }

  std::uint32_t token_classes(std::size_t i) const { return info_[i].classes; }

  // Static features of token i (those not depending on predicted tags).
  std::span<const std::uint64_t> statics(std::size_t i) const {
    return {flat_.data() + starts_[i], starts_[i + 1] - starts_[i]};
  }

  // Word dropout in training: hides the identity of token i (word, lower-case form)
  // so that shape, context and gazetteer features learn to carry unseen names too.
  void drop_word(std::size_t i) {
    const std::uint64_t d = feature_hash(kBias, "dropped");
    flat_[starts_[i] + 1] = flat_[starts_[i] + 2] = d;
  }

  // Scratch space for the decoder, reused across sentences.
  std::vector<float> unary, trans, allowed_trans, delta;
  std::vector<std::int8_t> back;

 private:
  void static_features(const std::vector<Token>& toks, std::size_t begin, std::size_t n, std::size_t i,
                       FeatureBuf& f) const {
    const TokenInfo& t = info_[i];
    const std::string& form = toks[begin + i].form;
    static const std::string kStart = "<s>", kEnd = "</s>";
    const std::string& pw = i >= 1 ? info_[i - 1].lower : kStart;
    const std::string& nw = i + 1 < n ? info_[i + 1].lower : kEnd;
    const std::string& pw2 = i >= 2 ? info_[i - 2].lower : kStart;
    const std::string& nw2 = i + 2 < n ? info_[i + 2].lower : kEnd;
    const std::string& ps = i >= 1 ? info_[i - 1].shape : kStart;
    const std::string& ns = i + 1 < n ? info_[i + 1].shape : kEnd;
    const std::string& pss = i >= 1 ? info_[i - 1].short_shape : kStart;
    const std::string& nss = i + 1 < n ? info_[i + 1].short_shape : kEnd;
    f.push_back(feature_hash(kBias));
    f.push_back(feature_hash(kWord, form));
    f.push_back(feature_hash(kLower, t.lower));
    f.push_back(feature_hash(kShape, t.shape));
    f.push_back(feature_hash(kShortShape, t.short_shape));
    const std::string_view lw(t.lower);
    for (std::size_t k = 1; k <= 3 && k <= lw.size(); ++k) f.push_back(feature_hash(kPrefix + static_cast<std::uint32_t>(100 * k), lw.substr(0, k)));
    for (std::size_t k = 1; k <= 4 && k <= lw.size(); ++k)
      f.push_back(feature_hash(kSuffix + static_cast<std::uint32_t>(100 * k), lw.substr(lw.size() - k)));
    f.push_back(feature_hash(kPrevWord, pw));
    f.push_back(feature_hash(kNextWord, nw));
    f.push_back(feature_hash(kPrev2Word, pw2));
    f.push_back(feature_hash(kNext2Word, nw2));
    f.push_back(feature_hash(kPrevShapeShape, ps, t.shape));
    f.push_back(feature_hash(kShapeNextShape, t.shape, ns));
    f.push_back(feature_hash(kPrevShortShape, pss, t.short_shape));
    f.push_back(feature_hash(kNextShortShape, t.short_shape, nss));
    f.push_back(feature_hash(kPrevWordWord, pw, t.lower));
    f.push_back(feature_hash(kWordNextWord, t.lower, nw));
    if (i == 0) f.push_back(feature_hash(kFirstShape, t.short_shape));
    const char* cap = t.cap ? "C" : "c";
    // The whole set of lists a word is in: "City+GivenName" is not "City" alone.
    const std::uint32_t m = t.classes & ~(static_cast<std::uint32_t>(LexClass::PersonNoun));
    const std::string_view mask(reinterpret_cast<const char*>(&m), sizeof m);
    f.push_back(feature_hash(kGazMask, mask, cap));
    static const std::array<std::string_view, kLexClassCount> names = [] {
      std::array<std::string_view, kLexClassCount> a{};
      for (int c = 0; c < kLexClassCount; ++c) a[static_cast<std::size_t>(c)] = to_string(static_cast<LexClass>(1u << c));
      return a;
    }();
    const std::uint32_t near = t.classes | t.span_b | t.span_i | (i >= 1 ? info_[i - 1].classes | info_[i - 1].span_b | info_[i - 1].span_i : 0) |
                               (i + 1 < n ? info_[i + 1].classes : 0);
    for (int c = 0; c < kLexClassCount; ++c) {
      const std::uint32_t bit = 1u << c;
      if (!(near & bit)) continue;
      const std::string_view name = names[static_cast<std::size_t>(c)];
      if (t.classes & bit) f.push_back(feature_hash(kGazToken, name, cap));
      if (t.span_b & bit) f.push_back(feature_hash(kGazSpan, name, "B"));
      if (t.span_i & bit) f.push_back(feature_hash(kGazSpan, name, "I"));
      if (i >= 1 && (info_[i - 1].classes & bit)) f.push_back(feature_hash(kPrevGaz, name, cap));
      if (i + 1 < n && (info_[i + 1].classes & bit)) f.push_back(feature_hash(kNextGaz, name, cap));
      if (i >= 1 && ((info_[i - 1].span_b | info_[i - 1].span_i) & bit) && !((t.span_b | t.span_i) & bit))
        f.push_back(feature_hash(kPrevGazSpan, name, cap));
    }
    if (!clusters_.empty()) {
      // Word clusters carry what the corpora never show about a word ("Tbilisi" is
      // used like "Kiev"): path prefixes of the word, with its capitalisation, and
      // coarser ones of its neighbours (Ratinov & Roth 2009). The sentence edges
      // have a code of their own.
      constexpr std::uint32_t kEdge = 0xFFFFFFFEu;
      const auto cluster_feature = [&f](std::uint32_t tmpl, std::uint32_t code, int bits, std::string_view extra) {
        const std::uint32_t p = code == kEdge ? code : WordClusters::prefix(code, bits);
        f.push_back(feature_hash(tmpl + static_cast<std::uint32_t>(100 * bits),
                                 {reinterpret_cast<const char*>(&p), sizeof p}, extra));
      };
      // A capitalised word inside the sentence whose lower-case form is a dictionary
      // word has that word's cluster ("macron", the diacritic, for "Macron"; "xi", the
      // letter, for "Xi"): a template of its own, so the model learns how far such
      // clusters hold for names (without it, "Emmanuel Macron" lost his surname).
      const bool common_word = t.cap && i > 0 && (t.classes & bit(LexClass::Word));
      for (const int b : {4, 8, 12, 16}) cluster_feature(common_word ? kCapWordCluster : kCluster, t.cluster, b, cap);
      const std::uint32_t pc = i >= 1 ? info_[i - 1].cluster : kEdge;
      const std::uint32_t nc = i + 1 < n ? info_[i + 1].cluster : kEdge;
      for (const int b : {8, 16}) {
        cluster_feature(kPrevCluster, pc, b, {});
        cluster_feature(kNextCluster, nc, b, {});
      }
    }
    if (use_pos_) {
      const std::string& up = toks[begin + i].upos;
      const std::string& pu = i >= 1 ? toks[begin + i - 1].upos : kStart;
      const std::string& nu = i + 1 < n ? toks[begin + i + 1].upos : kEnd;
      f.push_back(feature_hash(kUpos, up));
      f.push_back(feature_hash(kPrevUposUpos, pu, up));
      f.push_back(feature_hash(kUposNextUpos, up, nu));
    }
  }

  const Lexicon& lex_;
  const WordClusters& clusters_;
  bool use_pos_;
  std::string key_;  // scratch: a word's cluster lookup key
  std::vector<TokenInfo> info_;
  FeatureBuf flat_;
  std::vector<std::size_t> starts_;
};

// ---------------------------------------------------------------------------
// Post-processing tables. Head words that make a place a location (seas, rivers,
// mountains, streets) rather than a geo-political entity.
bool is_geo_feature_word(std::string_view lw) {
  static const std::array<std::string_view, 44> words = {
      "sea", "ocean", "river", "lake", "mountain", "mountains", "mount", "mt.", "valley", "island", "islands",
      "peninsula", "gulf", "bay", "strait", "straits", "coast", "desert", "forest", "park", "street", "st.",
      "road", "avenue", "ave.", "square", "bridge", "canal", "basin", "plain", "plains", "hills", "hill",
      "range", "delta", "channel", "glacier", "falls", "beach", "highway", "boulevard", "reef", "cape", "region"};
  return std::find(words.begin(), words.end(), lw) != words.end();
}

}  // namespace

// ---------------------------------------------------------------------------

struct Recogniser::Impl {
  std::vector<std::string> types;  // type k <-> labels B-types[k], I-types[k]
  Perceptron model;
  Lexicon lexicon;
  WordClusters clusters;  // empty: trained without cluster features
  bool use_pos = false;

  int classes() const { return 1 + 2 * static_cast<int>(types.size()); }
  std::string label(int cls) const {
    if (cls <= 0) return "O";
    return std::string(is_b(cls) ? "B-" : "I-") + types[static_cast<std::size_t>(type_of(cls))];
  }
  int type_index(std::string_view t) const {
    for (std::size_t k = 0; k < types.size(); ++k)
      if (types[k] == t) return static_cast<int>(k);
    return -1;
  }
  int class_of(std::string_view tag) const {
    const auto [bi, t] = split_tag(tag);
    if (bi == 'O') return 0;
    const int k = type_index(t);
    if (k < 0) return 0;
    return bi == 'B' ? b_of(k) : i_of(k);
  }
  std::uint64_t fingerprint() const {
    std::uint64_t h = fnv1a64("ner-features");
    h = fnv1a64(std::to_string(kFeatureVersion), h);
    h = fnv1a64(std::to_string(lexicon.fingerprint()), h);
    h = fnv1a64(std::to_string(clusters.checksum()), h);
    h = fnv1a64(use_pos ? "pos" : "nopos", h);
    for (const auto& t : types) h = fnv1a64(t, h);
    return h;
  }

  // The perceptron has one class more than the tags: a class that is never decoded
  // and takes the other side of the one-sided updates of structured training (the
  // Perceptron API updates a truth and a guess on the same features).
  int model_classes() const { return classes() + 1; }

  static bool allowed(int prev, int c) { return !is_i(c) || (prev > 0 && type_of(prev) == type_of(c)); }

  // The history feature: the previous class p (-1 before the sentence).
  static std::uint64_t prev_tag(int p) {
    const char p1[1] = {static_cast<char>('0' + p + 1)};  // classes < 64: one byte
    return feature_hash(kPrevTag, {p1, 1});
  }

  // First-order Viterbi decoding over BIO classes (I-X only after B-X or I-X): the
  // score of a class at a token is that of the token's static features plus that of
  // the previous class. Exact, unlike the greedy decoder of the models before feature
  // version 2, and trained as a structured perceptron so training and decoding agree.
  // The previous class alone (no tag pairs, no tag with the word) keeps decoding as
  // cheap as greedy decoding was: the word-conjoined history features cost a lookup
  // per token and previous class and gained nothing on the dev sets.
  void decode(Featurizer& fz, std::size_t n, std::vector<int>& out) const {
    const std::size_t C = static_cast<std::size_t>(classes()), M = static_cast<std::size_t>(model_classes());
    const std::size_t P = C + 1;  // previous states: 0 = start, q + 1 = class q
    constexpr float kNone = -std::numeric_limits<float>::infinity();
    fz.trans.assign(P * M, 0.0f);
    for (std::size_t p = 0; p < P; ++p) {
      const std::uint64_t f = prev_tag(static_cast<int>(p) - 1);
      model.score({&f, 1}, fz.trans.data() + p * M);
    }
    // The transition scores with the BIO constraint folded in (-inf where a class may
    // not follow), so the inner loop below has no branch but the maximum; the sums
    // and comparisons are those of the explicit checks, so the path is the same.
    fz.allowed_trans.assign(P * C, kNone);
    for (std::size_t p = 0; p < P; ++p)
      for (std::size_t c = 0; c < C; ++c)
        if (allowed(static_cast<int>(p) - 1, static_cast<int>(c))) fz.allowed_trans[p * C + c] = fz.trans[p * M + c];
    const float* trans = fz.allowed_trans.data();
    fz.unary.assign(M, 0.0f);
    fz.delta.assign(n * C, kNone);
    fz.back.assign(n * C, 0);
    for (std::size_t i = 0; i < n; ++i) {
      std::fill(fz.unary.begin(), fz.unary.end(), 0.0f);
      model.score(fz.statics(i), fz.unary.data());
      float* d = fz.delta.data() + i * C;
      std::int8_t* bk = fz.back.data() + i * C;
      for (std::size_t c = 0; c < C; ++c) {
        float best = kNone;
        std::int8_t arg = -1;
        if (i == 0) {
          best = trans[c];
        } else {
          const float* prev = d - C;
          for (std::size_t q = 0; q < C; ++q) {
            const float v = prev[q] + trans[(q + 1) * C + c];
            if (v > best) {
              best = v;
              arg = static_cast<std::int8_t>(q);
            }
          }
        }
        if (best == kNone) continue;
        d[c] = best + fz.unary[c];
        bk[c] = arg;
      }
    }
    out.assign(n, 0);
    const float* last = fz.delta.data() + (n - 1) * C;
    int c = 0;
    for (std::size_t k = 1; k < C; ++k)
      if (last[k] > last[static_cast<std::size_t>(c)]) c = static_cast<int>(k);
    for (std::size_t i = n; i-- > 0;) {
      out[i] = c;
      c = fz.back[i * C + static_cast<std::size_t>(c)];
    }
  }

  void tag_sentence(AnnotatedDocument& doc, std::size_t begin, std::size_t end, Featurizer& fz) const;
  void fix_boundaries(std::vector<Token>& toks, std::size_t begin, std::size_t end, const Featurizer& fz) const;
  void tag_org_runs(std::vector<Token>& toks, std::size_t begin, std::size_t end, const Featurizer& fz) const;
  void extend_org_of(std::vector<Token>& toks, std::size_t begin, std::size_t end, const Featurizer& fz) const;
};

namespace {

// Repairs a BIO sequence in place: an I- that does not continue a span of its type
// becomes B-. Exposed to tests through Recogniser::run on hand-set tags.
void repair_bio(std::vector<Token>& toks, std::size_t begin, std::size_t end) {
  std::string_view prev_type;
  for (std::size_t i = begin; i < end; ++i) {
    auto [bi, t] = split_tag(toks[i].ner);
    if (bi == 'O') {
      if (toks[i].ner != "O"sv) toks[i].ner = "O";
      prev_type = {};
      continue;
    }
    if (bi == 'I' && t != prev_type) toks[i].ner = "B-" + std::string(t);
    else if (toks[i].ner[0] != bi) toks[i].ner = std::string(1, bi) + "-" + std::string(t);
    prev_type = split_tag(toks[i].ner).second;
  }
}

std::string span_text(const std::vector<Token>& toks, std::size_t b, std::size_t e) {
  std::string s;
  for (std::size_t k = b; k < e; ++k) {
    if (k > b) s.push_back(' ');
    s += toks[k].form;
  }
  return s;
}

void set_span(std::vector<Token>& toks, std::size_t b, std::size_t e, std::string_view type) {
  for (std::size_t k = b; k < e; ++k) toks[k].ner = std::string(k == b ? "B-" : "I-") + std::string(type);
}

// "Putin, Xi Jinping, Kim Jong-un": the items of a list are alike, so an untagged run
// of one to three capitalised words after a name and a comma is a name of that type
// when a comma and a name of the same type (possibly after "and" or "or") follow it,
// or when it ends the list ("Putin, Xi Jinping and the regime"). Not before "and" and
// a capitalised word: "United Nations Educational, Scientific and Cultural
// Organization", "Blackfeet Nation, Confederated Salish and Kootenai Tribes".
void tag_list_items(std::vector<Token>& toks, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin + 2; i < end; ++i) {
    if (toks[i].ner != "O"sv || !starts_upper(toks[i].form) || toks[i - 1].form != ","sv) continue;
    const auto [before, t] = split_tag(toks[i - 2].ner);
    if (before == 'O') continue;
    const std::string type(t);
    std::size_t e = i;
    while (e < end && e - i <= 3 && toks[e].ner == "O"sv && starts_upper(toks[e].form)) ++e;
    if (e >= end || e - i > 3) continue;
    // "King, Jr.", "Acme, Inc.": an abbreviation after a name's comma ends that name.
    if (e - i == 1 && toks[i].form.back() == '.') continue;
    const auto conj = [&](std::size_t k) { return k < end && (toks[k].form == "and"sv || toks[k].form == "or"sv); };
    if (conj(e) && e + 1 < end && !starts_upper(toks[e + 1].form)) {
      set_span(toks, i, e, type);
      i = e;
      continue;
    }
    if (toks[e].form != ","sv) continue;
    std::size_t k = e + 1;
    if (conj(k)) ++k;
    if (k >= end) continue;
    const auto [after, t2] = split_tag(toks[k].ner);
    if (after != 'B' || t2 != type) continue;
    set_span(toks, i, e, type);
    i = e;
  }
}

}  // namespace

namespace {

bool starts_lower(std::string_view w) { return !w.empty() && is_lower(w[0]); }

void clear_span(std::vector<Token>& toks, std::size_t b, std::size_t e) {
  for (std::size_t k = b; k < e; ++k) toks[k].ner = "O";
}

}  // namespace

namespace {

// E-mail addresses, web addresses and file names ("report.pdf") are never names,
// whatever their capitals say.
bool is_address_or_file(std::string_view w) {
  if (w.find('@') != std::string_view::npos) return true;
  const std::string lw = lower_ascii(w);
  if (lw.rfind("http:", 0) == 0 || lw.rfind("https:", 0) == 0 || lw.rfind("www.", 0) == 0) return true;
  const std::size_t dot = lw.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 >= lw.size()) return false;
  static const std::array<std::string_view, 14> exts = {"pdf", "doc", "docx", "htm", "html", "xls", "xlsx",
                                                        "ppt", "pptx", "txt", "jpg", "png", "gif", "zip"};
  return std::find(exts.begin(), exts.end(), std::string_view(lw).substr(dot + 1)) != exts.end();
}

}  // namespace

// Boundary and type corrections the statistical model gets wrong in news text,
// each backed by the lexicon or the date grammar rather than by particular names.
void Recogniser::Impl::fix_boundaries(std::vector<Token>& toks, std::size_t begin, std::size_t end,
                                      const Featurizer& fz) const {
  const auto cls = [&](std::size_t k) { return fz.token_classes(k - begin); };
  for (std::size_t i = begin; i < end;) {
    auto [bi, t0] = split_tag(toks[i].ner);
    if (bi == 'O') { ++i; continue; }
    const std::string type(t0);
    std::size_t b = i, e = i + 1;
    while (e < end && split_tag(toks[e].ner).first == 'I') ++e;
    const std::size_t orig_e = e;
    bool address = false;
    for (std::size_t k = b; k < e; ++k) address = address || is_address_or_file(toks[k].form);
    if (address) {
      clear_span(toks, b, e);
      i = e;
      continue;
    }
    // A name does not run into a date: "the European Parliament on Monday".
    for (std::size_t k = b + 1; k < e; ++k) {
      if (match_date(toks, k, e) != e - k) continue;
      std::size_t cut = k;
      while (cut > b + 1 && starts_lower(toks[cut - 1].form)) --cut;
      e = cut;
      break;
    }
    // Titles are not part of names: "NATO Secretary General" is NATO; the role
    // before a person's name ("President Putin") is left out as in UNER.
    std::size_t person_from = 0;  // "NATO Secretary General Mark Rutte": Rutte's start
    std::size_t tail_from = 0;    // "X of the Washington Post": the organisation's start
    std::string tail_type;
    if (type != "PER"sv) {
      for (std::size_t k = b + 1; k < e && person_from == 0; ++k) {
        if (lexicon.is_role_noun(span_text(toks, k, e))) {
          e = k;
          break;
        }
        // A title inside the span followed by capitalised words: the organisation,
        // then the office, then its holder.
        for (std::size_t k2 = e - 1; k2 > k; --k2) {  // the longest title first
          if (!lexicon.is_role_noun(span_text(toks, k, k2))) continue;
          bool names = true;
          for (std::size_t q = k2; q < e && names; ++q) names = starts_upper(toks[q].form);
          if (!names) continue;
          person_from = k2;
          e = k;
          break;
        }
      }
    } else {
      // "President Putin", and also a title behind the country or organisation that
      // grants it: "U.S. President Donald Trump", "Russian President Vladimir Putin".
      const auto grantor = [&](std::size_t k) {
        const std::string_view f = toks[k].form;
        if (cls(k) & (bit(LexClass::Country) | bit(LexClass::Demonym) | bit(LexClass::Subdivision))) return true;
        std::size_t caps = 0;
        for (char ch : f) {
          if (is_upper(ch)) ++caps;
          else if (ch != '.') return false;
        }
        return caps >= 2 && caps <= 6;  // "US", "U.S.", "NATO", "EU"
      };
      bool cut = false;
      for (std::size_t k = e - 1; k > b && !cut; --k) {
        for (std::size_t j = b; j < k && !cut; ++j) {
          const std::string head = span_text(toks, j, k);
          if (!lexicon.is_role_noun(head) && !lexicon.is_honorific(head)) continue;
          bool modifiers = true;
          // Other capitalised words qualify a title followed by a full name too
          // ("Emergencies Minister Yevgeny Zinichev", "Ex-Prime Minister Donald Tusk"),
          // but not a given name, and not before a single word: "Nur Khan Liton" is
          // a name, not a Khan.
          const bool full_name = e - k >= 2;
          // A given name the tagger calls an adjective is a modifier after all:
          // "Philippine President Rodrigo Duterte" ("Philippine" is also a French name).
          for (std::size_t q = b; q < j && modifiers; ++q)
            modifiers = grantor(q) || (full_name && starts_upper(toks[q].form) &&
                                       (!(cls(q) & bit(LexClass::GivenName)) || toks[q].upos == "ADJ"sv));
          if (!modifiers) continue;
          clear_span(toks, b, k);
          b = k;
          cut = true;
        }
      }
      // A person's name does not run on into "of the Republican Party", nor into
      // a lower-case word ("Trump later"), except name particles ("Osama bin Laden",
      // "Charles de Gaulle") and the parts of a hyphenated name ("Kim Jong-un").
      static constexpr std::string_view kParticles[] = {"bin", "ibn", "al", "el", "de", "da", "di", "du", "del",
                                                        "della", "der", "den", "van", "von", "la", "le", "y", "dos"};
      for (std::size_t k = b + 1; k < e; ++k) {
        const std::string_view f = toks[k].form;
        const bool joined = f == "-"sv || toks[k - 1].form == "-"sv || !toks[k - 1].space_after;
        const bool particle = std::find(std::begin(kParticles), std::end(kParticles), f) != std::end(kParticles);
        if (f == "of"sv || (starts_lower(f) && !joined && !particle && starts_upper(toks[b].form))) {
          // "Anthony Shadid of the Washington Post": what follows "of (the)" to the
          // end of the model's span, if all capitalised, is the person's place or
          // organisation.
          std::size_t q = k + 1;
          if (f == "of"sv && q < e && toks[q].form == "the"sv) ++q;
          bool caps = f == "of"sv && q < e;
          for (std::size_t r = q; r < e && caps; ++r) caps = starts_upper(toks[r].form);
          if (caps) {
            tail_from = q;
            const std::string tail = span_text(toks, q, e);
            tail_type = (lexicon.is_gpe(tail) || (lexicon.classes(tail) & bit(LexClass::Region))) ? "LOC" : "ORG";
          }
          e = k;
          break;
        }
      }
    }
    // Legal-form suffixes belong to the company name: "Microsoft Corp.".
    if (type == "ORG"sv && e == orig_e) {
      if (e < end && starts_upper(toks[e].form) && (cls(e) & bit(LexClass::OrgSuffix))) ++e;
      else if (e + 1 < end && toks[e].form == ","sv && (cls(e + 1) & bit(LexClass::OrgSuffix)) &&
               starts_upper(toks[e + 1].form))
        e += 2;
    }
    // A name does not stop inside a hyphenated word: "Kim Jong-un", "Rolls-Royce".
    while (e > b && e + 1 < end && e == orig_e && !toks[e - 1].space_after && toks[e].form == "-"sv &&
           !toks[e].space_after && !toks[e + 1].form.empty() &&
           (std::isalnum(static_cast<unsigned char>(toks[e + 1].form[0])) != 0)) {
      clear_span(toks, e, std::min(end, e + 2));
      e += 2;
    }
    const std::size_t covered = std::max(e, orig_e);
    if (e <= b) e = b;
    clear_span(toks, b, covered);
    if (e > b) set_span(toks, b, e, type);
    if (person_from > 0 && person_from < orig_e) set_span(toks, person_from, orig_e, "PER");
    if (tail_from > 0 && tail_from < orig_e) set_span(toks, tail_from, orig_e, tail_type);
    i = covered;
    if (i == b) ++i;
  }
  // A capitalised name after a title ("Secretary General Mark Rutte") that the
  // model left untagged is a person when it starts with a known given name, or,
  // after a capitalised title ("President Xi Jinping"), when it ends in a word no
  // dictionary knows (not "President Biden Administration").
  for (std::size_t i = begin + 1; i < end; ++i) {
    if (toks[i].ner != "O"sv || toks[i - 1].ner != "O"sv || !starts_upper(toks[i].form)) continue;
    if (!(cls(i - 1) & (bit(LexClass::RoleNoun) | bit(LexClass::Honorific)))) continue;
    std::size_t e = i + 1;
    while (e < end && e < i + 4 && toks[e].ner == "O"sv && starts_upper(toks[e].form) &&
           !(cls(e) & (bit(LexClass::RoleNoun) | bit(LexClass::Month) | bit(LexClass::Weekday))))
      ++e;
    if (e - i < 2) continue;
    const bool given = (cls(i) & bit(LexClass::GivenName)) != 0;
    const bool unknown_last = starts_upper(toks[i - 1].form) &&
                              !(cls(e - 1) & (bit(LexClass::Word) | bit(LexClass::ProperWord) | bit(LexClass::OrgWord) |
                                              bit(LexClass::Country) | bit(LexClass::City) | bit(LexClass::Demonym)));
    if (!given && !unknown_last) continue;
    set_span(toks, i, e, "PER");
    i = e - 1;
  }
  // "Minister of Defense Hazem Shaalan", "Speaker of the House Nancy Pelosi": after
  // "<title> of (the)" the rest of the office is no part of its holder's name, which
  // starts at the first word that is a given name or no ordinary word; what precedes it
  // is an organisation when an organisation noun heads it ("President of the European
  // Commission Ursula von der Leyen"). The title word alone is no person ("Speaker of").
  for (std::size_t i = begin; i < end;) {
    // A copy: the spans below are rewritten, and with them the tag a view would see.
    const char bi = split_tag(toks[i].ner).first;
    const std::string t0(split_tag(toks[i].ner).second);
    if (bi != 'B' || (t0 != "PER"sv && t0 != "ORG"sv)) {
      ++i;
      continue;
    }
    std::size_t e = i + 1;
    while (e < end && split_tag(toks[e].ner).first == 'I') ++e;
    // An organisation "of" something ends with the something: "Ministry of Foreign |Affairs|".
    if (t0 == "ORG"sv && e - i >= 3 && toks[e - 2].form == "of"sv) {
      constexpr std::uint32_t kStop = bit(LexClass::RoleNoun) | bit(LexClass::Honorific) | bit(LexClass::Month) |
                                      bit(LexClass::Weekday) | bit(LexClass::GivenName) | bit(LexClass::Country) |
                                      bit(LexClass::Demonym);
      std::size_t x = e;
      while (x < end && x < e + 2 && toks[x].ner == "O"sv && starts_upper(toks[x].form) && !(cls(x) & kStop)) ++x;
      if (x > e) {
        set_span(toks, i, x, "ORG");
        e = x;
      }
    }
    if (t0 == "PER"sv && e - i == 1 && e < end && toks[e].form == "of"sv && (cls(i) & bit(LexClass::RoleNoun)) &&
        !(cls(i) & bit(LexClass::GivenName))) {
      clear_span(toks, i, e);
      i = e;
      continue;
    }
    // A "person" that ends in a title right before the holder's name is the title
    // ("Philippine President | Rodrigo Duterte").
    if (t0 == "PER"sv && e < end && toks[e].ner == "B-PER"sv && starts_upper(toks[e - 1].form) &&
        (cls(e - 1) & (bit(LexClass::RoleNoun) | bit(LexClass::Honorific))) && !(cls(e - 1) & bit(LexClass::GivenName))) {
      clear_span(toks, i, e);
      i = e;
      continue;
    }
    if (i == begin) {
      i = e;
      continue;
    }
    // The model may have taken "of (the)" into the span after the title was cut.
    std::size_t of = i - 1;
    if (toks[i].form == "of"sv) {
      of = i;
      if (i + 1 < e && toks[i + 1].form == "the"sv) ++i;
      ++i;
      if (i >= e) {
        clear_span(toks, of, e);
        continue;
      }
      clear_span(toks, of, i);
      set_span(toks, i, e, t0);
    } else if (toks[of].form == "the"sv && of > begin) {
      --of;
    }
    if (toks[of].form == "of"sv && of > begin && (cls(of - 1) & bit(LexClass::RoleNoun))) {
      constexpr std::uint32_t kOffice = bit(LexClass::Word) | bit(LexClass::OrgWord) | bit(LexClass::Country) |
                                        bit(LexClass::Demonym) | bit(LexClass::Subdivision) | bit(LexClass::Region);
      std::size_t k = i;
      while (k < e && (cls(k) & kOffice) && !(cls(k) & bit(LexClass::GivenName))) ++k;
      if (k > i && k < e) {
        bool org = false;
        for (std::size_t q = i; q < k; ++q) org = org || (cls(q) & bit(LexClass::OrgWord));
        if (org) set_span(toks, i, k, "ORG");
        else clear_span(toks, i, k);
        set_span(toks, k, e, "PER");
      }
    }
    i = e;
  }
  // "Apple CEO Tim Cook", "SpaceX founder Elon Musk": untagged capitalised words right
  // before a role (one to three words, the first lower-case or an acronym) that a
  // person's name follows are the organisation the person holds it in, when no list
  // says they are a place, a nationality, a group, a date or a title themselves.
  constexpr std::uint32_t kNotOrg = bit(LexClass::RoleNoun) | bit(LexClass::Honorific) | bit(LexClass::Month) |
                                    bit(LexClass::Weekday) | bit(LexClass::Country) | bit(LexClass::Demonym) |
                                    bit(LexClass::City) | bit(LexClass::Subdivision) | bit(LexClass::Region) |
                                    bit(LexClass::Group) | bit(LexClass::GivenName);
  for (std::size_t r = begin + 1; r + 1 < end; ++r) {
    if (toks[r].ner != "O"sv || toks[r - 1].ner != "O"sv) continue;
    const std::string_view rf = toks[r].form;
    const bool acronym = rf.size() >= 2 && rf.size() <= 4 && is_upper(rf[0]) && is_upper(rf[rf.size() - 1]);
    if (!starts_lower(rf) && !acronym) continue;
    // Cheap tests first: this runs for every untagged word.
    if (!starts_upper(toks[r - 1].form)) continue;
    bool person_next = false;
    for (std::size_t k = r + 1; k < end && k <= r + 3 && !person_next; ++k) person_next = toks[k].ner == "B-PER"sv;
    if (!person_next) continue;
    std::size_t role_end = 0;
    for (std::size_t len = std::min<std::size_t>(3, end - r - 1); len >= 1 && role_end == 0; --len)
      if (lexicon.is_role_noun(span_text(toks, r, r + len))) role_end = r + len;
    if (role_end == 0 || toks[role_end].ner != "B-PER"sv) continue;
    std::size_t b = r;
    while (b > begin && r - b < 3 && toks[b - 1].ner == "O"sv && starts_upper(toks[b - 1].form) &&
           (!(cls(b - 1) & kNotOrg) || (cls(b - 1) & bit(LexClass::Organisation))))
      --b;
    if (b == r) continue;
    // The end of an organisation the model cut short ("Department of Homeland |
    // Security| chief of staff"), or of one named after its place ("Abu Dhabi |TV|
    // cameraman", "New York |Times| reporter").
    const std::string_view before = b > begin ? split_tag(toks[b - 1].ner).second : std::string_view();
    if (before == "ORG"sv || before == "GPE"sv || before == "LOC"sv) {
      std::size_t ob = b - 1;
      while (ob > begin && split_tag(toks[ob].ner).first == 'I') --ob;
      set_span(toks, ob, r, "ORG");
      r = role_end;
      continue;
    }
    // One word alone must not be an ordinary word ("Team captain", "Security chief")
    // nor the sentence's first word untagged as a proper noun.
    // A listed organisation is one even when it is also an ordinary word ("Apple CEO").
    if (r - b == 1 && !(cls(b) & bit(LexClass::Organisation)) &&
        ((cls(b) & bit(LexClass::Word)) || (b == begin && toks[b].xpos != "NNP"sv)))
      continue;
    set_span(toks, b, r, "ORG");
    r = role_end;
  }
  // The model often finds only the last part of a name it has never seen ("Xi
  // Jinping" -> "Jinping"; the tagger may not even call "Xi" a noun). Untagged
  // capitalised words directly before a one-word person span are the name's first
  // parts when they stand mid-sentence (capitals there mark names in news) or the
  // tagger calls them proper nouns, and no word list says they are a title, a
  // date, a place or a group. At most two words: "Recep Tayyip Erdogan".
  constexpr std::uint32_t kNotNamePart = bit(LexClass::RoleNoun) | bit(LexClass::Honorific) |
                                         bit(LexClass::Month) | bit(LexClass::Weekday) |
                                         bit(LexClass::Country) | bit(LexClass::Demonym) |
                                         bit(LexClass::Region) | bit(LexClass::Group) | bit(LexClass::OrgWord);
  for (std::size_t i = begin + 1; i < end; ++i) {
    if (toks[i].ner != "B-PER"sv || (i + 1 < end && toks[i + 1].ner == "I-PER"sv)) continue;
    std::size_t b = i;
    while (b > begin && i - b < 2) {
      const std::size_t p = b - 1;
      if (toks[p].ner != "O"sv || !toks[p].space_after || !starts_upper(toks[p].form)) break;
      if (cls(p) & kNotNamePart) break;
      if (p == begin && toks[p].xpos != "NNP"sv) break;
      b = p;
    }
    if (b < i) set_span(toks, b, i + 1, "PER");
  }
  // Strong gazetteer evidence against the model's type.
  for (std::size_t i = begin; i < end;) {
    auto [bi, t0] = split_tag(toks[i].ner);
    if (bi == 'O') { ++i; continue; }
    const std::string type(t0);
    std::size_t e = i + 1;
    while (e < end && split_tag(toks[e].ner).first == 'I') ++e;
    // A one-word "person" that the place lists know is a place ("Athens"), unless a
    // title or honorific stands before it ("President Bush").
    const bool titled = i > begin && (cls(i - 1) & (bit(LexClass::RoleNoun) | bit(LexClass::Honorific)));
    if (type == "PER"sv && e - i == 1 && !titled && !(cls(i) & bit(LexClass::GivenName)) &&
        (cls(i) & (bit(LexClass::Country) | bit(LexClass::Subdivision) | bit(LexClass::City))))
      set_span(toks, i, e, "LOC");
    else if (type != "LOC"sv && type != "GPE"sv &&
             (lexicon.classes(e - i == 1 ? toks[i].form : span_text(toks, i, e)) & bit(LexClass::Country)))
      set_span(toks, i, e, "LOC");  // a country's name is a place, not its government ("North Korea")
    else if ((type == "LOC"sv || type == "GPE"sv) && e - i == 1 && (cls(i) & bit(LexClass::OrgWord)) &&
             !lexicon.is_gpe(toks[i].form))
      set_span(toks, i, e, "ORG");
    i = e;
  }
}

// Untagged capitalised words headed by an organisation noun are an organisation:
// "Housing Authority", "Fair Housing Action Center", "Ministry of Foreign Affairs".
// The run joins capitalised words over "of", "and", "for", "&" (and "of the"); it has
// two words or more and either ends in an organisation noun or starts with one
// followed by "of". Months, weekdays and titles break it.
void Recogniser::Impl::tag_org_runs(std::vector<Token>& toks, std::size_t begin, std::size_t end,
                                    const Featurizer& fz) const {
  const auto cls = [&](std::size_t k) { return fz.token_classes(k - begin); };
  constexpr std::uint32_t kBreak = bit(LexClass::Month) | bit(LexClass::Weekday) | bit(LexClass::RoleNoun) |
                                   bit(LexClass::Honorific);
  // Headings and shouting capitalise everything ("Great Service", "DIFFERENT TYPES
  // OF GOVERNMENT"): no run is trusted in a sentence where most words are capitalised.
  std::size_t alpha = 0, caps = 0;
  for (std::size_t k = begin; k < end; ++k) {
    if (toks[k].form.empty() || !std::isalpha(static_cast<unsigned char>(toks[k].form[0]))) continue;
    ++alpha;
    if (starts_upper(toks[k].form)) ++caps;
  }
  if (2 * caps > alpha) return;
  const auto word = [&](std::size_t k) {
    const std::string_view f = toks[k].form;
    if (f == "The"sv || f == "A"sv || f == "An"sv) return false;
    bool lower = false;
    for (char c : f) lower = lower || is_lower(c);
    return toks[k].ner == "O"sv && starts_upper(f) && lower && !(cls(k) & kBreak);
  };
  for (std::size_t i = begin; i < end;) {
    if (!word(i)) { ++i; continue; }
    std::size_t e = i + 1;
    bool of = false;  // "and" joins only after "of": "Department of Housing and Urban
                      // Development", not "Browning and War Office"
    for (;;) {
      if (e < end && word(e)) { ++e; continue; }
      if (e + 1 < end && toks[e].ner == "O"sv) {
        const std::string_view j = toks[e].form;
        if ((j == "of"sv || (j == "and"sv && of) || j == "for"sv || j == "&"sv) && word(e + 1)) {
          of = of || j == "of"sv;
          e += 2;
          continue;
        }
        if (j == "of"sv && e + 2 < end && toks[e + 1].form == "the"sv && toks[e + 1].ner == "O"sv && word(e + 2)) {
          of = true;
          e += 3;
          continue;
        }
      }
      break;
    }
    const bool head_last = (cls(e - 1) & bit(LexClass::OrgWord)) != 0;
    const bool head_first = (cls(i) & bit(LexClass::OrgWord)) != 0 && i + 1 < e && toks[i + 1].form == "of"sv;
    if (e - i >= 2 && (head_last || head_first)) set_span(toks, i, e, "ORG");
    i = e;
  }
}

// An organisation named by its kind and its place or field ("Housing Authority of
// New Orleans", "Department of Justice", "Superior Court of the District of
// Columbia"): the model often stops at "of" and calls the rest a place. An ORG span
// ending in an organisation noun takes in "of", an optional "the" and the capitalised
// words that follow (joined by "of"/"the"), over untagged or place tokens only.
void Recogniser::Impl::extend_org_of(std::vector<Token>& toks, std::size_t begin, std::size_t end,
                                     const Featurizer& fz) const {
  for (std::size_t i = begin; i < end;) {
    auto [bi, t] = split_tag(toks[i].ner);
    if (bi == 'O') { ++i; continue; }
    std::size_t e = i + 1;
    while (e < end && split_tag(toks[e].ner).first == 'I') ++e;
    // The model may also stop after the "of" ("University of | Essex", "U.S. House
    // of | Representatives"): no name ends with "of", so the span either takes in what
    // follows like the others or gives the "of" back.
    const bool of_inside = t == "ORG"sv && e - i >= 2 && toks[e - 1].form == "of"sv;
    if (of_inside) --e;
    if (t != "ORG"sv || e + 1 >= end || toks[e].form != "of"sv ||
        (!of_inside && !(fz.token_classes(e - 1 - begin) & bit(LexClass::OrgWord)))) {
      if (of_inside) toks[e].ner = "O";
      i = e;
      continue;
    }
    std::size_t k = e + 1;
    if (toks[k].form == "the"sv) ++k;
    std::size_t last = 0;  // end of the extension, 0 = none
    for (std::size_t q = k; q < end && q < e + 8; ++q) {
      const std::string_view tag = toks[q].ner;
      if (tag != "O"sv && split_tag(tag).second != "LOC"sv && split_tag(tag).second != "GPE"sv) break;
      const std::string_view f = toks[q].form;
      // A title after the name belongs to the person who follows ("House of
      // Representatives | Speaker Nancy Pelosi").
      if (q > k && (fz.token_classes(q - begin) & (bit(LexClass::RoleNoun) | bit(LexClass::Honorific)))) break;
      if (starts_upper(f)) last = q + 1;
      else if (!(q > k && (f == "of"sv || f == "the"sv) && last == q)) break;
    }
    if (last == 0 || (last < end && split_tag(toks[last].ner).first == 'I')) {
      if (of_inside) toks[e].ner = "O";
      i = e;
      continue;
    }
    set_span(toks, i, last, "ORG");
    i = last;
  }
}

void Recogniser::Impl::tag_sentence(AnnotatedDocument& doc, std::size_t begin, std::size_t end, Featurizer& fz) const {
  auto& toks = doc.tokens;
  const std::size_t n = end - begin;
  if (n == 0) return;
  fz.prepare(toks, begin, end);
  std::vector<int> pred;
  decode(fz, n, pred);
  for (std::size_t i = 0; i < n; ++i) toks[begin + i].ner = label(pred[i]);
  repair_bio(toks, begin, end);
  fix_boundaries(toks, begin, end, fz);
  tag_org_runs(toks, begin, end, fz);
  extend_org_of(toks, begin, end, fz);
  tag_list_items(toks, begin, end);
  // Web text writes places in lower case ("a report on vietnam and afghanistan"): a
  // lower-case word listed as a country or state, and in the dictionary only with a
  // capital, is one; not a dictionary word or a given name ("china", "turkey",
  // "jordan"), nor a short or unlisted one ("mon", "centre": Mon State, Centre).
  for (std::size_t i = begin; i < end; ++i) {
    const std::string& f = toks[i].form;
    if (toks[i].ner != "O"sv || f.size() < 4 || !std::all_of(f.begin(), f.end(), is_lower)) continue;
    const std::uint32_t c = fz.token_classes(i - begin);
    if ((c & (bit(LexClass::Country) | bit(LexClass::Subdivision))) && (c & bit(LexClass::ProperWord)) &&
        !(c & (bit(LexClass::Word) | bit(LexClass::GivenName) | bit(LexClass::PersonNoun) | bit(LexClass::OrgWord))))
      set_span(toks, i, i + 1, "LOC");
  }
  // "Immunologist Kristian Andersen", "Democrat Chuck Schumer": a capitalised person
  // noun (no given name) before a full name is no part of it, like the titles that
  // fix_boundaries leaves out.
  for (std::size_t i = begin; i + 2 < end; ++i) {
    if (toks[i].ner != "B-PER"sv || toks[i + 1].ner != "I-PER"sv || toks[i + 2].ner != "I-PER"sv) continue;
    const std::uint32_t c = fz.token_classes(i - begin);
    if (!(c & bit(LexClass::PersonNoun)) || (c & bit(LexClass::GivenName)) || !starts_upper(toks[i + 1].form)) continue;
    toks[i].ner = "O";
    toks[i + 1].ner = "B-PER";
  }

  // Places: a country, city or state is a GPE; seas, mountains, regions stay LOC.
  for (std::size_t i = begin; i < end;) {
    auto [bi, t] = split_tag(toks[i].ner);
    std::size_t e = i + 1;
    if (bi == 'O') { ++i; continue; }
    while (e < end && split_tag(toks[e].ner).first == 'I') ++e;
    if (t == "LOC"sv || t == "GPE"sv) {
      const std::string text = span_text(toks, i, e);
      const std::uint32_t c = lexicon.classes(text);
      const bool region = (c & static_cast<std::uint32_t>(LexClass::Region)) != 0;
      const bool gpe = lexicon.is_gpe(text);
      const bool geo_head = is_geo_feature_word(lower_ascii(toks[e - 1].form)) ||
                            (e - i > 1 && is_geo_feature_word(lower_ascii(toks[i].form)));
      const char* type = (region || (!gpe && geo_head)) ? "LOC" : "GPE";
      // "basketball player Kobe Bryant", "Actor Denzel Washington", "Judge Merrick
      // Garland": two or three capitalised words right after a person noun or a
      // courtesy title are that person, not the place the model took them for.
      if (!gpe && !region && !geo_head && (e - i == 2 || e - i == 3) && i > begin &&
          (fz.token_classes(i - 1 - begin) & (bit(LexClass::PersonNoun) | bit(LexClass::Honorific)))) {
        bool words = true;
        for (std::size_t k = i; k < e && words; ++k) {
          const std::string& f = toks[k].form;
          words = f.size() > 1 && starts_upper(f) &&
                  std::all_of(f.begin(), f.end(), [](char ch) { return is_upper(ch) || is_lower(ch); });
        }
        if (words) type = "PER";
      }
      set_span(toks, i, e, type);
    } else if ((t == "ORG"sv || t == "PER"sv) && e - i == 1 && !lexicon.is_gpe(toks[i].form) &&
               ((fz.token_classes(i - begin) & bit(LexClass::Demonym)) ||
                (t == "PER"sv && (fz.token_classes(i - begin) & bit(LexClass::Group))))) {
      // A lone nationality word tagged as a name is a NORP ("Russian"), and so is a
      // group word taken for a person ("Republicans"); a group word the model calls an
      // organisation is one ("Hamas", "Hezbollah": 10 of UNER dev's 224 ORGs).
      set_span(toks, i, e, "NORP");
    }
    i = e;
  }
  // Nationalities and groups outside any name: capitalised NORP words, possibly
  // two-word ("South Korean").
  for (std::size_t i = begin; i < end; ++i) {
    if (toks[i].ner != "O"sv || !starts_upper(toks[i].form)) continue;
    std::size_t len = 0;
    if (i + 1 < end && toks[i + 1].ner == "O"sv && starts_upper(toks[i + 1].form) &&
        (fz.token_classes(i + 1 - begin) & kNorpClasses) &&
        lexicon.is_norp(toks[i].form + " " + toks[i + 1].form))
      len = 2;
    else if (fz.token_classes(i - begin) & kNorpClasses)
      len = 1;
    if (len == 0) continue;
    // A demonym at the start of a longer capitalised run ("American Airlines") is
    // part of a name the model chose not to tag; leave it alone.
    set_span(toks, i, i + len, "NORP");
    i += len - 1;
  }
  // Dates: explicit expressions in the remaining O tokens.
  for (std::size_t i = begin; i < end; ++i) {
    if (toks[i].ner != "O"sv) continue;
    std::size_t len = match_date(toks, i, end);
    // Sentence-final punctuation is not part of the date.
    while (len > 0 && (toks[i + len - 1].form == "."sv || toks[i + len - 1].form == ","sv)) --len;
    if (len == 0) continue;
    std::size_t k = 0;
    while (k < len && toks[i + k].ner == "O"sv) ++k;
    if (k < len) continue;
    set_span(toks, i, i + len, "DATE");
    i += len - 1;
  }
}

namespace {

EntityType entity_type_of(std::string_view t) {
  if (t == "PER"sv || t == "PERSON"sv) return EntityType::PERSON;
  if (t == "ORG"sv) return EntityType::ORG;
  if (t == "GPE"sv) return EntityType::GPE;
  if (t == "LOC"sv) return EntityType::LOC;
  if (t == "NORP"sv) return EntityType::NORP;
  if (t == "DATE"sv) return EntityType::DATE;
  if (t == "EVENT"sv) return EntityType::EVENT;
  return EntityType::MISC;
}

bool looks_like_conllu(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::Io, "cannot open corpus", ErrorLocation(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    return std::count(line.begin(), line.end(), '\t') >= 9;
  }
  return false;
}

bool is_title_word(std::string_view lw) {
  static const std::array<std::string_view, 40> words = {
      "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "professor", "president", "senator",
      "sen.", "secretary", "minister", "governor", "gov.", "mayor", "judge", "justice", "emperor", "king", "queen",
      "prince", "princess", "lord", "lady", "sir", "dame", "madam", "general", "gen.", "captain", "capt.", "pope",
      "saint", "st.", "rev.", "chief"};
  return std::find(words.begin(), words.end(), lw) != words.end();
}

// GUM marks every mention in MISC as Entity=(id-type-infstat-salience-centering-
// minspan-coreftype[-identity] ... id). Named ones (a Wikipedia identity or a proper
// noun head) of type person, organization or place become PER, ORG and LOC spans.
void gum_to_bio(ConlluSentence& s) {
  struct Open {
    std::string id;
    std::string type;
    std::string identity;
    std::size_t start;
  };
  struct Found {
    std::size_t b, e;
    std::string type;
    bool named;
  };
  std::vector<Open> open;
  std::vector<Found> found;
  const std::size_t n = s.tokens.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& misc = i < s.misc.size() ? s.misc[i] : std::string();
    std::size_t pos = misc.find("Entity=");
    if (pos == std::string::npos) continue;
    std::string_view v(misc);
    v = v.substr(pos + 7);
    v = v.substr(0, v.find('|'));
    std::size_t k = 0;
    while (k < v.size()) {
      if (v[k] == '(') {
        std::size_t e = k + 1;
        while (e < v.size() && v[e] != '(' && v[e] != ')') ++e;
        const std::string_view body = v.substr(k + 1, e - k - 1);
        std::vector<std::string_view> parts;
        std::size_t a = 0;
        for (;;) {
          const std::size_t d = body.find('-', a);
          parts.push_back(body.substr(a, d == std::string_view::npos ? std::string_view::npos : d - a));
          if (d == std::string_view::npos) break;
          a = d + 1;
        }
        Open o{std::string(parts[0]), parts.size() > 1 ? std::string(parts[1]) : std::string(), {}, i};
        // The identity may itself contain '-', so it is everything after the 7th field.
        if (parts.size() > 7) {
          std::size_t off = 0;
          for (int f = 0; f < 7; ++f) off = body.find('-', off) + 1;
          o.identity = std::string(body.substr(off));
        }
        if (e < v.size() && v[e] == ')') {  // opens and closes on this token
          found.push_back({i, i + 1, o.type, !o.identity.empty()});
          k = e + 1;
        } else {
          open.push_back(std::move(o));
          k = e;
        }
      } else {
        std::size_t e = k;
        while (e < v.size() && v[e] != ')' && v[e] != '(') ++e;
        const std::string id(v.substr(k, e - k));
        for (std::size_t j = open.size(); j-- > 0;) {
          if (open[j].id != id) continue;
          found.push_back({open[j].start, i + 1, open[j].type, !open[j].identity.empty()});
          open.erase(open.begin() + static_cast<std::ptrdiff_t>(j));
          break;
        }
        k = e < v.size() && v[e] == ')' ? e + 1 : e;
      }
    }
  }
  for (auto& t : s.tokens) t.ner = "O";
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return a.b != b.b ? a.b < b.b : a.e > b.e;
  });
  std::vector<bool> used(n, false);
  for (Found& f : found) {
    const char* type = f.type == "person"sv ? "PER" : f.type == "organization"sv ? "ORG" : f.type == "place"sv ? "LOC" : nullptr;
    if (!type) continue;
    // Trim determiners, possessives and punctuation at the edges.
    while (f.b < f.e && (s.tokens[f.b].upos == "DET"sv || s.tokens[f.b].upos == "PUNCT"sv)) ++f.b;
    while (f.e > f.b && (s.tokens[f.e - 1].upos == "PART"sv || s.tokens[f.e - 1].upos == "PUNCT"sv)) --f.e;
    if (f.b >= f.e) continue;
    // The syntactic head: the token whose head lies outside the span.
    bool propn_head = false;
    for (std::size_t k = f.b; k < f.e; ++k) {
      const int h = s.tokens[k].head;
      if (h < static_cast<int>(f.b) || h >= static_cast<int>(f.e)) {
        propn_head = s.tokens[k].upos == "PROPN"sv;
        break;
      }
    }
    // A pronoun or common noun with a Wikipedia identity ("I", "the emperor") is
    // not a name: the head must be a proper noun.
    if (!propn_head) continue;
    // Titles before a person's name are not part of it in UNER ("President Obama").
    if (std::string_view(type) == "PER"sv)
      while (f.e - f.b > 1 && s.tokens[f.b + 1].upos == "PROPN"sv && is_title_word(lower_ascii(s.tokens[f.b].form))) ++f.b;
    // Appositions and coordinations ("X, the Netherlands", "X and Y") are several
    // names in one GUM mention; their parts are mentions of their own.
    bool compound = false;
    for (std::size_t k = f.b; k < f.e; ++k) {
      const std::string& w = s.tokens[k].form;
      compound = compound || s.tokens[k].upos == "CCONJ"sv || w == ","sv || w == "("sv || w == ")"sv || w == ";"sv || w == ":"sv;
    }
    if (compound) continue;
    if (!starts_upper(s.tokens[f.b].form)) continue;
    // Title-only mentions ("the Secretary", "the President of the United States").
    if (std::string_view(type) == "PER"sv && is_title_word(lower_ascii(s.tokens[f.b].form))) continue;
    bool free = true;
    for (std::size_t k = f.b; k < f.e; ++k) free = free && !used[k];
    if (!free) continue;
    for (std::size_t k = f.b; k < f.e; ++k) {
      used[k] = true;
      s.tokens[k].ner = std::string(k == f.b ? "B-" : "I-") + type;
    }
  }
}

}  // namespace

std::vector<ConlluSentence> read_ner_corpus(const std::string& path) {
  const bool conllu = looks_like_conllu(path);
  std::vector<ConlluSentence> sents = read_conllu(path, !conllu);
  if (conllu) {
    bool has_entity = false;
    for (const auto& s : sents)
      for (const auto& m : s.misc) has_entity = has_entity || m.find("Entity=") != std::string::npos;
    if (has_entity)
      for (auto& s : sents) gum_to_bio(s);
  }
  return sents;
}

namespace {

std::vector<std::string> split_paths(const std::string& s) {
  std::vector<std::string> out;
  std::size_t a = 0;
  for (;;) {
    const std::size_t c = s.find(',', a);
    std::string p = s.substr(a, c == std::string::npos ? std::string::npos : c - a);
    if (!p.empty()) out.push_back(p);
    if (c == std::string::npos) break;
    a = c + 1;
  }
  return out;
}

struct Span3 {
  std::size_t sentence, b, e;
  std::string type;
  auto operator<=>(const Span3&) const = default;
};

std::vector<Span3> spans_of(const std::vector<Token>& toks, std::size_t sent, std::size_t begin, std::size_t end) {
  std::vector<Span3> out;
  for (std::size_t i = begin; i < end;) {
    const auto [bi, t] = split_tag(toks[i].ner);
    if (bi == 'O') { ++i; continue; }
    std::size_t e = i + 1;
    while (e < end) {
      const auto [bj, tj] = split_tag(toks[e].ner);
      if (bj != 'I' || tj != t) break;
      ++e;
    }
    out.push_back({sent, i - begin, e - begin, std::string(t)});
    i = e;
  }
  return out;
}

struct Prf {
  std::size_t tp = 0, fp = 0, fn = 0;
  double p() const { return tp + fp ? 100.0 * static_cast<double>(tp) / static_cast<double>(tp + fp) : 0.0; }
  double r() const { return tp + fn ? 100.0 * static_cast<double>(tp) / static_cast<double>(tp + fn) : 0.0; }
  double f() const { return p() + r() > 0 ? 2 * p() * r() / (p() + r()) : 0.0; }
};

// Exact-span scoring over the types the gold corpus uses. Predicted GPE counts as
// LOC when the gold has no GPE; predicted types the gold never uses (NORP, DATE on
// a PER/ORG/LOC corpus) are not scored.
std::map<std::string, Prf> score_spans(const std::vector<Span3>& gold_in, const std::vector<Span3>& pred_in) {
  std::map<std::string, Prf> by_type;
  std::vector<std::string> gold_types;
  for (const auto& s : gold_in) gold_types.push_back(s.type);
  std::sort(gold_types.begin(), gold_types.end());
  gold_types.erase(std::unique(gold_types.begin(), gold_types.end()), gold_types.end());
  const bool gold_has_gpe = std::binary_search(gold_types.begin(), gold_types.end(), std::string("GPE"));
  std::vector<Span3> gold = gold_in, pred;
  for (Span3 s : pred_in) {
    if (s.type == "GPE"sv && !gold_has_gpe) s.type = "LOC";
    if (std::binary_search(gold_types.begin(), gold_types.end(), s.type)) pred.push_back(s);
  }
  std::sort(gold.begin(), gold.end());
  std::sort(pred.begin(), pred.end());
  std::vector<Span3> both;
  std::set_intersection(gold.begin(), gold.end(), pred.begin(), pred.end(), std::back_inserter(both));
  for (const auto& t : gold_types) by_type[t];
  for (const auto& s : both) ++by_type[s.type].tp;
  for (const auto& s : gold) ++by_type[s.type].fn;
  for (const auto& s : pred) ++by_type[s.type].fp;
  for (auto& [t, x] : by_type) {
    x.fn -= x.tp;
    x.fp -= x.tp;
  }
  return by_type;
}

std::string format_report(const std::map<std::string, Prf>& by_type, std::size_t sentences, std::size_t tokens) {
  Prf all;
  std::ostringstream out;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%-8s %7s %7s %7s %6s %6s %6s\n", "type", "P", "R", "F1", "tp", "fp", "fn");
  out << buf;
  for (const auto& [t, x] : by_type) {
    all.tp += x.tp;
    all.fp += x.fp;
    all.fn += x.fn;
    std::snprintf(buf, sizeof buf, "%-8s %7.2f %7.2f %7.2f %6zu %6zu %6zu\n", t.c_str(), x.p(), x.r(), x.f(), x.tp, x.fp, x.fn);
    out << buf;
  }
  std::snprintf(buf, sizeof buf, "%-8s %7.2f %7.2f %7.2f %6zu %6zu %6zu\n", "overall", all.p(), all.r(), all.f(), all.tp, all.fp, all.fn);
  out << buf;
  out << "sentences " << sentences << ", tokens " << tokens << " (exact spans)\n";
  return out.str();
}

Lexicon training_lexicon(std::ostream* log) {
  const std::string path = default_models_dir() + "/lexicon.ngm";
  if (log) *log << "ner: lexicon " << path << "\n";
  return Lexicon::load(path);
}

}  // namespace

namespace {

// Named storms are events, not persons: "Hurricane Dorian", "Tropical Storm Imelda",
// "Typhoon Hagibis", and the name alone where the document uses it ("Dorian killed
// 50"). The name is one or two capitalised words that no word list calls an ordinary
// word or an organisation noun ("National Hurricane Center" is no storm).
void tag_named_storms(std::vector<Token>& toks, const std::vector<Sentence>& sentences, const Lexicon& lexicon) {
  const auto capitalised = [&](std::size_t k, bool (*is)(std::string_view)) {
    return starts_upper(toks[k].form) && is(coref::lower_ascii(toks[k].form));
  };
  std::set<std::string> names;
  for (const Sentence& s : sentences) {
    for (std::size_t i = s.token_begin; i + 1 < s.token_end; ++i) {
      if (!capitalised(i, coref::is_storm_kind)) continue;
      std::size_t b = i;
      while (b > s.token_begin && capitalised(b - 1, coref::is_storm_qualifier)) --b;
      const auto name_word = [&](std::size_t k) {
        return starts_upper(toks[k].form) && !coref::is_all_caps(toks[k].form) &&
               !(lexicon.classes(toks[k].form) & (bit(LexClass::Word) | bit(LexClass::OrgWord) | bit(LexClass::Month)));
      };
      if (!name_word(i + 1)) continue;
      std::size_t e = i + 2;
      if (e < s.token_end && name_word(e)) ++e;
      // Only over the model's own spans when they lie inside the storm's name.
      if (e < s.token_end && split_tag(toks[e].ner).first == 'I') continue;
      if (split_tag(toks[b].ner).first == 'I') continue;
      set_span(toks, b, e, "EVENT");
      names.insert(span_text(toks, i + 1, e));
      i = e - 1;
    }
  }
  if (names.empty()) return;
  for (const Sentence& s : sentences) {
    for (std::size_t i = s.token_begin; i < s.token_end; ++i) {
      if (toks[i].ner == "B-EVENT"sv) continue;
      for (std::size_t len = 2; len >= 1; --len) {
        const std::size_t e = i + len;
        if (e > s.token_end || !names.count(span_text(toks, i, e))) continue;
        const auto [bi, t] = split_tag(toks[i].ner);
        if (bi == 'I' || (e < s.token_end && split_tag(toks[e].ner).first == 'I')) continue;
        // Where the model found a longer name ("Dorian Gray") or more than the name, it stays.
        bool inside = true;
        for (std::size_t k = i + 1; k < e; ++k) inside = inside && split_tag(toks[k].ner).first != 'B';
        if (!inside || (t != "PER"sv && t != "LOC"sv && t != "GPE"sv && !(bi == 'O'))) continue;
        set_span(toks, i, e, "EVENT");
        i = e - 1;
        break;
      }
    }
  }
}

// A well-known organisation's name (the lexicon's Organisation list) is an
// organisation wherever it stands alone: "Reuters", "the WHO", "Huawei" said. The
// longest match wins; it replaces what the model tagged when its spans lie inside
// the name, and never cuts a longer name the model found ("Toyota Venza" stays).
// One word that is also an ordinary word is left to the model unless written in
// capitals ("Time", "WHO"), and so is the surname of a person the document names.
void tag_known_organisations(std::vector<Token>& toks, std::size_t begin, std::size_t end, const Lexicon& lexicon,
                             const std::map<std::string, int>& surnames, const std::set<std::string>& person_names) {
  constexpr std::size_t kMaxWords = 8;
  std::string joined;
  for (std::size_t i = begin; i < end; ++i) {
    const auto [bi, type] = split_tag(toks[i].ner);
    if (!starts_upper(toks[i].form) || bi == 'I' || type == "DATE"sv) continue;
    // The longest listed name from here: one run of joins, each length looked up once.
    std::size_t best = 0;
    std::uint32_t best_classes = 0;
    joined.clear();
    for (std::size_t len = 1; len <= std::min(kMaxWords, end - i); ++len) {
      const std::size_t e = i + len;
      if (len > 1) {
        if (split_tag(toks[e - 1].ner).second == "DATE"sv) break;  // a name does not run into a date
        joined.push_back(' ');
      }
      joined += toks[e - 1].form;
      if (!starts_upper(toks[e - 1].form) && !std::isdigit(static_cast<unsigned char>(toks[e - 1].form[0]))) continue;
      if (e < end && split_tag(toks[e].ner).first == 'I') continue;
      const std::uint32_t c = lexicon.classes(joined);
      if (!(c & bit(LexClass::Organisation))) continue;
      best = len;
      best_classes = c;
    }
    if (best == 0) continue;
    if (best == 1) {
      const std::string& f = toks[i].form;
      if (!coref::is_all_caps(f) && (best_classes & (bit(LexClass::Word) | bit(LexClass::GivenName)))) continue;
      if (surnames.count(f) > 0 || person_names.count(f) > 0) continue;
    }
    set_span(toks, i, i + best, "ORG");
    i += best - 1;
  }
}

// One sense per discourse: a multi-word name the model recognised somewhere in a
// document is the same name where it recurs untagged, so is a one-word organisation
// name, and a person's surname alone ("Rutte said") refers to that person. Only untagged, capitalised tokens change; the
// result depends on the whole document but not on the order of its sentences'
// processing, since names are collected before any is applied.
void propagate_names(AnnotatedDocument& doc, const Lexicon& lexicon) {
  auto& toks = doc.tokens;
  std::map<std::string, std::map<std::string, int>> seen;  // text -> type -> count
  std::map<std::string, int> surnames;                     // from PER spans of 2+ tokens
  std::set<std::string> person_names;                      // surnames that outweigh a city
  for (const Sentence& s : doc.sentences) {
    for (const Span3& sp : spans_of(toks, 0, s.token_begin, s.token_end)) {
      const std::size_t b = s.token_begin + sp.b, e = s.token_begin + sp.e;
      if (sp.type != "PER"sv || !starts_upper(toks[b].form) || toks[e - 1].form.size() < 2) continue;
      if (e - b >= 2 && starts_upper(toks[e - 1].form)) ++surnames[toks[e - 1].form];
      // The places that are a person's name here: the name of a titled one-word person
      // ("President Bush"), or the last of a full name that starts with a given name
      // ("Abraham Lincoln"; not "Old Athens", a heading the model took for a name).
      const std::uint32_t before = b > s.token_begin ? lexicon.classes(toks[b - 1].form) : 0;
      if ((e - b == 1 && (before & (bit(LexClass::RoleNoun) | bit(LexClass::Honorific)))) ||
          (e - b >= 2 && (lexicon.classes(toks[b].form) & bit(LexClass::GivenName))))
        person_names.insert(toks[e - 1].form);
    }
  }
  for (const Sentence& s : doc.sentences) tag_known_organisations(toks, s.token_begin, s.token_end, lexicon, surnames, person_names);
  tag_named_storms(toks, doc.sentences, lexicon);
  for (const Sentence& s : doc.sentences) {
    for (const Span3& sp : spans_of(toks, 0, s.token_begin, s.token_end)) {
      if (sp.type == "DATE"sv || sp.type == "NORP"sv) continue;
      const std::size_t b = s.token_begin + sp.b, e = s.token_begin + sp.e;
      if (!starts_upper(toks[b].form)) continue;
      // Single words only as organisations ("CPA", "Mozilla", "Hamas" recur in a
      // text where the model finds some of them): a mistaken one-word person or
      // place ("DH", "Phailin") spread too far. Mistaken ones spread as well
      // ("BC", "Coron" on GUM dev: -0.3 F1 there, +1.1 on UNER dev, seeds 1-3).
      if (e - b >= 2 || sp.type == "ORG"sv) ++seen[span_text(toks, b, e)][sp.type];
    }
  }
  if (seen.empty() && person_names.empty()) return;
  for (const auto& [name, n] : surnames) {
    auto it = seen.find(name);
    if (it == seen.end()) seen[name]["PER"] += n;
  }
  // Majority type per text; ties go to the alphabetically first type (deterministic).
  std::map<std::string, std::string> best;
  for (const auto& [text, types] : seen) {
    int top = 0;
    for (const auto& [t, c] : types)
      if (c > top) {
        top = c;
        best[text] = t;
      }
  }
  for (const Sentence& s : doc.sentences) {
    for (std::size_t i = s.token_begin; i < s.token_end; ++i) {
      // The surname of a person named in full in the document is that person, not
      // an organisation: "Bruce McArthur ... McArthur pleaded guilty".
      if (toks[i].ner == "B-ORG"sv && (i + 1 == s.token_end || toks[i + 1].ner != "I-ORG"sv) &&
          surnames.count(toks[i].form) > 0) {
        toks[i].ner = "B-PER";
        continue;
      }
      // So is a one-word "place" of that name that is only a city somewhere ("Bush",
      // "Lincoln"): the place rule of fix_boundaries saw the sentence, not the document.
      // Countries and states keep their sense ("George Washington ... Washington").
      if ((toks[i].ner == "B-LOC"sv || toks[i].ner == "B-GPE"sv) &&
          (i + 1 == s.token_end || toks[i + 1].ner.size() < 2 || toks[i + 1].ner[0] != 'I') &&
          person_names.count(toks[i].form) > 0 &&
          !(lexicon.classes(toks[i].form) &
            (bit(LexClass::Country) | bit(LexClass::Subdivision) | bit(LexClass::Region)))) {
        toks[i].ner = "B-PER";
        continue;
      }
      // A group word the lexicon made a NORP ("Hamas") is the organisation the model
      // found by that name elsewhere in the document.
      if (toks[i].ner == "B-NORP"sv && (i + 1 == s.token_end || toks[i + 1].ner != "I-NORP"sv)) {
        auto it = best.find(toks[i].form);
        if (it != best.end() && it->second == "ORG"sv) toks[i].ner = "B-ORG";
        continue;
      }
      if (toks[i].ner != "O"sv || !starts_upper(toks[i].form)) continue;
      for (std::size_t len = std::min<std::size_t>(4, s.token_end - i); len >= 1; --len) {
        bool free = true;
        for (std::size_t k = i; k < i + len; ++k) free = free && toks[k].ner == "O"sv;
        if (!free) continue;
        // A span must not stop inside a capitalised run ("Rutte" of "Rutte Foundation").
        if (i + len < s.token_end && toks[i + len].ner == "O"sv && starts_upper(toks[i + len].form)) continue;
        auto it = best.find(span_text(toks, i, i + len));
        if (it == best.end()) continue;
        // A single capitalised common word ("House", "Court") is a name only where
        // the model says so.
        // A full name's surname is the person's even so ("Carrie Lam ... Lam said", "Tim
        // Cook ... Cook"), where its capital is no sentence's ("Young people", "in May").
        if (len == 1 && (lexicon.classes(toks[i].form) & static_cast<std::uint32_t>(LexClass::Word))) {
          // After an opening quote or bracket (written against the word) a capital starts a sentence too.
          const std::string& pf = toks[i - (i > s.token_begin ? 1 : 0)].form;
          const bool opens = i == s.token_begin || pf == ":"sv ||
                             ((pf == "\""sv || pf == "\u201C"sv || pf == "'"sv || pf == "("sv) && !toks[i - 1].space_after);
          const std::uint32_t when = bit(LexClass::Month) | bit(LexClass::Weekday);
          if (opens || surnames.count(toks[i].form) == 0 || it->second != "PER"sv || (lexicon.classes(toks[i].form) & when))
            continue;
        }
        set_span(toks, i, i + len, it->second);
        i += len - 1;
        break;
      }
    }
  }
}

}  // namespace

namespace {

// Runs `rec` document by document (documents as marked by "# newdoc id", since
// name propagation works within a document) and scores it against the gold tags.
std::map<std::string, Prf> score_corpus(const Recogniser& rec, const std::vector<ConlluSentence>& sents) {
  std::vector<Span3> g, p;
  std::size_t base = 0;
  for (std::size_t a = 0; a < sents.size();) {
    std::size_t b = a + 1;
    while (b < sents.size() && sents[b].doc_id == sents[a].doc_id) ++b;
    const std::vector<ConlluSentence> part(sents.begin() + static_cast<std::ptrdiff_t>(a),
                                           sents.begin() + static_cast<std::ptrdiff_t>(b));
    AnnotatedDocument d = to_document(part, "gold");
    const std::vector<Token> gold_toks = d.tokens;
    rec.run(d);
    for (std::size_t si = 0; si < d.sentences.size(); ++si) {
      auto x = spans_of(gold_toks, base + si, d.sentences[si].token_begin, d.sentences[si].token_end);
      auto y = spans_of(d.tokens, base + si, d.sentences[si].token_begin, d.sentences[si].token_end);
      g.insert(g.end(), x.begin(), x.end());
      p.insert(p.end(), y.begin(), y.end());
    }
    base += d.sentences.size();
    a = b;
  }
  return score_spans(g, p);
}

}  // namespace

Recogniser Recogniser::load(const std::string& path) {
  ModelReader r(path, "ner", kNerPayloadVersion, 0);
  auto impl = std::make_shared<Impl>();
  impl->types = r.get_strings();
  impl->use_pos = r.get<std::uint8_t>() != 0;
  impl->lexicon = Lexicon::load(r);
  impl->clusters = WordClusters::load(r);
  impl->model = Perceptron::load(r);
  r.expect_end();
  if (impl->types.empty() || impl->types.size() > 32) r.fail("bad entity type table");
  if (impl->model.classes() != impl->model_classes()) r.fail("class count does not match the type table");
  if (impl->fingerprint() != r.fingerprint()) r.fail("feature fingerprint mismatch (model from another version)");
  Recogniser rec;
  rec.impl_ = std::move(impl);
  return rec;
}

void Recogniser::save(const std::string& path) const {
  if (!impl_) throw Error(ErrorKind::Internal, "saving an empty recogniser");
  ModelWriter w("ner", kNerPayloadVersion, impl_->fingerprint());
  w.put_strings(impl_->types);
  w.put<std::uint8_t>(impl_->use_pos ? 1 : 0);
  impl_->lexicon.save(w);
  impl_->clusters.save(w);
  impl_->model.save(w);
  w.save(path);
}

Recogniser Recogniser::train(const TrainOptions& opts) { return train(opts, nullptr); }

namespace {

// POS-tags sentences in place with `tagger` (gold tokenisation).
void tag_sentences(std::vector<ConlluSentence>& sents, const Tagger& tagger) {
  AnnotatedDocument d = to_document(sents, "tag");
  tagger.run(d);
  std::size_t k = 0;
  for (auto& s : sents)
    for (auto& t : s.tokens) {
      t.upos = d.tokens[k].upos;
      t.xpos = d.tokens[k].xpos;
      ++k;
    }
}

}  // namespace

Recogniser Recogniser::train(const TrainOptions& opts, const Tagger* tagger) {
  std::ostream* log = opts.log;
  auto impl = std::make_shared<Impl>();
  impl->lexicon = training_lexicon(log);
  if (opts.clusters_path != "-"sv) {
    const std::string path = opts.clusters_path.empty() ? default_models_dir() + "/clusters.ngm" : opts.clusters_path;
    impl->clusters = WordClusters::load(path);
    if (log) *log << "ner: word clusters: " << impl->clusters.size() << " words from " << path << "\n";
  }
  std::vector<ConlluSentence> sents;
  for (const std::string& p : split_paths(opts.train_path)) {
    auto part = read_ner_corpus(p);
    if (tagger) tag_sentences(part, *tagger);
    if (log) *log << "ner: " << part.size() << " sentences from " << p << "\n";
    for (auto& s : part) sents.push_back(std::move(s));
  }
  if (sents.empty()) throw Error(ErrorKind::Input, "no training sentences", ErrorLocation(opts.train_path));
  // Types in sorted order make the class layout independent of corpus order.
  std::vector<std::string> types;
  bool all_pos = true;
  for (const auto& s : sents)
    for (const auto& t : s.tokens) {
      const auto [bi, ty] = split_tag(t.ner);
      if (bi != 'O') types.emplace_back(ty);
      all_pos = all_pos && !t.upos.empty();
    }
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  if (types.empty()) throw Error(ErrorKind::Input, "training corpus has no entity tags", ErrorLocation(opts.train_path));
  impl->types = types;
  // POS features only when every corpus supplies tags (mixing would teach the model
  // that a missing tag means something).
  impl->use_pos = all_pos;
  if (log) *log << "ner: POS features " << (all_pos ? "on" : "off") << "\n";
  impl->model = Perceptron(impl->model_classes());

  std::vector<std::vector<int>> gold(sents.size());
  for (std::size_t s = 0; s < sents.size(); ++s) {
    for (const auto& t : sents[s].tokens) gold[s].push_back(impl->class_of(t.ner));
  }
  std::optional<std::vector<ConlluSentence>> dev;
  if (!opts.dev_path.empty()) {
    dev = read_ner_corpus(opts.dev_path);
    if (tagger) tag_sentences(*dev, *tagger);
  }

  const int epochs = opts.epochs > 0 ? opts.epochs : kDefaultEpochs;
  const double word_dropout = kWordDropout;
  std::mt19937_64 rng(opts.seed);
  std::vector<std::size_t> order(sents.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  Featurizer fz(impl->lexicon, impl->clusters, impl->use_pos);
  std::vector<int> pred;
  const int dummy = impl->classes();
  for (int ep = 0; ep < epochs; ++ep) {
    // Fisher-Yates with the raw engine output: std::shuffle's use of the engine is
    // library-specific, and the model must be the same everywhere for a seed.
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    std::size_t errors = 0, total = 0;
    for (std::size_t s : order) {
      const auto& toks = sents[s].tokens;
      if (toks.empty()) continue;
      fz.prepare(toks, 0, toks.size());
      for (std::size_t i = 0; i < toks.size(); ++i)
        if (word_dropout > 0 && static_cast<double>(rng() % 1000000) < word_dropout * 1e6) fz.drop_word(i);
      impl->decode(fz, toks.size(), pred);
      const std::vector<int>& g = gold[s];
      // Structured perceptron (Collins 2002): add the gold sequence's features, take
      // the predicted one's, position by position. Where the previous classes differ,
      // the history features differ too and each side is updated alone, against the
      // never-decoded class.
      for (std::size_t i = 0; i < toks.size(); ++i) {
        const int gp = i == 0 ? -1 : g[i - 1], yp = i == 0 ? -1 : pred[i - 1];
        if (g[i] != pred[i]) ++errors;
        if (g[i] == pred[i] && gp == yp) continue;
        if (g[i] != pred[i]) impl->model.update(fz.statics(i), g[i], pred[i]);
        const std::uint64_t hg = Impl::prev_tag(gp);
        if (gp == yp) {
          impl->model.update({&hg, 1}, g[i], pred[i]);
        } else {
          const std::uint64_t hy = Impl::prev_tag(yp);
          impl->model.update({&hg, 1}, g[i], dummy);
          impl->model.update({&hy, 1}, dummy, pred[i]);
        }
      }
      for (std::size_t i = 0; i < toks.size(); ++i) impl->model.tick();
      total += toks.size();
    }
    if (log) {
      *log << "ner: epoch " << (ep + 1) << " token errors " << errors << "/" << total;
      if (dev && (ep + 1 == epochs || (ep + 1) % 2 == 0)) {
        // Score a snapshot: averaging is destructive, so copy the model.
        Impl snap = *impl;
        snap.model.finalize(0.0f);
        Recogniser tmp;
        tmp.impl_ = std::make_shared<Impl>(std::move(snap));
        Prf all;
        for (const auto& [t, x] : score_corpus(tmp, *dev)) {
          all.tp += x.tp;
          all.fp += x.fp;
          all.fn += x.fn;
        }
        char buf[96];
        std::snprintf(buf, sizeof buf, "; dev P %.2f R %.2f F1 %.2f", all.p(), all.r(), all.f());
        *log << buf;
      }
      *log << "\n";
    }
  }
  // On a corpus of a few dozen sentences every averaged weight is small: pruning is
  // for the full corpora.
  impl->model.finalize(sents.size() >= kPruneMinSentences ? kPruneBelow : 0.001f);
  if (log) *log << "ner: " << impl->model.features() << " features kept\n";
  Recogniser rec;
  rec.impl_ = std::move(impl);
  if (!opts.output_path.empty()) rec.save(opts.output_path);
  return rec;
}

void Recogniser::run(AnnotatedDocument& doc) const {
  if (!impl_) throw Error(ErrorKind::Internal, "running an unloaded recogniser");
  Featurizer fz(impl_->lexicon, impl_->clusters, impl_->use_pos);
  for (const Sentence& s : doc.sentences) impl_->tag_sentence(doc, s.token_begin, s.token_end, fz);
  propagate_names(doc, impl_->lexicon);
  doc.mentions.clear();
  for (std::uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    for (const Span3& sp : spans_of(doc.tokens, si, s.token_begin, s.token_end)) {
      Mention m;
      m.token_begin = s.token_begin + static_cast<std::uint32_t>(sp.b);
      m.token_end = s.token_begin + static_cast<std::uint32_t>(sp.e);
      m.span = {doc.tokens[m.token_begin].span.start, doc.tokens[m.token_end - 1].span.end};
      m.text = doc.doc.text.substr(m.span.start, m.span.size());
      m.type = entity_type_of(sp.type);
      m.kind = MentionKind::Name;
      m.sentence = si;
      doc.mentions.push_back(std::move(m));
    }
  }
  std::stable_sort(doc.mentions.begin(), doc.mentions.end(),
                   [](const Mention& a, const Mention& b) { return a.span < b.span; });
}

std::string Recogniser::evaluate(const std::string& gold_path, const Tagger* tagger) const {
  if (!impl_) throw Error(ErrorKind::Internal, "evaluating an unloaded recogniser");
  auto sents = read_ner_corpus(gold_path);
  std::string note;
  if (impl_->use_pos) {
    bool has_tags = true;
    for (const auto& s : sents)
      for (const auto& t : s.tokens) has_tags = has_tags && !t.upos.empty();
    if (tagger) {
      tag_sentences(sents, *tagger);
      note = "POS tags: predicted by the given tagger\n";
    } else if (!has_tags) {
      const std::string path = default_models_dir() + "/pos.ngm";
      tag_sentences(sents, Tagger::load(path));
      note = "POS tags: predicted by " + path + "\n";
    } else {
      note = "POS tags: gold, from the corpus\n";
    }
  }
  std::size_t tokens = 0;
  for (const auto& s : sents) tokens += s.tokens.size();
  return note + format_report(score_corpus(*this, sents), sents.size(), tokens);
}

}  // namespace newsgraph

