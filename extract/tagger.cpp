#include "extract/tagger.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <random>
#include <span>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/conllu.hpp"
#include "extract/lemmatizer.hpp"
#include "extract/model_file.hpp"
#include "graph/error.hpp"

namespace newsgraph {
namespace {

constexpr std::uint32_t kPayloadVersion = 1;
// Names every feature template and normalisation below; change it whenever they
// change so that a model trained with other features is refused, not misread.
constexpr std::string_view kFeatureVersion =
    "pos-v1;joint-upos-xpos;norm=ascii-lower+typographic-quotes+digits0;"
    "word,suf1-4,pre1-4,shape,shortshape,flags,w-2..w+2,suf3(w-1),suf3(w+1),shape(w+1),w-1w,ww+1;"
    "t-1,t-2,t-1t-2,t-1w,t-1suf3;tagdict=exact-form";
constexpr int kDefaultEpochs = 10;
constexpr std::uint32_t kMinClassCount = 10;   // rarer UPOS/XPOS pairs fold into a neighbour
constexpr std::uint32_t kDictMinCount = 20;    // tag dictionary: frequent...
constexpr double kDictMinPurity = 0.995;       // ...and (almost) unambiguous words
constexpr float kPrune = 1.0f;                 // |averaged weight| below this is noise

// Feature template ids (part of kFeatureVersion).
enum Tmpl : std::uint32_t {
  kBias = 1, kWord, kSuf1, kSuf2, kSuf3, kSuf4, kPre1, kPre2, kPre3, kPre4, kShape, kShortShape,
  kFlags, kWm1, kWm2, kWp1, kWp2, kSuf3m1, kSuf3p1, kShapep1, kWm1W, kWWp1,
  kT1, kT2, kT1T2, kT1W, kT1Suf3,
  kDictKey = 100
};

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::uint64_t fingerprint() { return fnv1a64(kFeatureVersion); }

// Per-thread working memory: tagging allocates nothing once these have grown.
struct Scratch {
  std::string arena;  // normalised words and shapes of the current sentence
  struct Word {
    std::uint32_t norm_off, norm_len, shape_off, shape_len, short_off, short_len;
    std::uint8_t flags;
  };
  std::vector<Word> words;
  std::vector<std::uint64_t> feats;      // static features of all words, back to back
  std::vector<std::uint32_t> feat_begin; // words.size() + 1 offsets into feats
  std::vector<std::uint64_t> current;    // static + dynamic features of one word
  std::vector<int> tags;
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
  // `keys` lists every feature the perceptron may know (duplicates allowed).
  CompactWeights(const Perceptron& p, std::vector<std::uint64_t> keys, float prune) : classes_(p.classes()) {
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
      if (pass == 0) scale_ = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
    }
    begin_.push_back(static_cast<std::uint32_t>(cls_.size()));
    index();
  }

  int classes() const { return classes_; }
  std::size_t features() const { return keys_.size(); }
  std::size_t weights() const { return w_.size(); }

  // Highest-scoring class; ties go to the lower class index.
  int predict(std::span<const std::uint64_t> feats) const {
    thread_local std::vector<std::int32_t> scores;
    thread_local std::vector<const Slot*> found;
    scores.assign(static_cast<std::size_t>(classes_), 0);
    const std::size_t mask = slots_.size() - 1;
    // Table lookups are cache misses; touching every feature's slot first lets the
    // CPU wait for all of them at once instead of one after another.
    for (std::uint64_t f : feats) __builtin_prefetch(&slots_[f & mask]);
    found.clear();
    for (std::uint64_t f : feats) {
      for (std::size_t i = f & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.key == f) {
          __builtin_prefetch(&entries_[slot.begin]);
          found.push_back(&slot);
          break;
        }
        if (slot.key == 0) break;
      }
    }
    for (const Slot* slot : found)
      for (std::uint32_t e = slot->begin; e < slot->end; ++e) scores[entries_[e].cls] += entries_[e].w;
    return static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
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
    m.keys_ = r.get_vector<std::uint64_t>();
    m.begin_ = r.get_vector<std::uint32_t>();
    m.cls_ = r.get_vector<std::uint8_t>();
    m.w_ = r.get_vector<std::int16_t>();
    if (m.begin_.size() != m.keys_.size() + 1 || m.cls_.size() != m.w_.size() || m.begin_.front() != 0 ||
        m.begin_.back() != m.cls_.size() || !std::is_sorted(m.begin_.begin(), m.begin_.end()) ||
        !std::is_sorted(m.keys_.begin(), m.keys_.end()))
      r.fail("inconsistent pos weight table");
    for (std::uint8_t c : m.cls_)
      if (c >= m.classes_) r.fail("bad class in pos weight table");
    m.index();
    return m;
  }

