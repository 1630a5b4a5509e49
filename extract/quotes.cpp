#include "extract/quotes.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "extract/coref_lexicon.hpp"
#include "extract/reporting_verbs.hpp"

namespace newsgraph {
namespace {

using coref::lower_ascii;

// ---------------------------------------------------------------------------
// Quotation marks

enum class Family : std::uint8_t { Double, Guillemet, Single };

struct Mark {
  std::uint32_t pos = 0;
  std::uint32_t len = 1;
  Family family = Family::Double;
  bool can_open = false;
  bool can_close = false;
};

// A top-level quoted stretch of text. `open`/`close` are the byte ranges of the
// marks (close is empty when unclosed); the content lies between them.
struct Region {
  std::uint32_t open_start = 0, open_end = 0;
  std::uint32_t close_start = 0, close_end = 0;
  std::uint32_t first_para = 0, last_para = 0;
  Family family = Family::Double;
  bool unclosed = false;
};

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_alnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }
// A form of "be" or "get" before a participle: the cue is passive ("were advised").
bool is_passive_be(std::string_view w) {
  return w == "is" || w == "was" || w == "are" || w == "were" || w == "be" || w == "been" || w == "being" ||
         w == "get" || w == "got" || w == "gets";
}
bool is_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }
// A word of ASCII lower-case letters (and hyphens): "herpetologist", "vice-chair".
bool is_lower_word(std::string_view w) {
  if (w.empty() || w[0] < 'a' || w[0] > 'z') return false;
  for (char ch : w)
    if (!((ch >= 'a' && ch <= 'z') || ch == '-')) return false;
  return true;
}

// Reads the mark at text[i], if any: its length, family and whether its shape says
// opening (“ ‘ « „) or closing (” ’ »); straight marks say neither.
struct RawMark {
  std::uint32_t len = 0;
  Family family = Family::Double;
  int shape = 0;  // +1 opening, -1 closing, 0 ambiguous
};

RawMark raw_mark(const std::string& t, std::size_t i) {
  const auto c = static_cast<unsigned char>(t[i]);
  if (c == '"') return {1, Family::Double, 0};
  if (c == '\'') return {1, Family::Single, 0};
  if (c == 0xC2 && i + 1 < t.size()) {
    const auto d = static_cast<unsigned char>(t[i + 1]);
    if (d == 0xAB) return {2, Family::Guillemet, +1};
    if (d == 0xBB) return {2, Family::Guillemet, -1};
  }
  if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80) {
    switch (static_cast<unsigned char>(t[i + 2])) {
      case 0x9C: return {3, Family::Double, +1};  // “
      case 0x9D: return {3, Family::Double, -1};  // ”
      case 0x9E: return {3, Family::Double, +1};  // „
      case 0x98: return {3, Family::Single, +1};  // ‘
      case 0x99: return {3, Family::Single, -1};  // ’
      default: break;
    }
  }
  return {};
}

// The byte before `i` (skipping nothing) and after `i+len`, as flanking classes.
unsigned char prev_byte(const std::string& t, std::size_t i, std::size_t lo) { return i > lo ? static_cast<unsigned char>(t[i - 1]) : ' '; }
unsigned char next_byte(const std::string& t, std::size_t i, std::size_t hi) { return i < hi ? static_cast<unsigned char>(t[i]) : ' '; }

bool elision_after(const std::string& t, std::size_t i, std::size_t hi) {
  // '90s, 'em, 'tis, 'til, 'cause, 'n': a leading apostrophe, not an opening quote.
  static const char* const words[] = {"em ", "tis ", "til ", "cause ", "n ", "n'", "twas ", "round "};
  if (i < hi && t[i] >= '0' && t[i] <= '9') return true;
  for (const char* w : words) {
    const std::string_view sv(w);
    if (t.compare(i, sv.size(), sv) == 0) return true;
  }
  return false;
}

std::vector<Mark> scan_marks(const std::string& t, std::uint32_t lo, std::uint32_t hi) {
  std::vector<Mark> out;
  for (std::size_t i = lo; i < hi; ++i) {
    const RawMark r = raw_mark(t, i);
    if (r.len == 0) continue;
    const unsigned char p = prev_byte(t, i, lo);
    const unsigned char n = next_byte(t, i + r.len, hi);
    // A mark next to another mark ("'”) takes the flanking of the outer side.
    const bool p_open = is_space(p) || p == '(' || p == '[' || p == '{' || p == '-' || p == '"' || p == ':' ||
                        p == 0x9C || p == 0x98 || p == 0xAB || p == 0x94 || p == 0x93;  // — – “ ‘ «
    const bool n_close = is_space(n) || n == '.' || n == ',' || n == ';' || n == ':' || n == '!' || n == '?' ||
                         n == ')' || n == ']' || n == '"' || n == '\'' || n == 0xE2 || n == 0xC2 || n == '-';
    Mark m;
    m.pos = static_cast<std::uint32_t>(i);
    m.len = r.len;
    m.family = r.family;
    m.can_open = p_open && !is_space(n) && i + r.len < hi;
    m.can_close = !is_space(p) && i > lo && n_close;
    if (r.family == Family::Single) {
      // Apostrophes: inside words (don't, Ukraine's), and leading elisions ('90s).
      if (is_alnum(p) && is_letter(n)) { i += r.len - 1; continue; }
      if (m.can_open && elision_after(t, i + r.len, hi)) { i += r.len - 1; continue; }
      if (r.shape == +1) m.can_close = false;
    } else if (r.shape == +1) {
      // Typographic openers open, also with the French space inside ("« Oui »").
      m.can_close = false;
      m.can_open = i + r.len < hi;
    } else if (r.shape == -1) {
      // A closing shape used as opener by sloppy typing ("”Hello”") stays possible
      // only when it clearly opens.
      if (!(m.can_open && !m.can_close)) m.can_open = false;
      m.can_close = i > lo;
    }
    if (m.can_open && m.can_close) {
      // Glued on both sides (a"b): no decision possible; ignore.
      if (!is_space(p) && !is_space(n)) { i += r.len - 1; continue; }
    }
    if (m.can_open || m.can_close) out.push_back(m);
    i += r.len - 1;
  }
  return out;
}

// ---------------------------------------------------------------------------

struct SpeakerHit {
  bool found = false;       // a subject noun phrase was identified
  int entity = -1;
  std::uint32_t tb = 0, te = 0;  // the speaker phrase, tokens
};

struct CueHit {
  std::uint32_t tok = 0;        // the verb (or "according")
  std::uint32_t end = 0;        // one past the verb and its particle ("call on")
  std::string lemma;
  std::uint16_t flags = 0;
  bool according = false;
};

class Finder {
 public:
  explicit Finder(AnnotatedDocument& d) : doc_(d), text_(d.doc.text) {}
  void go();

 private:
  AnnotatedDocument& doc_;
  const std::string& text_;
  coref::LowerForms lower_forms_;
  std::vector<std::string_view> lower_;
  std::vector<std::uint32_t> tok_sent_;
  std::vector<int> outer_mention_;   // outermost resolved mention covering a token
  std::vector<int> end_mention_;     // outermost resolved mention ending at token (inclusive)
  std::vector<int> start_mention_;   // outermost resolved mention starting at token
  std::vector<Span> para_span_;
  std::vector<std::uint32_t> para_first_sent_, para_last_sent_;
  std::vector<Region> regions_;
  std::vector<int> tok_region_;      // top-level region containing the token, -1
  std::vector<std::optional<CueHit>> cue_at_;
  std::vector<bool> cue_used_;
  std::vector<bool> parsed_;         // per sentence
  std::vector<Quotation> out_;
  std::vector<bool> para_quoted_;    // paragraph already a block quote

  void prepare();
  void find_regions();
  void find_cues();
  std::uint32_t tok_at(std::uint32_t byte) const;
  std::uint32_t sent_end_tok(std::uint32_t s) const { return doc_.sentences[s].token_end; }
  std::uint32_t sent_begin_tok(std::uint32_t s) const { return doc_.sentences[s].token_begin; }

  SpeakerHit speaker_of(const CueHit& c) const;
  // Whether cue c is a participle (", adding ...", ", recalling ...").
  bool participle_cue(const CueHit& c) const;
  // The speaker by word order alone: the name before the verb (or set off by commas
  // before it), else the one after it ("said Rutte").
  SpeakerHit surface_speaker(const CueHit& c, std::uint32_t sb, std::uint32_t se) const;
  // A finite verb (or "has said") that the parse left without any subject, and that
  // nothing marks as passive, infinitive or subordinate.
  bool finite_without_parsed_subject(std::uint32_t verb) const;
  // A person's name before an "of/from/at" phrase ending in a capitalised word at
  // `last`: "Abdel Fattah el-Sisi of Egypt", "Steve Peers of the University of Essex".
  SpeakerHit person_before_modifier(std::uint32_t last, std::uint32_t floor) const;
  // A word of a title before a name: capitalised, a role noun, or a linking word
  // ("Former US Ambassador to the United Nations", "Hong Kong director of Amnesty").
  bool title_word(std::uint32_t q) const {
    const std::string_view w = lower_[q];
    return coref::starts_upper(doc_.tokens[q].form) || w == "of" || w == "to" || w == "for" || w == "the" ||
           w == "at" || w == "'s" || w == "-" || coref::match_role(lower_, q, q + 1);
  }
  // The last token of the dependency subtree headed by `head` (a parsed sentence).
  std::uint32_t subtree_last(std::uint32_t head) const;
  SpeakerHit np_ending_at(std::uint32_t last, std::uint32_t floor) const;
  SpeakerHit np_starting_at(std::uint32_t first, std::uint32_t ceil) const;
  std::optional<SpeakerHit> parse_subject(std::uint32_t verb, int depth) const;
  int addressee_after(const CueHit& c, std::uint32_t limit, std::uint32_t* after) const;

  void attribute_regions();
  void indirect();
  void blocks();
  void finish();

  Quotation make(std::uint32_t b, std::uint32_t e, QuoteKind kind, const SpeakerHit& sp, const CueHit* cue) const;
  std::uint32_t trim_end_tok(std::uint32_t b, std::uint32_t e) const;
  bool first_person_paragraph(std::uint32_t p) const;
  bool headline_like(std::uint32_t p) const;
  bool mentions_entity(std::uint32_t p, int entity) const;
};

