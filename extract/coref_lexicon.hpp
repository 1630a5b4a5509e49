#pragma once
// Private helper of the resolve and quotes stages (not part of the public API):
// small closed word lists for coreference - pronouns, honorifics, given-name
// gender, role nouns and the nouns that refer back to organisations - and a few
// token helpers. All lookups are on ASCII-lower-cased words, never throw, and are
// safe to call from many threads (the tables are immutable function-local statics).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/model.hpp"

namespace newsgraph::coref {

/// ASCII lower-casing; other bytes are copied unchanged. A typographic apostrophe
/// (U+2019) becomes "'" so that "Rutte’s" and "Rutte's" compare equal.
std::string lower_ascii(std::string_view s);

/// Lower-cased forms (lower_ascii) of every token, in one buffer: `words[i]` views
/// the form of token i. Built once per document by each stage that needs it.
struct LowerForms {
  std::string buf;
  std::vector<std::string_view> words;
  void build(const std::vector<Token>& tokens);
};

/// True when the word starts with an ASCII capital or a non-ASCII byte (a letter of
/// another script is treated as a capital: names such as "Østergård").
bool starts_upper(std::string_view form);

/// True when every ASCII letter of the word is a capital and it has at least two.
bool is_all_caps(std::string_view form);

/// True for punctuation-only tokens.
bool is_punct(std::string_view form);

enum class Gender : std::uint8_t { Unknown, Male, Female };

/// Gender of a common given name ("mark" -> Male), Unknown when not listed or unisex.
Gender given_name_gender(std::string_view lower);

/// True for courtesy titles written before a name: "mr", "mr.", "dr", "prof", "sir".
bool is_honorific(std::string_view lower);
/// Male for "mr", "sir", "lord"; Female for "mrs", "ms", "miss", "lady", "madam".
Gender honorific_gender(std::string_view lower);

enum class PronounCase : std::uint8_t { Subject, Object, Possessive, Reflexive };

/// What a personal pronoun says about its referent.
struct PronounInfo {
  int person = 3;          ///< 1, 2 or 3
  bool plural = false;
  Gender gender = Gender::Unknown;
  bool neuter = false;     ///< it / its / itself
  PronounCase pcase = PronounCase::Subject;
};

/// The pronoun's features, or nullptr when `lower` is not a personal pronoun.
/// "her" is listed as possessive (it is also the object form).
const PronounInfo* pronoun_info(std::string_view lower);

/// A role noun phrase recognised at a position: "secretary general", "prime minister",
/// "head". `key` is canonical ("secretary-general" -> "secretary general").
struct RoleMatch {
  std::string key;
  std::uint32_t length = 0;   ///< tokens consumed
  bool leader = false;        ///< heads an organisation or state (president, chief, ...)
  bool generic = false;       ///< "head", "chief", "leader", "boss": any leader role
  Gender gender = Gender::Unknown;
};

/// Longest role phrase starting at `lower[i]` and ending before `end`. The words must
/// be lower-cased forms of consecutive tokens.
std::optional<RoleMatch> match_role(const std::vector<std::string_view>& lower, std::size_t i, std::size_t end);

/// True when the role `have` (as learnt from a title) satisfies the role noun `want`:
/// equal keys, or `want` generic and `have` a leader role, or "minister" for any
/// "<x> minister".
bool role_satisfies(const RoleMatch& want, std::string_view have_key, bool have_leader);

/// Nouns that can refer back to an organisation ("alliance", "company", "bloc").
bool is_org_nominal(std::string_view lower);
/// True when the organisation named `name` (any case) may be called "the <noun>":
/// the noun is one of its words, or its name belongs to the noun's category
/// ("North Atlantic Treaty Organization" or "NATO" is an alliance, "... Inc" a company).
bool org_accepts_nominal(std::string_view name, std::string_view lower_noun);

/// Nouns that can refer back to a country: "country", "nation".
bool is_country_nominal(std::string_view lower);

bool is_preposition(std::string_view lower);
/// Articles, demonstratives and quantifiers that open a noun phrase.
bool is_determiner(std::string_view lower);
/// Legal-form words that end company names: "inc", "corp", "ltd", "plc", "co".
bool is_corporate_suffix(std::string_view lower);
/// Words left out of acronyms: "of", "the", "and", "for", "&", "on", "in".
bool is_acronym_stopword(std::string_view lower);
/// The kind of storm written before its name: "hurricane", "typhoon", "cyclone", "storm".
bool is_storm_kind(std::string_view lower);
/// A word qualifying that kind: "tropical" (storm), "super" (typhoon).
bool is_storm_qualifier(std::string_view lower);
/// Name suffixes ignored when comparing surnames: "jr", "jr.", "sr", "ii", "iii".
bool is_name_suffix(std::string_view lower);
/// Adverbs, auxiliaries and negation that may stand between a subject and its verb
/// ("Rutte also said", "he has repeatedly warned").
bool is_verb_modifier(std::string_view lower);
/// Weekdays and relative time words that may follow "on"/"last" between a subject
/// and its verb ("Rutte on Monday said").
bool is_time_word(std::string_view lower);

/// True when the token is a finite verb or auxiliary by its XPOS (VBD, VBZ, VBP, MD),
/// or, when untagged, a common finite auxiliary form ("is", "was", "will", "has").
bool looks_finite(const Token& t);

/// True when the sentence has a dependency parse (no token with head == -2).
bool is_parsed(const AnnotatedDocument& doc, const Sentence& s);

/// Merges `added` into doc.mentions, keeps them sorted by (span, kind) and rebuilds
/// every Entity::mentions list so that indices stay valid and ascending.
void insert_mentions(AnnotatedDocument& doc, std::vector<Mention> added);

}  // namespace newsgraph::coref
