#pragma once
// Stage 5 of the pipeline: from mentions to entities, with coreference.

#include "graph/model.hpp"

namespace newsgraph {

/// Groups mentions into document entities by rule-based sieves, the most precise
/// first: exact name, name variants (surname, acronym, with/without title), role
/// nouns ("the Secretary General" -> the person holding that title), then pronouns
/// (nearest compatible antecedent). It adds the pronoun and nominal mentions it
/// resolves to doc.mentions. DATE mentions get an ISO 8601 `normalized` value.
/// Takes: tokens, sentences, mentions (and parse when present). Fills: doc.entities
/// (sorted by id, each with its canonical name, aliases and mentions) and
/// Mention::entity. Thread safety: run() is const and reentrant.
class Resolver {
 public:
  void run(AnnotatedDocument& doc) const;
};

}  // namespace newsgraph
