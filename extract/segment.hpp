#pragma once
// Stage 1 of the pipeline: sentences and tokens, with byte offsets.

#include "graph/model.hpp"

namespace newsgraph {

/// Splits a document into sentences and Universal-Dependencies-style tokens (as in
/// UD English EWT/GUM) using ICU's word break iterator plus English rules: clitics
/// ("do" "n't", "ca" "n't", "it" "'s", also with U+2019), abbreviations kept whole
/// ("U.S.", "Mr.", "e.g."; the period is split off again when the abbreviation ends a
/// sentence), URLs and e-mail addresses as one token, numbers ("1,000", "2.5", "5:30",
/// "9/11"; "6am" -> "6" "am"; "2%" -> "2" "%"), hyphenated compounds split except after
/// bound prefixes ("two" "-" "thirds" but "non-profit"), "..." and "?!" as one token.
/// Each line of text is a paragraph: a sentence never crosses a line break, and
/// Sentence::paragraph counts the preceding lines that contain text. A sentence holds
/// at most 250 tokens: a longer run (text without punctuation) is cut after a nearby
/// comma, semicolon or colon, else at the limit, so later stages stay linear.
/// Takes: doc.doc.text (UTF-8; invalid bytes are tolerated and kept inside tokens).
/// Fills: doc.tokens, doc.sentences (replacing them); token.space_after is true when
/// white space (or the end of the text) follows; other token fields keep defaults.
/// Guarantees: every token's span lies inside its sentence's span; tokens are in
/// text order, never overlap, never contain white space, and cover all the rest of
/// the text (U+200B, U+FEFF and format characters after white space count as white
/// space here);
/// token.form equals its slice of the text; sentences cover all tokens in order. Throws Error(Input) for a text over 2 GiB.
/// Thread safety: run() is const and safe to call concurrently (per-thread ICU state).
class Segmenter {
 public:
  /// Prepares the calling thread's ICU iterator. Throws Error(Internal) when ICU's
  /// break rules cannot be loaded.
  Segmenter();
  void run(AnnotatedDocument& doc) const;
};

}  // namespace newsgraph
