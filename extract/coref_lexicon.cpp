#include "extract/coref_lexicon.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

namespace newsgraph::coref {
namespace {

using Set = std::unordered_set<std::string_view>;

bool in(const Set& s, std::string_view w) { return s.find(w) != s.end(); }

// Common given names of people in international news. Names that are frequently
// both male and female (Jordan, Robin, Kim, Jean) are left out on purpose: an
// unknown gender is compatible with both pronouns, a wrong one blocks the right link.
const Set& male_names() {
  static const Set s = {
      "aaron", "abdul", "abdullah", "abraham", "adam", "adrian", "ahmed", "ahmad", "alan", "albert",
      "alberto", "alejandro", "aleksandr", "alexander", "alexandre", "alexei", "alexey", "ali", "alistair",
      "amir", "andre", "andrei", "andrew", "andrzej", "angus", "anthony", "antonio", "antony", "anwar",
      "arnold", "arthur", "ashraf", "barack", "bashar", "ben", "benjamin", "bernard", "bernie", "bill",
      "bob", "boris", "brad", "brendan", "brian", "bruce", "bruno", "carl", "carlos", "charles", "chris",
      "christian", "christopher", "colin", "craig", "dan", "daniel", "dario", "darren", "dave", "david",
      "dennis", "dmitry", "dmitri", "donald", "doug", "douglas", "duncan", "dylan", "edward", "elon",
      "emmanuel", "enrique", "eric", "erik", "ethan", "fernando", "francesco", "francis", "francisco",
      "frank", "franz", "fred", "frederick", "gabriel", "gareth", "gary", "geoffrey", "george", "georg",
      "gerald", "gerhard", "giorgio", "giuseppe", "gordon", "graham", "greg", "gregory", "hamid", "hans",
      "harold", "harry", "hassan", "heinrich", "helmut", "henry", "hugh", "hugo", "hussein", "ian",
      "igor", "imran", "isaac", "ivan", "jack", "jacob", "jacques", "jake", "james", "jamie", "jan",
      "jared", "jason", "javier", "jay", "jean-claude", "jean-luc", "jeff", "jeffrey", "jens", "jeremy",
      "jerome", "jim", "jimmy", "joachim", "joe", "joel", "johan", "johannes", "john", "jonathan",
      "jorge", "jose", "joseph", "josh", "joshua", "juan", "julian", "justin", "karl", "keir", "keith",
      "ken", "kenneth", "kevin", "khalid", "klaus", "kofi", "kurt", "lars", "lee", "leo", "leonid",
      "lloyd", "louis", "luca", "lucas", "luis", "luiz", "mahmoud", "malcolm", "manuel", "marcel",
      "marco", "marcus", "mario", "mark", "martin", "matt", "matteo", "matthew", "max", "michael",
      "micheal", "miguel", "mike", "mikhail", "mohamed", "mohammad", "mohammed", "muhammad", "narendra",
      "nathan", "neil", "nicholas", "nick", "nicolas", "nigel", "nikolai", "noah", "olaf", "oleg",
      "oliver", "omar", "oscar", "owen", "pablo", "patrick", "paul", "pedro", "pete", "peter", "petr",
      "philip", "philippe", "pierre", "rafael", "rahul", "rajesh", "ralph", "ramon", "raul", "ray",
      "recep", "richard", "rick", "rishi", "rob", "robert", "roberto", "rodrigo", "roger", "roman",
      "ron", "ronald", "rudy", "rupert", "russell", "ryan", "salman", "sam", "samuel", "scott", "sean",
      "sebastian", "sergei", "sergey", "shinzo", "simon", "stefan", "stephen", "steve", "steven",
      "stuart", "tariq", "ted", "terry", "thomas", "tim", "timothy", "tom", "tony", "travis", "vadim",
      "viktor", "victor", "vincent", "vladimir", "volodymyr", "walter", "wayne", "william", "wolfgang",
      "xavier", "yuri", "yusuf", "zach", "zachary"};
  return s;
}

const Set& female_names() {
  static const Set s = {
      "abigail", "ada", "agnes", "aisha", "alexandra", "alice", "alicia", "alison", "amanda", "amber",
      "amelia", "amy", "ana", "anastasia", "andrea", "angela", "angelina", "anita", "ann", "anna",
      "anne", "annalena", "annette", "antonia", "barbara", "beatrice", "benazir", "beth", "betty",
      "beverly", "brenda", "bridget", "brigitte", "camilla", "carla", "carmen", "carol", "caroline",
      "catherine", "cecilia", "charlotte", "cheryl", "christina", "christine", "claire", "clara",
      "claudia", "cristina", "cynthia", "daniela", "deborah", "denise", "diana", "diane", "donna",
      "doris", "dorothy", "elena", "elisabeth", "elizabeth", "ella", "ellen", "elena", "emily", "emma",
      "erin", "eva", "eve", "fatima", "fiona", "frances", "francesca", "giorgia", "gloria", "grace",
      "hannah", "heather", "heidi", "helen", "helena", "hillary", "ilhan", "indira", "ingrid", "irene",
      "isabel", "isabella", "jacinda", "jane", "janet", "janice", "jennifer", "jessica", "jill", "joan",
      "joanna", "josephine", "joyce", "judith", "judy", "julia", "julie", "karen", "kate", "katherine",
      "kathleen", "kathryn", "katie", "kristalina", "laura", "lauren", "linda", "lisa", "liz", "lucy",
      "lydia", "madeleine", "maria", "marie", "marine", "marion", "martha", "mary", "maya", "megan",
      "melania", "melissa", "mette", "michelle", "monica", "nadia", "nancy", "natalia", "natalie",
      "nicola", "nina", "olga", "olivia", "pamela", "patricia", "pauline", "penny", "rachel", "rebecca",
      "rita", "rosa", "rose", "ruth", "sabine", "sandra", "sanna", "sara", "sarah", "sharon", "sheila",
      "sophia", "sophie", "stephanie", "susan", "suzanne", "svetlana", "sylvia", "tatiana", "teresa",
      "theresa", "tracy", "tulsi", "ursula", "valerie", "vanessa", "victoria", "virginia", "wendy",
      "yulia", "yvonne", "zoe"};
  return s;
}

struct RoleEntry {
  std::array<std::string_view, 4> words;  // empty-padded
  std::string_view key;
  bool leader;
  bool generic;
  Gender gender;
};

// Role phrases, longest forms first within a head word is not required: the matcher
// takes the longest entry that matches.
const std::vector<RoleEntry>& roles() {
  using G = Gender;
  static const std::vector<RoleEntry> r = {
      {{"secretary", "general"}, "secretary general", true, false, G::Unknown},
      {{"secretary-general"}, "secretary general", true, false, G::Unknown},
      {{"secretary", "-", "general"}, "secretary general", true, false, G::Unknown},
      {{"deputy", "secretary", "general"}, "deputy secretary general", false, false, G::Unknown},
      {{"secretary", "of", "state"}, "secretary of state", false, false, G::Unknown},
      {{"foreign", "secretary"}, "foreign secretary", false, false, G::Unknown},
      {{"home", "secretary"}, "home secretary", false, false, G::Unknown},
      {{"press", "secretary"}, "press secretary", false, false, G::Unknown},
      {{"president"}, "president", true, false, G::Unknown},
      {{"vice", "president"}, "vice president", false, false, G::Unknown},
      {{"vice-president"}, "vice president", false, false, G::Unknown},
      {{"president-elect"}, "president-elect", false, false, G::Unknown},
      {{"prime", "minister"}, "prime minister", true, false, G::Unknown},
      {{"premier"}, "prime minister", true, false, G::Unknown},
      {{"chancellor"}, "chancellor", true, false, G::Unknown},
      {{"minister"}, "minister", false, false, G::Unknown},
      {{"foreign", "minister"}, "foreign minister", false, false, G::Unknown},
      {{"defence", "minister"}, "defence minister", false, false, G::Unknown},
      {{"defense", "minister"}, "defence minister", false, false, G::Unknown},
      {{"finance", "minister"}, "finance minister", false, false, G::Unknown},
      {{"interior", "minister"}, "interior minister", false, false, G::Unknown},
      {{"health", "minister"}, "health minister", false, false, G::Unknown},
      {{"economy", "minister"}, "economy minister", false, false, G::Unknown},
      {{"justice", "minister"}, "justice minister", false, false, G::Unknown},
      {{"chief", "executive"}, "chief executive", true, false, G::Unknown},
      {{"chief", "executive", "officer"}, "chief executive", true, false, G::Unknown},
      {{"ceo"}, "chief executive", true, false, G::Unknown},
      {{"chairman"}, "chair", true, false, G::Male},
      {{"chairwoman"}, "chair", true, false, G::Female},
      {{"chairperson"}, "chair", true, false, G::Unknown},
      {{"chair"}, "chair", true, false, G::Unknown},
      {{"director", "general"}, "director general", true, false, G::Unknown},
      {{"director-general"}, "director general", true, false, G::Unknown},
      {{"director"}, "director", true, false, G::Unknown},
      {{"executive", "director"}, "director", true, false, G::Unknown},
      {{"managing", "director"}, "director", true, false, G::Unknown},
      {{"head"}, "head", true, true, G::Unknown},
      {{"chief"}, "chief", true, true, G::Unknown},
      {{"leader"}, "leader", true, true, G::Unknown},
      {{"boss"}, "boss", true, true, G::Unknown},
      {{"spokesman"}, "spokesperson", false, false, G::Male},
      {{"spokeswoman"}, "spokesperson", false, false, G::Female},
      {{"spokesperson"}, "spokesperson", false, false, G::Unknown},
      {{"governor"}, "governor", true, false, G::Unknown},
      {{"mayor"}, "mayor", true, false, G::Unknown},
      {{"senator"}, "senator", false, false, G::Unknown},
      {{"congressman"}, "congressman", false, false, G::Male},
      {{"congresswoman"}, "congresswoman", false, false, G::Female},
      {{"king"}, "king", true, false, G::Male},
      {{"queen"}, "queen", true, false, G::Female},
      {{"prince"}, "prince", false, false, G::Male},
      {{"princess"}, "princess", false, false, G::Female},
      {{"pope"}, "pope", true, false, G::Male},
      {{"emperor"}, "emperor", true, false, G::Male},
      {{"dictator"}, "dictator", true, false, G::Unknown},
      {{"prosecutor"}, "prosecutor", false, false, G::Unknown},
      {{"crown", "prosecutor"}, "prosecutor", false, false, G::Unknown},
      {{"attorney", "general"}, "attorney general", false, false, G::Unknown},
      {{"judge"}, "judge", false, false, G::Unknown},
      {{"chief", "justice"}, "chief justice", true, false, G::Unknown},
      {{"associate", "justice"}, "justice", false, false, G::Unknown},
      {{"coach"}, "coach", true, false, G::Unknown},
      {{"manager"}, "manager", true, false, G::Unknown},
      {{"commissioner"}, "commissioner", false, false, G::Unknown},
      {{"ambassador"}, "ambassador", false, false, G::Unknown},
      {{"envoy"}, "envoy", false, false, G::Unknown},
      {{"commander"}, "commander", true, false, G::Unknown},
      {{"founder"}, "founder", false, false, G::Unknown},
      {{"co-founder"}, "co-founder", false, false, G::Unknown},
      {{"editor"}, "editor", false, false, G::Unknown},
      {{"sheriff"}, "sheriff", false, false, G::Unknown},
      {{"superintendent"}, "superintendent", false, false, G::Unknown},
      {{"researcher"}, "researcher", false, false, G::Unknown},
      {{"senior", "researcher"}, "researcher", false, false, G::Unknown},
      {{"spokesman"}, "spokesperson", false, false, G::Male},
      {{"lawyer"}, "lawyer", false, false, G::Unknown},
      {{"barrister"}, "barrister", false, false, G::Unknown},
      {{"economist"}, "economist", false, false, G::Unknown},
      {{"analyst"}, "analyst", false, false, G::Unknown},
      {{"rapporteur"}, "rapporteur", false, false, G::Unknown},
      {{"speaker"}, "speaker", true, false, G::Unknown},
      {{"official"}, "official", false, false, G::Unknown},
  };
  return r;
}

const Set& org_nominals() {
  static const Set s = {"alliance", "organisation", "organization", "company", "firm", "group", "bloc",
                        "union", "party", "ministry", "department", "court", "bank", "university",
                        "college", "council", "commission", "agency", "administration", "committee",
                        "parliament", "assembly", "congress", "senate", "club", "team", "police",
                        "army", "military", "network", "channel", "newspaper", "paper", "corporation",
                        "airline", "carrier", "automaker", "carmaker", "retailer", "insurer", "lender",
                        "body", "institute", "foundation", "charity", "board", "league", "federation",
                        "tribunal", "government", "regime", "cabinet", "coalition", "association"};
  return s;
}

}  // namespace

std::string lower_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    // U+2019 RIGHT SINGLE QUOTATION MARK is E2 80 99 in UTF-8.
    if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x99') {
      out += '\'';
      i += 2;
      continue;
    }
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

