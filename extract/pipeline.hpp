#pragma once
// The extraction pipeline, top to bottom:
//   segment -> tag -> recognise -> parse -> resolve -> quotations -> relations
//
//   newsgraph::Pipeline pipeline;                    // loads models/ once
//   newsgraph::AnnotatedDocument a = pipeline.run(doc);
//   // a.entities, a.quotations, a.relations

#include <memory>
#include <string>

#include "graph/model.hpp"

namespace newsgraph {

struct PipelineOptions {
  /// Directory holding pos.ngm, ner.ngm, parse.ngm and lexicon.ngm. Empty means: $NEWSGRAPH_MODELS,
  /// else the source tree's models/ (for a build tree), else the installed models.
  std::string models_dir;
};

/// The directory that PipelineOptions{} resolves to. Thread-safe.
std::string default_models_dir();

/// Runs every stage over a document.
/// Construction loads the models and throws Error(Model) if one is missing or bad.
/// Thread safety: run() is const; one Pipeline may serve many threads at once.
/// Determinism: the result depends only on the document and the models.
class Pipeline {
 public:
  explicit Pipeline(const PipelineOptions& options = {});
  ~Pipeline();
  Pipeline(Pipeline&&) noexcept;
  Pipeline& operator=(Pipeline&&) noexcept;

  AnnotatedDocument run(Document doc) const;

  /// Runs only segment -> tag -> recognise -> parse (for `newsgraph annotate`).
  void annotate(AnnotatedDocument& doc, bool segment = true) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsgraph
