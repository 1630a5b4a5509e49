#include "extract/tagger.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <ostream>
#include <random>
#include <span>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/bucket_table.hpp"
#include "extract/conllu.hpp"
#include "extract/lemmatizer.hpp"
#include "extract/huge_pages.hpp"
#include "extract/model_file.hpp"
#include "extract/pipeline.hpp"
#include "extract/word_clusters.hpp"
#include "graph/error.hpp"

namespace newsgraph {
namespace {

constexpr std::uint32_t kPayloadVersion = 3;
// Names every feature template and normalisation below; change it whenever they
// change so that a model trained with other features is refused, not misread.
constexpr std::string_view kFeatureVersion =
    "pos-v3;joint-upos-xpos;norm=ascii-lower+typographic-quotes+digits0;"
    "word,suf1-4,pre1-4,shape,shortshape,flags,w-2..w+2,suf3(w-1),suf3(w+1),shape(w+1),w-1w,ww+1;"
    "t-1,t-2,t-1t-2,t-1w,t-1suf3;lex(w-1,w,w+1),lex+flags,dictword-lex=fffe;lexicon=wordnet3-morphy+scowl;tagdict=exact-form;"
    "pass2=static+l1,l2,l1l2,l1w,l1suf3,r1,r2,r1r2,l1r1,r1w,r1suf3,r2w,l2l1r1,l1r1r2,l1r1w,l1/r1+clus8;"
    "pass2-if-margin<0.55max;jackknife=4-contiguous";
constexpr int kDefaultEpochs = 10;
// Debian's wordnet-base and wamerican packages; read only when training.
constexpr const char* kWordnetDir = "/usr/share/wordnet";
constexpr const char* kWordList = "/usr/share/dict/american-english";
constexpr std::uint32_t kMinClassCount = 10;   // rarer UPOS/XPOS pairs may fold into a neighbour
constexpr std::uint32_t kDictMinCount = 20;    // tag dictionary: frequent...
constexpr double kDictMinPurity = 0.995;       // ...and (almost) unambiguous words
constexpr float kPrune = 1.0f / 30;            // |averaged weight| below this share of the largest is noise
constexpr std::size_t kFolds = 4;              // jackknife folds for the second pass's training tags
// The second pass revises words whose first-pass margin (best minus second-best
// score) is below this share of the first pass's largest weight: the words the
// first pass is unsure of hold most of its errors; revising every word was no better.
constexpr float kRetagBelow = 0.55f;

// Feature template ids (part of kFeatureVersion).
enum Tmpl : std::uint32_t {
  kBias = 1, kWord, kSuf1, kSuf2, kSuf3, kSuf4, kPre1, kPre2, kPre3, kPre4, kShape, kShortShape,
  kFlags, kWm1, kWm2, kWp1, kWp2, kSuf3m1, kSuf3p1, kShapep1, kWm1W, kWWp1,
  kT1, kT2, kT1T2, kT1W, kT1Suf3, kLex, kLexM1, kLexP1, kLexFlags,
  kDictKey = 100,
  // Word clusters (only with a cluster table): path prefixes of the word and its
  // neighbours, and the word's cluster with the previous tag.
  kClus = 200, kClusM1 = 210, kClusP1 = 220, kT1Clus = 250,
  // Second pass: the tags on both sides (left: final, right: the first pass's).
  kL1 = 300, kL2, kL1L2, kL1W, kL1Suf3, kL1Clus, kR1, kR2, kR1R2, kL1R1, kR1W, kR1Suf3, kR1Clus, kL2L1R1, kL1R1R2,
  kR2W = 319, kL1R1W,
};
constexpr std::string_view kClusterFeatures = "clus4/8/12/16(w),clus8/16(w-1,w+1),t-1+clus8(w);pass2:l1/r1+clus8(w)";

std::string_view code_bytes(const std::uint32_t& c) { return {reinterpret_cast<const char*>(&c), sizeof c}; }
std::string_view hash_bytes(const std::uint64_t& h) { return {reinterpret_cast<const char*>(&h), sizeof h}; }

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Without a cluster table the fingerprint is that of the features above alone; with
// one it also names the table's content and the cluster features used.
std::uint64_t fingerprint(const WordClusters& clusters) {
  const std::uint64_t h = fnv1a64(kFeatureVersion);
  if (clusters.empty()) return h;
  return fnv1a64(std::to_string(clusters.checksum()), fnv1a64(kClusterFeatures, h));
}

// Per-thread working memory: tagging allocates nothing once these have grown.
struct Scratch {
  std::string arena;  // normalised words and shapes of the current sentence
  struct Word {
    std::uint32_t norm_off, norm_len, shape_off, shape_len, short_off, short_len;
    std::uint8_t flags;
    std::uint16_t lex;
    std::uint32_t cluster;
  };
  std::vector<Word> words;
  std::vector<std::uint64_t> feats;      // static features of all words, back to back
  std::vector<std::uint32_t> feat_begin; // words.size() + 1 offsets into feats
  std::vector<std::uint64_t> current;    // static + dynamic features of one word
  std::vector<int> dict;   // tag-dictionary class per word, or -1
  std::vector<int> tags;
  std::vector<float> margin;  // first pass: best minus second-best score per word
  std::vector<std::string_view> forms;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// The trained perceptron, stored sparsely: averaged weights are mostly tiny, and a
// dense row per feature (one float per class) made a 45 MB model. Each feature keeps
// only its weights of magnitude >= the pruning threshold, quantised to 16 bits with
// one global scale; scores are summed in integers, so tagging is exact and
// deterministic, and the model is a few MB and much faster to score.
class CompactWeights {
 public:
  CompactWeights() = default;
  // `keys` lists every feature the perceptron may know (duplicates allowed); weights
  // below prune * (largest |weight|) are dropped.
  CompactWeights(const Perceptron& p, std::vector<std::uint64_t> keys, float prune) : classes_(p.classes()) {
    if (classes_ <= 0 || classes_ > 256) throw Error(ErrorKind::Internal, "pos weights support 1 to 256 classes");
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::vector<float> row(static_cast<std::size_t>(classes_));
    float max_abs = 0;
    // Two passes: the scale needs the largest weight, the rows need the scale.
    for (int pass = 0; pass < 2; ++pass) {
      for (std::uint64_t k : keys) {
        std::fill(row.begin(), row.end(), 0.0f);
        p.score(std::span<const std::uint64_t>(&k, 1), row.data());
        if (pass == 0) {
          for (float w : row) max_abs = std::max(max_abs, std::fabs(w));
          continue;
        }
        const std::size_t begin = cls_.size();
        for (int c = 0; c < classes_; ++c) {
          const float w = row[static_cast<std::size_t>(c)];
          if (std::fabs(w) < prune) continue;
          const long q = std::lround(w / scale_);
          if (q == 0) continue;
          cls_.push_back(static_cast<std::uint8_t>(c));
          w_.push_back(static_cast<std::int16_t>(q));
        }
        if (cls_.size() > begin) {
          keys_.push_back(k);
          begin_.push_back(static_cast<std::uint32_t>(begin));
        }
      }
      if (pass == 0) {
        scale_ = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
        // Relative, because averaged weights scale with the number of updates: on the
        // treebanks the largest is ~30, on a tiny corpus ~4.
        prune *= max_abs;
      }
    }
    begin_.push_back(static_cast<std::uint32_t>(cls_.size()));
    index();
  }