void LowerForms::build(const std::vector<Token>& tokens) {
  std::size_t n = 0;
  for (const Token& t : tokens) n += t.form.size();
  buf.clear();
  buf.reserve(n);
  std::vector<std::pair<std::size_t, std::size_t>> at;
  at.reserve(tokens.size());
  for (const Token& t : tokens) {
    const std::size_t b = buf.size();
    const std::string_view s = t.form;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x99') {
        buf += '\'';
        i += 2;
        continue;
      }
      buf += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    at.emplace_back(b, buf.size() - b);
  }
  // Views are taken after the buffer is complete (it may have grown).
  words.clear();
  words.reserve(tokens.size());
  for (const auto& [b, len] : at) words.emplace_back(buf.data() + b, len);
}

bool starts_upper(std::string_view form) {
  if (form.empty()) return false;
  const auto c = static_cast<unsigned char>(form[0]);
  return (c >= 'A' && c <= 'Z') || c >= 0xC3;
}

bool is_all_caps(std::string_view form) {
  int caps = 0;
  for (char c : form) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') ++caps;
  }
  return caps >= 2;
}

bool is_storm_kind(std::string_view lower) {
  return lower == "hurricane" || lower == "typhoon" || lower == "cyclone" || lower == "storm";
}

bool is_storm_qualifier(std::string_view lower) { return lower == "tropical" || lower == "super"; }

