#include "extract/quotes.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "extract/resolve.hpp"
#include "extract/segment.hpp"
#include "tests/extract/hand_mentions.hpp"

using namespace newsgraph;

namespace {

using testing::Names;

// Builds a document as the pipeline would before the quotes stage, with name
// mentions set by hand (every occurrence of each listed name, longest first, on
// token boundaries) instead of by the statistical recogniser, so that these tests
// exercise the rules alone. No tags and no parse: the rules must work without them.
AnnotatedDocument analyse(std::string text, Names names) {
  AnnotatedDocument d = testing::with_hand_mentions("t", std::move(text), std::move(names));
  Resolver{}.run(d);
  QuoteFinder{}.run(d);
  return d;
}

const Quotation* quote(const AnnotatedDocument& d, std::string_view text) {
  for (const Quotation& q : d.quotations)
    if (q.text == text) return &q;
  return nullptr;
}

std::string speaker(const AnnotatedDocument& d, const Quotation* q) {
  if (!q || q->speaker < 0) return "";
  return d.entities[static_cast<std::size_t>(q->speaker)].name;
}

std::string addressee(const AnnotatedDocument& d, const Quotation* q) {
  if (!q || q->addressee < 0) return "";
  return d.entities[static_cast<std::size_t>(q->addressee)].name;
}

std::size_t count_kind(const AnnotatedDocument& d, QuoteKind k) {
  return static_cast<std::size_t>(
      std::count_if(d.quotations.begin(), d.quotations.end(), [&](const Quotation& q) { return q.kind == k; }));
}

// Every quotation's span and text agree with the document, for every test.
void check_invariants(const AnnotatedDocument& d) {
  for (std::size_t i = 0; i < d.quotations.size(); ++i) {
    const Quotation& q = d.quotations[i];
    CHECK(q.span.end <= d.doc.text.size());
    CHECK(d.doc.text.substr(q.span.start, q.span.size()) == q.text);
    if (i > 0) CHECK_FALSE(q.span < d.quotations[i - 1].span);
    CHECK(std::is_sorted(q.about.begin(), q.about.end()));
  }
}

const Names kRutte = {{"Mark Rutte", EntityType::PERSON}, {"Rutte", EntityType::PERSON}, {"NATO", EntityType::ORG},
                      {"European Parliament", EntityType::ORG}, {"Ukraine", EntityType::GPE},
                      {"Kyiv", EntityType::GPE}, {"Helsinki", EntityType::GPE}, {"Putin", EntityType::PERSON},
                      {"Vladimir Putin", EntityType::PERSON}};

}  // namespace

TEST_SUITE("quotes") {

// --- direct quotes: marks --------------------------------------------------

TEST_CASE("straight double quotes with the speaker after") {
  const auto d = analyse("Mark Rutte spoke in Brussels.\n\"We will not back down,\" Rutte said.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "We will not back down");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Direct);
  CHECK(speaker(d, q) == "Mark Rutte");
  CHECK(q->cue == "said");
  CHECK(q->cue_lemma == "say");
  CHECK_FALSE(q->unclosed);
}

TEST_CASE("'continued' is a cue only beside its quotation, with its subject") {
  const auto d = analyse(
      "Mark Rutte spoke in Brussels. \"We will not back down,\" Rutte continued. Mark Rutte continued: \"We stand "
      "together.\" Officials called him only \"the envoy\" as the talks continued. The talks continued for weeks, "
      "Rutte said.",
      kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "We will not back down");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Mark Rutte");
  CHECK(q->cue == "continued");
  const Quotation* c = quote(d, "We stand together.");
  REQUIRE(c);
  CHECK(speaker(d, c) == "Mark Rutte");
  CHECK(c->cue == "continued");
  const Quotation* e = quote(d, "the envoy");
  CHECK((e == nullptr || e->cue != "continued"));
  // Reported speech belongs to "said", never to "continued".
  for (const Quotation& x : d.quotations) {
    const bool direct_or_other = x.cue != "continued" || x.kind == QuoteKind::Direct;
    CHECK(direct_or_other);
  }
}

TEST_CASE("curly quotes with an inverted cue") {
  const auto d = analyse("\xE2\x80\x9CThe alliance is united,\xE2\x80\x9D said Mark Rutte.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "The alliance is united");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Direct);
  CHECK(speaker(d, q) == "Mark Rutte");
  CHECK(q->cue == "said");
}

TEST_CASE("guillemets after a colon") {
  const auto d = analyse("Emmanuel Macron said: \xC2\xAB We are ready to help. \xC2\xBB",
                         {{"Emmanuel Macron", EntityType::PERSON}});
  check_invariants(d);
  const Quotation* q = quote(d, "We are ready to help.");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Direct);
  CHECK(speaker(d, q) == "Emmanuel Macron");
}

TEST_CASE("colon introduction before a quote, with the hearer") {
  const auto d = analyse("Rutte told the European Parliament: \"The threat is real.\"", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "The threat is real.");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Direct);
  CHECK(speaker(d, q) == "Rutte");
  CHECK(addressee(d, q) == "European Parliament");
  CHECK(q->cue_lemma == "tell");
}

TEST_CASE("comma introduction before a quote") {
  const auto d = analyse("Angela Merkel said, \"We can do this.\"", {{"Angela Merkel", EntityType::PERSON}});
  check_invariants(d);
  const Quotation* q = quote(d, "We can do this.");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Direct);
  CHECK(speaker(d, q) == "Angela Merkel");
}

TEST_CASE("a quote interrupted by its attribution gives two quotes by one speaker") {
  const auto d = analyse("Kaja Kallas visited Tallinn.\n\"The first step,\" she said, \"is to listen to Ukraine.\"",
                         {{"Kaja Kallas", EntityType::PERSON}, {"Tallinn", EntityType::GPE}, {"Ukraine", EntityType::GPE}});
  check_invariants(d);
  const Quotation* a = quote(d, "The first step");
  const Quotation* b = quote(d, "is to listen to Ukraine.");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(speaker(d, a) == "Kaja Kallas");
  CHECK(speaker(d, b) == "Kaja Kallas");
  CHECK(a->kind == QuoteKind::Direct);
  CHECK(b->kind == QuoteKind::Direct);
  REQUIRE(b->about.size() == 1);
  CHECK(d.entities[static_cast<std::size_t>(b->about[0])].name == "Ukraine");
}