  int classes() const { return classes_; }
  float max_weight() const { return scale_ * 32767.0f; }
  std::size_t features() const { return keys_.size(); }
  std::size_t weights() const { return w_.size(); }

  bool empty() const { return keys_.empty(); }

  // Highest-scoring class; ties go to the lower class index. With `margin`, also the
  // gap between the best and the second-best score, in weight units.
  int predict(std::span<const std::uint64_t> feats, float* margin = nullptr) const {
    // On the stack: classes_ <= 256 (checked on load), and rows are gathered in
    // chunks, so nothing here allocates or goes through thread-local storage.
    std::int32_t scores[256];
    std::fill_n(scores, classes_, 0);
    constexpr std::size_t kChunk = 64;
    std::uint32_t found[kChunk];
    for (std::size_t base = 0; base < feats.size(); base += kChunk) {
      const std::size_t n = std::min(kChunk, feats.size() - base);
      const std::uint64_t* f = feats.data() + base;
      // Table lookups are cache misses; touching every feature's bucket first lets
      // the CPU wait for all of them at once instead of one after another.
      for (std::size_t i = 0; i < n; ++i)
        bucket_table::prefetch(slots_.data(), buckets_, f[i]);
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t slot = bucket_table::find<0xFFFFFFFFull>(slots_.data(), buckets_,
                                                                     bucket_table::bucket_of(f[i], buckets_), tag_of(f[i]));
        // An unknown feature (slot 0) reads the empty row at offset 0: no branch here.
        found[i] = static_cast<std::uint32_t>(slot >> 32);
        __builtin_prefetch(&entries_[found[i]]);
      }
      for (std::size_t i = 0; i < n; ++i) {
        const Entry* e = &entries_[found[i]];
        const Entry* end = e + 1 + e->w;  // the row's header entry holds its length
        for (++e; e < end; ++e) scores[e->cls] += e->w;
      }
    }
    // Best (ties to the lower class) and second best in one pass.
    int best = 0;
    std::int32_t second = std::numeric_limits<std::int32_t>::min();
    for (int c = 1; c < classes_; ++c) {
      if (scores[c] > scores[best]) {
        second = scores[best];
        best = c;
      } else {
        second = std::max(second, scores[c]);
      }
    }
    if (margin != nullptr) *margin = classes_ < 2 ? 1e30f : static_cast<float>(scores[best] - second) * scale_;
    return best;
  }

  void save(ModelWriter& w) const {
    w.put<std::int32_t>(classes_);
    w.put<float>(scale_);
    w.put_vector(keys_);
    w.put_vector(begin_);
    w.put_vector(cls_);
    w.put_vector(w_);
  }
  static CompactWeights load(ModelReader& r) {
    CompactWeights m;
    m.classes_ = r.get<std::int32_t>();
    if (m.classes_ <= 0 || m.classes_ > 256) r.fail("bad class count in pos weights");
    m.scale_ = r.get<float>();
    m.keys_ = r.get_vector<std::uint64_t, HugePageAllocator<std::uint64_t>>();
    m.begin_ = r.get_vector<std::uint32_t, HugePageAllocator<std::uint32_t>>();
    m.cls_ = r.get_vector<std::uint8_t, HugePageAllocator<std::uint8_t>>();
    m.w_ = r.get_vector<std::int16_t, HugePageAllocator<std::int16_t>>();
    if (m.begin_.size() != m.keys_.size() + 1 || m.cls_.size() != m.w_.size() || m.begin_.front() != 0 ||
        m.begin_.back() != m.cls_.size() || !std::is_sorted(m.begin_.begin(), m.begin_.end()) ||
        !std::is_sorted(m.keys_.begin(), m.keys_.end()))
      r.fail("inconsistent pos weight table");
    for (std::uint8_t c : m.cls_)
      if (c >= m.classes_) r.fail("bad class in pos weight table");
    for (std::size_t row = 0; row + 1 < m.begin_.size(); ++row)
      if (m.begin_[row + 1] - m.begin_[row] > static_cast<std::uint32_t>(m.classes_) || m.keys_[row] == 0)
        r.fail("bad row in pos weight table");
    m.index();
    return m;
  }

 private:
  // The lookup table keeps 32 bits of each 64-bit feature hash (the bucket supplies
  // ~17 more) and the offset of the row, 8 bytes a slot (see bucket_table.hpp), so
  // that it stays in the L2 cache; a false match needs two hashes equal in ~49 bits,
  // which is negligible here.
  struct Entry {
    std::int16_t w;     // weight, or in a row's header the number of entries
    std::uint8_t cls;
  };
  static std::uint64_t tag_of(std::uint64_t key) { return static_cast<std::uint32_t>(key >> 32) | 1u; }
  void index() {
    buckets_ = bucket_table::buckets_for(keys_.size());
    slots_.assign(buckets_ * bucket_table::kSlots, 0);
    entries_.clear();
    entries_.reserve(w_.size() + keys_.size() + 1);
    entries_.push_back(Entry{0, 0});  // the empty row unknown features read
    for (std::size_t row = 0; row < keys_.size(); ++row) {
      const std::uint64_t slot = tag_of(keys_[row]) | static_cast<std::uint64_t>(entries_.size()) << 32;
      bucket_table::insert(slots_.data(), buckets_, bucket_table::bucket_of(keys_[row], buckets_), slot);
      const std::uint32_t n = begin_[row + 1] - begin_[row];
      entries_.push_back(Entry{static_cast<std::int16_t>(n), 0});
      for (std::uint32_t e = begin_[row]; e < begin_[row + 1]; ++e) entries_.push_back(Entry{w_[e], cls_[e]});
    }
  }

