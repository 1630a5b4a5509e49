#include "extract/input.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "graph/error.hpp"

using namespace newsgraph;

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
