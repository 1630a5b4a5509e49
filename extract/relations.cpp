#include "extract/relations.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "extract/dates.hpp"
#include "extract/doc_edit.hpp"
#include "extract/lexicon.hpp"
#include "graph/error.hpp"

namespace newsgraph {
namespace {

// ---------------------------------------------------------------------------
// Word lists. Closed and small on purpose: every entry is a pattern we trust.

enum class Cat : std::uint8_t {
  None,
  Office,      // holdsPosition: president, secretary general, CEO
  Employee,    // worksFor: spokesman, official, engineer
  Member,      // memberOf: member, MP
  Ally,        // supports: ally, partner, backer
  Descriptor,  // nationality only (with a demonym): dictator, journalist, businessman
  Place,       // locatedIn: city, region, capital
  Part,        // partOf: subsidiary, division, part
  OrgNoun,     // headquarteredIn with "based in": company, firm
};

struct RoleKey {
  std::string_view key;
  Cat cat;
};

// Multi-word keys are matched before their last word alone.
constexpr RoleKey kRoles[] = {
    // Offices.
    {"president", Cat::Office}, {"vice president", Cat::Office}, {"vice-president", Cat::Office},
    {"president-elect", Cat::Office}, {"prime minister", Cat::Office}, {"premier", Cat::Office},
    {"chancellor", Cat::Office}, {"minister", Cat::Office}, {"secretary", Cat::Office},
    {"secretary general", Cat::Office}, {"secretary-general", Cat::Office}, {"general secretary", Cat::Office},
    {"secretary of state", Cat::Office}, {"chairman", Cat::Office}, {"chairwoman", Cat::Office},
    {"chairperson", Cat::Office}, {"chair", Cat::Office}, {"ceo", Cat::Office}, {"chief executive", Cat::Office},
    {"chief executive officer", Cat::Office}, {"cfo", Cat::Office}, {"coo", Cat::Office}, {"cto", Cat::Office},
    {"managing director", Cat::Office}, {"director", Cat::Office}, {"director general", Cat::Office},
    {"director-general", Cat::Office}, {"head", Cat::Office}, {"leader", Cat::Office}, {"chief", Cat::Office},
    {"commander", Cat::Office}, {"commander-in-chief", Cat::Office}, {"governor", Cat::Office},
    {"mayor", Cat::Office}, {"senator", Cat::Office}, {"congressman", Cat::Office},
    {"congresswoman", Cat::Office}, {"ambassador", Cat::Office}, {"envoy", Cat::Office}, {"king", Cat::Office},
    {"queen", Cat::Office}, {"emperor", Cat::Office}, {"monarch", Cat::Office}, {"pope", Cat::Office},
    {"speaker", Cat::Office}, {"attorney general", Cat::Office}, {"chief justice", Cat::Office},
    {"commissioner", Cat::Office}, {"high representative", Cat::Office}, {"coach", Cat::Office},
    {"manager", Cat::Office}, {"captain", Cat::Office}, {"owner", Cat::Office}, {"founder", Cat::Office},
    {"co-founder", Cat::Office}, {"editor", Cat::Office}, {"editor-in-chief", Cat::Office},
    {"publisher", Cat::Office}, {"rector", Cat::Office}, {"dean", Cat::Office}, {"chief of staff", Cat::Office},
    {"supreme leader", Cat::Office}, {"ombudsman", Cat::Office}, {"archbishop", Cat::Office},
    {"patriarch", Cat::Office}, {"spymaster", Cat::Office}, {"boss", Cat::Office},
    // Employees.
    {"spokesman", Cat::Employee}, {"spokeswoman", Cat::Employee}, {"spokesperson", Cat::Employee},
    {"press secretary", Cat::Employee}, {"official", Cat::Employee}, {"employee", Cat::Employee},
    {"staffer", Cat::Employee}, {"aide", Cat::Employee}, {"adviser", Cat::Employee}, {"advisor", Cat::Employee},
    {"engineer", Cat::Employee}, {"analyst", Cat::Employee}, {"economist", Cat::Employee},
    {"researcher", Cat::Employee}, {"correspondent", Cat::Employee}, {"reporter", Cat::Employee},
    {"journalist", Cat::Employee}, {"professor", Cat::Employee}, {"lecturer", Cat::Employee},
    {"diplomat", Cat::Employee}, {"negotiator", Cat::Employee}, {"executive", Cat::Employee},
    {"representative", Cat::Employee}, {"investigator", Cat::Employee}, {"prosecutor", Cat::Employee},
    {"scientist", Cat::Employee}, {"strategist", Cat::Employee}, {"consultant", Cat::Employee},
    // Members.
    {"member", Cat::Member}, {"mp", Cat::Member}, {"lawmaker", Cat::Member}, {"legislator", Cat::Member},
    {"member of parliament", Cat::Member}, {"player", Cat::Member}, {"striker", Cat::Member},
    {"midfielder", Cat::Member}, {"defender", Cat::Member}, {"goalkeeper", Cat::Member},
    // Allies.
    {"ally", Cat::Ally}, {"partner", Cat::Ally}, {"backer", Cat::Ally}, {"supporter", Cat::Ally},
    // Descriptors: a demonym before them states a nationality, nothing more.
    {"dictator", Cat::Descriptor}, {"autocrat", Cat::Descriptor}, {"strongman", Cat::Descriptor},
    {"citizen", Cat::Descriptor}, {"national", Cat::Descriptor}, {"businessman", Cat::Descriptor},
    {"businesswoman", Cat::Descriptor}, {"billionaire", Cat::Descriptor}, {"tycoon", Cat::Descriptor},
    {"oligarch", Cat::Descriptor}, {"activist", Cat::Descriptor}, {"dissident", Cat::Descriptor},
    {"writer", Cat::Descriptor}, {"author", Cat::Descriptor}, {"novelist", Cat::Descriptor},
    {"poet", Cat::Descriptor}, {"artist", Cat::Descriptor}, {"actor", Cat::Descriptor},
    {"actress", Cat::Descriptor}, {"singer", Cat::Descriptor}, {"musician", Cat::Descriptor},
    {"rapper", Cat::Descriptor}, {"composer", Cat::Descriptor}, {"painter", Cat::Descriptor},
    {"filmmaker", Cat::Descriptor}, {"athlete", Cat::Descriptor}, {"footballer", Cat::Descriptor},
    {"cyclist", Cat::Descriptor}, {"swimmer", Cat::Descriptor}, {"boxer", Cat::Descriptor},
    {"politician", Cat::Descriptor}, {"opposition leader", Cat::Descriptor}, {"blogger", Cat::Descriptor},
    {"soldier", Cat::Descriptor}, {"pilot", Cat::Descriptor}, {"astronaut", Cat::Descriptor},
    {"cosmonaut", Cat::Descriptor}, {"student", Cat::Descriptor}, {"tourist", Cat::Descriptor},
    {"man", Cat::Descriptor}, {"woman", Cat::Descriptor}, {"explorer", Cat::Descriptor},
    {"philosopher", Cat::Descriptor}, {"historian", Cat::Descriptor}, {"entrepreneur", Cat::Descriptor},
    {"tennis player", Cat::Descriptor}, {"chess player", Cat::Descriptor}, {"climber", Cat::Descriptor},
    // Places.
    {"city", Cat::Place}, {"town", Cat::Place}, {"village", Cat::Place}, {"capital", Cat::Place},
    {"region", Cat::Place}, {"province", Cat::Place}, {"state", Cat::Place}, {"county", Cat::Place},
    {"district", Cat::Place}, {"island", Cat::Place}, {"port", Cat::Place}, {"municipality", Cat::Place},
    {"suburb", Cat::Place}, {"neighbourhood", Cat::Place}, {"neighborhood", Cat::Place},
    {"oblast", Cat::Place}, {"prefecture", Cat::Place}, {"territory", Cat::Place}, {"country", Cat::Place},
    {"port city", Cat::Place}, {"resort", Cat::Place}, {"settlement", Cat::Place},
    // Parts.
    {"part", Cat::Part}, {"subsidiary", Cat::Part}, {"division", Cat::Part}, {"unit", Cat::Part},
    {"branch", Cat::Part}, {"arm", Cat::Part}, {"affiliate", Cat::Part}, {"department", Cat::Part},
    // Organisation nouns.
    {"company", Cat::OrgNoun}, {"firm", Cat::OrgNoun}, {"group", Cat::OrgNoun}, {"organisation", Cat::OrgNoun},
    {"organization", Cat::OrgNoun}, {"bank", Cat::OrgNoun}, {"manufacturer", Cat::OrgNoun},
    {"maker", Cat::OrgNoun}, {"carmaker", Cat::OrgNoun}, {"airline", Cat::OrgNoun},
    {"retailer", Cat::OrgNoun}, {"startup", Cat::OrgNoun}, {"start-up", Cat::OrgNoun},
    {"newspaper", Cat::OrgNoun}, {"broadcaster", Cat::OrgNoun}, {"charity", Cat::OrgNoun},
    {"agency", Cat::OrgNoun}, {"operator", Cat::OrgNoun}, {"producer", Cat::OrgNoun},
    {"giant", Cat::OrgNoun}, {"conglomerate", Cat::OrgNoun}, {"university", Cat::OrgNoun},
    {"club", Cat::OrgNoun}, {"team", Cat::OrgNoun}, {"think tank", Cat::OrgNoun},
};

// Words that may stand inside a title before its head: "former", "Foreign" Minister.
constexpr std::string_view kTitleModifiers[] = {
    "former", "acting", "interim", "deputy", "vice", "then", "outgoing", "incoming", "new", "current",
    "longtime", "top", "senior", "chief", "first", "foreign", "defence", "defense", "finance", "interior",
    "health", "economy", "economic", "justice", "education", "energy", "trade", "home", "agriculture",
    "environment", "transport", "labour", "labor", "culture", "sports", "digital", "security", "press",
    "executive", "general", "assistant", "associate", "principal", "lead", "junior", "permanent", "state",
    "communications", "development", "infrastructure", "migration", "emergency", "army", "military",
    "armed", "forces", "navy", "air", "force", "national", "regional", "opposition", "party", "union",
    "team", "club", "company", "government", "white", "house", "kremlin", "ministry", "alliance", "bloc",
    "former-", "ex", "ex-", "self-proclaimed", "de", "facto"};

// Modifiers that add nothing to a role's name and are left out of it.
constexpr std::string_view kDroppedModifiers[] = {"current", "new", "incumbent", "sitting", "top"};

constexpr std::string_view kTimeQualifiers[] = {"former", "acting", "interim", "then", "outgoing", "incoming",
                                                "ex", "ex-", "de", "facto", "self-proclaimed"};

// Event nouns that, qualified by an organiser, a place or a date, name an event.
constexpr std::string_view kEventNouns[] = {
    // Not "congress", "assembly", "convention", "forum", "session": mostly bodies and treaties.
    "summit", "conference", "meeting", "talks", "negotiations",
    "election", "elections", "referendum", "olympics", "games", "championship", "championships",
    "tournament", "festival", "ceremony", "rally", "protest", "protests", "parade", "exhibition",
    "expo", "hearing", "debate", "visit", "trial", "inauguration", "funeral",
    "celebrations", "commemoration", "exercise", "exercises", "drills", "gathering"};

// Group nouns that, after an organisation, mean its member states.
// ("members" and "allies" are left out: "Hamas members" are people, "Kremlin allies" not members.)
constexpr std::string_view kMemberGroups[] = {"countries", "nations", "states", "member states",
                                              "member countries", "member nations", "member-states"};

// Nouns for allies that, after a possessive, mean the allies of its owner.
constexpr std::string_view kAllyGroups[] = {"allies", "partners", "backers", "supporters", "friends"};

// Built-in demonyms, used when no lexicon is given or it lacks an entry.
constexpr std::pair<std::string_view, std::string_view> kDemonyms[] = {
    {"afghan", "Afghanistan"}, {"albanian", "Albania"}, {"algerian", "Algeria"}, {"american", "United States"},
    {"argentine", "Argentina"}, {"argentinian", "Argentina"}, {"armenian", "Armenia"},
    {"australian", "Australia"}, {"austrian", "Austria"}, {"azerbaijani", "Azerbaijan"},
    {"bangladeshi", "Bangladesh"}, {"belarusian", "Belarus"}, {"belgian", "Belgium"}, {"bolivian", "Bolivia"},
    {"bosnian", "Bosnia and Herzegovina"}, {"brazilian", "Brazil"}, {"british", "United Kingdom"},
    {"bulgarian", "Bulgaria"}, {"cambodian", "Cambodia"}, {"canadian", "Canada"}, {"chilean", "Chile"},
    {"chinese", "China"}, {"colombian", "Colombia"}, {"croatian", "Croatia"}, {"cuban", "Cuba"},
    {"cypriot", "Cyprus"}, {"czech", "Czechia"}, {"danish", "Denmark"}, {"dutch", "Netherlands"},
    {"ecuadorian", "Ecuador"}, {"egyptian", "Egypt"}, {"emirati", "United Arab Emirates"},
    {"english", "United Kingdom"}, {"estonian", "Estonia"}, {"ethiopian", "Ethiopia"}, {"filipino", "Philippines"},
    {"finnish", "Finland"}, {"french", "France"}, {"georgian", "Georgia"}, {"german", "Germany"},
    {"ghanaian", "Ghana"}, {"greek", "Greece"}, {"hungarian", "Hungary"}, {"icelandic", "Iceland"},
    {"indian", "India"}, {"indonesian", "Indonesia"}, {"iranian", "Iran"}, {"iraqi", "Iraq"},
    {"irish", "Ireland"}, {"israeli", "Israel"}, {"italian", "Italy"}, {"japanese", "Japan"},
    {"jordanian", "Jordan"}, {"kazakh", "Kazakhstan"}, {"kenyan", "Kenya"}, {"korean", "South Korea"},
    {"kosovar", "Kosovo"}, {"kuwaiti", "Kuwait"}, {"latvian", "Latvia"}, {"lebanese", "Lebanon"},
    {"libyan", "Libya"}, {"lithuanian", "Lithuania"}, {"malaysian", "Malaysia"}, {"mexican", "Mexico"},
    {"moldovan", "Moldova"}, {"mongolian", "Mongolia"}, {"moroccan", "Morocco"}, {"nepalese", "Nepal"},
    {"nigerian", "Nigeria"}, {"norwegian", "Norway"}, {"pakistani", "Pakistan"}, {"palestinian", "Palestine"},
    {"peruvian", "Peru"}, {"polish", "Poland"}, {"portuguese", "Portugal"}, {"qatari", "Qatar"},
    {"romanian", "Romania"}, {"russian", "Russia"}, {"saudi", "Saudi Arabia"}, {"scottish", "United Kingdom"},
    {"serbian", "Serbia"}, {"singaporean", "Singapore"}, {"slovak", "Slovakia"}, {"slovenian", "Slovenia"},
    {"somali", "Somalia"}, {"spanish", "Spain"}, {"sudanese", "Sudan"}, {"swedish", "Sweden"},
    {"swiss", "Switzerland"}, {"syrian", "Syria"}, {"taiwanese", "Taiwan"}, {"thai", "Thailand"},
    {"tunisian", "Tunisia"}, {"turkish", "Turkey"}, {"ugandan", "Uganda"}, {"ukrainian", "Ukraine"},
    {"uruguayan", "Uruguay"}, {"uzbek", "Uzbekistan"}, {"venezuelan", "Venezuela"},
    {"vietnamese", "Vietnam"}, {"welsh", "United Kingdom"}, {"yemeni", "Yemen"}, {"zimbabwean", "Zimbabwe"},
    {"north korean", "North Korea"}, {"south korean", "South Korea"}, {"south african", "South Africa"},
    {"new zealand", "New Zealand"}, {"u.s.", "United States"}, {"us", "United States"},
    {"u.k.", "United Kingdom"}, {"uk", "United Kingdom"}};

// Verbs whose subject-object link has a predicate of its own. `prep` is the
// preposition or particle that must link the object ("" = direct object).
struct VerbRule {
  std::string_view lemma;
  std::string_view prep;
  std::string_view predicate;
  bool needs_xcomp = false;  // "asked X to ...": only with a following infinitive
};
constexpr VerbRule kVerbRules[] = {
    {"tell", "", "addressed"}, {"address", "", "addressed"}, {"brief", "", "addressed"},
    {"inform", "", "addressed"}, {"warn", "", "addressed"}, {"speak", "to", "addressed"},
    {"talk", "to", "addressed"}, {"say", "to", "addressed"}, {"write", "to", "addressed"},
    {"call", "on", "calledOn"}, {"call", "upon", "calledOn"}, {"urge", "", "calledOn"},
    {"implore", "", "calledOn"}, {"appeal", "to", "calledOn"}, {"ask", "", "calledOn", true},
    {"press", "", "calledOn", true}, {"encourage", "", "calledOn", true},
    {"meet", "", "met"}, {"meet", "with", "met"}, {"talk", "with", "met"}, {"confer", "with", "met"},
    {"accuse", "", "accused"}, {"criticise", "", "accused"}, {"criticize", "", "accused"},
    {"condemn", "", "accused"}, {"blame", "", "accused"}, {"denounce", "", "accused"},
    {"slam", "", "accused"}, {"rebuke", "", "accused"}, {"censure", "", "accused"},
    {"support", "", "supports"}, {"back", "", "supports"}, {"endorse", "", "supports"},
    {"side", "with", "supports"}, {"stand", "with", "supports"}, {"ally", "with", "supports"},
    {"announce", "", "announced"}, {"unveil", "", "announced"},
    {"join", "", "memberOf"}, {"work", "for", "worksFor"}, {"work", "at", "worksFor"},
    {"attend", "", "participatedIn"}, {"participate", "in", "participatedIn"},
    {"host", "", "hosted"}, {"organise", "", "eventOrganizer"}, {"organize", "", "eventOrganizer"},
    {"convene", "", "eventOrganizer"}, {"head", "", "holdsPosition"},
    {"chair", "", "holdsPosition"}};

// Verbs too light or too generic for an open relation: "X was in Y", "X said in Y".
constexpr std::string_view kLightVerbs[] = {"be", "have", "do", "say", "add", "note", "state", "write", "speak",
                                            "report", "according", "get", "go", "come", "make", "become"};

constexpr std::string_view kLocalPronouns[] = {"i", "me", "my", "mine", "myself", "you", "your", "yours",
                                               "yourself", "we", "us", "our", "ours", "ourselves", "yourselves"};

constexpr std::string_view kModals[] = {"may", "might", "could", "would", "should", "must", "can",
                                        "ought", "shall", "'d", "wo", "ca"};
constexpr std::string_view kNegations[] = {"not", "n't", "never", "no", "neither", "nor", "hardly"};
// Verbs whose infinitive complement is not asserted: "plans to meet", "refused to join".
constexpr std::string_view kNonFactiveControl[] = {
    "want", "plan", "hope", "intend", "expect", "seek", "try", "threaten", "aim", "propose", "offer",
    "refuse", "fail", "decline", "wish", "consider", "prepare", "promise", "vow", "pledge", "need",
    "like", "prefer", "attempt", "ask", "urge", "call", "be", "deny", "reject"};

template <class Range>
bool contains(const Range& r, std::string_view w) {
  return std::find(std::begin(r), std::end(r), w) != std::end(r);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_cap(std::string_view s) { return !s.empty() && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] & 0x80)); }

