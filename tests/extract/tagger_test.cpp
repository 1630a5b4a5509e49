#include "extract/tagger.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "extract/lemmatizer.hpp"
#include "extract/model_file.hpp"
#include "graph/error.hpp"
#include "tests/extract/model_bytes.hpp"

using namespace newsgraph;

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("newsgraph-tagger-test-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_all(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

// A tiny hand-written treebank: FORM LEMMA UPOS XPOS per word, sentences separated by
// blank lines. "saw" is a verb and a noun, so the tagger has to use the context.
const char* kTinyCorpus =
    "The the DET DT|minister minister NOUN NN|said say VERB VBD|the the DET DT|"
    "talks talk NOUN NNS|failed fail VERB VBD|. . PUNCT .\n"
    "Rutte Rutte PROPN NNP|visited visit VERB VBD|Paris Paris PROPN NNP|on on ADP IN|Monday Monday PROPN NNP|"
    ". . PUNCT .\n"
    "She she PRON PRP|bought buy VERB VBD|a a DET DT|saw saw NOUN NN|and and CCONJ CC|two two NUM CD|"
    "hammers hammer NOUN NNS|. . PUNCT .\n"
    "We we PRON PRP|saw see VERB VBD|that that DET DT|film film NOUN NN|in in ADP IN|Berlin Berlin PROPN NNP|"
    ". . PUNCT .\n"
    "The the DET DT|leaders leader NOUN NNS|will will AUX MD|meet meet VERB VB|in in ADP IN|Brussels Brussels PROPN NNP|"
    ". . PUNCT .\n"
    "He he PRON PRP|said say VERB VBD|the the DET DT|alliance alliance NOUN NN|is be AUX VBZ|strong strong ADJ JJ|"
    ". . PUNCT .\n";

// Writes kTinyCorpus as CoNLL-U (flat trees: every word attached to the first).
std::string write_tiny_corpus(const std::string& path) {
  std::ostringstream out;
  std::istringstream lines(kTinyCorpus);
  std::string line;
  int sent = 0;
  while (std::getline(lines, line)) {
    out << "# sent_id = tiny-" << ++sent << "\n";
    std::istringstream words(line);
    std::string word;
    int id = 0;
    while (std::getline(words, word, '|')) {
      std::istringstream f(word);
      std::string form, lemma, upos, xpos;
      f >> form >> lemma >> upos >> xpos;
      ++id;
      out << id << '\t' << form << '\t' << lemma << '\t' << upos << '\t' << xpos << "\t_\t" << (id == 1 ? 0 : 1)
          << '\t' << (id == 1 ? "root" : "dep") << "\t_\t_\n";
    }
    out << "\n";
  }
  write_all(path, out.str());
  return path;
}

// One sentence as a document with gold tokenisation.
AnnotatedDocument sentence(const std::vector<std::string>& forms) {
  AnnotatedDocument doc;
  for (const auto& f : forms) {
    Token t;
    t.form = f;
    doc.tokens.push_back(t);
  }
  Sentence s;
  s.token_begin = 0;
  s.token_end = static_cast<std::uint32_t>(doc.tokens.size());
  doc.sentences.push_back(s);
  return doc;
}

// The message of the Error(Model) that loading `path` throws ("no error" if none).
std::string load_error(const std::string& path) {
  try {
    Tagger::load(path);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Model);
    CHECK(std::string(e.what()).find(path) != std::string::npos);
    return e.message();
  }
  return "no error";
}

struct TinyModel {
  std::string corpus = write_tiny_corpus(temp_path("tiny.conllu"));
  std::string model = temp_path("tiny.ngm");
  TinyModel() {
    TrainOptions opts;
    opts.train_path = corpus;
    opts.output_path = model;
    opts.epochs = 10;
    Tagger::train(opts);
  }
  ~TinyModel() {
    std::filesystem::remove(corpus);
    std::filesystem::remove(model);
  }
};

}  // namespace