 private:
  struct Slot {
    std::uint64_t key;  // 0 = free (feature_hash never returns 0)
    std::uint32_t begin, end;
  };
  struct Entry {
    std::int16_t w;
    std::uint8_t cls;
  };
  void index() {
    std::size_t cap = 16;
    while (cap < keys_.size() * 2) cap *= 2;  // load factor <= 0.5
    slots_.assign(cap, Slot{0, 0, 0});
    const std::size_t mask = cap - 1;
    for (std::size_t row = 0; row < keys_.size(); ++row) {
      std::size_t i = keys_[row] & mask;
      while (slots_[i].key != 0) i = (i + 1) & mask;
      slots_[i] = Slot{keys_[row], begin_[row], begin_[row + 1]};
    }
    entries_.resize(w_.size());
    for (std::size_t e = 0; e < w_.size(); ++e) entries_[e] = Entry{w_[e], cls_[e]};
  }

  int classes_ = 0;
  float scale_ = 1.0f;
  std::vector<std::uint64_t> keys_;   // sorted feature hashes
  std::vector<std::uint32_t> begin_;  // keys_.size() + 1 offsets into cls_/w_
  std::vector<std::uint8_t> cls_;
  std::vector<std::int16_t> w_;
  std::vector<Slot> slots_;       // open addressing over keys_, for lookups
  std::vector<Entry> entries_;    // cls_ and w_ interleaved, for lookups
};

}  // namespace

struct Tagger::Impl {
  std::vector<std::string> upos, xpos;  // per class
  std::vector<std::string> names;       // per class, plus two start symbols, for hashing
  CompactWeights model;
  std::unordered_map<std::uint64_t, std::uint16_t> tagdict;  // hash of exact form -> class
  Lemmatizer lemmatizer;

  int classes() const { return static_cast<int>(upos.size()); }
  void make_names() {
    names.clear();
    for (std::size_t c = 0; c < upos.size(); ++c) names.push_back(upos[c] + " " + xpos[c]);
    names.emplace_back("-START-");
    names.emplace_back("-START2-");
  }

  // Fills s.words / s.feats for the sentence in s.forms.
  void prepare(Scratch& s) const;
  // Dynamic features for word i given the two previous tags; returns the feature list.
  std::span<const std::uint64_t> features(Scratch& s, std::size_t i, int p1, int p2) const;
  int dict_lookup(std::string_view form) const {
    if (tagdict.empty()) return -1;
    const auto it = tagdict.find(feature_hash(kDictKey, form));
    return it == tagdict.end() ? -1 : it->second;
  }
  // Tags s.forms into s.tags with `model` (a Perceptron while training).
  template <class Model>
  void tag(Scratch& s, const Model& m) const;
};

void Tagger::Impl::prepare(Scratch& s) const {
  const std::size_t n = s.forms.size();
  s.words.resize(n);
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
    f.push_back(feature_hash(kWm1W, wm1, word));
    f.push_back(feature_hash(kWWp1, word, wp1));
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
  return s.current;
}

template <class Model>
void Tagger::Impl::tag(Scratch& s, const Model& m) const {
  prepare(s);
  const std::size_t n = s.forms.size();
  s.tags.resize(n);
  int p1 = classes(), p2 = classes() + 1;
  for (std::size_t i = 0; i < n; ++i) {
    int c = dict_lookup(s.forms[i]);
    if (c < 0) c = m.predict(features(s, i, p1, p2));
    s.tags[i] = c;
    p2 = p1;
    p1 = c;
  }
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

bool all_punct_before(const std::vector<Token>& toks, std::size_t begin, std::size_t i) {
  for (std::size_t k = begin; k < i; ++k)
    if (toks[k].upos != "PUNCT") return false;
  return true;
}

}  // namespace

