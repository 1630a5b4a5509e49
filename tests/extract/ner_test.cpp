#include "extract/ner.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "extract/conllu.hpp"
#include "extract/pipeline.hpp"
#include "extract/segment.hpp"
#include "extract/tagger.hpp"
#include "extract/word_clusters.hpp"
#include "graph/error.hpp"
#include "tests/extract/model_bytes.hpp"

using namespace newsgraph;

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("newsgraph_ner_test_" + name)).string();
}

// A tiny hand-written IOB2 corpus (UNER column layout: ID FORM TAG - -).
const char* const kTinyCorpus[] = {
    "Anna Berg visited Oslo .|B-PER I-PER O B-LOC O",
    "Peter Holm works for Nordbank .|B-PER I-PER O O B-ORG O",
    "Nordbank opened an office in Bergen .|B-ORG O O O O B-LOC O",
    "Maria Lind left Bergen for Oslo .|B-PER I-PER O B-LOC O B-LOC O",
    "The office of Nordbank is small .|O O O B-ORG O O O",
    "Anna Berg and Peter Holm met .|B-PER I-PER O B-PER I-PER O",
    "Greenfield Motors hired Maria Lind .|B-ORG I-ORG O B-PER I-PER O",
    "Greenfield Motors is based in Oslo .|B-ORG I-ORG O O O B-LOC O",
    "They flew to Bergen yesterday .|O O O B-LOC O O",
    "Peter Holm praised Greenfield Motors .|B-PER I-PER O B-ORG I-ORG O",
};

// Writes "words|tags" lines as an IOB2 file, three times over; returns its path.
template <std::size_t N>
std::string write_corpus(const char* const (&lines)[N], const std::string& name) {
  const std::string path = temp_path(name);
  std::ofstream out(path);
  for (int rep = 0; rep < 3; ++rep) {
    for (const char* line : lines) {
      std::string s(line);
      const auto bar = s.find('|');
      std::istringstream words(s.substr(0, bar)), tags(s.substr(bar + 1));
      std::string w, t;
      int id = 1;
      out << "# text = " << s.substr(0, bar) << "\n";
      while (words >> w && tags >> t) out << id++ << "\t" << w << "\t" << t << "\t-\t-\n";
      out << "\n";
    }
  }
  return path;
}

std::string lower_case(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool valid_bio(const AnnotatedDocument& d) {
  for (const Sentence& s : d.sentences) {
    std::string prev = "O";
    for (std::uint32_t i = s.token_begin; i < s.token_end; ++i) {
      const std::string& t = d.tokens[i].ner;
      if (t != "O" && (t.size() < 3 || (t[0] != 'B' && t[0] != 'I') || t[1] != '-')) return false;
      if (t[0] == 'I' && (prev == "O" || prev.substr(2) != t.substr(2))) return false;
      prev = t;
    }
  }
  return true;
}

// Segments `text` and recognises its names; with a tagger, tags it first, as the
// pipeline does.
// Trains a recogniser on a tiny corpus (written, used and removed) for 5 epochs.
template <std::size_t N>
Recogniser train_tiny(const char* const (&lines)[N], const std::string& name) {
  const std::string corpus = write_corpus(lines, name);
  TrainOptions o;
  o.train_path = corpus;
  o.epochs = 5;
  o.clusters_path = "-";  // the rules under test do not depend on the cluster table
  Recogniser rec = Recogniser::train(o);
  std::remove(corpus.c_str());
  return rec;
}

AnnotatedDocument analyse(const Recogniser& rec, const std::string& text, const Tagger* tagger = nullptr) {
  AnnotatedDocument d;
  d.doc.id = "t";
  d.doc.text = text;
  Segmenter{}.run(d);
  if (tagger) tagger->run(d);
  rec.run(d);
  return d;
}

bool has_mention(const AnnotatedDocument& d, const std::string& text, EntityType type) {
  for (const Mention& m : d.mentions)
    if (m.text == text && m.type == type) return true;
  return false;
}

std::string describe(const AnnotatedDocument& d) {
  std::string s;
  for (const Mention& m : d.mentions) s += std::string(to_string(m.type)) + ":" + m.text + "; ";
  return s;
}

const std::string kModel = default_models_dir() + "/ner.ngm";

// Loading `path` is refused with a Model error whose message holds `needle`.
void expect_model_error(const std::string& path, const std::string& needle = "") {
  try {
    (void)Recogniser::load(path);
    FAIL("expected an error loading " << path);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Model);
    CHECK(std::string(e.what()).find(needle) != std::string::npos);
  }
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

}  // namespace

TEST_CASE("ner trains on a tiny IOB2 corpus, saves, reloads and evaluates reproducibly") {
  const std::string corpus = write_corpus(kTinyCorpus, "tiny.iob2");
  TrainOptions o;
  o.train_path = corpus;
  o.dev_path = corpus;
  o.output_path = temp_path("tiny_a.ngm");
  o.epochs = 5;
  const Recogniser trained = Recogniser::train(o);
  o.output_path = temp_path("tiny_b.ngm");
  (void)Recogniser::train(o);
  CHECK(read_bytes(temp_path("tiny_a.ngm")) == read_bytes(temp_path("tiny_b.ngm")));

  const Recogniser loaded = Recogniser::load(temp_path("tiny_a.ngm"));
  const std::string report = loaded.evaluate(corpus, nullptr);
  CHECK(report == trained.evaluate(corpus, nullptr));
  CHECK(report.find("PER") != std::string::npos);
  CHECK(report.find("overall") != std::string::npos);
  // The training corpus itself is learned well.
  const auto pos = report.find("overall");
  double p = 0, r = 0, f = 0;
  REQUIRE(std::sscanf(report.c_str() + pos, "overall %lf %lf %lf", &p, &r, &f) == 3);
  CHECK(f > 90.0);

  // Mentions carry exact spans, token ranges and types.
  const AnnotatedDocument d = analyse(loaded, "Peter Holm works for Nordbank.");
  REQUIRE(valid_bio(d));
  for (const Mention& m : d.mentions) {
    CHECK(d.doc.text.substr(m.span.start, m.span.size()) == m.text);
    CHECK(m.token_begin < m.token_end);
    CHECK(m.kind == MentionKind::Name);
  }
  CHECK(has_mention(d, "Peter Holm", EntityType::PERSON));
  std::remove(corpus.c_str());
  std::remove(temp_path("tiny_a.ngm").c_str());
  std::remove(temp_path("tiny_b.ngm").c_str());
}

TEST_CASE("ner: the surname of a person named in full in the document is that person") {
  // A corpus where "Kessler" alone is always an organisation.
  const char* const lines[] = {
      "Anna Berg visited Oslo .|B-PER I-PER O B-LOC O",
      "Peter Holm met Anna Berg .|B-PER I-PER O B-PER I-PER O",
      "Kessler opened an office in Bergen .|B-ORG O O O O B-LOC O",
      "Kessler is based in Oslo .|B-ORG O O O B-LOC O",
      "Maria Lind left Bergen .|B-PER I-PER O B-LOC O",
  };
  const Recogniser rec = train_tiny(lines, "surname.iob2");
  // Alone, the model calls it an organisation; after "Peter Kessler", a person.
  const AnnotatedDocument alone = analyse(rec, "Kessler opened an office in Bergen.");
  INFO(describe(alone));
  CHECK(has_mention(alone, "Kessler", EntityType::ORG));
  const AnnotatedDocument d = analyse(rec, "Peter Kessler visited Oslo. Kessler opened an office in Bergen.");
  INFO(describe(d));
  REQUIRE(has_mention(d, "Peter Kessler", EntityType::PERSON));
  CHECK(has_mention(d, "Kessler", EntityType::PERSON));
  CHECK_FALSE(has_mention(d, "Kessler", EntityType::ORG));
}

