#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "extract/doc_edit.hpp"
#include "extract/lexicon.hpp"
#include "extract/relations.hpp"
#include "graph/error.hpp"

using namespace newsgraph;

namespace {

// Builds an AnnotatedDocument by hand. Each sentence is one string of tokens
// separated by spaces, each token "form/lemma/UPOS/head/deprel" with a 1-based head
// (0 = root) as in CoNLL-U; "=" as lemma means the lower-cased form. A token given
// as "form/UPOS" is tagged but unparsed; a bare form is untagged and unparsed (head -2).
class DocBuilder {
 public:
  explicit DocBuilder(std::string date = "2025-01-15") { a_.doc.meta.date = std::move(date); a_.doc.id = "t"; }

  // Returns the sentence index.
  std::size_t sentence(const std::string& line) {
    Sentence s;
    s.token_begin = static_cast<std::uint32_t>(a_.tokens.size());
    s.paragraph = static_cast<std::uint32_t>(a_.sentences.size());
    std::istringstream in(line);
    std::string item;
    if (!a_.doc.text.empty()) a_.doc.text += '\n';
    s.span.start = static_cast<std::uint32_t>(a_.doc.text.size());
    bool first = true;
    while (in >> item) {
      std::vector<std::string> f;
      std::size_t p = 0;
      // Split on '/', but a lone "/" form is not a separator.
      while (true) {
        const std::size_t q = item.find('/', p == 0 ? 1 : p);
        if (q == std::string::npos) {
          f.push_back(item.substr(p));
          break;
        }
        f.push_back(item.substr(p, q - p));
        p = q + 1;
      }
      Token t;
      t.form = f[0];
      if (f.size() == 5) {
        t.lemma = f[1] == "=" ? lower(f[0]) : f[1];
        t.upos = f[2];
        t.head = std::stoi(f[3]) - 1;
        t.deprel = f[4];
      } else if (f.size() == 2) {  // "form/UPOS": tagged, unparsed
        t.upos = f[1];
      }
      if (!first) a_.doc.text += ' ';
      first = false;
      t.span.start = static_cast<std::uint32_t>(a_.doc.text.size());
      a_.doc.text += t.form;
      t.span.end = static_cast<std::uint32_t>(a_.doc.text.size());
      a_.tokens.push_back(t);
    }
    s.token_end = static_cast<std::uint32_t>(a_.tokens.size());
    s.span.end = static_cast<std::uint32_t>(a_.doc.text.size());
    a_.sentences.push_back(s);
    return a_.sentences.size() - 1;
  }

  // A mention of sentence `s` tokens [b, e) (sentence-relative) of entity (type, name).
  DocBuilder& ent(std::size_t s, std::uint32_t b, std::uint32_t e, EntityType type, const std::string& name,
                  MentionKind kind = MentionKind::Name) {
    const std::uint32_t tb = a_.sentences[s].token_begin + b, te = a_.sentences[s].token_begin + e;
    Mention m;
    m.span = Span{a_.tokens[tb].span.start, a_.tokens[te - 1].span.end};
    m.type = type;
    m.kind = kind;
    m.sentence = static_cast<std::uint32_t>(s);
    m.token_begin = tb;
    m.token_end = te;
    const int id = ensure_entity(a_, type, name);
    add_mention(a_, id, m);
    return *this;
  }

  AnnotatedDocument done() {
    restore_order(a_);
    return a_;
  }

  static std::string lower(std::string s) {
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  }

 private:
  AnnotatedDocument a_;
};

std::string name_of(const AnnotatedDocument& a, int e) {
  return e >= 0 ? a.entities[static_cast<std::size_t>(e)].name : std::string("<none>");
}

// "Subject predicate Object [role]" lines, sorted, for readable checks.
std::set<std::string> facts(const AnnotatedDocument& a) {
  std::set<std::string> out;
  for (const Relation& r : a.relations) {
    std::string f = name_of(a, r.subject) + " " + r.predicate + " " + name_of(a, r.object);
    if (!r.role.empty()) f += " [" + r.role + "]";
    if (!r.lemma.empty()) f += " (" + r.lemma + ")";
    out.insert(f);
  }
  return out;
}

const Relation* find(const AnnotatedDocument& a, const std::string& s, const std::string& p, const std::string& o) {
  for (const Relation& r : a.relations)
    if (name_of(a, r.subject) == s && r.predicate == p && name_of(a, r.object) == o) return &r;
  return nullptr;
}

const Entity* entity_named(const AnnotatedDocument& a, const std::string& n) {
  for (const Entity& e : a.entities)
    if (e.name == n) return &e;
  return nullptr;
}

// The data model's invariants, which the extractor must keep after adding entities.
void check_invariants(const AnnotatedDocument& a) {
  for (std::size_t i = 1; i < a.entities.size(); ++i) CHECK(a.entities[i - 1].id < a.entities[i].id);
  for (std::size_t i = 1; i < a.mentions.size(); ++i) CHECK(!(a.mentions[i].span < a.mentions[i - 1].span));
  for (std::size_t e = 0; e < a.entities.size(); ++e) {
    CHECK(a.entities[e].id == make_entity_id(a.entities[e].type, a.entities[e].name));
    for (std::size_t k = 0; k < a.entities[e].mentions.size(); ++k) {
      const std::uint32_t m = a.entities[e].mentions[k];
      REQUIRE(m < a.mentions.size());
      CHECK(a.mentions[m].entity == static_cast<int>(e));
      if (k > 0) CHECK(a.entities[e].mentions[k - 1] < m);
    }
  }
  for (const Mention& m : a.mentions) {
    CHECK(m.text == a.doc.text.substr(m.span.start, m.span.size()));
    if (m.entity >= 0) CHECK(static_cast<std::size_t>(m.entity) < a.entities.size());
  }
  for (const Relation& r : a.relations) {
    CHECK(r.subject >= 0);
    CHECK(r.object >= 0);
    CHECK(static_cast<std::size_t>(r.subject) < a.entities.size());
    CHECK(static_cast<std::size_t>(r.object) < a.entities.size());
    CHECK(r.subject != r.object);
    CHECK(r.evidence.end <= a.doc.text.size());
    CHECK(!r.evidence.empty());
    CHECK(r.confidence > 0.0);
    CHECK(r.confidence <= 1.0);
    CHECK(r.sentence < a.sentences.size());
  }
}

AnnotatedDocument extract(AnnotatedDocument a) {
  RelationExtractor().run(a);
  check_invariants(a);
  return a;
}

}  // namespace