std::uint32_t Finder::tok_at(std::uint32_t byte) const {
  const auto& t = doc_.tokens;
  auto it = std::partition_point(t.begin(), t.end(), [&](const Token& k) { return k.span.end <= byte; });
  return static_cast<std::uint32_t>(it - t.begin());
}

void Finder::prepare() {
  const auto& toks = doc_.tokens;
  lower_forms_.build(toks);
  lower_ = std::move(lower_forms_.words);
  tok_sent_.assign(toks.size(), 0);
  parsed_.assign(doc_.sentences.size(), false);
  for (std::uint32_t s = 0; s < doc_.sentences.size(); ++s) {
    for (std::uint32_t i = doc_.sentences[s].token_begin; i < doc_.sentences[s].token_end && i < toks.size(); ++i) tok_sent_[i] = s;
    parsed_[s] = coref::is_parsed(doc_, doc_.sentences[s]);
  }
  outer_mention_.assign(toks.size(), -1);
  end_mention_.assign(toks.size(), -1);
  start_mention_.assign(toks.size(), -1);
  auto wider = [&](int cur, std::size_t cand) {
    return cur < 0 || doc_.mentions[cand].span.size() > doc_.mentions[static_cast<std::size_t>(cur)].span.size();
  };
  for (std::size_t m = 0; m < doc_.mentions.size(); ++m) {
    const Mention& mm = doc_.mentions[m];
    if (mm.entity < 0 || mm.token_begin >= mm.token_end || mm.token_end > toks.size()) continue;
    for (std::uint32_t t = mm.token_begin; t < mm.token_end; ++t)
      if (wider(outer_mention_[t], m)) outer_mention_[t] = static_cast<int>(m);
    if (wider(end_mention_[mm.token_end - 1], m)) end_mention_[mm.token_end - 1] = static_cast<int>(m);
    if (wider(start_mention_[mm.token_begin], m)) start_mention_[mm.token_begin] = static_cast<int>(m);
  }
  // Paragraphs from the sentences' paragraph numbers.
  for (std::uint32_t s = 0; s < doc_.sentences.size(); ++s) {
    const Sentence& sent = doc_.sentences[s];
    const std::uint32_t p = sent.paragraph;
    if (p >= para_span_.size()) {
      para_span_.resize(p + 1, Span{UINT32_MAX, 0});
      para_first_sent_.resize(p + 1, UINT32_MAX);
      para_last_sent_.resize(p + 1, 0);
    }
    para_span_[p].start = std::min(para_span_[p].start, sent.span.start);
    para_span_[p].end = std::max(para_span_[p].end, sent.span.end);
    para_first_sent_[p] = std::min(para_first_sent_[p], s);
    para_last_sent_[p] = std::max(para_last_sent_[p], s);
  }
  para_quoted_.assign(para_span_.size(), false);
}

void Finder::find_regions() {
  // Paragraph by paragraph; a double quote left open at the end of a paragraph
  // continues when the next paragraph starts with an opening mark of its family
  // (the news convention for multi-paragraph quotes), and is otherwise closed,
  // unclosed, at the end of its paragraph so that it never runs on further.
  struct Open {
    Mark m;
    std::uint32_t para;
  };
  std::vector<Open> stack;
  std::optional<Open> carried;  // an outer double quote continuing from the last paragraph
  for (std::uint32_t p = 0; p < para_span_.size(); ++p) {
    const Span ps = para_span_[p];
    if (ps.start == UINT32_MAX || ps.empty()) continue;
    std::vector<Mark> marks = scan_marks(text_, ps.start, ps.end);
    stack.clear();
    std::size_t k = 0;
    if (carried) {
      if (!marks.empty() && marks[0].pos == ps.start && marks[0].can_open && marks[0].family == carried->m.family) {
        stack.push_back(*carried);
        k = 1;  // the repeated opening mark is consumed
      } else {
        // Should not happen: carry only when the next paragraph opens (checked below).
      }
      carried.reset();
    }
    for (; k < marks.size(); ++k) {
      const Mark& m = marks[k];
      // Try closing first when the mark can close a pending quote of its family.
      int match = -1;
      if (m.can_close)
        for (int j = static_cast<int>(stack.size()) - 1; j >= 0; --j)
          if (stack[static_cast<std::size_t>(j)].m.family == m.family) { match = j; break; }
      if (match >= 0 && !(m.can_open && !m.can_close)) {
        const Open o = stack[static_cast<std::size_t>(match)];
        stack.resize(static_cast<std::size_t>(match));
        if (stack.empty()) {
          Region r;
          r.open_start = o.m.pos;
          r.open_end = o.m.pos + o.m.len;
          r.close_start = m.pos;
          r.close_end = m.pos + m.len;
          r.first_para = o.para;
          r.last_para = p;
          r.family = o.m.family;
          regions_.push_back(r);
        }
        continue;
      }
      if (m.can_open) {
        // Inside a double quote, straight single marks and apostrophes are nested
        // quotes only when they open; a bare closing one is an apostrophe.
        stack.push_back({m, p});
      }
    }
    // Unclosed marks at the end of the paragraph: single quotes were apostrophes
    // after all; the outermost double/guillemet quote continues or is bounded here.
    while (!stack.empty() && stack.back().m.family == Family::Single && stack.size() > 1) stack.pop_back();
    if (stack.empty()) continue;
    const Open outer = stack.front();
    if (outer.m.family == Family::Single) continue;
    // Continue into the next paragraph when it opens with the same family.
    std::uint32_t np = p + 1;
    while (np < para_span_.size() && (para_span_[np].start == UINT32_MAX || para_span_[np].empty())) ++np;
    bool continues = false;
    if (np < para_span_.size()) {
      const RawMark r = raw_mark(text_, para_span_[np].start);
      continues = r.len > 0 && r.family == outer.m.family && r.shape >= 0;
    }
    if (continues) {
      carried = outer;
      continue;
    }
    Region r;
    r.open_start = outer.m.pos;
    r.open_end = outer.m.pos + outer.m.len;
    r.close_start = r.close_end = ps.end;
    // Bound an unclosed quote to its own sentence and the two after it, within the
    // paragraph: a stray mark in a long single-line text must not take it all.
    const std::uint32_t os = tok_sent_[std::min<std::size_t>(tok_at(r.open_start), tok_sent_.size() - 1)];
    const std::uint32_t last = std::min<std::uint32_t>(os + 2, para_last_sent_[p]);
    r.close_start = r.close_end = std::min(ps.end, doc_.sentences[last].span.end);
    r.first_para = outer.para;
    r.last_para = p;
    r.family = outer.m.family;
    r.unclosed = true;
    regions_.push_back(r);
  }
  std::sort(regions_.begin(), regions_.end(), [](const Region& a, const Region& b) { return a.open_start < b.open_start; });
  tok_region_.assign(doc_.tokens.size(), -1);
  for (std::size_t r = 0; r < regions_.size(); ++r) {
    const std::uint32_t b = tok_at(regions_[r].open_end);
    for (std::uint32_t t = b; t < doc_.tokens.size() && doc_.tokens[t].span.start < regions_[r].close_start; ++t)
      tok_region_[t] = static_cast<int>(r);
  }
}

void Finder::find_cues() {
  const auto& toks = doc_.tokens;
  cue_at_.assign(toks.size(), std::nullopt);
  cue_used_.assign(toks.size(), false);
  for (std::uint32_t i = 0; i < toks.size(); ++i) {
    const Token& t = toks[i];
    const std::uint32_t se = sent_end_tok(tok_sent_[i]);
    if (lower_[i] == "in" && i + 3 < se && lower_[i + 1] == "the" && lower_[i + 2] == "words" && lower_[i + 3] == "of") {
      CueHit c;
      c.tok = i;
      c.end = i + 4;
      c.lemma = "in the words of";
      c.according = true;
      cue_at_[i] = c;
      continue;
    }
    if (lower_[i] == "according" && i + 1 < se && lower_[i + 1] == "to") {
      CueHit c;
      c.tok = i;
      c.end = i + 2;
      c.lemma = "according to";
      c.according = true;
      cue_at_[i] = c;
      continue;
    }
    const coref::Cue* cue = nullptr;
    if (!t.lemma.empty() && t.lemma != "_") cue = coref::reporting_lemma(t.lemma);  // verb lemmas are lower-case
    const coref::Cue* form_cue = coref::reporting_cue(lower_[i]);
    if (!cue) cue = form_cue;
    if (!cue) continue;
    if (!t.upos.empty() && t.upos != "VERB") continue;  // "the state", "a note"
    // A participle modifying a noun: "May's proposed Brexit deal", "the alleged
    // comment" (not a finite verb the parser misread: "Nicole Towarek, described ...").
    if (t.deprel == "amod" && i > 0 &&
        (lower_[i - 1] == "'s" || toks[i - 1].upos == "DET" || toks[i - 1].upos == "ADJ" || toks[i - 1].xpos == "PRP$"))
      continue;
    if (outer_mention_[i] >= 0 && doc_.mentions[static_cast<std::size_t>(outer_mention_[i])].kind == MentionKind::Name)
      continue;
    CueHit c;
    c.tok = i;
    c.end = i + 1;
    c.lemma = std::string(cue->lemma);
    c.flags = cue->flags;
    if (form_cue && (form_cue->flags & coref::kNounForm) && t.upos.empty()) c.flags |= coref::kNounForm;
    if (cue->flags & coref::kParticle) {
      const std::string_view part = i + 1 < se ? coref::cue_particle(cue->lemma, lower_[i + 1]) : std::string_view{};
      if (part.empty()) continue;
      c.lemma = std::string(part);
      c.end = i + 2;
    }
    cue_at_[i] = c;
  }
}

