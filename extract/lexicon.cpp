#include "extract/lexicon.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <functional>
#include <unordered_map>

#include "extract/huge_pages.hpp"
#include "extract/model_file.hpp"
#include "graph/error.hpp"

namespace newsgraph {

namespace {

constexpr std::uint32_t kLexiconPayloadVersion = 2;
constexpr int kClassCount = 17;
// Acronym keys live in their own key space so that "US" never answers for "us".
constexpr char kAcronymMark = '\x01';

const char* const kClassNames[kClassCount] = {
    "Country", "Demonym", "City", "Subdivision", "GivenName", "OrgSuffix", "OrgWord",
    "RoleNoun", "Honorific", "PersonNoun", "Month", "Weekday", "Region", "Group", "Word", "ProperWord",
    "Organisation"};

int class_index(LexClass c) {
  const auto v = static_cast<std::uint32_t>(c);
  for (int i = 0; i < kClassCount; ++i)
    if (v == (1u << i)) return i;
  return -1;
}

bool is_acronym(std::string_view s) {
  if (s.size() < 2 || s.size() > 5) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Writes the normalised form of `phrase` into `out` (cleared first).
template <class Out>
void normalise_into(std::string_view phrase, Out& out) {
  phrase = trim(phrase);
  bool pending_space = false;
  for (std::size_t i = 0; i < phrase.size(); ++i) {
    char ch = phrase[i];
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      pending_space = true;
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    if (ch >= 'A' && ch <= 'Z') {
      ch = static_cast<char>(ch - 'A' + 'a');
    } else if (static_cast<unsigned char>(ch) == 0xE2 && i + 2 < phrase.size() &&
               static_cast<unsigned char>(phrase[i + 1]) == 0x80 && static_cast<unsigned char>(phrase[i + 2]) == 0x99) {
      ch = '\'';
      i += 2;
    }
    out.push_back(ch);
  }
  if (out.size() > 4 && out[0] == 't' && out[1] == 'h' && out[2] == 'e' && out[3] == ' ') out.erase(0, 4);
}

// A fixed buffer that behaves like the part of std::string normalise_into needs,
// so that short lookups do not allocate.
struct SmallBuf {
  char data[128];
  std::size_t n = 0;
  bool overflow = false;
  void push_back(char c) {
    if (n < sizeof data) data[n++] = c;
    else overflow = true;
  }
  std::size_t size() const { return n; }
  char operator[](std::size_t i) const { return data[i]; }
  void erase(std::size_t, std::size_t k) {
    std::copy(data + k, data + n, data);
    n -= k;
  }
  std::string_view view() const { return {data, n}; }
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return static_cast<std::size_t>(fnv1a64(s)); }
};

}  // namespace

struct Lexicon::Data {
  // Entries in insertion order (the serialised order); `index` maps a key to its entry.
  // Keys are stored back to back in one string: loading is then two reads and no
  // per-key allocation. key(i) = blob[offsets[i], offsets[i + 1]).
  std::string blob;
  std::vector<std::uint32_t> offsets{0};
  std::size_t count() const { return offsets.size() - 1; }
  std::string_view key(std::size_t i) const { return std::string_view(blob).substr(offsets[i], offsets[i + 1] - offsets[i]); }
  void push_key(std::string_view k) {
    blob.append(k);
    offsets.push_back(static_cast<std::uint32_t>(blob.size()));
  }
  std::vector<std::uint32_t> classes;
  // Values: parallel arrays, sorted by (entry, class) after building.
  std::vector<std::uint32_t> val_entry;
  std::vector<std::uint32_t> val_class;
  std::vector<std::string> val_text;
  // Open addressing over entry numbers (+1; 0 = empty), probed linearly: one flat
  // array builds in milliseconds at load time, unlike a node-based map.
  BigVector<std::uint32_t> slots;
  BigVector<std::uint32_t> slot_hash;  // low 32 bits of the key hash, to skip most string compares
  // Flattened (country, demonym as written) pairs: each country's first Demonym row.
  std::vector<std::string> demonym_pairs;
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> main_demonym;
  std::uint64_t fingerprint = 0;

