#include "extract/lexicon.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "graph/error.hpp"

using namespace newsgraph;

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("newsgraph_lexicon_test_" + name)).string();
}

// A tiny hand-made source in the TSV format scripts/build-lexicon.sh produces. CTest
// runs these test cases as parallel processes: each writes its own file.
std::string write_fixture() {
  const std::string path = temp_path("fixture_" + std::to_string(::getpid()) + ".tsv");
  std::ofstream out(path);
  out << "# test fixture\n"
         "Country\tRussia\tRussia\n"
         "Country\tRussian Federation\tRussia\n"
         "Country\tUS\tUnited States\n"
         "Country\tUnited States of America\tUnited States\n"
         "Country\tNetherlands\tNetherlands\n"
         "Country\tGeorgia\tGeorgia\n"
         "Demonym\tRussian\tRussia\n"
         "Demonym\tRussians\tRussia\n"
         "Demonym\tAmerican\tUnited States\n"
         "City\tParis\tFrance\t2138551\n"
         "City\tParis\tUnited States\t25171\n"
         "City\tSt. Petersburg\tRussia\t5351935\n"
         "Subdivision\tGeorgia\tUnited States\n"
         "GivenName\tMark\t\n"
         "GivenName\tJordan\n"
         "Country\tJordan\tJordan\n"
         "OrgSuffix\tInc\t\n"
         "OrgWord\tParliament\t\n"
         "RoleNoun\tsecretary general\t\n"
         "RoleNoun\tpresident\t\n"
         "Honorific\tMr.\t\n"
         "Month\tJanuary\t1\n"
         "Month\tJan.\t1\n"
         "Weekday\tMonday\t1\n"
         "Organisation\tWHO\t\n"
         "Organisation\tWorld Bank\t\n";
  return path;
}

}  // namespace

TEST_CASE("lexicon lookups normalise case, spacing, apostrophes and a leading 'the'") {
  const Lexicon lex = Lexicon::from_tsv(write_fixture());
  CHECK(lex.country("Russian Federation") == "Russia");
  CHECK(lex.country("russian   federation") == "Russia");
  CHECK(lex.country("the Netherlands") == "Netherlands");
  CHECK(lex.country("The Netherlands") == "Netherlands");
  CHECK(lex.country("Moscow").empty());
  CHECK(lex.demonym_country("Russians") == "Russia");
  CHECK(lex.country_demonym("Russia") == "Russian");
  CHECK(lex.country_demonym("United States") == "American");
  CHECK(lex.country_demonym("France").empty());
  CHECK(Lexicon::normalise("  The  Kremlin\xE2\x80\x99s ") == "kremlin's");
}

TEST_CASE("lexicon acronyms match only in capitals") {
  const Lexicon lex = Lexicon::from_tsv(write_fixture());
  CHECK(lex.country("US") == "United States");
  CHECK(lex.country("us").empty());
  CHECK(lex.country("Us").empty());
  CHECK(lex.country("RUSSIA") == "Russia");  // headline capitals still match full names
  constexpr auto org = static_cast<std::uint32_t>(LexClass::Organisation);
  CHECK((lex.classes("WHO") & org) != 0);
  CHECK((lex.classes("who") & org) == 0);
  CHECK((lex.classes("Who") & org) == 0);
  CHECK((lex.classes("the World Bank") & org) != 0);
}

TEST_CASE("lexicon entries may be in several lists; the highest rank gives the value") {
  const Lexicon lex = Lexicon::from_tsv(write_fixture());
  CHECK(lex.city_country("Paris") == "France");
  CHECK(lex.is_city("st. petersburg"));
  CHECK(lex.is_gpe("Georgia"));
  CHECK(lex.is_subdivision("Georgia"));
  CHECK(lex.country("Georgia") == "Georgia");
  CHECK(lex.value(LexClass::Subdivision, "Georgia") == "United States");
  CHECK(lex.is_given_name("Jordan"));
  CHECK(lex.country("Jordan") == "Jordan");
  CHECK((lex.classes("Jordan") & static_cast<std::uint32_t>(LexClass::City)) == 0);
  CHECK(lex.is_org_suffix("Inc"));
  CHECK(lex.is_org_suffix("parliament"));
  CHECK_FALSE(lex.is_org_suffix("Mark"));
  CHECK(lex.is_role_noun("Secretary General"));
  CHECK(lex.is_honorific("Mr."));
  CHECK(lex.month("Jan.") == 1);
  CHECK(lex.month("Mark") == 0);
  CHECK(lex.weekday("monday") == 1);
}

TEST_CASE("lexicon longest_match finds multi-word entries at the front of a token run") {
  const Lexicon lex = Lexicon::from_tsv(write_fixture());
  const std::array<std::string_view, 4> words{"Secretary", "General", "Mark", "Rutte"};
  CHECK(lex.longest_match(LexClass::RoleNoun, words) == 2);
  CHECK(lex.longest_match(LexClass::GivenName, std::span(words).subspan(2)) == 1);
  CHECK(lex.longest_match(LexClass::Country, words) == 0);
  CHECK(lex.longest_match(LexClass::RoleNoun, words, 1) == 0);
}

TEST_CASE("lexicon files round-trip and corrupt files are refused") {
  const Lexicon lex = Lexicon::from_tsv(write_fixture());
  const std::string path = temp_path("lexicon.ngm");
  lex.save(path);
  const Lexicon back = Lexicon::load(path);
  CHECK(back.fingerprint() == lex.fingerprint());
  CHECK(back.size() == lex.size());
  CHECK(back.country("Russian Federation") == "Russia");
  CHECK(back.country_demonym("Russia") == "Russian");
  CHECK(back.city_country("Paris") == "France");
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(60);
    f.put('\x7f');
  }
  CHECK_THROWS_AS(Lexicon::load(path), Error);
  CHECK_THROWS_AS(Lexicon::load(temp_path("missing.ngm")), Error);
  std::remove(path.c_str());
}

TEST_CASE("lexicon sources with bad lines are refused with the line number") {
  const std::string path = temp_path("bad.tsv");
  {
    std::ofstream out(path);
    out << "Country\tFrance\tFrance\nPlanet\tMars\t\n";
  }
  try {
    (void)Lexicon::from_tsv(path);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    CHECK(e.where().line == 2u);
  }
  CHECK(Lexicon().country("France").empty());
  std::remove(path.c_str());
}
