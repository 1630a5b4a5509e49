#include "export/jsonl.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "export/jsonld.hpp"
#include "graph/error.hpp"

using namespace newsgraph;

namespace {
Span find_span(const std::string& text, const std::string& what, std::size_t from = 0) {
  const auto at = text.find(what, from);
  REQUIRE(at != std::string::npos);
  return Span{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + what.size())};
}

// Two sentences exercising every field add() reads: aliases, a normalised date, a
// quote whose cue span and sentence differ from its content, an addressee, an "about",
// a quote text that is not the slice, a relation without an evidence span (the sentence
// stands in), a relation with an unknown end (dropped), and non-ASCII text.
AnnotatedDocument make_doc(const std::string& id, const std::string& person, const std::string& date) {
  AnnotatedDocument a;
  a.doc.id = id;
  a.doc.meta.title = "Talks in Zürich";
  a.doc.meta.date = date;
  a.doc.meta.url = "https://example.org/" + id;
  a.doc.meta.source = "ignored.jsonl:3";
  const std::string s1 = person + " told the Bundesrat on Monday: \"Peace matters.\"";
  const std::string s2 = " The Bundesrat met in Zürich.";
  a.doc.text = s1 + s2;
  const auto& t = a.doc.text;
  a.sentences.push_back({Span{0, static_cast<std::uint32_t>(s1.size())}, 0, 0, 0});
  a.sentences.push_back({Span{static_cast<std::uint32_t>(s1.size() + 1), static_cast<std::uint32_t>(t.size())}, 0, 0, 0});
  auto mention = [&](Span s, EntityType ty, MentionKind k = MentionKind::Name) {
    a.mentions.push_back({s, t.substr(s.start, s.size()), ty, k, 0, 0, 0, -1});
    return static_cast<std::uint32_t>(a.mentions.size() - 1);
  };
  const auto m_person = mention(find_span(t, person), EntityType::PERSON);
  const auto m_org1 = mention(find_span(t, "Bundesrat"), EntityType::ORG);
  const auto m_day = mention(find_span(t, "Monday"), EntityType::DATE);
  const auto m_org2 = mention(find_span(t, "Bundesrat", s1.size()), EntityType::ORG, MentionKind::Nominal);
  const auto m_city = mention(find_span(t, "Zürich", s1.size()), EntityType::GPE);
  a.entities.push_back({make_entity_id(EntityType::DATE, "Monday"), EntityType::DATE, "Monday", {}, {m_day}, "2025-01-13"});
  a.entities.push_back({make_entity_id(EntityType::GPE, "Zürich"), EntityType::GPE, "Zürich", {}, {m_city}, {}});
  a.entities.push_back({make_entity_id(EntityType::ORG, "Bundesrat"), EntityType::ORG, "Bundesrat", {"the Bundesrat"},
                        {m_org1, m_org2}, {}});
  a.entities.push_back({make_entity_id(EntityType::PERSON, person), EntityType::PERSON, person,
                        {person.substr(person.find(' ') + 1)}, {m_person}, {}});
  Quotation q;
  q.span = find_span(t, "Peace matters.");
  q.text = "Peace matters";  // a stage may trim the content: not the slice
  q.speaker = 3;
  q.addressee = 2;
  q.cue = "told";
  q.cue_lemma = "tell";
  q.cue_span = find_span(t, "told");
  q.about = {2, 1};
  q.sentence = 0;
  a.quotations.push_back(q);
  Quotation q2;  // no speaker, no cue span: only the node and its "about"
  q2.span = find_span(t, "The Bundesrat met");
  q2.text = t.substr(q2.span.start, q2.span.size());
  q2.kind = QuoteKind::Indirect;
  q2.unclosed = true;
  q2.about = {2};
  q2.sentence = 1;
  a.quotations.push_back(q2);
  Relation r;
  r.subject = 2;
  r.predicate = "locatedIn";
  r.object = 1;
  r.sentence = 1;  // no evidence span: the sentence is the evidence
  r.confidence = 0.625;
  a.relations.push_back(r);
  Relation r2;
  r2.subject = 3;
  r2.predicate = "holdsPosition";
  r2.object = 2;
  r2.role = "Präsident";
  r2.evidence = find_span(t, person);
  a.relations.push_back(r2);
  Relation r3;  // unknown object: the graph leaves it out
  r3.subject = 3;
  r3.predicate = "relatedTo";
  r3.lemma = "tell";
  r3.object = -1;
  r3.evidence = a.sentences[0].span;
  a.relations.push_back(r3);
  return a;
}