TEST_CASE("doc_edit: appended entities and mentions are sorted and every index remapped") {
  DocBuilder b;
  b.sentence("Zelensky met Abe and Putin");
  b.ent(0, 0, 1, EntityType::PERSON, "Zelensky").ent(0, 4, 5, EntityType::PERSON, "Putin");
  AnnotatedDocument a = b.done();
  REQUIRE(a.entities.size() == 2);
  Quotation q;
  q.speaker = 1;  // Zelensky
  q.addressee = 0;
  q.about = {1, 0};
  a.quotations.push_back(q);
  Relation r;
  r.subject = 1;
  r.predicate = "met";
  r.object = 0;
  r.evidence = a.sentences[0].span;
  a.relations.push_back(r);

  const int abe = ensure_entity(a, EntityType::PERSON, "Abe");
  CHECK(abe == 2);
  CHECK(ensure_entity(a, EntityType::PERSON, "Abe") == 2);  // same id: no duplicate
  Mention m;
  m.span = a.tokens[2].span;
  m.token_begin = 2;
  m.token_end = 3;
  add_mention(a, abe, m);
  CHECK(a.mentions.back().text == "Abe");
  a.relations.push_back(Relation{1, "met", abe, {}, {}, a.sentences[0].span, 0, 0.5});
  restore_order(a);

  REQUIRE(a.entities.size() == 3);
  CHECK(a.entities[0].name == "Abe");
  CHECK(a.entities[1].name == "Putin");
  CHECK(a.entities[2].name == "Zelensky");
  CHECK(a.quotations[0].speaker == 2);
  CHECK(a.quotations[0].addressee == 1);
  CHECK(a.quotations[0].about == std::vector<int>{1, 2});
  CHECK(name_of(a, a.relations[0].subject) == "Zelensky");
  CHECK(name_of(a, a.relations[0].object) == "Putin");
  CHECK(name_of(a, a.relations[1].object) == "Abe");
  CHECK(a.mentions[1].text == "Abe");  // between Zelensky and Putin by span
  check_invariants(a);

  AnnotatedDocument again = a;
  restore_order(again);  // idempotent
  CHECK(again.mentions.size() == a.mentions.size());
  CHECK(again.entities[0].mentions == a.entities[0].mentions);

  CHECK_THROWS_AS(add_mention(a, 7, m), Error);
  Mention bad;
  bad.span = Span{0, 9999};
  CHECK_THROWS_AS(add_mention(a, 0, bad), Error);
}

TEST_CASE("relations: premodifying titles") {
  DocBuilder b;
  b.sentence("NATO Secretary General Mark Rutte spoke .");
  b.sentence("Russian President Putin and Russian dictator Vladimir Putin are one man .");
  b.sentence("Former U.S. President Barack Obama and Russian opposition leader Alexei Navalny met .");
  b.sentence("Apple CEO Tim Cook and Russia 's President Medvedev smiled .");
  b.ent(0, 0, 1, EntityType::ORG, "NATO").ent(0, 3, 5, EntityType::PERSON, "Mark Rutte");
  b.ent(1, 2, 3, EntityType::PERSON, "Vladimir Putin").ent(1, 6, 8, EntityType::PERSON, "Vladimir Putin");
  b.ent(2, 1, 2, EntityType::GPE, "United States").ent(2, 3, 5, EntityType::PERSON, "Barack Obama");
  b.ent(2, 9, 11, EntityType::PERSON, "Alexei Navalny");
  b.ent(3, 0, 1, EntityType::ORG, "Apple").ent(3, 2, 4, EntityType::PERSON, "Tim Cook");
  b.ent(3, 5, 6, EntityType::GPE, "Russia").ent(3, 8, 9, EntityType::PERSON, "Dmitry Medvedev");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("Mark Rutte holdsPosition NATO [Secretary General]"));
  CHECK(f.count("Vladimir Putin holdsPosition Russia [President]"));
  CHECK(f.count("Vladimir Putin nationality Russia"));
  CHECK(f.count("Barack Obama holdsPosition United States [former President]"));
  CHECK(f.count("Alexei Navalny nationality Russia"));
  CHECK_FALSE(f.count("Alexei Navalny holdsPosition Russia [opposition Leader]"));
  CHECK(f.count("Tim Cook holdsPosition Apple [CEO]"));
  CHECK(f.count("Dmitry Medvedev holdsPosition Russia [President]"));
  // "dictator" states a nationality, not an office.
  for (const Relation& r : a.relations)
    if (r.predicate == "holdsPosition") CHECK(r.role != "Dictator");
  // The country behind "Russian" is the document's Russia entity, found by name.
  int russias = 0;
  for (const Entity& e : a.entities) russias += e.name == "Russia";
  CHECK(russias == 1);
  // Evidence covers the title and the name.
  const Relation* r = find(a, "Mark Rutte", "holdsPosition", "NATO");
  REQUIRE(r);
  CHECK(a.doc.text.substr(r->evidence.start, r->evidence.size()) == "NATO Secretary General Mark Rutte");
  CHECK(r->sentence == 0);
  CHECK(f.size() == 7);  // nothing else: no link between the people in one sentence
}

TEST_CASE("relations: a title inside a whole-tagged name, and a created country") {
  DocBuilder b;
  b.sentence("NATO Secretary General Mark Rutte met Ukrainian President Zelensky .");
  b.sentence("NATO is an alliance .");
  b.ent(0, 0, 5, EntityType::PERSON, "Mark Rutte").ent(0, 8, 9, EntityType::PERSON, "Volodymyr Zelensky");
  b.ent(1, 0, 1, EntityType::ORG, "NATO");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("Mark Rutte holdsPosition NATO [Secretary General]"));
  CHECK(f.count("Volodymyr Zelensky holdsPosition Ukraine [President]"));
  CHECK(f.count("Volodymyr Zelensky nationality Ukraine"));
  const Entity* ukraine = entity_named(a, "Ukraine");
  REQUIRE(ukraine);
  CHECK(ukraine->type == EntityType::GPE);
  CHECK(ukraine->id == "gpe/ukraine");
  REQUIRE(ukraine->mentions.size() == 1);
  CHECK(a.mentions[ukraine->mentions[0]].text == "Ukrainian");
}