TEST_CASE("ner: a city's name is the person the document names by it") {
  // A corpus where "Bolton" alone is a person; the lexicon knows it as a city, so
  // alone it becomes a place.
  const char* const lines[] = {
      "Anna Berg visited Oslo .|B-PER I-PER O B-LOC O",
      "Bolton met Anna Berg .|B-PER O B-PER I-PER O",
      "Bolton said it was over .|B-PER O O O O O",
      "Maria Lind left Bergen .|B-PER I-PER O B-LOC O",
  };
  const Recogniser rec = train_tiny(lines, "cityname.iob2");
  const AnnotatedDocument alone = analyse(rec, "Bolton said it was over.");
  INFO(describe(alone));
  CHECK(has_mention(alone, "Bolton", EntityType::GPE));
  // Named in full with a given name, or with a title, it is the person.
  for (const char* text : {"John Bolton visited Oslo. Bolton said it was over.",
                           "Ambassador Bolton visited Oslo. Bolton said it was over."}) {
    const AnnotatedDocument d = analyse(rec, text);
    INFO(describe(d));
    CHECK(has_mention(d, "Bolton", EntityType::PERSON));
    CHECK_FALSE(has_mention(d, "Bolton", EntityType::GPE));
  }
  // A heading's capitalised word is no given name: "Old Bolton" leaves the city.
  const AnnotatedDocument h = analyse(rec, "Old Bolton visited Oslo. Bolton said it was over.");
  INFO(describe(h));
  CHECK(has_mention(h, "Bolton", EntityType::GPE));
  CHECK_FALSE(has_mention(h, "Bolton", EntityType::PERSON));
}

TEST_CASE("ner: a name the model takes for a place is a person right after a person noun") {
  // A corpus where "Vanda Morrow" is always a place.
  const char* const lines[] = {
      "They met in Vanda Morrow .|O O O B-LOC I-LOC O",
      "Vanda Morrow is far .|B-LOC I-LOC O O O",
      "Anna Berg visited Vanda Morrow .|B-PER I-PER O B-LOC I-LOC O",
      "Maria Lind left Bergen .|B-PER I-PER O B-LOC O",
  };
  const Recogniser rec = train_tiny(lines, "personnoun.iob2");
  const AnnotatedDocument place = analyse(rec, "They met in Vanda Morrow.");
  INFO(describe(place));
  CHECK(has_mention(place, "Vanda Morrow", EntityType::GPE));
  for (const char* text : {"The basketball player Vanda Morrow arrived.", "Actor Vanda Morrow arrived."}) {
    const AnnotatedDocument d = analyse(rec, text);
    INFO(describe(d));
    CHECK(has_mention(d, "Vanda Morrow", EntityType::PERSON));
  }
}

TEST_CASE("ner: an untagged capitalised item in a list of names is a name of their type") {
  // A corpus where "Tolvo Rask" is never a name.
  const char* const lines[] = {
      "Anna Berg visited Oslo .|B-PER I-PER O B-LOC O",
      "Peter Holm met Maria Lind .|B-PER I-PER O B-PER I-PER O",
      "Tolvo Rask is a dish .|O O O O O O",
      "They ate Tolvo Rask .|O O O O O",
      "Anna Berg , Peter Holm and Maria Lind met .|B-PER I-PER O B-PER I-PER O B-PER I-PER O O",
      "Peter Holm , Jr. and the others left .|B-PER I-PER O O O O O O O",
  };
  const Recogniser rec = train_tiny(lines, "listitem.iob2");
  const AnnotatedDocument alone = analyse(rec, "They ate Tolvo Rask.");
  INFO(describe(alone));
  CHECK(alone.mentions.empty());
  for (const char* text : {"Anna Berg, Tolvo Rask, Peter Holm and Maria Lind met.",
                           "Anna Berg, Peter Holm, Tolvo Rask, and Maria Lind met.",
                           "Anna Berg, Tolvo Rask and the others met."}) {
    const AnnotatedDocument d = analyse(rec, text);
    INFO(describe(d));
    REQUIRE(has_mention(d, "Anna Berg", EntityType::PERSON));
    CHECK(has_mention(d, "Tolvo Rask", EntityType::PERSON));
  }
  // Between names of different types, after a comma that follows no name, or before
  // "and" and a capitalised word (it may start a longer name), it is left to the model.
  for (const char* text : {"Anna Berg visited Oslo, Tolvo Rask, and Peter Holm.", "They ate, Tolvo Rask, and Peter Holm.",
                           "Anna Berg, Tolvo Rask and Peter Holm met."}) {
    const AnnotatedDocument d = analyse(rec, text);
    INFO(describe(d));
    CHECK_FALSE(has_mention(d, "Tolvo Rask", EntityType::PERSON));
  }
  // An abbreviation after the comma ends the name before it.
  const AnnotatedDocument jr = analyse(rec, "Anna Berg, Jr. and the others met.");
  INFO(describe(jr));
  CHECK_FALSE(has_mention(jr, "Jr.", EntityType::PERSON));
}

