#pragma once
// Stage 7 of the pipeline: relations between entities.

#include "graph/model.hpp"

namespace newsgraph {

/// Extracts relations of the vocabulary in docs/relations.md from titles,
/// appositions, possessives, prepositional patterns and the dependency parse.
/// Negated or modal statements are not turned into facts.
/// Takes: everything earlier stages filled. Fills: doc.relations (sorted, unique).
/// Thread safety: run() is const and reentrant.
class RelationExtractor {
 public:
  void run(AnnotatedDocument& doc) const;
};

}  // namespace newsgraph
