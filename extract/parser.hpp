#pragma once
// Stage 4 of the pipeline: Universal Dependencies syntax.

#include <memory>
#include <string>

#include "extract/tagger.hpp"
#include "graph/model.hpp"

namespace newsgraph {

/// A transition-based dependency parser (arc-eager/arc-hybrid with a dynamic oracle
/// and an averaged perceptron) producing UD heads and relations.
/// Thread safety: after load()/train(), run() is const and safe to call concurrently.
class Parser {
 public:
  /// Loads a "parse" model; throws Error(Model) naming the file on any problem.
  static Parser load(const std::string& path);
  /// Trains from CoNLL-U; `tagger` (optional) predicts the tags used as features so
  /// that training matches inference.
  static Parser train(const TrainOptions& opts, const Tagger* tagger);
  void save(const std::string& path) const;

  /// Takes tagged tokens; sets head (sentence-relative, -1 = root) and deprel.
  /// Guarantees a single root per sentence and a tree.
  void run(AnnotatedDocument& doc) const;

  /// Report with UAS and LAS on gold tokenisation; tags predicted by `tagger` when given.
  std::string evaluate(const std::string& gold_path, const Tagger* tagger) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace newsgraph