bool is_punct(std::string_view form) {
  if (form.empty()) return false;
  for (std::size_t i = 0; i < form.size(); ++i) {
    const auto c = static_cast<unsigned char>(form[i]);
    if (c >= 0x80) {
      // General Punctuation block U+2010..U+206F starts with E2 80/81; guillemets C2 AB/BB.
      if (c == 0xE2 && i + 1 < form.size() &&
          (static_cast<unsigned char>(form[i + 1]) == 0x80 || static_cast<unsigned char>(form[i + 1]) == 0x81)) {
        i += 2;
        continue;
      }
      if (c == 0xC2 && i + 1 < form.size()) {
        ++i;
        continue;
      }
      return false;
    }
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

Gender given_name_gender(std::string_view lower) {
  if (in(male_names(), lower)) return Gender::Male;
  if (in(female_names(), lower)) return Gender::Female;
  return Gender::Unknown;
}

bool is_honorific(std::string_view lower) {
  static const Set s = {"mr",  "mr.",  "mrs",  "mrs.",      "ms",   "ms.",  "miss",  "dr",   "dr.",
                        "prof", "prof.", "professor", "sir", "dame", "lord", "lady",  "madam", "rev",
                        "rev.", "reverend", "mx", "mx."};
  return in(s, lower);
}

Gender honorific_gender(std::string_view lower) {
  static const Set m = {"mr", "mr.", "sir", "lord"};
  static const Set f = {"mrs", "mrs.", "ms", "ms.", "miss", "lady", "madam", "dame"};
  if (in(m, lower)) return Gender::Male;
  if (in(f, lower)) return Gender::Female;
  return Gender::Unknown;
}

const PronounInfo* pronoun_info(std::string_view lower) {
  using C = PronounCase;
  using G = Gender;
  static const std::unordered_map<std::string_view, PronounInfo> t = {
      {"i", {1, false, G::Unknown, false, C::Subject}},       {"me", {1, false, G::Unknown, false, C::Object}},
      {"my", {1, false, G::Unknown, false, C::Possessive}},   {"mine", {1, false, G::Unknown, false, C::Possessive}},
      {"myself", {1, false, G::Unknown, false, C::Reflexive}}, {"we", {1, true, G::Unknown, false, C::Subject}},
      {"us", {1, true, G::Unknown, false, C::Object}},        {"our", {1, true, G::Unknown, false, C::Possessive}},
      {"ours", {1, true, G::Unknown, false, C::Possessive}},  {"ourselves", {1, true, G::Unknown, false, C::Reflexive}},
      {"he", {3, false, G::Male, false, C::Subject}},         {"him", {3, false, G::Male, false, C::Object}},
      {"his", {3, false, G::Male, false, C::Possessive}},     {"himself", {3, false, G::Male, false, C::Reflexive}},
      {"she", {3, false, G::Female, false, C::Subject}},      {"her", {3, false, G::Female, false, C::Possessive}},
      {"hers", {3, false, G::Female, false, C::Possessive}},  {"herself", {3, false, G::Female, false, C::Reflexive}},
      {"it", {3, false, G::Unknown, true, C::Subject}},       {"its", {3, false, G::Unknown, true, C::Possessive}},
      {"itself", {3, false, G::Unknown, true, C::Reflexive}}, {"they", {3, true, G::Unknown, false, C::Subject}},
      {"them", {3, true, G::Unknown, false, C::Object}},      {"their", {3, true, G::Unknown, false, C::Possessive}},
      {"theirs", {3, true, G::Unknown, false, C::Possessive}}, {"themselves", {3, true, G::Unknown, false, C::Reflexive}},
  };
  if (lower.empty() || lower.size() > 10) return nullptr;
  const auto it = t.find(lower);
  return it == t.end() ? nullptr : &it->second;
}

std::optional<RoleMatch> match_role(const std::vector<std::string_view>& lower, std::size_t i, std::size_t end) {
  // Entries by first word: most words start no role, and this is called per token.
  static const std::unordered_map<std::string_view, std::vector<const RoleEntry*>> by_first = [] {
    std::unordered_map<std::string_view, std::vector<const RoleEntry*>> m;
    for (const RoleEntry& e : roles()) m[e.words[0]].push_back(&e);
    return m;
  }();
  std::optional<RoleMatch> best;
  if (i >= end) return best;
  const auto it = by_first.find(lower[i]);
  static const std::vector<const RoleEntry*> none;
  for (const RoleEntry* ep : it == by_first.end() ? none : it->second) {
    const RoleEntry& e = *ep;
    std::size_t n = 0;
    while (n < e.words.size() && !e.words[n].empty()) ++n;
    if (i + n > end) continue;
    bool ok = true;
    for (std::size_t k = 0; k < n && ok; ++k) ok = lower[i + k] == e.words[k];
    if (!ok || (best && best->length >= n)) continue;
    best = RoleMatch{std::string(e.key), static_cast<std::uint32_t>(n), e.leader, e.generic, e.gender};
  }
  // "<X> minister" for any ministry ("agriculture minister") when X is not itself a role.
  if (i + 1 < end && lower[i + 1] == "minister" && (!best || best->length < 2) && !lower[i].empty() &&
      lower[i][0] >= 'a' && lower[i][0] <= 'z')
    best = RoleMatch{std::string(lower[i]) + " minister", 2, false, false, Gender::Unknown};
  return best;
}

bool role_satisfies(const RoleMatch& want, std::string_view have_key, bool have_leader) {
  if (want.key == have_key) return true;
  if (want.generic) return have_leader;
  if (want.key == "minister") return have_key.size() > 9 && have_key.substr(have_key.size() - 9) == " minister";
  return false;
}

bool is_org_nominal(std::string_view lower) { return in(org_nominals(), lower); }

bool org_accepts_nominal(std::string_view name, std::string_view noun) {
  const std::string n = lower_ascii(name);
  // One of the name's own words ("the Parliament" -> "European Parliament").
  std::size_t p = 0;
  while (p < n.size()) {
    std::size_t q = n.find_first_of(" -", p);
    if (q == std::string::npos) q = n.size();
    if (n.compare(p, q - p, noun) == 0) return true;
    p = q + 1;
  }
  auto has = [&](std::string_view w) { return n.find(w) != std::string::npos; };
  if (noun == "alliance" || noun == "bloc")
    return has("treaty organization") || has("treaty organisation") || n == "nato" || n == "otan" ||
           has("pact") || (noun == "bloc" && (n == "eu" || has("european union") || n == "asean"));
  if (noun == "organisation" || noun == "organization" || noun == "body")
    return has("organisation") || has("organization") || n == "nato" || n == "who" || n == "un" ||
           has("united nations") || n == "opec" || n == "wto";
  if (noun == "company" || noun == "firm" || noun == "group" || noun == "corporation") {
    static const std::array<std::string_view, 12> sfx = {" inc", " inc.", " corp", " corp.", " ltd", " ltd.",
                                                          " plc", " llc", " ag", " sa", " group", " company"};
    for (auto s : sfx)
      if (n.size() > s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0) return true;
    return false;
  }
  if (noun == "government" || noun == "regime" || noun == "administration") return has("government");
  if (noun == "parliament" || noun == "legislature") return has("parliament") || has("assembly") || has("bundestag") || has("duma");
  if (noun == "union") return has("union");
  return false;
}

bool is_country_nominal(std::string_view lower) { return lower == "country" || lower == "nation"; }

bool is_preposition(std::string_view lower) {
  static const Set s = {"of",   "for",    "at",      "from",  "with",    "in",     "on",    "to",
                        "by",   "about",  "against", "like",  "than",    "into",   "over",  "under",
                        "upon", "between", "among",  "without", "within", "through", "toward", "towards",
                        "after", "before", "during", "despite", "behind", "via",   "per",   "including"};
  return in(s, lower);
}

bool is_determiner(std::string_view lower) {
  static const Set s = {"the", "a", "an", "this", "that", "these", "those", "its", "their",
                        "his", "her", "our", "my", "some", "any", "every", "each", "no"};
  return in(s, lower);
}

bool is_corporate_suffix(std::string_view lower) {
  static const Set s = {"inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "limited", "plc",
                        "llc", "co", "co.", "ag", "sa", "s.a.", "gmbh", "nv", "n.v.", "group", "holdings"};
  return in(s, lower);
}

bool is_acronym_stopword(std::string_view lower) {
  static const Set s = {"of", "the", "and", "for", "&", "on", "in", "de", "du", "des", "la", "le", "a", "to"};
  return in(s, lower);
}

bool is_name_suffix(std::string_view lower) {
  static const Set s = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "qc", "kc", "sc", "phd", "md"};
  return in(s, lower);
}

bool is_verb_modifier(std::string_view lower) {
  static const Set s = {"also",     "then",      "later",     "further",    "again",      "repeatedly",
                        "previously", "recently", "reportedly", "only",     "once",       "simply",
                        "publicly", "privately", "separately", "earlier",   "has",        "have",
                        "had",      "will",      "would",     "could",      "can",        "may",
                        "might",    "did",       "does",      "do",         "not",        "never",
                        "n't",      "yesterday", "today",     "tonight",    "just",       "subsequently",
                        "openly",   "firmly",    "clearly",   "strongly",   "flatly",     "quickly",
                        "immediately", "already", "still",    "often",      "frequently", "shall",
                        "should",   "must",      "personally", "explicitly", "directly",
                        "specifically", "emphatically", "angrily", "calmly", "quietly", "bluntly",
                        "candidly", "jokingly",  "ultimately", "finally",
                        "first",    "initially", "originally", "formally",  "officially", "categorically"};
  return in(s, lower);
}

bool is_time_word(std::string_view lower) {
  static const Set s = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                        "week",   "month",   "year",      "night",    "morning", "evening", "afternoon",
                        "weekend"};
  return in(s, lower);
}

