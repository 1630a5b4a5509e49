#include "export/dot.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <sys/mman.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <cstring>
#include <new>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "export/atomic_file.hpp"
#include "export/text_util.hpp"
#include "graph/error.hpp"

namespace newsgraph {

std::string_view to_string(LayoutEngine e) {
  switch (e) {
    case LayoutEngine::Dot: return "dot";
    case LayoutEngine::Neato: return "neato";
    case LayoutEngine::Fdp: return "fdp";
    case LayoutEngine::Sfdp: return "sfdp";
  }
  return "dot";
}

std::optional<LayoutEngine> parse_layout_engine(std::string_view s) {
  for (auto e : {LayoutEngine::Dot, LayoutEngine::Neato, LayoutEngine::Fdp, LayoutEngine::Sfdp})
    if (to_string(e) == s) return e;
  return std::nullopt;
}

std::string_view to_string(RenderFormat f) {
  switch (f) {
    case RenderFormat::Svg: return "svg";
    case RenderFormat::Png: return "png";
    case RenderFormat::Pdf: return "pdf";
  }
  return "svg";
}

std::optional<RenderFormat> parse_render_format(std::string_view s) {
  for (auto f : {RenderFormat::Svg, RenderFormat::Png, RenderFormat::Pdf})
    if (to_string(f) == s) return f;
  return std::nullopt;
}

namespace {

// Appends `raw` escaped for a Graphviz label (backslash_copies == 2) or tooltip (4):
// see dot_escape_label() and dot_escape_tooltip(). One pass into the caller's buffer,
// since the writer escapes a tooltip for every edge.
void append_escaped(std::string& out, std::string_view raw, std::size_t backslash_copies) {
  std::string repaired;
  if (utf8_length(raw) == std::string_view::npos) {
    repaired = repair_utf8(raw);
    raw = repaired;
  }
  const std::size_t n = raw.size();
  std::size_t plain = 0;  // start of the run not yet copied
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c >= 0x20 && c != '\\' && c != 0x7F) continue;
    out.append(raw.data() + plain, i - plain);
    plain = i + 1;
    if (c == '\\') {
      // Graphviz expands \n, \l, \N, \G ... in labels: a literal backslash is "\\",
      // and tooltips are unescaped twice.
      out.append(backslash_copies, '\\');
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      if (i + 1 < n && raw[i + 1] == '\n') continue;
      out += "\\n";
    } else if (c == '\t') {
      out += ' ';
    } else {
      // Control characters are invalid in the SVG (XML 1.0) Graphviz writes, and NUL
      // cannot pass through C strings: show them as Unicode control pictures.
      const unsigned cp = c == 0x7F ? 0x2421u : 0x2400u + c;
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  out.append(raw.data() + plain, n - plain);
}

}  // namespace

std::string dot_escape_label(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() + 8);
  append_escaped(out, raw, 2);
  return out;
}

std::string dot_escape_tooltip(std::string_view raw) {
  // dot_escape_label() writes a literal backslash as "\\" and a line break as "\n";
  // Graphviz unescapes tooltips once more, so only the former doubles.
  std::string out;
  out.reserve(raw.size() + 8);
  append_escaped(out, raw, 4);
  return out;
}

namespace {

// Graphviz keeps global state (error handler, string pools of the default
// discipline, plugin registry): every use goes through this lock.
std::mutex& graphviz_mutex() {
  static std::mutex m;
  return m;
}

struct TypeStyle {
  const char* legend;
  const char* shape;
  const char* fill;
  const char* border;
};

TypeStyle style_of(EntityType t) {
  switch (t) {
    case EntityType::PERSON: return {"Person", "ellipse", "#cfe2ff", "#3d6cb3"};
    case EntityType::ORG: return {"Organization", "box", "#ffe3b3", "#b37a1f"};
    case EntityType::GPE: return {"Place (country, city)", "hexagon", "#d4f0d0", "#3f8a34"};
    case EntityType::LOC: return {"Place (location)", "house", "#e6f4d7", "#6b8f3a"};
    case EntityType::NORP: return {"Group (nationality, religion)", "octagon", "#f0dcf5", "#8a4a9c"};
    case EntityType::EVENT: return {"Event", "diamond", "#ffd9d9", "#b33d3d"};
    case EntityType::DATE: return {"Date", "parallelogram", "#ececec", "#777777"};
    case EntityType::MISC: return {"Other", "component", "#f7f7f7", "#999999"};
  }
  return {"Other", "component", "#f7f7f7", "#999999"};
}

constexpr TypeStyle kQuoteStyle{"Quotation", "note", "#fff8d6", "#a68a2d"};

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// DOT node names: the vertex id itself when that is plainly safe (UTF-8 without
// quotes, backslashes or controls), else "~" and a percent-encoding. Plain names
// never contain '~' or '%' (cgraph reserves a leading '%' for anonymous objects), and
// encoded ones always start with '~', so the mapping is injective.
std::string node_name(const std::string& id) {
  const bool plain = !id.empty() && is_valid_utf8(id) && std::none_of(id.begin(), id.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c < 0x20 || c == 0x7F || c == '"' || c == '\\' || c == '%' || c == '~';
  });
  if (plain) return id;
  static const char* hex = "0123456789ABCDEF";
  std::string out = "~";
  for (unsigned char c : id) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-' ||
        c == '_' || c == '.' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Splits a quotation into lines of about `width` characters at spaces, escaping
// each line and ending each with "\l" so notes read left-aligned.
std::string wrapped_label(const std::string& text, std::size_t width) {
  std::string out;
  std::string line;
  std::size_t line_chars = 0;
  auto flush = [&] {
    out += dot_escape_label(line);
    out += "\\l";
    line.clear();
    line_chars = 0;
  };
  std::string word;
  std::size_t word_chars = 0;
  auto add_word = [&] {
    if (word.empty()) return;
    if (line_chars > 0 && line_chars + 1 + word_chars > width) flush();
    if (line_chars > 0) {
      line += ' ';
      ++line_chars;
    }
    line += word;
    line_chars += word_chars;
    word.clear();
    word_chars = 0;
  };
  for (char ch : text) {
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
      add_word();
      continue;
    }
    word += ch;
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++word_chars;
  }
  add_word();
  if (!line.empty() || out.empty()) flush();
  return out;
}