bool is_alpha_word(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) return false;
  return true;
}

std::string title_case(std::string_view w) {
  std::string out = lower(w);
  if (contains(kTimeQualifiers, out) || out == "of" || out == "for" || out == "in") return out;
  // Acronym roles stay upper-case: CEO, MP.
  if (out == "ceo" || out == "cfo" || out == "coo" || out == "cto" || out == "mp") {
    for (char& ch : out) ch = static_cast<char>(ch - 'a' + 'A');
    return out;
  }
  bool start = true;
  for (char& ch : out) {
    if (start && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    start = ch == ' ' || ch == '-';
  }
  return out;
}

const std::unordered_map<std::string_view, Cat>& role_table() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, Cat>();
    for (const RoleKey& r : kRoles) t->emplace(r.key, r.cat);
    return t;
  }();
  return *table;
}

Cat role_cat(std::string_view key) {
  const auto& t = role_table();
  auto it = t.find(key);
  if (it != t.end()) return it->second;
  // Plural offices never name one person; singular only. "ministers" is not a match.
  return Cat::None;
}

// ---------------------------------------------------------------------------

struct Ctx;

// One relation candidate before indices are final.
struct Rel {
  int subject;
  std::string predicate;
  int object;
  std::string role;
  std::string lemma;
  Span evidence;
  std::uint32_t sentence;
  double confidence;
};

struct Ctx {
  AnnotatedDocument& doc;
  const Lexicon* lex;
  std::vector<std::string> low;       // lower-cased forms
  std::vector<int> tok_mention;       // token -> mention with an entity, or -1
  std::vector<int> longest_from;      // token -> longest non-pronoun mention starting there
  std::vector<std::uint32_t> tok_sentence;
  std::vector<char> in_quote;         // token lies inside a quotation's content
  std::vector<Relation> out;
  // Lower-cased names and aliases -> entity indices (ascending).
  std::unordered_map<std::string, std::vector<int>> by_name;

  Ctx(AnnotatedDocument& d, const Lexicon* l) : doc(d), lex(l) {}

  const Token& tok(std::size_t i) const { return doc.tokens[i]; }
  std::string_view lemma(std::size_t i) const {
    return doc.tokens[i].lemma.empty() ? std::string_view(low[i]) : std::string_view(doc.tokens[i].lemma);
  }
  const Sentence& sent_of(std::size_t i) const { return doc.sentences[tok_sentence[i]]; }
  int mention_at(std::size_t i) const { return i < tok_mention.size() ? tok_mention[i] : -1; }
  // A mention by name or description, not a pronoun ("its election" has no organiser).
  int named_at(std::size_t i) const {
    const int m = mention_at(i);
    return m >= 0 && doc.mentions[static_cast<std::size_t>(m)].kind != MentionKind::Pronoun ? m : -1;
  }
  int entity_at(std::size_t i) const {
    const int m = mention_at(i);
    return m < 0 ? -1 : doc.mentions[static_cast<std::size_t>(m)].entity;
  }
  EntityType etype(int e) const { return doc.entities[static_cast<std::size_t>(e)].type; }

  void index_names() {
    by_name.clear();
    for (std::size_t e = 0; e < doc.entities.size(); ++e) {
      by_name[lower(doc.entities[e].name)].push_back(static_cast<int>(e));
      for (const std::string& a : doc.entities[e].aliases) by_name[lower(a)].push_back(static_cast<int>(e));
    }
  }

  // A mention whose sentence and tokens agree with the document (earlier stages
  // guarantee it; a hand-built or corrupted document must not crash this stage).
  bool valid(const Mention& m) const {
    if (m.sentence >= doc.sentences.size() || m.token_begin >= m.token_end || m.token_end > doc.tokens.size())
      return false;
    const Sentence& s = doc.sentences[m.sentence];
    return s.token_begin <= m.token_begin && m.token_end <= s.token_end && m.entity >= 0 &&
           static_cast<std::size_t>(m.entity) < doc.entities.size();
  }

  void map_tokens() {
    tok_mention.assign(doc.tokens.size(), -1);
    longest_from.assign(doc.tokens.size(), -1);
    for (std::size_t m = 0; m < doc.mentions.size(); ++m) {
      const Mention& mm = doc.mentions[m];
      if (!valid(mm)) continue;
      if (mm.kind != MentionKind::Pronoun) {
        int& l = longest_from[mm.token_begin];
        if (l < 0 || doc.mentions[static_cast<std::size_t>(l)].token_end < mm.token_end) l = static_cast<int>(m);
      }
      for (std::uint32_t t = mm.token_begin; t < mm.token_end; ++t) {
        int& cur = tok_mention[t];
        if (cur < 0) {
          cur = static_cast<int>(m);
          continue;
        }
        // Prefer names to nominals and pronouns, then the longer mention.
        const Mention& c = doc.mentions[static_cast<std::size_t>(cur)];
        const bool better = (mm.kind == MentionKind::Name && c.kind != MentionKind::Name) ||
                            (mm.kind == c.kind && mm.token_end - mm.token_begin > c.token_end - c.token_begin);
        if (better) cur = static_cast<int>(m);
      }
    }
  }

  // The country a demonym token names ("Russian" -> "Russia"), or "".
  std::string demonym_country(std::size_t i) const {
    const std::string& f = doc.tokens[i].form;
    if (!is_cap(f)) return {};
    if (lex) {
      const std::string_view c = lex->demonym_country(f);
      // Plural demonyms name people ("Russians"), not an adjective for a country.
      if (!c.empty() && !(f.size() > 1 && f.back() == 's' && lower(f) != "swiss")) return std::string(c);
    }
    for (const auto& [k, v] : kDemonyms)
      if (k == low[i] && k != "us" && k != "uk" && k != "u.s." && k != "u.k.") return std::string(v);
    return {};
  }

  bool is_country_name(std::string_view name) const {
    if (lex && !lex->country(name).empty()) return true;
    const std::string l = lower(name);
    for (const auto& [k, v] : kDemonyms)
      if (lower(v) == l) return true;
    return false;
  }

  bool is_region_name(std::string_view name) const {  // country or first-level subdivision
    return is_country_name(name) || (lex && lex->is_subdivision(name));
  }

  // An entity of one of `types` named `name` (name or alias, any case), or -1.
  int find_named(std::string_view name, std::initializer_list<EntityType> types) const {
    auto it = by_name.find(lower(name));
    if (it == by_name.end()) return -1;
    for (int e : it->second)
      for (EntityType t : types)
        if (etype(e) == t) return e;
    return -1;
  }