TEST_CASE("relations: appositions") {
  DocBuilder b;
  b.sentence("Putin , the Russian president , said so .");
  b.sentence("Tim Cook , chief executive of Apple , spoke .");
  b.sentence("A fire hit Magnitogorsk , a city in the Ural region of Russia .");
  b.sentence("He thanked the secretary general of NATO , Mark Rutte , warmly .");
  b.sentence("Russia , China , North Korea , and Iran were named .");
  b.sentence("John Smith , a spokesman for Google , declined .");
  b.ent(0, 0, 1, EntityType::PERSON, "Vladimir Putin");
  b.ent(1, 0, 2, EntityType::PERSON, "Tim Cook").ent(1, 6, 7, EntityType::ORG, "Apple");
  b.ent(2, 3, 4, EntityType::GPE, "Magnitogorsk").ent(2, 9, 10, EntityType::LOC, "Ural");
  b.ent(2, 12, 13, EntityType::GPE, "Russia");
  b.ent(3, 6, 7, EntityType::ORG, "NATO").ent(3, 8, 10, EntityType::PERSON, "Mark Rutte");
  b.ent(4, 0, 1, EntityType::GPE, "Russia").ent(4, 2, 3, EntityType::GPE, "China");
  b.ent(4, 4, 6, EntityType::GPE, "North Korea").ent(4, 8, 9, EntityType::GPE, "Iran");
  b.ent(5, 0, 2, EntityType::PERSON, "John Smith").ent(5, 6, 7, EntityType::ORG, "Google");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("Vladimir Putin holdsPosition Russia [President]"));
  CHECK(f.count("Vladimir Putin nationality Russia"));
  CHECK(f.count("Tim Cook holdsPosition Apple [Chief Executive]"));
  CHECK(f.count("Magnitogorsk locatedIn Ural"));
  CHECK(f.count("Magnitogorsk locatedIn Russia"));
  CHECK(f.count("Ural locatedIn Russia"));
  CHECK(f.count("Mark Rutte holdsPosition NATO [Secretary General]"));
  CHECK(f.count("John Smith worksFor Google"));
  for (const Relation& r : a.relations) CHECK(r.sentence != 4);  // a list is not an apposition
  const Relation* r = find(a, "Tim Cook", "holdsPosition", "Apple");
  REQUIRE(r);
  CHECK(a.doc.text.substr(r->evidence.start, r->evidence.size()) == "Tim Cook , chief executive of Apple");
}

TEST_CASE("relations: a date before the name lists nothing, a name before it does") {
  DocBuilder b;
  b.sentence("On Friday , Youssef Chahed , the prime minister of Tunisia , signed a decree .");
  b.sentence("France , Youssef Chahed , the prime minister of Tunisia , and Italy signed .");
  b.ent(0, 1, 2, EntityType::DATE, "Friday").ent(0, 3, 5, EntityType::PERSON, "Youssef Chahed");
  b.ent(0, 10, 11, EntityType::GPE, "Tunisia");
  b.ent(1, 0, 1, EntityType::GPE, "France").ent(1, 2, 4, EntityType::PERSON, "Youssef Chahed");
  b.ent(1, 9, 10, EntityType::GPE, "Tunisia").ent(1, 12, 13, EntityType::GPE, "Italy");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("Youssef Chahed holdsPosition Tunisia [Prime Minister]"));
  for (const Relation& r : a.relations) CHECK(r.sentence != 1);  // a list is not an apposition
}

TEST_CASE("relations: a common noun naming the office's field before the title") {
  DocBuilder b;
  b.sentence("Zalmay/PROPN Khalilzad/PROPN ,/PUNCT a/DET US/PROPN peace/NOUN envoy/NOUN ,/PUNCT arrived/VERB ./PUNCT");
  b.sentence("Anna/PROPN Berg/PROPN ,/PUNCT a/DET US/PROPN peace/NOUN activist/NOUN ,/PUNCT arrived/VERB ./PUNCT");
  b.ent(0, 0, 2, EntityType::PERSON, "Zalmay Khalilzad").ent(0, 4, 5, EntityType::GPE, "United States");
  b.ent(1, 0, 2, EntityType::PERSON, "Anna Berg").ent(1, 4, 5, EntityType::GPE, "United States");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("Zalmay Khalilzad holdsPosition United States [Peace Envoy]"));
  // Only before a title: "peace activist" holds no office.
  for (const Relation& r : a.relations) CHECK(r.sentence != 1);
}

TEST_CASE("relations: an apposition that coreference made a mention of the person still states the role") {
  // The resolver links "chief executive of Apple" to Tim Cook as a nominal mention;
  // the description must still be read word by word.
  DocBuilder b;
  b.sentence("Tim Cook , chief executive of Apple , spoke .");
  b.sentence("The secretary general of NATO , Mark Rutte , spoke .");
  b.sentence("Rutte , the alliance 's secretary general , spoke .");
  b.ent(0, 0, 2, EntityType::PERSON, "Tim Cook").ent(0, 6, 7, EntityType::ORG, "Apple");
  b.ent(0, 3, 7, EntityType::PERSON, "Tim Cook", MentionKind::Nominal);
  b.ent(1, 4, 5, EntityType::ORG, "NATO").ent(1, 6, 8, EntityType::PERSON, "Mark Rutte");
  b.ent(1, 0, 5, EntityType::PERSON, "Mark Rutte", MentionKind::Nominal);
  // A nominal mention of an organisation is still a qualifier.
  b.ent(2, 0, 1, EntityType::PERSON, "Mark Rutte").ent(2, 2, 4, EntityType::ORG, "NATO", MentionKind::Nominal);
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("Tim Cook holdsPosition Apple [Chief Executive]"));
  CHECK(f.count("Mark Rutte holdsPosition NATO [Secretary General]"));
  std::size_t in_third = 0;
  for (const Relation& x : a.relations) in_third += x.sentence == 2 && x.predicate == "holdsPosition";
  CHECK(in_third == 1);
}