void append_edge_label(std::string& label, const EdgeData& d) {
  label += d.predicate;
  if (!d.role.empty()) {
    label += " (";
    label += d.role;
    label += ')';
  }
  if (!d.lemma.empty() && d.predicate == "relatedTo") {
    label += ": ";
    label += d.lemma;
  }
}

// An edge's line style, or nullptr for Graphviz's default (solid).
const char* edge_style(const EdgeData& d) {
  if (d.predicate == "about") return "dashed";
  if (d.predicate != "said" && d.confidence < 0.5) return "dotted";
  return nullptr;
}

// An edge's line width grows with its evidence; 0 for Graphviz's default (1).
double edge_penwidth(const EdgeData& d) {
  if (d.evidence.size() <= 1) return 0;
  return 1.0 + 0.5 * static_cast<double>(std::min<std::size_t>(d.evidence.size() - 1, 6));
}

std::string source_of(const KnowledgeGraph& kg, const std::string& doc) {
  auto it = kg.documents().find(doc);
  if (it == kg.documents().end()) return doc;
  const DocumentMeta& m = it->second.meta;
  std::string s = m.title.empty() ? doc : m.title;
  if (!m.date.empty()) s += " (" + m.date + ")";
  if (!m.url.empty()) s += " " + m.url;
  return s;
}

// Which vertices the diagram shows, per DotOptions' documented filter order.
std::vector<char> select_vertices(const KnowledgeGraph& kg, const DotOptions& o) {
  const Graph& g = kg.graph();
  const std::size_t n = boost::num_vertices(g);
  std::vector<char> entity_ok(n, 0);
  for (Vertex v = 0; v < n; ++v) {
    const NodeData& d = g[v];
    entity_ok[v] = d.kind == NodeKind::Entity &&
                   (o.types.empty() || std::find(o.types.begin(), o.types.end(), d.type) != o.types.end());
  }
  auto passable = [&](Vertex v) { return entity_ok[v] || (o.show_quotes && g[v].kind == NodeKind::Quotation); };

  std::vector<char> reached(n, 1);
  if (!o.ego.empty()) {
    const std::string want = ascii_lower(o.ego);
    std::deque<std::pair<Vertex, unsigned>> queue;
    std::fill(reached.begin(), reached.end(), 0);
    for (Vertex v : kg.sorted_vertices()) {
      if (!entity_ok[v]) continue;
      const NodeData& d = g[v];
      bool match = d.id == o.ego || ascii_lower(d.name) == want;
      for (const auto& a : d.aliases) match = match || ascii_lower(a) == want;
      if (match) {
        reached[v] = 1;
        queue.emplace_back(v, 0);
      }
    }
    if (queue.empty()) throw Error(ErrorKind::Usage, "--ego: no entity named '" + o.ego + "' in the graph");
    while (!queue.empty()) {
      auto [v, dist] = queue.front();
      queue.pop_front();
      if (dist >= o.depth) continue;
      // The distance is captured by value: clang before 16 cannot capture a structured binding.
      auto visit = [&, next = dist + 1](Vertex w) {
        if (reached[w] || !passable(w)) return;
        reached[w] = 1;
        queue.emplace_back(w, next);
      };
      for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei) visit(boost::target(*ei, g));
      for (auto [ei, end] = boost::in_edges(v, g); ei != end; ++ei) visit(boost::source(*ei, g));
    }
    for (Vertex v = 0; v < n; ++v) entity_ok[v] = entity_ok[v] && reached[v];
  }

  if (o.top > 0) {
    std::vector<std::pair<std::size_t, Vertex>> ranked;
    for (Vertex v : kg.sorted_vertices()) {
      if (!entity_ok[v]) continue;
      std::size_t degree = 0;
      for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei) degree += passable(boost::target(*ei, g));
      for (auto [ei, end] = boost::in_edges(v, g); ei != end; ++ei) degree += passable(boost::source(*ei, g));
      ranked.emplace_back(degree, v);
    }
    // sorted_vertices() is in id order, so a stable sort breaks ties by id.
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = o.top; i < ranked.size(); ++i) entity_ok[ranked[i].second] = 0;
  }

  std::vector<char> keep = entity_ok;
  if (o.show_quotes) {
    for (Vertex v = 0; v < n; ++v) {
      if (g[v].kind != NodeKind::Quotation || !reached[v]) continue;
      bool touches = false;
      for (auto [ei, end] = boost::out_edges(v, g); ei != end && !touches; ++ei) touches = entity_ok[boost::target(*ei, g)];
      for (auto [ei, end] = boost::in_edges(v, g); ei != end && !touches; ++ei) touches = entity_ok[boost::source(*ei, g)];
      keep[v] = touches;
    }
  }
  return keep;
}

// cgraph takes char* everywhere though it never writes through them.
char* cs(const char* s) { return const_cast<char*>(s); }
char* cs(const std::string& s) { return const_cast<char*>(s.c_str()); }

void set(void* obj, const char* name, const std::string& value) { agsafeset(obj, cs(name), cs(value), cs("")); }

// The dictionaries of `g` and its subgraphs whose headers cdt malloc()s outside any
// cgraph memory discipline (cdt's dtopen() takes only the dictionary's data from the
// discipline): the five object sets of each (sub)graph, each one's three attribute
// dictionaries, and the root's string pool and internal name maps. The attribute
// dictionaries are reached through cgraph's record for them ("_AG_datadict", cgraph
// 2.42's attr.c); tests/export/dot_test.cpp checks that nothing is left behind.
void collect_dict_headers(Agraph_t* g, std::vector<Dict_t*>& out) {
  for (Agraph_t* sub = agfstsubg(g); sub != nullptr; sub = agnxtsubg(sub)) collect_dict_headers(sub, out);
  for (Dict_t* d : {g->n_seq, g->n_id, g->e_seq, g->e_id, g->g_dict}) out.push_back(d);
  if (auto* dd = reinterpret_cast<Agdatadict_t*>(aggetrec(g, cs("_AG_datadict"), 0)))
    for (Dict_t* d : {dd->dict.n, dd->dict.e, dd->dict.g}) out.push_back(d);
  if (g == agroot(g)) {
    out.push_back(g->clos->strdict);
    for (int k = 0; k < 3; ++k) {
      out.push_back(g->clos->lookup_by_name[k]);
      out.push_back(g->clos->lookup_by_id[k]);
    }
  }
}