  // The entity of the country `country` (canonical name), found by name, alias or
  // lexicon canonical form, else created with a nominal mention on token `at`.
  int country_entity(const std::string& country, std::size_t at) {
    int e = find_named(country, {EntityType::GPE});
    if (e < 0 && lex) {
      for (std::size_t k = 0; k < doc.entities.size() && e < 0; ++k)
        if (doc.entities[k].type == EntityType::GPE && lex->country(doc.entities[k].name) == country)
          e = static_cast<int>(k);
    }
    const bool created = e < 0;
    if (created) e = ensure_entity(doc, EntityType::GPE, country);
    if (created || !has_mention_on(e, at)) {
      Mention m;
      m.span = doc.tokens[at].span;
      m.type = EntityType::GPE;
      m.kind = MentionKind::Nominal;
      m.sentence = tok_sentence[at];
      m.token_begin = static_cast<std::uint32_t>(at);
      m.token_end = static_cast<std::uint32_t>(at + 1);
      add_mention(doc, e, m);
      by_name[lower(country)].push_back(e);
    }
    return e;
  }

  bool has_mention_on(int e, std::size_t tok_index) const {
    for (std::uint32_t m : doc.entities[static_cast<std::size_t>(e)].mentions)
      if (m < doc.mentions.size() && doc.mentions[m].token_begin <= tok_index && tok_index < doc.mentions[m].token_end)
        return true;
    return false;
  }

  // Adds a nominal mention of entity `e` over tokens [b, end) unless one exists.
  void mention_tokens(int e, std::size_t b, std::size_t end, EntityType type) {
    for (std::uint32_t m : doc.entities[static_cast<std::size_t>(e)].mentions)
      if (m < doc.mentions.size() && doc.mentions[m].token_begin == b && doc.mentions[m].token_end == end) return;
    Mention m;
    m.span = Span{doc.tokens[b].span.start, doc.tokens[end - 1].span.end};
    m.type = type;
    m.kind = MentionKind::Nominal;
    m.sentence = tok_sentence[b];
    m.token_begin = static_cast<std::uint32_t>(b);
    m.token_end = static_cast<std::uint32_t>(end);
    add_mention(doc, e, m);
  }

  Span span_of(std::size_t b, std::size_t e) const {  // tokens [b, e)
    return Span{doc.tokens[b].span.start, doc.tokens[e - 1].span.end};
  }

  void add(int s, std::string_view pred, int o, std::string role, std::string lemma_, Span ev, std::uint32_t sentence,
           double conf) {
    if (s < 0 || o < 0 || s == o) return;
    if (etype(s) == EntityType::DATE && pred != "eventDate") return;
    Relation r;
    r.subject = s;
    r.predicate = std::string(pred);
    r.object = o;
    r.role = std::move(role);
    r.lemma = std::move(lemma_);
    r.evidence = ev;
    r.sentence = sentence;
    r.confidence = conf;
    out.push_back(std::move(r));
  }
};

// The country of a demonym at token i ("Russian"), unless the token is part of a
// longer name ("Russian Orthodox Church"). A one-token mention (NORP "Russian", or
// the country mention this stage added earlier) still reads as the demonym.
std::string demonym_at(const Ctx& c, std::size_t i) {
  const int m = c.mention_at(i);
  if (m >= 0) {
    const Mention& mm = c.doc.mentions[static_cast<std::size_t>(m)];
    if (mm.token_end - mm.token_begin != 1) return {};
    const EntityType t = c.etype(mm.entity);
    if (t != EntityType::NORP && t != EntityType::GPE) return {};
  }
  return c.demonym_country(i);
}

bool is_possessive(const Ctx& c, std::size_t i) {
  return c.low[i] == "'s" || c.low[i] == "'" || c.low[i] == "\xE2\x80\x99s" || c.low[i] == "\xE2\x80\x99";
}

bool is_det(std::string_view w) {
  return w == "the" || w == "a" || w == "an" || w == "its" || w == "his" || w == "her" || w == "their" ||
         w == "our" || w == "this" || w == "that";
}

// Longest role key ending at token `last` (inclusive), not starting before `min`.
// Returns the number of tokens, 0 when none, and the category.
std::size_t role_ending_at(const Ctx& c, std::size_t last, std::size_t min, Cat& cat) {
  for (std::size_t len = 4; len >= 1; --len) {
    if (last + 1 < len || last + 1 - len < min) continue;
    const std::size_t b = last + 1 - len;
    std::string key;
    for (std::size_t k = b; k <= last; ++k) {
      if (k > b) key += ' ';
      key += c.low[k];
    }
    const Cat found = role_cat(key);
    if (found != Cat::None) {
      cat = found;
      return len;
    }
  }
  return 0;
}

// A qualifier inside a title or description: an entity, or a demonym's country.
struct Qual {
  int entity = -1;             // ORG/GPE/LOC/... entity, or -1
  std::string country;         // demonym country when entity < 0
  std::size_t token = 0;       // first token
  bool possessive = false;     // "NATO's"
  bool based = false;          // "Moscow-based"
};

// A description: "the Russian president", "NATO's secretary general",
// "a city in the Ural region of Russia", "chief executive of Apple".
struct Desc {
  Cat cat = Cat::None;
  std::string role;
  bool opposition = false;
  std::vector<Qual> quals;
  struct PP {
    std::string prep;
    int entity;
    std::size_t token;
    bool place_head;  // the NP's head was a place noun ("the Ural region")
  };
  std::vector<PP> pps;
  bool based_in = false;   // "based in" / "headquartered in" follows the head
  std::size_t begin = 0, end = 0;  // token range
};

bool is_modifier(const Ctx& c, std::size_t i) {
  const std::string& w = c.low[i];
  if (contains(kTitleModifiers, w)) return true;
  const std::string& u = c.tok(i).upos;
  return (u == "ADJ" || u == "NUM") && !is_cap(c.tok(i).form);
}

// Reads a noun phrase of entities after a preposition: "[the] [adj]* Mention [noun]*".
// Returns the entity and the token after the phrase; entity -1 when none.
// `place_head`: the phrase ends in a place noun ("the Ural region"); `modifier`: the
// entity only modifies a following common noun ("NATO allies").
std::pair<int, std::size_t> read_entity_np(Ctx& c, std::size_t i, std::size_t end, bool& place_head,
                                           bool* modifier = nullptr) {
  place_head = false;
  if (modifier) *modifier = false;
  if (i < end && is_det(c.low[i])) ++i;
  while (i < end && c.mention_at(i) < 0 && is_modifier(c, i)) ++i;
  if (i >= end) return {-1, i};
  int m = c.named_at(i);
  if (m < 0) return {-1, i};
  // A group or event phrase starting with a name ("NATO countries") is the object,
  // not the name inside it.
  if (const int l = c.longest_from[i]; l >= 0 && c.doc.mentions[static_cast<std::size_t>(l)].token_end >
                                                     c.doc.mentions[static_cast<std::size_t>(m)].token_end)
    m = l;
  const Mention& mm = c.doc.mentions[static_cast<std::size_t>(m)];
  if (mm.token_begin != i) return {-1, i};
  const int e = mm.entity;
  i = mm.token_end;
  // Trailing common nouns: "the Ural region", "NATO allies".
  while (i < end && c.mention_at(i) < 0 && !is_cap(c.tok(i).form)) {
    Cat cat = Cat::None;
    const bool place = role_ending_at(c, i, i, cat) == 1 && cat == Cat::Place;
    const bool noun = c.tok(i).upos == "NOUN" || (c.tok(i).upos.empty() && cat != Cat::None);
    if (!noun) break;
    place_head = place;
    if (modifier && !place) *modifier = true;
    ++i;
  }
  return {e, i};
}

// A person's description that coreference resolution has made a mention of the person
// ("chief executive of Microsoft" in "Satya Nadella, chief executive of Microsoft,").
// The description is what parse_desc reads, so it is read word by word rather than
// taken as one qualifier, which would leave no role and so no relation.
bool is_person_description(const Ctx& c, int m) {
  const Mention& mm = c.doc.mentions[static_cast<std::size_t>(m)];
  return mm.kind == MentionKind::Nominal && c.etype(mm.entity) == EntityType::PERSON;
}

// Parses a description starting at token i (after a comma or a copula), within
// [i, end). Returns std::nullopt unless it has a role head of a known category.
std::optional<Desc> parse_desc(Ctx& c, std::size_t i, std::size_t end) {
  Desc d;
  d.begin = i;
  if (i < end && is_det(c.low[i])) ++i;
  std::size_t head_end = i;  // one past the last role word
  std::size_t head_len = 0;
  std::vector<std::size_t> role_tokens;
  while (i < end) {
    if (std::string country = demonym_at(c, i); !country.empty()) {
      Qual q;
      q.country = std::move(country);
      q.token = i;
      d.quals.push_back(q);
      ++i;
      role_tokens.clear();
      continue;
    }
    if (const int m = c.named_at(i); m >= 0 && !is_person_description(c, m)) {
      const Mention& mm = c.doc.mentions[static_cast<std::size_t>(m)];
      // A mention may take the determiner skipped above ("the alliance's ...").
      if (mm.token_begin < i && !(mm.token_begin == d.begin && i == d.begin + 1)) return std::nullopt;
      Qual q;
      q.entity = mm.entity;
      q.token = i;
      i = mm.token_end;
      if (i < end && is_possessive(c, i)) {
        q.possessive = true;
        ++i;
        // Everything before a possessor describes the possessor: in "German Chancellor
        // Angela Merkel's spokesperson", "German" is Merkel's, not the spokesperson's.
        d.quals.clear();
      }
      if (i + 1 < end && c.low[i] == "-" && c.low[i + 1] == "based") {
        q.based = true;
        i += 2;
      } else if (i < end && c.low[i] == "based") {
        q.based = true;
        ++i;
      }
      d.quals.push_back(q);
      role_tokens.clear();
      continue;
    }
    Cat cat = Cat::None;
    // Try a role ending here, as long as possible to the right first ("chief executive").
    std::size_t best_end = 0;
    Cat best_cat = Cat::None;
    for (std::size_t last = std::min(end, i + 4); last > i; --last) {
      const std::size_t len = role_ending_at(c, last - 1, i, cat);
      if (len == last - i) {
        best_end = last;
        best_cat = cat;
        break;
      }
    }
    if (best_end > 0) {
      for (std::size_t k = i; k < best_end; ++k) role_tokens.push_back(k);
      d.cat = best_cat;
      head_end = best_end;
      head_len = best_end - i;
      i = best_end;
      continue;
    }
    if (is_modifier(c, i) && is_alpha_word(c.tok(i).form)) {
      role_tokens.push_back(i);
      ++i;
      continue;
    }
    // A common noun naming the office's field right before it: "a US peace envoy",
    // "the bank's trade representative".
    if (c.tok(i).upos == "NOUN" && !is_cap(c.tok(i).form) && is_alpha_word(c.tok(i).form) && i + 1 < end) {
      Cat next = Cat::None;
      if (role_ending_at(c, i + 1, i + 1, next) == 1) {
        role_tokens.push_back(i);
        ++i;
        continue;
      }
    }
    break;
  }
  (void)head_len;
  if (d.cat == Cat::None) return std::nullopt;
  // The role head must close the pre-modifier run: "president of X", not "president
  // Trump" (that is a premodifier pattern, handled elsewhere).
  if (head_end != i) return std::nullopt;
  for (std::size_t k : role_tokens) {
    if (k >= head_end) break;
    if (contains(kDroppedModifiers, c.low[k])) continue;
    if (!d.role.empty()) d.role += ' ';
    d.role += title_case(c.tok(k).form);
    if (c.low[k] == "opposition") d.opposition = true;
  }
  // "based in" / "headquartered in" right after an organisation noun.
  if (i + 1 < end && (c.low[i] == "based" || c.low[i] == "headquartered") && c.low[i + 1] == "in") {
    d.based_in = true;
    ++i;
  }
  // Prepositional chain: "of Russia", "in the Ural region of Russia", "for Google".
  while (i < end) {
    const std::string& p = c.low[i];
    if (p != "of" && p != "for" && p != "at" && p != "in" && p != "to" && p != "with") break;
    bool place_head = false;
    const auto [e, next] = read_entity_np(c, i + 1, end, place_head);
    if (e < 0) break;
    d.pps.push_back({p, e, i + 1, place_head});
    i = next;
  }
  d.end = i;
  return d;
}

bool is_delimiter(const Ctx& c, std::size_t i, std::size_t send) {
  if (i >= send) return true;
  const std::string& w = c.low[i];
  return w == "," || w == "." || w == ";" || w == ":" || w == ")" || w == "\xE2\x80\x94" || w == "--" ||
         w == "!" || w == "?" || w == "\xE2\x80\x93";
}