TEST_CASE("tagger: train, save, load and evaluate round trip on a tiny corpus") {
  TinyModel tiny;
  const Tagger tagger = Tagger::load(tiny.model);

  // It has learnt its training data, ambiguous words included.
  AnnotatedDocument doc = sentence({"We", "saw", "that", "film", "in", "Berlin", "."});
  tagger.run(doc);
  const std::vector<std::string> upos = {"PRON", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"};
  for (std::size_t i = 0; i < upos.size(); ++i) CHECK(doc.tokens[i].upos == upos[i]);
  CHECK(doc.tokens[1].xpos == "VBD");
  CHECK(doc.tokens[1].lemma == "see");

  AnnotatedDocument doc2 = sentence({"She", "bought", "a", "saw", "and", "two", "hammers", "."});
  tagger.run(doc2);
  CHECK(doc2.tokens[3].upos == "NOUN");
  CHECK(doc2.tokens[6].lemma == "hammer");

  const std::string report = tagger.evaluate(tiny.corpus);
  CHECK(report.find("42 tokens") != std::string::npos);
  CHECK(report.find("UPOS       100.00%") != std::string::npos);
  CHECK(report.find("UPOS of the first pass alone") != std::string::npos);
  CHECK(report.find("lemma      100.00%") != std::string::npos);

  // Saving what was loaded gives the same bytes.
  const std::string copy = temp_path("tiny-copy.ngm");
  tagger.save(copy);
  CHECK(read_all(copy) == read_all(tiny.model));
  std::filesystem::remove(copy);
}

TEST_CASE("tagger: a corpus of one sentence trains both passes (jackknife folds without training data)") {
  const std::string corpus = temp_path("one.conllu");
  write_all(corpus,
            "1\tDogs\tdog\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
            "2\tbark\tbark\tVERB\tVBP\t_\t0\troot\t_\t_\n"
            "3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n");
  TrainOptions opts;
  opts.train_path = corpus;
  opts.epochs = 5;
  const Tagger tagger = Tagger::train(opts);
  AnnotatedDocument doc = sentence({"Dogs", "bark", "."});
  tagger.run(doc);
  CHECK(doc.tokens[0].upos == "NOUN");
  CHECK(doc.tokens[1].upos == "VERB");
  CHECK(doc.tokens[2].upos == "PUNCT");
  std::filesystem::remove(corpus);
}

TEST_CASE("tagger: training is reproducible byte for byte") {
  TinyModel a;
  const std::string second = temp_path("tiny-2.ngm");
  TrainOptions opts;
  opts.train_path = a.corpus;
  opts.output_path = second;
  opts.epochs = 10;
  Tagger::train(opts);
  CHECK(read_all(second) == read_all(a.model));
  std::filesystem::remove(second);
}

TEST_CASE("tagger: corrupt, missing and foreign model files are refused, naming the file") {
  TinyModel tiny;
  const std::string bytes = read_all(tiny.model);
  REQUIRE(bytes.size() > 100);

  const std::string flipped = temp_path("flipped.ngm");
  std::string damaged = bytes;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x10);
  write_all(flipped, damaged);
  CHECK(load_error(flipped) != "no error");

  const std::string truncated = temp_path("truncated.ngm");
  write_all(truncated, bytes.substr(0, bytes.size() - 9));
  CHECK(load_error(truncated) != "no error");

  const std::string missing = temp_path("does-not-exist.ngm");
  CHECK(load_error(missing) != "no error");

  // Right container, wrong kind of model.
  const std::string ner = temp_path("kind.ngm");
  {
    ModelWriter w("ner", 1, 0);
    w.put<std::uint32_t>(1);
    w.save(ner);
  }
  CHECK(load_error(ner) != "no error");

  // A "pos" model of another payload version, and one trained with other features.
  const std::string version = temp_path("version.ngm");
  {
    ModelWriter w("pos", 999, 0);
    w.put<std::uint32_t>(1);
    w.save(version);
  }
  CHECK(load_error(version) != "no error");
  // Version 2 was the one-pass tagger without the second pass: refused, saying why.
  const std::string old_version = temp_path("old-version.ngm");
  {
    ModelWriter w("pos", 2, 0);
    w.put<std::uint32_t>(1);
    w.save(old_version);
  }
  CHECK(load_error(old_version).find("version 2 is not supported") != std::string::npos);
  const std::string features = temp_path("features.ngm");
  {
    ModelWriter w("pos", 3, 0x1234);
    w.put<std::uint32_t>(1);
    w.save(features);
  }
  CHECK(load_error(features) != "no error");

  // The tiny model with another fingerprint in its header and a valid checksum: only
  // the fingerprint check (feature version and embedded word-cluster table) refuses it.
  const std::string fingerprint = temp_path("fingerprint.ngm");
  {
    write_all(fingerprint, test::with_other_fingerprint(bytes, "pos"));
  }
  CHECK(load_error(fingerprint).find("fingerprint") != std::string::npos);

  for (const auto& p : {flipped, truncated, ner, version, old_version, features, fingerprint}) std::filesystem::remove(p);
}

