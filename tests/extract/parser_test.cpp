#include "extract/parser.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <span>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "extract/conllu.hpp"
#include "extract/model_file.hpp"
#include "extract/parser_scorer.hpp"
#include "extract/perceptron.hpp"
#include "graph/error.hpp"

using namespace newsgraph;

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("newsgraph_parser_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

// Removes the listed files when the test ends.
struct Cleanup {
  std::vector<std::string> paths;
  ~Cleanup() {
    for (const auto& p : paths) {
      std::error_code ec;
      std::filesystem::remove(p, ec);
    }
  }
};

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A tiny hand-made treebank (our own sentences): subjects, objects, passives,
// coordination, a particle verb, an apposition, label subtypes and punctuation.
const char* kTreebank =
    "# text = Anna reads books .\n"
    "1\tAnna\tAnna\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
    "2\treads\tread\tVERB\tVBZ\t_\t0\troot\t_\t_\n"
    "3\tbooks\tbook\tNOUN\tNNS\t_\t2\tobj\t_\t_\n"
    "4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# text = The minister visited Paris on Monday .\n"
    "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n"
    "3\tvisited\tvisit\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "4\tParis\tParis\tPROPN\tNNP\t_\t3\tobj\t_\t_\n"
    "5\ton\ton\tADP\tIN\t_\t6\tcase\t_\t_\n"
    "6\tMonday\tMonday\tPROPN\tNNP\t_\t3\tobl\t_\t_\n"
    "7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n"
    "# text = She said that the plan was ready .\n"
    "1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
    "2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tthat\tthat\tSCONJ\tIN\t_\t7\tmark\t_\t_\n"
    "4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_\n"
    "5\tplan\tplan\tNOUN\tNN\t_\t7\tnsubj\t_\t_\n"
    "6\twas\tbe\tAUX\tVBD\t_\t7\tcop\t_\t_\n"
    "7\tready\tready\tADJ\tJJ\t_\t2\tccomp\t_\t_\n"
    "8\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# text = Two ships were sunk by the navy .\n"
    "1\tTwo\ttwo\tNUM\tCD\t_\t2\tnummod\t_\t_\n"
    "2\tships\tship\tNOUN\tNNS\t_\t4\tnsubj:pass\t_\t_\n"
    "3\twere\tbe\tAUX\tVBD\t_\t4\taux:pass\t_\t_\n"
    "4\tsunk\tsink\tVERB\tVBN\t_\t0\troot\t_\t_\n"
    "5\tby\tby\tADP\tIN\t_\t7\tcase\t_\t_\n"
    "6\tthe\tthe\tDET\tDT\t_\t7\tdet\t_\t_\n"
    "7\tnavy\tnavy\tNOUN\tNN\t_\t4\tobl:agent\t_\t_\n"
    "8\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n"
    "# text = Prices rose and markets fell .\n"
    "1\tPrices\tprice\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
    "2\trose\trise\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tand\tand\tCCONJ\tCC\t_\t5\tcc\t_\t_\n"
    "4\tmarkets\tmarket\tNOUN\tNNS\t_\t5\tnsubj\t_\t_\n"
    "5\tfell\tfall\tVERB\tVBD\t_\t2\tconj\t_\t_\n"
    "6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# text = He gave up smoking .\n"
    "1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
    "2\tgave\tgive\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tup\tup\tADP\tRP\t_\t2\tcompound:prt\t_\t_\n"
    "4\tsmoking\tsmoking\tNOUN\tNN\t_\t2\tobj\t_\t_\n"
    "5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# text = The old bridge in the city collapsed yesterday .\n"
    "1\tThe\tthe\tDET\tDT\t_\t3\tdet\t_\t_\n"
    "2\told\told\tADJ\tJJ\t_\t3\tamod\t_\t_\n"
    "3\tbridge\tbridge\tNOUN\tNN\t_\t7\tnsubj\t_\t_\n"
    "4\tin\tin\tADP\tIN\t_\t6\tcase\t_\t_\n"
    "5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_\n"
    "6\tcity\tcity\tNOUN\tNN\t_\t3\tnmod\t_\t_\n"
    "7\tcollapsed\tcollapse\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "8\tyesterday\tyesterday\tNOUN\tNN\t_\t7\tobl:tmod\t_\t_\n"
    "9\t.\t.\tPUNCT\t.\t_\t7\tpunct\t_\t_\n"
    "\n"
    "# text = Mark Rutte , the new leader , spoke .\n"
    "1\tMark\tMark\tPROPN\tNNP\t_\t8\tnsubj\t_\t_\n"
    "2\tRutte\tRutte\tPROPN\tNNP\t_\t1\tflat\t_\t_\n"
    "3\t,\t,\tPUNCT\t,\t_\t6\tpunct\t_\t_\n"
    "4\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_\n"
    "5\tnew\tnew\tADJ\tJJ\t_\t6\tamod\t_\t_\n"
    "6\tleader\tleader\tNOUN\tNN\t_\t1\tappos\t_\t_\n"
    "7\t,\t,\tPUNCT\t,\t_\t6\tpunct\t_\t_\n"
    "8\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "9\t.\t.\tPUNCT\t.\t_\t8\tpunct\t_\t_\n"
    "\n"
    "# text = Who won ?\n"
    "1\tWho\twho\tPRON\tWP\t_\t2\tnsubj\t_\t_\n"
    "2\twon\twin\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\t?\t?\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# text = Stop !\n"
    "1\tStop\tstop\tVERB\tVB\t_\t0\troot\t_\t_\n"
    "2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_\n"
    "\n";

// One sentence built from (form, upos, xpos) triples, unparsed.
AnnotatedDocument make_doc(const std::vector<std::array<std::string, 3>>& words) {
  AnnotatedDocument doc;
  doc.doc.id = "test";
  for (const auto& w : words) {
    if (!doc.doc.text.empty()) doc.doc.text += ' ';
    Token t;
    t.span.start = static_cast<std::uint32_t>(doc.doc.text.size());
    doc.doc.text += w[0];
    t.span.end = static_cast<std::uint32_t>(doc.doc.text.size());
    t.form = w[0];
    t.upos = w[1];
    t.xpos = w[2];
    doc.tokens.push_back(t);
  }
  Sentence s;
  s.token_begin = 0;
  s.token_end = static_cast<std::uint32_t>(doc.tokens.size());
  if (!doc.tokens.empty()) s.span = {doc.tokens.front().span.start, doc.tokens.back().span.end};
  doc.sentences.push_back(s);
  return doc;
}

// Checks that every sentence is a tree with exactly one root labelled "root".
void check_trees(const AnnotatedDocument& doc) {
  for (const auto& s : doc.sentences) {
    const int n = static_cast<int>(s.size());
    if (n == 0) continue;
    int roots = 0;
    for (int i = 0; i < n; ++i) {
      const Token& t = doc.tokens[s.token_begin + static_cast<std::uint32_t>(i)];
      REQUIRE(t.head >= -1);
      REQUIRE(t.head < n);
      REQUIRE(t.head != i);
      REQUIRE_FALSE(t.deprel.empty());
      if (t.head == -1) {
        ++roots;
        CHECK(t.deprel == "root");
      } else {
        CHECK(t.deprel != "root");
      }
      // Following heads must reach the root within n steps (no cycle).
      int a = i, steps = 0;
      while (a != -1 && steps <= n) {
        a = doc.tokens[s.token_begin + static_cast<std::uint32_t>(a)].head;
        ++steps;
      }
      CHECK(a == -1);
    }
    CHECK(roots == 1);
  }
}

// Sentences with odd shapes: one word, 200 words, all punctuation, no tags at all.
std::vector<AnnotatedDocument> odd_inputs() {
  std::vector<AnnotatedDocument> docs;
  docs.push_back(make_doc({{"Hello", "INTJ", "UH"}}));
  docs.push_back(make_doc({{".", "PUNCT", "."}}));
  const std::vector<std::array<std::string, 3>> vocab = {
      {"the", "DET", "DT"},     {"minister", "NOUN", "NN"}, {"said", "VERB", "VBD"}, {",", "PUNCT", ","},
      {"and", "CCONJ", "CC"},   {"Paris", "PROPN", "NNP"},  {"of", "ADP", "IN"},     {"quickly", "ADV", "RB"},
      {"(", "PUNCT", "-LRB-"},  {")", "PUNCT", "-RRB-"},    {"zzyzx", "X", "FW"},    {"42", "NUM", "CD"}};
  std::vector<std::array<std::string, 3>> long_sentence;
  std::uint64_t r = 12345;
  for (int i = 0; i < 200; ++i) {
    r = r * 6364136223846793005ull + 1442695040888963407ull;
    long_sentence.push_back(vocab[static_cast<std::size_t>((r >> 33) % vocab.size())]);
  }
  docs.push_back(make_doc(long_sentence));
  docs.push_back(make_doc({{"!", "PUNCT", "."}, {"?", "PUNCT", "."}, {",", "PUNCT", ","}, {"...", "PUNCT", ":"},
                           {"\"", "PUNCT", "''"}, {";", "PUNCT", ":"}, {"-", "PUNCT", "HYPH"}}));
  docs.push_back(make_doc({{"untagged", "", ""}, {"words", "", ""}, {"here", "", ""}}));
  // Two sentences in one document, and an empty sentence between them.
  AnnotatedDocument two = make_doc({{"It", "PRON", "PRP"}, {"rained", "VERB", "VBD"}, {"Dogs", "NOUN", "NNS"},
                                    {"barked", "VERB", "VBD"}});
  two.sentences = {Sentence{{0, 9}, 0, 2, 0}, Sentence{{9, 9}, 2, 2, 0}, Sentence{{10, 22}, 2, 4, 0}};
  docs.push_back(two);
  return docs;
}

struct TinyModel {
  Cleanup cleanup;
  std::string treebank = temp_path("tiny.conllu");
  std::string model = temp_path("tiny.ngm");
  TinyModel() {
    cleanup.paths = {treebank, model};
    write_file(treebank, kTreebank);
  }
  Parser train(const std::string& out) const {
    TrainOptions opts;
    opts.train_path = treebank;
    opts.output_path = out;
    opts.epochs = 20;
    opts.seed = 7;
    return Parser::train(opts, nullptr);
  }
};

}  // namespace