Tagger Tagger::train(const TrainOptions& opts) {
  auto log = [&](const std::string& line) {
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

  // Classes: UPOS/XPOS pairs. XPOS alone does not determine UPOS (VBZ is VERB or AUX,
  // IN is ADP or SCONJ), so one joint decision keeps the two tags consistent.
  std::map<std::pair<std::string, std::string>, std::uint32_t> pair_count;
  for (const auto& s : sents)
    for (const auto& t : s.tokens) ++pair_count[{t.upos, t.xpos}];
  std::map<std::pair<std::string, std::string>, int> class_of;
  for (const auto& [p, n] : pair_count) {
    if (n < kMinClassCount || p.first.empty()) continue;
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
        impl->tagdict[feature_hash(kDictKey, form)] = static_cast<std::uint16_t>(best);
    }
    log(std::to_string(impl->tagdict.size()) + " words in the tag dictionary");
  }

  // Lemmatiser.
  for (const auto& s : sents)
    for (const auto& t : s.tokens) impl->lemmatizer.add(t.form, t.upos, t.xpos, t.lemma);
  impl->lemmatizer.build();
  log(std::to_string(impl->lemmatizer.rule_count()) + " lemma rules, " +
      std::to_string(impl->lemmatizer.exception_count()) + " lemma exceptions");

  // Perceptron, greedy left to right, learning from its own previous predictions.
  Perceptron model(impl->classes());
  std::vector<std::uint64_t> keys;  // every feature ever updated, for the compact table
  const int epochs = opts.epochs > 0 ? opts.epochs : kDefaultEpochs;
  std::vector<std::size_t> order(sents.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(opts.seed);
  Scratch& s = scratch();
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    shuffle(order, rng);
    std::size_t correct = 0, total = 0;
    for (std::size_t si : order) {
      const auto& toks = sents[si].tokens;
      s.forms.clear();
      for (const auto& t : toks) s.forms.emplace_back(t.form);
      impl->prepare(s);
      int p1 = impl->classes(), p2 = impl->classes() + 1;
      for (std::size_t i = 0; i < toks.size(); ++i) {
        int guess = impl->dict_lookup(s.forms[i]);
        if (guess < 0) {
          const auto feats = impl->features(s, i, p1, p2);
          guess = model.predict(feats);
          if (guess != gold[si][i]) {
            model.update(feats, gold[si][i], guess);
            keys.insert(keys.end(), feats.begin(), feats.end());
          }
          model.tick();
        }
        correct += guess == gold[si][i];
        ++total;
        p2 = p1;
        p1 = guess;
      }
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    log("epoch " + std::to_string(epoch) + ": training accuracy " + percent(correct, total) + ", " +
        std::to_string(model.features()) + " features, " + std::to_string(static_cast<int>(secs)) + " s");
    if (keys.size() > 4 * model.features()) {
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    }
  }
  model.finalize();
  impl->model = CompactWeights(model, std::move(keys), kPrune);
  log(std::to_string(impl->model.features()) + " features, " + std::to_string(impl->model.weights()) +
      " weights after pruning below " + std::to_string(kPrune));

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
  ModelWriter w("pos", kPayloadVersion, fingerprint());
  w.put_strings(m.upos);
  w.put_strings(m.xpos);
  std::vector<std::uint64_t> keys;
  keys.reserve(m.tagdict.size());
  for (const auto& [k, c] : m.tagdict) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  w.put<std::uint64_t>(keys.size());
  for (std::uint64_t k : keys) {
    w.put<std::uint64_t>(k);
    w.put<std::uint16_t>(m.tagdict.at(k));
  }
  m.model.save(w);
  m.lemmatizer.save(w);
  w.save(path);
}

Tagger Tagger::load(const std::string& path) {
  ModelReader r(path, "pos", kPayloadVersion, fingerprint());
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
    if (c >= impl->upos.size()) r.fail("bad class in pos tag dictionary");
    impl->tagdict.emplace(k, c);
  }
  impl->model = CompactWeights::load(r);
  if (impl->model.classes() != impl->classes()) r.fail("pos perceptron does not match the tag set");
  impl->lemmatizer = Lemmatizer::load(r);
  r.expect_end();
  impl->make_names();
  Tagger t;
  t.impl_ = std::move(impl);
  return t;
}

void Tagger::run(AnnotatedDocument& doc) const {
  if (!impl_) throw Error(ErrorKind::Internal, "pos tagger used before load()");
  const Impl& m = *impl_;
  Scratch& s = scratch();
  auto tag_range = [&](std::size_t begin, std::size_t end) {
    s.forms.clear();
    for (std::size_t i = begin; i < end; ++i) s.forms.emplace_back(doc.tokens[i].form);
    m.tag(s, m.model);
    for (std::size_t i = begin; i < end; ++i) {
      Token& t = doc.tokens[i];
      const auto c = static_cast<std::size_t>(s.tags[i - begin]);
      t.upos = m.upos[c];
      t.xpos = m.xpos[c];
    }
    for (std::size_t i = begin; i < end; ++i) {
      Token& t = doc.tokens[i];
      t.lemma = m.lemmatizer.lemma(t.form, t.upos, t.xpos, all_punct_before(doc.tokens, begin, i));
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
  std::size_t n = 0, upos = 0, xpos = 0, both = 0, lemma = 0, lemma_n = 0;
  AnnotatedDocument doc;
  for (const auto& gs : sents) {
    doc.tokens.clear();
    doc.sentences.clear();
    for (const auto& t : gs.tokens) {
      Token copy;
      copy.form = t.form;
      doc.tokens.push_back(std::move(copy));
    }
    run(doc);
    for (std::size_t i = 0; i < gs.tokens.size(); ++i) {
      const Token& g = gs.tokens[i];
      const Token& p = doc.tokens[i];
      ++n;
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
      << "  lemma      " << percent(lemma, lemma_n) << " (of " << lemma_n << " tokens with a gold lemma)\n";
  return out.str();
}

}  // namespace newsgraph