TEST_CASE("relations: copulas, negated and modal ones skipped") {
  DocBuilder b;
  b.sentence("Rutte is the secretary general of NATO .");
  b.sentence("Smith is not a member of NATO .");
  b.sentence("Jones may become the president of Finland .");
  b.sentence("Gazprom is based in Moscow .");
  b.sentence("Acme , based in Helsinki , grew .");
  b.ent(0, 0, 1, EntityType::PERSON, "Mark Rutte").ent(0, 6, 7, EntityType::ORG, "NATO");
  b.ent(1, 0, 1, EntityType::PERSON, "Smith").ent(1, 6, 7, EntityType::ORG, "NATO");
  b.ent(2, 0, 1, EntityType::PERSON, "Jones").ent(2, 6, 7, EntityType::GPE, "Finland");
  b.ent(3, 0, 1, EntityType::ORG, "Gazprom").ent(3, 4, 5, EntityType::GPE, "Moscow");
  b.ent(4, 0, 1, EntityType::ORG, "Acme").ent(4, 4, 5, EntityType::GPE, "Helsinki");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f == std::set<std::string>{"Mark Rutte holdsPosition NATO [Secretary General]",
                                   "Gazprom headquarteredIn Moscow", "Acme headquarteredIn Helsinki"});
}

TEST_CASE("relations: groups from possessives and organisation members") {
  DocBuilder b;
  b.sentence("Kyiv 's allies met .");
  b.sentence("Rutte praised NATO countries and two-thirds of NATO member states .");
  b.sentence("He urged member states to act .");
  b.sentence("Hamas members fled .");
  b.ent(0, 0, 1, EntityType::GPE, "Kyiv");
  b.ent(1, 0, 1, EntityType::PERSON, "Mark Rutte").ent(1, 2, 3, EntityType::ORG, "NATO");
  b.ent(1, 7, 8, EntityType::ORG, "NATO");
  b.ent(2, 0, 1, EntityType::PERSON, "Mark Rutte", MentionKind::Pronoun);
  b.ent(3, 0, 1, EntityType::ORG, "Hamas");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("allies of Kyiv supports Kyiv"));
  CHECK(f.count("NATO member states memberOf NATO"));
  const Entity* g = entity_named(a, "NATO member states");
  REQUIRE(g);
  CHECK(g->type == EntityType::ORG);
  // "NATO countries", "NATO member states" and the bare "member states" are one group.
  std::set<std::string> texts;
  for (std::uint32_t m : g->mentions) texts.insert(a.mentions[m].text);
  CHECK(texts == std::set<std::string>{"NATO countries", "NATO member states", "member states"});
  CHECK_FALSE(entity_named(a, "Hamas member states"));
}

TEST_CASE("relations: a bare 'member states' stays unresolved when two groups compete") {
  DocBuilder b;
  b.sentence("NATO countries and EU countries differ ; member states argue .");
  b.ent(0, 0, 1, EntityType::ORG, "NATO").ent(0, 3, 4, EntityType::ORG, "European Union");
  const AnnotatedDocument a = extract(b.done());
  CHECK(entity_named(a, "NATO member states"));
  CHECK(entity_named(a, "European Union member states"));
  for (const Mention& m : a.mentions) CHECK(m.text != "member states");
}

TEST_CASE("relations: events as entities") {
  DocBuilder b("2025-01-13");
  b.sentence("Rutte emphasized the upcoming NATO summit in Helsinki .");
  b.sentence("He announced the first/ADJ summit/NOUN of NATO allies/NOUN in the Baltic Sea region/NOUN in Helsinki :");
  b.sentence("At the summit , leaders talked .");
  b.sentence("The election in Peru on June 5 , 2025 was calm .");
  b.sentence("Next week 's summit in Oslo matters .");
  b.sentence("A meeting happened .");
  b.ent(0, 0, 1, EntityType::PERSON, "Mark Rutte").ent(0, 4, 5, EntityType::ORG, "NATO");
  b.ent(0, 7, 8, EntityType::GPE, "Helsinki");
  b.ent(1, 6, 7, EntityType::ORG, "NATO").ent(1, 10, 12, EntityType::LOC, "Baltic Sea");
  b.ent(1, 14, 15, EntityType::GPE, "Helsinki");
  b.ent(3, 3, 4, EntityType::GPE, "Peru");
  b.ent(4, 5, 6, EntityType::GPE, "Oslo");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  const Entity* summit = entity_named(a, "NATO summit in Helsinki");
  REQUIRE(summit);
  CHECK(summit->type == EntityType::EVENT);
  CHECK(summit->id == "event/nato-summit-in-helsinki");
  CHECK(f.count("NATO summit in Helsinki eventLocation Helsinki"));
  CHECK(f.count("NATO summit in Helsinki eventOrganizer NATO"));
  CHECK_FALSE(f.count("NATO summit in Helsinki eventLocation Baltic Sea"));
  // Both phrases and the later "the summit" are mentions of the one event.
  std::set<std::string> texts;
  for (std::uint32_t m : summit->mentions) texts.insert(a.mentions[m].text);
  CHECK(texts == std::set<std::string>{"upcoming NATO summit", "first summit", "the summit"});
  CHECK(f.count("election in Peru eventLocation Peru"));
  CHECK(f.count("election in Peru eventDate 2025-06-05"));
  const Entity* date = entity_named(a, "2025-06-05");
  REQUIRE(date);
  CHECK(date->type == EntityType::DATE);
  CHECK(date->normalized == "2025-06-05");
  CHECK(f.count("summit in Oslo eventDate 2025-W04"));  // "next week" of 2025-01-13
  for (const Entity& e : a.entities) CHECK(e.name.find("meeting") == std::string::npos);  // unanchored
}

TEST_CASE("relations: a lower-case noun right before a name describes it") {
  DocBuilder b;
  // Emily Spanton met officers Antoine Quirin at a pub .
  b.sentence(
      "Emily/=/PROPN/3/nsubj Spanton/=/PROPN/1/flat met/meet/VERB/0/root officers/officer/NOUN/3/obj "
      "Antoine/=/PROPN/4/appos Quirin/=/PROPN/5/flat at/=/ADP/9/case a/=/DET/9/det pub/=/NOUN/3/obl "
      "./=/PUNCT/3/punct");
  // Emily Spanton met the officers of Antoine Quirin . (the name is no description of them)
  b.sentence(
      "Emily/=/PROPN/3/nsubj Spanton/=/PROPN/1/flat met/meet/VERB/0/root the/=/DET/5/det officers/officer/NOUN/3/obj "
      "of/=/ADP/7/case Antoine/=/PROPN/5/nmod Quirin/=/PROPN/7/flat ./=/PUNCT/3/punct");
  b.ent(0, 0, 2, EntityType::PERSON, "Emily Spanton").ent(0, 4, 6, EntityType::PERSON, "Antoine Quirin");
  b.ent(1, 0, 2, EntityType::PERSON, "Emily Spanton").ent(1, 6, 8, EntityType::PERSON, "Antoine Quirin");
  const AnnotatedDocument a = extract(b.done());
  std::size_t met = 0;
  for (const Relation& r : a.relations) {
    if (r.predicate != "met") continue;
    ++met;
    CHECK(r.sentence == 0);
  }
  CHECK(met == 1);
  CHECK(facts(a).count("Emily Spanton met Antoine Quirin"));
}