std::optional<SpeakerHit> Finder::parse_subject(std::uint32_t verb, int depth) const {
  const std::uint32_t s = tok_sent_[verb];
  if (!parsed_[s] || depth > 2) return std::nullopt;
  const std::uint32_t sb = sent_begin_tok(s), se = sent_end_tok(s);
  const int rel = static_cast<int>(verb - sb);
  bool own_subject = false;
  // Of several subjects ("This, he said, requires ..." parsed with two), the one
  // nearest the verb.
  std::uint32_t subj = UINT32_MAX;
  std::uint32_t agent = UINT32_MAX;  // "by X" of a passive
  for (std::uint32_t k = sb; k < se; ++k) {
    const Token& t = doc_.tokens[k];
    if (t.head != rel) continue;
    // A passive or clausal subject: the speaker, if any, is not the subject.
    if (t.deprel == "nsubj:pass" || t.deprel == "aux:pass" || t.deprel == "csubj" || t.deprel == "expl") own_subject = true;
    if (t.deprel == "obl:agent") agent = k;
    if (t.deprel != "nsubj" && t.deprel != "nsubj:outer") continue;
    const auto dist = [&](std::uint32_t x) { return x > verb ? x - verb : verb - x; };
    if (subj == UINT32_MAX || dist(k) < dist(subj)) subj = k;
  }
  if (subj != UINT32_MAX) {
    const std::uint32_t k = subj;
    SpeakerHit h;
    h.found = true;
    h.tb = h.te = k;
    int m = outer_mention_[k];
    // "Prime Minister Tuilaepa, who told the press ...": a relative pronoun subject
    // stands for the noun its clause modifies.
    const Token& vt = doc_.tokens[verb];
    if (m < 0 && (lower_[k] == "who" || lower_[k] == "which" || lower_[k] == "that") && vt.deprel == "acl:relcl" &&
        vt.head >= 0 && sb + static_cast<std::uint32_t>(vt.head) < verb) {
      const std::uint32_t noun = sb + static_cast<std::uint32_t>(vt.head);
      const int nm = outer_mention_[noun];
      if (nm >= 0 && doc_.mentions[static_cast<std::size_t>(nm)].kind != MentionKind::Pronoun &&
          doc_.mentions[static_cast<std::size_t>(nm)].token_end <= k)
        m = nm;
    }
    // "Senior researcher Mu Li said": a role noun heading a name in apposition.
    for (std::uint32_t q = sb; q < se && m < 0; ++q) {
      const Token& c = doc_.tokens[q];
      if (c.head == static_cast<int>(k - sb) && (c.deprel == "flat" || c.deprel == "appos") && outer_mention_[q] >= 0 &&
          doc_.mentions[static_cast<std::size_t>(outer_mention_[q])].type == EntityType::PERSON)
        m = outer_mention_[q];
    }
    // "The editorial director of the magazine, Rachel Giese, said": a person's name
    // set off by commas between the subject noun and the verb is the subject's
    // apposition, however the parser attached it; so is it after a group word ("a
    // Republican, Mark Amodei, has ...").
    if (m < 0 || doc_.mentions[static_cast<std::size_t>(m)].type == EntityType::NORP) {
      std::uint32_t j = verb;
      const auto verb_part = [&](std::uint32_t q) {
        const Token& t = doc_.tokens[q];
        return coref::is_verb_modifier(lower_[q]) ||
               (t.head == rel && (t.deprel == "aux" || t.deprel == "advmod" || t.deprel == "aux:pass"));
      };
      while (j > k + 1 && verb_part(j - 1)) --j;
      // News often drops the closing comma: "A member of the Tunisian Parliament,
      // Samir Dilou said".
      const std::uint32_t name_end = lower_[j - 1] == "," ? j - 1 : j;
      if (name_end >= k + 3 && end_mention_[name_end - 1] >= 0) {
        const Mention& mm = doc_.mentions[static_cast<std::size_t>(end_mention_[name_end - 1])];
        // A lower-case title may stand before the name: ", herpetologist David Blackburn,".
        std::uint32_t open = mm.token_begin;
        while (open > k + 1 && mm.token_begin - open < 3 && is_lower_word(doc_.tokens[open - 1].form)) --open;
        if (mm.type == EntityType::PERSON && mm.kind == MentionKind::Name && open > k + 1 && lower_[open - 1] == ",")
          m = end_mention_[name_end - 1];
      }
    }
    // "NATO Secretary General Mark Rutte told": when the parser heads the subject
    // with the organisation of a title, the person named after the title speaks.
    if (m >= 0 && doc_.mentions[static_cast<std::size_t>(m)].type != EntityType::PERSON) {
      std::uint32_t q = doc_.mentions[static_cast<std::size_t>(m)].token_end;
      std::uint32_t title = 0;
      while (q < verb && title < 4 && outer_mention_[q] < 0 &&
             (coref::starts_upper(doc_.tokens[q].form) || coref::match_role(lower_, q, verb) || lower_[q] == "'s")) {
        ++q;
        ++title;
      }
      const int pm = q < verb ? outer_mention_[q] : -1;
      if (title > 0 && pm >= 0 && doc_.mentions[static_cast<std::size_t>(pm)].type == EntityType::PERSON &&
          doc_.mentions[static_cast<std::size_t>(pm)].token_begin == q)
        m = pm;
    }
    // The verb with the adverbs and auxiliaries before it ("also has said").
    std::uint32_t vb = verb;
    while (vb > k + 1 && coref::is_verb_modifier(lower_[vb - 1])) --vb;
    // "Former US Ambassador to the United Nations Nikki Haley wrote": the parser heads
    // the subject with the title, and the name right before the verb ends it.
    if (m < 0 && k + 1 < verb) {
      const int pm = end_mention_[vb - 1];
      if (pm >= 0 && doc_.mentions[static_cast<std::size_t>(pm)].type == EntityType::PERSON &&
          doc_.mentions[static_cast<std::size_t>(pm)].kind == MentionKind::Name &&
          doc_.mentions[static_cast<std::size_t>(pm)].token_begin > k) {
        bool title = true;
        for (std::uint32_t q = k; q < doc_.mentions[static_cast<std::size_t>(pm)].token_begin && title; ++q)
          title = title_word(q);
        // The head is a role or a capitalised title mid-sentence, not a sentence's
        // first word ("Associates of Navalny alleged").
        if (title && (coref::match_role(lower_, k, k + 1) || k > sb)) m = pm;
      }
    }
    // "Ex-Prime Minister Donald Tusk, the current President of the European Council,
    // wrote": the title heads the subject and an apposition stands between the name
    // and the verb. A role among the title's words keeps "Associates of Navalny" out.
    if (m < 0 && k + 1 < verb) {
      std::uint32_t q = k;
      bool role = false;
      while (q < verb && q < k + 6 && outer_mention_[q] < 0 && title_word(q)) {
        role = role || coref::match_role(lower_, q, q + 1).has_value();
        ++q;
      }
      const int pm = q < verb ? start_mention_[q] : -1;
      if (pm >= 0 && role && q > k) {
        const Mention& mm = doc_.mentions[static_cast<std::size_t>(pm)];
        if (mm.type == EntityType::PERSON && mm.kind == MentionKind::Name && mm.token_end < verb &&
            lower_[mm.token_end] == ",")
          m = pm;
      }
    }
    // "Peter Iseley of worldwide victim group Ending Clergy Abuse said": the parser
    // took a word of the modifier for the subject.
    if (m < 0 && vb > sb && k < vb) {
      const SpeakerHit ph = person_before_modifier(vb - 1, sb);
      if (ph.found && ph.entity >= 0 && ph.tb <= k) return ph;
    }
    if (m >= 0) {
      const Mention& mm = doc_.mentions[static_cast<std::size_t>(m)];
      h.entity = mm.entity;
      h.tb = mm.token_begin;
      h.te = mm.token_end;
    } else {
      h.te = k + 1;
    }
    return h;
  }
  // A passive's agent speaks: 'Gutierrez was described by the CBCP as "..."', "was
  // told by police that ...". Not when it only relays the words ("was quoted by
  // Reuters as saying", "as reported by Hurriyet Daily News", "the dispatcher's words
  // were reported by CNN"): someone else spoke then.
  if (agent != UINT32_MAX && outer_mention_[agent] >= 0) {
    std::string_view lemma = doc_.tokens[verb].lemma;
    if ((lemma.empty() || lemma == "_") && cue_at_[verb]) lemma = cue_at_[verb]->lemma;  // untagged text
    const Mention& mm = doc_.mentions[static_cast<std::size_t>(outer_mention_[agent])];
    if (lemma != "quote" && lemma != "cite" && lemma != "report" && mm.entity >= 0) {
      SpeakerHit h;
      h.found = true;
      h.entity = mm.entity;
      h.tb = mm.token_begin;
      h.te = mm.token_end;
      return h;
    }
  }
  // Shared subjects: "Rutte praised the plan and urged ...", "went on to say", and a
  // participle ("..., saying ...", "..., adding that ...") whose subject is its clause's.
  const Token& v = doc_.tokens[verb];
  const bool ing = v.xpos == "VBG" || (v.xpos.empty() && lower_[verb].size() > 4 && lower_[verb].ends_with("ing"));
  // 'Ebrard said, "...", adding, "..."': the parser hung the participle on a word of
  // the quotation before it, whose subject is no speaker. The participle shares the
  // subject of the cue that introduced that quotation.
  if (!own_subject && ing && v.head >= 0 && tok_region_[verb] < 0) {
    const std::uint32_t head = sb + static_cast<std::uint32_t>(v.head);
    if (const int r = tok_region_[head]; r >= 0 && head < verb) {
      for (std::uint32_t k = std::min(tok_at(regions_[static_cast<std::size_t>(r)].open_start), verb); k-- > sb;) {
        if (tok_region_[k] >= 0) break;
        if (cue_at_[k] && !cue_at_[k]->according && cue_at_[k]->tok == k) return parse_subject(k, depth + 1);
      }
      return std::nullopt;
    }
  }
  const bool participle = v.deprel == "advcl" && ing;
  if (!own_subject && (v.deprel == "conj" || v.deprel == "xcomp" || participle) && v.head >= 0)
    return parse_subject(sb + static_cast<std::uint32_t>(v.head), depth + 1);
  return std::nullopt;
}

