#pragma once
// Stage 7 of the pipeline: relations between entities.

#include <memory>

#include "graph/model.hpp"

namespace newsgraph {

class Lexicon;

/// Extracts relations of the vocabulary in docs/relations.md from titles,
/// appositions, possessives, prepositional patterns and the dependency parse.
/// Negated or modal statements are not turned into facts.
/// Takes: everything earlier stages filled. Fills: doc.relations (sorted, unique).
/// Where the text names a thing that NER did not (an event such as "the NATO summit
/// in Helsinki", a group such as "NATO member states", the country behind a demonym
/// such as "Russian President"), it adds that entity and a mention of it, keeping
/// doc.entities sorted by id and every index consistent (see extract/doc_edit.hpp).
/// Thread safety: run() is const and reentrant.
class RelationExtractor {
 public:
  /// Uses a small built-in demonym and country table.
  RelationExtractor();
  /// Uses the shared gazetteer for demonyms, countries and subdivisions (the
  /// built-in table still answers what the lexicon does not). The lexicon is shared,
  /// not copied.
  explicit RelationExtractor(const Lexicon& lexicon);

  void run(AnnotatedDocument& doc) const;

 private:
  std::shared_ptr<const Lexicon> lexicon_;
};

}  // namespace newsgraph