TEST_CASE("nested single quotes stay inside the outer quote") {
  const auto d = analyse("\"He told me 'never again', and I believed him,\" John Smith said.",
                         {{"John Smith", EntityType::PERSON}});
  check_invariants(d);
  const Quotation* q = quote(d, "He told me 'never again', and I believed him");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Direct);
  CHECK(speaker(d, q) == "John Smith");
  CHECK(quote(d, "never again") == nullptr);
  CHECK(d.quotations.size() == 1);
}

TEST_CASE("nested curly quotes inside guillemets") {
  const auto d = analyse("Macron said: \xC2\xAB The word \xE2\x80\x9Cvictory\xE2\x80\x9D means nothing here. \xC2\xBB",
                         {{"Macron", EntityType::PERSON}});
  check_invariants(d);
  const Quotation* q = quote(d, "The word \xE2\x80\x9Cvictory\xE2\x80\x9D means nothing here.");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Macron");
  CHECK(d.quotations.size() == 1);
}

TEST_CASE("single quotes used as quotation marks") {
  const auto d = analyse("'We are not afraid of anyone,' Boris Johnson said.", {{"Boris Johnson", EntityType::PERSON}});
  check_invariants(d);
  const Quotation* q = quote(d, "We are not afraid of anyone");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Direct);
  CHECK(speaker(d, q) == "Boris Johnson");
}

TEST_CASE("apostrophes are not quotation marks") {
  const auto d = analyse("Rutte's team said the alliance's plans weren't ready for the '90s style threats.", kRutte);
  check_invariants(d);
  CHECK(count_kind(d, QuoteKind::Direct) == 0);
  CHECK(count_kind(d, QuoteKind::Mixed) == 0);
  // "Rutte's team said": the team spoke, not Rutte.
  for (const Quotation& q : d.quotations) CHECK(speaker(d, &q) != "Rutte");
}

TEST_CASE("plural possessive apostrophes are not quotation marks") {
  const auto d = analyse("The parents' lawyer said the couples' case was weak.", {});
  check_invariants(d);
  CHECK(count_kind(d, QuoteKind::Direct) == 0);
  for (const Quotation& q : d.quotations) CHECK(q.speaker == -1);
}

TEST_CASE("curly apostrophes are not quotation marks") {
  const auto d = analyse("Rutte\xE2\x80\x99s comments came after NATO\xE2\x80\x99s summit in Helsinki.", kRutte);
  check_invariants(d);
  CHECK(d.quotations.empty());
}