TEST_CASE("parser learns a tiny treebank and round-trips through its model file") {
  TinyModel tiny;
  const Parser trained = tiny.train(tiny.model);
  const Parser loaded = Parser::load(tiny.model);
  const std::string report = loaded.evaluate(tiny.treebank, nullptr);
  INFO(report);
  CHECK(report.find("UAS 100.00%") != std::string::npos);
  CHECK(report.find("LAS 100.00%") != std::string::npos);

  // run() reproduces the gold trees, labels with subtypes included.
  const auto gold = read_conllu(tiny.treebank);
  AnnotatedDocument doc = to_document(gold);
  for (auto& t : doc.tokens) {
    t.head = -2;
    t.deprel.clear();
  }
  loaded.run(doc);
  std::size_t k = 0;
  for (const auto& s : gold)
    for (const auto& t : s.tokens) {
      CHECK(doc.tokens[k].head == t.head);
      CHECK(doc.tokens[k].deprel == t.deprel);
      ++k;
    }
  // The trained and the loaded parser agree.
  AnnotatedDocument again = to_document(gold);
  trained.run(again);
  for (std::size_t i = 0; i < doc.tokens.size(); ++i) CHECK(again.tokens[i].head == doc.tokens[i].head);
}

TEST_CASE("parser training is reproducible byte for byte") {
  TinyModel tiny;
  const std::string second = temp_path("tiny2.ngm");
  tiny.cleanup.paths.push_back(second);
  tiny.train(tiny.model);
  tiny.train(second);
  CHECK(read_file(tiny.model) == read_file(second));
}