  std::int64_t find(std::string_view k) const {
    if (slots.empty()) return -1;
    const std::uint64_t h = fnv1a64(k);
    const auto h32 = static_cast<std::uint32_t>(h);
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(h >> 32) & mask;; i = (i + 1) & mask) {
      const std::uint32_t e = slots[i];
      if (e == 0) return -1;
      if (slot_hash[i] == h32 && key(e - 1) == k) return static_cast<std::int64_t>(e - 1);
    }
  }

  // Rebuilds the derived tables from keys/classes/values.
  void finish() {
    std::size_t cap = 16;
    while (cap < count() * 2) cap *= 2;
    slots.assign(cap, 0);
    slot_hash.assign(cap, 0);
    const std::size_t mask = cap - 1;
    for (std::uint32_t k = 0; k < count(); ++k) {
      const std::uint64_t h = fnv1a64(key(k));
      std::size_t i = static_cast<std::size_t>(h >> 32) & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = k + 1;
      slot_hash[i] = static_cast<std::uint32_t>(h);
    }
    main_demonym.clear();
    for (std::size_t i = 0; i + 1 < demonym_pairs.size(); i += 2) main_demonym.emplace(demonym_pairs[i], demonym_pairs[i + 1]);
    std::uint64_t h = fnv1a64("lexicon");
    for (std::size_t i = 0; i < count(); ++i) {
      h = fnv1a64(key(i), h);
      h = fnv1a64(std::string_view(reinterpret_cast<const char*>(&classes[i]), sizeof(std::uint32_t)), h);
    }
    for (std::size_t i = 0; i < val_text.size(); ++i) {
      const std::uint32_t ec[2] = {val_entry[i], val_class[i]};
      h = fnv1a64(std::string_view(reinterpret_cast<const char*>(ec), sizeof ec), h);
      h = fnv1a64(val_text[i], h);
    }
    for (const auto& s : demonym_pairs) h = fnv1a64(s, h);
    fingerprint = h;
  }

  // Index into val_* of (entry, class), or -1.
  std::int64_t find_value(std::uint32_t entry, std::uint32_t cls) const {
    std::size_t lo = 0, hi = val_entry.size();
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      if (val_entry[mid] < entry || (val_entry[mid] == entry && val_class[mid] < cls)) lo = mid + 1;
      else hi = mid;
    }
    if (lo < val_entry.size() && val_entry[lo] == entry && val_class[lo] == cls) return static_cast<std::int64_t>(lo);
    return -1;
  }
};

std::string_view to_string(LexClass c) {
  const int i = class_index(c);
  return i < 0 ? std::string_view("?") : std::string_view(kClassNames[i]);
}

Lexicon::Lexicon() : d_(std::make_shared<Data>()) {
  auto d = std::const_pointer_cast<Data>(d_);
  d->finish();
}

Lexicon::Lexicon(std::shared_ptr<const Data> d) : d_(std::move(d)) {}

std::string Lexicon::normalise(std::string_view phrase) {
  std::string out;
  normalise_into(phrase, out);
  return out;
}

