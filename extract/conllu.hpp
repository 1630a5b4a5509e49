#pragma once
// Reading and writing CoNLL-U (Universal Dependencies) and the CoNLL-style IOB2
// files of Universal NER, for training, evaluation and `newsgraph annotate`.

#include <iosfwd>
#include <string>
#include <vector>

#include "graph/model.hpp"

namespace newsgraph {

/// One sentence of a CoNLL-U file. Multi-word token ranges ("1-2") and empty nodes
/// ("8.1") are skipped: tokens are the syntactic words ("did" "n't" for "didn't").
/// Token::head is 0-based within the sentence, -1 for the root, -2 when HEAD is "_";
/// "_" in LEMMA (unless FORM is "_"), UPOS, XPOS and DEPREL becomes "". Token::ner
/// comes from "NER=" in MISC ("O" when absent) or, for IOB2 files, from the third
/// column. Token::space_after is false where MISC says SpaceAfter=No and for every
/// word of a multiword token but its last, which takes the range line's SpaceAfter.
/// Token::span is left zero.
struct ConlluSentence {
  std::vector<std::string> comments;  ///< "# ..." lines, without the "# "
  std::vector<Token> tokens;
  std::vector<std::string> feats;     ///< FEATS column per token
  std::vector<std::string> misc;      ///< MISC column per token
  std::string doc_id;                 ///< from the most recent "# newdoc id = "
};

/// Reads a CoNLL-U or IOB2 file. `iob2` selects the Universal NER column layout
/// (ID FORM TAG ...). Sentences are separated by blank lines; "# " comment lines go
/// to the following sentence. Throws Error(Io) when unreadable and Error(Input) naming
/// the file and line for a malformed line (wrong column count, IDs out of sequence,
/// a bad HEAD or one beyond the sentence, a bad BIO tag). Thread-safe.
std::vector<ConlluSentence> read_conllu(const std::string& path, bool iob2 = false);

/// Turns sentences into one AnnotatedDocument whose text joins the forms with single
/// spaces (or none, where space_after is false) and sentences with newlines, so
/// that token spans and sentences are exact; for UD files each sentence's text equals
/// its "# text =" line. Sentence::paragraph advances at "# newpar" and "# newdoc"
/// comments. Gold annotation is kept in the tokens. Pure; thread-safe.
AnnotatedDocument to_document(const std::vector<ConlluSentence>& sentences, std::string id = "conllu");

/// Writes `doc` as CoNLL-U: ID FORM LEMMA UPOS XPOS FEATS(_) HEAD DEPREL DEPS(_) MISC,
/// with NER=<BIO tag> and SpaceAfter=No in MISC. Thread-compatible.
void write_conllu(std::ostream& out, const AnnotatedDocument& doc);

}  // namespace newsgraph
