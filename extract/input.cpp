#include "extract/input.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "graph/error.hpp"

namespace newsgraph {
namespace {

bool is_blank(std::string_view s) {
  for (unsigned char c : s)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  return true;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string stem_of(const std::string& path) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  const auto dot = base.find('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base.empty() ? "doc" : base;
}

// Line (1-based) and byte-in-line of an offset, for messages about whole-file text.
std::pair<std::uint64_t, std::uint64_t> line_and_column(std::string_view text, std::size_t offset) {
  std::uint64_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return {line, offset - line_start};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A leading "date YYYY-MM-DD" marker (as in the bundled example) sets the date.
void take_date_marker(Document& doc) {
  std::size_t i = 0;
  while (i < doc.text.size() && (doc.text[i] == ' ' || doc.text[i] == '\t' || doc.text[i] == '\xEF' ||
                                 doc.text[i] == '\xBB' || doc.text[i] == '\xBF'))
    ++i;
  std::string_view rest(doc.text);
  rest.remove_prefix(i);
  if (rest.substr(0, 5) != "date ") return;
  std::size_t j = 5;
  while (j < rest.size() && rest[j] == ' ') ++j;
  std::string_view d = rest.substr(j, 10);
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return;
  for (std::size_t k : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!is_digit(d[k])) return;
  std::size_t end = i + j + 10;
  if (end < doc.text.size() && doc.text[end] != ' ' && doc.text[end] != '\t' && doc.text[end] != '\n') return;
  while (end < doc.text.size() && (doc.text[end] == ' ' || doc.text[end] == '\t')) ++end;
  doc.meta.date = std::string(d);
  doc.text.erase(0, end);
}

struct Reporter {
  const std::string& name;
  const ReadOptions& options;
  ReadStats& stats;
  // Throws, or records a skip; returns normally only when skipping.
  void bad(const std::string& message, std::optional<std::uint64_t> line, std::optional<std::uint64_t> byte) {
    Error err(ErrorKind::Input, message, {name, line, byte});
    if (!options.skip_bad) throw err;
    ++stats.skipped;
    if (options.warn) options.warn(err.what());
  }
};

std::string get_string_field(const rapidjson::Value& obj, const char* key, Reporter& rep, std::uint64_t line,
                             bool& ok) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || it->value.IsNull()) return {};
  if (!it->value.IsString()) {
    rep.bad(std::string("field \"") + key + "\" must be a string", line, std::nullopt);
    ok = false;
    return {};
  }
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

// `prefix` holds bytes already consumed from `in` (stdin sniffing) that belong to
// the first line.
void read_jsonl(std::istream& in, const std::string& name, const std::function<void(Document&&)>& sink,
                Reporter& rep, std::string prefix = {}) {
  std::string line;
  std::uint64_t lineno = 0;
  const std::string stem = stem_of(name);
  for (;;) {
    if (!std::getline(in, line)) {
      if (lineno > 0 || prefix.empty()) break;
      line.clear();  // the sniffed bytes were the whole input
    }
    ++lineno;
    if (lineno == 1 && !prefix.empty()) line = prefix + line;
    if (is_blank(line)) continue;
    if (const auto bad = find_invalid_utf8(line); bad >= 0) {
      rep.bad("invalid UTF-8", lineno, static_cast<std::uint64_t>(bad));
      continue;
    }
    rapidjson::Document json;
    // Iterative: a line nested a million levels deep must not overflow the stack.
    json.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseStopWhenDoneFlag |
               rapidjson::kParseIterativeFlag>(line.data(), line.size());
    if (json.HasParseError()) {
      rep.bad(std::string("malformed JSON: ") + rapidjson::GetParseError_En(json.GetParseError()), lineno,
              json.GetErrorOffset());
      continue;
    }
    if (!json.IsObject()) {
      rep.bad("a JSONL line must be a JSON object", lineno, std::nullopt);
      continue;
    }
    auto text = json.FindMember("text");
    if (text == json.MemberEnd() || !text->value.IsString()) {
      rep.bad("missing string field \"text\"", lineno, std::nullopt);
      continue;
    }
    bool ok = true;
    Document doc;
    doc.text.assign(text->value.GetString(), text->value.GetStringLength());
    doc.id = get_string_field(json, "id", rep, lineno, ok);
    if (ok) doc.meta.title = get_string_field(json, "title", rep, lineno, ok);
    if (ok) doc.meta.date = get_string_field(json, "date", rep, lineno, ok);
    if (ok) doc.meta.url = get_string_field(json, "url", rep, lineno, ok);
    if (ok) doc.meta.source = get_string_field(json, "source", rep, lineno, ok);
    if (!ok) continue;
    // A "\uD800" escape decodes to bytes that are not valid UTF-8; check the result.
    if (const auto bad = find_invalid_utf8(doc.text); bad >= 0) {
      rep.bad("field \"text\" decodes to invalid UTF-8 at text byte " + std::to_string(bad), lineno,
              std::nullopt);
      continue;
    }
    if (is_blank(doc.text)) {
      rep.bad("document is empty", lineno, std::nullopt);
      continue;
    }
    if (doc.id.empty()) doc.id = stem + "-" + std::to_string(lineno);
    if (doc.meta.source.empty()) doc.meta.source = name + ":" + std::to_string(lineno);
    ++rep.stats.documents;
    sink(std::move(doc));
  }
  if (in.bad()) throw Error(ErrorKind::Io, "read error", {name, lineno + 1});
}

void read_text(std::istream& in, const std::string& name, const std::function<void(Document&&)>& sink,
               Reporter& rep, std::string first) {
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw Error(ErrorKind::Io, "read error", {name});
  Document doc;
  doc.text = std::move(first) + ss.str();
  if (const auto bad = find_invalid_utf8(doc.text); bad >= 0) {
    const auto [line, col] = line_and_column(doc.text, static_cast<std::size_t>(bad));
    rep.bad("invalid UTF-8 (file byte " + std::to_string(bad) + ")", line, col);
    return;
  }
  take_date_marker(doc);
  if (is_blank(doc.text)) {
    rep.bad("document is empty", std::nullopt, std::nullopt);
    return;
  }
  doc.id = name == "<stdin>" ? "stdin" : stem_of(name);
  doc.meta.source = name;
  ++rep.stats.documents;
  sink(std::move(doc));
}

}  // namespace

std::int64_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // Fast path over ASCII, eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t min;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; cp = c & 0x07; }
    else return static_cast<std::int64_t>(i);
    if (i + len > n) return static_cast<std::int64_t>(i);
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return static_cast<std::int64_t>(i);
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return static_cast<std::int64_t>(i);
    i += len;
  }
  return -1;
}

ReadStats read_documents(std::istream& in, const std::string& name, bool jsonl,
                         const std::function<void(Document&&)>& sink, const ReadOptions& options) {
  ReadStats stats;
  Reporter rep{name, options, stats};
  if (jsonl)
    read_jsonl(in, name, sink, rep);
  else
    read_text(in, name, sink, rep, {});
  return stats;
}

ReadStats read_documents(const std::string& input, const std::function<void(Document&&)>& sink,
                         const ReadOptions& options) {
  if (input == "-") {
    // Sniff stdin: JSONL when the first non-blank byte opens an object.
    std::string first;
    char c;
    while (std::cin.get(c)) {
      first += c;
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    }
    const bool jsonl = !first.empty() && first.back() == '{';
    ReadStats stats;
    Reporter rep{"<stdin>", options, stats};
    if (jsonl)
      read_jsonl(std::cin, "<stdin>", sink, rep, std::move(first));
    else
      read_text(std::cin, "<stdin>", sink, rep, std::move(first));
    return stats;
  }
  std::ifstream in(input, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, "cannot open input file", {input});
  const bool jsonl = ends_with(input, ".jsonl") || ends_with(input, ".ndjson");
  return read_documents(in, input, jsonl, sink, options);
}

}  // namespace newsgraph