struct GraphCloser {
  bool arena = false;  // memory from the arena discipline, whose close() frees it all
  void operator()(Agraph_t* g) const {
    if (arena) {
      // agclose() on a root graph whose memory discipline has close() takes cgraph's
      // whole-heap shortcut (graph.c): user callbacks, the graph's id, then close()
      // frees the heap (here: the arena, which holds all of cgraph's memory for this
      // graph) instead of deleting 1M edges, their attribute records and pooled
      // strings one by one (a third of the DOT time at 1M edges). All the shortcut
      // leaves behind is the dictionary headers cdt malloc()ed itself: collected
      // first (they are reachable only through arena memory), freed after.
      std::vector<Dict_t*> headers;
      collect_dict_headers(g, headers);
      std::sort(headers.begin(), headers.end());
      headers.erase(std::unique(headers.begin(), headers.end()), headers.end());
      agclose(g);
      for (Dict_t* d : headers) std::free(d);  // NOLINT: cdt allocated them with malloc()
      return;
    }
    // agclose() deletes node by node, each node's in-edges along with its out-edges,
    // so at 1M edges it visits edges, their attribute records and pooled strings in
    // scattered memory order. Deleting the edges first, tail by tail (the order they
    // were created and allocated in), walks that memory nearly sequentially. The
    // legend cluster is closed before that, so that deleting an edge does not also
    // search every subgraph for it.
    for (Agraph_t *sub = agfstsubg(g), *next = nullptr; sub != nullptr; sub = next) {
      next = agnxtsubg(sub);
      agclose(sub);
    }
    for (Agnode_t* n = agfstnode(g); n != nullptr; n = agnxtnode(g, n))
      for (Agedge_t *e = agfstout(g, n), *next = nullptr; e != nullptr; e = next) {
        next = agnxtout(g, e);
        agdeledge(g, e);
      }
    agclose(g);
  }
};
using GraphPtr = std::unique_ptr<Agraph_t, GraphCloser>;

// agwrite() hands us one short token at a time; gather them into 1 MiB buffers. Once
// there is more than one, a second thread writes each full buffer to the stream while
// agwrite() fills the other, so the kernel's copy of 300 MB at 1M edges is off the
// calling thread. Output that fits one buffer is written by the caller and starts no
// thread. The writer thread touches only the stream and the buffer handed to it; it
// never (re)allocates them (see EdgeProducer on why that matters), though a stream
// that grows as it is written (an ostringstream) allocates in that thread.
class OutChannel {
 public:
  static constexpr std::size_t kBuffer = std::size_t{1} << 20;
  explicit OutChannel(std::ostream& out) : out_(out) { filling_.reserve(kBuffer + 4096); }
  OutChannel(const OutChannel&) = delete;
  OutChannel& operator=(const OutChannel&) = delete;
  ~OutChannel() { stop(); }

  // False once a write has failed.
  bool put(const char* s) {
    filling_ += s;
    if (filling_.size() >= kBuffer) hand_over();
    return !failed_.load(std::memory_order_relaxed);
  }
  // Writes what is left and waits for the writer: the stream is then complete and
  // belongs to the caller again. False if any write failed.
  bool finish() {
    stop();
    if (!failed_ && !filling_.empty()) write(filling_);
    filling_.clear();
    if (!failed_) {
      out_.flush();
      if (!out_) failed_ = true;
    }
    return !failed_;
  }

 private:
  void write(const std::string& buf) {
    try {
      out_.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      if (!out_) failed_ = true;
    } catch (...) {  // a stream with exceptions enabled: reported as a failed write
      failed_ = true;
    }
  }
  void hand_over() {
    if (!thread_.joinable() && !synchronous_) {
      try {
        writing_.reserve(kBuffer + 4096);
        thread_ = std::thread([this] { run(); });
      } catch (const std::exception&) {  // no thread (or no second buffer): write as we go
        synchronous_ = true;
      }
    }
    if (synchronous_) {
      if (!failed_) write(filling_);
      filling_.clear();
      return;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !full_; });  // the writer is done with its buffer
    filling_.swap(writing_);
    full_ = true;
    lock.unlock();
    changed_.notify_all();
    filling_.clear();
  }
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      changed_.wait(lock, [&] { return full_ || stopped_; });
      if (!full_) return;  // stopped with nothing left to write
      lock.unlock();
      if (!failed_) write(writing_);
      lock.lock();
      full_ = false;
      changed_.notify_all();
    }
  }
  // Lets the writer finish the buffer it holds, then ends it.
  void stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  std::ostream& out_;
  std::string filling_;  // agwrite's tokens (calling thread)
  std::string writing_;  // the full buffer, while full_ (writer thread)
  std::atomic<bool> failed_{false};
  std::mutex mutex_;
  std::condition_variable changed_;  // full_ or stopped_ changed
  bool full_ = false;
  bool stopped_ = false;
  bool synchronous_ = false;  // the writer thread could not be started
  std::thread thread_;
};
int stream_putstr(void* chan, const char* str) { return static_cast<OutChannel*>(chan)->put(str) ? 0 : EOF; }
// agwrite() flushes once, at its end: finish() does the rest.
int stream_flush(void*) { return 0; }
int no_read(void*, char*, int) { return 0; }

// Faults fresh memory in on a second thread: at 1M edges cgraph fills ~700 MB of arena,
// and the kernel zeroing each new huge page as cgraph first touches it was ~7% of the
// calling thread's time. MADV_POPULATE_WRITE (Linux 5.14) maps the pages writable
// without writing to them, so it is safe while cgraph already uses the block's start;
// where the kernel lacks it, the calling thread's own touches fault the pages in as
// before. The thread allocates and frees nothing (see EdgeProducer on why that matters).
class Prefaulter {
 public:
  Prefaulter() : thread_([this] { run(); }) {}
  Prefaulter(const Prefaulter&) = delete;
  Prefaulter& operator=(const Prefaulter&) = delete;
  ~Prefaulter() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped_ = true;
    }
    added_.notify_one();
    thread_.join();  // before the blocks are unmapped
  }
  void add(void* start, std::size_t size) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      blocks_.push_back({start, size});
    }
    added_.notify_one();
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      added_.wait(lock, [&] { return stopped_ || done_ < blocks_.size(); });
      if (stopped_) return;
      const auto [start, size] = blocks_[done_++];
      lock.unlock();
