#pragma once
// Stage 6 of the pipeline: who said what.

#include <functional>
#include <string>

#include "graph/model.hpp"

namespace newsgraph {

class Pipeline;

/// Finds direct, block, indirect and mixed quotations and attributes each to a
/// speaker entity through the resolved mentions; an unknown speaker stays -1.
/// Takes: tokens, sentences, mentions, entities (uses tags and the parse when
/// present, surface rules otherwise). Fills: doc.quotations (sorted by span, then
/// kind). Also adds the first-person pronouns inside a speaker's direct or block
/// quotes ("I", "my"; "we" for organisations) to doc.mentions as Pronoun mentions of
/// the speaker, keeping doc.mentions sorted and Entity::mentions valid.
/// Thread safety: run() is const and reentrant.
class QuoteFinder {
 public:
  void run(AnnotatedDocument& doc) const;

  /// Scores quotation finding against the `attribution` discourse relations of a
  /// GUM-style CoNLL-U file (MISC Discourse= and Entity= annotations), over the
  /// documents whose id contains "_<genre>_" for one of the comma-separated
  /// `genres` (empty: all documents). With `pipeline` null the gold tokens, tags,
  /// parse and proper-name mentions are used; otherwise the pipeline annotates the
  /// raw text. The gold content of a relation is its target unit and the units that
  /// depend on it within its paragraph (minus the attribution unit); spans are
  /// compared on word tokens (punctuation and a leading "that" left out). The gold
  /// speaker is the coreference chain of the source tokens (sem-atsrc signal). A
  /// predicted quotation matches a gold one when their word tokens overlap by a Dice
  /// coefficient >= 0.5 (one-to-one, greedy by overlap); its speaker is right when
  /// the speaker entity's mention nearest the cue lies in the gold chain.
  /// Returns a human-readable report (per document and totals: quotation precision,
  /// recall, F1, token-level content F1, speaker accuracy). Throws Error(Io/Input)
  /// for an unreadable or malformed file.
  static std::string evaluate(const std::string& gold_path, const Pipeline* pipeline = nullptr,
                              const std::string& genres = "news,interview");

  /// As above, with any annotator in place of the pipeline: `annotate` receives a
  /// document holding only the raw text (with paragraphs as lines) and must fill
  /// tokens, sentences, tags, parse and name mentions as far as it can; the resolver
  /// and this finder then run on it.
  static std::string evaluate(const std::string& gold_path, const std::function<void(AnnotatedDocument&)>& annotate,
                              const std::string& genres = "news,interview");
};

}  // namespace newsgraph
