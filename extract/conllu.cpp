#include "extract/conllu.hpp"

#include <charconv>
#include <fstream>
#include <ostream>
#include <string_view>

#include "graph/error.hpp"

namespace newsgraph {
namespace {

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, "cannot open CoNLL-U file", {path});
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) throw Error(ErrorKind::Io, "cannot read CoNLL-U file", {path});
  std::string data(static_cast<std::size_t>(size), '\0');
  in.seekg(0, std::ios::beg);
  if (size > 0 && !in.read(data.data(), size)) throw Error(ErrorKind::Io, "cannot read CoNLL-U file", {path});
  return data;
}

// Splits on tabs into at most `max` fields; returns the number of fields found
// (which may exceed `max`, in which case the extra ones are not stored).
std::size_t split_tabs(std::string_view line, std::string_view* fields, std::size_t max) {
  std::size_t n = 0;
  std::size_t pos = 0;
  while (true) {
    const std::size_t tab = line.find('\t', pos);
    const std::string_view f = line.substr(pos, tab == std::string_view::npos ? std::string_view::npos : tab - pos);
    if (n < max) fields[n] = f;
    ++n;
    if (tab == std::string_view::npos) break;
    pos = tab + 1;
  }
  return n;
}

bool parse_int(std::string_view s, long& out) {
  if (s.empty()) return false;
  const auto* end = s.data() + s.size();
  const auto r = std::from_chars(s.data(), end, out);
  return r.ec == std::errc() && r.ptr == end;
}

// "_" is CoNLL-U's "no value"; the data model uses the empty string.
std::string field_value(std::string_view f) { return f == "_" ? std::string() : std::string(f); }