// Emits the relations a description states about `subj`.
void emit_desc(Ctx& c, int subj, const Desc& d, Span ev, std::uint32_t sentence, double conf, bool premodifier) {
  const EntityType st = c.etype(subj);
  auto qual_entity = [&](const Qual& q, std::initializer_list<EntityType> types) -> int {
    if (q.entity < 0) return -1;
    for (EntityType t : types)
      if (c.etype(q.entity) == t) return q.entity;
    return -1;
  };
  switch (d.cat) {
    case Cat::Office:
    case Cat::Employee:
    case Cat::Member: {
      if (st != EntityType::PERSON && d.cat != Cat::Member) return;
      if (d.cat == Cat::Member && st != EntityType::PERSON && st != EntityType::ORG && st != EntityType::GPE) return;
      const std::string_view pred =
          d.cat == Cat::Office ? "holdsPosition" : d.cat == Cat::Employee ? "worksFor" : "memberOf";
      bool done = false;
      // Objects of "of/for/at" come first: "secretary general of NATO".
      for (const Desc::PP& pp : d.pps) {
        if (pp.prep == "in" || pp.prep == "with") break;
        if (d.cat == Cat::Office && pp.prep == "to") {
          // "ambassador to France": the post is at France, held for the qualifier.
          continue;
        }
        const EntityType t = c.etype(pp.entity);
        if (t == EntityType::ORG || t == EntityType::GPE || (d.cat == Cat::Member && t == EntityType::NORP)) {
          c.add(subj, pred, pp.entity, d.cat == Cat::Office ? d.role : std::string(), {}, ev, sentence, conf);
          done = true;
        }
        break;  // only the first prepositional object is the organisation
      }
      for (const Qual& q : d.quals) {
        if (q.based) continue;
        if (const int e = qual_entity(q, {EntityType::ORG, EntityType::GPE}); e >= 0 && !done) {
          c.add(subj, pred, e, d.cat == Cat::Office ? d.role : std::string(), {}, ev, sentence, conf);
          done = true;
        } else if (!q.country.empty() && st == EntityType::PERSON) {
          const int ce = c.country_entity(q.country, q.token);
          c.add(subj, "nationality", ce, {}, {}, ev, sentence, conf * 0.95);
          if (!done && d.cat == Cat::Office && !d.opposition) {
            c.add(subj, pred, ce, d.role, {}, ev, sentence, conf * 0.95);
            done = true;
          }
        }
      }
      return;
    }
    case Cat::Ally: {
      for (const Desc::PP& pp : d.pps) {
        if (pp.prep == "of" || pp.prep == "to") c.add(subj, "supports", pp.entity, {}, {}, ev, sentence, conf);
        break;
      }
      for (const Qual& q : d.quals)
        if (q.entity >= 0 && q.possessive) c.add(subj, "supports", q.entity, {}, {}, ev, sentence, conf);
      return;
    }
    case Cat::Descriptor: {
      if (st != EntityType::PERSON) return;
      for (const Qual& q : d.quals)
        if (!q.country.empty()) c.add(subj, "nationality", c.country_entity(q.country, q.token), {}, {}, ev, sentence, conf);
      return;
    }
    case Cat::Place: {
      if (st != EntityType::GPE && st != EntityType::LOC && st != EntityType::ORG) return;
      if (premodifier) {
        // "the Russian city of Magnitogorsk" is handled by the caller's qualifiers only.
      }
      int prev = subj;
      for (const Desc::PP& pp : d.pps) {
        if (pp.prep != "in" && pp.prep != "of") break;
        const EntityType t = c.etype(pp.entity);
        if (t != EntityType::GPE && t != EntityType::LOC) break;
        c.add(subj, "locatedIn", pp.entity, {}, {}, ev, sentence, conf);
        if (prev != subj) c.add(prev, "locatedIn", pp.entity, {}, {}, ev, sentence, conf * 0.9);
        prev = pp.place_head || t == EntityType::GPE ? pp.entity : subj;
      }
      for (const Qual& q : d.quals) {
        if (const int e = qual_entity(q, {EntityType::GPE, EntityType::LOC}); e >= 0)
          c.add(subj, "locatedIn", e, {}, {}, ev, sentence, conf * 0.95);
        else if (!q.country.empty())
          c.add(subj, "locatedIn", c.country_entity(q.country, q.token), {}, {}, ev, sentence, conf * 0.95);
      }
      return;
    }
    case Cat::Part: {
      for (const Desc::PP& pp : d.pps) {
        if (pp.prep == "of") c.add(subj, "partOf", pp.entity, {}, {}, ev, sentence, conf);
        break;
      }
      for (const Qual& q : d.quals)
        if (q.entity >= 0 && q.possessive) c.add(subj, "partOf", q.entity, {}, {}, ev, sentence, conf);
      return;
    }
    case Cat::OrgNoun: {
      if (st != EntityType::ORG) return;
      for (const Qual& q : d.quals)
        if (const int e = qual_entity(q, {EntityType::GPE, EntityType::LOC}); e >= 0 && q.based)
          c.add(subj, "headquarteredIn", e, {}, {}, ev, sentence, conf);
      if (d.based_in && !d.pps.empty() && d.pps[0].prep == "in") {
        const EntityType t = c.etype(d.pps[0].entity);
        if (t == EntityType::GPE || t == EntityType::LOC)
          c.add(subj, "headquarteredIn", d.pps[0].entity, {}, {}, ev, sentence, conf);
      }
      return;
    }
    case Cat::None: return;
  }
}

// ---------------------------------------------------------------------------
// Pattern family 1: premodifying titles before a person's name.
//   "NATO Secretary General Mark Rutte", "Russian President Putin",
//   "former U.S. President Barack Obama", "Ukraine's President Zelensky".

void premodifier_titles(Ctx& c) {
  for (std::size_t mi = 0; mi < c.doc.mentions.size(); ++mi) {
    const Mention m = c.doc.mentions[mi];  // a copy: the patterns below may append mentions
    if (!c.valid(m)) continue;
    if (m.entity < 0 || m.kind != MentionKind::Name || m.type != EntityType::PERSON) continue;
    if (c.etype(m.entity) != EntityType::PERSON || m.token_end > c.doc.tokens.size()) continue;
    const std::size_t sb = c.doc.sentences[m.sentence].token_begin;
    // A title inside the mention ("NATO Secretary General Mark Rutte" tagged whole):
    // the name starts after the last role word that has a capitalised word after it.
    std::size_t name_start = m.token_begin;
    for (std::size_t k = m.token_begin; k + 1 < m.token_end; ++k) {
      Cat cat = Cat::None;
      if (role_ending_at(c, k, m.token_begin, cat) > 0 && cat != Cat::Place && cat != Cat::Part &&
          cat != Cat::OrgNoun)
        name_start = k + 1;
    }
    // Walk left over the title zone: roles, modifiers, demonyms, qualifier entities.
    Desc d;
    std::vector<std::size_t> role_tokens;
    std::size_t k = name_start;
    bool have_role = false;
    while (k > sb) {
      const std::size_t last = k - 1;
      Cat cat = Cat::None;
      const std::size_t len = role_ending_at(c, last, sb, cat);
      if (len > 0 && !(have_role && cat == Cat::Place)) {
        if (!have_role) d.cat = cat;
        have_role = true;
        for (std::size_t t = last + 1 - len; t <= last; ++t) role_tokens.push_back(t);
        k = last + 1 - len;
        continue;
      }
      if (std::string country = demonym_at(c, last); !country.empty() && have_role) {
        Qual qq;
        qq.country = std::move(country);
        qq.token = last;
        d.quals.push_back(qq);
        k = last;
        continue;
      }
      if (is_possessive(c, last) && last > sb) {
        const int mm = c.named_at(last - 1);
        if (mm >= 0 && have_role) {
          const Mention& q = c.doc.mentions[static_cast<std::size_t>(mm)];
          Qual qq;
          qq.entity = q.entity;
          qq.token = q.token_begin;
          qq.possessive = true;
          d.quals.push_back(qq);
          k = q.token_begin;
          break;  // nothing of the title precedes a possessive owner
        }
        break;
      }
      const int mm = c.named_at(last);
      if (mm >= 0 && static_cast<std::size_t>(mm) != mi && have_role) {
        const Mention& q = c.doc.mentions[static_cast<std::size_t>(mm)];
        if (q.token_begin < sb) break;
        Qual qq;
        qq.entity = q.entity;
        if (q.token_end > last + 1) {
          // NER swallowed the title into the organisation ("[NATO Secretary General]ORG
          // Mark Rutte"): the organisation is the part before the title, by name.
          std::string prefix;
          for (std::size_t t = q.token_begin; t <= last; ++t) {
            if (t > q.token_begin) prefix += ' ';
            prefix += c.tok(t).form;
          }
          qq.entity = c.find_named(prefix, {EntityType::ORG, EntityType::GPE});
          if (qq.entity < 0) break;
        }
        qq.token = q.token_begin;
        d.quals.push_back(qq);
        k = q.token_begin;
        continue;
      }
      if (have_role && last >= m.token_begin && mm == static_cast<int>(mi)) {
        // Inside the whole-tagged mention: an unnamed qualifier ("NATO") by name.
        const int e = c.find_named(c.tok(last).form, {EntityType::ORG, EntityType::GPE});
        if (e >= 0) {
          Qual qq;
          qq.entity = e;
          qq.token = last;
          d.quals.push_back(qq);
          k = last;
          continue;
        }
      }
      // Before a qualifier only time words belong to the title ("former U.S. President");
      // "emergency U.S. President" is not a role.
      if (have_role && c.mention_at(last) < 0 &&
          (d.quals.empty() ? contains(kTitleModifiers, c.low[last]) : contains(kTimeQualifiers, c.low[last]))) {
        role_tokens.push_back(last);
        k = last;
        continue;
      }
      break;
    }
    if (!have_role || d.cat == Cat::Place || d.cat == Cat::Part || d.cat == Cat::OrgNoun) continue;
    std::sort(role_tokens.begin(), role_tokens.end());
    for (std::size_t t : role_tokens) {
      if (contains(kDroppedModifiers, c.low[t])) continue;
      if (!d.role.empty()) d.role += ' ';
      d.role += title_case(c.tok(t).form);
      if (c.low[t] == "opposition") d.opposition = true;
    }
    std::reverse(d.quals.begin(), d.quals.end());  // text order
    const Span ev = c.span_of(k, m.token_end);
    emit_desc(c, m.entity, d, ev, m.sentence, 0.9, true);
  }
}

// ---------------------------------------------------------------------------
// Pattern family 2: appositions and copulas.
//   "Putin, the Russian president, ..."   "the Russian president, Vladimir Putin, ..."
//   "Magnitogorsk, a city in the Ural region of Russia"   "Rutte is NATO's secretary general"

bool clause_negated_or_modal(const Ctx& c, std::size_t b, std::size_t e) {
  for (std::size_t k = b; k < e; ++k)
    if (contains(kNegations, c.low[k]) || contains(kModals, c.low[k]) || c.low[k] == "if" ||
        c.low[k] == "whether" || c.low[k] == "unless")
      return true;
  return false;
}