  int classes_ = 0;
  float scale_ = 1.0f;
  BigVector<std::uint64_t> keys_;   // sorted feature hashes
  BigVector<std::uint32_t> begin_;  // keys_.size() + 1 offsets into cls_/w_
  BigVector<std::uint8_t> cls_;
  BigVector<std::int16_t> w_;
  std::size_t buckets_ = 0;
  BigVector<std::uint64_t> slots_;  // tag | row offset << 32, over keys_, for lookups
  BigVector<Entry> entries_;    // cls_ and w_ interleaved, for lookups
};

// Word classes from two open lexicons, stored in the model so that tagging needs no
// external files: WordNet 3.0 (which lemmas are nouns, verbs, adjectives, adverbs,
// plus its irregular-form lists) and the SCOWL American English word list (whether a
// word is written lower-case or capitalised). Inflected forms are recognised at
// lookup time by WordNet's own "morphy" suffix rules. They matter most for words
// the treebanks never show: "unfrozen" is an adjective and "Tbilisi" is not in the
// word list at all.
class Lexicon {
 public:
  enum : std::uint16_t {
    kNoun = 1, kVerb = 2, kAdj = 4, kAdv = 8, kLowerWord = 16, kCapWord = 32,
    kNounExc = 64, kVerbExc = 128, kAdjExc = 256,
    // Derived at lookup time:
    kPlural = 1u << 9, kVerbS = 1u << 10, kVerbEd = 1u << 11, kVerbIng = 1u << 12, kAdjCmp = 1u << 13,
    kAdjLy = 1u << 14, kKnown = 1u << 15
  };

  bool empty() const { return keys_.empty(); }
  std::size_t size() const { return keys_.size(); }

  // Reads the lexicons; a missing file contributes nothing (and is logged).
  static Lexicon from_files(const std::string& wordnet_dir, const std::string& wordlist,
                            const std::function<void(const std::string&)>& log) {
    std::map<std::uint64_t, std::uint16_t> bits;
    auto each_line = [&](const std::string& path, auto&& fn) {
      std::ifstream in(path);
      if (!in) {
        log("lexicon file not found, skipped: " + path);
        return;
      }
      std::string line;
      std::size_t n = 0;
      while (std::getline(in, line)) n += fn(line);
      log("lexicon: " + std::to_string(n) + " entries from " + path);
    };
    const std::pair<const char*, std::uint16_t> index[] = {
        {"index.noun", kNoun}, {"index.verb", kVerb}, {"index.adj", kAdj}, {"index.adv", kAdv}};
    for (const auto& [file, bit] : index) {
      each_line(wordnet_dir + "/" + file, [&, b = bit](const std::string& line) {
        if (line.empty() || line[0] == ' ') return 0;  // licence header
        const std::string lemma = line.substr(0, line.find(' '));
        if (lemma.find('_') != std::string::npos) return 0;  // multiword
        bits[fnv1a64(lemma)] |= b;
        return 1;
      });
    }
    const std::pair<const char*, std::uint16_t> exc[] = {
        {"noun.exc", kNounExc}, {"verb.exc", kVerbExc}, {"adj.exc", kAdjExc}};
    for (const auto& [file, bit] : exc) {
      each_line(wordnet_dir + "/" + file, [&, b = bit](const std::string& line) {
        const std::string form = line.substr(0, line.find(' '));
        if (form.empty() || form.find('_') != std::string::npos) return 0;
        bits[fnv1a64(form)] |= b;
        return 1;
      });
    }
    each_line(wordlist, [&](const std::string& line) {
      if (line.empty() || line.find('\'') != std::string::npos) return 0;  // possessives
      std::string lower;
      normalize_word(line, lower);
      bits[fnv1a64(lower)] |= (line[0] >= 'A' && line[0] <= 'Z') ? kCapWord : kLowerWord;
      return 1;
    });
    Lexicon lex;
    for (const auto& [k, v] : bits) {
      lex.keys_.push_back(k);
      lex.vals_.push_back(v);
    }
    lex.index();
    return lex;
  }

  // Classes of a lower-cased word, including what its ending says it could be.
  std::uint16_t classes(std::string_view w) const {
    if (keys_.empty() || w.empty()) return 0;
    std::uint16_t out = base(fnv1a64(w));
    if (out != 0) out |= kKnown;
    auto ends = [&](std::string_view suf) { return w.size() > suf.size() + 1 && w.substr(w.size() - suf.size()) == suf; };
    // Stem = w minus `cut` bytes, plus `add`.
    auto stem = [&](std::size_t cut, std::string_view add = {}) {
      return base(fnv1a64(add, fnv1a64(w.substr(0, w.size() - cut))));
    };
    auto doubled = [&](std::size_t cut) {  // "stopped" -> "stop"
      const std::size_t n = w.size() - cut;
      return n >= 2 && w[n - 1] == w[n - 2] ? stem(cut + 1) : std::uint16_t{0};
    };
    if (out & kNounExc) out |= kPlural;
    if (out & kVerbExc) out |= kVerbEd;
    if (out & kAdjExc) out |= kAdjCmp;
    if (ends("s")) {
      std::uint16_t b = stem(1);
      if (ends("es")) b |= stem(2);
      if (ends("ies")) b |= stem(3, "y");
      if (b & kNoun) out |= kPlural;
      if (b & kVerb) out |= kVerbS;
    }
    if (ends("ed")) {
      const std::uint16_t b = stem(2) | stem(1) | doubled(2) | (ends("ied") ? stem(3, "y") : 0);
      if (b & kVerb) out |= kVerbEd;
    }
    if (ends("ing")) {
      const std::uint16_t b = stem(3) | stem(3, "e") | doubled(3);
      if (b & kVerb) out |= kVerbIng;
    }
    if (ends("er") || ends("est")) {
      const std::size_t cut = ends("er") ? 2 : 3;
      const std::uint16_t b = stem(cut) | stem(cut - 1) | doubled(cut) | (w[w.size() - cut - 1] == 'i' ? stem(cut + 1, "y") : 0);
      if (b & kAdj) out |= kAdjCmp;
    }
    if (ends("ly")) {
      const std::uint16_t b = stem(2) | (ends("ily") ? stem(3, "y") : 0);
      if (b & kAdj) out |= kAdjLy;
    }
    return out;
  }