TEST_CASE("a question keeps its question mark") {
  const auto d = analyse("\"Why would we stop now?\" Rutte asked.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "Why would we stop now?");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Direct);
  CHECK(speaker(d, q) == "Rutte");
  CHECK(q->cue_lemma == "ask");
}

// --- unclosed and multi-paragraph -----------------------------------------

TEST_CASE("an unclosed quote ends with its paragraph") {
  const auto d = analyse(
      "Maria Garcia said: \"We will fight on. The court has not heard the last of us.\n"
      "In other news, the markets rose on Friday.\nThe central bank kept rates unchanged.",
      {{"Maria Garcia", EntityType::PERSON}});
  check_invariants(d);
  const Quotation* q = quote(d, "We will fight on. The court has not heard the last of us.");
  REQUIRE(q);
  CHECK(q->unclosed);
  CHECK(q->kind == QuoteKind::Direct);
  CHECK(speaker(d, q) == "Maria Garcia");
  for (const Quotation& x : d.quotations) CHECK(x.text.find("markets") == std::string::npos);
}

TEST_CASE("an unclosed quote in a one-line text is bounded to a few sentences") {
  const auto d = analyse(
      "Tom Lee said \"we are done here. Prices rose again. Markets fell sharply. Banks closed early. Nobody knew "
      "why. The weekend was quiet.",
      {{"Tom Lee", EntityType::PERSON}});
  check_invariants(d);
  REQUIRE(!d.quotations.empty());
  const Quotation& q = d.quotations.front();
  CHECK(q.unclosed);
  CHECK(q.text.rfind("we are done here.", 0) == 0);
  CHECK(q.text.find("weekend") == std::string::npos);
  CHECK(q.text.find("Nobody") == std::string::npos);
}

TEST_CASE("a multi-paragraph quote repeats the opening mark") {
  const auto d = analyse(
      "Carlos Garcia said: \"The first phase is complete.\n\"The second phase starts in May.\"\nThe council met later.",
      {{"Carlos Garcia", EntityType::PERSON}});
  check_invariants(d);
  REQUIRE(d.quotations.size() == 1);
  const Quotation& q = d.quotations.front();
  CHECK(q.text == "The first phase is complete.\n\"The second phase starts in May.");
  CHECK(q.kind == QuoteKind::Direct);
  CHECK_FALSE(q.unclosed);
  CHECK(speaker(d, &q) == "Carlos Garcia");
}

TEST_CASE("a multi-paragraph quote with curly marks and a closing attribution") {
  const auto d = analyse(
      "\xE2\x80\x9CWe rebuilt the squad from nothing.\n"
      "\xE2\x80\x9CNow we are ready to compete again,\xE2\x80\x9D said coach Pep Guardiola.",
      {{"Pep Guardiola", EntityType::PERSON}});
  check_invariants(d);
  REQUIRE(d.quotations.size() == 1);
  const Quotation& q = d.quotations.front();
  CHECK(q.text == "We rebuilt the squad from nothing.\n\xE2\x80\x9CNow we are ready to compete again");
  CHECK(speaker(d, &q) == "Pep Guardiola");
}

TEST_CASE("an unclosed multi-paragraph quote stops at the last marked paragraph") {
  const auto d = analyse(
      "Anna Berg said: \"First we rebuild.\n\"Then we grow.\nAnalysts were not convinced by the plan.",
      {{"Anna Berg", EntityType::PERSON}});
  check_invariants(d);
  REQUIRE(!d.quotations.empty());
  const Quotation& q = d.quotations.front();
  CHECK(q.unclosed);
  CHECK(q.text == "First we rebuild.\n\"Then we grow.");
  CHECK(speaker(d, &q) == "Anna Berg");
}

// --- speakers ---------------------------------------------------------------

TEST_CASE("pronoun speaker resolved through coreference") {
  const auto d = analyse("Mark Rutte arrived in Kyiv on Monday.\n\"Ukraine must win this war,\" he said.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "Ukraine must win this war");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Mark Rutte");
}

TEST_CASE("female pronoun skips a male candidate") {
  const auto d = analyse("Mark Rutte met Kaja Kallas in Brussels. \"The talks were useful,\" she said.",
                         {{"Mark Rutte", EntityType::PERSON}, {"Kaja Kallas", EntityType::PERSON}, {"Brussels", EntityType::GPE}});
  check_invariants(d);
  const Quotation* q = quote(d, "The talks were useful");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Kaja Kallas");
}

TEST_CASE("role noun speaker: the Secretary General") {
  const auto d = analyse(
      "NATO Secretary General Mark Rutte visited Kyiv.\n\"We stand with Ukraine,\" the Secretary General said.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "We stand with Ukraine");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Mark Rutte");
}

TEST_CASE("role noun speaker: the head of the Alliance") {
  const auto d = analyse(
      "NATO Secretary General Mark Rutte visited Kyiv.\nThe head of the Alliance said that support would continue.",
      kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "support would continue");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Mark Rutte");
}

TEST_CASE("role noun speaker: NATO's chief") {
  const auto d = analyse(
      "NATO Secretary General Mark Rutte visited Kyiv.\n\"Winter will be hard,\" NATO's chief warned.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "Winter will be hard");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Mark Rutte");
  CHECK(q->cue_lemma == "warn");
}

TEST_CASE("organisation speaker") {
  const auto d = analyse("\"The claims are baseless,\" the Kremlin said.", {{"Kremlin", EntityType::ORG}});
  check_invariants(d);
  const Quotation* q = quote(d, "The claims are baseless");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Kremlin");
}

TEST_CASE("an unresolvable pronoun leaves the speaker unknown") {
  const auto d = analyse("\"It is over,\" he said.", {});
  check_invariants(d);
  const Quotation* q = quote(d, "It is over");
  REQUIRE(q);
  CHECK(q->speaker == -1);
  CHECK(q->kind == QuoteKind::Direct);
  CHECK(q->cue == "said");
}

TEST_CASE("an unnamed spokesman is not guessed") {
  const auto d = analyse("Mark Rutte left early.\n\"We deny the claims,\" a spokesman said.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "We deny the claims");
  REQUIRE(q);
  CHECK(q->speaker == -1);
  CHECK(q->cue == "said");
}

TEST_CASE("a name inside a larger subject is not the speaker") {
  const auto d = analyse("A spokesman for NATO said the exercise was routine.", kRutte);
  check_invariants(d);
  for (const Quotation& q : d.quotations) CHECK(speaker(d, &q) != "NATO");
}

TEST_CASE("two people sharing a surname are not merged into the speaker") {
  const auto d = analyse("Thomas Sam and Manju Sam were charged on Friday. Sam said the case was unfair.",
                         {{"Thomas Sam", EntityType::PERSON}, {"Manju Sam", EntityType::PERSON}, {"Sam", EntityType::PERSON}});
  check_invariants(d);
  const Quotation* q = quote(d, "the case was unfair");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Sam");
}

TEST_CASE("quote with no speaker at all") {
  const auto d = analyse("The sign on the door read \"No entry for unauthorised persons beyond this point\".", {});
  check_invariants(d);
  const Quotation* q = quote(d, "No entry for unauthorised persons beyond this point");
  REQUIRE(q);
  CHECK(q->speaker == -1);
  CHECK(q->kind == QuoteKind::Direct);
  CHECK(q->cue.empty());
}

TEST_CASE("scare quotes are not quotations") {
  const auto d = analyse("The so-called \"peace plan\" was rejected by both sides.", {});
  check_invariants(d);
  CHECK(d.quotations.empty());
}

TEST_CASE("a continuation quote keeps the previous speaker") {
  const auto d = analyse("\"We are ready,\" Rutte said.\n\"The alliance has never been stronger than it is today.\"", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "The alliance has never been stronger than it is today.");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Rutte");
  CHECK(q->kind == QuoteKind::Direct);
}

TEST_CASE("a quote inside a narrative sentence of its own continues nobody") {
  const auto d = analyse(
      "\"We are ready,\" Mark Rutte said. The treaty was signed for \"the defence of every member state of the "
      "alliance.\"",
      kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "the defence of every member state of the alliance.");
  REQUIRE(q);
  CHECK(q->speaker == -1);
  // A sentence that names the speaker again still continues the quote.
  const auto e = analyse("\"We are ready,\" Mark Rutte said. He smiled at the crowd. He continued, \"And we "
                         "will rebuild the city together.\"",
                         kRutte);
  check_invariants(e);
  const Quotation* c = quote(e, "And we will rebuild the city together.");
  REQUIRE(c);
  CHECK(speaker(e, c) == "Mark Rutte");
}

TEST_CASE("a continuation is broken by another named person") {
  const auto d = analyse(
      "\"We are ready,\" Rutte said.\nPutin rejected the offer.\n\"The offer is an insult to every citizen.\"", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "The offer is an insult to every citizen.");
  REQUIRE(q);
  CHECK(q->speaker == -1);
}

TEST_CASE("first-person pronouns in a quote become mentions of the speaker") {
  const auto d = analyse("\"I know what I want,\" Mark Rutte said.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "I know what I want");
  REQUIRE(q);
  REQUIRE(q->speaker >= 0);
  const Entity& e = d.entities[static_cast<std::size_t>(q->speaker)];
  int pronouns = 0;
  for (std::uint32_t m : e.mentions) pronouns += d.mentions[m].kind == MentionKind::Pronoun && d.mentions[m].text == "I";
  CHECK(pronouns == 2);
  CHECK(std::is_sorted(d.mentions.begin(), d.mentions.end(), [](const Mention& a, const Mention& b) { return a.span < b.span; }));
}

// --- block quotes -----------------------------------------------------------

TEST_CASE("colon block introduced by a pronoun speaker") {
  const auto d = analyse(
      "Mark Rutte spoke in Brussels on Tuesday.\nSpeaking about the defense industry, he noted:\n"
      "Our industry is still too small and too slow.\nThe meeting ended at noon.",
      kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "Our industry is still too small and too slow");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Block);
  CHECK(speaker(d, q) == "Mark Rutte");
  CHECK(q->cue == "noted");
  CHECK(quote(d, "The meeting ended at noon") == nullptr);
  CHECK(count_kind(d, QuoteKind::Indirect) == 0);  // "Speaking about ..., he noted:" states nothing
}

TEST_CASE("colon block introduced by a role noun") {
  const auto d = analyse(
      "NATO Secretary General Mark Rutte arrived on Monday.\n"
      "The Secretary General also announced a summit of allies in Helsinki:\n"
      "At the summit, leaders will protect undersea cables and pipelines.",
      kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "At the summit, leaders will protect undersea cables and pipelines");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Block);
  CHECK(speaker(d, q) == "Mark Rutte");
  CHECK(q->cue_lemma == "announce");
  CHECK(count_kind(d, QuoteKind::Indirect) == 0);  // "announced a summit" is no statement
}

TEST_CASE("a colon block continues over first-person paragraphs") {
  const auto d = analyse(
      "Jacinda Ardern spoke to the nation.\nShe said:\nWe have made hard choices.\nI believe we made the right ones.\n"
      "Ardern then left for Auckland.",
      {{"Jacinda Ardern", EntityType::PERSON}, {"Ardern", EntityType::PERSON}, {"Auckland", EntityType::GPE}});
  check_invariants(d);
  CHECK(count_kind(d, QuoteKind::Block) == 2);
  CHECK(speaker(d, quote(d, "We have made hard choices")) == "Jacinda Ardern");
  CHECK(speaker(d, quote(d, "I believe we made the right ones")) == "Jacinda Ardern");
}

TEST_CASE("a colon introduction followed by narrative is no block") {
  const auto d = analyse(
      "Mark Rutte spoke in Brussels.\nThe head of NATO expressed deep concern about security:\n"
      "Rutte stressed that spending must rise.",
      kRutte);
  check_invariants(d);
  CHECK(count_kind(d, QuoteKind::Block) == 0);
  const Quotation* q = quote(d, "spending must rise");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Mark Rutte");
}

TEST_CASE("an unmarked first-person paragraph after a speech headline") {
  const auto d = analyse(
      "Rutte called on allies to strengthen their industry\n"
      "I do know that peace will not last if aggression pays.\n",
      kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "I do know that peace will not last if aggression pays");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Block);
  CHECK(speaker(d, q) == "Rutte");
}