void appositions(Ctx& c) {
  for (std::size_t mi = 0; mi < c.doc.mentions.size(); ++mi) {
    const Mention m = c.doc.mentions[mi];  // a copy: the patterns below may append mentions
    if (!c.valid(m)) continue;
    if (m.entity < 0 || m.kind == MentionKind::Pronoun || m.token_end > c.doc.tokens.size()) continue;
    const EntityType t = c.etype(m.entity);
    if (t == EntityType::DATE || t == EntityType::EVENT) continue;
    const Sentence& s = c.doc.sentences[m.sentence];
    const std::size_t sb = s.token_begin, se = s.token_end;
    const std::size_t after = m.token_end;
    // Not the object of a possessive or part of a larger name.
    if (after < se && is_possessive(c, after)) continue;

    // (a) M , DESC (, | . | end)
    if (m.kind == MentionKind::Name && after + 1 < se && c.low[after] == ",") {
      // Lists ("Russia, China, and Iran") never start with a description, but a
      // list before M ("France, Germany, Italy") must not feed one either.
      if (auto d = parse_desc(c, after + 1, se); d && is_delimiter(c, d->end, se)) {
        // A date before the comma opens the sentence, it lists nothing ("On Friday,
        // Youssef Chahed, the Prime Minister of Tunisia, signed").
        const int before = m.token_begin >= sb + 2 ? c.mention_at(m.token_begin - 2) : -1;
        const bool list_before = before >= 0 && c.low[m.token_begin - 1] == "," &&
                                 c.doc.mentions[static_cast<std::size_t>(before)].type != EntityType::DATE;
        if (!list_before) emit_desc(c, m.entity, *d, c.span_of(m.token_begin, d->end), m.sentence, 0.85, false);
      }
    }
    // (b) DESC , M (, | . | verb | end)
    if (m.kind == MentionKind::Name && m.token_begin >= sb + 2 && c.low[m.token_begin - 1] == ",") {
      const bool after_ok = after >= se || is_delimiter(c, after, se) || c.tok(after).upos == "VERB" ||
                            c.tok(after).upos == "AUX";
      const std::size_t comma = m.token_begin - 1;
      if (after_ok) {
        for (std::size_t start = comma >= sb + 8 ? comma - 8 : sb; start < comma; ++start) {
          const bool boundary = start == sb || is_det(c.low[start]) || c.low[start - 1] == "," ||
                                c.tok(start - 1).upos == "ADP" || c.tok(start - 1).upos == "VERB";
          if (!boundary) continue;
          if (auto d = parse_desc(c, start, comma); d && d->end == comma && d->cat != Cat::Place) {
            emit_desc(c, m.entity, *d, c.span_of(start, after), m.sentence, 0.85, false);
            break;
          }
        }
      }
    }
    // (c) M is/was/became DESC
    if (after + 1 < se) {
      std::size_t k = after;
      std::size_t cop = se;
      for (std::size_t steps = 0; k < se && steps < 4; ++k, ++steps) {
        const std::string_view l = c.lemma(k);
        if (l == "be" || l == "become" || l == "remain" || c.low[k] == "is" || c.low[k] == "was" ||
            c.low[k] == "became" || c.low[k] == "remains") {
          cop = k;
        } else if (cop < se) {
          break;
        } else if (!(c.low[k] == "also" || c.low[k] == "now" || c.low[k] == "currently" || c.low[k] == "has" ||
                     c.low[k] == "had" || c.low[k] == "have" || contains(kNegations, c.low[k]) ||
                     contains(kModals, c.low[k]) || c.low[k] == "will")) {
          break;
        }
      }
      if (cop < se && k < se) {
        // Subject position: sentence start, or after a clause boundary.
        const bool subj_pos = m.token_begin == sb || c.low[m.token_begin - 1] == "," ||
                              c.low[m.token_begin - 1] == "that" || c.low[m.token_begin - 1] == "and" ||
                              c.low[m.token_begin - 1] == "but" || c.low[m.token_begin - 1] == "because" ||
                              c.low[m.token_begin - 1] == "while";
        std::size_t desc_start = k;
        while (desc_start < se && (c.low[desc_start] == "also" || c.low[desc_start] == "now" ||
                                   c.low[desc_start] == "currently" || c.low[desc_start] == "still"))
          ++desc_start;
        if (subj_pos && !clause_negated_or_modal(c, after, desc_start)) {
          // "X is located/situated in Y", "X is based/headquartered in Y".
          if (desc_start + 2 < se && c.low[desc_start + 1] == "in" &&
              (c.low[desc_start] == "located" || c.low[desc_start] == "situated" || c.low[desc_start] == "based" ||
               c.low[desc_start] == "headquartered")) {
            bool ph = false;
            const auto [e, nx] = read_entity_np(c, desc_start + 2, se, ph);
            if (e >= 0 && (c.etype(e) == EntityType::GPE || c.etype(e) == EntityType::LOC)) {
              const bool hq = c.low[desc_start] == "based" || c.low[desc_start] == "headquartered";
              if (!hq || t == EntityType::ORG)
                c.add(m.entity, hq ? "headquarteredIn" : "locatedIn", e, {}, {}, c.span_of(m.token_begin, nx),
                      m.sentence, 0.85);
            }
          } else if (auto d = parse_desc(c, desc_start, se); d && (is_delimiter(c, d->end, se) ||
                                                                  c.low[d->end] == "and" || c.low[d->end] == "who" ||
                                                                  c.low[d->end] == "since" ||
                                                                  c.low[d->end] == "until")) {
            emit_desc(c, m.entity, *d, c.span_of(m.token_begin, d->end), m.sentence, 0.85, false);
          }
        }
      }
    }
    // (d) M, based/headquartered/located in Y
    if (m.kind == MentionKind::Name && after + 3 < se && c.low[after] == "," &&
        (c.low[after + 1] == "based" || c.low[after + 1] == "headquartered" || c.low[after + 1] == "located") &&
        c.low[after + 2] == "in") {
      bool ph = false;
      const auto [e, nx] = read_entity_np(c, after + 3, se, ph);
      if (e >= 0 && (c.etype(e) == EntityType::GPE || c.etype(e) == EntityType::LOC)) {
        const bool hq = c.low[after + 1] != "located";
        if (!hq || t == EntityType::ORG)
          c.add(m.entity, hq ? "headquarteredIn" : "locatedIn", e, {}, {}, c.span_of(m.token_begin, nx), m.sentence,
                0.85);
      }
    }
  }
}

// "Y-based X" before an organisation, and "City, Country".
void place_patterns(Ctx& c) {
  for (std::size_t mi = 0; mi < c.doc.mentions.size(); ++mi) {
    const Mention m = c.doc.mentions[mi];  // a copy: the patterns below may append mentions
    if (!c.valid(m)) continue;
    if (m.entity < 0 || m.kind != MentionKind::Name) continue;
    const EntityType t = c.etype(m.entity);
    if (t != EntityType::GPE && t != EntityType::LOC) continue;
    const Sentence& s = c.doc.sentences[m.sentence];
    const std::size_t se = s.token_end, sb = s.token_begin;
    std::size_t k = m.token_end;
    // "Moscow-based Gazprom", "the Paris-based agency AFP"
    if (k < se && (c.low[k] == "-" || c.low[k] == "based")) {
      if (c.low[k] == "-") ++k;
      if (k < se && c.low[k] == "based") {
        for (std::size_t j = k + 1; j < se && j <= k + 4; ++j) {
          const int e = c.entity_at(j);
          if (e >= 0) {
            if (c.etype(e) == EntityType::ORG)
              c.add(e, "headquarteredIn", m.entity, {}, {}, c.span_of(m.token_begin, c.doc.mentions[static_cast<std::size_t>(c.mention_at(j))].token_end), m.sentence, 0.85);
            break;
          }
          if (c.low[j] == "," || c.low[j] == ".") break;
        }
      }
    }
    // "Magnitogorsk, Russia": a place, a comma, and a country or state; not a list.
    k = m.token_end;
    if (k + 1 < se && c.low[k] == ",") {
      const int m2 = c.mention_at(k + 1);
      if (m2 < 0) continue;
      const Mention& n = c.doc.mentions[static_cast<std::size_t>(m2)];
      if (n.entity < 0 || n.token_begin != k + 1 || c.etype(n.entity) != EntityType::GPE) continue;
      const std::string& outer = c.doc.entities[static_cast<std::size_t>(n.entity)].name;
      const std::string& inner = c.doc.entities[static_cast<std::size_t>(m.entity)].name;
      if (!c.is_region_name(outer) || c.is_country_name(inner) || n.entity == m.entity) continue;
      const std::size_t a = n.token_end;
      const bool list_after =
          a < se && (c.low[a] == "and" || c.low[a] == "or" ||
                     (c.low[a] == "," && a + 1 < se &&
                      (c.mention_at(a + 1) >= 0 || c.low[a + 1] == "and" || c.low[a + 1] == "or")));
      const bool list_before = m.token_begin >= sb + 2 && (c.low[m.token_begin - 1] == "," ||
                                                           c.low[m.token_begin - 1] == "and") &&
                               c.mention_at(m.token_begin - 2) >= 0;
      if (list_after || list_before) continue;
      c.add(m.entity, "locatedIn", n.entity, {}, {}, c.span_of(m.token_begin, n.token_end), m.sentence, 0.8);
    }
  }
}

// ---------------------------------------------------------------------------
// Groups: "NATO countries", "EU member states" -> "<org> member states" (memberOf
// the organisation); "Kyiv's allies" -> "allies of Kyiv" (supports Kyiv); a bare
// "member states" -> the document's only member-states group.

std::size_t group_noun_at(const Ctx& c, std::size_t i, std::size_t end, bool ally_only) {
  if (i + 1 < end && c.low[i] == "member") {
    const std::string two = c.low[i] + " " + c.low[i + 1];
    if (!ally_only && contains(kMemberGroups, two)) return 2;
  }
  if (i < end && (ally_only ? contains(kAllyGroups, c.low[i]) : contains(kMemberGroups, c.low[i]))) return 1;
  return 0;
}

// ---------------------------------------------------------------------------
// Place names shared by a country and a subdivision of another country: Georgia
// the country and the US state. The document's other places decide (a city or
// state of the United States, "state of Georgia", versus Tbilisi or "Georgian");
// the state reading gets its own entity, "Georgia (United States)", and both
// readings record their country in `normalized`, so that graphs never merge the
// two across documents. Without evidence the country reading stands.
void disambiguate_places(Ctx& c) {
  if (c.lex == nullptr) return;
  const Lexicon& lex = *c.lex;
  bool renamed = false;
  for (std::size_t ei = 0; ei < c.doc.entities.size(); ++ei) {
    Entity& e = c.doc.entities[ei];
    if (e.type != EntityType::GPE && e.type != EntityType::LOC) continue;
    if (!lex.is(LexClass::Country, e.name) || !lex.is_subdivision(e.name)) continue;
    const std::string own(lex.country(e.name));
    const std::string parent(lex.value(LexClass::Subdivision, e.name));
    if (own.empty() || parent.empty() || own == parent) continue;
    int sub = 0, ctry = 0;
    for (const Entity& f : c.doc.entities) {
      if (&f == &e || (f.type != EntityType::GPE && f.type != EntityType::LOC)) continue;
      if (f.name == e.name) continue;
      // Only places inside one reading or the other count: a city or a subdivision.
      if (lex.is_city(f.name) && lex.city_country(f.name) == parent) ++sub;
      else if (lex.is_subdivision(f.name) && !lex.is(LexClass::Country, f.name) &&
               lex.value(LexClass::Subdivision, f.name) == parent)
        ++sub;
      if (lex.is_city(f.name) && lex.city_country(f.name) == own) ++ctry;
    }
    for (std::uint32_t m : e.mentions) {
      const Mention& mm = c.doc.mentions[m];
      if (!c.valid(mm)) continue;
      const std::size_t b = mm.token_begin, en = mm.token_end;
      if (b >= 2 && c.low[b - 1] == "of" && (c.low[b - 2] == "state" || c.low[b - 2] == "governor")) sub += 2;
      if (en < c.low.size() && c.low[en] == "state") sub += 2;
      if (b >= 2 && c.low[b - 1] == "of" && c.low[b - 2] == "republic") ctry += 2;
    }
    for (std::size_t t = 0; t < c.low.size(); ++t)
      if (c.doc.tokens[t].form != e.name && lex.demonym_country(c.doc.tokens[t].form) == own) ++ctry;
    if (sub > ctry) {
      e.aliases.push_back(e.name);
      e.name = e.name + " (" + parent + ")";
      e.id = make_entity_id(e.type, e.name);
      e.normalized = parent;
      renamed = true;
    } else if (e.normalized.empty()) {
      e.normalized = own;
    }
  }
  if (renamed) c.index_names();
}


void groups(Ctx& c) {
  std::vector<std::pair<std::size_t, std::size_t>> bare;  // tokens of bare "member states"
  std::vector<int> member_groups;
  for (const Sentence& s : c.doc.sentences) {
    for (std::size_t i = s.token_begin; i < s.token_end; ++i) {
      const int mi = c.named_at(i);
      if (mi >= 0) {
        // A copy: mention_tokens() below appends to doc.mentions, which may reallocate.
        const Mention m = c.doc.mentions[static_cast<std::size_t>(mi)];
        if (m.token_end != i + 1 || m.entity < 0) continue;
        const EntityType t = c.etype(m.entity);
        std::size_t j = i + 1;
        if (t == EntityType::ORG && m.kind == MentionKind::Name) {
          if (j < s.token_end && is_possessive(c, j)) ++j;
          const std::size_t len = group_noun_at(c, j, s.token_end, false);
          if (len > 0 && c.mention_at(j) < 0) {
            const std::string name = c.doc.entities[static_cast<std::size_t>(m.entity)].name + " member states";
            const int g = ensure_entity(c.doc, EntityType::ORG, name);
            c.mention_tokens(g, m.token_begin, j + len, EntityType::ORG);
            c.add(g, "memberOf", m.entity, {}, {}, c.span_of(m.token_begin, j + len), m.sentence, 0.9);
            member_groups.push_back(g);
            i = j + len - 1;
            continue;
          }
        }
        if ((t == EntityType::GPE || t == EntityType::PERSON || t == EntityType::ORG) && j < s.token_end &&
            is_possessive(c, j)) {
          const std::size_t len = group_noun_at(c, j + 1, s.token_end, true);
          if (len > 0 && c.mention_at(j + 1) < 0) {
            const std::string name = "allies of " + c.doc.entities[static_cast<std::size_t>(m.entity)].name;
            const int g = ensure_entity(c.doc, EntityType::ORG, name);
            c.mention_tokens(g, m.token_begin, j + 1 + len, EntityType::ORG);
            c.add(g, "supports", m.entity, {}, {}, c.span_of(m.token_begin, j + 1 + len), m.sentence, 0.85);
            i = j + len;
          }
        }
        continue;
      }
      // "member states of the European Union"
      if (const std::size_t len = group_noun_at(c, i, s.token_end, false); len == 2) {
        const std::size_t of = i + len;
        bool ph = false;
        if (of + 1 < s.token_end && c.low[of] == "of") {
          const auto [e, nx] = read_entity_np(c, of + 1, s.token_end, ph);
          if (e >= 0 && c.etype(e) == EntityType::ORG) {
            const std::string name = c.doc.entities[static_cast<std::size_t>(e)].name + " member states";
            const int g = ensure_entity(c.doc, EntityType::ORG, name);
            c.mention_tokens(g, i, nx, EntityType::ORG);
            c.add(g, "memberOf", e, {}, {}, c.span_of(i, nx), static_cast<std::uint32_t>(&s - c.doc.sentences.data()),
                  0.9);
            member_groups.push_back(g);
            i = nx - 1;
            continue;
          }
        }
        bare.emplace_back(i, i + 2);
      }
    }
  }
  std::sort(member_groups.begin(), member_groups.end());
  member_groups.erase(std::unique(member_groups.begin(), member_groups.end()), member_groups.end());
  if (member_groups.size() == 1)
    for (auto [b, e] : bare) c.mention_tokens(member_groups[0], b, e, EntityType::ORG);
}