  void save(ModelWriter& w) const {
    w.put_vector(keys_);
    w.put_vector(vals_);
  }
  static Lexicon load(ModelReader& r) {
    Lexicon lex;
    lex.keys_ = r.get_vector<std::uint64_t, HugePageAllocator<std::uint64_t>>();
    lex.vals_ = r.get_vector<std::uint16_t, HugePageAllocator<std::uint16_t>>();
    if (lex.keys_.size() != lex.vals_.size() || !std::is_sorted(lex.keys_.begin(), lex.keys_.end()) ||
        (!lex.keys_.empty() && lex.keys_.front() == 0))
      r.fail("inconsistent lexicon in pos model");
    lex.index();
    return lex;
  }

 private:
  std::uint16_t base(std::uint64_t key) const {
    const std::uint32_t* v = index_.find(key);
    return v == nullptr ? 0 : static_cast<std::uint16_t>(*v);
  }
  void index() {
    index_.reserve(keys_.size());
    for (std::size_t row = 0; row < keys_.size(); ++row) index_.insert(keys_[row], vals_[row]);
  }
  BigVector<std::uint64_t> keys_;  // sorted fnv1a64 of lower-case words
  BigVector<std::uint16_t> vals_;
  HashIndex index_;
};

}  // namespace

struct Tagger::Impl {
  std::vector<std::string> upos, xpos;  // per class
  std::vector<std::string> names;       // per class, plus two start symbols, for hashing
  CompactWeights model;   // first pass
  CompactWeights model2;  // second pass, which also sees the first pass's tags on the right
  float retag_below = 0;  // the second pass retags words whose first-pass margin is below this
  HashIndex tagdict;  // hash of exact form -> class
  Lemmatizer lemmatizer;
  Lexicon lexicon;
  WordClusters clusters;  // empty: a model trained without cluster features

  int classes() const { return static_cast<int>(upos.size()); }
  void make_names() {
    names.clear();
    for (std::size_t c = 0; c < upos.size(); ++c) names.push_back(upos[c] + " " + xpos[c]);
    names.emplace_back("-START-");
    names.emplace_back("-START2-");
    names.emplace_back("-END-");
    names.emplace_back("-END2-");
  }