TEST_CASE("ner: a capitalised person noun before a full name is no part of it") {
  // A corpus that teaches the person noun as part of the name.
  const char* const lines[] = {
      "Anna Berg visited Oslo .|B-PER I-PER O B-LOC O",
      "Immunologist Tolvo Rask spoke .|B-PER I-PER I-PER O O",
      "Guy Tolvo Rask spoke .|B-PER I-PER I-PER O O",
      "Maria Lind left Bergen .|B-PER I-PER O B-LOC O",
  };
  const Recogniser rec = train_tiny(lines, "personnounhead.iob2");
  const AnnotatedDocument d = analyse(rec, "Immunologist Tolvo Rask spoke.");
  INFO(describe(d));
  CHECK(has_mention(d, "Tolvo Rask", EntityType::PERSON));
  CHECK_FALSE(has_mention(d, "Immunologist Tolvo Rask", EntityType::PERSON));
  // A person noun that is also a given name may be the name's first word.
  const AnnotatedDocument g = analyse(rec, "Guy Tolvo Rask spoke.");
  INFO(describe(g));
  CHECK(has_mention(g, "Guy Tolvo Rask", EntityType::PERSON));
}

TEST_CASE("ner: a country or state written in lower case is a place, unless it is also an ordinary word") {
  const Recogniser rec = train_tiny(kTinyCorpus, "lowercase.iob2");
  const AnnotatedDocument d = analyse(rec, "i wrote a report on vietnam and mississippi.");
  INFO(describe(d));
  CHECK(has_mention(d, "vietnam", EntityType::GPE));
  CHECK(has_mention(d, "mississippi", EntityType::GPE));
  // Dictionary words and given names are left alone: "china", "turkey", "jordan".
  const AnnotatedDocument w = analyse(rec, "we ate turkey from china plates with jordan.");
  INFO(describe(w));
  CHECK(w.mentions.empty());
}

TEST_CASE("ner: a well-known organisation's name is an organisation") {
  // Nothing in the tiny corpus is a news agency or a company: only the lexicon's
  // organisation list knows "Reuters", "Xinhua News Agency" and "WHO".
  const Recogniser rec = train_tiny(kTinyCorpus, "knownorg.iob2");
  const AnnotatedDocument d =
      analyse(rec, "Reuters said Anna Berg left Oslo. Xinhua News Agency and the WHO said so. Who said it?");
  INFO(describe(d));
  CHECK(has_mention(d, "Reuters", EntityType::ORG));
  CHECK(has_mention(d, "Xinhua News Agency", EntityType::ORG));
  CHECK(has_mention(d, "WHO", EntityType::ORG));
  CHECK_FALSE(has_mention(d, "Who", EntityType::ORG));
  CHECK(has_mention(d, "Anna Berg", EntityType::PERSON));
  // A person the document names in full keeps a surname that is also a company's.
  const AnnotatedDocument p = analyse(rec, "Peter Honda visited Oslo. Honda left Bergen.");
  INFO(describe(p));
  REQUIRE(has_mention(p, "Peter Honda", EntityType::PERSON));
  CHECK_FALSE(has_mention(p, "Honda", EntityType::ORG));
  const AnnotatedDocument t = analyse(rec, "Ambassador Honda visited Oslo. Honda left Bergen.");
  INFO(describe(t));
  CHECK_FALSE(has_mention(t, "Honda", EntityType::ORG));
}