bool looks_finite(const Token& t) {
  if (!t.xpos.empty()) return t.xpos == "VBD" || t.xpos == "VBZ" || t.xpos == "VBP" || t.xpos == "MD";
  static const Set s = {"is",   "are",   "was",    "were",  "will", "would", "can",   "could", "has",
                        "have", "had",   "should", "must",  "may",  "might", "shall", "does",  "do",
                        "did",  "'re",    "'ll",   "'d",   "'ve",   "'m",    "am",    "wo",
                        "ca"};
  return in(s, lower_ascii(t.form));
}

bool is_parsed(const AnnotatedDocument& doc, const Sentence& s) {
  if (s.token_begin >= s.token_end) return false;
  for (std::uint32_t i = s.token_begin; i < s.token_end; ++i)
    if (doc.tokens[i].head == -2) return false;
  return true;
}

void insert_mentions(AnnotatedDocument& doc, std::vector<Mention> added) {
  if (added.empty()) return;
  doc.mentions.insert(doc.mentions.end(), std::make_move_iterator(added.begin()),
                      std::make_move_iterator(added.end()));
  std::stable_sort(doc.mentions.begin(), doc.mentions.end(), [](const Mention& a, const Mention& b) {
    if (a.span != b.span) return a.span < b.span;
    return static_cast<int>(a.kind) < static_cast<int>(b.kind);
  });
  for (Entity& e : doc.entities) e.mentions.clear();
  for (std::size_t i = 0; i < doc.mentions.size(); ++i) {
    const int e = doc.mentions[i].entity;
    if (e >= 0 && static_cast<std::size_t>(e) < doc.entities.size())
      doc.entities[static_cast<std::size_t>(e)].mentions.push_back(static_cast<std::uint32_t>(i));
  }
}

}  // namespace newsgraph::coref
