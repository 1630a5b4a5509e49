#pragma once
// Stage 3 of the pipeline: named entities.

#include <memory>
#include <string>
#include <vector>

#include "extract/tagger.hpp"
#include "graph/model.hpp"

namespace newsgraph {

struct ConlluSentence;

/// Reads a named-entity corpus into sentences whose Token::ner holds BIO tags:
/// UNER IOB2 files, CoNLL-U with NER= in MISC, or CoNLL-U with GUM's Entity=
/// annotations, of which named mentions (Wikipedia identity or proper-noun head)
/// of type person, organization and place become PER, ORG and LOC spans (leading
/// determiners and trailing possessives/punctuation trimmed; outermost wins).
/// The format is detected from the first token line. Throws Error(Io) / Error(Input).
std::vector<ConlluSentence> read_ner_corpus(const std::string& path);

/// A sequence model (averaged perceptron over BIO tags with constrained decoding)
/// using word, shape, affix, context, tag, gazetteer and word-cluster features, followed by
/// gazetteer-based refinement of place types into GPE / LOC / NORP.
/// Thread safety: after load()/train(), run() is const and safe to call concurrently.
class Recogniser {
 public:
  /// Loads an "ner" model; throws Error(Model) naming the file on any problem.
  static Recogniser load(const std::string& path);
  /// Trains from IOB2 or CoNLL-U (NER= in MISC, or GUM Entity=), reports dev F1,
  /// writes the model. opts.train_path may list several corpora separated by ','.
  /// The gazetteer is models/lexicon.ngm of default_models_dir() and is embedded in
  /// the model, as is the word-cluster table opts.clusters_path (empty: clusters.ngm
  /// of default_models_dir(); "-": none, and no cluster features). Throws Error(Model)
  /// if the table cannot be loaded. Same inputs and seed give a byte-identical model.
  static Recogniser train(const TrainOptions& opts);
  /// As above; with a tagger, training and dev sentences are POS-tagged by it and
  /// the model uses POS features (then run() expects tagged tokens).
  static Recogniser train(const TrainOptions& opts, const Tagger* tagger);
  void save(const std::string& path) const;

  /// Takes tagged tokens; sets Token::ner and replaces doc.mentions with one Name
  /// mention per entity span, sorted by span.
  void run(AnnotatedDocument& doc) const;

  /// Returns a report of exact-span precision, recall and F1, overall and per type,
  /// over the types the gold corpus uses (predicted GPE counts as LOC when the gold
  /// has no GPE). `tagger` supplies POS tags when the model uses them; without one,
  /// gold tags in the corpus are used, else the tagger of default_models_dir().
  std::string evaluate(const std::string& gold_path, const Tagger* tagger) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace newsgraph
