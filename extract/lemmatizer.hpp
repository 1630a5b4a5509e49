#pragma once
// The lemmatiser of the tagging stage: a table of the lemmas of words seen in
// training plus suffix rules, learned per Penn XPOS tag, for unseen words.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/hash_index.hpp"

namespace newsgraph {

class ModelWriter;
class ModelReader;

/// Learns lemmas from gold (form, UPOS, XPOS, lemma) tokens and predicts them for
/// tagged tokens, following Universal Dependencies English conventions: common words
/// are lower-cased ("The" -> "the", "running" -> "run"), a proper noun's lemma is its
/// form ("Rutte" -> "Rutte").
///
/// Prediction: a word seen in training (keyed by its lower-cased form and XPOS) gets
/// its most frequent training lemma; otherwise a proper noun keeps its form; otherwise
/// the longest matching learned suffix rule of its XPOS rewrites its ending
/// ("-ies" NNS -> "-y"). Only seen words whose lemma the rules would get wrong are
/// stored, which keeps the table small.
///
/// Thread safety: add()/build() are not thread-safe; after build() or load(),
/// lemma() is const and safe to call concurrently.
class Lemmatizer {
 public:
  /// Records one gold training token. Tokens with an empty lemma are ignored.
  /// Precondition: build() has not been called.
  void add(std::string_view form, std::string_view upos, std::string_view xpos, std::string_view lemma);

  /// Learns the rules and the table from everything add()ed, and drops the
  /// training counts. Deterministic: the same add() calls give the same model.
  void build();

  /// The lemma of a token with the given form and (predicted) tags.
  /// `sentence_initial` says whether the token starts its sentence, where a capital
  /// letter says nothing about the word. Never throws except std::bad_alloc.
  std::string lemma(std::string_view form, std::string_view upos, std::string_view xpos,
                    bool sentence_initial) const;

  /// Serialises the built model into / out of a model file payload.
  /// load() throws Error(Model) (via the reader) on malformed data.
  void save(ModelWriter& w) const;
  static Lemmatizer load(ModelReader& r);

  /// Sizes, for reports: suffix rules and stored word exceptions.
  std::size_t rule_count() const { return rules_.size(); }
  std::size_t exception_count() const { return exceptions_.size(); }

 private:
  struct Rule {
    std::uint8_t strip = 0;  // bytes removed from the end of the form
    std::string append;      // then appended (lower case)
  };
  // Rule for `lower` (already lower-cased) under `xpos`, or nullptr for none.
  const Rule* find_rule(std::string_view xpos, std::string_view lower) const;
  // The rule-based lemma of an unseen word.
  std::string by_rules(std::string_view form, std::string_view lower, std::string_view upos,
                       std::string_view xpos, bool sentence_initial) const;

  void add_rule(std::uint64_t key, Rule r);
  void add_exception(std::uint64_t key, std::string lemma);

  std::vector<Rule> rules_;
  HashIndex rule_index_;                 // hash(xpos, suffix) -> rules_ index
  std::vector<std::string> exceptions_;
  HashIndex exception_index_;            // hash(xpos, lower form) -> exceptions_ index

  // Training counts only: (xpos, lower form) -> lemma/upos counts.
  struct Seen {
    std::string xpos;
    std::string lower;
    std::unordered_map<std::string, std::uint32_t> lemmas;
    std::unordered_map<std::string, std::uint32_t> upos;
  };
  std::unordered_map<std::string, Seen> seen_;
};

/// ASCII lower-casing plus the normalisation the tagger applies to every word:
/// typographic quotes and apostrophes become ASCII ones. Appends to `out`.
void normalize_word(std::string_view form, std::string& out);

}  // namespace newsgraph