Lexicon Lexicon::from_tsv(const std::string& tsv_path) {
  std::ifstream in(tsv_path, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, "cannot open lexicon source", ErrorLocation(tsv_path));
  auto d = std::make_shared<Data>();
  struct Val {
    std::uint32_t entry, cls;
    std::string text;
    double rank;
    std::uint64_t row;
  };
  std::vector<Val> vals;
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> idx;
  std::unordered_map<std::string, bool> has_demonym;
  std::string line;
  std::uint64_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> cols;
    std::string_view rest(line);
    for (;;) {
      const auto tab = rest.find('\t');
      cols.push_back(rest.substr(0, tab));
      if (tab == std::string_view::npos) break;
      rest.remove_prefix(tab + 1);
    }
    if (cols.size() < 2 || cols.size() > 4)
      throw Error(ErrorKind::Input, "expected Class<TAB>key<TAB>value[<TAB>rank]", ErrorLocation(tsv_path, lineno));
    int cls = -1;
    for (int i = 0; i < kClassCount; ++i)
      if (cols[0] == kClassNames[i]) cls = i;
    if (cls < 0) throw Error(ErrorKind::Input, "unknown lexicon class '" + std::string(cols[0]) + "'", ErrorLocation(tsv_path, lineno));
    const std::string_view raw = trim(cols[1]);
    if (raw.empty()) throw Error(ErrorKind::Input, "empty key", ErrorLocation(tsv_path, lineno));
    std::string key;
    if (is_acronym(raw)) {
      key.push_back(kAcronymMark);
      key.append(raw);
    } else {
      normalise_into(raw, key);
    }
    if (key.empty()) continue;  // "the" alone
    double rank = 0;
    if (cols.size() == 4 && !cols[3].empty()) {
      const auto r = std::from_chars(cols[3].data(), cols[3].data() + cols[3].size(), rank);
      if (r.ec != std::errc() || r.ptr != cols[3].data() + cols[3].size())
        throw Error(ErrorKind::Input, "bad rank '" + std::string(cols[3]) + "'", ErrorLocation(tsv_path, lineno));
    }
    auto [it, inserted] = idx.emplace(key, static_cast<std::uint32_t>(d->count()));
    if (inserted) {
      d->push_key(key);
      d->classes.push_back(0);
    }
    d->classes[it->second] |= 1u << cls;
    const std::string_view value = cols.size() >= 3 ? trim(cols[2]) : std::string_view();
    if (cls == class_index(LexClass::Demonym) && !value.empty() && has_demonym.emplace(std::string(value), true).second) {
      d->demonym_pairs.emplace_back(value);
      d->demonym_pairs.emplace_back(raw);
    }
    if (!value.empty())
      vals.push_back({it->second, static_cast<std::uint32_t>(cls), std::string(value), rank, lineno});
  }
  // One value per (entry, class): highest rank, then earliest row.
  std::sort(vals.begin(), vals.end(), [](const Val& a, const Val& b) {
    if (a.entry != b.entry) return a.entry < b.entry;
    if (a.cls != b.cls) return a.cls < b.cls;
    if (a.rank != b.rank) return a.rank > b.rank;
    return a.row < b.row;
  });
  for (std::size_t i = 0; i < vals.size(); ++i) {
    if (i > 0 && vals[i].entry == vals[i - 1].entry && vals[i].cls == vals[i - 1].cls) continue;
    d->val_entry.push_back(vals[i].entry);
    d->val_class.push_back(vals[i].cls);
    d->val_text.push_back(vals[i].text);
  }
  d->finish();
  return Lexicon(std::move(d));
}

void Lexicon::save(ModelWriter& w) const {
  w.put_string(d_->blob);
  w.put_vector(d_->offsets);
  w.put_vector(d_->classes);
  w.put_vector(d_->val_entry);
  w.put_vector(d_->val_class);
  w.put_strings(d_->val_text);
  w.put_strings(d_->demonym_pairs);
}

void Lexicon::save(const std::string& path) const {
  ModelWriter w("lexicon", kLexiconPayloadVersion, fingerprint());
  save(w);
  w.save(path);
}

Lexicon Lexicon::load(ModelReader& r) {
  auto d = std::make_shared<Data>();
  d->blob = r.get_string();
  d->offsets = r.get_vector<std::uint32_t>();
  if (d->offsets.empty() || d->offsets.front() != 0 || d->offsets.back() != d->blob.size()) r.fail("bad lexicon key table");
  for (std::size_t i = 1; i < d->offsets.size(); ++i)
    if (d->offsets[i] < d->offsets[i - 1]) r.fail("bad lexicon key table");
  d->classes = r.get_vector<std::uint32_t>();
  d->val_entry = r.get_vector<std::uint32_t>();
  d->val_class = r.get_vector<std::uint32_t>();
  d->val_text = r.get_strings();
  d->demonym_pairs = r.get_strings();
  if (d->classes.size() != d->count() || d->val_class.size() != d->val_entry.size() ||
      d->val_text.size() != d->val_entry.size())
    r.fail("inconsistent lexicon tables");
  if (d->demonym_pairs.size() % 2 != 0) r.fail("odd demonym table");
  for (std::size_t i = 0; i < d->val_entry.size(); ++i) {
    if (d->val_entry[i] >= d->count() || d->val_class[i] >= kClassCount) r.fail("lexicon value out of range");
    if (i > 0 && (d->val_entry[i] < d->val_entry[i - 1] ||
                  (d->val_entry[i] == d->val_entry[i - 1] && d->val_class[i] <= d->val_class[i - 1])))
      r.fail("lexicon values not sorted");
  }
  d->finish();
  return Lexicon(std::move(d));
}