#ifdef MADV_POPULATE_WRITE
      ::madvise(start, size, MADV_POPULATE_WRITE);  // advice only: failure changes nothing
#endif
      lock.lock();
    }
  }
  std::mutex mutex_;
  std::condition_variable added_;
  std::vector<std::pair<void*, std::size_t>> blocks_;  // grown by the caller only
  std::size_t done_ = 0;
  bool stopped_ = false;
  std::thread thread_;  // last: starts once everything above exists
};

// A bump allocator for what cgraph allocates for one graph written by write_dot():
// agfree() is a no-op, and the discipline's close() frees every block at once when
// agclose() takes its whole-heap shortcut (see GraphCloser). Not used for render():
// gvc's layout code is not known to free only through agfree().
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    prefaulter_.reset();
    for (const Block& b : blocks_) ::munmap(b.base, b.size);
  }
  void* alloc(std::size_t n) {
    n = (n + 15) & ~std::size_t{15};
    if (n == 0) n = 16;
    if (n > kMaxBlock / 4) return map(n);
    Region& r = regions_[region_of(n)];
    if (r.used + n > r.capacity) {
      const std::size_t size = std::max(n, std::min(kMaxBlock, kFirstBlock << std::min<std::size_t>(r.blocks, 8)));
      r.next = static_cast<std::byte*>(map(size));
      r.capacity = size;
      r.used = 0;
      ++r.blocks;
    }
    void* p = r.next + r.used;
    r.used += n;
    return p;
  }
  void* resize(void* p, std::size_t old, std::size_t n) {
    if (p == nullptr) return alloc(n);
    if (n <= old) return p;
    void* q = alloc(n);
    std::memcpy(q, p, old);  // alloc() returned zeroed memory beyond `old`
    return q;
  }

 private:
  // Node and edge structures each get a region of their own, away from attribute
  // records and strings: cgraph's searches of the node set (for each edge made) and of
  // edge sets then touch a few dense MB instead of the whole arena.
  static std::size_t region_of(std::size_t n) {
    if (n == ((sizeof(Agnode_t) + 15) & ~std::size_t{15})) return 0;
    if (n == ((sizeof(Agedgepair_t) + 15) & ~std::size_t{15})) return 1;
    if (n <= 64) return 2;
    return 3;
  }
  // Blocks come straight from the kernel: zeroed (cgraph expects zeroed memory) without
  // a memset, and, 2 MiB-aligned and marked for transparent huge pages, with far fewer
  // page faults and TLB misses: cgraph's string pool and edge sets are searched in
  // random order over hundreds of MB at 1M edges.
  // Small graphs (the first blocks of each region) get plain pages.
  void* map(std::size_t size) {
    constexpr std::size_t kHuge = std::size_t{2} << 20;
    blocks_.reserve(blocks_.size() + 1);
    if (size < kHuge) {
      void* raw = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (raw == MAP_FAILED) throw std::bad_alloc();
      blocks_.push_back(Block{static_cast<std::byte*>(raw), size});
      return raw;
    }
    size = (size + kHuge - 1) & ~(kHuge - 1);
    void* raw = ::mmap(nullptr, size + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    auto* start = static_cast<std::byte*>(raw);
    const auto misalign = reinterpret_cast<std::uintptr_t>(start) & (kHuge - 1);
    const std::size_t head = misalign == 0 ? 0 : kHuge - misalign;
    if (head > 0) ::munmap(start, head);
    ::munmap(start + head + size, kHuge - head);
    start += head;
    ::madvise(start, size, MADV_HUGEPAGE);  // advice only: without it the arena still works
    blocks_.push_back(Block{start, size});
    try {
      if (!prefaulter_) prefaulter_ = std::make_unique<Prefaulter>();
      prefaulter_->add(start, size);
    } catch (const std::exception&) {
      // No thread or no memory for the list: the pages fault in when cgraph touches them.
    }
    return start;
  }
  struct Block {
    std::byte* base;
    std::size_t size;
  };
  struct Region {
    std::byte* next = nullptr;
    std::size_t capacity = 0;
    std::size_t used = 0;
    std::size_t blocks = 0;
  };
  static constexpr std::size_t kFirstBlock = std::size_t{256} << 10;
  static constexpr std::size_t kMaxBlock = std::size_t{64} << 20;
  std::vector<Block> blocks_;
  std::array<Region, 4> regions_{};
  std::unique_ptr<Prefaulter> prefaulter_;  // from the first huge-page block on
};

void* arena_open(Agdisc_t*) { return new Arena; }
void* arena_alloc(void* state, std::size_t n) { return static_cast<Arena*>(state)->alloc(n); }
void* arena_resize(void* state, void* p, std::size_t old, std::size_t n) {
  return static_cast<Arena*>(state)->resize(p, old, n);
}
void arena_free(void*, void*) {}
void arena_close(void* state) { delete static_cast<Arena*>(state); }

