#include "extract/reporting_verbs.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace newsgraph::coref {
namespace {

struct LemmaEntry {
  std::string_view lemma;
  std::uint16_t flags;
  // Irregular or doubled forms: third person, past, past participle, -ing. Empty
  // means "derive by the regular rules".
  std::string_view s, ed, en, ing;
};

// The lexicon. Flags say how the verb takes its content (see CueFlag).
const std::vector<LemmaEntry>& lemmas() {
  static const std::vector<LemmaEntry> v = {
      {"say", 0, "says", "said", "said", "saying"},
      {"tell", kAddressee, "tells", "told", "told", "telling"},
      {"stress", kNpProne, {}, {}, {}, {}},
      {"note", kNpProne | kNounForm, {}, {}, {}, {}},
      {"warn", kAddressee, {}, {}, {}, {}},
      {"urge", kObjectControl | kAddressee, {}, {}, {}, {}},
      {"call", kObjectControl | kParticle, {}, {}, {}, {}},
      {"point", kParticle, {}, {}, {}, {}},
      {"announce", kNpProne, {}, {}, {}, {}},
      {"claim", kNounForm, {}, {}, {}, {}},
      {"insist", 0, {}, {}, {}, {}},
      {"emphasise", kNpProne, {}, {}, {}, {}},
      {"emphasize", kNpProne, {}, {}, {}, {}},
      {"add", 0, {}, {}, {}, {}},
      {"admit", kNpProne, "admits", "admitted", "admitted", "admitting"},
      {"deny", kNpProne, {}, {}, {}, {}},
      {"explain", kNpProne, {}, {}, {}, {}},
      {"state", kNpProne | kNounForm, {}, {}, {}, {}},
      {"argue", 0, {}, {}, {}, {}},
      {"highlight", kNpProne | kNounForm, {}, {}, {}, {}},
      {"suggest", kNpProne, {}, {}, {}, {}},
      {"ask", kAddressee | kObjectControl | kNpProne, {}, {}, {}, {}},
      {"reply", 0, {}, {}, {}, {}},
      {"respond", 0, {}, {}, {}, {}},
      {"answer", kNpProne | kNounForm, {}, {}, {}, {}},
      {"write", kNpProne, "writes", "wrote", "written", "writing"},
      {"tweet", kNounForm, {}, {}, {}, {}},
      {"post", kNpProne | kNounForm, {}, {}, {}, {}},
      {"declare", 0, {}, {}, {}, {}},
      {"express", kIntroOnly, {}, {}, {}, {}},
      {"acknowledge", kNpProne, {}, {}, {}, {}},
      {"assert", 0, {}, {}, {}, {}},
      {"confirm", kNpProne, {}, {}, {}, {}},
      {"report", kNpProne | kNounForm, {}, {}, {}, {}},
      {"reveal", kNpProne, {}, {}, {}, {}},
      {"predict", kNpProne, {}, {}, {}, {}},
      {"promise", kNpProne | kNounForm | kAddressee, {}, {}, {}, {}},
      {"vow", kNounForm, {}, {}, {}, {}},
      {"pledge", kNpProne | kNounForm, {}, {}, {}, {}},
      {"concede", 0, {}, {}, {}, {}},
      {"contend", 0, {}, {}, {}, {}},
      {"maintain", kNpProne, {}, {}, {}, {}},
      {"recall", kNpProne, {}, {}, {}, {}},
      {"remark", kNounForm, {}, {}, {}, {}},
      {"comment", kNpProne | kNounForm, {}, {}, {}, {}},
      {"observe", kNpProne, {}, {}, {}, {}},
      {"reiterate", kNpProne, {}, {}, {}, {}},
      {"repeat", kNpProne, {}, {}, {}, {}},
      {"mention", kNpProne | kNounForm, {}, {}, {}, {}},
      {"testify", 0, {}, {}, {}, {}},
      {"inform", kAddressee | kNpProne, {}, {}, {}, {}},
      {"assure", kAddressee | kNpProne, {}, {}, {}, {}},
      {"advise", kAddressee | kObjectControl | kNpProne, {}, {}, {}, {}},
      {"remind", kAddressee | kNpProne, {}, {}, {}, {}},
      {"demand", kNpProne | kNounForm, {}, {}, {}, {}},
      {"propose", kNpProne, {}, {}, {}, {}},
      {"recommend", kNpProne, {}, {}, {}, {}},
      {"conclude", kNpProne, {}, {}, {}, {}},
      {"continue", kIntroOnly | kQuoteAdjacent, {}, {}, {}, {}},
      {"caution", kNpProne | kNounForm, {}, {}, {}, {}},
      {"complain", 0, {}, {}, {}, {}},
      {"counter", kNpProne, {}, {}, {}, {}},
      {"disclose", kNpProne, {}, {}, {}, {}},
      {"allege", 0, {}, {}, {}, {}},
      {"boast", kNounForm, {}, {}, {}, {}},
      {"joke", kNounForm, {}, {}, {}, {}},
      {"quip", kNounForm, "quips", "quipped", "quipped", "quipping"},
      {"exclaim", 0, {}, {}, {}, {}},
      {"shout", kNpProne, {}, {}, {}, {}},
      {"underline", kNpProne, {}, {}, {}, {}},
      {"underscore", kNpProne, {}, {}, {}, {}},
      {"affirm", kNpProne, {}, {}, {}, {}},
      {"estimate", kNpProne | kNounForm, {}, {}, {}, {}},
      {"indicate", kNpProne, {}, {}, {}, {}},
      {"signal", kNpProne | kNounForm, "signals", "signalled", "signalled", "signalling"},
      {"describe", kNpProne, {}, {}, {}, {}},
      {"encourage", kObjectControl | kAddressee | kNpProne, {}, {}, {}, {}},
      {"opine", 0, {}, {}, {}, {}},
      {"elaborate", kIntroOnly, {}, {}, {}, {}},
      {"recount", kNpProne, {}, {}, {}, {}},
      {"lament", kNpProne, {}, {}, {}, {}},
      {"retort", 0, {}, {}, {}, {}},
      {"clarify", kNpProne, {}, {}, {}, {}},
  };
  return v;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

std::string third(std::string_view l) {
  std::string s(l);
  if (s.ends_with("s") || s.ends_with("sh") || s.ends_with("ch") || s.ends_with("x") || s.ends_with("z"))
    return s + "es";
  if (s.size() > 1 && s.back() == 'y' && !is_vowel(s[s.size() - 2])) return s.substr(0, s.size() - 1) + "ies";
  return s + "s";
}

std::string past(std::string_view l) {
  std::string s(l);
  if (s.ends_with("e")) return s + "d";
  if (s.size() > 1 && s.back() == 'y' && !is_vowel(s[s.size() - 2])) return s.substr(0, s.size() - 1) + "ied";
  return s + "ed";
}

std::string gerund(std::string_view l) {
  std::string s(l);
  if (s.ends_with("ee")) return s + "ing";
  if (s.ends_with("e")) return s.substr(0, s.size() - 1) + "ing";
  return s + "ing";
}

struct Tables {
  std::vector<std::string> forms;  // owns the keys of by_form
  std::unordered_map<std::string_view, Cue> by_form;
  std::unordered_map<std::string_view, Cue> by_lemma;
};

const Tables& tables() {
  static const Tables t = [] {
    Tables r;
    r.forms.reserve(lemmas().size() * 5);
    for (const LemmaEntry& e : lemmas()) {
      const Cue c{e.lemma, e.flags};
      r.by_lemma.emplace(e.lemma, c);
      const std::string forms[] = {std::string(e.lemma), e.s.empty() ? third(e.lemma) : std::string(e.s),
                                   e.ed.empty() ? past(e.lemma) : std::string(e.ed),
                                   e.en.empty() ? past(e.lemma) : std::string(e.en),
                                   e.ing.empty() ? gerund(e.lemma) : std::string(e.ing)};
      for (std::size_t i = 0; i < 5; ++i) {
        Cue fc = c;
        // Only the base and -s forms of noun-like verbs are nouns ("claim", "claims");
        // "claimed" is unambiguous.
        if ((e.flags & kNounForm) && i >= 2) fc.flags = static_cast<std::uint16_t>(fc.flags & ~kNounForm);
        r.forms.push_back(forms[i]);
        r.by_form.emplace(r.forms.back(), fc);
      }
    }
    return r;
  }();
  return t;
}

}  // namespace

const Cue* reporting_cue(std::string_view lower_form) {
  const auto& m = tables().by_form;
  if (lower_form.size() < 3 || lower_form.size() > 14) return nullptr;
  const auto it = m.find(lower_form);
  return it == m.end() ? nullptr : &it->second;
}

const Cue* reporting_lemma(std::string_view lemma) {
  const auto& m = tables().by_lemma;
  const auto it = m.find(lemma);
  return it == m.end() ? nullptr : &it->second;
}

std::string_view cue_particle(std::string_view lemma, std::string_view lower_next) {
  if (lemma == "call") {
    if (lower_next == "on") return "call on";
    if (lower_next == "upon") return "call on";
    if (lower_next == "for") return "call for";
  }
  if (lemma == "point" && lower_next == "out") return "point out";
  return {};
}

}  // namespace newsgraph::coref