std::string jsonld(const KnowledgeGraph& kg) {
  std::ostringstream out;
  write_jsonld(kg, out);
  return out.str();
}

std::string extract_lines(const std::vector<AnnotatedDocument>& docs) {
  std::ostringstream out;
  for (const auto& d : docs) write_extract_jsonl(out, d);
  return out.str();
}

ExtractReadStats read_into(KnowledgeGraph& kg, const std::string& text, const std::string& name = "part.jsonl") {
  std::istringstream in(text);
  return read_extract_jsonl(in, name, kg);
}

std::string error_of(const std::string& text) {
  KnowledgeGraph kg;
  try {
    read_into(kg, text, "bad.jsonl");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("read_extract_jsonl: extract lines rebuild the graph add() builds, byte for byte") {
  const std::vector<AnnotatedDocument> docs = {make_doc("d1", "Anna Berg", "2025-01-13"),
                                               make_doc("d2", "Tomas Lind", "2025-02-01"),
                                               make_doc("d3", "Anna Berg", "")};
  KnowledgeGraph built;
  for (const auto& d : docs) built.add(d);
  const std::string expected = jsonld(built);

  KnowledgeGraph merged;
  const auto stats = read_into(merged, extract_lines(docs));
  CHECK(stats.lines == 3);
  CHECK(stats.added == 3);
  CHECK(jsonld(merged) == expected);

  // Shards in another order, through separate streams.
  KnowledgeGraph sharded;
  read_into(sharded, extract_lines({docs[2]}));
  read_into(sharded, "\n" + extract_lines({docs[1], docs[0]}) + "  \n");
  CHECK(jsonld(sharded) == expected);

  // Mixed with a graph merged from JSON-LD.
  KnowledgeGraph one;
  one.add(docs[1]);
  KnowledgeGraph mixed;
  read_into(mixed, extract_lines({docs[0], docs[2]}));
  mixed.merge(one);
  CHECK(jsonld(mixed) == expected);

  // The same document again is recognised and skipped, as add() skips it.
  const auto again = read_into(merged, extract_lines({docs[1]}));
  CHECK(again.duplicates == 1);
  CHECK(again.added == 0);
  CHECK(jsonld(merged) == expected);
}

TEST_CASE("write_extract_jsonl: the added fields carry what the graph needs") {
  const std::string line = extract_lines({make_doc("d1", "Anna Berg", "2025-01-13")});
  CHECK(line.find("\"text_hash\":\"") != std::string::npos);
  CHECK(line.find("\"content\":\"Peace matters\"") != std::string::npos);
  CHECK(line.find("\"cue_lemma\":\"tell\"") != std::string::npos);
  CHECK(line.find("\"cue_span\":{\"start\":") != std::string::npos);
  CHECK(line.find("\"sentence_span\":{\"start\":") != std::string::npos);
  // The relation without an evidence span is written with its sentence.
  CHECK(line.find("\"start\":0,\"end\":0,") == std::string::npos);
  CHECK(line.find("\"text\":\"The Bundesrat met in Zürich.\",\"confidence\":0.625") != std::string::npos);
  CHECK(line.find("ignored.jsonl") == std::string::npos);
  CHECK(line.back() == '\n');
  CHECK(std::count(line.begin(), line.end(), '\n') == 1);
}

TEST_CASE("read_extract_jsonl: lines without text_hash (older extract output) still read") {
  std::string line = extract_lines({make_doc("d1", "Anna Berg", "2025-01-13")});
  const auto at = line.find("\"text_hash\":\"");
  line.erase(at, std::string("\"text_hash\":\"0123456789abcdef\",").size());
  KnowledgeGraph kg;
  CHECK(read_into(kg, line).added == 1);
  CHECK(kg.documents().at("d1").text_hash == 0);
  CHECK(kg.find("person/anna-berg"));
}

TEST_CASE("read_extract_jsonl: malformed lines are Error(Input) at file:line") {
  const std::string good = extract_lines({make_doc("d1", "Anna Berg", "2025-01-13")});
  CHECK(error_of(good + "{\"id\":\"x\",\"entities\":[\n").find("bad.jsonl:2: byte") == 0);
  CHECK(error_of(good + "\n[1,2]\n").find("bad.jsonl:3: a line must be an object") == 0);
  CHECK(error_of("{\"entities\":[]}\n").find("bad.jsonl:1: missing field \"id\"") == 0);
  CHECK(error_of("{\"id\":\"x\"}\n").find("missing field \"entities\"") != std::string::npos);
  CHECK(error_of("{\"id\":\"x\",\"entities\":[{\"id\":\"a\",\"type\":\"ALIEN\",\"name\":\"a\",\"mentions\":[]}]}\n")
            .find("bad.jsonl:1: unknown entity type 'ALIEN'") == 0);
  CHECK(error_of("{\"id\":\"x\",\"entities\":[],\"relations\":[{\"subject\":\"person/a\",\"predicate\":\"p\","
                 "\"object\":null,\"start\":0,\"end\":1,\"text\":\"a\"}]}\n")
            .find("subject 'person/a' is not an entity of this line") != std::string::npos);
  CHECK(error_of("{\"id\":\"x\",\"entities\":[{\"id\":\"a\",\"type\":\"ORG\",\"name\":\"a\",\"mentions\":"
                 "[{\"start\":5,\"end\":2,\"text\":\"\"}]}]}\n")
            .find("span end 2 is before its start") != std::string::npos);
  CHECK(error_of("{\"id\":\"x\",\"entities\":[],\"text_hash\":\"XYZ\"}\n").find("16 lowercase hex") != std::string::npos);
  CHECK(error_of("{\"id\":\"x\",\"entities\":[],\"title\":\"\xff\"}\n").find("bad.jsonl:1: byte") == 0);

  // A bad line adds nothing of itself; earlier lines stay merged.
  KnowledgeGraph kg;
  std::istringstream in(good + "{\"id\":\"d9\",\"entities\":[{\"id\":\"person/zed\",\"type\":\"PERSON\",\"name\":\"Zed\","
                               "\"mentions\":[]}],\"quotes\":[{\"speaker\":\"person/nobody\"}]}\n");
  CHECK_THROWS_AS(read_extract_jsonl(in, "x", kg), Error);
  CHECK(kg.documents().count("d1") == 1);
  CHECK(kg.documents().count("d9") == 0);
  CHECK(!kg.find("person/zed"));
}

TEST_CASE("is_extract_jsonl tells extract output from articles") {
  const std::string dir = "/tmp/newsgraph_jsonl_test_" + std::to_string(::getpid());
  const std::string facts = dir + "-facts.jsonl", articles = dir + "-articles.jsonl", text = dir + ".txt";
  std::ofstream(facts) << "\n" << extract_lines({make_doc("d1", "Anna Berg", "2025-01-13")});
  std::ofstream(articles) << "{\"id\":\"a\",\"text\":\"Anna Berg spoke.\"}\n";
  std::ofstream(text) << "{ not json at all\n";
  CHECK(is_extract_jsonl(facts));
  CHECK(!is_extract_jsonl(articles));
  CHECK(!is_extract_jsonl(text));
  CHECK(!is_extract_jsonl(dir + "-missing.jsonl"));
  CHECK(!is_extract_jsonl("/tmp"));
  std::remove(facts.c_str());
  std::remove(articles.c_str());
  std::remove(text.c_str());
}
