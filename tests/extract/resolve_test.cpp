#include "extract/resolve.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "extract/segment.hpp"
#include "tests/extract/hand_mentions.hpp"

using namespace newsgraph;

namespace {

using testing::Names;

// Segments the text and marks every occurrence of each listed name (longest first,
// on token boundaries) as a Name mention, standing in for the recogniser.
AnnotatedDocument resolve(std::string text, Names names, std::string date = {}) {
  AnnotatedDocument d = testing::with_hand_mentions("r", std::move(text), std::move(names), std::move(date));
  Resolver{}.run(d);
  return d;
}

const Entity* entity(const AnnotatedDocument& d, std::string_view name) {
  for (const Entity& e : d.entities)
    if (e.name == name) return &e;
  return nullptr;
}

// The entity that the mention with this exact text (the n-th such) belongs to.
const Entity* entity_of(const AnnotatedDocument& d, std::string_view text, int nth = 0) {
  for (const Mention& m : d.mentions)
    if (m.text == text && nth-- == 0) return m.entity < 0 ? nullptr : &d.entities[static_cast<std::size_t>(m.entity)];
  return nullptr;
}

bool has_alias(const Entity* e, std::string_view a) {
  return e && std::find(e->aliases.begin(), e->aliases.end(), a) != e->aliases.end();
}

void check_invariants(const AnnotatedDocument& d) {
  CHECK(std::is_sorted(d.entities.begin(), d.entities.end(), [](const Entity& a, const Entity& b) { return a.id < b.id; }));
  CHECK(std::is_sorted(d.mentions.begin(), d.mentions.end(), [](const Mention& a, const Mention& b) { return a.span < b.span; }));
  for (std::size_t i = 0; i < d.entities.size(); ++i) {
    const Entity& e = d.entities[i];
    CHECK(e.id == make_entity_id(e.type, e.type == EntityType::DATE && !e.normalized.empty() ? e.normalized : e.name));
    CHECK(std::is_sorted(e.aliases.begin(), e.aliases.end()));
    CHECK(std::adjacent_find(e.aliases.begin(), e.aliases.end()) == e.aliases.end());
    CHECK(std::find(e.aliases.begin(), e.aliases.end(), e.name) == e.aliases.end());
    CHECK(std::is_sorted(e.mentions.begin(), e.mentions.end()));
    for (std::uint32_t m : e.mentions) {
      REQUIRE(m < d.mentions.size());
      CHECK(d.mentions[m].entity == static_cast<int>(i));
    }
  }
  for (const Mention& m : d.mentions) {
    CHECK(d.doc.text.substr(m.span.start, m.span.size()) == m.text);
    CHECK(m.entity >= 0);
  }
}

}  // namespace

