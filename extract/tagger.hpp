#pragma once
// Stage 2 of the pipeline: part-of-speech tags (UPOS and Penn XPOS) and lemmas.

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

#include "extract/perceptron.hpp"
#include "graph/model.hpp"

namespace newsgraph {

struct ConlluSentence;

/// Settings for training any of the statistical models.
struct TrainOptions {
  std::string train_path;   ///< training corpus (CoNLL-U, or IOB2 for NER)
  std::string dev_path;     ///< development corpus for reporting, may be empty
  std::string output_path;  ///< model file to write
  int epochs = 0;           ///< 0 = the component's default
  std::uint64_t seed = 1;   ///< shuffling seed; same seed, same model, byte for byte
  std::ostream* log = nullptr;  ///< progress lines, or nullptr for silence
  /// Word-cluster table (extract/word_clusters.hpp) for the pos model, which embeds
  /// it: empty = clusters.ngm of default_models_dir(); "-" = train without.
  std::string clusters_path;
};

/// An averaged-perceptron tagger predicting UPOS and XPOS, with a lemmatiser. Two
/// greedy passes: the first tags left to right from the words and the tags already
/// chosen on the left; the second revises the words the first was unsure of, seeing
/// the first pass's tags on the right as well (it was trained on jackknifed first-pass
/// tags, so it knows the first pass's typical mistakes).
/// Thread safety: after load()/train(), run() is const and safe to call concurrently.
class Tagger {
 public:
  /// Loads a "pos" model; throws Error(Model) naming the file if it is missing,
  /// corrupt or of another version.
  static Tagger load(const std::string& path);
  /// Trains from opts.train_path (one CoNLL-U file, or several separated by commas),
  /// reports progress and dev accuracy to opts.log, writes opts.output_path (unless
  /// empty). Word classes come from WordNet (/usr/share/wordnet) and the word list
  /// /usr/share/dict/american-english when present, and are stored in the model; without
  /// them the model is trained without those features. The word clusters of
  /// opts.clusters_path are embedded in the model. The second pass is trained on the
  /// tags of four first-pass models each trained without one quarter of the corpus
  /// (jackknifing), so training costs about five first-pass trainings.
  /// Deterministic for a given seed.
  /// Throws Error(Model) if the cluster table cannot be loaded.
  /// Throws Error(Io/Input) for unreadable or malformed corpora.
  static Tagger train(const TrainOptions& opts);
  void save(const std::string& path) const;

  /// Takes doc.tokens and doc.sentences; fills upos, xpos and lemma of every token.
  /// Each sentence is tagged on its own; a document without sentences is tagged as one.
  /// Throws Error(Internal) if a sentence's token range is out of bounds.
  void run(AnnotatedDocument& doc) const;
  /// Like run(), with the first pass alone (no second pass): for diagnostics and tests.
  void run_first_pass(AnnotatedDocument& doc) const;

  /// Tags a copy of gold (gold tokenisation) and returns a printable report with
  /// UPOS, XPOS and lemma accuracy, and the UPOS accuracy of the first pass alone.
  std::string evaluate(const std::string& gold_path) const;

 private:
  struct Impl;
  void run(AnnotatedDocument& doc, bool second_pass) const;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace newsgraph