// cgraph pools every attribute value in one string dictionary (g->clos->strdict),
// which cgraph 2.42 opens as a splay tree: each agxset() looks the old value up to
// release it and the new one up to share it (twice for a new one: search, then
// insert), each time with ~20 strcmp() calls down a tree of millions of tooltips that
// share long prefixes, 15% of write_dot at 1M edges. cdt's public API can change a
// dictionary's discipline (dtdisc) and method (dtmethod) in place: as a hash set with
// the same key and comparison, the same look-ups find the same pooled strings, so the
// graph and the DOT are unchanged. Two things of cgraph's discipline are replaced:
// its hash, cdt's byte-at-a-time dtstrhash(), by libstdc++'s word-at-a-time one; and
// its memory function (agdictobjmem), which has no realloc() semantics for the table
// that the hash method grows, by one that takes the table from the graph's arena.
Arena* string_table_arena = nullptr;  // the arena of the graph being built (under graphviz_mutex)
void* string_table_memory(Dt_t* dict, void* old, std::size_t size, Dtdisc_t*) {
  if (size == 0) return nullptr;  // a release: the arena frees everything at agclose()
  void* table = string_table_arena->alloc(size);
  // dthtab() keeps the old slots at the start of the new table and rehashes from there.
  if (old != nullptr) std::memcpy(table, old, static_cast<std::size_t>(dict->data->ntab) * sizeof(Dtlink_t*));
  return table;
}
unsigned int string_hash(Dt_t*, void* key, Dtdisc_t*) {
  const std::size_t h = std::hash<std::string_view>{}(std::string_view(static_cast<const char*>(key)));
  return static_cast<unsigned int>(h ^ (h >> 32));  // cdt indexes with the low bits
}
// The hash method starts at 32 slots and doubles, rehashing every string each time,
// once the strings outnumber the slots twice. Asked for a size (DT_HASHSIZE), this
// answers with a table for all the strings the graph will pool, grown only if more come.
int string_table_slots = 0;
Dtevent_f cgraph_string_events = nullptr;
int string_table_event(Dt_t* dict, int type, void* data, Dtdisc_t* disc) {
  if (type == DT_HASHSIZE) {
    int* slots = static_cast<int*>(data);
    *slots = std::max(string_table_slots, dict->data->size);
    return 1;
  }
  return cgraph_string_events != nullptr ? cgraph_string_events(dict, type, data, disc) : 0;
}
// `strings`: about how many distinct strings the graph will pool.
void hash_string_pool(Agraph_t* root, std::size_t strings) {
  static Dtdisc_t disc;  // dictionaries keep a pointer to their discipline
  Dict_t* pool = root->clos->strdict;
  disc = *pool->disc;  // cgraph's own: key, size, link and comparison stay
  cgraph_string_events = disc.eventf;
  disc.hashf = string_hash;
  disc.memoryf = string_table_memory;
  disc.eventf = string_table_event;
  string_table_arena = static_cast<Arena*>(root->clos->state.mem);
  string_table_slots = static_cast<int>(std::min<std::size_t>(strings, std::size_t{1} << 28));
  dtdisc(pool, &disc, DT_SAMECMP);  // still a tree here: nothing to rehash
  dtmethod(pool, Dtset);
}

Agiodisc_t stream_io{no_read, stream_putstr, stream_flush};
Agmemdisc_t arena_mem{arena_open, arena_alloc, arena_resize, arena_free, arena_close};
Agdisc_t write_disc{&arena_mem, &AgIdDisc, &stream_io};
Agdisc_t render_disc{&AgMemDisc, &AgIdDisc, &stream_io};

// Graphviz reports problems through agerr(); collect them for our exception message.
std::string& graphviz_messages() {
  static std::string messages;
  return messages;
}
int collect_message(char* msg) {
  graphviz_messages() += msg;
  return 0;
}

// One relation as the calling thread makes it: both ends, and the attribute values
// already built and escaped (offsets into the batch's text, each NUL-terminated).
struct EdgeJob {
  Vertex tail;
  Vertex head;
  std::uint32_t label;
  std::uint32_t tooltip;
  const char* color;  // nullptr: the declared default
  const char* style;  // nullptr: Graphviz's default (solid)
  std::array<char, 8> penwidth;  // "": Graphviz's default (1)
};
struct EdgeBatch {
  std::vector<EdgeJob> jobs;
  std::string text;
};