// ---------------------------------------------------------------------------
// Events: "the NATO summit in Helsinki", "next week's summit", "the first summit of
// NATO allies in the Baltic Sea region in Helsinki", "the election in Peru on 5 June".

struct EventNP {
  std::size_t noun;        // the event noun token
  std::size_t begin, end;  // tokens of the phrase
  std::string noun_text;
  int organiser = -1;
  int existing = -1;       // an EVENT entity NER already found
  std::vector<int> participants;
  std::vector<int> locations;  // in preference order
  std::size_t date_begin = 0, date_end = 0;
  std::string kind;  // "presidential" election
  std::string year;  // "2020" election
};

// Adjectives that say which kind of event: part of its name.
constexpr std::string_view kEventKinds[] = {"presidential", "parliamentary", "general", "legislative", "local",
                                            "regional", "municipal", "snap", "midterm", "primary", "federal",
                                            "state", "european", "leadership", "constitutional", "independence"};

bool is_year_token(std::string_view w) {
  return w.size() == 4 && (w[0] == '1' || w[0] == '2') && std::all_of(w.begin(), w.end(), [](char ch) {
           return ch >= '0' && ch <= '9';
         });
}

// A sentence whose every head is -1 or inside it; anything else is treated as unparsed.
bool sentence_parsed(const Ctx& c, const Sentence& s) {
  const int n = static_cast<int>(s.size());
  for (std::size_t i = s.token_begin; i < s.token_end; ++i) {
    const int h = c.tok(i).head;
    if (h < -1 || h >= n) return false;
  }
  return s.token_end > s.token_begin;
}

void events(Ctx& c) {
  std::vector<EventNP> found;
  for (std::size_t si = 0; si < c.doc.sentences.size(); ++si) {
    const Sentence& s = c.doc.sentences[si];
    const bool parsed = sentence_parsed(c, s);
    for (std::size_t i = s.token_begin; i < s.token_end; ++i) {
      if (!contains(kEventNouns, c.low[i])) continue;
      EventNP ev;
      ev.noun = i;
      ev.noun_text = c.low[i];
      ev.begin = i;
      const int own = c.mention_at(i);
      if (own >= 0) {
        const Mention& m = c.doc.mentions[static_cast<std::size_t>(own)];
        if (m.entity < 0 || m.token_end != i + 1 || c.etype(m.entity) != EntityType::EVENT) continue;
        ev.existing = m.entity;
        ev.begin = m.token_begin;
      }
      // Left: organiser ("NATO summit", "NATO's summit"), place ("the Helsinki summit"),
      // date ("next week's summit"), adjectives ("the upcoming", "first").
      std::size_t k = ev.begin;
      while (ev.existing < 0 && k > s.token_begin) {
        const std::size_t last = k - 1;
        if (std::string country = demonym_at(c, last); !country.empty()) {
          // "a Russian election": the country is the place.
          ev.locations.push_back(c.country_entity(country, last));
          k = last;
          continue;
        }
        if (const int mm = c.named_at(last); mm >= 0) {
          const Mention& m = c.doc.mentions[static_cast<std::size_t>(mm)];
          const EntityType t = c.etype(m.entity);
          if (t == EntityType::ORG && ev.organiser < 0) ev.organiser = m.entity;
          else if ((t == EntityType::GPE || t == EntityType::LOC)) ev.locations.push_back(m.entity);
          else if (t == EntityType::DATE) {
            ev.date_begin = m.token_begin;
            ev.date_end = m.token_end;
          } else break;
          k = m.token_begin;
          continue;
        }
        if (is_possessive(c, last) && last > s.token_begin) {
          // "next week's summit": a date owner.
          std::size_t db = last;
          for (std::size_t b = last > s.token_begin + 3 ? last - 3 : s.token_begin; b < last; ++b)
            if (match_date(c.doc.tokens, b, last) == last - b) {
              db = b;
              break;
            }
          if (db < last) {
            ev.date_begin = db;
            ev.date_end = last;
            k = db;
            continue;
          }
          // "NATO's summit": an organisation owner is read on the next step; a person's
          // ("Trump's Tulsa rally") is not the organiser and ends the phrase.
          if (const int om = c.named_at(last - 1);
              om >= 0 && c.etype(c.doc.mentions[static_cast<std::size_t>(om)].entity) == EntityType::ORG) {
            k = last;
            continue;
          }
          break;
        }
        const std::string_view u = c.tok(last).upos;
        if (contains(kEventKinds, c.low[last]) && ev.kind.empty()) ev.kind = c.low[last];
        if (c.low[last].size() == 4 && is_year_token(c.low[last]) && ev.year.empty()) ev.year = c.low[last];
        if ((u == "ADJ" || u == "NUM" || c.low[last] == "first" || c.low[last] == "upcoming" ||
             c.low[last] == "annual" || c.low[last] == "extraordinary" || c.low[last] == "emergency") &&
            !is_cap(c.tok(last).form) && c.mention_at(last) < 0) {
          k = last;
          continue;
        }
        break;
      }
      std::vector<int> left_places = ev.locations;
      ev.begin = std::min(ev.begin, k);
      // Right: "of ORG/group", "in PLACE", "on/in DATE".
      std::size_t j = i + 1;
      std::vector<std::pair<int, std::size_t>> in_places;  // entity, token of its head
      while (j + 1 < s.token_end) {
        const std::string& p = c.low[j];
        if (p == "on" || p == "in" || p == "at" || p == "this" || p == "next" || p == "last") {
          const std::size_t db = (p == "this" || p == "next" || p == "last") ? j : j + 1;
          const std::size_t dl = match_date(c.doc.tokens, db, s.token_end);
          if (dl > 0 && ev.date_end == 0) {
            ev.date_begin = db;
            ev.date_end = db + dl;
            j = db + dl;
            continue;
          }
        }
        if (p == "of" && ev.existing < 0) {
          bool ph = false, modifier = false;
          const auto [e, nx] = read_entity_np(c, j + 1, s.token_end, ph, &modifier);
          if (e < 0) break;
          if (modifier) {
            // "summit of NATO allies": the entity only qualifies the participants.
          } else if (c.etype(e) == EntityType::ORG) {
            const std::string& nm = c.doc.entities[static_cast<std::size_t>(e)].name;
            if (nm.size() > 14 && nm.substr(nm.size() - 14) == " member states") ev.participants.push_back(e);
            else if (ev.organiser < 0) ev.organiser = e;
          } else if (c.etype(e) == EntityType::GPE || c.etype(e) == EntityType::NORP) {
            ev.participants.push_back(e);
          } else {
            break;
          }
          j = nx;
          continue;
        }
        if (p == "in" || p == "at") {
          bool ph = false;
          const auto [e, nx] = read_entity_np(c, j + 1, s.token_end, ph);
          if (e < 0 || (c.etype(e) != EntityType::GPE && c.etype(e) != EntityType::LOC)) break;
          in_places.emplace_back(e, nx - 1);
          j = nx;
          continue;
        }
        break;
      }
      ev.end = std::max(j, i + 1);
      // Several "in" places: the parse says which attach to the event noun; without
      // a parse (or when it attaches none), a city or country beats a region.
      std::vector<int> chosen;
      if (parsed) {
        const std::size_t sb = s.token_begin;
        for (auto [e, head_tok] : in_places) {
          // The place phrase's head: walk from its last token up while inside it.
          std::size_t h = head_tok;
          for (int guard = 0; guard < 8; ++guard) {
            const int hd = c.tok(h).head;
            if (hd < 0) break;
            const std::size_t up = sb + static_cast<std::size_t>(hd);
            if (up <= i || up > head_tok) break;
            h = up;
          }
          const int hd = c.tok(h).head;
          if (hd >= 0 && sb + static_cast<std::size_t>(hd) == i) chosen.push_back(e);
        }
      }
      if (chosen.empty()) {
        for (auto [e, tokn] : in_places)
          if (c.etype(e) == EntityType::GPE) {
            chosen.push_back(e);
            break;
          }
        if (chosen.empty() && !in_places.empty()) chosen.push_back(in_places.front().first);
      }
      ev.locations = left_places;
      for (int e : chosen) ev.locations.push_back(e);
      // A date alone does not name an event: "the election of 2019" would merge every
      // country's 2019 election across documents.
      if (ev.existing < 0 && ev.organiser < 0 && ev.locations.empty()) continue;
      found.push_back(std::move(ev));
    }
  }
  if (found.empty()) return;

  // One entity per event: same noun and place, else same noun and organiser.
  std::vector<int> event_entity(found.size(), -1);
  std::vector<std::size_t> group(found.size());
  for (std::size_t a = 0; a < found.size(); ++a) {
    group[a] = a;
    for (std::size_t b = 0; b < a; ++b) {
      if (found[a].existing >= 0 || found[b].existing >= 0 || found[a].noun_text != found[b].noun_text) continue;
      const auto conflict = [](const std::string& x, const std::string& y) {
        return !x.empty() && !y.empty() && x != y;
      };
      if (conflict(found[a].year, found[b].year) || conflict(found[a].kind, found[b].kind)) continue;
      const bool same_place = !found[a].locations.empty() && !found[b].locations.empty() &&
                              found[a].locations.front() == found[b].locations.front();
      const bool same_org = found[a].locations.empty() != found[b].locations.empty()
                                ? false
                                : (found[a].organiser >= 0 && found[a].organiser == found[b].organiser &&
                                   found[a].locations.empty());
      if (same_place || same_org) {
        group[a] = group[b];
        break;
      }
    }
  }
  for (std::size_t a = 0; a < found.size(); ++a) {
    if (group[a] != a) continue;
    if (found[a].existing >= 0) {
      event_entity[a] = found[a].existing;
      continue;
    }
    int organiser = -1;
    int place = -1;
    for (std::size_t b = a; b < found.size(); ++b) {
      if (group[b] != a) continue;
      if (organiser < 0) organiser = found[b].organiser;
      if (place < 0 && !found[b].locations.empty()) place = found[b].locations.front();
    }
    // The year and kind keep different events apart across documents: the 2016 and
    // the 2020 presidential election in the United States are two entities.
    std::string name, year, kind;
    for (std::size_t b = a; b < found.size(); ++b) {
      if (group[b] != a) continue;
      if (year.empty()) year = found[b].year;
      if (kind.empty()) kind = found[b].kind;
    }
    if (!year.empty()) name = year + " ";
    if (organiser >= 0) name += c.doc.entities[static_cast<std::size_t>(organiser)].name + " ";
    if (!kind.empty()) name += kind + " ";
    name += found[a].noun_text;
    if (place >= 0) name += " in " + c.doc.entities[static_cast<std::size_t>(place)].name;
    event_entity[a] = ensure_entity(c.doc, EntityType::EVENT, name);
  }
  for (std::size_t a = 0; a < found.size(); ++a) {
    EventNP& ev = found[a];
    const int e = event_entity[group[a]];
    const std::uint32_t sent = c.tok_sentence[ev.noun];
    // The mention covers the phrase up to the noun: its prepositional phrases hold
    // other entities' mentions and must not read as the event.
    if (ev.existing < 0) c.mention_tokens(e, ev.begin, ev.noun + 1, EntityType::EVENT);
    const Span span = c.span_of(ev.begin, std::max(ev.end, ev.date_end));
    for (int loc : ev.locations) c.add(e, "eventLocation", loc, {}, {}, span, sent, 0.85);
    // "the Senate election": the body elected, not the organiser.
    const bool contest = ev.noun_text == "election" || ev.noun_text == "elections" || ev.noun_text == "referendum";
    if (ev.organiser >= 0 && !contest) c.add(e, "eventOrganizer", ev.organiser, {}, {}, span, sent, 0.8);
    for (int p : ev.participants) c.add(p, "participatedIn", e, {}, {}, span, sent, 0.8);
    if (ev.date_end > 0) {
      int de = -1;
      if (const int mm = c.mention_at(ev.date_begin); mm >= 0) de = c.doc.mentions[static_cast<std::size_t>(mm)].entity;
      if (de < 0 || c.etype(de) != EntityType::DATE) {
        const Span ds = c.span_of(ev.date_begin, ev.date_end);
        const std::string text = c.doc.doc.text.substr(ds.start, ds.size());
        const std::optional<std::string> iso = normalise_date(text, c.doc.doc.meta.date);
        de = ensure_entity(c.doc, EntityType::DATE, iso ? *iso : text);
        if (c.doc.entities[static_cast<std::size_t>(de)].normalized.empty() && iso)
          c.doc.entities[static_cast<std::size_t>(de)].normalized = *iso;
        if (c.doc.entities[static_cast<std::size_t>(de)].name != text)
          c.doc.entities[static_cast<std::size_t>(de)].aliases.push_back(text);
        c.mention_tokens(de, ev.date_begin, ev.date_end, EntityType::DATE);
      }
      c.add(e, "eventDate", de, {}, {}, span, sent, 0.8);
    }
  }
  // Bare later references: "At the summit" -> the latest preceding event of that noun.
  c.map_tokens();
  for (const Sentence& s : c.doc.sentences) {
    for (std::size_t i = s.token_begin + 1; i < s.token_end; ++i) {
      if (!contains(kEventNouns, c.low[i]) || c.mention_at(i) >= 0 || c.low[i - 1] != "the") continue;
      if (i + 1 < s.token_end && (c.low[i + 1] == "of" || is_possessive(c, i + 1))) continue;
      int best = -1;
      for (std::size_t a = 0; a < found.size(); ++a)
        if (found[a].noun < i && found[a].noun_text == c.low[i]) best = event_entity[group[a]];
      if (best >= 0) c.mention_tokens(best, i - 1, i + 1, EntityType::EVENT);
    }
  }
}

