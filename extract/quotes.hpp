#pragma once
// Stage 6 of the pipeline: who said what.

#include "graph/model.hpp"

namespace newsgraph {

/// Finds direct, block, indirect and mixed quotations and attributes each to a
/// speaker entity through the resolved mentions; an unknown speaker stays -1.
/// Takes: tokens, sentences, mentions, entities. Fills: doc.quotations (sorted by span).
/// Thread safety: run() is const and reentrant.
class QuoteFinder {
 public:
  void run(AnnotatedDocument& doc) const;
};

}  // namespace newsgraph