// Builds every shown relation's label and tooltip on a second thread while the calling
// thread makes nodes and edges in cgraph: at 1M edges the strings are a fifth of the
// build, and cgraph (not thread-safe, so only ever touched by the caller) is the rest.
// Batches come out in the order agwrite() writes the edges (see build_graph()), through
// a short bounded queue; consumed batches are handed back and reused. The thread only
// reads the graph and the vectors it is given, which outlive it (the destructor joins).
// What the thread allocates it also frees, after the caller has handed every batch
// back: memory never moves between the threads' malloc caches, so the process's heap
// is the same after each call (dot_test checks that with mallinfo2()).
class EdgeProducer {
 public:
  EdgeProducer(const KnowledgeGraph& kg, const std::vector<Vertex>& order, const std::vector<char>& keep,
               const std::vector<std::size_t>& rank)
      : kg_(kg), order_(order), keep_(keep), rank_(rank), thread_([this] { run(); }) {}
  EdgeProducer(const EdgeProducer&) = delete;
  EdgeProducer& operator=(const EdgeProducer&) = delete;
  ~EdgeProducer() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      cancelled_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  // The next batch in order, or nullptr after the last; rethrows what the thread threw.
  // The batch stays valid until it is handed back with recycle().
  EdgeBatch* next() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return ready_count_ > 0 || finished_; });
    if (ready_count_ > 0) {
      EdgeBatch* b = ready_[ready_first_];
      ready_first_ = (ready_first_ + 1) % kMaxReady;
      --ready_count_;
      ++lent_;
      lock.unlock();
      changed_.notify_all();
      return b;
    }
    if (error_) std::rethrow_exception(error_);
    return nullptr;
  }
  void recycle(EdgeBatch* b) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      spare_[spare_count_++] = b;
      --lent_;
    }
    changed_.notify_all();
  }

 private:
  static constexpr std::size_t kBatchEdges = 4096;
  static constexpr std::size_t kMaxReady = 4;
  // Queued, lent to the caller, being filled: never more than this many batches.
  static constexpr std::size_t kMaxBatches = kMaxReady + 2;

  // An empty batch to fill: a spare one, or a new one while few exist; waits for the
  // caller while kMaxReady are queued. nullptr when cancelled.
  EdgeBatch* acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return ready_count_ < kMaxReady || cancelled_; });
    if (cancelled_) return nullptr;
    if (spare_count_ > 0) {
      EdgeBatch* b = spare_[--spare_count_];
      lock.unlock();
      b->jobs.clear();
      b->text.clear();
      return b;
    }
    lock.unlock();
    batches_.push_back(std::make_unique<EdgeBatch>());
    return batches_.back().get();
  }
  bool publish(EdgeBatch* b) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (cancelled_) return false;
      ready_[(ready_first_ + ready_count_) % kMaxReady] = b;
      ++ready_count_;
    }
    changed_.notify_all();
    return true;
  }

  void run() {
    try {
      produce();
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      error_ = std::current_exception();
    }
    std::unique_lock<std::mutex> lock(mutex_);
    finished_ = true;
    changed_.notify_all();
    // Free this thread's memory once the caller is done with it.
    changed_.wait(lock, [&] { return cancelled_ || (ready_count_ == 0 && lent_ == 0); });
    lock.unlock();
    batches_.clear();
    sources_.clear();
  }

  // Each document's description, built once: edges quote it in every tooltip.
  const std::string& source(const std::string& doc) {
    if (last_doc_ != nullptr && *last_doc_ == doc) return *last_source_;  // mostly one document in a row
    auto it = sources_.find(doc);
    if (it == sources_.end()) it = sources_.emplace(doc, source_of(kg_, doc)).first;
    last_doc_ = &it->first;
    last_source_ = &it->second;
    return it->second;
  }

  void produce() {
    const Graph& g = kg_.graph();
    std::vector<Edge> out_edges;
    // Reused for every edge: the raw label and tooltip.
    std::string label;
    std::string tip;
    // " [confidence 0.55]" per distinct value (real graphs have few; keyed by the bits,
    // so -0.0 and 0.0 stay apart), bounded.
    std::unordered_map<std::uint64_t, std::string> confidence_note;
    EdgeBatch* batch = nullptr;
    for (Vertex v : order_) {
      if (!keep_[v]) continue;
      out_edges.clear();
      for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei)
        if (keep_[boost::target(*ei, g)]) out_edges.push_back(*ei);
      std::sort(out_edges.begin(), out_edges.end(), [&](Edge a, Edge b) {
        const EdgeData& x = g[a];
        const EdgeData& y = g[b];
        return std::tie(rank_[boost::target(a, g)], x.predicate, x.role, x.lemma) <
               std::tie(rank_[boost::target(b, g)], y.predicate, y.role, y.lemma);
      });
      for (Edge e : out_edges) {
        if (batch == nullptr && (batch = acquire()) == nullptr) return;
        const EdgeData& d = g[e];
        EdgeJob job{v, boost::target(e, g), 0, 0, nullptr, edge_style(d), {}};
        label.clear();
        append_edge_label(label, d);
        job.label = static_cast<std::uint32_t>(batch->text.size());
        append_escaped(batch->text, label, 2);
        batch->text += '\0';
        tip.assign(label);
        if (d.confidence < 1.0) {
          std::uint64_t bits;
          std::memcpy(&bits, &d.confidence, sizeof bits);
          auto it = confidence_note.find(bits);
          if (it != confidence_note.end()) {
            tip += it->second;
          } else {
            char buf[32];
            std::snprintf(buf, sizeof buf, " [confidence %.2f]", d.confidence);
            tip += buf;
            if (confidence_note.size() < 4096) confidence_note.emplace(bits, buf);
          }
        }
        const std::size_t shown = std::min<std::size_t>(d.evidence.size(), 3);
        for (std::size_t i = 0; i < shown; ++i) {
          tip += '\n';
          tip += source(d.evidence[i].doc);
          tip += ": ";
          append_truncated_utf8(tip, d.evidence[i].text, 200);
        }
        if (d.evidence.size() > shown) tip += "\n(+" + std::to_string(d.evidence.size() - shown) + " more)";
        job.tooltip = static_cast<std::uint32_t>(batch->text.size());
        append_escaped(batch->text, tip, 4);
        batch->text += '\0';
        if (d.predicate == "about") {
          job.color = "#999999";
        } else if (d.predicate == "said") {
          job.color = kQuoteStyle.border;
        }
        if (const double width = edge_penwidth(d); width != 0)
          std::snprintf(job.penwidth.data(), job.penwidth.size(), "%.1f", width);
        batch->jobs.push_back(job);
        if (batch->jobs.size() == kBatchEdges) {
          if (!publish(batch)) return;
          batch = nullptr;
        }
      }
    }
    if (batch != nullptr) publish(batch);
  }

  const KnowledgeGraph& kg_;
  const std::vector<Vertex>& order_;
  const std::vector<char>& keep_;
  const std::vector<std::size_t>& rank_;
  std::map<std::string, std::string, std::less<>> sources_;
  const std::string* last_doc_ = nullptr;
  const std::string* last_source_ = nullptr;

  std::mutex mutex_;
  std::condition_variable changed_;  // a batch queued, taken or handed back, the end, cancellation
  std::vector<std::unique_ptr<EdgeBatch>> batches_;  // owns every batch; touched by the thread only
  // Fixed-size, so that queueing allocates nothing (see the class comment).
  std::array<EdgeBatch*, kMaxReady> ready_{};  // a ring: ready_count_ batches from ready_first_
  std::size_t ready_first_ = 0;
  std::size_t ready_count_ = 0;
  std::array<EdgeBatch*, kMaxBatches> spare_{};
  std::size_t spare_count_ = 0;
  std::size_t lent_ = 0;  // batches the caller has taken and not handed back
  std::exception_ptr error_;
  bool finished_ = false;
  bool cancelled_ = false;
  std::thread thread_;  // last: starts once everything above exists
};