TEST_CASE("ner: a named storm is an event, also by its bare name") {
  const Recogniser rec = train_tiny(kTinyCorpus, "storm.iob2");
  const AnnotatedDocument d = analyse(rec,
                                      "Hurricane Dorian hit Oslo. Dorian killed two. Tropical Storm Imelda followed. "
                                      "The National Hurricane Center warned Anna Berg.");
  INFO(describe(d));
  CHECK(has_mention(d, "Hurricane Dorian", EntityType::EVENT));
  CHECK(has_mention(d, "Dorian", EntityType::EVENT));
  CHECK_FALSE(has_mention(d, "Dorian", EntityType::PERSON));
  CHECK(has_mention(d, "Tropical Storm Imelda", EntityType::EVENT));
  CHECK_FALSE(has_mention(d, "Hurricane Center", EntityType::EVENT));
}

TEST_CASE("ner: an office is no part of its holder's name") {
  // A corpus that teaches the model to take offices into names.
  const char* const lines[] = {
      "Minister of Justice Karl Berg spoke .|O O B-PER I-PER I-PER O O",
      "Danish Minister Anna Berg spoke .|B-PER I-PER B-PER I-PER O O",
      "Peter Holm works for Nordbank .|B-PER I-PER O O B-ORG O",
      "Maria Lind left Bergen for Oslo .|B-PER I-PER O B-LOC O B-LOC O",
  };
  const Recogniser rec = train_tiny(lines, "office.iob2");
  const AnnotatedDocument d = analyse(rec, "Minister of Justice Peter Holm spoke.");
  INFO(describe(d));
  CHECK(has_mention(d, "Peter Holm", EntityType::PERSON));
  CHECK_FALSE(has_mention(d, "Justice Peter Holm", EntityType::PERSON));
  const AnnotatedDocument t = analyse(rec, "Danish Minister Maria Lind spoke.");
  INFO(describe(t));
  CHECK(has_mention(t, "Maria Lind", EntityType::PERSON));
  CHECK_FALSE(has_mention(t, "Danish Minister", EntityType::PERSON));
  // A listed company is the organisation before a role even when it is an ordinary word.
  const AnnotatedDocument a = analyse(rec, "Apple CEO Anna Berg spoke.");
  INFO(describe(a));
  REQUIRE(has_mention(a, "Anna Berg", EntityType::PERSON));
  CHECK(has_mention(a, "Apple", EntityType::ORG));
}

TEST_CASE("ner: a full name's surname that is also an ordinary word is the person mid-sentence") {
  // "lam", "cook" and "may" are dictionary words; "May" is also a month.
  const Recogniser rec = Recogniser::load(kModel);
  const Tagger tagger = Tagger::load(default_models_dir() + "/pos.ngm");
  const AnnotatedDocument d = analyse(rec,
                                      "Hong Kong leader Carrie Lam spoke on Tuesday with Tim Cook. \"It is over,\" Lam concluded, "
                                      "and Cook agreed. Theresa May will visit in May.",
                                      &tagger);
  INFO(describe(d));
  REQUIRE(has_mention(d, "Carrie Lam", EntityType::PERSON));
  REQUIRE(has_mention(d, "Tim Cook", EntityType::PERSON));
  CHECK(has_mention(d, "Lam", EntityType::PERSON));
  CHECK(has_mention(d, "Cook", EntityType::PERSON));
  CHECK_FALSE(has_mention(d, "May", EntityType::PERSON));
}

