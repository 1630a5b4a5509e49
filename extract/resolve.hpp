#pragma once
// Stage 5 of the pipeline: from mentions to entities, with coreference.

#include <utility>

#include "extract/lexicon.hpp"
#include "graph/model.hpp"

namespace newsgraph {

/// Groups mentions into document entities by rule-based sieves, the most precise
/// first: exact name, name variants (surname, acronym, with/without title, and with
/// a lexicon a country's other names, the entity then taking its canonical name), role
/// nouns ("the Secretary General" -> the person holding that title), then pronouns
/// (nearest compatible antecedent). It adds the pronoun and nominal mentions it
/// resolves to doc.mentions. DATE mentions get an ISO 8601 `normalized` value.
/// Takes: tokens, sentences, mentions (and parse when present). Fills: doc.entities
/// (sorted by id, each with its canonical name, aliases and mentions) and
/// Mention::entity. Thread safety: run() is const and reentrant.
class Resolver {
 public:
  /// Without gazetteers: country aliases join only through their initials.
  Resolver() = default;
  /// With the lexicon's country names, the aliases of one country ("USA", "United
  /// States", "America") are one entity. The lexicon is shared, not copied.
  explicit Resolver(Lexicon lexicon) : lexicon_(std::move(lexicon)) {}
  void run(AnnotatedDocument& doc) const;

 private:
  Lexicon lexicon_;
};

}  // namespace newsgraph
