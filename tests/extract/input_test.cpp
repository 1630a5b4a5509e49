#include "extract/input.hpp"

#include <doctest/doctest.h>

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "graph/error.hpp"
#include "tests/extract/compress_fixtures.hpp"

using namespace newsgraph;
using newsgraph::test::gzip;
using newsgraph::test::zstd;

namespace {
std::vector<Document> read_string(const std::string& data, bool jsonl, ReadOptions options = {},
                                  ReadStats* stats = nullptr) {
  std::istringstream in(data);
  std::vector<Document> docs;
  const auto s = read_documents(in, "input.jsonl", jsonl, [&](Document&& d) { docs.push_back(std::move(d)); },
                                options);
  if (stats) *stats = s;
  return docs;
}

std::string error_of(const std::string& data, bool jsonl) {
  try {
    read_string(data, jsonl);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("JSONL documents carry their metadata, and blank lines are ignored") {
  const auto docs = read_string(
      "{\"id\":\"a\",\"text\":\"Hello there.\",\"title\":\"T\",\"date\":\"2020-01-02\",\"url\":\"http://x\"}\n"
      "\n   \n"
      "{\"text\":\"Second \\u00e9 document.\"}\n",
      true);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].id == "a");
  CHECK(docs[0].meta.title == "T");
  CHECK(docs[0].meta.date == "2020-01-02");
  CHECK(docs[0].meta.url == "http://x");
  CHECK(docs[1].id == "input-4");
  CHECK(docs[1].text == "Second \xC3\xA9 document.");
  CHECK(docs[1].meta.source == "input.jsonl:4");
}

TEST_CASE("malformed JSONL names the file, the line and the byte") {
  const std::string msg = error_of("{\"text\":\"ok\"}\n{\"text\": \"unterminated}\n", true);
  CHECK(msg.find("input.jsonl:2:") == 0);
  CHECK(msg.find("byte") != std::string::npos);
  CHECK(msg.find("malformed JSON") != std::string::npos);
}

TEST_CASE("a JSONL line without text, or with non-string fields, is an error naming the line") {
  CHECK(error_of("{\"id\":\"x\"}\n", true).find("input.jsonl:1: missing string field \"text\"") == 0);
  CHECK(error_of("{\"text\":\"a\",\"date\":5}\n", true).find("input.jsonl:1: field \"date\"") == 0);
  CHECK(error_of("[1,2]\n", true).find("must be a JSON object") != std::string::npos);
}

TEST_CASE("empty documents are refused") {
  CHECK(error_of("{\"text\":\"  \\n \"}\n", true).find("input.jsonl:1: document is empty") == 0);
  CHECK(error_of("   \n\n", false).find("document is empty") != std::string::npos);
}

TEST_CASE("invalid UTF-8 is refused with line and byte") {
  const std::string msg = error_of("{\"text\":\"ok\"}\n{\"text\":\"bad \xC3\x28 byte\"}\n", true);
  CHECK(msg.find("input.jsonl:2: byte 13: invalid UTF-8") == 0);
  const std::string text_msg = error_of("line one\nline \xFF two\n", false);
  CHECK(text_msg.find("input.jsonl:2: byte 5: invalid UTF-8") == 0);
  // An escaped lone surrogate cannot become valid UTF-8 either.
  const std::string surrogate = error_of("{\"text\":\"a \\ud800 b\"}\n", true);
  CHECK(surrogate.find("input.jsonl:1:") == 0);
  CHECK((surrogate.find("surrogate") != std::string::npos || surrogate.find("UTF-8") != std::string::npos));
}

TEST_CASE("--skip-bad reports each bad document and keeps the good ones") {
  std::vector<std::string> warnings;
  ReadOptions o;
  o.skip_bad = true;
  o.warn = [&](const std::string& m) { warnings.push_back(m); };
  ReadStats stats;
  const auto docs = read_string("{\"text\":\"one\"}\n{bad\n{\"text\":\"\"}\n{\"text\":\"two\"}\n", true, o, &stats);
  REQUIRE(docs.size() == 2);
  CHECK(docs[1].text == "two");
  CHECK(stats.documents == 2);
  CHECK(stats.skipped == 2);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].find("input.jsonl:2:") == 0);
  CHECK(warnings[1].find("input.jsonl:3:") == 0);
}

TEST_CASE("a leading date marker in a text file sets the date and leaves the text") {
  const auto docs = read_string(" date 2025-01-13 NATO Secretary General spoke.\nSecond line.", false);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].meta.date == "2025-01-13");
  CHECK(docs[0].text == "NATO Secretary General spoke.\nSecond line.");
  // Not a marker: no valid date after "date".
  const auto plain = read_string("date night was fun.", false);
  CHECK(plain[0].meta.date.empty());
  CHECK(plain[0].text == "date night was fun.");
}