SpeakerHit Finder::np_ending_at(std::uint32_t last, std::uint32_t floor) const {
  SpeakerHit h;
  const int m = end_mention_[last];
  if (m >= 0) {
    const Mention& mm = doc_.mentions[static_cast<std::size_t>(m)];
    if (mm.token_begin < floor) return h;
    // "the spokesman for NATO said": the name is inside a larger subject.
    if (mm.token_begin > floor) {
      const std::string_view prev = lower_[mm.token_begin - 1];
      if (coref::is_preposition(prev) || prev == "'s" || prev == "of") return h;
      // "... of the University of Essex said": the article does not start the subject.
      if (prev == "the" && mm.token_begin > floor + 1 &&
          (coref::is_preposition(lower_[mm.token_begin - 2]) || lower_[mm.token_begin - 2] == "of"))
        return h;
      if (!prev.empty() && !coref::is_punct(prev) && prev != "and" && prev != "but" && prev != "that" &&
          prev != "while" && prev != "as" && prev != "when" && prev != "because" && prev != "so" && prev != "the" &&
          !coref::starts_upper(doc_.tokens[mm.token_begin - 1].form) && !coref::reporting_cue(prev) &&
          !coref::is_verb_modifier(prev) && prev != "then" && prev != "which" && prev != "who" && prev != "where" &&
          prev != "if" && prev != "since" && prev != "after" && prev != "before" && prev != "although" &&
          !coref::match_role(lower_, mm.token_begin - 1, mm.token_begin))  // "researcher Mu Li"
        return h;  // "... peace in Ukraine negotiates": the name ends a longer phrase
    }
    h.found = true;
    h.entity = mm.entity;
    h.tb = mm.token_begin;
    h.te = mm.token_end;
    return h;
  }
  if (const coref::PronounInfo* p = coref::pronoun_info(lower_[last]); p && p->pcase == coref::PronounCase::Subject) {
    h.found = true;
    h.tb = last;
    h.te = last + 1;
  }
  return h;
}

SpeakerHit Finder::np_starting_at(std::uint32_t first, std::uint32_t ceil) const {
  SpeakerHit h;
  if (first >= ceil) return h;
  int m = start_mention_[first];
  if (m < 0 && lower_[first] == "the" && first + 1 < ceil) m = start_mention_[first + 1];
  // "the Crown prosecutor", "the NATO chief": a name modifying a role noun is not
  // the phrase's referent.
  if (m >= 0) {
    const std::uint32_t e = doc_.mentions[static_cast<std::size_t>(m)].token_end;
    if (e < ceil && doc_.mentions[static_cast<std::size_t>(m)].kind == MentionKind::Name &&
        coref::match_role(lower_, e, ceil))
      m = -1;
  }
  if (m < 0) {
    // "said coach Pep Guardiola", "said Prime Minister Mark Carney"
    std::uint32_t k = first;
    if (k < ceil && lower_[k] == "the") ++k;
    if (k < ceil && start_mention_[k] >= 0) k = doc_.mentions[static_cast<std::size_t>(start_mention_[k])].token_end;
    std::uint32_t plain = 0;  // unlisted lower-case words: "curator", "former thinktank executive"
    while (k < ceil) {
      const auto r = coref::match_role(lower_, k, ceil);
      if (r) k += r->length;
      else if (coref::is_honorific(lower_[k])) ++k;
      else if (plain < 3 && !doc_.tokens[k].form.empty() && doc_.tokens[k].form[0] >= 'a' &&
               doc_.tokens[k].form[0] <= 'z' &&
               lower_[k] != "the" && !coref::is_preposition(lower_[k]) && !coref::pronoun_info(lower_[k]) &&
               !coref::is_determiner(lower_[k]) && (doc_.tokens[k].upos.empty() || doc_.tokens[k].upos == "NOUN" ||
                                                  doc_.tokens[k].upos == "ADJ")) {
        ++k;
        ++plain;
      } else {
        break;
      }
    }
    if (k > first && k + 1 < ceil && lower_[k] == ",") ++k;  // "the Crown prosecutor, Mark Tedeschi"
    if (k > first && k < ceil && start_mention_[k] >= 0 &&
        doc_.mentions[static_cast<std::size_t>(start_mention_[k])].type == EntityType::PERSON)
      m = start_mention_[k];
  }
  if (m >= 0) {
    const Mention& mm = doc_.mentions[static_cast<std::size_t>(m)];
    if (mm.token_end > ceil) return h;
    h.found = true;
    h.entity = mm.entity;
    h.tb = first;
    h.te = mm.token_end;
    return h;
  }
  if (const coref::PronounInfo* p = coref::pronoun_info(lower_[first]); p && p->pcase == coref::PronounCase::Subject) {
    h.found = true;
    h.tb = first;
    h.te = first + 1;
  }
  return h;
}

bool Finder::participle_cue(const CueHit& c) const {
  const Token& v = doc_.tokens[c.tok];
  return !c.according && (v.xpos == "VBG" || (v.xpos.empty() && lower_[c.tok].ends_with("ing")));
}

SpeakerHit Finder::speaker_of(const CueHit& c) const {
  const std::uint32_t s = tok_sent_[c.tok];
  const std::uint32_t sb = sent_begin_tok(s), se = sent_end_tok(s);
  if (c.according) {
    // "according to X" / "according to the X": the phrase after "to", or a name in
    // apposition to it ("according to the team's coach, Alireza Mehraban,").
    SpeakerHit h = np_starting_at(c.end, se);
    if (!h.found || h.entity < 0) {
      std::uint32_t k = c.end;
      while (k < se && lower_[k] != "," && k < c.end + 10) ++k;
      if (k + 1 < se && lower_[k] == "," && start_mention_[k + 1] >= 0) {
        const Mention& mm = doc_.mentions[static_cast<std::size_t>(start_mention_[k + 1])];
        if (mm.type == EntityType::PERSON && (mm.token_end >= se || lower_[mm.token_end] == "," || lower_[mm.token_end] == ".")) {
          h.found = true;
          h.entity = mm.entity;
          h.tb = c.end;
          h.te = mm.token_end;
        }
      }
    }
    if (!h.found && c.end < se) {
      h.found = true;  // an unnamed source ("according to officials")
      h.tb = c.end;
      h.te = c.end + 1;
    }
    return h;
  }
  if (parsed_[s]) {
    auto h = parse_subject(c.tok, 0);
    // A subject word inside a quotation that the cue stands outside is the parser
    // reading the quote as the clause ('"We stand ready" tweeted Johnson').
    if (h && h->entity < 0 && tok_region_[h->tb] >= 0 && tok_region_[c.tok] < 0) h.reset();
    if (h) return *h;
    // No subject in the parse. A passive ("were advised"), an infinitive or a
    // participle has none and gets no speaker; but a finite cue verb always has one,
    // so the parser went wrong (news subjects are long: "Newly elected Assemblywoman
    // Selena Torres said", "The judge presiding over the case, Bernard Schwartz,
    // said", '"We stand ready" tweeted Johnson') and the surface rules decide.
    if (!finite_without_parsed_subject(c.tok)) return {};
  }
  return surface_speaker(c, sb, se);
}

bool Finder::finite_without_parsed_subject(std::uint32_t verb) const {
  const std::uint32_t s = tok_sent_[verb];
  const std::uint32_t sb = sent_begin_tok(s), se = sent_end_tok(s);
  const Token& v = doc_.tokens[verb];
  bool perfect = false;
  for (std::uint32_t k = sb; k < se; ++k) {
    const Token& t = doc_.tokens[k];
    if (t.head != static_cast<int>(verb - sb)) continue;
    if (t.deprel == "nsubj:pass" || t.deprel == "aux:pass" || t.deprel == "csubj" || t.deprel == "expl") return false;
    if (t.deprel == "aux" && (lower_[k] == "has" || lower_[k] == "have" || lower_[k] == "had")) perfect = true;
  }
  if (verb > sb && is_passive_be(lower_[verb - 1])) return false;  // "were advised": a passive the parser missed
  return v.xpos == "VBD" || v.xpos == "VBZ" || v.xpos == "VBP" || (v.xpos == "VBN" && perfect);
}

SpeakerHit Finder::surface_speaker(const CueHit& c, std::uint32_t sb, std::uint32_t se) const {
  std::uint32_t j = c.tok;
  while (j > sb && coref::is_verb_modifier(lower_[j - 1])) --j;
  if (j > sb && is_passive_be(lower_[j - 1])) return {};  // passive: the subject is the hearer
  // "Rutte on Monday said"
  if (j >= sb + 2 && coref::is_time_word(lower_[j - 1]) && (lower_[j - 2] == "on" || lower_[j - 2] == "last")) j -= 2;
  if (j > sb) {
    SpeakerHit h = np_ending_at(j - 1, sb);
    if (h.found) return h;
    h = person_before_modifier(j - 1, sb);
    if (h.found) return h;
    if (lower_[j - 1] == "," && j >= sb + 3) {
      // A person's name set off by commas after the subject noun: "The judge presiding
      // over the case, Bernard Schwartz, said" (a lower-case title may open it).
      if (const int am = end_mention_[j - 2]; am >= 0) {
        const Mention& mm = doc_.mentions[static_cast<std::size_t>(am)];
        std::uint32_t open = mm.token_begin;
        while (open > sb + 1 && mm.token_begin - open < 3 && is_lower_word(doc_.tokens[open - 1].form)) --open;
        if (mm.type == EntityType::PERSON && mm.kind == MentionKind::Name && open > sb + 1 && lower_[open - 1] == ",") {
          h.found = true;
          h.entity = mm.entity;
          h.tb = mm.token_begin;
          h.te = mm.token_end;
          return h;
        }
      }
      // Apposition, modifier or relative clause after the name: "Mark Tedeschi, the
      // Crown prosecutor, said", "Mu Li, of the University of NSW, said", "Denzel
      // Washington, who paid for his studies, stated".
      for (std::uint32_t k = j - 2; k > sb && k + 16 > j; --k) {
        if (lower_[k] == "," ) {
          const bool relative = lower_[k + 1] == "who" || lower_[k + 1] == "which";
          bool verbish = false;
          for (std::uint32_t q = k + 1; q + 1 < j && !verbish && !relative; ++q)
            verbish = coref::looks_finite(doc_.tokens[q]) || cue_at_[q].has_value();
          if (verbish) break;
          h = np_ending_at(k - 1, sb);
          if (h.found && h.entity >= 0) return h;
          h = person_before_modifier(k - 1, sb);
          if (h.found) return h;
          break;
        }
      }
    }
  }
  // Inversion after a quote or a comma: "..., said Rutte" / "said the minister".
  if (c.end < se) {
    SpeakerHit h = np_starting_at(c.end, se);
    if (h.found) return h;
  }
  return {};
}