TEST_CASE("a first-person column without speech context is not a quote") {
  const auto d = analyse("I have lived in this town for forty years.\nWe never saw a flood like this one.", {});
  check_invariants(d);
  CHECK(d.quotations.empty());
}

TEST_CASE("a colon list that is not speech") {
  const auto d = analyse("The menu included three dishes:\nsoup, fish and cake.", {});
  check_invariants(d);
  CHECK(d.quotations.empty());
}

// --- indirect speech ----------------------------------------------------------

TEST_CASE("said that") {
  const auto d = analyse("Rutte said that the alliance would grow.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "the alliance would grow");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Rutte");
  CHECK(q->cue == "said");
}

TEST_CASE("said without that") {
  const auto d = analyse("Mark Rutte said the alliance would grow next year.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "the alliance would grow next year");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Mark Rutte");
}

TEST_CASE("told someone that, with the addressee") {
  const auto d = analyse(
      "NATO Secretary General Mark Rutte told the European Parliament that peace in Ukraine must be lasting.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "peace in Ukraine must be lasting");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Mark Rutte");
  CHECK(addressee(d, q) == "European Parliament");
  CHECK(q->cue_lemma == "tell");
  REQUIRE(q->about.size() == 1);
  CHECK(d.entities[static_cast<std::size_t>(q->about[0])].name == "Ukraine");
}

TEST_CASE("according to X, content") {
  const auto d = analyse("According to Reuters, the talks collapsed on Friday.", {{"Reuters", EntityType::ORG}});
  check_invariants(d);
  const Quotation* q = quote(d, "the talks collapsed on Friday");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Reuters");
  CHECK(q->cue_lemma == "according to");
}

TEST_CASE("content, according to X") {
  const auto d = analyse("The talks collapsed on Friday, according to Reuters.", {{"Reuters", EntityType::ORG}});
  check_invariants(d);
  const Quotation* q = quote(d, "The talks collapsed on Friday");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Reuters");
}

TEST_CASE("content, X said") {
  const auto d = analyse("The economy will recover next year, Christine Lagarde said.",
                         {{"Christine Lagarde", EntityType::PERSON}});
  check_invariants(d);
  const Quotation* q = quote(d, "The economy will recover next year");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Christine Lagarde");
}

TEST_CASE("content, said X") {
  const auto d = analyse("Prices will keep rising, said Sarah Lee.", {{"Sarah Lee", EntityType::PERSON}});
  check_invariants(d);
  const Quotation* q = quote(d, "Prices will keep rising");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Sarah Lee");
}

TEST_CASE("a fronted phrase before a preposed cue") {
  const auto d = analyse("After the talks in Helsinki, Rutte said the alliance was united.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "the alliance was united");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Rutte");
  CHECK(quote(d, "After the talks in Helsinki") == nullptr);
}

TEST_CASE("content, X said, with a trailing adverbial") {
  const auto d = analyse("Talks will resume in March, Rutte said on Monday.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "Talks will resume in March");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Rutte");
}

TEST_CASE("parenthetical attribution") {
  const auto d = analyse("Mark Rutte spoke on Monday. This, he said, requires more weapons for Ukraine.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "This, he said, requires more weapons for Ukraine");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Mark Rutte");
}

TEST_CASE("urged someone to do something") {
  const auto d = analyse("Rutte urged member states to increase defense spending.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "member states to increase defense spending");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Rutte");
  CHECK(q->cue_lemma == "urge");
}

TEST_CASE("called on, with a pronoun speaker") {
  const auto d = analyse("Rutte stressed the risks. He called on allies to send more air defence.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "allies to send more air defence");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Rutte");
  CHECK(q->cue == "called on");
  CHECK(q->cue_lemma == "call on");
}

TEST_CASE("warned that, with a time adverbial") {
  const auto d = analyse("Vladimir Putin warned on Sunday that the West was playing with fire.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "the West was playing with fire");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Vladimir Putin");
}