// ---------------------------------------------------------------------------
// Without a parse: "Rutte told the European Parliament", "Rutte called on NATO
// countries". Only finite past or third-person forms directly after the subject, so
// that "did not meet", "may join" and "will meet" never match.

struct SurfaceVerb {
  std::string_view form;
  std::string_view particle;  // required next word, or ""
  std::string_view predicate;
};
constexpr SurfaceVerb kSurfaceVerbs[] = {
    {"told", "", "addressed"}, {"tells", "", "addressed"}, {"addressed", "", "addressed"},
    {"addresses", "", "addressed"}, {"briefed", "", "addressed"}, {"warned", "", "addressed"},
    {"urged", "", "calledOn"}, {"urges", "", "calledOn"}, {"called", "on", "calledOn"},
    {"calls", "on", "calledOn"}, {"called", "upon", "calledOn"}, {"met", "with", "met"}, {"met", "", "met"},
    {"meets", "", "met"}, {"accused", "", "accused"}, {"accuses", "", "accused"},
    {"criticised", "", "accused"}, {"criticized", "", "accused"}, {"criticises", "", "accused"},
    {"criticizes", "", "accused"}, {"condemned", "", "accused"}, {"condemns", "", "accused"},
    {"blamed", "", "accused"}, {"blames", "", "accused"}, {"denounced", "", "accused"},
    {"backed", "", "supports"}, {"backs", "", "supports"}, {"endorsed", "", "supports"},
    {"endorses", "", "supports"}, {"supported", "", "supports"}, {"supports", "", "supports"},
    {"joined", "", "memberOf"}, {"joins", "", "memberOf"}, {"announced", "", "announced"},
    {"announces", "", "announced"}};