SpeakerHit Finder::person_before_modifier(std::uint32_t last, std::uint32_t floor) const {
  // The modifier's words: capitalised ("of the University of Essex", "from the Ministry
  // of Health"), or lower-case ones describing the name that ends it ("of worldwide
  // victim group Ending Clergy Abuse"), but no verb.
  const auto modifier_word = [&](std::uint32_t q) {
    return coref::starts_upper(doc_.tokens[q].form) || lower_[q] == "of" || lower_[q] == "the" || lower_[q] == "'s" ||
           lower_[q] == "and" || lower_[q] == "&" || lower_[q] == "-" || lower_[q] == "for" ||
           (is_lower_word(doc_.tokens[q].form) && !coref::looks_finite(doc_.tokens[q]) && !cue_at_[q]);
  };
  if (!coref::starts_upper(doc_.tokens[last].form)) return {};
  for (std::uint32_t p = last; p > floor && p + 12 > last; --p) {
    const std::string_view prep = lower_[p];
    if ((prep == "of" || prep == "from" || prep == "at") && p < last) {
      const int m = end_mention_[p - 1];
      if (m >= 0 && doc_.mentions[static_cast<std::size_t>(m)].type == EntityType::PERSON &&
          doc_.mentions[static_cast<std::size_t>(m)].kind == MentionKind::Name)
        return np_ending_at(p - 1, floor);
    }
    if (!modifier_word(p)) break;
  }
  return {};
}

int Finder::addressee_after(const CueHit& c, std::uint32_t limit, std::uint32_t* after) const {
  *after = c.end;
  if (!(c.flags & coref::kAddressee) || c.end >= limit) return -1;
  std::uint32_t k = c.end;
  int m = start_mention_[k];
  if (m < 0 && lower_[k] == "the" && k + 1 < limit) m = start_mention_[k + 1];
  if (m >= 0) {
    const Mention& mm = doc_.mentions[static_cast<std::size_t>(m)];
    if (mm.token_end <= limit && mm.kind != MentionKind::Pronoun) {
      *after = mm.token_end;
      return mm.entity;
    }
  }
  if (m >= 0 && doc_.mentions[static_cast<std::size_t>(m)].kind == MentionKind::Pronoun) {
    *after = k + 1;
    return doc_.mentions[static_cast<std::size_t>(m)].entity;
  }
  static const char* const hearers[] = {"reporters", "journalists", "lawmakers", "legislators", "delegates",
                                        "colleagues", "students", "supporters", "viewers", "listeners",
                                        "members", "parliament", "court", "jury", "audience", "committee",
                                        "media", "press", "crowd", "investors", "analysts", "voters",
                                        "him", "her", "them", "us", "me", "you", "senators", "officials"};
  std::uint32_t q = k;
  if (q < limit && lower_[q] == "the") ++q;
  if (q < limit)
    for (const char* w : hearers)
      if (lower_[q] == w) { *after = q + 1; return -1; }
  return -1;
}

std::uint32_t Finder::subtree_last(std::uint32_t head) const {
  const std::uint32_t s = tok_sent_[head];
  const std::uint32_t sb = sent_begin_tok(s), se = sent_end_tok(s);
  std::uint32_t last = head;
  for (std::uint32_t q = head + 1; q < se; ++q) {
    // Walk up from q. Real trees are far shallower than 64; the bound keeps each
    // call linear in the sentence length, even for a huge one-sentence input.
    std::uint32_t k = q;
    for (std::uint32_t steps = 0; steps < 64 && k != head; ++steps) {
      const int h = doc_.tokens[k].head;
      if (h < 0 || sb + static_cast<std::uint32_t>(h) >= se) break;
      k = sb + static_cast<std::uint32_t>(h);
    }
    if (k == head) last = q;
  }
  return last;
}

std::uint32_t Finder::trim_end_tok(std::uint32_t b, std::uint32_t e) const {
  // Sentence-final and clause punctuation only: quote marks, brackets, "?" and "!"
  // belong to the content.
  while (e > b && (lower_[e - 1] == "." || lower_[e - 1] == "," || lower_[e - 1] == ";" || lower_[e - 1] == ":" ||
                   lower_[e - 1] == "-" || lower_[e - 1] == "--" || lower_[e - 1] == "\xE2\x80\x94" ||
                   lower_[e - 1] == "..." || lower_[e - 1] == "\xE2\x80\xA6"))
    --e;
  return e;
}

Quotation Finder::make(std::uint32_t b, std::uint32_t e, QuoteKind kind, const SpeakerHit& sp, const CueHit* cue) const {
  Quotation q;
  q.span = {doc_.tokens[b].span.start, doc_.tokens[e - 1].span.end};
  q.kind = kind;
  q.speaker = sp.entity;
  q.sentence = tok_sent_[b];
  if (cue) {
    q.cue_span = {doc_.tokens[cue->tok].span.start, doc_.tokens[cue->end - 1].span.end};
    q.cue = text_.substr(q.cue_span.start, q.cue_span.size());
    q.cue_lemma = cue->lemma;
  }
  return q;
}

