#include "extract/conllu.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "graph/error.hpp"

using namespace newsgraph;

namespace {

// Writes `content` to a fresh temporary file and removes it when done.
struct TempFile {
  std::filesystem::path path;
  explicit TempFile(const std::string& content, const std::string& name) {
    path = std::filesystem::temp_directory_path() /
           ("newsgraph_conllu_test_" + std::to_string(::getpid()) + "_" + name);
    std::ofstream out(path, std::ios::binary);
    out << content;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string str() const { return path.string(); }
};

// Two sentences in one paragraph, then a new paragraph; a multiword token ("didn't"),
// an empty node, SpaceAfter=No and a NER tag in MISC.
const char* kConllu =
    "# newdoc id = doc-a\n"
    "# sent_id = a-1\n"
    "# text = Kim didn't go.\n"
    "1\tKim\tKim\tPROPN\tNNP\tNumber=Sing\t4\tnsubj\t4:nsubj\tNER=B-PER\n"
    "2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t4:aux\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n"
    "4\tgo\tgo\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n"
    "4.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t4:conj\t_\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n"
    "\n"
    "# sent_id = a-2\n"
    "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t0:root\tSpaceAfter=No\n"
    "2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t1:punct\t_\n"
    "\n"
    "# newpar\n"
    "# sent_id = a-3\n"
    "1\t_\t_\tPUNCT\tNFP\t_\t_\t_\t_\t_\n"
    "\n";

}  // namespace

TEST_CASE("read_conllu reads words, skips ranges and empty nodes, and keeps gold fields") {
  TempFile f(kConllu, "basic.conllu");
  const auto sents = read_conllu(f.str());
  REQUIRE(sents.size() == 3);
  const auto& s = sents[0];
  CHECK(s.doc_id == "doc-a");
  REQUIRE(s.comments.size() == 3);
  CHECK(s.comments[0] == "newdoc id = doc-a");
  CHECK(s.comments[2] == "text = Kim didn't go.");
  REQUIRE(s.tokens.size() == 5);
  CHECK(s.tokens[0].form == "Kim");
  CHECK(s.tokens[0].ner == "B-PER");
  CHECK(s.tokens[0].head == 3);
  CHECK(s.tokens[0].deprel == "nsubj");
  CHECK(s.tokens[1].form == "did");
  CHECK(s.tokens[1].lemma == "do");
  CHECK(s.tokens[1].upos == "AUX");
  CHECK(s.tokens[1].xpos == "VBD");
  CHECK_FALSE(s.tokens[1].space_after);  // inside "didn't"
  CHECK(s.tokens[2].form == "n't");
  CHECK(s.tokens[2].space_after);        // the range has no SpaceAfter=No
  CHECK(s.tokens[3].head == -1);
  CHECK_FALSE(s.tokens[3].space_after);
  CHECK(s.tokens[4].ner == "O");
  REQUIRE(s.feats.size() == 5);
  CHECK(s.feats[0] == "Number=Sing");
  CHECK(s.feats[1].empty());
  CHECK(s.misc[0] == "NER=B-PER");
  CHECK(sents[1].doc_id == "doc-a");
  CHECK(sents[2].tokens[0].form == "_");
  CHECK(sents[2].tokens[0].lemma == "_");
  CHECK(sents[2].tokens[0].head == -2);
  CHECK(sents[2].tokens[0].deprel.empty());
}

TEST_CASE("to_document joins forms with spaces and sentences with newlines") {
  TempFile f(kConllu, "doc.conllu");
  const auto doc = to_document(read_conllu(f.str()), "d");
  CHECK(doc.doc.id == "d");
  CHECK(doc.doc.text == "Kim didn't go.\nYes!\n_");
  REQUIRE(doc.tokens.size() == 8);
  REQUIRE(doc.sentences.size() == 3);
  for (const auto& t : doc.tokens) CHECK(doc.doc.text.substr(t.span.start, t.span.size()) == t.form);
  CHECK(doc.tokens[3].span == Span{11, 13});
  CHECK(doc.tokens[4].span == Span{13, 14});
  CHECK(doc.sentences[0].span == Span{0, 14});
  CHECK(doc.sentences[0].token_begin == 0);
  CHECK(doc.sentences[0].token_end == 5);
  CHECK(doc.sentences[1].span == Span{15, 19});
  CHECK(doc.sentences[1].token_begin == 5);
  CHECK(doc.sentences[1].token_end == 7);
  CHECK(doc.sentences[0].paragraph == 0);
  CHECK(doc.sentences[1].paragraph == 0);
  CHECK(doc.sentences[2].paragraph == 1);
  CHECK(doc.tokens[0].ner == "B-PER");
  CHECK(doc.tokens[3].head == -1);
}

TEST_CASE("a multiword token with SpaceAfter=No glues its last word to the next") {
  TempFile f(
      "1-2\tcannot\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
      "1\tcan\tcan\tAUX\tMD\t_\t0\troot\t_\t_\n"
      "2\tnot\tnot\tPART\tRB\t_\t1\tadvmod\t_\t_\n"
      "3\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_\n",  // no final blank line
      "mwt.conllu");
  const auto doc = to_document(read_conllu(f.str()));
  CHECK(doc.doc.text == "cannot!");
  REQUIRE(doc.tokens.size() == 3);
  CHECK(doc.tokens[1].span == Span{3, 6});
}

TEST_CASE("read_conllu reads the Universal NER IOB2 layout") {
  TempFile f(
      "# newdoc id = n1\n"
      "# sent_id = n1-1\n"
      "1\tAda\tB-PER\t-\t-\n"
      "2\tLovelace\tI-PER\t-\t-\n"
      "3\tvisited\tO\t-\t-\n"
      "4\tNew\tB-LOC\n"
      "5\tYork\tI-LOC\n"
      "\n"
      "1\tOK\tO\n"
      "\n",
      "ner.iob2");
  const auto sents = read_conllu(f.str(), true);
  REQUIRE(sents.size() == 2);
  REQUIRE(sents[0].tokens.size() == 5);
  CHECK(sents[0].doc_id == "n1");
  CHECK(sents[0].tokens[0].ner == "B-PER");
  CHECK(sents[0].tokens[1].ner == "I-PER");
  CHECK(sents[0].tokens[2].ner == "O");
  CHECK(sents[0].tokens[4].ner == "I-LOC");
  CHECK(sents[0].tokens[4].head == -2);
  CHECK(sents[0].tokens[4].upos.empty());
  const auto doc = to_document(sents);
  CHECK(doc.doc.text == "Ada Lovelace visited New York\nOK");
}

TEST_CASE("malformed CoNLL-U lines throw Error(Input) naming file and line") {
  auto expect_input_error = [](const std::string& content, std::uint64_t line, bool iob2 = false) {
    TempFile f(content, "bad.conllu");
    try {
      read_conllu(f.str(), iob2);
      FAIL("no error for: " << content);
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Input);
      CHECK(e.where().file == f.str());
      CHECK(e.where().line == line);
    }
  };
  expect_input_error("1\tx\tx\tX\tX\t_\t0\troot\t_\n", 1);                         // 9 columns
  expect_input_error("# c\n1\tx\tx\tX\tX\t_\t0\troot\t_\t_\n3\ty\ty\tX\tX\t_\t1\tdep\t_\t_\n", 3);  // gap
  expect_input_error("a\tx\tx\tX\tX\t_\t0\troot\t_\t_\n", 1);                      // bad id
  expect_input_error("1\tx\tx\tX\tX\t_\tzero\troot\t_\t_\n", 1);                   // bad head
  expect_input_error("1\tx\tx\tX\tX\t_\t1\troot\t_\t_\n", 1);                      // self head
  expect_input_error("1\tx\tx\tX\tX\t_\t0\troot\t_\t_\n2\ty\ty\tX\tX\t_\t7\tdep\t_\t_\n\n", 2);  // head too far
  expect_input_error("1-3\txyz\t_\t_\t_\t_\t_\t_\t_\t_\n1\tx\tx\tX\tX\t_\t0\troot\t_\t_\n\n", 2);  // open range
  expect_input_error("1\tx\n", 1, true);                                            // IOB2: 2 columns
  expect_input_error("1\tx\tPER\n", 1, true);                                       // IOB2: bad tag
}