void surface_verbs(Ctx& c) {
  for (std::size_t si = 0; si < c.doc.sentences.size(); ++si) {
    const Sentence& s = c.doc.sentences[si];
    if (sentence_parsed(c, s) || s.size() < 3) continue;
    if (c.low[s.token_end - 1] == "?") continue;
    for (std::size_t i = s.token_begin; i + 1 < s.token_end; ++i) {
      const int sm = c.mention_at(i);
      if (sm < 0) continue;
      const Mention& subj = c.doc.mentions[static_cast<std::size_t>(sm)];
      if (subj.token_end != i + 1 || contains(kLocalPronouns, c.low[i])) continue;
      // Subject position: the sentence start or a clause boundary before the mention,
      // after any title in front of it ("NATO Secretary General Mark Rutte told").
      std::size_t b = subj.token_begin;
      while (b > s.token_begin) {
        Cat cat = Cat::None;
        if (const std::size_t len = role_ending_at(c, b - 1, s.token_begin, cat); len > 0) {
          b -= len;
        } else if (const int q = c.named_at(b - 1); q >= 0 && q != sm) {
          b = c.doc.mentions[static_cast<std::size_t>(q)].token_begin;
        } else if (!demonym_at(c, b - 1).empty() || contains(kTitleModifiers, c.low[b - 1])) {
          --b;
        } else {
          break;
        }
        if (b + 8 < subj.token_begin) break;
      }
      if (b > s.token_begin && c.low[b - 1] == "the") --b;
      if (!(b == s.token_begin || c.low[b - 1] == "," || c.low[b - 1] == "and" || c.low[b - 1] == "but" ||
            c.low[b - 1] == "that" || c.low[b - 1] == "-"))
        continue;
      std::size_t v = i + 1;
      while (v < s.token_end && (c.low[v] == "also" || c.low[v] == "then" || c.low[v] == "again" ||
                                 c.low[v] == "later" || c.low[v] == "repeatedly" || c.low[v] == "publicly"))
        ++v;
      if (v >= s.token_end) break;
      for (const SurfaceVerb& sv : kSurfaceVerbs) {
        if (sv.form != c.low[v]) continue;
        std::size_t o = v + 1;
        if (!sv.particle.empty()) {
          if (o >= s.token_end || c.low[o] != sv.particle) continue;
          ++o;
        }
        bool ph = false;
        const auto [e, nx] = read_entity_np(c, o, s.token_end, ph);
        if (e < 0 || e == subj.entity) break;
        const int om = c.mention_at(o < s.token_end && is_det(c.low[o]) ? o + 1 : o);
        if (om >= 0 && c.doc.mentions[static_cast<std::size_t>(om)].kind == MentionKind::Pronoun) break;
        const EntityType st = c.etype(subj.entity), ot = c.etype(e);
        const auto agent = [](EntityType t) {
          return t == EntityType::PERSON || t == EntityType::ORG || t == EntityType::GPE || t == EntityType::NORP;
        };
        if (!agent(st)) break;
        if (sv.predicate == "memberOf" && ot != EntityType::ORG) break;
        if (sv.predicate != "announced" && sv.predicate != "memberOf" && !agent(ot)) break;
        c.add(subj.entity, sv.predicate, e, {}, {}, c.span_of(subj.token_begin, nx), static_cast<std::uint32_t>(si), 0.7);
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Pattern family 5: the dependency parse. Subject, object and oblique of one verb.

struct Arg {
  int entity;
  std::size_t token;  // document token index
};

void svo(Ctx& c) {
  for (std::size_t si = 0; si < c.doc.sentences.size(); ++si) {
    const Sentence& s = c.doc.sentences[si];
    if (!sentence_parsed(c, s)) continue;
    const std::size_t sb = s.token_begin, n = s.size();
    if (n == 0) continue;
    // A question asserts nothing.
    if (c.low[s.token_end - 1] == "?") continue;
    std::vector<std::vector<std::size_t>> kids(n);
    for (std::size_t k = 0; k < n; ++k) {
      const int h = c.tok(sb + k).head;
      if (h >= 0 && static_cast<std::size_t>(h) < n) kids[static_cast<std::size_t>(h)].push_back(k);
    }
    auto rel = [&](std::size_t k) -> std::string_view { return c.tok(sb + k).deprel; };
    auto base_rel = [&](std::size_t k) {
      std::string_view r = rel(k);
      return r.substr(0, r.find(':'));
    };
    // The entity an argument token stands for: its own mention (any token of it), or
    // a conjunct list. Returns all entities in order.
    // The entity an argument's noun phrase names. English phrases end in their head, so
    // when a name closes the phrase it is the referent even if the parser chose another
    // head: in "NATO Secretary General Mark Rutte" the referent is Rutte, not NATO. A
    // phrase ending in a common noun ("NATO's chief") names whatever the token itself is
    // a mention of.
    auto np_entity = [&](std::size_t k) {
      std::size_t right = k;
      std::vector<std::size_t> stack{k};
      for (int guard = 0; !stack.empty() && guard < 64; ++guard) {
        const std::size_t t = stack.back();
        stack.pop_back();
        for (std::size_t ch : kids[t]) {
          const std::string_view r = rel(ch);
          // Phrase-internal relations only; a prepositional nmod ("president of Russia")
          // or an apposition starts another phrase. "list" and "nmod:desc" are GUM's.
          // An apposition with no punctuation before it is the parser splitting one
          // phrase ("NATO Secretary General Mark Rutte"), not a second phrase.
          bool bare_appos = false;
          if (r == "appos" && ch > t) {
            bare_appos = true;
            for (std::size_t q = t + 1; q < ch; ++q) bare_appos = bare_appos && c.tok(sb + q).upos != "PUNCT";
          }
          if (r == "compound" || r == "flat" || r == "flat:name" || r == "flat:foreign" || r == "amod" ||
              r == "det" || r == "nmod:poss" || r == "nummod" || r == "list" || r == "nmod:desc" || bare_appos) {
            right = std::max(right, ch);
            stack.push_back(ch);
          }
        }
      }
      if (right != k) {
        // The name that closes the phrase is its referent when it spans the head, when
        // the head is itself a mention, or when the head is a lower-case noun right
        // before it that describes it ("met officers Antoine Quirin", "coach Pep
        // Guardiola").
        if (const int m = c.mention_at(sb + right);
            m >= 0 && c.doc.mentions[static_cast<std::size_t>(m)].token_end == sb + right + 1) {
          const Mention& mm = c.doc.mentions[static_cast<std::size_t>(m)];
          const bool named = mm.kind == MentionKind::Name;
          if (mm.token_begin <= sb + k || (named && c.mention_at(sb + k) >= 0) ||
              (named && mm.token_begin == sb + k + 1 && c.tok(sb + k).upos == "NOUN" && !is_cap(c.tok(sb + k).form)))
            return mm.entity;
        }
      }
      return c.entity_at(sb + k);
    };
    auto entities_of = [&](std::size_t k, std::vector<Arg>& out) {
      // First and second person pronouns are the speaker and hearer of a quote, whom
      // coreference gets wrong too often to build facts on.
      if (contains(kLocalPronouns, c.low[sb + k])) return;
      const int e = np_entity(k);
      if (e >= 0) out.push_back({e, sb + k});
      for (std::size_t ch : kids[k])
        if (rel(ch) == "conj") {
          const int ce = np_entity(ch);
          if (ce >= 0 && ce != e) out.push_back({ce, sb + ch});
        }
    };
    auto negated = [&](std::size_t k) {
      for (std::size_t ch : kids[k]) {
        if (base_rel(ch) == "advmod" || rel(ch) == "neg" || base_rel(ch) == "aux" || base_rel(ch) == "det")
          if (contains(kNegations, c.low[sb + ch])) return true;
      }
      return false;
    };
    auto modal = [&](std::size_t k) {
      for (std::size_t ch : kids[k]) {
        if (base_rel(ch) == "aux" && contains(kModals, c.low[sb + ch])) return true;
        if (base_rel(ch) == "mark" && (c.low[sb + ch] == "if" || c.low[sb + ch] == "whether" || c.low[sb + ch] == "unless"))
          return true;
      }
      return false;
    };
    auto future = [&](std::size_t k) {
      for (std::size_t ch : kids[k])
        if (base_rel(ch) == "aux" && (c.low[sb + ch] == "will" || c.low[sb + ch] == "'ll")) return true;
      return false;
    };
    for (std::size_t v = 0; v < n; ++v) {
      const Token& vt = c.tok(sb + v);
      if (vt.upos != "VERB") continue;
      // A verb inside a name ("The Old Lady Who Walked in the Sea") states nothing.
      if (c.mention_at(sb + v) >= 0) continue;
      if (negated(v) || modal(v)) continue;
      // Not asserted: the infinitive of "plans to meet", a clause under "if", a
      // hypothetical under a modal or negated governor.
      std::size_t gov = v;
      double conf = 0.75;
      bool skip = false;
      for (int depth = 0; depth < 6; ++depth) {
        const int h = c.tok(sb + gov).head;
        if (h < 0) break;
        const std::string_view r = rel(gov);
        const std::size_t up = static_cast<std::size_t>(h);
        if (r == "xcomp") {
          if (contains(kNonFactiveControl, c.lemma(sb + up)) || negated(up) || modal(up)) skip = true;
        } else if (r == "advcl" || r == "ccomp" || r == "csubj" || r == "acl" || r == "acl:relcl" || r == "conj" ||
                   r == "parataxis") {
          if (r == "ccomp" || r == "parataxis") conf *= 0.85;  // reported: someone's claim
          if (negated(up) || modal(up)) skip = true;
        } else {
          break;
        }
        gov = up;
      }
      if (skip) continue;
      if (future(v)) conf *= 0.85;
      // Subjects: own nsubj; else a conjoined verb's; else the controller of an xcomp.
      std::vector<Arg> subjects, patients;
      std::size_t sv = v;
      for (int depth = 0; depth < 4 && subjects.empty() && patients.empty(); ++depth) {
        for (std::size_t ch : kids[sv]) {
          if (rel(ch) == "nsubj") entities_of(ch, subjects);
          if (rel(ch) == "nsubj:pass") entities_of(ch, patients);
        }
        const int h = c.tok(sb + sv).head;
        if (!subjects.empty() || !patients.empty() || h < 0) break;
        if (rel(sv) != "conj" && rel(sv) != "xcomp") break;
        sv = static_cast<std::size_t>(h);
      }
      // A relative clause's subject is the noun it modifies ("Rutte, who met ...").
      if (subjects.empty() && rel(v) == "acl:relcl" && vt.head >= 0) {
        bool rel_pron_subj = false;
        for (std::size_t ch : kids[v])
          if (rel(ch) == "nsubj" && (c.low[sb + ch] == "who" || c.low[sb + ch] == "which" || c.low[sb + ch] == "that"))
            rel_pron_subj = true;
        if (rel_pron_subj) entities_of(static_cast<std::size_t>(vt.head), subjects);
      }
      // Objects and obliques.
      struct Obj {
        Arg arg;
        std::string prep;  // "" for the direct object
      };
      std::vector<Obj> objects;
      std::string particle;
      bool has_xcomp = false;
      for (std::size_t ch : kids[v]) {
        if (rel(ch) == "compound:prt") particle = c.low[sb + ch];
        if (rel(ch) == "xcomp") has_xcomp = true;
        // "asked X to help" is sometimes parsed as an adverbial clause.
        if (rel(ch) == "advcl")
          for (std::size_t g : kids[ch])
            if (rel(g) == "mark" && c.low[sb + g] == "to") has_xcomp = true;
      }
      std::vector<Arg> agents;
      for (std::size_t ch : kids[v]) {
        const std::string_view r = rel(ch);
        const std::string_view b = base_rel(ch);
        if (r == "obj" || r == "iobj") {
          std::vector<Arg> as;
          entities_of(ch, as);
          // "predicted Trump would win": an "object" right before a finite verb is the
          // subject of a clause the parser missed, not what the verb acts on.
          const auto clause_subject = [&](const Arg& a) {
            const int m = c.mention_at(a.token);
            const std::size_t after = m >= 0 ? c.doc.mentions[static_cast<std::size_t>(m)].token_end : a.token + 1;
            if (after >= s.token_end) return false;
            const Token& t = c.tok(after);
            const std::string& x = t.xpos;
            return x == "VBD" || x == "VBZ" || x == "VBP" || x == "MD" || (x.empty() && t.upos == "AUX");
          };
          // "hold talks with X": the noun object carries the partner.
          for (Arg a : as)
            if (!clause_subject(a)) objects.push_back({a, particle});
          if (as.empty() && (c.lemma(sb + ch) == "talk" || c.lemma(sb + ch) == "talks" || c.low[sb + ch] == "talks" ||
                             c.lemma(sb + ch) == "meeting")) {
            for (std::size_t g : kids[ch])
              if (base_rel(g) == "nmod")
                for (std::size_t cs : kids[g])
                  if (rel(cs) == "case" && c.low[sb + cs] == "with") {
                    std::vector<Arg> ws;
                    entities_of(g, ws);
                    for (Arg a : ws) objects.push_back({a, "talks with"});
                  }
          }
        } else if (b == "obl" || r == "nmod") {
          std::string prep;
          for (std::size_t cs : kids[ch])
            if (rel(cs) == "case" && !is_possessive(c, sb + cs))
              prep = prep.empty() ? c.low[sb + cs] : prep + " " + c.low[sb + cs];
          std::vector<Arg> as;
          entities_of(ch, as);
          if (r == "obl:agent" || (prep == "by" && !patients.empty())) {
            for (Arg a : as) agents.push_back(a);
            continue;
          }
          if (prep.empty()) continue;  // bare temporal obliques ("Monday")
          if (prep == "according") continue;  // attribution, not a relation
          if (prep == "as" || prep == "like" || prep == "than") continue;  // capacity or comparison
          for (Arg a : as) objects.push_back({a, prep});
        }
      }
      // Passive: the agent is the subject, the patient the object.
      if (!patients.empty()) {
        if (agents.empty()) continue;
        subjects = agents;
        for (Arg p : patients) objects.push_back({p, particle});
      }
      if (subjects.empty()) continue;
      const std::string_view lemma = c.lemma(sb + v);
      // "X and Y met": reciprocal subjects.
      if (lemma == "meet" && objects.empty() && subjects.size() >= 2) {
        auto agent = [&](int e) {
          const EntityType t = c.etype(e);
          return t == EntityType::PERSON || t == EntityType::ORG || t == EntityType::GPE || t == EntityType::NORP;
        };
        for (std::size_t a = 0; a + 1 < subjects.size(); ++a)
          for (std::size_t b = a + 1; b < subjects.size(); ++b) {
            if (!agent(subjects[a].entity) || !agent(subjects[b].entity)) continue;
            const std::size_t lo = std::min(subjects[a].token, subjects[b].token);
            const std::size_t hi = std::max({subjects[a].token, subjects[b].token, sb + v});
            c.add(subjects[a].entity, "met", subjects[b].entity, {}, {}, c.span_of(lo, hi + 1),
                  static_cast<std::uint32_t>(si), conf);
          }
        continue;
      }
      for (const Arg& sarg : subjects) {
        for (const Obj& o : objects) {
          if (o.arg.entity == sarg.entity) continue;
          // A name quoted after the verb ("tweeted "We are with Mayor Adamowicz"") is
          // part of what was said, not the verb's object.
          if (c.in_quote[o.arg.token] != c.in_quote[sb + v] || c.in_quote[sarg.token] != c.in_quote[sb + v]) continue;
          const EntityType stt = c.etype(sarg.entity), ot = c.etype(o.arg.entity);
          if (stt == EntityType::DATE || ot == EntityType::DATE) continue;
          std::string_view pred;
          for (const VerbRule& r : kVerbRules) {
            if (r.lemma != lemma) continue;
            const bool prep_ok = r.prep == o.prep || (o.prep == "talks with" && r.prep == "with");
            if (!prep_ok) continue;
            if (r.needs_xcomp && !has_xcomp) continue;
            pred = r.predicate;
            break;
          }
          if (o.prep == "talks with") pred = "met";
              std::size_t lo = std::min({sarg.token, o.arg.token, sb + v});
          std::size_t hi = std::max({sarg.token, o.arg.token, sb + v});
          // Widen to the whole mentions.
          if (const int m = c.mention_at(sarg.token); m >= 0) {
            lo = std::min<std::size_t>(lo, c.doc.mentions[static_cast<std::size_t>(m)].token_begin);
            hi = std::max<std::size_t>(hi, c.doc.mentions[static_cast<std::size_t>(m)].token_end - 1);
          }
          if (const int m = c.mention_at(o.arg.token); m >= 0) {
            lo = std::min<std::size_t>(lo, c.doc.mentions[static_cast<std::size_t>(m)].token_begin);
            hi = std::max<std::size_t>(hi, c.doc.mentions[static_cast<std::size_t>(m)].token_end - 1);
          }
          const Span ev = c.span_of(lo, hi + 1);
          const auto sent = static_cast<std::uint32_t>(si);
          const bool agent_ok = stt == EntityType::PERSON || stt == EntityType::ORG || stt == EntityType::GPE ||
                                stt == EntityType::NORP;
          std::string lem(lemma);
          if (!o.prep.empty() && o.prep != "talks with") lem += " " + o.prep;
          if (pred.empty()) {
            if (ot == EntityType::MISC && stt == EntityType::MISC) continue;
            if (contains(kLightVerbs, lemma)) continue;
            c.add(sarg.entity, "relatedTo", o.arg.entity, {}, lem, ev, sent, conf * 0.8);
            continue;
          }
          if (pred == "participatedIn") {
            if (ot == EntityType::EVENT) c.add(sarg.entity, pred, o.arg.entity, {}, {}, ev, sent, conf);
            else c.add(sarg.entity, "relatedTo", o.arg.entity, {}, lem, ev, sent, conf * 0.8);
          } else if (pred == "hosted") {
            if (ot != EntityType::EVENT) c.add(sarg.entity, "relatedTo", o.arg.entity, {}, lem, ev, sent, conf * 0.8);
            else if (stt == EntityType::GPE || stt == EntityType::LOC)
              c.add(o.arg.entity, "eventLocation", sarg.entity, {}, {}, ev, sent, conf);
            else if (stt == EntityType::ORG)
              c.add(o.arg.entity, "eventOrganizer", sarg.entity, {}, {}, ev, sent, conf);
          } else if (pred == "eventOrganizer") {
            if (ot == EntityType::EVENT && (stt == EntityType::ORG || stt == EntityType::PERSON || stt == EntityType::GPE))
              c.add(o.arg.entity, pred, sarg.entity, {}, {}, ev, sent, conf);
          } else if (pred == "memberOf") {
            if (ot == EntityType::EVENT) c.add(sarg.entity, "participatedIn", o.arg.entity, {}, {}, ev, sent, conf);
            else if (ot == EntityType::ORG && agent_ok) c.add(sarg.entity, pred, o.arg.entity, {}, {}, ev, sent, conf);
          } else if (pred == "holdsPosition") {
            if (stt == EntityType::PERSON && (ot == EntityType::ORG || ot == EntityType::GPE))
              c.add(sarg.entity, pred, o.arg.entity, lemma == "head" ? "Head" : "Chair", {},
                    ev, sent, conf);
          } else if (pred == "worksFor") {
            if (stt == EntityType::PERSON && ot == EntityType::ORG) c.add(sarg.entity, pred, o.arg.entity, {}, {}, ev, sent, conf);
          } else if (pred == "announced") {
            if (agent_ok) c.add(sarg.entity, pred, o.arg.entity, {}, {}, ev, sent, conf);
          } else {
            // Interaction predicates need an agent on both sides (or an event for met).
            const bool obj_ok = ot == EntityType::PERSON || ot == EntityType::ORG || ot == EntityType::GPE ||
                                ot == EntityType::NORP;
            if (agent_ok && obj_ok) c.add(sarg.entity, pred, o.arg.entity, {}, {}, ev, sent, conf);
          }
        }
      }
    }
  }
}

}  // namespace

RelationExtractor::RelationExtractor() = default;
RelationExtractor::RelationExtractor(const Lexicon& lexicon) : lexicon_(std::make_shared<Lexicon>(lexicon)) {}

void RelationExtractor::run(AnnotatedDocument& doc) const {
  doc.relations.clear();
  if (doc.tokens.empty() || doc.sentences.empty()) return;
  for (std::size_t s = 0; s < doc.sentences.size(); ++s) {
    const Sentence& st = doc.sentences[s];
    if (st.token_begin > st.token_end || st.token_end > doc.tokens.size() ||
        (s > 0 && st.token_begin < doc.sentences[s - 1].token_end))
      throw Error(ErrorKind::Internal, "relations: sentence " + std::to_string(s) + " has an invalid token range",
                  ErrorLocation(doc.doc.id));
  }
  Ctx c(doc, lexicon_.get());
  c.low.reserve(doc.tokens.size());
  for (const Token& t : doc.tokens) c.low.push_back(lower(t.form));
  // Typographic apostrophes count as possessive markers too.
  c.tok_sentence.assign(doc.tokens.size(), 0);
  for (std::size_t s = 0; s < doc.sentences.size(); ++s)
    for (std::uint32_t t = doc.sentences[s].token_begin; t < doc.sentences[s].token_end && t < doc.tokens.size(); ++t)
      c.tok_sentence[t] = static_cast<std::uint32_t>(s);
  c.in_quote.assign(doc.tokens.size(), 0);
  for (const Quotation& q : doc.quotations) {
    // Reported speech paraphrases in the writer's own words, so its names are the
    // verb's real arguments ("called on member states to ..."); only quoted words
    // are someone else's.
    if (q.kind == QuoteKind::Indirect) continue;
    auto it = std::lower_bound(doc.tokens.begin(), doc.tokens.end(), q.span.start,
                               [](const Token& t, std::uint32_t start) { return t.span.start < start; });
    for (; it != doc.tokens.end() && it->span.end <= q.span.end; ++it)
      c.in_quote[static_cast<std::size_t>(it - doc.tokens.begin())] = 1;
  }
  c.index_names();
  c.map_tokens();
  disambiguate_places(c);

  // Groups and events first: they add entities the later patterns link to.
  groups(c);
  c.map_tokens();
  events(c);
  c.map_tokens();
  c.index_names();
  premodifier_titles(c);
  appositions(c);
  place_patterns(c);
  svo(c);
  surface_verbs(c);

  doc.relations = std::move(c.out);
  restore_order(doc);
  // Sorted, and unique on everything but confidence (the highest is kept).
  auto key = [](const Relation& r) {
    return std::tie(r.evidence, r.subject, r.predicate, r.object, r.role, r.lemma);
  };
  std::sort(doc.relations.begin(), doc.relations.end(), [&](const Relation& a, const Relation& b) {
    if (key(a) != key(b)) return key(a) < key(b);
    return a.confidence > b.confidence;
  });
  doc.relations.erase(std::unique(doc.relations.begin(), doc.relations.end(),
                                  [&](const Relation& a, const Relation& b) { return key(a) == key(b); }),
                      doc.relations.end());
}

}  // namespace newsgraph