void Finder::attribute_regions() {
  const auto& toks = doc_.tokens;
  int prev_speaker = -1;         // speaker of the previous attributed region
  std::int64_t prev_region = -1;
  std::vector<SpeakerHit> region_speaker(regions_.size());
  for (std::size_t ri = 0; ri < regions_.size(); ++ri) {
    const Region& r = regions_[ri];
    // Content bytes without the marks and surrounding blanks.
    std::uint32_t cb = r.open_end, ce = r.close_start;
    while (cb < ce && is_space(static_cast<unsigned char>(text_[cb]))) ++cb;
    while (ce > cb && is_space(static_cast<unsigned char>(text_[ce - 1]))) --ce;
    while (ce > cb && text_[ce - 1] == ',') --ce;
    while (ce > cb && is_space(static_cast<unsigned char>(text_[ce - 1]))) --ce;
    if (ce <= cb) continue;
    const std::uint32_t tb = tok_at(cb);
    std::uint32_t te = tok_at(ce);
    if (te < toks.size() && toks[te].span.start < ce) ++te;
    if (tb >= toks.size() || te <= tb) continue;
    std::uint32_t words = 0;
    for (std::uint32_t t = tb; t < te; ++t) words += coref::is_punct(lower_[t]) ? 0u : 1u;

    const std::uint32_t open_tok = tok_at(r.open_start);   // the mark's own token
    const std::uint32_t close_tok = r.unclosed ? te : tok_at(r.close_start);
    const std::uint32_t s_open = tok_sent_[std::min<std::size_t>(open_tok, toks.size() - 1)];
    const std::uint32_t para = r.first_para;
    const std::uint32_t para_b = sent_begin_tok(para_first_sent_[para]);

    SpeakerHit sp;
    const CueHit* cue = nullptr;
    int addressee = -1;
    QuoteKind kind = QuoteKind::Direct;
    bool attributed = false;

    // (a) After the quote: "...," Rutte said. / "...," said the minister.
    if (!r.unclosed) {
      std::uint32_t j = close_tok + 1;
      const std::uint32_t last_para = r.last_para;
      const std::uint32_t para_e = sent_end_tok(para_last_sent_[last_para]);
      while (j < para_e && (lower_[j] == "," || lower_[j] == "--" || coref::is_punct(lower_[j])) && tok_region_[j] < 0 &&
             lower_[j] != "." && j <= close_tok + 2)
        ++j;
      // Ten words, or up to sixteen of a long title and name ("...," Hong Kong
      // director of Amnesty International Man-kei Tam said); a finite verb or the
      // sentence's end stops the search sooner.
      bool title_run = true;
      for (std::uint32_t c = j; c < para_e && c < j + 16 && !attributed; ++c) {
        if (c >= j + 10 && !title_run) break;
        // A quote ending with its full stop is not attributed by the next sentence's
        // verb ('"... operation."  Director John Ratcliffe said the ...'), unless that
        // sentence is only the attribution ('"... a trial." Pelosi said.').
        if (te > 0 && lower_[te - 1] == "." && tok_sent_[c] != tok_sent_[te - 1]) {
          const std::uint32_t ns = tok_sent_[c];
          const std::uint32_t nb = sent_begin_tok(ns), ne = sent_end_tok(ns);
          bool bare = false;
          for (std::uint32_t x = nb; x < ne && x < nb + 8; ++x)
            if (cue_at_[x]) {
              bare = cue_at_[x]->end + 1 >= ne;
              break;
            }
          if (!bare) break;
        }
        if (tok_region_[c] >= 0 || lower_[c] == "." || lower_[c] == "?" || lower_[c] == "!") break;
        if (!cue_at_[c] || cue_at_[c]->according) {
          if (coref::looks_finite(toks[c]) && !coref::is_verb_modifier(lower_[c])) break;
          title_run = title_run && (outer_mention_[c] >= 0 || title_word(c));
          continue;
        }
        const CueHit& ch = *cue_at_[c];
        SpeakerHit h = speaker_of(ch);
        const bool inverted = c == j;
        const bool subject_first = h.found && h.tb == j;
        // "...," Lam continued. -- never "... as the inquiry continued", nor a verb of
        // the next sentence after a quotation that ends with its full stop.
        if ((ch.flags & coref::kQuoteAdjacent) && !(h.found && (inverted || subject_first) && te > 0 &&
                                                    tok_sent_[c] == tok_sent_[te - 1]))
          break;
        if (inverted || subject_first || (h.found && h.tb >= j && h.te <= c) || (!h.found && c <= j + 5)) {
          sp = h;
          cue = &ch;
          attributed = true;
          std::uint32_t after = 0;
          // "...," Rutte told the European Parliament.
          if (!inverted) addressee = addressee_after(ch, para_e, &after);
        }
        break;
      }
    }
    // A cue after the quote that has no speaker yields to one before it that has:
    // 'Ryan Coogler ... wrote of Boseman, "...", recalling their first meeting'.
    struct Pick {
      SpeakerHit sp;
      const CueHit* cue;
      int addressee;
    };
    std::optional<Pick> after_fallback;
    // So does a participle after the quote: it shares the subject of a cue before it
    // ('X said, "...", adding, "..."'; 'X wrote of Y, "...", recalling ...'), which
    // is the better cue, and it may be opening the next quotation.
    if (attributed && (!sp.found || (cue != nullptr && participle_cue(*cue)))) {
      after_fallback = Pick{sp, cue, addressee};
      attributed = false;
      cue = nullptr;
      addressee = -1;
    }
    // (b) Before the quote: Rutte said: "..." / He told reporters, "..." / said "..."
    if (!attributed && open_tok > para_b) {
      std::uint32_t k = open_tok;  // token of the opening mark
      const std::uint32_t sb = sent_begin_tok(s_open);
      std::uint32_t j = k;
      bool punct_intro = false;
      if (j > para_b && (lower_[j - 1] == ":" || lower_[j - 1] == ",")) { --j; punct_intro = true; }
      // The cue is at most a few tokens back: verb, optional addressee / adverbial.
      for (std::uint32_t c = j; c-- > para_b && c + 14 > j;) {
        if (tok_region_[c] >= 0) break;
        if (!cue_at_[c]) continue;
        const CueHit& ch = *cue_at_[c];
        if (!ch.according && c + 8 <= j) continue;
        // Lam continued: "..." -- the verb right before the mark that opens the quotation.
        if ((ch.flags & coref::kQuoteAdjacent) && !(punct_intro && ch.end == j)) continue;
        std::uint32_t after = ch.end;
        const int hearer = addressee_after(ch, j, &after);
        bool clean = true;
        for (std::uint32_t q = after; q < j && clean; ++q)
          clean = !coref::looks_finite(toks[q]) && lower_[q] != "." && !cue_at_[q];
        if (!clean) break;
        const bool that = after < j && lower_[j - 1] == "that";
        sp = speaker_of(ch);
        cue = &ch;
        addressee = hearer;
        attributed = true;
        kind = (that || (!punct_intro && after + 1 < j)) ? QuoteKind::Mixed : QuoteKind::Direct;
        break;
      }
      // (c) Embedded in a reported clause: X said the deal was "strong";
      // according to X, ... a "strong deal".
      if (!attributed && k > sb) {
        for (std::uint32_t c = sb; c < k; ++c) {
          if (!cue_at_[c] || tok_region_[c] >= 0) continue;
          const CueHit& ch = *cue_at_[c];
          if (ch.flags & coref::kIntroOnly) continue;
          SpeakerHit h = speaker_of(ch);
          if (!h.found) continue;
          sp = h;
          cue = &ch;
          attributed = true;
          kind = QuoteKind::Mixed;
        }
      }
      // A speaker who follows later in the sentence: '... a "strong deal", according to X.'
      if (!attributed) {
        const std::uint32_t se = sent_end_tok(s_open);
        for (std::uint32_t c = close_tok + 1; c < se && c < toks.size(); ++c) {
          if (tok_region_[c] >= 0) break;
          if (!cue_at_[c] || !cue_at_[c]->according) continue;
          sp = speaker_of(*cue_at_[c]);
          cue = &*cue_at_[c];
          attributed = sp.found;
          kind = QuoteKind::Mixed;
          break;
        }
      }
    }
    if (after_fallback && !(attributed && sp.found)) {
      sp = after_fallback->sp;
      cue = after_fallback->cue;
      addressee = after_fallback->addressee;
      kind = QuoteKind::Direct;
      attributed = true;
    }
    // (d) The paragraph before introduces it: 'He noted:' + a quoted paragraph.
    if (!attributed && open_tok == para_b && para > 0) {
      const std::uint32_t pp = para - 1;
      if (pp < para_span_.size() && para_last_sent_[pp] < doc_.sentences.size() && para_span_[pp].start != UINT32_MAX) {
        const std::uint32_t ls = para_last_sent_[pp];
        const std::uint32_t lb = sent_begin_tok(ls), le = sent_end_tok(ls);
        if (le > lb && lower_[le - 1] == ":") {
          for (std::uint32_t c = le - 1; c-- > lb;) {
            if (!cue_at_[c] || tok_region_[c] >= 0) continue;
            sp = speaker_of(*cue_at_[c]);
            cue = &*cue_at_[c];
            attributed = true;
            break;
          }
        }
      }
    }
    // (f) A colon introduction without a cue: the named person or organisation that is
    // the subject of the clause before the colon ('Michael Morell praised Mendez on
    // Twitter: "..."', 'Collins saw compromise as the best way: "..."').
    if (!attributed && open_tok > para_b && lower_[open_tok - 1] == ":" && tok_sent_[open_tok - 1] == s_open) {
      const std::uint32_t sb = sent_begin_tok(s_open);
      const std::uint32_t colon = open_tok - 1;
      SpeakerHit h;
      if (parsed_[s_open]) {
        for (std::uint32_t k = sb; k < colon; ++k)
          if (toks[k].head == -1) {
            if (auto p = parse_subject(k, 0)) h = *p;
            break;
          }
      } else {
        h = np_starting_at(sb, colon);
      }
      if (h.found && h.entity >= 0 && h.te <= colon) {
        const EntityType t = doc_.entities[static_cast<std::size_t>(h.entity)].type;
        if (t == EntityType::PERSON || t == EntityType::ORG) {
          sp = h;
          attributed = true;
        }
      }
    }
    // (g) A statement's words: 'Trump's statement read: "..."', 'The family's statement
    // on the death read: "..."', 'Facebook released a statement which read, "..."'. The
    // speaker is the statement's owner.
    if (!attributed && open_tok > para_b) {
      const std::uint32_t sb = sent_begin_tok(s_open);
      std::uint32_t j = open_tok;
      while (j > sb && (lower_[j - 1] == ":" || lower_[j - 1] == ",")) --j;
      if (j >= sb + 2 && lower_[j - 1] == "part" && lower_[j - 2] == "in") {  // "read, in part,"
        j -= 2;
        while (j > sb && lower_[j - 1] == ",") --j;
      }
      static const char* const verbs[] = {"read", "reads", "said", "says", "stated", "states"};
      static const char* const nouns[] = {"statement", "letter", "post", "tweet", "message", "release", "note",
                                          "communique", "announcement"};
      const auto one_of = [](std::string_view w, const auto& list) {
        return std::find(std::begin(list), std::end(list), w) != std::end(list);
      };
      if (j > sb && one_of(lower_[j - 1], verbs)) {
        const std::uint32_t v = j - 1;
        for (std::uint32_t d = v; d-- > sb && d + 8 > v;) {
          if (!one_of(lower_[d], nouns)) continue;
          std::uint32_t k = d;
          // "official", "joint", "brief": an adjective or two before the noun.
          while (k > sb && k + 3 > d && toks[k - 1].upos == "ADJ") --k;
          int owner = -1;
          bool unnamed_owner = false;  // "The family's statement": someone, but no name
          if (k > sb && (lower_[k - 1] == "'s" || lower_[k - 1] == "'")) {
            if (k >= sb + 2) owner = end_mention_[k - 2];
            unnamed_owner = owner < 0;
          } else if (k > sb && outer_mention_[k - 1] >= 0 &&
                     doc_.mentions[static_cast<std::size_t>(outer_mention_[k - 1])].kind == MentionKind::Pronoun) {
            owner = outer_mention_[k - 1];  // "Their statement also read"
          } else if (d + 1 < v && (lower_[d + 1] == "which" || lower_[d + 1] == "that")) {
            // "Facebook released a statement which read": the subject of the verb
            // that made the statement.
            while (k > sb && (coref::is_determiner(lower_[k - 1]) || toks[k - 1].upos == "ADJ")) --k;
            if (k >= sb + 2 && toks[k - 1].upos == "VERB") owner = end_mention_[k - 2];
          }
          if (owner >= 0 && doc_.mentions[static_cast<std::size_t>(owner)].entity >= 0) {
            const Mention& mm = doc_.mentions[static_cast<std::size_t>(owner)];
            sp.found = true;
            sp.entity = mm.entity;
            sp.tb = mm.token_begin;
            sp.te = mm.token_end;
            attributed = true;
          } else if (unnamed_owner) {
            sp.found = true;
            sp.tb = k - 1;
            sp.te = k;
            attributed = true;
          }
          break;
        }
      }
    }
    // (e) A continuation: the previous quote's speaker, when nothing between them
    // (outside quotes) names anyone else or has another cue.
    if (!attributed && prev_region >= 0 && prev_speaker >= 0) {
      const Region& pr = regions_[static_cast<std::size_t>(prev_region)];
      const std::uint32_t from = tok_at(pr.close_end);
      bool clean = r.first_para <= pr.last_para + 1;
      for (std::uint32_t t = from; t < open_tok && clean; ++t) {
        if (tok_region_[t] >= 0) continue;
        if (cue_at_[t] && !cue_used_[t]) clean = false;
        const int m = outer_mention_[t];
        if (m >= 0 && doc_.mentions[static_cast<std::size_t>(m)].entity != prev_speaker &&
            doc_.mentions[static_cast<std::size_t>(m)].type == EntityType::PERSON)
          clean = false;
      }
      // A quote inside a narrative sentence of its own ("The Constitution specifies
      // removal for "Treason, Bribery, ..."") continues nobody, unless that sentence
      // names the speaker again ("He continued, "...").
      const std::uint32_t sb = sent_begin_tok(s_open);
      if (clean && sb > from && sb < open_tok) {
        bool finite = false, names_speaker = false;
        for (std::uint32_t t = sb; t < open_tok; ++t) {
          if (tok_region_[t] >= 0) continue;
          finite = finite || coref::looks_finite(toks[t]);
          const int m = outer_mention_[t];
          names_speaker = names_speaker || (m >= 0 && doc_.mentions[static_cast<std::size_t>(m)].entity == prev_speaker);
        }
        if (finite && !names_speaker) clean = false;
      }
      if (clean) {
        sp.found = true;
        sp.entity = prev_speaker;
        attributed = true;
      }
    }
    // Unattributed short quotes are titles or scare quotes, not speech.
    if (!attributed && (words < 4 || r.family == Family::Single)) continue;
    if (!attributed) {
      // Unattributed quoted titles ("The Internet Explorer 6 Countdown") are not
      // speech: keep only what reads like a sentence.
      bool finite = false;
      for (std::uint32_t t = tb; t < te && !finite; ++t) finite = coref::looks_finite(toks[t]);
      const std::string_view last = lower_[te - 1];
      const bool sentence_end = last == "." || last == "!" || last == "?";
      const bool tagged = !toks[tb].xpos.empty();
      if (!finite && !sentence_end && (tagged || words < 6)) continue;
    }
    if (attributed && kind == QuoteKind::Mixed && words > 30) kind = QuoteKind::Direct;
    const std::uint32_t te2 = te;
    Quotation q = make(tb, te2, kind, sp, cue);
    q.span = {cb, ce};
    q.text = text_.substr(cb, ce - cb);
    q.unclosed = r.unclosed;
    q.addressee = addressee;
    // A mixed quote leaves its cue free for the indirect statement around it.
    if (cue && kind == QuoteKind::Direct) cue_used_[cue->tok] = true;
    out_.push_back(std::move(q));
    region_speaker[ri] = sp;
    if (attributed && sp.entity >= 0) {
      prev_speaker = sp.entity;
      prev_region = static_cast<std::int64_t>(ri);
    } else {
      // Unattributed, or said by someone unnamed ('said a protester'): the next quote
      // continues neither this speaker nor the one before.
      prev_speaker = -1;
      prev_region = -1;
    }
    for (std::uint32_t p = r.first_para; p <= r.last_para && p < para_quoted_.size(); ++p)
      if (para_span_[p].start + 3 >= r.open_start) para_quoted_[p] = para_quoted_[p] || (r.last_para > r.first_para);
  }
}

