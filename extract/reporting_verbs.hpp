#pragma once
// Private helper of the quotes stage (not part of the public API): the lexicon of
// reporting verbs ("say", "tell", "stress", "call on" ...) looked up by inflected form.

#include <cstdint>
#include <string_view>

namespace newsgraph::coref {

/// Properties of a reporting verb (bit flags of Cue::flags).
enum CueFlag : std::uint16_t {
  kAddressee = 1,       ///< may take the hearer as object: "told the Parliament that"
  kObjectControl = 2,   ///< "urged X to ...": the content is "X to ..."
  kNpProne = 4,         ///< often takes a plain noun phrase ("announced a summit"): needs
                        ///< "that" or a finite verb to count as reported speech
  kNounForm = 8,        ///< this form is also a common noun ("claims", "notes", "state")
  kParticle = 16,       ///< only a cue with a particle: "call on", "point out"
  kIntroOnly = 32,      ///< introduces a block ("expressed concern ...:") but no indirect speech
  kQuoteAdjacent = 64,  ///< a cue only right beside its quotation, with its subject:
                        ///< '"...," Lam continued' or 'Lam continued: "..."'
};

/// A reporting verb as found in the text.
struct Cue {
  std::string_view lemma;  ///< "say"; for particle verbs the base verb ("call")
  std::uint16_t flags = 0;
};

/// The cue for an ASCII-lower-cased word form ("said", "emphasises"), or nullptr.
/// Thread-safe; O(1).
const Cue* reporting_cue(std::string_view lower_form);

/// The cue for a lemma ("say"), or nullptr. Thread-safe; O(1).
const Cue* reporting_lemma(std::string_view lemma);

/// For particle verbs: the particle that makes `lemma` a cue ("call" + "on" ->
/// "call on"), or an empty view when `lower_next` is not one.
std::string_view cue_particle(std::string_view lemma, std::string_view lower_next);

}  // namespace newsgraph::coref