Lexicon Lexicon::load(const std::string& path) {
  ModelReader r(path, "lexicon", kLexiconPayloadVersion, 0);
  Lexicon lex = load(r);
  r.expect_end();
  if (lex.fingerprint() != r.fingerprint()) r.fail("lexicon fingerprint does not match its content");
  return lex;
}

std::uint64_t Lexicon::fingerprint() const { return d_->fingerprint; }
std::size_t Lexicon::size() const { return d_->count(); }

namespace {

// Looks `phrase` up under the acronym key (when it looks like one) and the
// normalised key; calls f(entry) for each hit.
template <class F>
void lookup(const Lexicon::Data& d, std::string_view phrase, F&& f) {
  if (d.count() == 0) return;
  const std::string_view t = trim(phrase);
  if (is_acronym(t)) {
    char buf[8];
    buf[0] = kAcronymMark;
    std::copy(t.begin(), t.end(), buf + 1);
    const auto e = d.find(std::string_view(buf, t.size() + 1));
    if (e >= 0) f(static_cast<std::uint32_t>(e));
  }
  SmallBuf small;
  normalise_into(t, small);
  std::int64_t e;
  if (!small.overflow) {
    e = d.find(small.view());
  } else {
    std::string big;
    normalise_into(t, big);
    e = d.find(big);
  }
  if (e >= 0) f(static_cast<std::uint32_t>(e));
}

}  // namespace

std::uint32_t Lexicon::classes(std::string_view phrase) const {
  std::uint32_t c = 0;
  lookup(*d_, phrase, [&](std::uint32_t e) { c |= d_->classes[e]; });
  return c;
}

std::string_view Lexicon::value(LexClass c, std::string_view phrase) const {
  const int ci = class_index(c);
  if (ci < 0) return {};
  std::string_view out;
  lookup(*d_, phrase, [&](std::uint32_t e) {
    if (!out.empty()) return;
    const auto v = d_->find_value(e, static_cast<std::uint32_t>(ci));
    if (v >= 0) out = d_->val_text[static_cast<std::size_t>(v)];
  });
  return out;
}

std::size_t Lexicon::longest_match(LexClass c, std::span<const std::string_view> words, std::size_t max_words) const {
  const std::size_t n = std::min(words.size(), max_words);
  std::string joined;
  for (std::size_t k = n; k >= 1; --k) {
    joined.clear();
    for (std::size_t i = 0; i < k; ++i) {
      if (i) joined.push_back(' ');
      joined.append(words[i]);
    }
    if (is(c, joined)) return k;
  }
  return 0;
}

std::string_view Lexicon::country_demonym(std::string_view country_name) const {
  auto it = d_->main_demonym.find(country_name);
  if (it == d_->main_demonym.end()) return {};
  return it->second;
}

bool Lexicon::is_gpe(std::string_view name) const {
  return (classes(name) & (static_cast<std::uint32_t>(LexClass::Country) | static_cast<std::uint32_t>(LexClass::City) |
                           static_cast<std::uint32_t>(LexClass::Subdivision))) != 0;
}

bool Lexicon::is_norp(std::string_view word) const {
  return (classes(word) & (static_cast<std::uint32_t>(LexClass::Demonym) | static_cast<std::uint32_t>(LexClass::Group))) != 0;
}

bool Lexicon::is_org_suffix(std::string_view word) const {
  return (classes(word) & (static_cast<std::uint32_t>(LexClass::OrgSuffix) | static_cast<std::uint32_t>(LexClass::OrgWord))) != 0;
}

int Lexicon::month(std::string_view word) const {
  const auto v = value(LexClass::Month, word);
  int m = 0;
  std::from_chars(v.data(), v.data() + v.size(), m);
  return m;
}

int Lexicon::weekday(std::string_view word) const {
  const auto v = value(LexClass::Weekday, word);
  int m = 0;
  std::from_chars(v.data(), v.data() + v.size(), m);
  return m;
}

}  // namespace newsgraph