TEST_CASE("relations: subject-verb-object from the dependency parse") {
  DocBuilder b;
  // NATO Secretary General Mark Rutte told the European Parliament that ...
  b.sentence(
      "NATO/=/PROPN/5/compound Secretary/=/PROPN/5/compound General/=/PROPN/5/compound Mark/=/PROPN/5/compound "
      "Rutte/=/PROPN/6/nsubj told/tell/VERB/0/root the/=/DET/9/det European/=/PROPN/9/amod "
      "Parliament/=/PROPN/6/obj ./=/PUNCT/6/punct");
  // Rutte called on NATO countries to strengthen defences .
  b.sentence(
      "Rutte/=/PROPN/2/nsubj called/call/VERB/0/root on/=/ADP/5/case NATO/=/PROPN/5/compound "
      "countries/country/NOUN/2/obl to/=/PART/7/mark strengthen/=/VERB/2/xcomp defences/defence/NOUN/7/obj "
      "./=/PUNCT/2/punct");
  // Putin did not meet Xi .
  b.sentence("Putin/=/PROPN/4/nsubj did/do/AUX/4/aux not/=/PART/4/advmod meet/=/VERB/0/root Xi/=/PROPN/4/obj ./=/PUNCT/4/punct");
  // Finland may join NATO .
  b.sentence("Finland/=/PROPN/3/nsubj may/=/AUX/3/aux join/=/VERB/0/root NATO/=/PROPN/3/obj ./=/PUNCT/3/punct");
  // Sweden joined NATO .
  b.sentence("Sweden/=/PROPN/2/nsubj joined/join/VERB/0/root NATO/=/PROPN/2/obj ./=/PUNCT/2/punct");
  // Ukraine was criticised by Hungary .
  b.sentence(
      "Ukraine/=/PROPN/3/nsubj:pass was/be/AUX/3/aux:pass criticised/criticise/VERB/0/root by/=/ADP/5/case "
      "Hungary/=/PROPN/3/obl:agent ./=/PUNCT/3/punct");
  // Trump visited Helsinki and met Putin .
  b.sentence(
      "Trump/=/PROPN/2/nsubj visited/visit/VERB/0/root Helsinki/=/PROPN/2/obj and/=/CCONJ/5/cc "
      "met/meet/VERB/2/conj Putin/=/PROPN/5/obj ./=/PUNCT/2/punct");
  // Xi plans to visit Paris .
  b.sentence("Xi/=/PROPN/2/nsubj plans/plan/VERB/0/root to/=/PART/4/mark visit/=/VERB/2/xcomp Paris/=/PROPN/4/obj ./=/PUNCT/2/punct");
  // Did Xi meet Biden ?
  b.sentence("Did/do/AUX/3/aux Xi/=/PROPN/3/nsubj meet/=/VERB/0/root Biden/=/PROPN/3/obj ?/=/PUNCT/3/punct");
  // Xi will meet Biden .
  b.sentence("Xi/=/PROPN/3/nsubj will/=/AUX/3/aux meet/=/VERB/0/root Biden/=/PROPN/3/obj ./=/PUNCT/3/punct");
  b.ent(0, 0, 1, EntityType::ORG, "NATO").ent(0, 3, 5, EntityType::PERSON, "Mark Rutte");
  b.ent(0, 6, 9, EntityType::ORG, "European Parliament");
  b.ent(1, 0, 1, EntityType::PERSON, "Mark Rutte").ent(1, 3, 4, EntityType::ORG, "NATO");
  b.ent(2, 0, 1, EntityType::PERSON, "Vladimir Putin").ent(2, 4, 5, EntityType::PERSON, "Xi Jinping");
  b.ent(3, 0, 1, EntityType::GPE, "Finland").ent(3, 3, 4, EntityType::ORG, "NATO");
  b.ent(4, 0, 1, EntityType::GPE, "Sweden").ent(4, 2, 3, EntityType::ORG, "NATO");
  b.ent(5, 0, 1, EntityType::GPE, "Ukraine").ent(5, 4, 5, EntityType::GPE, "Hungary");
  b.ent(6, 0, 1, EntityType::PERSON, "Donald Trump").ent(6, 2, 3, EntityType::GPE, "Helsinki");
  b.ent(6, 5, 6, EntityType::PERSON, "Vladimir Putin");
  b.ent(7, 0, 1, EntityType::PERSON, "Xi Jinping").ent(7, 4, 5, EntityType::GPE, "Paris");
  b.ent(8, 1, 2, EntityType::PERSON, "Xi Jinping").ent(8, 3, 4, EntityType::PERSON, "Joe Biden");
  b.ent(9, 0, 1, EntityType::PERSON, "Xi Jinping").ent(9, 3, 4, EntityType::PERSON, "Joe Biden");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("Mark Rutte addressed European Parliament"));
  CHECK(f.count("Mark Rutte calledOn NATO member states"));
  CHECK(f.count("NATO member states memberOf NATO"));
  CHECK_FALSE(f.count("Vladimir Putin met Xi Jinping"));   // negated
  CHECK_FALSE(f.count("Finland memberOf NATO"));           // modal
  CHECK(f.count("Sweden memberOf NATO"));
  CHECK(f.count("Hungary accused Ukraine"));                // passive: the agent accuses
  CHECK(f.count("Donald Trump relatedTo Helsinki (visit)"));
  CHECK(f.count("Donald Trump met Vladimir Putin"));        // subject shared by conjoined verbs
  CHECK_FALSE(f.count("Xi Jinping relatedTo Paris (visit)"));  // only planned
  const Relation* will = find(a, "Xi Jinping", "met", "Joe Biden");
  REQUIRE(will);  // the future one; the question asserts nothing
  CHECK(will->sentence == 9);
  CHECK(will->confidence < 0.75);
  int biden_meetings = 0;
  for (const Relation& r : a.relations) biden_meetings += r.predicate == "met" && name_of(a, r.object) == "Joe Biden";
  CHECK(biden_meetings == 1);
  const Relation* told = find(a, "Mark Rutte", "addressed", "European Parliament");
  REQUIRE(told);
  CHECK(a.doc.text.substr(told->evidence.start, told->evidence.size()) ==
        "Mark Rutte told the European Parliament");
}