  // Fills s.words / s.feats for the sentence in s.forms.
  void prepare(Scratch& s) const;
  // Features of word i given the two previous tags; valid until the next call.
  std::span<const std::uint64_t> features(Scratch& s, std::size_t i, int p1, int p2) const;
  // Second-pass features of word i: s.tags holds final tags left of i and first-pass
  // tags from i on.
  std::span<const std::uint64_t> features2(Scratch& s, std::size_t i) const;
  int dict_lookup(std::string_view form) const {
    const std::uint32_t* c = tagdict.find(feature_hash(kDictKey, form));
    return c == nullptr ? -1 : static_cast<int>(*c);
  }
  // Trains the perceptron greedily, learning from its own previous predictions as
  // it will see them when tagging. Records every updated feature in `keys`.
  // `subset` lists the sentences to train on. With `first` (first-pass tags per
  // sentence) it trains the second pass instead.
  Perceptron train_perceptron(const std::vector<ConlluSentence>& sents, const std::vector<std::vector<int>>& gold,
                              const std::vector<std::size_t>& subset, int epochs, std::uint64_t seed,
                              std::vector<std::uint64_t>& keys, const std::function<void(const std::string&)>& log,
                              const std::vector<std::vector<int>>* first = nullptr) const;
  // First pass over s.forms with weights m: greedy, left to right, into s.tags and s.margin.
  void first_pass(Scratch& s, const CompactWeights& m) const;
  // Tags s.forms into s.tags: the first pass, then (if second_pass) the second on
  // the words whose first-pass margin is below retag_below.
  void tag(Scratch& s, bool second_pass) const;
};

void Tagger::Impl::prepare(Scratch& s) const {
  const std::size_t n = s.forms.size();
  s.words.resize(n);
  s.dict.resize(n);
  for (std::size_t i = 0; i < n; ++i) s.dict[i] = dict_lookup(s.forms[i]);
  s.arena.clear();
  std::size_t total = 0;
  for (auto f : s.forms) total += f.size();
  s.arena.reserve(total * 3 + 16);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view form = s.forms[i];
    Scratch::Word& w = s.words[i];
    std::uint8_t flags = 0;
    bool has_lower = false, has_upper = false;
    for (char c : form) {
      if (c == '-') flags |= 1;
      if (is_digit(c)) flags |= 2;
      if (is_upper(c)) has_upper = true;
      if (is_lower(c)) has_lower = true;
      if (c == '.') flags |= 64;
      if (static_cast<unsigned char>(c) >= 0x80) flags |= 32;
    }
    if (!form.empty() && is_upper(form[0])) flags |= 4;
    if (has_upper && !has_lower) flags |= 8;
    if (i == 0) flags |= 16;
    w.flags = flags;

    w.norm_off = static_cast<std::uint32_t>(s.arena.size());
    normalize_word(form, s.arena);
    // Numbers: the digits say little, their layout ("0,000", "00:00") a lot.
    for (std::size_t k = w.norm_off; k < s.arena.size(); ++k)
      if (is_digit(s.arena[k])) s.arena[k] = '0';
    w.norm_len = static_cast<std::uint32_t>(s.arena.size() - w.norm_off);
    // Dictionary words are tagged without the model; as neighbours, their own
    // word features say more than word classes would.
    w.lex = s.dict[i] >= 0 ? std::uint16_t{0xFFFE} : lexicon.classes(std::string_view(s.arena).substr(w.norm_off, w.norm_len));
    w.cluster = clusters.find(std::string_view(s.arena).substr(w.norm_off, w.norm_len));

    // Shape: X, x, d for ASCII letters and digits, other bytes as they are except
    // UTF-8 letters (one 'u' per character); runs longer than 3 are cut to 3.
    w.shape_off = static_cast<std::uint32_t>(s.arena.size());
    char last = 0;
    int run = 0;
    for (char c : form) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x80 && u < 0xC0) continue;  // UTF-8 continuation byte
      const char k = is_upper(c) ? 'X' : is_lower(c) ? 'x' : is_digit(c) ? 'd' : u >= 0x80 ? 'u' : c;
      run = (k == last) ? run + 1 : 1;
      last = k;
      if (run <= 3) s.arena.push_back(k);
    }
    w.shape_len = static_cast<std::uint32_t>(s.arena.size() - w.shape_off);
    w.short_off = static_cast<std::uint32_t>(s.arena.size());
    last = 0;
    for (std::uint32_t k = w.shape_off; k < w.shape_off + w.shape_len; ++k) {
      const char c = s.arena[k];
      if (c != last) s.arena.push_back(c);
      last = c;
    }
    w.short_len = static_cast<std::uint32_t>(s.arena.size() - w.short_off);
  }

  const std::string_view arena = s.arena;
  auto norm = [&](std::ptrdiff_t i) -> std::string_view {
    if (i < 0) return i == -1 ? "-S1-" : "-S2-";
    if (i >= static_cast<std::ptrdiff_t>(n)) return i == static_cast<std::ptrdiff_t>(n) ? "-E1-" : "-E2-";
    const auto& w = s.words[static_cast<std::size_t>(i)];
    return arena.substr(w.norm_off, w.norm_len);
  };
  auto suffix = [](std::string_view w, std::size_t k) { return w.substr(w.size() - std::min(k, w.size())); };

  s.feats.clear();
  s.feat_begin.resize(n + 1);
  for (std::size_t i = 0; i < n; ++i) {
    s.feat_begin[i] = static_cast<std::uint32_t>(s.feats.size());
    const auto& w = s.words[i];
    const auto ii = static_cast<std::ptrdiff_t>(i);
    const std::string_view word = norm(ii);
    const std::string_view shape = arena.substr(w.shape_off, w.shape_len);
    const std::string_view shortshape = arena.substr(w.short_off, w.short_len);
    auto& f = s.feats;
    f.push_back(feature_hash(kBias));
    f.push_back(feature_hash(kWord, word));
    static constexpr std::uint32_t kSuf[] = {kSuf1, kSuf2, kSuf3, kSuf4};
    static constexpr std::uint32_t kPre[] = {kPre1, kPre2, kPre3, kPre4};
    for (std::size_t k = 1; k <= 4 && k < word.size(); ++k) {
      f.push_back(feature_hash(kSuf[k - 1], word.substr(word.size() - k)));
      f.push_back(feature_hash(kPre[k - 1], word.substr(0, k)));
    }
    f.push_back(feature_hash(kShape, shape));
    f.push_back(feature_hash(kShortShape, shortshape));
    const char fl = static_cast<char>(w.flags);
    f.push_back(feature_hash(kFlags, std::string_view(&fl, 1)));
    const std::string_view wm1 = norm(ii - 1), wp1 = norm(ii + 1);
    f.push_back(feature_hash(kWm1, wm1));
    f.push_back(feature_hash(kWm2, norm(ii - 2)));
    f.push_back(feature_hash(kWp1, wp1));
    f.push_back(feature_hash(kWp2, norm(ii + 2)));
    f.push_back(feature_hash(kSuf3m1, suffix(wm1, 3)));
    f.push_back(feature_hash(kSuf3p1, suffix(wp1, 3)));
    if (i + 1 < n) {
      const auto& next = s.words[i + 1];
      f.push_back(feature_hash(kShapep1, arena.substr(next.short_off, next.short_len)));
    } else {
      f.push_back(feature_hash(kShapep1, "-E1-"));
    }
    auto lexf = [&](std::uint32_t tmpl, std::ptrdiff_t j) {
      const std::uint16_t v = (j < 0 || j >= static_cast<std::ptrdiff_t>(n)) ? 0xFFFF : s.words[static_cast<std::size_t>(j)].lex;
      const char b[2] = {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
      f.push_back(feature_hash(tmpl, std::string_view(b, 2)));
    };
    lexf(kLex, ii);
    lexf(kLexM1, ii - 1);
    lexf(kLexP1, ii + 1);
    {
      const char b[3] = {static_cast<char>(w.lex & 0xFF), static_cast<char>(w.lex >> 8), fl};
      f.push_back(feature_hash(kLexFlags, std::string_view(b, 3)));
    }
    f.push_back(feature_hash(kWm1W, wm1, word));
    f.push_back(feature_hash(kWWp1, word, wp1));
    if (!clusters.empty()) {
      const auto code = [&](std::ptrdiff_t j) {
        if (j < 0) return 0xFFFFFFF0u;  // before the sentence
        if (j >= static_cast<std::ptrdiff_t>(n)) return 0xFFFFFFF1u;
        return s.words[static_cast<std::size_t>(j)].cluster;
      };
      static constexpr int kBits[] = {4, 8, 12, 16};
      for (std::uint32_t k = 0; k < 4; ++k) {
        const std::uint32_t p = WordClusters::prefix(w.cluster, kBits[k]);
        f.push_back(feature_hash(kClus + k, code_bytes(p)));
      }
      const std::uint32_t m1 = code(ii - 1), p1 = code(ii + 1);
      for (std::uint32_t k = 1; k < 4; k += 2) {
        const std::uint32_t a = WordClusters::prefix(m1, kBits[k]), b = WordClusters::prefix(p1, kBits[k]);
        f.push_back(feature_hash(kClusM1 + k, code_bytes(a)));
        f.push_back(feature_hash(kClusP1 + k, code_bytes(b)));
      }
    }
  }
  s.feat_begin[n] = static_cast<std::uint32_t>(s.feats.size());
}

std::span<const std::uint64_t> Tagger::Impl::features(Scratch& s, std::size_t i, int p1, int p2) const {
  s.current.assign(s.feats.begin() + s.feat_begin[i], s.feats.begin() + s.feat_begin[i + 1]);
  const std::string_view t1 = names[static_cast<std::size_t>(p1)];
  const std::string_view t2 = names[static_cast<std::size_t>(p2)];
  const auto& w = s.words[i];
  const std::string_view word = std::string_view(s.arena).substr(w.norm_off, w.norm_len);
  s.current.push_back(feature_hash(kT1, t1));
  s.current.push_back(feature_hash(kT2, t2));
  s.current.push_back(feature_hash(kT1T2, t1, t2));
  s.current.push_back(feature_hash(kT1W, t1, word));
  s.current.push_back(feature_hash(kT1Suf3, t1, word.substr(word.size() - std::min<std::size_t>(3, word.size()))));
  if (!clusters.empty()) {
    const std::uint32_t c = WordClusters::prefix(w.cluster, 8);
    s.current.push_back(feature_hash(kT1Clus, t1, code_bytes(c)));
  }
  return s.current;
}