// Returns the value of `key=` in a '|'-separated MISC column, or an empty view.
std::string_view misc_value(std::string_view misc, std::string_view key) {
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

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

struct Reader {
  const std::string& path;
  bool iob2;
  std::vector<ConlluSentence> out;
  ConlluSentence cur;
  std::vector<std::uint64_t> token_lines;  // line of each token of `cur`, for head errors
  std::string doc_id;
  long expected_id = 1;
  long mwt_last = 0;              // last word id covered by the open multiword token
  bool mwt_space_after = true;    // that multiword token's SpaceAfter

  [[noreturn]] void fail(std::uint64_t line, const std::string& msg) const {
    throw Error(ErrorKind::Input, msg, {path, line});
  }

  void flush() {
    // Comments not yet followed by tokens stay with the next sentence (a blank line
    // may separate "# newdoc" from it); at the end of the file they describe nothing.
    if (cur.tokens.empty()) return;
    if (mwt_last >= expected_id) fail(token_lines.back(), "multiword token range extends past the end of the sentence");
    const long n = static_cast<long>(cur.tokens.size());
    for (std::size_t i = 0; i < cur.tokens.size(); ++i) {
      const int h = cur.tokens[i].head;
      if (h >= n) fail(token_lines[i], "HEAD " + std::to_string(h + 1) + " is beyond the sentence's last word");
    }
    cur.doc_id = doc_id;
    out.push_back(std::move(cur));
    cur = ConlluSentence{};
    token_lines.clear();
    expected_id = 1;
    mwt_last = 0;
  }

  void comment(std::string_view line) {
    std::string_view body = line.substr(1);
    if (!body.empty() && body.front() == ' ') body.remove_prefix(1);
    // A comment after tokens without a blank line still starts a new sentence's header.
    if (!cur.tokens.empty()) flush();
    if (starts_with(body, "newdoc")) {
      std::string_view rest = body.substr(6);
      const std::size_t eq = rest.find('=');
      if (eq != std::string_view::npos) {
        rest = rest.substr(eq + 1);
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
        doc_id = std::string(rest);
      } else {
        doc_id.clear();
      }
    }
    cur.comments.emplace_back(body);
  }

  void word(std::string_view line, std::uint64_t lineno) {
    std::string_view f[10];
    const std::size_t nf = split_tabs(line, f, 10);
    if (iob2) {
      if (nf < 3) fail(lineno, "expected at least 3 tab-separated columns (ID FORM TAG), found " + std::to_string(nf));
    } else if (nf != 10) {
      fail(lineno, "expected 10 tab-separated columns, found " + std::to_string(nf));
    }
    const std::string_view id = f[0];
    if (id.find('.') != std::string_view::npos) return;  // empty node of enhanced UD
    const std::size_t dash = id.find('-');
    if (dash != std::string_view::npos) {
      long a = 0, b = 0;
      if (!parse_int(id.substr(0, dash), a) || !parse_int(id.substr(dash + 1), b) || a != expected_id || b < a)
        fail(lineno, "malformed multiword token range '" + std::string(id) + "'");
      mwt_last = b;
      mwt_space_after = iob2 || misc_value(f[9], "SpaceAfter") != "No";
      return;
    }
    long n = 0;
    if (!parse_int(id, n)) fail(lineno, "malformed ID '" + std::string(id) + "'");
    if (n != expected_id)
      fail(lineno, "ID " + std::to_string(n) + " out of sequence (expected " + std::to_string(expected_id) + ")");
    ++expected_id;
    if (f[1].empty()) fail(lineno, "empty FORM");

    Token t;
    t.form = std::string(f[1]);
    if (iob2) {
      const std::string_view tag = f[2];
      if (tag.empty() || tag == "_" || tag == "O") {
        t.ner = "O";
      } else if ((tag[0] == 'B' || tag[0] == 'I') && tag.size() > 2 && tag[1] == '-') {
        t.ner = std::string(tag);
      } else {
        fail(lineno, "malformed IOB2 tag '" + std::string(tag) + "'");
      }
      cur.feats.emplace_back();
      cur.misc.emplace_back();
    } else {
      // A lemma "_" is a real lemma only for the form "_".
      t.lemma = (f[2] == "_" && f[1] != "_") ? std::string() : std::string(f[2]);
      t.upos = field_value(f[3]);
      t.xpos = field_value(f[4]);
      if (f[6] == "_") {
        t.head = -2;
      } else {
        long h = 0;
        if (!parse_int(f[6], h) || h < 0) fail(lineno, "malformed HEAD '" + std::string(f[6]) + "'");
        if (h == n) fail(lineno, "word is its own head");
        t.head = static_cast<int>(h - 1);
      }
      t.deprel = field_value(f[7]);
      const std::string_view misc = f[9];
      t.space_after = misc_value(misc, "SpaceAfter") != "No";
      const std::string_view ner = misc_value(misc, "NER");
      if (!ner.empty()) t.ner = std::string(ner);
      cur.feats.push_back(field_value(f[5]));
      cur.misc.push_back(field_value(misc));
    }
    // Words inside a multiword token are written together; the token's SpaceAfter
    // applies after its last word.
    if (n <= mwt_last) t.space_after = (n == mwt_last) ? mwt_space_after : false;
    cur.tokens.push_back(std::move(t));
    token_lines.push_back(lineno);
  }

  void run(std::string_view data) {
    std::uint64_t lineno = 0;
    std::size_t pos = 0;
    if (starts_with(data, "\xEF\xBB\xBF")) pos = 3;  // UTF-8 byte-order mark
    while (pos < data.size()) {
      std::size_t nl = data.find('\n', pos);
      if (nl == std::string_view::npos) nl = data.size();
      std::string_view line = data.substr(pos, nl - pos);
      pos = nl + 1;
      ++lineno;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) {
        flush();
      } else if (line.front() == '#') {
        comment(line);
      } else {
        word(line, lineno);
      }
    }
    flush();
  }
};

// CoNLL-U fields may not contain tabs or line breaks.
void put_field(std::ostream& out, std::string_view s) {
  if (s.empty()) {
    out << '_';
    return;
  }
  for (char c : s) out << ((c == '\t' || c == '\n' || c == '\r') ? ' ' : c);
}

}  // namespace