TEST_CASE("relations: places") {
  DocBuilder b;
  b.sentence("A fire in Magnitogorsk , Russia , killed two .");
  b.sentence("Talks in Paris , Berlin and Rome ended .");
  b.sentence("The Moscow - based Gazprom grew .");
  b.ent(0, 3, 4, EntityType::GPE, "Magnitogorsk").ent(0, 5, 6, EntityType::GPE, "Russia");
  b.ent(1, 2, 3, EntityType::GPE, "Paris").ent(1, 4, 5, EntityType::GPE, "Berlin");
  b.ent(1, 6, 7, EntityType::GPE, "Rome");
  b.ent(2, 1, 2, EntityType::GPE, "Moscow").ent(2, 4, 5, EntityType::ORG, "Gazprom");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("Magnitogorsk locatedIn Russia"));
  CHECK(f.count("Gazprom headquarteredIn Moscow"));
  CHECK_FALSE(f.count("Paris locatedIn Berlin"));
}

TEST_CASE("relations: deterministic, idempotent, and harmless on empty input") {
  DocBuilder b;
  b.sentence("Russian President Putin met NATO Secretary General Mark Rutte .");
  b.ent(0, 2, 3, EntityType::PERSON, "Vladimir Putin").ent(0, 4, 5, EntityType::ORG, "NATO");
  b.ent(0, 7, 9, EntityType::PERSON, "Mark Rutte");
  const AnnotatedDocument in = b.done();
  const AnnotatedDocument x = extract(in);
  AnnotatedDocument y = extract(in);
  REQUIRE(x.relations.size() == y.relations.size());
  for (std::size_t i = 0; i < x.relations.size(); ++i) {
    CHECK(x.relations[i].subject == y.relations[i].subject);
    CHECK(x.relations[i].predicate == y.relations[i].predicate);
    CHECK(x.relations[i].evidence == y.relations[i].evidence);
  }
  // Running again on its own output changes nothing.
  const std::size_t entities = y.entities.size(), mentions = y.mentions.size();
  RelationExtractor().run(y);
  check_invariants(y);
  CHECK(y.entities.size() == entities);
  CHECK(y.mentions.size() == mentions);
  CHECK(y.relations.size() == x.relations.size());

  AnnotatedDocument empty;
  RelationExtractor().run(empty);
  CHECK(empty.relations.empty());
}

TEST_CASE("relations: pronouns never qualify, first and second persons never argue") {
  DocBuilder b;
  b.sentence("The party lost its election in 2019 .");
  // I told NATO ... : "I" is a quote's speaker, not a fact's subject.
  b.sentence("I/=/PRON/2/nsubj told/tell/VERB/0/root NATO/=/PROPN/2/obj ./=/PUNCT/2/punct");
  // Trump asked the Council to help (parsed as an adverbial clause).
  b.sentence(
      "Trump/=/PROPN/2/nsubj asked/ask/VERB/0/root the/=/DET/4/det Council/=/PROPN/2/obj to/=/PART/6/mark "
      "help/=/VERB/2/advcl ./=/PUNCT/2/punct");
  // Trump asked the Council about it . (no infinitive: not a call)
  b.sentence("Trump/=/PROPN/2/nsubj asked/ask/VERB/0/root the/=/DET/4/det Council/=/PROPN/2/obj ./=/PUNCT/2/punct");
  b.sentence("Kings of Saudi Arabia , Qatar , and the Emirates rule .");
  b.ent(0, 0, 2, EntityType::ORG, "Labour").ent(0, 3, 4, EntityType::ORG, "Labour", MentionKind::Pronoun);
  b.ent(1, 0, 1, EntityType::PERSON, "Mark Rutte", MentionKind::Pronoun).ent(1, 2, 3, EntityType::ORG, "NATO");
  b.ent(2, 0, 1, EntityType::PERSON, "Donald Trump").ent(2, 3, 4, EntityType::ORG, "Security Council");
  b.ent(3, 0, 1, EntityType::PERSON, "Donald Trump").ent(3, 3, 4, EntityType::ORG, "Security Council");
  b.ent(4, 2, 4, EntityType::GPE, "Saudi Arabia").ent(4, 5, 6, EntityType::GPE, "Qatar");
  b.ent(4, 9, 10, EntityType::GPE, "United Arab Emirates");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("Donald Trump calledOn Security Council"));
  CHECK(f.count("Donald Trump relatedTo Security Council (ask)"));  // the plain question
  CHECK(f.size() == 2);  // no election organiser, nothing from "I", no list locatedIn
}

TEST_CASE("relations: a title swallowed into an organisation mention") {
  DocBuilder b;
  b.sentence("NATO Secretary General Mark Rutte spoke .");
  b.sentence("EU Commissioner Jane Roe spoke .");
  b.sentence("NATO met .");
  b.ent(0, 0, 3, EntityType::ORG, "NATO Secretary General").ent(0, 3, 5, EntityType::PERSON, "Mark Rutte");
  b.ent(1, 0, 2, EntityType::ORG, "EU Commissioner").ent(1, 2, 4, EntityType::PERSON, "Jane Roe");
  b.ent(2, 0, 1, EntityType::ORG, "NATO");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("Mark Rutte holdsPosition NATO [Secretary General]"));
  CHECK(f.size() == 1);  // "EU" is no entity of the document: nothing for Jane Roe
}

TEST_CASE("relations: verbs without a parse, finite forms right after the subject only") {
  DocBuilder b;
  b.sentence("NATO Secretary General Mark Rutte told the European Parliament that peace matters .");
  b.sentence("Rutte did not meet Xi .");
  b.sentence("Finland may join NATO .");
  b.sentence("Later , he called on NATO countries to act .");
  b.sentence("German Chancellor Angela Merkel 's spokesperson , Steffen Seibert , agreed .");
  b.ent(0, 0, 1, EntityType::ORG, "NATO").ent(0, 3, 5, EntityType::PERSON, "Mark Rutte");
  b.ent(0, 7, 9, EntityType::ORG, "European Parliament");
  b.ent(1, 0, 1, EntityType::PERSON, "Mark Rutte").ent(1, 4, 5, EntityType::PERSON, "Xi Jinping");
  b.ent(2, 0, 1, EntityType::GPE, "Finland").ent(2, 3, 4, EntityType::ORG, "NATO");
  b.ent(3, 2, 3, EntityType::PERSON, "Mark Rutte", MentionKind::Pronoun).ent(3, 5, 6, EntityType::ORG, "NATO");
  b.ent(4, 2, 4, EntityType::PERSON, "Angela Merkel").ent(4, 7, 9, EntityType::PERSON, "Steffen Seibert");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("Mark Rutte addressed European Parliament"));
  CHECK(f.count("Mark Rutte calledOn NATO member states"));
  CHECK(f.count("Angela Merkel holdsPosition Germany [Chancellor]"));
  CHECK(f.count("Angela Merkel nationality Germany"));
  CHECK_FALSE(f.count("Steffen Seibert nationality Germany"));  // "German" is Merkel's
  CHECK(f.count("Mark Rutte holdsPosition NATO [Secretary General]"));
  CHECK(f.size() == 6);  // + NATO member states memberOf NATO; no "met", no "memberOf" Finland
}