std::span<const std::uint64_t> Tagger::Impl::features2(Scratch& s, std::size_t i) const {
  s.current.assign(s.feats.begin() + s.feat_begin[i], s.feats.begin() + s.feat_begin[i + 1]);
  const std::size_t n = s.tags.size();
  const auto tag_at = [&](std::ptrdiff_t j) -> std::string_view {
    if (j < 0) return names[static_cast<std::size_t>(classes() + (j == -1 ? 0 : 1))];
    if (j >= static_cast<std::ptrdiff_t>(n))
      return names[static_cast<std::size_t>(classes() + (j == static_cast<std::ptrdiff_t>(n) ? 2 : 3))];
    return names[static_cast<std::size_t>(s.tags[static_cast<std::size_t>(j)])];
  };
  const auto ii = static_cast<std::ptrdiff_t>(i);
  const std::string_view l1 = tag_at(ii - 1), l2 = tag_at(ii - 2), r1 = tag_at(ii + 1), r2 = tag_at(ii + 2);
  const auto& w = s.words[i];
  const std::string_view word = std::string_view(s.arena).substr(w.norm_off, w.norm_len);
  const std::string_view suf3 = word.substr(word.size() - std::min<std::size_t>(3, word.size()));
  auto& f = s.current;
  f.push_back(feature_hash(kL1, l1));
  f.push_back(feature_hash(kL2, l2));
  f.push_back(feature_hash(kL1L2, l1, l2));
  f.push_back(feature_hash(kL1W, l1, word));
  f.push_back(feature_hash(kL1Suf3, l1, suf3));
  f.push_back(feature_hash(kR1, r1));
  f.push_back(feature_hash(kR2, r2));
  f.push_back(feature_hash(kR1R2, r1, r2));
  f.push_back(feature_hash(kL1R1, l1, r1));
  f.push_back(feature_hash(kR1W, r1, word));
  f.push_back(feature_hash(kR1Suf3, r1, suf3));
  f.push_back(feature_hash(kR2W, r2, word));
  // Tag triples and tag pair + word: feature_hash takes two parts, so the first two
  // are hashed into one.
  const std::uint64_t h21 = feature_hash(kL2L1R1, l2, l1), h12 = feature_hash(kL1R1R2, r1, r2),
                      h11 = feature_hash(kL1R1W, l1, r1);
  f.push_back(feature_hash(kL2L1R1, hash_bytes(h21), r1));
  f.push_back(feature_hash(kL1R1R2, l1, hash_bytes(h12)));
  f.push_back(feature_hash(kL1R1W, hash_bytes(h11), word));
  if (!clusters.empty()) {
    const std::uint32_t c = WordClusters::prefix(w.cluster, 8);
    f.push_back(feature_hash(kL1Clus, l1, code_bytes(c)));
    f.push_back(feature_hash(kR1Clus, r1, code_bytes(c)));
  }
  return f;
}

void Tagger::Impl::first_pass(Scratch& s, const CompactWeights& m) const {
  prepare(s);
  const std::size_t n = s.forms.size();
  s.tags.resize(n);
  s.margin.resize(n);
  int p1 = classes(), p2 = classes() + 1;
  for (std::size_t i = 0; i < n; ++i) {
    int c = s.dict[i];  // dictionary words are final
    s.margin[i] = std::numeric_limits<float>::infinity();
    if (c < 0) c = m.predict(features(s, i, p1, p2), &s.margin[i]);
    s.tags[i] = c;
    p2 = p1;
    p1 = c;
  }
}

void Tagger::Impl::tag(Scratch& s, bool second_pass) const {
  first_pass(s, model);
  if (!second_pass || model2.empty()) return;
  // In place, left to right: the tags left of i are already final.
  for (std::size_t i = 0; i < s.tags.size(); ++i)
    if (s.margin[i] < retag_below) s.tags[i] = model2.predict(features2(s, i));
}

namespace {

// Deterministic on every platform, unlike std::shuffle.
void shuffle(std::vector<std::size_t>& v, std::mt19937_64& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
}

std::string percent(std::size_t a, std::size_t b) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", b == 0 ? 0.0 : 100.0 * static_cast<double>(a) / static_cast<double>(b));
  return buf;
}

}  // namespace

Perceptron Tagger::Impl::train_perceptron(const std::vector<ConlluSentence>& sents,
                                          const std::vector<std::vector<int>>& gold,
                                          const std::vector<std::size_t>& subset, int epochs, std::uint64_t seed,
                                          std::vector<std::uint64_t>& keys,
                                          const std::function<void(const std::string&)>& log,
                                          const std::vector<std::vector<int>>* first) const {
  Perceptron learner(classes());
  std::vector<std::size_t> idx = subset;
  std::mt19937_64 rng(seed);
  Scratch& s = scratch();
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    shuffle(idx, rng);
    std::size_t correct = 0, total = 0;
    for (std::size_t si : idx) {
      const auto& toks = sents[si].tokens;
      s.forms.clear();
      for (const auto& t : toks) s.forms.emplace_back(t.form);
      prepare(s);
      if (first != nullptr) s.tags = (*first)[si];
      int p1 = classes(), p2 = classes() + 1;
      for (std::size_t i = 0; i < toks.size(); ++i) {
        int guess = s.dict[i];
        if (guess < 0) {
          const auto feats = first != nullptr ? features2(s, i) : features(s, i, p1, p2);
          guess = learner.predict(feats);
          if (guess != gold[si][i]) {
            learner.update(feats, gold[si][i], guess);
            keys.insert(keys.end(), feats.begin(), feats.end());
          }
          learner.tick();
        }
        correct += guess == gold[si][i];
        ++total;
        if (first != nullptr) s.tags[i] = guess;
        p2 = p1;
        p1 = guess;
      }
    }
    log("epoch " + std::to_string(epoch) + ": training accuracy " + percent(correct, total) + ", " +
        std::to_string(learner.features()) + " features");
    if (keys.size() > 4 * learner.features()) {
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    }
  }
  learner.finalize();
  return learner;
}

