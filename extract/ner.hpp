#pragma once
// Stage 3 of the pipeline: named entities.

#include <memory>
#include <string>

#include "extract/tagger.hpp"
#include "graph/model.hpp"

namespace newsgraph {

/// A sequence model (averaged perceptron over BIO tags with constrained decoding)
/// using word, shape, affix, context, tag and gazetteer features, followed by
/// gazetteer-based refinement of place types into GPE / LOC / NORP.
/// Thread safety: after load()/train(), run() is const and safe to call concurrently.
class Recogniser {
 public:
  /// Loads an "ner" model; throws Error(Model) naming the file on any problem.
  static Recogniser load(const std::string& path);
  /// Trains from IOB2 or CoNLL-U (NER= in MISC), reports dev F1, writes the model.
  static Recogniser train(const TrainOptions& opts);
  void save(const std::string& path) const;

  /// Takes tagged tokens; sets Token::ner and replaces doc.mentions with one Name
  /// mention per entity span, sorted by span.
  void run(AnnotatedDocument& doc) const;

  /// Returns a report of exact-span precision, recall and F1, overall and per type.
  std::string evaluate(const std::string& gold_path, const Tagger* tagger) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace newsgraph