void Finder::indirect() {
  const auto& toks = doc_.tokens;
  for (std::uint32_t s = 0; s < doc_.sentences.size(); ++s) {
    const std::uint32_t sb = sent_begin_tok(s), se = sent_end_tok(s);
    for (std::uint32_t c = sb; c < se; ++c) {
      if (!cue_at_[c] || cue_used_[c] || tok_region_[c] >= 0) continue;
      const CueHit& ch = *cue_at_[c];
      if (ch.flags & coref::kIntroOnly) continue;
      const SpeakerHit sp = speaker_of(ch);
      if (!sp.found) continue;
      // "have not said", "never claimed": a denied statement is no statement.
      bool negated = false;
      for (std::uint32_t k = std::min(sp.te, c); k < c; ++k)
        negated = negated || lower_[k] == "not" || lower_[k] == "n't" || lower_[k] == "never";
      if (negated) continue;
      // Ambiguous noun forms need a subject right before them ("Rutte claims ...").
      if ((ch.flags & coref::kNounForm) && !(sp.te == c || (sp.te < c && coref::is_verb_modifier(lower_[c - 1]))))
        continue;
      const std::uint32_t end = trim_end_tok(sb, se);
      std::uint32_t cb = 0, ce = 0;
      int addressee = -1;
      if (ch.according) {
        // "According to X, content." / "content, according to X."
        std::uint32_t k = sp.te;
        if (k < end && lower_[k] == ",") {
          cb = k + 1;
          ce = end;
        } else if (c > sb + 1 && lower_[c - 1] == ",") {
          cb = sb;
          ce = c - 1;
        }
      } else {
        const std::uint32_t left = std::min(sp.tb, c);
        const std::uint32_t right = std::max(sp.te, ch.end);
        if (lower_[se - 1] == ":") continue;  // introduces a block or a quote
        bool handled = false;
        if (left > sb && lower_[left - 1] == "," && left - 1 > sb) {
          // Postposed or parenthetical: "..., Rutte said." / "This, he said, requires ...".
          // Otherwise the comma closed a fronted phrase ("After the talks, Rutte said
          // ...") and the cue is preposed after all.
          std::uint32_t k = right;
          while (k < end && lower_[k] != "," && k < right + 6) ++k;
          // After a postposed cue only a short adverbial may follow ("on Monday", "in a
          // statement"); a clause there means the cue is preposed after a fronted phrase.
          const bool tail = right >= end || coref::is_preposition(lower_[right]) || coref::is_time_word(lower_[right]) ||
                            coref::is_verb_modifier(lower_[right]) || lower_[right] == "last" || lower_[right] == "this";
          if (k >= end && tail) {
            cb = sb;
            ce = left - 1;
            // "Speaking about X, he noted" has no statement before the comma.
            bool finite = toks[sb].xpos.empty();
            for (std::uint32_t q = cb; q < ce && !finite; ++q) finite = coref::looks_finite(toks[q]);
            if (!finite) ce = cb;
            handled = true;
          } else if (lower_[k] == "," && k + 1 < end && tok_region_[k + 1] >= 0) {
            // "In a statement, the bishop, Allan Casicas, said, "...": the cue
            // introduces a direct quote, which says it all.
            handled = true;
          } else if (lower_[k] == "," && k + 1 < end) {
            cb = sb;
            ce = end;
            handled = true;
          }
        }
        if (!handled && sp.tb < c) {
          // Preposed: "Rutte said (that) ...", "X told Y that ...", "X urged Y to ...".
          std::uint32_t after = ch.end;
          addressee = addressee_after(ch, end, &after);
          std::uint32_t k = after;
          // "said on Monday that", "told reporters in Brussels that"
          std::uint32_t that = UINT32_MAX;
          for (std::uint32_t q = k; q < end && q < k + 8; ++q) {
            if (lower_[q] == "that" || lower_[q] == "whether" || lower_[q] == "if") { that = q; break; }
            if (coref::looks_finite(toks[q]) || lower_[q] == "," || cue_at_[q]) break;
          }
          if (that != UINT32_MAX) k = that + 1;
          else if (k < end && (lower_[k] == "," || lower_[k] == ":")) k = end;  // an introduction, not a clause
          cb = k;
          ce = end;
          bool ok = cb + 1 < ce;
          if (ok && that == UINT32_MAX) {
            // Is what follows the verb a clause (reported speech) or just an object?
            bool finite = false, to_inf = false;
            for (std::uint32_t q = cb; q < ce && q < cb + 8; ++q) finite = finite || coref::looks_finite(toks[q]);
            for (std::uint32_t q = cb; q < ce && q < cb + 12; ++q) to_inf = to_inf || (lower_[q] == "to" && q + 1 < ce);
            const bool tagged = !toks[cb].upos.empty();
            const bool object_start = tagged && (toks[cb].upos == "ADP" || toks[cb].upos == "ADV" || toks[cb].upos == "SCONJ");
            bool clause = false, control = false;
            if (parsed_[s]) {
              bool object = false;
              for (std::uint32_t q = sb; q < se; ++q)
                object = object || (toks[q].head == static_cast<int>(c - sb) && toks[q].deprel == "obj");
              for (std::uint32_t q = sb; q < se; ++q) {
                if (toks[q].head != static_cast<int>(c - sb)) continue;
                // After a verb with a plain object ("maintains a database"), a clause
                // after a semicolon is the writer's next statement ("...; the Watch
                // Tower has been penalised").
                bool semicolon = false;
                for (std::uint32_t x = c + 1; x < q && !semicolon; ++x) semicolon = lower_[x] == ";";
                clause = clause || toks[q].deprel == "ccomp" ||
                         (toks[q].deprel == "parataxis" && !(semicolon && object && (ch.flags & coref::kNpProne)));
                control = control || toks[q].deprel == "xcomp";
              }
            }
            if (ch.flags & coref::kObjectControl) ok = (parsed_[s] ? control || to_inf : to_inf) || ch.lemma == "call for";
            else if (parsed_[s]) ok = clause;
            else if (tagged) ok = finite && !object_start;
            else ok = !(ch.flags & coref::kNpProne);
            if ((ch.flags & coref::kObjectControl) && addressee < 0) {
              // "urged member states to ...": the hearer is the object before "to".
              const int m = start_mention_[cb];
              if (m >= 0 && doc_.mentions[static_cast<std::size_t>(m)].token_end < ce &&
                  lower_[doc_.mentions[static_cast<std::size_t>(m)].token_end] == "to")
                addressee = doc_.mentions[static_cast<std::size_t>(m)].entity;
            }
            if ((ch.flags & coref::kObjectControl) && ok && tagged) {
              // The hearer is not part of what was urged: the content starts after
              // "to" when only a noun phrase stands between ("urged member states to").
              for (std::uint32_t q = cb; q < ce && q < cb + 8; ++q) {
                if (lower_[q] == "to") {
                  if (q > cb && q + 1 < ce) cb = q + 1;
                  break;
                }
                const std::string_view u = toks[q].upos;
                if (u != "DET" && u != "ADJ" && u != "NOUN" && u != "PROPN" && u != "NUM" && u != "PRON" &&
                    u != "CCONJ" && lower_[q] != ",")
                  break;
              }
            }
          }
          if (!ok) { cb = ce = 0; }
          // A cue in a relative clause set off by commas reports only that clause:
          // "NATO, which said talks would resume, met". (Adverbial clauses are left
          // alone: the parser attaches too much of them elsewhere.)
          if (cb < ce && parsed_[s] && toks[c].deprel == "acl:relcl") {
            const std::uint32_t last = subtree_last(c);
            if (last + 1 < ce && lower_[last] == ",") ce = trim_end_tok(cb, last + 1);
          }
        }
      }
      if (ce <= cb) continue;
      // Content that is itself a direct quote was attributed already.
      if (tok_region_[cb] >= 0 && tok_region_[ce - 1] == tok_region_[cb]) continue;
      Quotation q = make(cb, ce, QuoteKind::Indirect, sp, &ch);
      q.addressee = addressee;
      out_.push_back(std::move(q));
      cue_used_[c] = true;
    }
  }
}