TEST_CASE("missing files are I/O errors naming the path") {
  try {
    read_documents("/nonexistent/dir/file.txt", [](Document&&) {});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Io);
    CHECK(std::string(e.what()).find("/nonexistent/dir/file.txt") == 0);
  }
}

TEST_CASE("find_invalid_utf8 accepts valid text and finds every kind of bad sequence") {
  CHECK(find_invalid_utf8("plain ascii that is longer than eight bytes") == -1);
  CHECK(find_invalid_utf8("emoji \xF0\x9F\x98\x80 and \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D") == -1);
  CHECK(find_invalid_utf8("\xC0\xAF") == 0);           // overlong '/'
  CHECK(find_invalid_utf8("ab\xED\xA0\x80") == 2);     // surrogate
  CHECK(find_invalid_utf8("abc\xF4\x90\x80\x80") == 3);  // > U+10FFFF
  CHECK(find_invalid_utf8("abcdefghij\xE2\x82") == 10);  // truncated at end
  CHECK(find_invalid_utf8("\x80") == 0);               // stray continuation
}

namespace {
// A fresh directory under $TMPDIR, removed at the end of the test.
struct TempDir {
  std::string path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "ng-input-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string write(const std::string& rel, const std::string& bytes) const {
    const std::filesystem::path p = std::filesystem::path(path) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
};

std::vector<Document> read_path(const std::string& path, ReadOptions options = {}, ReadStats* stats = nullptr) {
  std::vector<Document> docs;
  const auto s = read_documents(path, [&](Document&& d) { docs.push_back(std::move(d)); }, options);
  if (stats) *stats = s;
  return docs;
}
}  // namespace

TEST_CASE("input formats are named by the extension, through a compression suffix") {
  CHECK(input_format_from_name("a/b.jsonl") == InputFormat::Jsonl);
  CHECK(input_format_from_name("b.NDJSON.gz") == InputFormat::Jsonl);
  CHECK(input_format_from_name("x.htm.zst") == InputFormat::Html);
  CHECK(input_format_from_name("x.HTML") == InputFormat::Html);
  CHECK(input_format_from_name("x.text") == InputFormat::Text);
  CHECK(input_format_from_name("x.txt.gz") == InputFormat::Text);
  CHECK(!input_format_from_name("x.md"));
  CHECK(!input_format_from_name("x.gz"));
  CHECK(!input_format_from_name("dir.txt/readme"));
}

TEST_CASE("directories are walked recursively in byte order, skipping hidden and other files") {
  TempDir t;
  t.write("b.txt", "Bee text.");
  t.write("A.txt", "Capital A text.");
  t.write("a/z.jsonl", "{\"text\":\"Line one.\"}\n{\"text\":\"Line two.\"}\n");
  t.write("a/c.html", "<title>C page</title><p>C &amp; D.</p>");
  t.write("a/deeper/d.txt.gz", gzip("Compressed text."));
  t.write("m.text.zst", zstd("Zstd text."));
  t.write(".hidden/x.txt", "hidden dir");
  t.write(".h.txt", "hidden file");
  t.write("notes.md", "not an input");
  t.write("data.json", "{}");
  std::filesystem::create_directories(t.path + "/empty");

  const std::string r = t.path + "/";
  CHECK(expand_inputs({t.path}) ==
        std::vector<std::string>{r + "A.txt", r + "a/c.html", r + "a/deeper/d.txt.gz", r + "a/z.jsonl", r + "b.txt",
                                 r + "m.text.zst"});
  // Arguments keep their order; "-" and explicit files of any name are kept.
  CHECK(expand_inputs({r + "notes.md", "-", r + "a"}) ==
        std::vector<std::string>{r + "notes.md", "-", r + "a/c.html", r + "a/deeper/d.txt.gz", r + "a/z.jsonl"});

  const auto docs = read_path(t.path);
  std::vector<std::string> ids, texts;
  for (const auto& d : docs) {
    ids.push_back(d.id);
    texts.push_back(d.text);
  }
  CHECK(ids == std::vector<std::string>{"A", "c", "d", "z-1", "z-2", "b", "m"});
  CHECK(texts == std::vector<std::string>{"Capital A text.", "C & D.", "Compressed text.", "Line one.", "Line two.",
                                          "Bee text.", "Zstd text."});
  CHECK(docs[1].meta.title == "C page");
  CHECK(docs[1].meta.source == r + "a/c.html");
  CHECK(docs[3].meta.source == r + "a/z.jsonl:1");
}