TEST_CASE("organisation speaker of indirect speech, with its") {
  const auto d = analyse("NATO said in a statement that its forces were on alert.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "its forces were on alert");
  REQUIRE(q);
  CHECK(speaker(d, q) == "NATO");
  bool its = false;
  for (const Mention& m : d.mentions) its = its || (m.text == "its" && m.entity == q->speaker);
  CHECK(its);
}

TEST_CASE("announcing a thing is not reported speech") {
  const auto d = analyse("Rutte announced a new summit in Helsinki.", kRutte);
  check_invariants(d);
  CHECK(d.quotations.empty());
}

// --- mixed quotes -------------------------------------------------------------

TEST_CASE("mixed quote inside indirect speech") {
  const auto d = analyse("Rutte said the deal was \"strong\".", kRutte);
  check_invariants(d);
  const Quotation* m = quote(d, "strong");
  REQUIRE(m);
  CHECK(m->kind == QuoteKind::Mixed);
  CHECK(speaker(d, m) == "Rutte");
  const Quotation* i = quote(d, "the deal was \"strong\"");
  REQUIRE(i);
  CHECK(i->kind == QuoteKind::Indirect);
  CHECK(speaker(d, i) == "Rutte");
}

TEST_CASE("mixed quote after according to a role") {
  const auto d = analyse(
      "NATO Secretary General Mark Rutte spoke in Brussels.\n"
      "According to the NATO Secretary General, it is important not to disclose what could become a \"strong deal\" "
      "for Ukraine.",
      kRutte);
  check_invariants(d);
  const Quotation* m = quote(d, "strong deal");
  REQUIRE(m);
  CHECK(m->kind == QuoteKind::Mixed);
  CHECK(speaker(d, m) == "Mark Rutte");
  const Quotation* i =
      quote(d, "it is important not to disclose what could become a \"strong deal\" for Ukraine");
  REQUIRE(i);
  CHECK(i->kind == QuoteKind::Indirect);
  CHECK(speaker(d, i) == "Mark Rutte");
}

TEST_CASE("partial quote after that") {
  const auto d = analyse("Rutte said that \"we will not be intimidated\" by threats.", kRutte);
  check_invariants(d);
  const Quotation* m = quote(d, "we will not be intimidated");
  REQUIRE(m);
  CHECK(m->kind == QuoteKind::Mixed);
  CHECK(speaker(d, m) == "Rutte");
}

TEST_CASE("an inverted cue reaches a name behind up to three lower-case words of title") {
  const Names names = {{"Ulf Danielsson", EntityType::PERSON}, {"Ken Gude", EntityType::PERSON}};
  auto d = analyse("\"The prizes tell us something,\" said selection committee member Ulf Danielsson. "
                   "\"They want him to resign,\" tweeted former thinktank executive Ken Gude.",
                   names);
  check_invariants(d);
  CHECK(speaker(d, quote(d, "The prizes tell us something")) == "Ulf Danielsson");
  CHECK(speaker(d, quote(d, "They want him to resign")) == "Ken Gude");
}

TEST_CASE("an inverted cue reaches a name behind the title Chief Justice") {
  auto d = analyse("\"We mourn our colleague,\" wrote Chief Justice John Roberts.", {{"John Roberts", EntityType::PERSON}});
  check_invariants(d);
  CHECK(speaker(d, quote(d, "We mourn our colleague")) == "John Roberts");
}

// --- with a dependency parse -------------------------------------------------------

namespace {
// Runs the stages again after giving sentence 0 the parse (heads are 0-based within
// the sentence, -1 for the root) that a parser would produce.
AnnotatedDocument with_parse(AnnotatedDocument d, const std::vector<int>& heads, const std::vector<std::string>& rels) {
  const Sentence& s = d.sentences.at(0);
  REQUIRE(s.size() == heads.size());
  for (std::uint32_t i = 0; i < s.size(); ++i) {
    d.tokens[s.token_begin + i].head = heads[i];
    d.tokens[s.token_begin + i].deprel = rels[i];
  }
  Resolver{}.run(d);
  QuoteFinder{}.run(d);
  return d;
}
}  // namespace

TEST_CASE("parsed: a title-headed subject still gives the named person") {
  // The parser heads the subject with the organisation (as real parsers sometimes do).
  auto d = analyse("NATO Secretary General Mark Rutte told the European Parliament that peace must last.", kRutte);
  d = with_parse(std::move(d), {5, 0, 0, 0, 3, -1, 8, 8, 5, 12, 12, 12, 5, 5},
                 {"nsubj", "flat", "flat", "list", "flat", "root", "det", "amod", "obj", "mark", "nsubj", "aux", "ccomp",
                  "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "peace must last");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Mark Rutte");
  CHECK(addressee(d, q) == "European Parliament");
}

TEST_CASE("parsed: a name in commas between the subject noun and the cue speaks, however it is attached") {
  auto d = analyse("The editorial director of the magazine, Rachel Giese, said she felt relieved.",
                   {{"Rachel Giese", EntityType::PERSON}});
  // As the committed parser attaches it: "Rachel" a conjunct of the first comma.
  d = with_parse(std::move(d), {2, 2, 10, 5, 5, 2, 2, 6, 7, 2, -1, 12, 10, 12, 10},
                 {"det", "amod", "nsubj", "case", "det", "nmod", "punct", "conj", "flat", "punct", "root", "nsubj",
                  "ccomp", "xcomp", "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "she felt relieved");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Rachel Giese");
  // With a lower-case title before the name.
  auto t = analyse("The editorial director of the magazine, editor Rachel Giese, said she felt relieved.",
                   {{"Rachel Giese", EntityType::PERSON}});
  t = with_parse(std::move(t), {2, 2, 11, 5, 5, 2, 2, 8, 6, 8, 2, -1, 13, 11, 13, 11},
                 {"det", "amod", "nsubj", "case", "det", "nmod", "punct", "compound", "conj", "flat", "punct", "root",
                  "nsubj", "ccomp", "xcomp", "punct"});
  q = quote(t, "she felt relieved");
  REQUIRE(q);
  CHECK(speaker(t, q) == "Rachel Giese");
}

TEST_CASE("parsed: a name after a comma right before the verb speaks, without the closing comma") {
  auto d = analyse("A member of the Parliament, Samir Dilou said peace must last.",
                   {{"Samir Dilou", EntityType::PERSON}, {"Parliament", EntityType::ORG}});
  // As the committed parser attaches it: the name an apposition of "Parliament".
  d = with_parse(std::move(d), {1, 8, 4, 4, 1, 6, 4, 6, -1, 11, 11, 8, 8},
                 {"det", "nsubj", "case", "det", "nmod", "punct", "appos", "flat", "root", "nsubj", "aux", "ccomp",
                  "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "peace must last");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Samir Dilou");
}

TEST_CASE("parsed: a participle cue speaks with its clause's subject") {
  auto d = analyse("Mark Rutte praised the plan, saying it would work.", kRutte);
  d = with_parse(std::move(d), {2, 0, -1, 4, 2, 6, 2, 9, 9, 6, 2},
                 {"nsubj", "flat", "root", "det", "obj", "punct", "advcl", "nsubj", "aux", "ccomp", "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "it would work");
  REQUIRE(q);
  CHECK(q->cue == "saying");
  CHECK(speaker(d, q) == "Mark Rutte");
}

TEST_CASE("parsed: a participle between two quotations, hung on the first, speaks with its cue's subject") {
  auto d = analyse("Rutte said, \"Peace must last\", adding, \"Kyiv will decide\".", kRutte);
  // As the committed parser attaches it: "adding" a clause of the first quotation's
  // predicate, whose subject is no speaker.
  d = with_parse(std::move(d), {1, -1, 6, 6, 6, 6, 1, 6, 9, 6, 14, 14, 14, 14, 9, 14, 1},
                 {"nsubj", "root", "punct", "punct", "nsubj", "aux", "ccomp", "punct", "punct", "acl", "punct",
                  "punct", "nsubj", "aux", "obj", "punct", "punct"});
  check_invariants(d);
  const Quotation* second = quote(d, "Kyiv will decide");
  REQUIRE(second);
  CHECK(second->cue == "adding");
  CHECK(speaker(d, second) == "Rutte");
  // The first keeps the cue before it: the participle only falls back to it.
  const Quotation* first = quote(d, "Peace must last");
  REQUIRE(first);
  CHECK(first->cue == "said");
  CHECK(speaker(d, first) == "Rutte");
}

TEST_CASE("parsed: a passive's agent speaks, unless it only reports the words") {
  auto d = analyse("Gutierrez was described by the CBCP as \"a strong advocate\".",
                   {{"Gutierrez", EntityType::PERSON}, {"CBCP", EntityType::ORG}});
  d = with_parse(std::move(d), {2, 2, -1, 5, 5, 2, 10, 10, 10, 10, 2, 10, 2},
                 {"nsubj:pass", "aux:pass", "root", "case", "det", "obl:agent", "case", "punct", "det", "amod", "obl",
                  "punct", "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "a strong advocate");
  REQUIRE(q);
  CHECK(q->cue == "described");
  CHECK(speaker(d, q) == "CBCP");
  auto r = analyse("The words were reported by CNN as \"a disaster\".", {{"CNN", EntityType::ORG}});
  r = with_parse(std::move(r), {1, 3, 3, -1, 5, 3, 9, 9, 9, 3, 9, 3},
                 {"det", "nsubj:pass", "aux:pass", "root", "case", "obl:agent", "case", "punct", "det", "obl", "punct",
                  "punct"});
  check_invariants(r);
  q = quote(r, "a disaster");
  CHECK((q == nullptr || speaker(r, q).empty()));
}

TEST_CASE("parsed: a title-headed subject with an apposition after the name gives the name") {
  auto d = analyse("Ex-Prime Minister Donald Tusk, the current President of the Council, wrote that peace must last.",
                   {{"Donald Tusk", EntityType::PERSON}, {"Council", EntityType::ORG}});
  // As the committed parser reads it: the title heads the subject, the name a list item.
  d = with_parse(std::move(d), {12, 2, 0, 2, 7, 7, 7, 0, 10, 10, 7, 0, -1, 16, 16, 16, 12, 12},
                 {"nsubj", "nmod:desc", "list", "flat", "punct", "det", "amod", "appos", "case", "det", "nmod", "punct",
                  "root", "mark", "nsubj", "aux", "ccomp", "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "peace must last");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Donald Tusk");
  // Without a role among the capitalised words, the parse's unnamed subject stands.
  auto a = analyse("Associates of Donald Tusk, the current President of the Council, wrote that peace must last.",
                   {{"Donald Tusk", EntityType::PERSON}, {"Council", EntityType::ORG}});
  a = with_parse(std::move(a), {12, 2, 0, 2, 7, 7, 7, 2, 10, 10, 7, 0, -1, 16, 16, 16, 12, 12},
                 {"nsubj", "case", "nmod", "flat", "punct", "det", "amod", "appos", "case", "det", "nmod", "punct",
                  "root", "mark", "nsubj", "aux", "ccomp", "punct"});
  q = quote(a, "peace must last");
  REQUIRE(q);
  CHECK(speaker(a, q).empty());
}

TEST_CASE("parsed: a relative pronoun subject stands for the noun its clause modifies") {
  auto d = analyse("NATO, which told reporters that peace must last, met.", kRutte);
  d = with_parse(std::move(d), {10, 3, 3, 0, 3, 8, 8, 8, 3, 3, -1, 10},
                 {"nsubj", "punct", "nsubj", "acl:relcl", "obj", "mark", "nsubj", "aux", "ccomp", "punct", "root",
                  "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "peace must last");
  REQUIRE(q);
  CHECK(speaker(d, q) == "NATO");
}

TEST_CASE("parsed: a name in apposition to a group word speaks") {
  auto d = analyse("A Republican, Mark Amodei, has said that the inquiry is fair.",
                   {{"Mark Amodei", EntityType::PERSON}, {"Republican", EntityType::NORP}});
  d = with_parse(std::move(d), {1, 7, 3, 1, 3, 1, 7, -1, 11, 10, 11, 7, 11, 7},
                 {"det", "nsubj", "punct", "appos", "flat", "punct", "aux", "root", "mark", "det", "nsubj", "ccomp",
                  "cop", "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "the inquiry is fair");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Mark Amodei");
}

TEST_CASE("parsed: of two subjects the one next to the cue speaks") {
  auto d = analyse("This, he said, requires more weapons.\nMark Rutte left.", kRutte);
  // A parser may attach both "This" and "he" to "said" as subjects.
  d = with_parse(std::move(d), {3, 0, 3, -1, 3, 3, 7, 5, 3},
                 {"nsubj", "punct", "nsubj", "root", "punct", "ccomp", "amod", "obj", "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "This, he said, requires more weapons");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(q->speaker == -1);  // "he" has no antecedent before it: unknown, not guessed
  CHECK(q->cue == "said");
}

TEST_CASE("parsed: a passive cue has no speaker and gives no quotation") {
  auto d = analyse("Mark Rutte arrived. The parents were advised to send the child to a doctor.", kRutte);
  // Only the second sentence is parsed; the first stays on the surface rules.
  const Sentence& s = d.sentences.at(1);
  const std::vector<int> heads = {1, 3, 3, -1, 5, 3, 7, 5, 10, 10, 5, 3};
  const std::vector<std::string> rels = {"det", "nsubj:pass", "aux:pass", "root", "mark", "xcomp",
                                         "det", "obj", "case", "det", "obl", "punct"};
  REQUIRE(s.size() == heads.size());
  for (std::uint32_t i = 0; i < s.size(); ++i) {
    d.tokens[s.token_begin + i].head = heads[i];
    d.tokens[s.token_begin + i].deprel = rels[i];
  }
  Resolver{}.run(d);
  QuoteFinder{}.run(d);
  check_invariants(d);
  CHECK(d.quotations.empty());
}

TEST_CASE("parsed: a coordinated cue shares the subject") {
  auto d = analyse("Rutte praised the plan and urged allies to send more weapons.", kRutte);
  d = with_parse(std::move(d), {1, -1, 3, 1, 5, 1, 5, 8, 5, 10, 8, 1},
                 {"nsubj", "root", "det", "obj", "cc", "conj", "obj", "mark", "xcomp", "amod", "obj", "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "allies to send more weapons");
  REQUIRE(q);
  CHECK(q->kind == QuoteKind::Indirect);
  CHECK(speaker(d, q) == "Rutte");
  CHECK(q->cue_lemma == "urge");
}

TEST_CASE("parsed: a noun object is not reported speech, a clause is") {
  auto d = analyse("Rutte stressed the urgency of the matter.", kRutte);
  d = with_parse(std::move(d), {1, -1, 3, 1, 6, 6, 3, 1}, {"nsubj", "root", "det", "obj", "case", "det", "nmod", "punct"});
  check_invariants(d);
  CHECK(d.quotations.empty());
  auto e = analyse("Rutte stressed the matter was urgent.", kRutte);
  e = with_parse(std::move(e), {1, -1, 3, 5, 5, 1, 1}, {"nsubj", "root", "det", "nsubj", "cop", "ccomp", "punct"});
  const Quotation* q = quote(e, "the matter was urgent");
  REQUIRE(q);
  CHECK(speaker(e, q) == "Rutte");
}

namespace {
// Tags one token (sentence 0, index i) with an XPOS, as the tagger would.
AnnotatedDocument tag(AnnotatedDocument d, std::uint32_t i, const char* xpos) {
  d.tokens.at(d.sentences.at(0).token_begin + i).xpos = xpos;
  return d;
}
}  // namespace

TEST_CASE("parsed: a finite cue the parser left without a subject falls back to word order") {
  const std::string text =
      "Newly elected Assemblywoman Selena Torres said, \"It is really exciting to be part of this majority.\"";
  const Names names = {{"Selena Torres", EntityType::PERSON}};
  // As the committed parser reads it: "elected" a clause of "said", the name inside it.
  const std::vector<int> heads = {1, 5, 1, 2, 2, -1, 11, 11, 11, 11, 11, 5, 14, 14, 11, 17, 17, 14, 11, 11};
  const std::vector<std::string> rels = {"advmod", "ccomp", "xcomp", "flat",  "flat", "root",  "punct",
                                         "punct",  "nsubj", "cop",   "advmod", "ccomp", "mark", "cop",
                                         "xcomp",  "case",  "det",   "nmod",  "punct", "punct"};
  auto d = with_parse(tag(analyse(text, names), 5, "VBD"), heads, rels);
  check_invariants(d);
  const Quotation* q = quote(d, "It is really exciting to be part of this majority.");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Selena Torres");
  // A participle without a subject is no finite verb: the parse is trusted.
  auto p = with_parse(tag(analyse(text, names), 5, "VBN"), heads, rels);
  q = quote(p, "It is really exciting to be part of this majority.");
  REQUIRE(q);
  CHECK(q->speaker == -1);
}

TEST_CASE("parsed: a participle modifying a noun is no cue") {
  auto d = analyse("Rutte called May's proposed deal \"lousy\".", kRutte);
  d = with_parse(tag(std::move(d), 4, "VBN"), {1, -1, 5, 2, 5, 1, 7, 1, 7, 1},
                 {"nsubj", "root", "nmod:poss", "case", "amod", "obj", "punct", "xcomp", "punct", "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "lousy");
  CHECK((q == nullptr || q->cue != "proposed"));
}

TEST_CASE("parsed: a subject the parser found inside the quotation is no subject") {
  auto d = analyse("\"We stand ready\" tweeted Boris Johnson \"to help.\"", {{"Boris Johnson", EntityType::PERSON}});
  // "ready" read as the subject of "tweeted".
  d = with_parse(tag(std::move(d), 5, "VBD"), {2, 2, -1, 5, 5, 2, 5, 6, 5, 10, 5, 5, 5},
                 {"punct", "nsubj", "root", "nsubj", "punct", "ccomp", "obj", "flat", "punct", "mark", "advcl", "punct",
                  "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "We stand ready");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Boris Johnson");
}

TEST_CASE("a person's name in commas after the subject noun speaks") {
  auto d = analyse("The judge presiding over the case, Bernard Schwartz, said the ruling was final.",
                   {{"Bernard Schwartz", EntityType::PERSON}});
  check_invariants(d);
  const Quotation* q = quote(d, "the ruling was final");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Bernard Schwartz");
}

TEST_CASE("a person before an of-phrase of names speaks") {
  auto d = analyse("AU chairperson President Abdel Fattah el-Sisi of Egypt said the trade deal was a real test.",
                   {{"Abdel Fattah el-Sisi", EntityType::PERSON}, {"Egypt", EntityType::GPE}, {"AU", EntityType::ORG}});
  check_invariants(d);
  const Quotation* q = quote(d, "the trade deal was a real test");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Abdel Fattah el-Sisi");
  auto e = analyse("Steve Peers of the University of Essex, speaking to the BBC, said the law was unclear.",
                   {{"Steve Peers", EntityType::PERSON}, {"University of Essex", EntityType::ORG},
                    {"BBC", EntityType::ORG}});
  q = quote(e, "the law was unclear");
  REQUIRE(q);
  CHECK(speaker(e, q) == "Steve Peers");
  // Lower-case words may describe the name that ends the modifier.
  auto g = analyse("Peter Iseley of worldwide victim group Ending Clergy Abuse said the law was unclear.",
                   {{"Peter Iseley", EntityType::PERSON}, {"Ending Clergy Abuse", EntityType::ORG}});
  q = quote(g, "the law was unclear");
  REQUIRE(q);
  CHECK(speaker(g, q) == "Peter Iseley");
  // The person is no speaker when the whole phrase is inside a larger subject.
  auto f = analyse("The wife of John Smith of Boston said the law was unclear.",
                   {{"John Smith", EntityType::PERSON}, {"Boston", EntityType::GPE}});
  q = quote(f, "the law was unclear");
  CHECK((q == nullptr || q->speaker < 0 || speaker(f, q) != "John Smith"));
}

TEST_CASE("a long title between a quote and its cue") {
  auto d = analyse("\"Nothing has changed in the city,\" Hong Kong director of Amnesty International Man-kei Tam said.",
                   {{"Man-kei Tam", EntityType::PERSON}, {"Amnesty International", EntityType::ORG},
                    {"Hong Kong", EntityType::GPE}});
  check_invariants(d);
  const Quotation* q = quote(d, "Nothing has changed in the city");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Man-kei Tam");
}

TEST_CASE("a quote by someone unnamed ends the previous speaker's run") {
  auto d = analyse(
      "Mark Rutte said: \"The alliance is strong and united.\"\n\n"
      "\"We will win this fight,\" said a protester outside. \"Nobody can stop us now.\"",
      kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "Nobody can stop us now.");
  REQUIRE(q);
  CHECK(q->speaker == -1);
}

TEST_CASE("a cue that introduces a direct quote gives no indirect quotation around it") {
  auto d = analyse(
      "In a statement, the bishop, Allan Casicas, said, \"It is with great sadness that I announce his death.\"",
      {{"Allan Casicas", EntityType::PERSON}});
  check_invariants(d);
  CHECK(count_kind(d, QuoteKind::Indirect) == 0);
  const Quotation* q = quote(d, "It is with great sadness that I announce his death.");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Allan Casicas");
}

TEST_CASE("parsed: a clause after a semicolon is no report of a verb with a plain object") {
  auto d = analyse("The Watch Tower maintains a database of the cases; the Watch Tower has been fined in many places.",
                   {{"Watch Tower", EntityType::ORG}});
  d = with_parse(std::move(d), {2, 2, 3, -1, 5, 3, 8, 8, 5, 15, 12, 12, 15, 15, 15, 3, 18, 18, 15, 3},
                 {"det", "compound", "nsubj", "root", "det", "obj", "case", "det", "nmod", "punct", "det", "compound",
                  "nsubj:pass", "aux", "aux:pass", "parataxis", "case", "amod", "obl", "punct"});
  check_invariants(d);
  CHECK(count_kind(d, QuoteKind::Indirect) == 0);
}

TEST_CASE("a quote ending with its full stop is not attributed by the next sentence's verb") {
  auto d = analyse("Mark Rutte spoke first. \"The alliance is strong and united.\" Vladimir Putin said the talks had failed.",
                   kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "The alliance is strong and united.");
  REQUIRE(q);
  CHECK(speaker(d, q) != "Vladimir Putin");
  CHECK(q->cue.empty());
  // A sentence that is only the attribution still attributes it.
  auto e = analyse("\"The alliance is strong and united.\" Rutte said.", kRutte);
  q = quote(e, "The alliance is strong and united.");
  REQUIRE(q);
  CHECK(speaker(e, q) == "Rutte");
}

TEST_CASE("a cue after the quote without a speaker yields to one before it with a speaker") {
  auto d = analyse("Mark Rutte wrote of Putin, \"The talks have failed again\", recalling their first meeting.", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "The talks have failed again");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Mark Rutte");
  CHECK(q->cue == "wrote");
}

TEST_CASE("parsed: a subject headed by a title gives the name right before the verb") {
  auto d = analyse("Former US Ambassador to the United Nations Nikki Haley wrote that the allies matter.",
                   {{"Nikki Haley", EntityType::PERSON}, {"United Nations", EntityType::ORG}});
  d = with_parse(std::move(d), {2, 2, 9, 6, 6, 6, 2, 6, 7, -1, 13, 12, 13, 9, 9},
                 {"amod", "compound", "nsubj", "case", "det", "compound", "nmod", "flat", "flat", "root", "mark", "det",
                  "nsubj", "ccomp", "punct"});
  check_invariants(d);
  const Quotation* q = quote(d, "the allies matter");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Nikki Haley");
}

TEST_CASE("a colon introduction without a cue: the named subject before the colon speaks") {
  auto d = analyse("Mark Rutte praised the plan on Twitter: \"It is one of the best plans we have seen.\"", kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "It is one of the best plans we have seen.");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Mark Rutte");
  // An unnamed subject gives nobody.
  auto e = analyse("The sign on the door read: \"Nobody may enter this room after midnight.\"", kRutte);
  q = quote(e, "Nobody may enter this room after midnight.");
  REQUIRE(q);
  CHECK(q->speaker == -1);
}

TEST_CASE("a statement's words are its owner's") {
  auto d = analyse(
      "Vladimir Putin said: \"The alliance is weak and divided.\"\n\n"
      "Rutte's statement read: \"We will defend every inch of allied territory.\"\n\n"
      "The family's statement read: \"Our thoughts are with the victims tonight.\"",
      kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "We will defend every inch of allied territory.");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Rutte");
  // An owner without a name is someone else: no continuation of Rutte's words.
  q = quote(d, "Our thoughts are with the victims tonight.");
  REQUIRE(q);
  CHECK(q->speaker == -1);
}

TEST_CASE("opine, elaborate and recount are cues") {
  auto d = analyse("\"The plan can work this year\", Rutte opines, \"if the allies pay for it.\"\n\n"
                   "Vladimir Putin elaborated, \"The talks have failed again and again.\"",
                   kRutte);
  check_invariants(d);
  const Quotation* q = quote(d, "The plan can work this year");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Rutte");
  CHECK(q->cue == "opines");
  q = quote(d, "The talks have failed again and again.");
  REQUIRE(q);
  CHECK(speaker(d, q) == "Vladimir Putin");
  // "Elaborate" introduces quotes only: no indirect speech after it.
  auto e = analyse("Vladimir Putin elaborated on the plan for the talks.", kRutte);
  CHECK(count_kind(e, QuoteKind::Indirect) == 0);
}

// --- robustness -----------------------------------------------------------------

TEST_CASE("empty and punctuation-only documents give no quotations") {
  for (const char* text : {"\"", "\"\"", "' '", "\xC2\xAB", ":\n:"}) {
    const auto d = analyse(text, {});
    check_invariants(d);
    CHECK(d.quotations.empty());
  }
}

TEST_CASE("running twice gives the same result") {
  auto d = analyse("Mark Rutte said the deal was \"strong\". \"We are ready,\" he added.", kRutte);
  const auto before = d.quotations.size();
  const auto mentions = d.mentions.size();
  Resolver{}.run(d);
  QuoteFinder{}.run(d);
  CHECK(d.quotations.size() == before);
  CHECK(d.mentions.size() == mentions);
}

}  // TEST_SUITE