std::vector<ConlluSentence> read_conllu(const std::string& path, bool iob2) {
  const std::string data = read_whole_file(path);
  Reader r{path, iob2, {}, {}, {}, {}, 1, 0, true};
  r.run(data);
  return std::move(r.out);
}

AnnotatedDocument to_document(const std::vector<ConlluSentence>& sentences, std::string id) {
  AnnotatedDocument doc;
  doc.doc.id = std::move(id);
  std::size_t total_tokens = 0, total_bytes = 0;
  for (const auto& s : sentences) {
    total_tokens += s.tokens.size();
    for (const auto& t : s.tokens) total_bytes += t.form.size() + 1;
  }
  doc.tokens.reserve(total_tokens);
  doc.sentences.reserve(sentences.size());
  std::string& text = doc.doc.text;
  text.reserve(total_bytes + sentences.size());

  std::uint32_t paragraph = 0;
  bool first = true;
  for (const auto& s : sentences) {
    if (s.tokens.empty()) continue;
    if (!first) {
      text += '\n';
      // Paragraphs follow the treebank's "# newpar" / "# newdoc" markers.
      for (const auto& c : s.comments) {
        if (starts_with(c, "newpar") || starts_with(c, "newdoc")) {
          ++paragraph;
          break;
        }
      }
    }
    first = false;
    Sentence sent;
    sent.paragraph = paragraph;
    sent.token_begin = static_cast<std::uint32_t>(doc.tokens.size());
    for (std::size_t i = 0; i < s.tokens.size(); ++i) {
      const Token& src = s.tokens[i];
      if (i > 0 && s.tokens[i - 1].space_after) text += ' ';
      Token t = src;
      t.span.start = static_cast<std::uint32_t>(text.size());
      text += src.form;
      t.span.end = static_cast<std::uint32_t>(text.size());
      doc.tokens.push_back(std::move(t));
    }
    sent.token_end = static_cast<std::uint32_t>(doc.tokens.size());
    sent.span = {doc.tokens[sent.token_begin].span.start, doc.tokens[sent.token_end - 1].span.end};
    doc.sentences.push_back(sent);
  }
  return doc;
}

void write_conllu(std::ostream& out, const AnnotatedDocument& doc) {
  const std::string& text = doc.doc.text;
  out << "# newdoc id = ";
  put_field(out, doc.doc.id);
  out << '\n';
  for (std::size_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    if (si > 0 && s.paragraph != doc.sentences[si - 1].paragraph) out << "# newpar\n";
    out << "# sent_id = ";
    put_field(out, doc.doc.id);
    out << '-' << (si + 1) << '\n';
    out << "# text = ";
    if (s.span.end <= text.size() && s.span.start <= s.span.end) {
      for (std::size_t b = s.span.start; b < s.span.end; ++b) {
        const char c = text[b];
        out << ((c == '\t' || c == '\n' || c == '\r') ? ' ' : c);
      }
    }
    out << '\n';
    for (std::uint32_t ti = s.token_begin; ti < s.token_end && ti < doc.tokens.size(); ++ti) {
      const Token& t = doc.tokens[ti];
      out << (ti - s.token_begin + 1) << '\t';
      put_field(out, t.form);
      out << '\t';
      put_field(out, t.lemma);
      out << '\t';
      put_field(out, t.upos);
      out << '\t';
      put_field(out, t.xpos);
      out << "\t_\t";
      if (t.head == -2) out << '_';
      else out << (t.head + 1);
      out << '\t';
      put_field(out, t.deprel);
      out << "\t_\tNER=";
      put_field(out, t.ner.empty() ? std::string_view("O") : std::string_view(t.ner));
      if (!t.space_after) out << "|SpaceAfter=No";
      out << '\n';
    }
    out << '\n';
  }
}

}  // namespace newsgraph