TEST_CASE("ner: word clusters type unseen names like the names they cluster with, and travel in the model") {
  // Persons and places in the same context: only their clusters tell unseen ones apart.
  const char* const persons[] = {"Vorlan", "Keshmi", "Tabrun", "Olgaard", "Beritz", "Dravi"};
  const char* const places[] = {"Quelmor", "Zintaru", "Pellosk", "Ubrecht", "Nimsay", "Mornesh"};
  const std::string corpus = temp_path("clusters.iob2");
  std::vector<std::pair<std::string, std::uint32_t>> codes;
  {
    std::ofstream out(corpus);
    // The last of each list is left out of training.
    for (int rep = 0; rep < 3; ++rep)
      for (std::size_t k = 0; k + 1 < std::size(persons); ++k) {
        out << "1\tWe\tO\t-\t-\n2\tsaw\tO\t-\t-\n3\t" << persons[k] << "\tB-PER\t-\t-\n4\ttoday\tO\t-\t-\n\n";
        out << "1\tWe\tO\t-\t-\n2\tsaw\tO\t-\t-\n3\t" << places[k] << "\tB-LOC\t-\t-\n4\ttoday\tO\t-\t-\n\n";
      }
  }
  constexpr std::uint32_t kPersons = 16u << 16, kPlaces = (16u << 16) | 0xFFFFu;
  for (const char* w : persons) codes.emplace_back(lower_case(w), kPersons);
  for (const char* w : places) codes.emplace_back(lower_case(w), kPlaces);
  const std::string clusters = temp_path("clusters.ngm");
  WordClusters::from_codes(codes).save(clusters);
  TrainOptions o;
  o.train_path = corpus;
  o.epochs = 5;
  o.clusters_path = clusters;
  o.output_path = temp_path("clusters_model.ngm");
  const Recogniser trained = Recogniser::train(o);
  const Recogniser loaded = Recogniser::load(o.output_path);
  for (const Recogniser* rec : {&trained, &loaded}) {
    const AnnotatedDocument per = analyse(*rec, "We saw Dravi today.");
    INFO(describe(per));
    CHECK(has_mention(per, "Dravi", EntityType::PERSON));
    const AnnotatedDocument loc = analyse(*rec, "We saw Mornesh today.");
    INFO(describe(loc));
    CHECK(has_mention(loc, "Mornesh", EntityType::GPE));
  }
  std::remove(corpus.c_str());
  std::remove(clusters.c_str());
  std::remove(o.output_path.c_str());
}

TEST_CASE("ner refuses missing, corrupt and wrong-kind model files") {
  CHECK_THROWS_AS(Recogniser::load(temp_path("does_not_exist.ngm")), Error);
  // A lexicon file is a valid model container of another kind.
  expect_model_error(default_models_dir() + "/lexicon.ngm");
  const std::string bad = temp_path("corrupt.ngm");
  std::string bytes = read_bytes(kModel);
  REQUIRE(bytes.size() > 1000);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5A);
  write_bytes(bad, bytes);
  expect_model_error(bad);
  // Truncated.
  write_bytes(bad, read_bytes(kModel).substr(0, 200));
  CHECK_THROWS_AS(Recogniser::load(bad), Error);
  std::remove(bad.c_str());
}

TEST_CASE("ner refuses a model whose fingerprint does not name its features and embedded lexicon") {
  // The committed model with another fingerprint in its header and a valid checksum:
  // only the fingerprint check (feature version, embedded lexicon) can refuse it.
  const std::string bytes = test::with_other_fingerprint(read_bytes(kModel), "ner");
  const std::string bad = temp_path("fingerprint.ngm");
  write_bytes(bad, bytes);
  expect_model_error(bad, "fingerprint");
  std::remove(bad.c_str());
}

TEST_CASE("ner: no organisation ends with 'of': it takes in the name after it, up to a title") {
  const Recogniser rec = Recogniser::load(kModel);
  const Tagger tagger = Tagger::load(default_models_dir() + "/pos.ngm");
  // The committed model stops after "of" in each of these (the rest untagged or a place).
  const auto d = analyse(rec,
                         "Steve Peers of the University of Essex spoke. The bill passed the U.S. House of "
                         "Representatives on Friday. The United States Department of Justice filed.",
                         &tagger);
  INFO(describe(d));
  CHECK(has_mention(d, "University of Essex", EntityType::ORG));
  CHECK(has_mention(d, "U.S. House of Representatives", EntityType::ORG));
  CHECK(has_mention(d, "United States Department of Justice", EntityType::ORG));
  for (const Mention& m : d.mentions) CHECK_FALSE(d.doc.text.substr(m.span.start, m.span.size()).ends_with(" of"));
  const auto t = analyse(rec, "Yesterday, United States House of Representatives Speaker Nancy Pelosi confirmed a vote.",
                         &tagger);
  INFO(describe(t));
  CHECK(has_mention(t, "Nancy Pelosi", EntityType::PERSON));
  for (const Mention& m : t.mentions) CHECK(t.doc.text.substr(m.span.start, m.span.size()).find("Speaker") == std::string::npos);
}