TEST_SUITE("resolve") {

TEST_CASE("surname and title-prefixed name join the full name") {
  const auto d = resolve("NATO Secretary General Mark Rutte spoke in Brussels. Rutte said more was needed.",
                         {{"NATO", EntityType::ORG}, {"Mark Rutte", EntityType::PERSON}, {"Rutte", EntityType::PERSON},
                          {"Brussels", EntityType::GPE}});
  check_invariants(d);
  const Entity* r = entity(d, "Mark Rutte");
  REQUIRE(r);
  CHECK(r->id == "person/mark-rutte");
  CHECK(entity_of(d, "Rutte") == r);
  CHECK(has_alias(r, "Rutte"));
  CHECK(has_alias(r, "NATO Secretary General Mark Rutte"));
  CHECK(d.entities.size() == 3);
}

TEST_CASE("the canonical name is the longest name, also when it comes last") {
  const auto d = resolve("Putin spoke first. Later, Vladimir Putin left.",
                         {{"Putin", EntityType::PERSON}, {"Vladimir Putin", EntityType::PERSON}});
  check_invariants(d);
  REQUIRE(d.entities.size() == 1);
  CHECK(d.entities[0].name == "Vladimir Putin");
  CHECK(d.entities[0].aliases == std::vector<std::string>{"Putin"});
  CHECK(d.entities[0].mentions.size() == 2);
}

TEST_CASE("acronyms join the spelled-out name") {
  const auto d = resolve("The North Atlantic Treaty Organization met. NATO members agreed.",
                         {{"North Atlantic Treaty Organization", EntityType::ORG}, {"NATO", EntityType::ORG}});
  check_invariants(d);
  REQUIRE(d.entities.size() == 1);
  CHECK(d.entities[0].name == "North Atlantic Treaty Organization");
  CHECK(has_alias(&d.entities[0], "NATO"));
}

TEST_CASE("an acronym takes the type of the name it abbreviates") {
  // The recogniser read "AU" as a place (Australia's code) twice, the spelled-out name once.
  const auto d = resolve("The African Union met in Addis Ababa. The AU said the AU would act.",
                         {{"African Union", EntityType::ORG}, {"AU", EntityType::GPE}, {"Addis Ababa", EntityType::GPE}});
  check_invariants(d);
  const Entity* au = entity_of(d, "AU");
  REQUIRE(au != nullptr);
  CHECK(au == entity(d, "African Union"));
  CHECK(au->type == EntityType::ORG);
}

TEST_CASE("a name holding an acronym spells out nothing") {
  // "US Senate" has the initials of "United States" but abbreviates nothing: "US" is
  // still the United States.
  const auto d = resolve("The United States and the US Senate disagreed. The US said it would act.",
                         {{"United States", EntityType::GPE}, {"US Senate", EntityType::ORG}, {"US", EntityType::GPE}});
  check_invariants(d);
  const Entity* us = entity_of(d, "US");
  REQUIRE(us != nullptr);
  CHECK(us == entity(d, "United States"));
  CHECK(us != entity(d, "US Senate"));
}

TEST_CASE("with the lexicon, a country's names are one entity under its canonical name") {
  // Countries and one part of a country that the lexicon files under it.
  const std::string tsv = (std::filesystem::temp_directory_path() /
                           ("resolve_countries_" + std::to_string(::getpid()) + ".tsv"))
                              .string();
  {
    std::ofstream out(tsv);
    out << "Country\tUnited States\tUnited States\n"
           "Country\tUSA\tUnited States\n"
           "Country\tAmerica\tUnited States\n"
           "Country\tBritain\tUnited Kingdom\n"
           "Country\tScotland\tUnited Kingdom\n"
           "Subdivision\tScotland\tUnited Kingdom\n";
  }
  const Lexicon lexicon = Lexicon::from_tsv(tsv);
  std::filesystem::remove(tsv);
  AnnotatedDocument d = testing::with_hand_mentions(
      "r", "The USA and America agreed. Britain and Scotland did not.",
      {{"USA", EntityType::GPE}, {"America", EntityType::GPE}, {"Britain", EntityType::GPE},
       {"Scotland", EntityType::GPE}});
  Resolver{lexicon}.run(d);
  check_invariants(d);
  const Entity* us = entity_of(d, "USA");
  REQUIRE(us != nullptr);
  CHECK(us == entity_of(d, "America"));
  CHECK(us->name == "United States");
  CHECK(us->id == "gpe/united-states");
  CHECK(has_alias(us, "USA"));
  const Entity* uk = entity_of(d, "Britain");
  REQUIRE(uk != nullptr);
  CHECK(uk->name == "United Kingdom");
  CHECK(uk != entity_of(d, "Scotland"));
  // Without the lexicon each name is its own entity.
  const auto plain = resolve("The USA and America agreed.", {{"USA", EntityType::GPE}, {"America", EntityType::GPE}});
  CHECK(entity_of(plain, "USA") != entity_of(plain, "America"));
}

TEST_CASE("dotted acronyms and legal-form suffixes") {
  const auto d = resolve("The United States sanctioned Acme Corp. on Monday. The U.S. said Acme would pay.",
                         {{"United States", EntityType::GPE}, {"U.S.", EntityType::GPE}, {"Acme Corp.", EntityType::ORG},
                          {"Acme", EntityType::ORG}});
  check_invariants(d);
  CHECK(entity_of(d, "U.S.") == entity(d, "United States"));
  CHECK(entity_of(d, "Acme") == entity(d, "Acme Corp."));
}

TEST_CASE("a storm is one event under its kinds and its bare name") {
  const auto d = resolve("Tropical Storm Barry formed on Thursday. Hurricane Barry reached Louisiana. Barry weakened.",
                         {{"Tropical Storm Barry", EntityType::EVENT}, {"Hurricane Barry", EntityType::EVENT},
                          {"Barry", EntityType::EVENT}, {"Louisiana", EntityType::GPE}});
  check_invariants(d);
  const Entity* storm = entity_of(d, "Tropical Storm Barry");
  REQUIRE(storm != nullptr);
  CHECK(entity_of(d, "Hurricane Barry") == storm);
  CHECK(entity_of(d, "Barry") == storm);
  CHECK(entity_of(d, "Louisiana") != storm);
}

TEST_CASE("two people sharing a surname stay apart") {
  const auto d = resolve("Thomas Sam and Manju Sam were charged. Sam said nothing.",
                         {{"Thomas Sam", EntityType::PERSON}, {"Manju Sam", EntityType::PERSON}, {"Sam", EntityType::PERSON}});
  check_invariants(d);
  CHECK(d.entities.size() == 3);
  CHECK(entity_of(d, "Thomas Sam") != entity_of(d, "Manju Sam"));
  CHECK(entity_of(d, "Sam", 0) != entity_of(d, "Thomas Sam"));
  CHECK(entity_of(d, "Sam", 0) != entity_of(d, "Manju Sam"));
}

TEST_CASE("role nouns resolve to the person who holds the title") {
  const auto d = resolve(
      "NATO Secretary General Mark Rutte arrived. The Secretary General met the press. The head of the Alliance "
      "then left. NATO's chief returned on Friday.",
      {{"NATO", EntityType::ORG}, {"Mark Rutte", EntityType::PERSON}});
  check_invariants(d);
  const Entity* r = entity(d, "Mark Rutte");
  REQUIRE(r);
  CHECK(entity_of(d, "The Secretary General") == r);
  CHECK(entity_of(d, "The head of the Alliance") == r);
  CHECK(entity_of(d, "NATO's chief") == r);
  CHECK(entity_of(d, "the Alliance") == entity(d, "NATO"));
  for (const Mention& m : d.mentions)
    if (m.text == "The Secretary General") CHECK(m.kind == MentionKind::Nominal);
}

TEST_CASE("a role with no known holder is left alone") {
  const auto d = resolve("The president spoke on Monday. Mark Rutte listened.", {{"Mark Rutte", EntityType::PERSON}});
  check_invariants(d);
  CHECK(entity_of(d, "The president") == nullptr);
  CHECK(d.mentions.size() == 1);
}

TEST_CASE("a nationality title: the Russian president") {
  const auto d = resolve("Russian President Vladimir Putin met Xi Jinping. The Russian president said little.",
                         {{"Russian", EntityType::NORP}, {"Vladimir Putin", EntityType::PERSON}, {"Xi Jinping", EntityType::PERSON}});
  check_invariants(d);
  CHECK(entity_of(d, "The Russian president") == entity(d, "Vladimir Putin"));
  CHECK(has_alias(entity(d, "Vladimir Putin"), "Russian President Vladimir Putin"));
}

TEST_CASE("apposition teaches a role and is a mention") {
  const auto d = resolve("Mark Tedeschi, the Crown prosecutor, spoke. The prosecutor was brief.",
                         {{"Mark Tedeschi", EntityType::PERSON}});
  check_invariants(d);
  const Entity* t = entity(d, "Mark Tedeschi");
  CHECK(entity_of(d, "the Crown prosecutor") == t);
  CHECK(entity_of(d, "The prosecutor") == t);
}

TEST_CASE("pronouns take the nearest compatible antecedent") {
  const auto d = resolve("Mark Rutte met Kaja Kallas in Brussels. She praised him. He thanked her for her help.",
                         {{"Mark Rutte", EntityType::PERSON}, {"Kaja Kallas", EntityType::PERSON}, {"Brussels", EntityType::GPE}});
  check_invariants(d);
  const Entity* r = entity(d, "Mark Rutte");
  const Entity* k = entity(d, "Kaja Kallas");
  CHECK(entity_of(d, "She") == k);
  CHECK(entity_of(d, "him") == r);
  CHECK(entity_of(d, "He") == r);
  CHECK(entity_of(d, "her", 0) == k);
}

TEST_CASE("pronoun gender is learnt from earlier pronouns") {
  const auto d = resolve("Kemi Badenoch spoke. She was calm. Later she left.", {{"Kemi Badenoch", EntityType::PERSON}});
  check_invariants(d);
  CHECK(entity_of(d, "She") == entity(d, "Kemi Badenoch"));
  CHECK(entity_of(d, "she") == entity(d, "Kemi Badenoch"));
}

TEST_CASE("pronouns look back only a few sentences") {
  const auto d = resolve("Mark Rutte left. It rained. It snowed. Cars stopped. Shops closed. He returned.",
                         {{"Mark Rutte", EntityType::PERSON}});
  check_invariants(d);
  CHECK(entity_of(d, "He") == nullptr);
}

TEST_CASE("pleonastic it is not resolved; its and it said are") {
  const auto d = resolve("NATO met on Monday. It is clear that its members agree. It said the plan was sound.",
                         {{"NATO", EntityType::ORG}});
  check_invariants(d);
  int its = 0;
  for (const Mention& m : d.mentions)
    if (m.text == "It") {
      ++its;
      CHECK(d.doc.text.compare(m.span.start, 7, "It said") == 0);
      CHECK(m.entity >= 0);
    }
  CHECK(its == 1);
  CHECK(entity_of(d, "its") == entity(d, "NATO"));
}

TEST_CASE("the country refers to the one country just named") {
  const auto d = resolve("Ukraine needs weapons to allow the country to defend itself.", {{"Ukraine", EntityType::GPE}});
  check_invariants(d);
  CHECK(entity_of(d, "the country") == entity(d, "Ukraine"));
  CHECK(entity_of(d, "itself") == entity(d, "Ukraine"));
}

TEST_CASE("entity ids are unique, sorted and merge spellings") {
  const auto d = resolve("Kim Jong-un spoke. Kim Jong Un left. Ukraine and Russia talked.",
                         {{"Kim Jong-un", EntityType::PERSON}, {"Kim Jong Un", EntityType::PERSON}, {"Ukraine", EntityType::GPE},
                          {"Russia", EntityType::GPE}});
  check_invariants(d);
  CHECK(d.entities.size() == 3);
  for (std::size_t i = 1; i < d.entities.size(); ++i) CHECK(d.entities[i - 1].id < d.entities[i].id);
}

TEST_CASE("dates get an ISO value from the document date") {
  const auto d = resolve("The summit opened on Monday.", {{"Monday", EntityType::DATE}}, "2025-01-15");
  check_invariants(d);
  const Entity* e = entity_of(d, "Monday");
  REQUIRE(e);
  CHECK(e->type == EntityType::DATE);
  CHECK(e->normalized == "2025-01-13");
}

TEST_CASE("a date's id is its value: two names of one day are one entity") {
  const auto d = resolve("The summit opened on Monday. It had been planned for 13 January since May.",
                         {{"Monday", EntityType::DATE}, {"13 January", EntityType::DATE}, {"May", EntityType::DATE}},
                         "2025-01-15");
  check_invariants(d);
  const Entity* monday = entity_of(d, "Monday");
  REQUIRE(monday);
  CHECK(monday->id == "date/2025-01-13");
  CHECK(entity_of(d, "13 January") == monday);
  CHECK(entity_of(d, "May") != monday);
  // The same weekday in a document of another week is another date.
  const auto later = resolve("The summit opened on Monday.", {{"Monday", EntityType::DATE}}, "2025-03-05");
  const Entity* other = entity_of(later, "Monday");
  REQUIRE(other);
  CHECK(other->id == "date/2025-03-03");
}

TEST_CASE("re-running is idempotent and an empty document is fine") {
  auto d = resolve("Mark Rutte spoke. He left.", {{"Mark Rutte", EntityType::PERSON}});
  const auto mentions = d.mentions.size();
  const auto entities = d.entities.size();
  Resolver{}.run(d);
  check_invariants(d);
  CHECK(d.mentions.size() == mentions);
  CHECK(d.entities.size() == entities);
  AnnotatedDocument empty;
  Resolver{}.run(empty);
  CHECK(empty.entities.empty());
}

}  // TEST_SUITE