TEST_CASE("missing paths and directories without inputs are errors naming them") {
  TempDir t;
  try {
    expand_inputs({t.path + "/nope"});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Io);
    CHECK(std::string(e.what()).find(t.path + "/nope: cannot open input file") == 0);
  }
  t.write("readme.md", "x");
  try {
    expand_inputs({t.path});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    CHECK(std::string(e.what()).find(t.path + ": directory has no input files") == 0);
  }
}

TEST_CASE("ids drop the directory, the compression suffix and the last extension only") {
  TempDir t;
  CHECK(read_path(t.write("2025.01.13-rutte.txt", "Text one."))[0].id == "2025.01.13-rutte");
  CHECK(read_path(t.write("feed.jsonl.gz", gzip("{\"text\":\"Hi.\"}\n")))[0].id == "feed-1");
  CHECK(read_path(t.write("page.HTML.zst", zstd("<p>Hi.</p>")))[0].id == "page");
}

TEST_CASE("HTML files: visible text, metadata, and empty pages as empty documents") {
  TempDir t;
  const std::string page = t.write(
      "rutte.html",
      "<html><head><meta property=\"og:title\" content=\"Rutte speaks\">"
      "<meta name=\"date\" content=\"2025-01-13\"><link rel=canonical href=\"https://x.test/r\">"
      "<script>var hidden = 1;</script></head>"
      "<body><p>Mark Rutte told the European Parliament&#8217;s members.</p></body></html>");
  const auto docs = read_path(page);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].id == "rutte");
  CHECK(docs[0].text == "Mark Rutte told the European Parliament\xE2\x80\x99s members.");
  CHECK(docs[0].meta.title == "Rutte speaks");
  CHECK(docs[0].meta.date == "2025-01-13");
  CHECK(docs[0].meta.url == "https://x.test/r");
  CHECK(docs[0].meta.source == page);

  const std::string empty = t.write("empty.htm", "<html><head><title>T</title></head><body><script>x</script></body>");
  try {
    read_path(empty);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    CHECK(std::string(e.what()).find(empty + ": document is empty") == 0);
  }
  ReadOptions skip;
  skip.skip_bad = true;
  ReadStats stats;
  CHECK(read_path(empty, skip, &stats).empty());
  CHECK(stats.skipped == 1);
  // A page declared UTF-8 with invalid bytes is an input error too.
  CHECK_THROWS_AS(read_path(t.write("bad.html", "<meta charset=utf-8><p>\xFF</p>")), Error);
}

TEST_CASE("corrupt compressed files are input errors with the file and the compressed byte") {
  TempDir t;
  std::string gz = gzip("{\"text\":\"one\"}\n{\"text\":\"two\"}\n");
  const std::string truncated = t.write("cut.jsonl.gz", gz.substr(0, gz.size() - 5));
  try {
    read_path(truncated);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    CHECK(std::string(e.what()) == truncated + ": byte " + std::to_string(gz.size() - 5) +
                                       ": truncated gzip data (unexpected end of file)");
  }
  // Not skipped by skip_bad: the rest of the stream cannot be trusted.
  ReadOptions skip;
  skip.skip_bad = true;
  CHECK_THROWS_AS(read_path(t.write("plain.txt.gz", "not compressed"), skip), Error);
  CHECK_THROWS_AS(read_path(t.write("plain.txt.zst", "not compressed"), skip), Error);
}

TEST_CASE("files whose names say nothing are sniffed: compression, JSONL, HTML, text") {
  TempDir t;
  const auto jsonl = read_path(t.write("dump", gzip("\n{\"text\":\"First.\"}\n{\"text\":\"Second.\"}\n")));
  REQUIRE(jsonl.size() == 2);
  CHECK(jsonl[0].id == "dump-2");  // line numbers count the leading blank line
  CHECK(jsonl[1].text == "Second.");
  const auto html = read_path(t.write("page", zstd("  <!doctype html><p>Visible</p><script>no</script>")));
  REQUIRE(html.size() == 1);
  CHECK(html[0].text == "Visible");
  const auto bom = read_path(t.write("bom", "\xEF\xBB\xBF{\"text\":\"After a BOM.\"}\n"));
  REQUIRE(bom.size() == 1);
  CHECK(bom[0].text == "After a BOM.");
  const auto text = read_path(t.write("note", "(Reuters) - Plain text."));
  REQUIRE(text.size() == 1);
  CHECK(text[0].text == "(Reuters) - Plain text.");
}