TEST_CASE("ner scoring treats a stray I- tag as the start of a span and repairs its own output") {
  // Gold with an I- tag that follows O: read as a span of its own.
  const std::string path = temp_path("stray.iob2");
  {
    std::ofstream out(path);
    out << "1\tWe\tO\t-\t-\n2\tmet\tO\t-\t-\n3\tJohn\tI-PER\t-\t-\n4\tSmith\tI-PER\t-\t-\n5\t.\tO\t-\t-\n\n";
  }
  const Recogniser rec = Recogniser::load(kModel);
  const std::string report = rec.evaluate(path, nullptr);
  CHECK(report.find("PER") != std::string::npos);
  std::remove(path.c_str());
  // Output is always well-formed BIO, whatever the input looks like.
  const AnnotatedDocument d = analyse(rec,
      "iN THE City of london , the BANK of England said . New York New York Times Times . "
      "Mr. Mr. Smith Smith of of the the United Nations Nations on Monday Monday");
  CHECK(valid_bio(d));
  for (std::size_t i = 1; i < d.mentions.size(); ++i) CHECK(d.mentions[i - 1].span < d.mentions[i].span);
}

TEST_CASE("committed ner model finds people, organisations, places, nationalities and dates in news") {
  const Recogniser rec = Recogniser::load(kModel);
  {
    const auto d = analyse(rec, "NATO Secretary General Mark Rutte told the European Parliament that allies must spend more.");
    INFO(describe(d));
    CHECK(has_mention(d, "Mark Rutte", EntityType::PERSON));
    CHECK(has_mention(d, "NATO", EntityType::ORG));
    CHECK(has_mention(d, "European Parliament", EntityType::ORG));
  }
  {
    const auto d = analyse(rec, "Russian President Vladimir Putin spoke on Monday.");
    INFO(describe(d));
    CHECK(has_mention(d, "Russian", EntityType::NORP));
    CHECK(has_mention(d, "Vladimir Putin", EntityType::PERSON));
    CHECK(has_mention(d, "Monday", EntityType::DATE));
  }
  {
    const auto d = analyse(rec, "Ministers met in Helsinki to discuss shipping in the Baltic Sea on January 13, 2025.");
    INFO(describe(d));
    CHECK(has_mention(d, "Helsinki", EntityType::GPE));
    CHECK(has_mention(d, "Baltic Sea", EntityType::LOC));
    CHECK(has_mention(d, "January 13, 2025", EntityType::DATE));
  }
  {
    // Other names, same patterns: nothing here is special-cased.
    const auto d = analyse(rec, "German Chancellor Olaf Scholz and French President Emmanuel Macron met in Paris.");
    INFO(describe(d));
    CHECK(has_mention(d, "Olaf Scholz", EntityType::PERSON));
    CHECK(has_mention(d, "Emmanuel Macron", EntityType::PERSON));
    CHECK(has_mention(d, "German", EntityType::NORP));
    CHECK(has_mention(d, "Paris", EntityType::GPE));
  }
  {
    // Unseen names whose first part the model misses: completed from the proper
    // noun (or title) before the part it found, never across a title or a date.
    const Tagger tagger = Tagger::load(default_models_dir() + "/pos.ngm");
    auto tagged = [&](const std::string& text) { return analyse(rec, text, &tagger); };
    const auto d = tagged("Peace will not last if Putin, Xi Jinping and the regime greet each other.");
    INFO(describe(d));
    CHECK(has_mention(d, "Xi Jinping", EntityType::PERSON));
    const auto t = tagged("Chinese President Xi Jinping met the premier.");
    INFO(describe(t));
    CHECK(has_mention(t, "Xi Jinping", EntityType::PERSON));
    CHECK_FALSE(has_mention(t, "President Xi Jinping", EntityType::PERSON));
    const auto m = tagged("On Monday Jinping met the premier.");
    INFO(describe(m));
    CHECK_FALSE(has_mention(m, "Monday Jinping", EntityType::PERSON));
  }
  {
    // A group word the model calls an organisation stays one (the group list also
    // holds "Hamas"); a lone nationality word is a NORP, not a name.
    const auto d = analyse(rec, "Hamas has announced a ceasefire, Egyptian officials said on Tuesday.");
    INFO(describe(d));
    CHECK(has_mention(d, "Hamas", EntityType::ORG));
    CHECK_FALSE(has_mention(d, "Hamas", EntityType::NORP));
    CHECK(has_mention(d, "Egyptian", EntityType::NORP));
  }
  {
    // File names and addresses are not names, however they are capitalised.
    const auto d = analyse(rec, "Attached file : QuarterlyFuelReport.pdf from Jane.Doe@example.org");
    INFO(describe(d));
    for (const Mention& m : d.mentions) {
      CHECK(m.text.find(".pdf") == std::string::npos);
      CHECK(m.text.find('@') == std::string::npos);
    }
  }
  {
    // Titles behind the granting country or organisation stay out of the name, and
    // a name does not run on into "of the ...".
    const auto d = analyse(rec, "US President Donald Trump of the Republican Party met NATO Secretary General Mark Rutte.");
    INFO(describe(d));
    CHECK(has_mention(d, "Donald Trump", EntityType::PERSON));
    CHECK(has_mention(d, "Mark Rutte", EntityType::PERSON));
    CHECK(has_mention(d, "NATO", EntityType::ORG));
    for (const Mention& m : d.mentions) {
      CHECK(m.text.find("President") == std::string::npos);
      CHECK(m.text.find("Secretary") == std::string::npos);
      CHECK(m.text.find(" of ") == std::string::npos);
    }
    const auto later = analyse(rec, "On Monday, Donald Trump later told Osama bin Laden's biographer nothing.");
    INFO(describe(later));
    CHECK(has_mention(later, "Donald Trump", EntityType::PERSON));
    for (const Mention& m : later.mentions) CHECK(m.text.find("later") == std::string::npos);
  }
  {
    // Organisations named by their kind ("Ministry of ..."), a person's employer after
    // "of the", a country that acts (still a place), a title qualified by another
    // capitalised word before a full name.
    const auto d = analyse(rec,
        "Officials at the Ministry of Foreign Affairs declined to comment. Anthony Shadid of the "
        "Washington Post reported the attack. North Korea fired a missile on Sunday, and North Korea's "
        "army said the test succeeded. Emergencies Minister Yevgeny Zinichev visited the site.");
    INFO(describe(d));
    bool ministry = false;
    for (const Mention& m : d.mentions)
      ministry = ministry || (m.type == EntityType::ORG && m.text.rfind("Ministry of Foreign Affairs", 0) == 0);
    CHECK(ministry);
    CHECK(has_mention(d, "Anthony Shadid", EntityType::PERSON));
    CHECK(has_mention(d, "Washington Post", EntityType::ORG));
    CHECK(has_mention(d, "North Korea", EntityType::GPE));
    CHECK_FALSE(has_mention(d, "North Korea", EntityType::ORG));
    CHECK(has_mention(d, "Yevgeny Zinichev", EntityType::PERSON));
    for (const Mention& m : d.mentions) CHECK(m.text.find("Minister Yevgeny") == std::string::npos);
  }
  {
    const auto d = analyse(rec, "");
    CHECK(d.mentions.empty());
  }
  {
    // As in the pipeline, tagged first: a title's qualifier that is also a given name
    // ("Philippine") but here an adjective stays out of the person's name.
    const Tagger tagger = Tagger::load(default_models_dir() + "/pos.ngm");
    const auto d = analyse(rec, "Philippine President Rodrigo Duterte visited the site on Monday.", &tagger);
    INFO(describe(d));
    CHECK(has_mention(d, "Rodrigo Duterte", EntityType::PERSON));
    for (const Mention& m : d.mentions) CHECK(m.text.find("President Rodrigo") == std::string::npos);
    // Capitalised words before a role and a person's name are the organisation, or
    // finish the one the model cut short.
    const auto o = analyse(rec,
                           "On Monday, SpaceX co-founder Jim Cantrell said the launch was delayed. The former "
                           "Department of Homeland Security chief of staff Miles Taylor disagreed.",
                           &tagger);
    INFO(describe(o));
    CHECK(has_mention(o, "SpaceX", EntityType::ORG));
    CHECK(has_mention(o, "Jim Cantrell", EntityType::PERSON));
    CHECK(has_mention(o, "Department of Homeland Security", EntityType::ORG));
    CHECK(has_mention(o, "Miles Taylor", EntityType::PERSON));
  }
}