bool Finder::first_person_paragraph(std::uint32_t p) const {
  if (p >= para_span_.size() || para_span_[p].start == UINT32_MAX) return false;
  const std::uint32_t b = sent_begin_tok(para_first_sent_[p]), e = sent_end_tok(para_last_sent_[p]);
  int first = 0;
  for (std::uint32_t t = b; t < e; ++t) {
    if (tok_region_[t] >= 0) return false;  // has its own quotation marks
    const coref::PronounInfo* pi = coref::pronoun_info(lower_[t]);
    if (pi && pi->person == 1) ++first;
    if (cue_at_[t] && !cue_at_[t]->according) {
      // "he said" inside: narrative, not the speaker's own words.
      const SpeakerHit h = speaker_of(*cue_at_[t]);
      if (h.found) {
        const coref::PronounInfo* sp = coref::pronoun_info(lower_[h.tb]);
        if (!sp || sp->person != 1) return false;
      }
    }
  }
  return first > 0;
}

bool Finder::headline_like(std::uint32_t p) const {
  if (p >= para_span_.size() || para_span_[p].start == UINT32_MAX) return false;
  if (para_first_sent_[p] != para_last_sent_[p]) return false;
  const std::uint32_t b = sent_begin_tok(para_first_sent_[p]), e = sent_end_tok(para_last_sent_[p]);
  if (e <= b || e - b > 25) return false;
  return !coref::is_punct(lower_[e - 1]) && coref::starts_upper(doc_.tokens[b].form);
}

bool Finder::mentions_entity(std::uint32_t p, int entity) const {
  if (entity < 0) return false;
  const std::uint32_t b = sent_begin_tok(para_first_sent_[p]), e = sent_end_tok(para_last_sent_[p]);
  for (std::uint32_t t = b; t < e; ++t) {
    const int m = outer_mention_[t];
    if (m >= 0 && doc_.mentions[static_cast<std::size_t>(m)].entity == entity) return true;
  }
  return false;
}

void Finder::blocks() {
  const std::uint32_t np = static_cast<std::uint32_t>(para_span_.size());
  auto valid = [&](std::uint32_t p) { return p < np && para_span_[p].start != UINT32_MAX && !para_span_[p].empty(); };
  auto para_tokens = [&](std::uint32_t p) {
    return std::make_pair(sent_begin_tok(para_first_sent_[p]), sent_end_tok(para_last_sent_[p]));
  };
  auto add_block = [&](std::uint32_t p, const SpeakerHit& sp, const CueHit* cue) {
    auto [b, e] = para_tokens(p);
    e = trim_end_tok(b, e);
    if (e <= b) return;
    // Keep the final full stop of a paragraph-long quote? No: spans exclude trailing
    // punctuation consistently with indirect speech.
    Quotation q = make(b, e, QuoteKind::Block, sp, cue);
    q.text = text_.substr(q.span.start, q.span.size());
    out_.push_back(std::move(q));
    para_quoted_[p] = true;
  };
  // The speech cue of a paragraph's last sentence, when it ends in a colon.
  auto colon_intro = [&](std::uint32_t p, SpeakerHit* sp) -> const CueHit* {
    const std::uint32_t ls = para_last_sent_[p];
    const std::uint32_t lb = sent_begin_tok(ls), le = sent_end_tok(ls);
    if (le <= lb || lower_[le - 1] != ":" || tok_region_[le - 1] >= 0) return nullptr;
    for (std::uint32_t c = le - 1; c-- > lb;) {
      if (!cue_at_[c] || tok_region_[c] >= 0 || cue_at_[c]->according) continue;
      *sp = speaker_of(*cue_at_[c]);
      if (!sp->found) return nullptr;
      return &*cue_at_[c];
    }
    return nullptr;
  };
  for (std::uint32_t p = 0; p < np; ++p) {
    if (!valid(p)) continue;
    SpeakerHit sp;
    const CueHit* cue = colon_intro(p, &sp);
    if (!cue) continue;
    std::uint32_t q = p + 1;
    while (q < np && !valid(q)) ++q;
    if (q >= np) continue;
    auto [qb, qe] = para_tokens(q);
    const bool quoted = qb < qe && tok_region_[qb] >= 0;
    if (quoted) continue;  // a marked quote: attributed in attribute_regions()
    auto acceptable = [&](std::uint32_t x) {
      if (!valid(x) || para_quoted_[x]) return false;
      auto [b, e] = para_tokens(x);
      if (e <= b) return false;
      if (lower_[e - 1] == ":") return false;           // another introduction
      if (mentions_entity(x, sp.entity)) return false;  // narrative about the speaker
      for (std::uint32_t t = b; t < e; ++t) {
        if (tok_region_[t] >= 0) return false;
        if (cue_at_[t] && !cue_at_[t]->according) {
          const SpeakerHit h = speaker_of(*cue_at_[t]);
          const coref::PronounInfo* pi = h.found ? coref::pronoun_info(lower_[h.tb]) : nullptr;
          if (h.found && (!pi || pi->person != 1)) return false;
        }
      }
      return true;
    };
    if (acceptable(q)) {
      add_block(q, sp, cue);
      // Further paragraphs in the speaker's own voice continue the block.
      for (std::uint32_t x = q + 1, n = 0; x < np && n < 3; ++x, ++n) {
        if (!valid(x)) break;
        if (!first_person_paragraph(x) || !acceptable(x)) break;
        add_block(x, sp, cue);
      }
      cue_used_[cue->tok] = true;
      continue;
    }
    // The introduction is followed by narrative: the quote it introduces is the
    // unmarked first-person paragraph just before it (the order of an edited page).
    std::uint32_t f = p;
    while (f > 0 && !valid(f - 1)) --f;
    if (f == 0) continue;
    --f;
    if (!para_quoted_[f] && first_person_paragraph(f) && !mentions_entity(f, sp.entity) && sp.entity >= 0) {
      add_block(f, sp, cue);
      cue_used_[cue->tok] = true;
    }
  }
  // An unmarked first-person paragraph right after a headline-like line that reports
  // someone's speech ("Rutte called on NATO countries to ...").
  for (std::uint32_t p = 1; p < np; ++p) {
    if (!valid(p) || para_quoted_[p] || !first_person_paragraph(p)) continue;
    std::uint32_t h = p - 1;
    while (h > 0 && !valid(h)) --h;
    if (!valid(h) || !headline_like(h)) continue;
    auto [hb, he] = para_tokens(h);
    for (std::uint32_t c = hb; c < he; ++c) {
      if (!cue_at_[c] || cue_at_[c]->according) continue;
      const SpeakerHit sp = speaker_of(*cue_at_[c]);
      if (!sp.found || sp.entity < 0 || mentions_entity(p, sp.entity)) break;
      add_block(p, sp, &*cue_at_[c]);
      break;
    }
  }
}

void Finder::finish() {
  const auto& ms = doc_.mentions;
  // Entities mentioned in each quotation; first-person pronouns in a speaker's own
  // words are mentions of the speaker.
  std::vector<Mention> added;
  for (Quotation& q : out_) {
    std::vector<int> about;
    auto lo = std::partition_point(ms.begin(), ms.end(), [&](const Mention& m) { return m.span.start < q.span.start; });
    for (auto it = lo; it != ms.end() && it->span.start < q.span.end; ++it) {
      if (it->entity < 0 || it->span.end > q.span.end || it->entity == q.speaker) continue;
      if (it->kind == MentionKind::Pronoun) continue;
      about.push_back(it->entity);
    }
    std::sort(about.begin(), about.end());
    about.erase(std::unique(about.begin(), about.end()), about.end());
    q.about = std::move(about);
    if (q.speaker < 0 || q.kind == QuoteKind::Indirect || q.kind == QuoteKind::Mixed) continue;
    const EntityType st = doc_.entities[static_cast<std::size_t>(q.speaker)].type;
    const std::uint32_t tb = tok_at(q.span.start);
    for (std::uint32_t t = tb; t < doc_.tokens.size() && doc_.tokens[t].span.start < q.span.end; ++t) {
      if (outer_mention_[t] >= 0) continue;
      const coref::PronounInfo* pi = coref::pronoun_info(lower_[t]);
      if (!pi || pi->person != 1) continue;
      if (pi->plural != (st != EntityType::PERSON)) continue;  // "we" of a person is a group
      Mention m;
      m.span = doc_.tokens[t].span;
      m.text = doc_.tokens[t].form;
      m.type = st;
      m.kind = MentionKind::Pronoun;
      m.sentence = tok_sent_[t];
      m.token_begin = t;
      m.token_end = t + 1;
      m.entity = q.speaker;
      added.push_back(std::move(m));
    }
  }
  std::sort(added.begin(), added.end(), [](const Mention& a, const Mention& b) { return a.span < b.span; });
  added.erase(std::unique(added.begin(), added.end(), [](const Mention& a, const Mention& b) { return a.span == b.span; }),
              added.end());
  coref::insert_mentions(doc_, std::move(added));
  std::stable_sort(out_.begin(), out_.end(), [](const Quotation& a, const Quotation& b) {
    if (a.span != b.span) return a.span < b.span;
    return static_cast<int>(a.kind) < static_cast<int>(b.kind);
  });
  // One quotation per span and kind.
  out_.erase(std::unique(out_.begin(), out_.end(),
                         [](const Quotation& a, const Quotation& b) { return a.span == b.span && a.kind == b.kind; }),
             out_.end());
  for (Quotation& q : out_)
    if (q.text.empty()) q.text = text_.substr(q.span.start, q.span.size());
  doc_.quotations = std::move(out_);
}

void Finder::go() {
  doc_.quotations.clear();
  if (doc_.tokens.empty() || doc_.sentences.empty()) return;
  prepare();
  find_regions();
  find_cues();
  attribute_regions();
  indirect();
  blocks();
  finish();
}

}  // namespace

void QuoteFinder::run(AnnotatedDocument& doc) const {
  Finder f(doc);
  f.go();
}

}  // namespace newsgraph
