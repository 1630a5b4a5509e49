#pragma once
// Stage 1 of the pipeline: sentences and tokens, with byte offsets.

#include "graph/model.hpp"

namespace newsgraph {

/// Splits a document into sentences and Universal-Dependencies-style tokens using
/// ICU's sentence and word break iterators plus English rules: clitics ("n't", "'s",
/// "'re"), abbreviations ("U.S.", "Mr."), URLs, e-mail addresses, numbers and
/// percentages. Paragraphs are blocks separated by line breaks; a sentence never
/// crosses a line break.
/// Takes: doc.doc.text (valid UTF-8). Fills: doc.tokens, doc.sentences (replacing them).
/// Guarantees: every token's span lies inside its sentence's span; tokens are in
/// text order and never overlap; token.form equals its slice of the text.
/// Thread safety: run() is const and safe to call concurrently.
class Segmenter {
 public:
  Segmenter();
  void run(AnnotatedDocument& doc) const;
};

}  // namespace newsgraph
