#include "extract/input.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include "extract/decompress.hpp"
#include "extract/html.hpp"
#include "graph/error.hpp"

namespace newsgraph {
namespace {

bool is_blank(std::string_view s) {
  for (unsigned char c : s)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  return true;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (lower(s[s.size() - suffix.size() + i]) != suffix[i]) return false;
  return true;
}

std::string_view base_name(std::string_view path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The name without its compression extension, for format and stem decisions.
std::string_view without_compression(std::string_view path) {
  switch (compression_from_name(path)) {
    case Compression::Gzip: path.remove_suffix(3); break;
    case Compression::Zstd: path.remove_suffix(4); break;
    case Compression::None: break;
  }
  return path;
}

// Only the last extension goes, so "2025.01.13-rutte.txt" and "2025.01.13-xi.txt"
// keep distinct ids.
std::string stem_of(const std::string& path) {
  std::string_view base = without_compression(base_name(path));
  const auto dot = base.find_last_of('.');
  if (dot != std::string_view::npos && dot > 0) base = base.substr(0, dot);
  return base.empty() ? "doc" : std::string(base);
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

void read_jsonl(std::istream& in, const std::string& name, const std::function<void(Document&&)>& sink,
                Reporter& rep) {
  std::string line;
  std::uint64_t lineno = 0;
  const std::string stem = stem_of(name);
  while (std::getline(in, line)) {
    ++lineno;
    // A UTF-8 byte order mark (editors on Windows write one) is not JSON.
    if (lineno == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
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

std::string read_all(std::istream& in, const std::string& name) {
  // istream::read, not `ss << in.rdbuf()`: that swallows the exceptions a
  // DecompressingStream throws for corrupt data.
  std::string data;
  std::vector<char> buf(1 << 16);
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
    data.append(buf.data(), static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw Error(ErrorKind::Io, "read error", {name});
  return data;
}

std::string id_for(const std::string& name) { return name == "<stdin>" ? "stdin" : stem_of(name); }

void read_text(std::istream& in, const std::string& name, const std::function<void(Document&&)>& sink,
               Reporter& rep) {
  Document doc;
  doc.text = read_all(in, name);
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
  doc.id = id_for(name);
  doc.meta.source = name;
  ++rep.stats.documents;
  sink(std::move(doc));
}

void read_html(std::istream& in, const std::string& name, const std::function<void(Document&&)>& sink,
               Reporter& rep) {
  const std::string page = read_all(in, name);
  HtmlArticle article;
  try {
    article = parse_html(page);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::Input) throw;
    rep.bad(e.message(), std::nullopt, std::nullopt);
    return;
  }
  Document doc;
  doc.text = std::move(article.text);
  if (is_blank(doc.text)) {
    rep.bad("document is empty (no visible text in the HTML page)", std::nullopt, std::nullopt);
    return;
  }
  doc.id = id_for(name);
  doc.meta.title = std::move(article.title);
  doc.meta.date = std::move(article.date);
  doc.meta.url = std::move(article.url);
  doc.meta.source = name;
  ++rep.stats.documents;
  sink(std::move(doc));
}

// Serves bytes already taken from a stream while sniffing it, then the rest of it.
class PrefixedBuf : public std::streambuf {
 public:
  PrefixedBuf(std::istream& src, std::string name, std::string prefix)
      : src_(src), name_(std::move(name)), prefix_(std::move(prefix)), buf_(1 << 16) {
    setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    src_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    if (src_.bad()) throw Error(ErrorKind::Io, "read error", {name_});
    const auto n = static_cast<std::size_t>(src_.gcount());
    if (n == 0) return traits_type::eof();
    setg(buf_.data(), buf_.data(), buf_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::istream& src_;
  std::string name_;
  std::string prefix_;
  std::vector<char> buf_;
};

ReadStats read_format(std::istream& in, const std::string& name, InputFormat format,
                      const std::function<void(Document&&)>& sink, const ReadOptions& options) {
  ReadStats stats;
  Reporter rep{name, options, stats};
  switch (format) {
    case InputFormat::Jsonl: read_jsonl(in, name, sink, rep); break;
    case InputFormat::Html: read_html(in, name, sink, rep); break;
    case InputFormat::Text: read_text(in, name, sink, rep); break;
  }
  return stats;
}

// For inputs whose name says nothing: compression by magic number, then JSONL when
// the first non-blank byte is '{', HTML when it is '<', else plain text.
ReadStats read_sniffed(std::istream& in, const std::string& name, const std::function<void(Document&&)>& sink,
                       const ReadOptions& options, bool may_be_compressed) {
  std::string first;
  char c;
  char lead = 0;
  while (in.get(c)) {
    first += c;
    // Blanks and the bytes of a UTF-8 byte order mark do not decide the format.
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\xEF' && c != '\xBB' && c != '\xBF') {
      lead = c;
      break;
    }
  }
  if (in.bad()) throw Error(ErrorKind::Io, "read error", {name});
  if (may_be_compressed && first.size() == 1) {
    while (first.size() < 4 && in.get(c)) first += c;
    if (const Compression comp = sniff_compression(first); comp != Compression::None) {
      DecompressingStream plain(in, comp, name, std::move(first));
      return read_sniffed(plain, name, sink, options, false);
    }
  }
  const InputFormat format = lead == '{' ? InputFormat::Jsonl : lead == '<' ? InputFormat::Html : InputFormat::Text;
  PrefixedBuf buf(in, name, std::move(first));
  std::istream prefixed(&buf);
  prefixed.exceptions(std::ios::badbit);  // let Error from the source through
  return read_format(prefixed, name, format, sink, options);
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

std::optional<InputFormat> input_format_from_name(std::string_view path) {
  const std::string_view p = without_compression(base_name(path));
  if (ends_with_ci(p, ".jsonl") || ends_with_ci(p, ".ndjson")) return InputFormat::Jsonl;
  if (ends_with_ci(p, ".html") || ends_with_ci(p, ".htm")) return InputFormat::Html;
  if (ends_with_ci(p, ".txt") || ends_with_ci(p, ".text")) return InputFormat::Text;
  return std::nullopt;
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& input : inputs) {
    if (input == "-") {
      out.push_back(input);
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(input, ec);
    if (ec || !fs::exists(st))
      throw Error(ErrorKind::Io,
                  "cannot open input file: " + (ec ? ec.message() : std::string("no such file or directory")), {input});
    if (!fs::is_directory(st)) {
      out.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(input, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      if (p.filename().string().front() == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        ec.clear();
        continue;
      }
      std::error_code fec;
      if (it->is_regular_file(fec) && input_format_from_name(p.string())) found.push_back(p.string());
    }
    if (ec) throw Error(ErrorKind::Io, "cannot read directory: " + ec.message(), {input});
    if (found.empty())
      throw Error(ErrorKind::Input,
                  "directory has no input files (.txt .text .jsonl .ndjson .html .htm, optionally .gz or .zst)",
                  {input});
    std::sort(found.begin(), found.end());
    for (auto& f : found) out.push_back(std::move(f));
  }
  return out;
}

ReadStats read_documents(std::istream& in, const std::string& name, InputFormat format,
                         const std::function<void(Document&&)>& sink, const ReadOptions& options) {
  return read_format(in, name, format, sink, options);
}

ReadStats read_documents(std::istream& in, const std::string& name, bool jsonl,
                         const std::function<void(Document&&)>& sink, const ReadOptions& options) {
  return read_format(in, name, jsonl ? InputFormat::Jsonl : InputFormat::Text, sink, options);
}

ReadStats read_documents(const std::string& input, const std::function<void(Document&&)>& sink,
                         const ReadOptions& options) {
  if (input == "-") return read_sniffed(std::cin, "<stdin>", sink, options, true);
  std::error_code ec;
  if (std::filesystem::is_directory(input, ec)) {
    ReadStats total;
    for (const auto& file : expand_inputs({input})) {
      const ReadStats s = read_documents(file, sink, options);
      total.documents += s.documents;
      total.skipped += s.skipped;
    }
    return total;
  }
  std::ifstream file(input, std::ios::binary);
  if (!file) throw Error(ErrorKind::Io, "cannot open input file", {input});
  const std::optional<InputFormat> format = input_format_from_name(input);
  if (!format) return read_sniffed(file, input, sink, options, true);
  const Compression comp = compression_from_name(input);
  if (comp == Compression::None) return read_format(file, input, *format, sink, options);
  DecompressingStream plain(file, comp, input);
  return read_format(plain, input, *format, sink, options);
}

}  // namespace newsgraph