TEST_CASE("parser output is a tree with one root for odd inputs") {
  TinyModel tiny;
  const Parser p = tiny.train(tiny.model);
  for (auto doc : odd_inputs()) {
    p.run(doc);
    check_trees(doc);
  }
}

TEST_CASE("parser refuses corrupt, foreign and outdated model files, naming them") {
  Cleanup cleanup;
  auto expect_refused = [](const std::string& path) {
    try {
      (void)Parser::load(path);
      FAIL("model was accepted: " << path);
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Model);
      CHECK(std::string(e.what()).find(path) != std::string::npos);
    }
  };
  expect_refused(temp_path("missing.ngm"));

  const std::string garbage = temp_path("garbage.ngm");
  cleanup.paths.push_back(garbage);
  write_file(garbage, "this is not a model");
  expect_refused(garbage);

  // A well-formed container of another kind, of another payload version, or trained
  // with other feature templates (fingerprint mismatch).
  const std::string other_kind = temp_path("kind.ngm");
  const std::string other_version = temp_path("version.ngm");
  const std::string other_features = temp_path("features.ngm");
  cleanup.paths.insert(cleanup.paths.end(), {other_kind, other_version, other_features});
  ModelWriter("pos", 1, 1).save(other_kind);
  expect_refused(other_kind);
  ModelWriter("parse", 999, 1).save(other_version);
  expect_refused(other_version);
  ModelWriter("parse", 1, 12345).save(other_features);
  expect_refused(other_features);

  // A real model with one flipped byte.
  TinyModel tiny;
  tiny.train(tiny.model);
  std::string bytes = read_file(tiny.model);
  REQUIRE(bytes.size() > 100);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5A);
  const std::string flipped = temp_path("flipped.ngm");
  cleanup.paths.push_back(flipped);
  write_file(flipped, bytes);
  expect_refused(flipped);
  // A truncated one.
  const std::string truncated = temp_path("truncated.ngm");
  cleanup.paths.push_back(truncated);
  write_file(truncated, read_file(tiny.model).substr(0, 60));
  expect_refused(truncated);
}