TEST_CASE("relations: malformed parses and mentions are tolerated, broken sentences refused") {
  DocBuilder b;
  b.sentence("Putin/=/PROPN/2/nsubj met/meet/VERB/0/root Xi/=/PROPN/2/obj ./=/PUNCT/2/punct");
  b.ent(0, 0, 1, EntityType::PERSON, "Vladimir Putin").ent(0, 2, 3, EntityType::PERSON, "Xi Jinping");
  AnnotatedDocument a = b.done();
  a.tokens[1].head = 40;  // out of the sentence: treated as unparsed, no crash
  Mention bad = a.mentions[0];
  bad.sentence = 9;        // no such sentence: ignored
  a.mentions.push_back(bad);
  AnnotatedDocument ok = a;
  RelationExtractor().run(ok);
  CHECK(facts(ok).count("Vladimir Putin met Xi Jinping"));  // the surface pattern still reads it

  a.sentences[0].token_end = 99;
  CHECK_THROWS_AS(RelationExtractor().run(a), Error);
}

TEST_CASE("relations: event names keep year and kind; person owners and stray modifiers stay out") {
  DocBuilder b;
  b.sentence("The 2020 presidential/ADJ election/NOUN in the United States and the 2016 presidential/ADJ election/NOUN in the United States differ .");
  b.sentence("Trump 's Tulsa rally drew crowds .");
  b.sentence("The emergency United States President Donald Trump spoke .");
  b.ent(0, 6, 8, EntityType::GPE, "United States").ent(0, 15, 17, EntityType::GPE, "United States");
  b.ent(1, 0, 1, EntityType::PERSON, "Donald Trump").ent(1, 2, 3, EntityType::GPE, "Tulsa");
  b.ent(2, 2, 4, EntityType::GPE, "United States").ent(2, 5, 7, EntityType::PERSON, "Donald Trump");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("2020 presidential election in United States eventLocation United States"));
  CHECK(f.count("2016 presidential election in United States eventLocation United States"));
  CHECK(f.count("rally in Tulsa eventLocation Tulsa"));
  CHECK(f.count("Donald Trump holdsPosition United States [President]"));
  const Entity* rally = entity_named(a, "rally in Tulsa");
  REQUIRE(rally);
  REQUIRE(rally->mentions.size() == 1);
  CHECK(a.mentions[rally->mentions[0]].text == "Tulsa rally");
}

TEST_CASE("relations: the name closing a phrase is its referent, whatever head the parser chose") {
  DocBuilder b;
  b.sentence(
      "NATO/=/PROPN/6/nsubj Secretary/=/PROPN/1/flat General/=/PROPN/1/flat Mark/=/PROPN/1/flat "
      "Rutte/=/PROPN/1/flat told/tell/VERB/0/root the/=/DET/9/det European/=/PROPN/9/amod "
      "Parliament/=/PROPN/6/obj ./=/PUNCT/6/punct");
  b.sentence("NATO/=/PROPN/3/nmod:poss 's/=/PART/1/case chief/=/NOUN/4/nsubj told/tell/VERB/0/root Putin/=/PROPN/4/obj ./=/PUNCT/4/punct");
  b.ent(0, 0, 1, EntityType::ORG, "NATO").ent(0, 3, 5, EntityType::PERSON, "Mark Rutte");
  b.ent(0, 6, 9, EntityType::ORG, "European Parliament");
  b.ent(1, 0, 1, EntityType::ORG, "NATO").ent(1, 4, 5, EntityType::PERSON, "Vladimir Putin");
  const AnnotatedDocument a = extract(b.done());
  const auto f = facts(a);
  CHECK(f.count("Mark Rutte addressed European Parliament"));
  CHECK_FALSE(f.count("NATO addressed European Parliament"));
  CHECK_FALSE(f.count("NATO addressed Vladimir Putin"));  // "NATO's chief" is not NATO
}

TEST_CASE("relations: an apposition without a comma is the same phrase, with one the phrase ends") {
  DocBuilder b;
  // The parser split "NATO Secretary General Mark Rutte" with an appos.
  b.sentence(
      "NATO/=/PROPN/6/nsubj Secretary/=/PROPN/1/flat General/=/PROPN/2/amod Mark/=/PROPN/2/appos "
      "Rutte/=/PROPN/4/flat spoke/speak/VERB/0/root to/=/ADP/8/case Finland/=/PROPN/6/obl ./=/PUNCT/6/punct");
  // NATO , the alliance Rutte leads , met Finland . (a real apposition: NATO stays the subject)
  b.sentence(
      "NATO/=/PROPN/8/nsubj ,/=/PUNCT/4/punct the/=/DET/4/det alliance/=/NOUN/1/appos Rutte/=/PROPN/6/nsubj "
      "leads/lead/VERB/4/acl:relcl ,/=/PUNCT/4/punct met/meet/VERB/0/root Sweden/=/PROPN/8/obj ./=/PUNCT/8/punct");
  b.ent(0, 0, 1, EntityType::ORG, "NATO").ent(0, 3, 5, EntityType::PERSON, "Mark Rutte");
  b.ent(0, 7, 8, EntityType::GPE, "Finland");
  b.ent(1, 0, 1, EntityType::ORG, "NATO").ent(1, 4, 5, EntityType::PERSON, "Mark Rutte");
  b.ent(1, 8, 9, EntityType::GPE, "Sweden");
  const auto f = facts(extract(b.done()));
  CHECK(f.count("Mark Rutte addressed Finland"));
  CHECK_FALSE(f.count("NATO addressed Finland"));
  CHECK(f.count("NATO met Sweden"));
  CHECK_FALSE(f.count("Mark Rutte met Sweden"));
}