GraphPtr build_graph(const KnowledgeGraph& kg, const DotOptions& o, bool for_render) {
  const Graph& g = kg.graph();
  const std::vector<char> keep = select_vertices(kg, o);

  GraphPtr root(agopen(cs("newsgraph"), Agdirected, for_render ? &render_disc : &write_disc),
                GraphCloser{!for_render});
  if (!root) throw Error(ErrorKind::Internal, "cgraph could not create a graph");
  Agraph_t* ag = root.get();

  const std::string engine(to_string(o.engine));
  agattr(ag, AGRAPH, cs("layout"), cs(engine));
  if (o.engine == LayoutEngine::Dot) {
    agattr(ag, AGRAPH, cs("rankdir"), cs("LR"));
  } else {
    agattr(ag, AGRAPH, cs("overlap"), cs("false"));
    agattr(ag, AGRAPH, cs("splines"), cs("true"));
  }
  // Output only (agwrite): no "\\<newline>" continuations inside long strings, which
  // are the same string to every DOT reader; it spares agwrite a line-length check
  // on every character of every tooltip.
  agattr(ag, AGRAPH, cs("linelength"), cs("0"));
  agattr(ag, AGRAPH, cs("fontname"), cs("Helvetica"));
  agattr(ag, AGRAPH, cs("label"), cs(""));
  agattr(ag, AGRAPH, cs("labelloc"), cs("t"));
  agattr(ag, AGRAPH, cs("style"), cs(""));
  if (!o.title.empty()) set(ag, "label", dot_escape_label(o.title));

  // Attribute symbols are looked up once: agxset() with a symbol skips the by-name
  // dictionary search that agsafeset() does on every call (it matters at 1M edges).
  Agsym_t* n_label = agattr(ag, AGNODE, cs("label"), cs(""));
  Agsym_t* n_tooltip = agattr(ag, AGNODE, cs("tooltip"), cs(""));
  Agsym_t* n_shape = agattr(ag, AGNODE, cs("shape"), cs("ellipse"));
  agattr(ag, AGNODE, cs("style"), cs("filled"));
  Agsym_t* n_fill = agattr(ag, AGNODE, cs("fillcolor"), cs("white"));
  Agsym_t* n_color = agattr(ag, AGNODE, cs("color"), cs("black"));
  agattr(ag, AGNODE, cs("fontname"), cs("Helvetica"));
  agattr(ag, AGNODE, cs("fontsize"), cs("11"));
  Agsym_t* e_label = agattr(ag, AGEDGE, cs("label"), cs(""));
  Agsym_t* e_tooltip = agattr(ag, AGEDGE, cs("tooltip"), cs(""));
  // Every declared edge attribute costs each edge a pooled default string, made when
  // the edge is and released when it is deleted, plus a look at it in agwrite: so
  // style and penwidth, whose defaults are Graphviz's own, are declared only when some
  // edge shown sets them.
  bool any_style = false;
  bool any_penwidth = false;
  for (Vertex v = 0; v < keep.size() && !(any_style && any_penwidth); ++v) {
    if (!keep[v]) continue;
    for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei) {
      if (!keep[boost::target(*ei, g)]) continue;
      any_style = any_style || edge_style(g[*ei]) != nullptr;
      any_penwidth = any_penwidth || edge_penwidth(g[*ei]) != 0;
    }
  }
  if (!for_render) {
    // Each node and edge pools a label and a tooltip (the rest are few shared values).
    std::size_t shown = 0;
    for (Vertex v = 0; v < keep.size(); ++v) {
      if (!keep[v]) continue;
      ++shown;
      for (auto [ei, end] = boost::out_edges(v, g); ei != end; ++ei) shown += keep[boost::target(*ei, g)] != 0;
    }
    hash_string_pool(ag, 2 * shown + 64);
  }
  Agsym_t* e_style = any_style ? agattr(ag, AGEDGE, cs("style"), cs("solid")) : nullptr;
  Agsym_t* e_color = agattr(ag, AGEDGE, cs("color"), cs("#555555"));
  agattr(ag, AGEDGE, cs("fontname"), cs("Helvetica"));
  agattr(ag, AGEDGE, cs("fontsize"), cs("9"));
  Agsym_t* e_penwidth = any_penwidth ? agattr(ag, AGEDGE, cs("penwidth"), cs("1")) : nullptr;
  auto xset = [](void* obj, Agsym_t* sym, const char* value) { agxset(obj, sym, cs(value)); };

  std::vector<Agnode_t*> nodes(boost::num_vertices(g), nullptr);
  bool any_node = false;
  // Each document's description, built once: edges quote it in every tooltip.
  std::map<std::string, std::string, std::less<>> sources;
  const std::string* last_doc = nullptr;  // consecutive look-ups are mostly for one document
  const std::string* last_source = nullptr;
  auto source = [&](const std::string& doc) -> const std::string& {
    if (last_doc != nullptr && *last_doc == doc) return *last_source;
    auto it = sources.find(doc);
    if (it == sources.end()) it = sources.emplace(doc, source_of(kg, doc)).first;
    last_doc = &it->first;
    last_source = &it->second;
    return it->second;
  };
  std::array<bool, kEntityTypeCount> type_shown{};
  bool quote_shown = false;

  const std::vector<Vertex> order = kg.sorted_vertices();
  std::vector<std::size_t> rank(boost::num_vertices(g));
  for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  // Started now, so that the edges' strings are under way while the nodes are made.
  EdgeProducer edges(kg, order, keep, rank);
  for (Vertex v : order) {
    if (!keep[v]) continue;
    const NodeData& d = g[v];
    const std::string name = node_name(d.id);
    Agnode_t* node = agnode(ag, cs(name), 1);
    nodes[v] = node;
    any_node = true;
    if (d.kind == NodeKind::Entity) {
      const TypeStyle st = style_of(d.type);
      type_shown[static_cast<std::size_t>(d.type)] = true;
      xset(node, n_label, dot_escape_label(d.name).c_str());
      xset(node, n_shape, st.shape);
      xset(node, n_fill, st.fill);
      xset(node, n_color, st.border);
      std::string tip = d.name + " (" + std::string(to_string(d.type)) + ")";
      if (!d.aliases.empty()) {
        tip += "\nalso: ";
        for (std::size_t i = 0; i < d.aliases.size(); ++i) tip += (i ? ", " : "") + d.aliases[i];
      }
      if (!d.normalized.empty()) tip += "\nvalue: " + d.normalized;
      std::set<std::string> docs;
      for (const auto& m : d.mentions) docs.insert(m.doc);
      tip += "\n" + std::to_string(d.mentions.size()) + " mention(s) in " + std::to_string(docs.size()) +
             " document(s)";
      xset(node, n_tooltip, dot_escape_tooltip(tip).c_str());
    } else {
      quote_shown = true;
      const std::string& text = d.text.empty() ? d.name : d.text;
      xset(node, n_label, wrapped_label("\xE2\x80\x9C" + truncate_utf8(text, o.max_label) + "\xE2\x80\x9D", 32).c_str());
      xset(node, n_shape, kQuoteStyle.shape);
      xset(node, n_fill, kQuoteStyle.fill);
      xset(node, n_color, kQuoteStyle.border);
      std::string tip = "\xE2\x80\x9C" + text + "\xE2\x80\x9D";
      for (auto [ei, end] = boost::in_edges(v, g); ei != end; ++ei)
        if (g[*ei].predicate == "said") tip += "\n\xE2\x80\x94 " + g[boost::source(*ei, g)].name;
      if (!d.cue.empty()) tip += " (" + d.cue + ")";
      for (const auto& m : d.mentions) tip += "\nsource: " + source(m.doc);
      xset(node, n_tooltip, dot_escape_tooltip(tip).c_str());
    }
  }

  // Relations are made in the order agwrite() writes them: cgraph keeps a node's
  // out-edges by head (in node order, i.e. id order), then by creation, so the DOT
  // lists them by source id, target id, then predicate, role and lemma whatever
  // order they are made in. Making them in that order (not in sorted_edges() order,
  // predicate before target) gives the same output, while cgraph's searches of the
  // node set and of each node's edge sets stay near the last one and the arena lays
  // edges, attribute records and strings out in the order agwrite() reads them: at
  // 1M edges both the build and the write are faster. EdgeProducer takes kept sources
  // in id order, each one's out-edges sorted with the target's rank standing in for
  // its id (sorting all edges by id strings takes over a second at 1M edges).
  while (EdgeBatch* batch = edges.next()) {
    const char* text = batch->text.data();
    for (const EdgeJob& j : batch->jobs) {
      Agedge_t* edge = agedge(ag, nodes[j.tail], nodes[j.head], nullptr, 1);
      xset(edge, e_label, text + j.label);
      xset(edge, e_tooltip, text + j.tooltip);
      if (j.color != nullptr) xset(edge, e_color, j.color);
      if (j.style != nullptr) xset(edge, e_style, j.style);
      if (j.penwidth[0] != '\0') xset(edge, e_penwidth, j.penwidth.data());
    }
    edges.recycle(batch);
  }

  if (o.legend && any_node) {
    Agraph_t* legend = agsubg(ag, cs("cluster_legend"), 1);
    set(legend, "label", "Legend");
    set(legend, "style", "rounded");
    auto add = [&](const TypeStyle& st, const std::string& key) {
      std::string name = "legend:" + key;
      while (agnode(ag, cs(name), 0) != nullptr) name += "_";  // never collide with a graph vertex
      Agnode_t* node = agnode(legend, cs(name), 1);
      set(node, "label", st.legend);
      set(node, "shape", st.shape);
      set(node, "fillcolor", st.fill);
      set(node, "color", st.border);
      set(node, "fontsize", "9");
    };
    for (int t = 0; t < kEntityTypeCount; ++t)
      if (type_shown[static_cast<std::size_t>(t)]) {
        const auto type = static_cast<EntityType>(t);
        add(style_of(type), ascii_lower(to_string(type)));
      }
    if (quote_shown) add(kQuoteStyle, "quotation");
  }
  return root;
}

}  // namespace