TEST_CASE("parser without a model refuses to run") {
  Parser p;
  AnnotatedDocument doc = make_doc({{"Hi", "INTJ", "UH"}});
  CHECK_THROWS_AS(p.run(doc), Error);
}

TEST_CASE("committed parse model: robust parses of plain news sentences") {
  const Parser p = Parser::load(std::string(NEWSGRAPH_MODELS_DIR) + "/parse.ngm");

  // Rutte told the parliament that allies must spend more on defence .
  // Tags are given by hand so that this checks the parser alone.
  AnnotatedDocument doc = make_doc({{"Rutte", "PROPN", "NNP"},
                                    {"told", "VERB", "VBD"},
                                    {"the", "DET", "DT"},
                                    {"parliament", "NOUN", "NN"},
                                    {"that", "SCONJ", "IN"},
                                    {"allies", "NOUN", "NNS"},
                                    {"must", "AUX", "MD"},
                                    {"spend", "VERB", "VB"},
                                    {"more", "ADJ", "JJR"},
                                    {"on", "ADP", "IN"},
                                    {"defence", "NOUN", "NN"},
                                    {".", "PUNCT", "."}});
  p.run(doc);
  check_trees(doc);
  const auto& t = doc.tokens;
  CHECK(t[1].head == -1);
  CHECK(t[0].head == 1);
  CHECK(t[0].deprel == "nsubj");
  CHECK(t[3].head == 1);
  CHECK(t[3].deprel == "iobj");  // UD English: the addressee of "tell" is iobj
  CHECK(t[2].head == 3);
  CHECK(t[7].head == 1);
  CHECK(t[7].deprel == "ccomp");
  CHECK(t[4].head == 7);
  CHECK(t[4].deprel == "mark");
  CHECK(t[5].head == 7);
  CHECK(t[5].deprel == "nsubj");
  CHECK(t[6].deprel == "aux");
  CHECK(t[11].head == 1);
  CHECK(t[11].deprel == "punct");

  // The agreement was signed by both leaders in Brussels .
  AnnotatedDocument pass = make_doc({{"The", "DET", "DT"},
                                     {"agreement", "NOUN", "NN"},
                                     {"was", "AUX", "VBD"},
                                     {"signed", "VERB", "VBN"},
                                     {"by", "ADP", "IN"},
                                     {"both", "DET", "DT"},
                                     {"leaders", "NOUN", "NNS"},
                                     {"in", "ADP", "IN"},
                                     {"Brussels", "PROPN", "NNP"},
                                     {".", "PUNCT", "."}});
  p.run(pass);
  check_trees(pass);
  CHECK(pass.tokens[3].head == -1);
  CHECK(pass.tokens[1].head == 3);
  CHECK(pass.tokens[1].deprel == "nsubj:pass");
  CHECK(pass.tokens[2].deprel == "aux:pass");
  CHECK(pass.tokens[6].head == 3);

  for (auto d : odd_inputs()) {
    p.run(d);
    check_trees(d);
  }
}