TEST_CASE("relations: an object right before a finite verb is a clause subject the parser missed") {
  DocBuilder b;
  // The parser made Trump the object of "predicted" instead of the subject of "win".
  b.sentence(
      "Bannon/=/PROPN/2/nsubj predicted/predict/VERB/0/root Trump/=/PROPN/2/obj would/=/AUX/5/aux "
      "win/=/VERB/2/ccomp ./=/PUNCT/2/punct");
  b.sentence("Trump/=/PROPN/2/nsubj granted/grant/VERB/0/root Milken/=/PROPN/2/obj clemency/=/NOUN/2/obj ./=/PUNCT/2/punct");
  b.ent(0, 0, 1, EntityType::PERSON, "Steve Bannon").ent(0, 2, 3, EntityType::PERSON, "Donald Trump");
  b.ent(1, 0, 1, EntityType::PERSON, "Donald Trump").ent(1, 2, 3, EntityType::PERSON, "Michael Milken");
  const auto f = facts(extract(b.done()));
  for (const std::string& x : f) CHECK(x.find("Steve Bannon") == std::string::npos);
  CHECK(f.count("Donald Trump relatedTo Michael Milken (grant)"));
}

TEST_CASE("relations: the hearer of reported speech is the verb's object, not quoted words") {
  DocBuilder b;
  // Rutte called on NATO countries to spend more .
  b.sentence(
      "Rutte/=/PROPN/2/nsubj called/call/VERB/0/root on/=/ADP/5/case NATO/=/PROPN/5/compound "
      "countries/country/NOUN/2/obl to/=/PART/7/mark spend/=/VERB/2/xcomp more/=/ADJ/7/obj ./=/PUNCT/2/punct");
  b.ent(0, 0, 1, EntityType::PERSON, "Mark Rutte").ent(0, 3, 5, EntityType::ORG, "NATO member states");
  AnnotatedDocument a = b.done();
  Quotation q;  // the quotes stage reports "NATO countries to spend more" as indirect speech
  q.kind = QuoteKind::Indirect;
  q.span = Span{a.tokens[3].span.start, a.tokens[7].span.end};
  a.quotations.push_back(q);
  CHECK(facts(extract(a)).count("Mark Rutte calledOn NATO member states"));
  a.quotations.back().kind = QuoteKind::Direct;  // quoted words are someone else's
  CHECK_FALSE(facts(extract(a)).count("Mark Rutte calledOn NATO member states"));
}

TEST_CASE("relations: a name inside a quotation is not the object of the verb outside it") {
  DocBuilder b;
  // Morawiecki tweeted " Adamowicz " . (the parser took the quoted name as the object)
  b.sentence(
      "Morawiecki/=/PROPN/2/nsubj tweeted/tweet/VERB/0/root \"/=/PUNCT/4/punct Adamowicz/=/PROPN/2/obj "
      "\"/=/PUNCT/4/punct ./=/PUNCT/2/punct");
  b.ent(0, 0, 1, EntityType::PERSON, "Mateusz Morawiecki").ent(0, 3, 4, EntityType::PERSON, "Pawel Adamowicz");
  AnnotatedDocument a = b.done();
  AnnotatedDocument unquoted = extract(a);
  CHECK(facts(unquoted).count("Mateusz Morawiecki relatedTo Pawel Adamowicz (tweet)"));
  Quotation q;
  q.span = a.tokens[3].span;
  a.quotations.push_back(q);
  a = extract(a);
  CHECK(a.relations.empty());
}

TEST_CASE("relations: a place name shared by a country and a US state follows the document's other places") {
  const std::string tsv = (std::filesystem::temp_directory_path() / "newsgraph_georgia_lexicon.tsv").string();
  {
    std::ofstream out(tsv);
    out << "Country\tGeorgia\tGeorgia\nSubdivision\tGeorgia\tUnited States\nSubdivision\tAlabama\tUnited States\n"
           "City\tAtlanta\tUnited States\nCity\tTbilisi\tGeorgia\nDemonym\tGeorgian\tGeorgia\n"
           "Country\tUkraine\tUkraine\n";
  }
  const Lexicon lex = Lexicon::from_tsv(tsv);
  std::filesystem::remove(tsv);
  auto run = [&](const std::string& words, std::uint32_t georgia, std::uint32_t other, const std::string& other_name) {
    DocBuilder b;
    b.sentence(words);
    b.ent(0, georgia, georgia + 1, EntityType::GPE, "Georgia").ent(0, other, other + 1, EntityType::GPE, other_name);
    AnnotatedDocument a = b.done();
    RelationExtractor(lex).run(a);
    check_invariants(a);
    return a;
  };
  auto georgia_of = [](const AnnotatedDocument& a) {
    for (const Entity& e : a.entities)
      if (e.name.rfind("Georgia", 0) == 0) return e;
    return Entity{};
  };
  // Atlanta , Georgia : the state.
  const Entity state = georgia_of(run("Atlanta/PROPN ,/PUNCT Georgia/PROPN is/AUX hot/ADJ ./PUNCT", 2, 0, "Atlanta"));
  CHECK(state.name == "Georgia (United States)");
  CHECK(state.id == "gpe/georgia-united-states");
  CHECK(state.normalized == "United States");
  CHECK(std::find(state.aliases.begin(), state.aliases.end(), "Georgia") != state.aliases.end());
  // Tbilisi , Georgia : the country.
  const Entity country = georgia_of(run("Tbilisi/PROPN ,/PUNCT Georgia/PROPN is/AUX cold/ADJ ./PUNCT", 2, 0, "Tbilisi"));
  CHECK(country.id == "gpe/georgia");
  CHECK(country.normalized == "Georgia");
  // No evidence either way: the country.
  CHECK(georgia_of(run("Ukraine/PROPN and/CCONJ Georgia/PROPN talked/VERB ./PUNCT", 2, 0, "Ukraine")).id == "gpe/georgia");
  // "the state of Georgia" outweighs a stray demonym.
  CHECK(georgia_of(run("the/DET state/NOUN of/ADP Georgia/PROPN and/CCONJ Alabama/PROPN with/ADP Georgian/ADJ "
                       "wine/NOUN ./PUNCT", 3, 5, "Alabama"))
            .id == "gpe/georgia-united-states");
}