void write_dot(const KnowledgeGraph& graph, std::ostream& out, const DotOptions& options) {
  std::lock_guard<std::mutex> lock(graphviz_mutex());
  GraphPtr g = build_graph(graph, options, false);
  OutChannel chan(out);
  const int status = agwrite(g.get(), &chan);
  const bool written = chan.finish();
  if (status != 0 || !written || !out) throw Error(ErrorKind::Io, "writing DOT failed");
}

void render(const KnowledgeGraph& graph, std::ostream& out, RenderFormat format, const DotOptions& options) {
  std::lock_guard<std::mutex> lock(graphviz_mutex());
  GraphPtr g = build_graph(graph, options, true);

  graphviz_messages().clear();
  const agusererrf previous_handler = agseterrf(collect_message);
  const agerrlevel_t previous_level = agseterr(AGERR);
  struct Restore {
    agusererrf handler;
    agerrlevel_t level;
    ~Restore() {
      agseterrf(handler);
      agseterr(level);
    }
  } restore{previous_handler, previous_level};

  // gvContext() reads Debian's plugin configuration (config6a) and loads the layout
  // and render plugins on demand; tests check that svg, png and pdf are all found.
  // The context is made once and never freed: Graphviz 2.42's pango plugin keeps the
  // last font name it measured as a pointer into the context's font table (a static
  // in gvtextlayout_pango.c), so a render in a fresh context after gvFreeContext()
  // compares against freed memory (found by the ASan suite). The lock above
  // serialises every use of it.
  static GVC_t* const gvc = gvContext();
  if (!gvc) throw Error(ErrorKind::Internal, "Graphviz: cannot create a gvc context");
  const std::string engine(to_string(options.engine));
  if (gvLayout(gvc, g.get(), engine.c_str()) != 0)
    throw Error(ErrorKind::Internal, "Graphviz layout '" + engine + "' failed: " + graphviz_messages());
  struct LayoutFree {
    GVC_t* gvc;
    Agraph_t* g;
    ~LayoutFree() { gvFreeLayout(gvc, g); }
  } free_layout{gvc, g.get()};

  char* data = nullptr;
  unsigned int length = 0;
  const std::string fmt(to_string(format));
  // "png" and "pdf" go through cairo; asking for "png:cairo" avoids gd's PNG.
  const std::string device = format == RenderFormat::Svg ? "svg" : fmt + ":cairo";
  if (gvRenderData(gvc, g.get(), device.c_str(), &data, &length) != 0 || data == nullptr) {
    if (data) gvFreeRenderData(data);
    throw Error(ErrorKind::Internal, "Graphviz cannot render " + fmt + ": " + graphviz_messages());
  }
  std::unique_ptr<char, void (*)(char*)> owned(data, gvFreeRenderData);
  out.write(data, static_cast<std::streamsize>(length));
  if (!out) throw Error(ErrorKind::Io, "writing " + fmt + " failed");
}

void render(const KnowledgeGraph& graph, const std::string& path, RenderFormat format, const DotOptions& options) {
  write_file_atomically(path, [&](std::ostream& out) { render(graph, out, format, options); });
}

}  // namespace newsgraph