Tagger Tagger::train(const TrainOptions& opts) {
  const std::function<void(const std::string&)> log = [&](const std::string& line) {
    if (opts.log != nullptr) *opts.log << line << std::endl;
  };
  const auto t0 = std::chrono::steady_clock::now();
  // Several training files may be given, separated by commas.
  std::vector<ConlluSentence> sents;
  {
    std::string_view paths = opts.train_path;
    while (!paths.empty()) {
      const std::size_t comma = paths.find(',');
      const std::string path(paths.substr(0, comma));
      auto part = read_conllu(path);
      log("read " + std::to_string(part.size()) + " sentences from " + path);
      for (auto& s : part) sents.push_back(std::move(s));
      paths = comma == std::string_view::npos ? std::string_view() : paths.substr(comma + 1);
    }
  }
  if (sents.empty()) throw Error(ErrorKind::Input, "no training sentences", {opts.train_path});

  auto impl = std::make_shared<Impl>();
  impl->lexicon = Lexicon::from_files(kWordnetDir, kWordList, log);
  if (opts.clusters_path != "-") {
    const std::string path = opts.clusters_path.empty() ? default_models_dir() + "/clusters.ngm" : opts.clusters_path;
    impl->clusters = WordClusters::load(path);
    log("word clusters: " + std::to_string(impl->clusters.size()) + " words from " + path);
  }

  // Classes: UPOS/XPOS pairs. XPOS alone does not determine UPOS (VBZ is VERB or AUX,
  // IN is ADP or SCONJ), so one joint decision keeps the two tags consistent.
  std::map<std::pair<std::string, std::string>, std::uint32_t> pair_count;
  for (const auto& s : sents)
    for (const auto& t : s.tokens) ++pair_count[{t.upos, t.xpos}];
  std::map<std::pair<std::string, std::string>, int> class_of;
  // A pair is kept when frequent, or when it is the commonest pair of its XPOS (so a
  // small corpus keeps every XPOS).
  std::map<std::string, std::uint32_t> xpos_best;
  for (const auto& [p, n] : pair_count) xpos_best[p.second] = std::max(xpos_best[p.second], n);
  for (const auto& [p, n] : pair_count) {
    if ((n < kMinClassCount && n < xpos_best[p.second]) || p.first.empty()) continue;
    class_of[p] = impl->classes();
    impl->upos.push_back(p.first);
    impl->xpos.push_back(p.second);
  }
  if (impl->upos.empty() || impl->upos.size() > 60000)
    throw Error(ErrorKind::Input, "training data has no usable UPOS/XPOS pairs", {opts.train_path});
  // A rare pair becomes the most frequent kept pair sharing its XPOS, else its UPOS.
  auto fold = [&](const std::pair<std::string, std::string>& p) {
    if (auto it = class_of.find(p); it != class_of.end()) return it->second;
    int best = 0;
    std::uint32_t best_n = 0;
    for (int pass = 0; pass < 2 && best_n == 0; ++pass)
      for (const auto& [q, c] : class_of)
        if ((pass == 0 ? q.second == p.second : q.first == p.first) && pair_count[q] > best_n) {
          best = c;
          best_n = pair_count[q];
        }
    return best;
  };
  std::vector<std::vector<int>> gold(sents.size());
  for (std::size_t i = 0; i < sents.size(); ++i)
    for (const auto& t : sents[i].tokens) gold[i].push_back(fold({t.upos, t.xpos}));
  impl->make_names();
  log(std::to_string(impl->classes()) + " UPOS/XPOS classes");

  // Tag dictionary: frequent words seen (almost) always with one class skip the model.
  {
    std::unordered_map<std::string, std::map<int, std::uint32_t>> seen;
    for (std::size_t i = 0; i < sents.size(); ++i)
      for (std::size_t k = 0; k < sents[i].tokens.size(); ++k) ++seen[sents[i].tokens[k].form][gold[i][k]];
    for (const auto& [form, counts] : seen) {
      std::uint32_t total = 0, best_n = 0;
      int best = 0;
      for (const auto& [c, n] : counts) {
        total += n;
        if (n > best_n) { best = c; best_n = n; }
      }
      if (total >= kDictMinCount && static_cast<double>(best_n) >= kDictMinPurity * total)
        impl->tagdict.insert(feature_hash(kDictKey, form), static_cast<std::uint32_t>(best));
    }
    log(std::to_string(impl->tagdict.size()) + " words in the tag dictionary");
  }

  // Lemmatiser.
  for (const auto& s : sents)
    for (const auto& t : s.tokens) impl->lemmatizer.add(t.form, t.upos, t.xpos, t.lemma);
  impl->lemmatizer.build();
  log(std::to_string(impl->lemmatizer.rule_count()) + " lemma rules, " +
      std::to_string(impl->lemmatizer.exception_count()) + " lemma exceptions");

  const int epochs = opts.epochs > 0 ? opts.epochs : kDefaultEpochs;
  const std::function<void(const std::string&)> quiet = [](const std::string&) {};
  std::vector<std::size_t> all(sents.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  // The second pass must learn from first-pass tags with the errors the first pass
  // makes on unseen text, so each training sentence gets the tags of a first pass
  // trained without its fold. Folds are contiguous blocks, so that a document's names
  // are mostly unseen by the model that tags them, as in real use.
  std::vector<std::vector<int>> first(sents.size());
  {
    Scratch& s = scratch();
    std::size_t right = 0, total = 0;
    for (std::size_t k = 0; k < kFolds; ++k) {
      std::vector<std::size_t> in, out;
      for (std::size_t i = 0; i < sents.size(); ++i) (i * kFolds / sents.size() == k ? out : in).push_back(i);
      std::vector<std::uint64_t> keys;
      const Perceptron p = impl->train_perceptron(sents, gold, in, epochs, opts.seed + k + 1, keys, quiet);
      const CompactWeights held(p, std::move(keys), kPrune);
      for (std::size_t si : out) {
        s.forms.clear();
        for (const auto& t : sents[si].tokens) s.forms.emplace_back(t.form);
        impl->first_pass(s, held);
        first[si] = s.tags;
        for (std::size_t i = 0; i < s.tags.size(); ++i) right += s.tags[i] == gold[si][i];
        total += s.tags.size();
      }
      log("jackknife fold " + std::to_string(k + 1) + "/" + std::to_string(kFolds) + " tagged");
    }
    log("jackknifed first-pass accuracy " + percent(right, total));
  }
  {
    std::vector<std::uint64_t> keys;
    const Perceptron p = impl->train_perceptron(sents, gold, all, epochs, opts.seed, keys, log);
    impl->model = CompactWeights(p, std::move(keys), kPrune);
    log("first pass: " + std::to_string(impl->model.features()) + " features, " +
        std::to_string(impl->model.weights()) + " weights after pruning (largest weight " +
        std::to_string(impl->model.max_weight()) + ")");
  }
  {
    std::vector<std::uint64_t> keys;
    const Perceptron p = impl->train_perceptron(sents, gold, all, epochs, opts.seed, keys, log, &first);
    impl->model2 = CompactWeights(p, std::move(keys), kPrune);
    impl->retag_below = kRetagBelow * impl->model.max_weight();
    log("second pass: " + std::to_string(impl->model2.features()) + " features, " +
        std::to_string(impl->model2.weights()) + " weights after pruning (largest weight " +
        std::to_string(impl->model2.max_weight()) + ")");
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log("trained in " + std::to_string(static_cast<int>(secs)) + " s");

  Tagger tagger;
  tagger.impl_ = std::move(impl);
  if (!opts.output_path.empty()) {
    tagger.save(opts.output_path);
    log("wrote " + opts.output_path);
  }
  if (!opts.dev_path.empty()) log(tagger.evaluate(opts.dev_path));
  return tagger;
}

void Tagger::save(const std::string& path) const {
  if (!impl_) throw Error(ErrorKind::Usage, "saving an empty tagger", {path});
  const Impl& m = *impl_;
  ModelWriter w("pos", kPayloadVersion, fingerprint(m.clusters));
  w.put_strings(m.upos);
  w.put_strings(m.xpos);
  const auto dict = m.tagdict.sorted();
  w.put<std::uint64_t>(dict.size());
  for (const auto& [k, c] : dict) {
    w.put<std::uint64_t>(k);
    w.put<std::uint16_t>(static_cast<std::uint16_t>(c));
  }
  m.model.save(w);
  w.put<float>(m.retag_below);
  m.model2.save(w);
  m.lemmatizer.save(w);
  m.lexicon.save(w);
  m.clusters.save(w);
  w.save(path);
}

Tagger Tagger::load(const std::string& path) {
  // The fingerprint depends on the embedded cluster table, so it is checked after it is read.
  ModelReader r(path, "pos", kPayloadVersion, 0);
  auto impl = std::make_shared<Impl>();
  impl->upos = r.get_strings();
  impl->xpos = r.get_strings();
  if (impl->upos.empty() || impl->upos.size() != impl->xpos.size() || impl->upos.size() > 60000)
    r.fail("bad tag set in pos model");
  const auto n = r.get<std::uint64_t>();
  if (n > 10'000'000) r.fail("bad tag dictionary size in pos model");
  impl->tagdict.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto k = r.get<std::uint64_t>();
    const auto c = r.get<std::uint16_t>();
    if (c >= impl->upos.size() || k == 0) r.fail("bad entry in pos tag dictionary");
    impl->tagdict.insert(k, c);
  }
  impl->model = CompactWeights::load(r);
  if (impl->model.classes() != impl->classes()) r.fail("pos perceptron does not match the tag set");
  impl->retag_below = r.get<float>();
  if (!(impl->retag_below >= 0)) r.fail("bad second-pass threshold in pos model");
  impl->model2 = CompactWeights::load(r);
  if (impl->model2.classes() != impl->classes()) r.fail("second-pass pos perceptron does not match the tag set");
  impl->lemmatizer = Lemmatizer::load(r);
  impl->lexicon = Lexicon::load(r);
  impl->clusters = WordClusters::load(r);
  r.expect_end();
  if (r.fingerprint() != fingerprint(impl->clusters))
    r.fail("model was trained with different features or word clusters (fingerprint mismatch); retrain it");
  impl->make_names();
  Tagger t;
  t.impl_ = std::move(impl);
  return t;
}

void Tagger::run(AnnotatedDocument& doc) const { run(doc, true); }

void Tagger::run_first_pass(AnnotatedDocument& doc) const { run(doc, false); }

void Tagger::run(AnnotatedDocument& doc, bool second_pass) const {
  if (!impl_) throw Error(ErrorKind::Internal, "pos tagger used before load()");
  const Impl& m = *impl_;
  Scratch& s = scratch();
  auto tag_range = [&](std::size_t begin, std::size_t end) {
    s.forms.clear();
    for (std::size_t i = begin; i < end; ++i) s.forms.emplace_back(doc.tokens[i].form);
    m.tag(s, second_pass);
    for (std::size_t i = begin; i < end; ++i) {
      Token& t = doc.tokens[i];
      const auto c = static_cast<std::size_t>(s.tags[i - begin]);
      t.upos = m.upos[c];
      t.xpos = m.xpos[c];
    }
    bool initial = true;  // no word yet, only punctuation such as an opening quote
    for (std::size_t i = begin; i < end; ++i) {
      Token& t = doc.tokens[i];
      t.lemma = m.lemmatizer.lemma(t.form, t.upos, t.xpos, initial);
      initial = initial && t.upos == "PUNCT";
    }
  };
  if (doc.sentences.empty()) {
    tag_range(0, doc.tokens.size());
    return;
  }
  for (const Sentence& sent : doc.sentences) {
    if (sent.token_begin > sent.token_end || sent.token_end > doc.tokens.size())
      throw Error(ErrorKind::Internal, "sentence token range out of bounds in document " + doc.doc.id);
    tag_range(sent.token_begin, sent.token_end);
  }
}

std::string Tagger::evaluate(const std::string& gold_path) const {
  if (!impl_) throw Error(ErrorKind::Internal, "pos tagger used before load()");
  const auto sents = read_conllu(gold_path);
  std::size_t n = 0, upos = 0, xpos = 0, both = 0, lemma = 0, lemma_n = 0, upos1 = 0;
  AnnotatedDocument doc, doc1;
  for (const auto& gs : sents) {
    doc.tokens.clear();
    doc.sentences.clear();
    for (const auto& t : gs.tokens) {
      Token copy;
      copy.form = t.form;
      doc.tokens.push_back(std::move(copy));
    }
    doc1 = doc;
    run(doc);
    run_first_pass(doc1);
    for (std::size_t i = 0; i < gs.tokens.size(); ++i) {
      const Token& g = gs.tokens[i];
      const Token& p = doc.tokens[i];
      ++n;
      upos1 += doc1.tokens[i].upos == g.upos;
      upos += p.upos == g.upos;
      xpos += p.xpos == g.xpos;
      both += p.upos == g.upos && p.xpos == g.xpos;
      if (!g.lemma.empty()) {
        ++lemma_n;
        lemma += p.lemma == g.lemma;
      }
    }
  }
  std::ostringstream out;
  out << "pos evaluation of " << gold_path << ": " << n << " tokens, " << sents.size() << " sentences\n"
      << "  UPOS       " << percent(upos, n) << "\n"
      << "  XPOS       " << percent(xpos, n) << "\n"
      << "  UPOS+XPOS  " << percent(both, n) << "\n"
      << "  lemma      " << percent(lemma, lemma_n) << " (of " << lemma_n << " tokens with a gold lemma)\n"
      << "  UPOS of the first pass alone " << percent(upos1, n) << "\n";
  return out.str();
}

}  // namespace newsgraph