TEST_CASE("lemmatizer: seen words, learnt suffix rules, case and proper nouns") {
  Lemmatizer l;
  const char* words[][4] = {
      {"walked", "VERB", "VBD", "walk"},   {"talked", "VERB", "VBD", "talk"},   {"asked", "VERB", "VBD", "ask"},
      {"went", "VERB", "VBD", "go"},       {"studies", "NOUN", "NNS", "study"}, {"cities", "NOUN", "NNS", "city"},
      {"parties", "NOUN", "NNS", "party"}, {"dogs", "NOUN", "NNS", "dog"},      {"cats", "NOUN", "NNS", "cat"},
      {"The", "DET", "DT", "the"},         {"American", "ADJ", "JJ", "American"},
      {"Rutte", "PROPN", "NNP", "Rutte"},  {"running", "VERB", "VBG", "run"},
  };
  for (const auto& w : words) l.add(w[0], w[1], w[2], w[3]);
  l.build();
  CHECK(l.lemma("went", "VERB", "VBD", false) == "go");           // seen irregular form
  CHECK(l.lemma("jumped", "VERB", "VBD", false) == "jump");       // rule "-ed" from three words
  CHECK(l.lemma("puppies", "NOUN", "NNS", false) == "puppy");     // rule "-ies" -> "-y"
  CHECK(l.lemma("birds", "NOUN", "NNS", false) == "bird");        // rule "-s"
  CHECK(l.lemma("Birds", "NOUN", "NNS", true) == "bird");         // capital from the sentence start
  CHECK(l.lemma("The", "DET", "DT", true) == "the");
  CHECK(l.lemma("American", "ADJ", "JJ", true) == "American");   // seen with its capital
  CHECK(l.lemma("Kallas", "PROPN", "NNP", false) == "Kallas");    // a proper noun is its form
  CHECK(l.lemma("running", "VERB", "VBG", false) == "run");
  CHECK(l.lemma("’s", "PART", "POS", false) == "'s");             // unseen, no rule: the normalised form
}

TEST_CASE("tagger: the committed model tags real news sentences") {
  const std::string path = std::string(NEWSGRAPH_MODELS_DIR) + "/pos.ngm";
  const Tagger tagger = Tagger::load(path);
  AnnotatedDocument doc = sentence({"The", "Secretary", "General", "said", "on", "Monday", "that", "the", "alliance",
                                    "would", "increase", "its", "defence", "spending", "."});
  tagger.run(doc);
  const auto& t = doc.tokens;
  CHECK(t[0].upos == "DET");
  CHECK(t[0].xpos == "DT");
  CHECK(t[0].lemma == "the");
  CHECK(t[3].upos == "VERB");
  CHECK(t[3].xpos == "VBD");
  CHECK(t[3].lemma == "say");
  CHECK(t[5].upos == "PROPN");
  CHECK(t[5].lemma == "Monday");
  CHECK(t[8].upos == "NOUN");
  CHECK(t[9].upos == "AUX");
  CHECK(t[9].xpos == "MD");
  CHECK(t[10].upos == "VERB");
  CHECK(t[10].xpos == "VB");
  CHECK(t[11].upos == "PRON");
  CHECK(t[14].upos == "PUNCT");

  // Typographic apostrophes and quotes are read like ASCII ones.
  AnnotatedDocument doc2 = sentence({"“", "We", "are", "ready", ",", "”", "Rutte", "said", "of", "NATO", "’s", "plans", "."});
  tagger.run(doc2);
  CHECK(doc2.tokens[0].upos == "PUNCT");
  CHECK(doc2.tokens[2].upos == "AUX");
  CHECK(doc2.tokens[2].lemma == "be");
  CHECK(doc2.tokens[6].upos == "PROPN");
  CHECK(doc2.tokens[7].lemma == "say");
  CHECK(doc2.tokens[10].upos == "PART");
  CHECK(doc2.tokens[10].xpos == "POS");
  CHECK(doc2.tokens[11].lemma == "plan");

  // The second pass revises an uncertain first-pass tag from the tags on its right:
  // left to right, "plans" after "The agency" looks like a noun; with "to hire" after
  // it, it is the verb.
  AnnotatedDocument doc3 = sentence({"The", "agency", "plans", "to", "hire", "more", "staff", "as", "demand", "grows", "."});
  AnnotatedDocument first = doc3;
  tagger.run(doc3);
  tagger.run_first_pass(first);
  CHECK(doc3.tokens[2].upos == "VERB");
  CHECK(doc3.tokens[2].xpos == "VBZ");
  CHECK(doc3.tokens[2].lemma == "plan");
  CHECK(first.tokens[2].upos == "NOUN");
  // Words the first pass is sure of are left alone.
  for (std::size_t i : {0u, 1u, 3u, 4u, 10u}) CHECK(first.tokens[i].upos == doc3.tokens[i].upos);

  // Sentences are tagged independently; a document without sentences is one sentence.
  AnnotatedDocument empty;
  tagger.run(empty);
  CHECK(empty.tokens.empty());
}