TEST_CASE("frozen parser weights score like the perceptron they copy, and ignore unknown features") {
  for (const int classes : {3, 40}) {
    CAPTURE(classes);
    // Random sparse updates over 5000 features, as a trainer would make them.
    Perceptron p(classes);
    std::vector<std::uint64_t> keys;
    std::uint64_t r = 99;
    auto next = [&r] {
      r = r * 6364136223846793005ull + 1442695040888963407ull;
      return r;
    };
    for (int i = 0; i < 5000; ++i) keys.push_back(feature_hash(7, std::to_string(i)));
    for (int step = 0; step < 20000; ++step) {
      std::uint64_t f[4];
      for (auto& x : f) x = keys[static_cast<std::size_t>(next() >> 33) % keys.size()];
      const int truth = static_cast<int>((next() >> 33) % static_cast<std::uint64_t>(classes));
      const int guess = static_cast<int>((next() >> 33) % static_cast<std::uint64_t>(classes));
      p.update(f, truth, guess);
      p.tick();
    }
    p.finalize();
    const auto frozen = parser_detail::FrozenScorer::from(p, keys, 0.0f);
    // Round trip through a model file.
    const std::string path = temp_path("frozen.ngm");
    Cleanup cleanup;
    cleanup.paths.push_back(path);
    {
      ModelWriter w("test", 1, 1);
      frozen.save(w);
      w.save(path);
    }
    ModelReader reader(path, "test", 1, 1);
    const auto loaded = parser_detail::FrozenScorer::load(reader);
    CHECK(loaded.features() == frozen.features());
    float max_w = 0;
    for (std::uint64_t k : keys) {
      std::vector<float> row(static_cast<std::size_t>(classes), 0.0f);
      p.score(std::span<const std::uint64_t>(&k, 1), row.data());
      for (float v : row) max_w = std::max(max_w, std::fabs(v));
    }
    REQUIRE(max_w > 0);
    for (int trial = 0; trial < 200; ++trial) {
      // Eight known features plus four the model never saw.
      std::vector<std::uint64_t> f;
      for (int j = 0; j < 8; ++j) f.push_back(keys[static_cast<std::size_t>(next() >> 33) % keys.size()]);
      for (int j = 0; j < 4; ++j) f.push_back(feature_hash(8, std::to_string(trial * 4 + j)));
      std::vector<float> want(static_cast<std::size_t>(classes), 0.0f), got(want), got2(want);
      p.score(f, want.data());
      loaded.score(f.data(), static_cast<int>(f.size()), got.data());
      frozen.score(f.data(), static_cast<int>(f.size()), got2.data());
      for (std::size_t c = 0; c < want.size(); ++c) {
        CHECK(std::fabs(got[c] - want[c]) <= 8 * max_w / 32767.0f + 1e-6f);
        CHECK(got[c] == got2[c]);
      }
    }
    // Unknown features alone score nothing.
    std::vector<std::uint64_t> unknown;
    for (int j = 0; j < 200; ++j) unknown.push_back(feature_hash(9, std::to_string(j)));
    std::vector<float> zero(static_cast<std::size_t>(classes), 0.0f);
    loaded.score(unknown.data(), static_cast<int>(unknown.size()), zero.data());
    int nonzero = 0;
    for (float v : zero) nonzero += v != 0.0f;
    CHECK(nonzero == 0);
  }
}
