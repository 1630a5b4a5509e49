#include "extract/lemmatizer.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "extract/model_file.hpp"
#include "extract/perceptron.hpp"

namespace newsgraph {
namespace {

// Feature-hash template ids, private to the lemmatiser's tables.
constexpr std::uint32_t kRuleKey = 0x4c454d31;       // "LEM1"
constexpr std::uint32_t kExceptionKey = 0x4c454d32;  // "LEM2"
// Longest suffix a rule may look at, and how many distinct training words must
// support a rule: a rule from one word is memorisation, which the table does better.
constexpr std::size_t kMaxSuffix = 7;
constexpr std::uint32_t kMinRuleSupport = 2;

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

// Majority key of a count map; ties go to the smallest key so that the result
// does not depend on hash-map iteration order.
template <class Map>
const typename Map::key_type& majority(const Map& counts) {
  const typename Map::key_type* best = nullptr;
  std::uint32_t best_n = 0;
  for (const auto& [k, n] : counts) {
    if (best == nullptr || n > best_n || (n == best_n && k < *best)) {
      best = &k;
      best_n = n;
    }
  }
  return *best;
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

void normalize_word(std::string_view form, std::string& out) {
  for (std::size_t i = 0; i < form.size(); ++i) {
    const char c = form[i];
    // U+2018/U+2019 (E2 80 98/99) and U+201C/U+201D (E2 80 9C/9D): news text uses
    // typographic quotes where the treebanks mostly have ASCII ones.
    if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < form.size() &&
        static_cast<unsigned char>(form[i + 1]) == 0x80) {
      const auto c2 = static_cast<unsigned char>(form[i + 2]);
      if (c2 == 0x98 || c2 == 0x99) { out.push_back('\''); i += 2; continue; }
      if (c2 == 0x9C || c2 == 0x9D) { out.push_back('"'); i += 2; continue; }
    }
    out.push_back(is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c);
  }
}

void Lemmatizer::add(std::string_view form, std::string_view upos, std::string_view xpos, std::string_view lemma) {
  if (lemma.empty() || form.empty()) return;
  std::string lower;
  normalize_word(form, lower);
  std::string key;
  key.reserve(xpos.size() + 1 + lower.size());
  key.append(xpos).push_back('\t');
  key.append(lower);
  Seen& s = seen_[key];
  if (s.lower.empty()) {
    s.xpos = std::string(xpos);
    s.lower = lower;
  }
  ++s.lemmas[std::string(lemma)];
  ++s.upos[std::string(upos)];
}

const Lemmatizer::Rule* Lemmatizer::find_rule(std::string_view xpos, std::string_view lower) const {
  const std::size_t longest = std::min(lower.size(), kMaxSuffix);
  for (std::size_t k = longest + 1; k-- > 0;) {
    const std::uint32_t* r = rule_index_.find(feature_hash(kRuleKey, xpos, lower.substr(lower.size() - k)));
    if (r != nullptr && rules_[*r].strip <= lower.size()) return &rules_[*r];
  }
  return nullptr;
}

std::string Lemmatizer::by_rules(std::string_view form, std::string_view lower, std::string_view upos,
                                 std::string_view xpos, bool sentence_initial) const {
  const Rule* r = find_rule(xpos, lower);
  // Which spelling the rule rewrites decides the lemma's case. UD English lower-cases
  // common words but keeps proper nouns, proper adjectives ("American") and acronyms.
  bool keep_case = false;
  if (form.size() == lower.size() && form != lower) {
    const bool all_caps = std::none_of(form.begin(), form.end(), is_lower) && form.size() > 1;
    const bool title = is_upper(form[0]) && std::none_of(form.begin() + 1, form.end(), is_upper);
    if (upos == "PROPN" || xpos == "NNP" || xpos == "NNPS") keep_case = true;
    else if (all_caps) keep_case = upos == "NOUN" || upos == "NUM" || upos == "SYM" || upos == "X";
    else if (title) keep_case = !sentence_initial && upos == "ADJ";
    else keep_case = true;  // mixed case such as "iPhone" or "McDonald"
  }
  const std::string_view base = keep_case ? form : lower;
  if (r == nullptr) return std::string(base);
  std::string out(base.substr(0, base.size() - r->strip));
  out += r->append;
  return out;
}

std::string Lemmatizer::lemma(std::string_view form, std::string_view upos, std::string_view xpos,
                              bool sentence_initial) const {
  thread_local std::string lower;
  lower.clear();
  normalize_word(form, lower);
  const std::uint32_t* e = exception_index_.find(feature_hash(kExceptionKey, xpos, lower));
  if (upos == "PROPN") {
    // A proper noun is its own lemma, unless training showed a real rewrite
    // ("Sept." -> "September", "Americans" -> "American"), not just a case change.
    if (e != nullptr && to_lower_ascii(exceptions_[*e]) != lower) return exceptions_[*e];
    if (xpos != "NNPS") return std::string(form);
    return by_rules(form, lower, upos, xpos, sentence_initial);
  }
  if (e != nullptr) return exceptions_[*e];
  return by_rules(form, lower, upos, xpos, sentence_initial);
}

void Lemmatizer::build() {
  // Deterministic order over the training words.
  std::vector<const Seen*> words;
  words.reserve(seen_.size());
  for (const auto& [k, s] : seen_) words.push_back(&s);
  std::sort(words.begin(), words.end(), [](const Seen* a, const Seen* b) {
    return std::tie(a->xpos, a->lower) < std::tie(b->xpos, b->lower);
  });

  // 1. Suffix rules, counted over word types (each distinct form+XPOS once) because
  //    they serve unseen, hence rare, words; frequent irregular words would skew them.
  //    (xpos, suffix) -> (strip, append) -> types
  std::map<std::pair<std::string, std::string>, std::map<std::pair<std::uint8_t, std::string>, std::uint32_t>> counts;
  for (const Seen* s : words) {
    const std::string lemma_lower = to_lower_ascii(majority(s->lemmas));
    const std::string& lower = s->lower;
    std::size_t cp = 0;
    while (cp < lower.size() && cp < lemma_lower.size() && lower[cp] == lemma_lower[cp]) ++cp;
    const std::size_t strip = lower.size() - cp;
    if (strip > 255) continue;
    const std::string append = lemma_lower.substr(cp);
    for (std::size_t k = strip; k <= std::min(lower.size(), kMaxSuffix); ++k)
      ++counts[{s->xpos, lower.substr(lower.size() - k)}][{static_cast<std::uint8_t>(strip), append}];
  }
  // Keep a rule only where it changes the answer of the next shorter suffix; walk
  // suffixes shortest first so "the next shorter" is already final.
  std::vector<std::tuple<std::size_t, std::string, std::string>> order;
  for (const auto& [key, c] : counts) order.emplace_back(key.second.size(), key.first, key.second);
  std::sort(order.begin(), order.end());
  for (const auto& [k, xpos, suffix] : order) {
    const auto& c = counts[{xpos, suffix}];
    std::uint32_t total = 0;
    for (const auto& [t, n] : c) total += n;
    if (total < kMinRuleSupport) continue;
    const auto& best = majority(c);
    const Rule* parent = k == 0 ? nullptr : find_rule(xpos, std::string_view(suffix).substr(1));
    const bool same_as_parent = parent != nullptr ? (parent->strip == best.first && parent->append == best.second)
                                                  : (best.first == 0 && best.second.empty());
    if (same_as_parent) continue;
    add_rule(feature_hash(kRuleKey, xpos, suffix), Rule{best.first, best.second});
  }

  // 2. Seen words whose majority lemma the rules (or the proper-noun rule) miss.
  for (const Seen* s : words) {
    const std::string& lemma = majority(s->lemmas);
    const std::string& upos = majority(s->upos);
    std::string predicted;
    if (upos == "PROPN" && s->xpos != "NNPS") predicted = s->lower;
    else predicted = by_rules(s->lower, s->lower, upos, s->xpos, false);
    const bool ok = upos == "PROPN" ? to_lower_ascii(lemma) == to_lower_ascii(predicted) : lemma == predicted;
    if (!ok) add_exception(feature_hash(kExceptionKey, s->xpos, s->lower), lemma);
  }
  seen_.clear();
}

void Lemmatizer::add_rule(std::uint64_t key, Rule r) {
  rule_index_.insert(key, static_cast<std::uint32_t>(rules_.size()));
  rules_.push_back(std::move(r));
}

void Lemmatizer::add_exception(std::uint64_t key, std::string lemma) {
  exception_index_.insert(key, static_cast<std::uint32_t>(exceptions_.size()));
  exceptions_.push_back(std::move(lemma));
}

void Lemmatizer::save(ModelWriter& w) const {
  // Sorted by key so that the file is byte-identical for identical training.
  const auto rules = rule_index_.sorted();
  w.put<std::uint64_t>(rules.size());
  for (const auto& [k, i] : rules) {
    w.put<std::uint64_t>(k);
    w.put<std::uint8_t>(rules_[i].strip);
    w.put_string(rules_[i].append);
  }
  const auto exceptions = exception_index_.sorted();
  w.put<std::uint64_t>(exceptions.size());
  for (const auto& [k, i] : exceptions) {
    w.put<std::uint64_t>(k);
    w.put_string(exceptions_[i]);
  }
}

Lemmatizer Lemmatizer::load(ModelReader& r) {
  Lemmatizer l;
  const auto n_rules = r.get<std::uint64_t>();
  if (n_rules > 10'000'000) r.fail("bad lemma rule count");
  l.rule_index_.reserve(n_rules);
  for (std::uint64_t i = 0; i < n_rules; ++i) {
    const auto k = r.get<std::uint64_t>();
    Rule rule;
    rule.strip = r.get<std::uint8_t>();
    rule.append = r.get_string();
    if (k == 0) r.fail("bad lemma rule key");
    l.add_rule(k, std::move(rule));
  }
  const auto n_exc = r.get<std::uint64_t>();
  if (n_exc > 10'000'000) r.fail("bad lemma exception count");
  l.exception_index_.reserve(n_exc);
  for (std::uint64_t i = 0; i < n_exc; ++i) {
    const auto k = r.get<std::uint64_t>();
    if (k == 0) r.fail("bad lemma exception key");
    l.add_exception(k, r.get_string());
  }
  return l;
}

}  // namespace newsgraph