TEST_CASE("read_conllu throws Error(Io) for a missing file") {
  try {
    read_conllu("/nonexistent/newsgraph/none.conllu");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Io);
  }
}

TEST_CASE("write_conllu output reads back to the same annotation") {
  TempFile f(kConllu, "rt.conllu");
  const auto doc = to_document(read_conllu(f.str()), "rt");
  std::ostringstream out;
  write_conllu(out, doc);
  const std::string written = out.str();
  CHECK(written.find("# text = Kim didn't go.\n") != std::string::npos);
  CHECK(written.find("1\tKim\tKim\tPROPN\tNNP\t_\t4\tnsubj\t_\tNER=B-PER\n") != std::string::npos);
  CHECK(written.find("4\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\tNER=O|SpaceAfter=No\n") != std::string::npos);
  TempFile g(written, "rt2.conllu");
  const auto again = to_document(read_conllu(g.str()), "rt");
  CHECK(again.doc.text == doc.doc.text);
  REQUIRE(again.tokens.size() == doc.tokens.size());
  for (std::size_t i = 0; i < doc.tokens.size(); ++i) {
    CHECK(again.tokens[i].span == doc.tokens[i].span);
    CHECK(again.tokens[i].lemma == doc.tokens[i].lemma);
    CHECK(again.tokens[i].upos == doc.tokens[i].upos);
    CHECK(again.tokens[i].head == doc.tokens[i].head);
    CHECK(again.tokens[i].deprel == doc.tokens[i].deprel);
    CHECK(again.tokens[i].ner == doc.tokens[i].ner);
    CHECK(again.tokens[i].space_after == doc.tokens[i].space_after);
  }
  REQUIRE(again.sentences.size() == doc.sentences.size());
  for (std::size_t i = 0; i < doc.sentences.size(); ++i) {
    CHECK(again.sentences[i].paragraph == doc.sentences[i].paragraph);
    CHECK(again.sentences[i].span == doc.sentences[i].span);
  }
}
