#pragma once
// Adding entities and mentions to an already resolved AnnotatedDocument while keeping
// its invariants (mentions sorted by span, entities sorted by id, every index into
// them valid). Used by stages after the Resolver that find things NER did not name:
// an EVENT from "the NATO summit in Helsinki", the country Russia from "Russian".
//
//   int e = ensure_entity(doc, EntityType::GPE, "Russia");   // existing or appended
//   add_mention(doc, e, m);                                  // appended, unsorted
//   doc.relations.push_back(...);                            // may use e
//   restore_order(doc);                                      // sorts and remaps all

#include <string_view>

#include "graph/model.hpp"

namespace newsgraph {

/// Index of the entity whose id is `id`, or -1. Linear in the number of entities.
int find_entity(const AnnotatedDocument& doc, std::string_view id);

/// Returns the index of the entity with id make_entity_id(type, name), appending a
/// new Entity {id, type, name} at the end of doc.entities when there is none. After
/// an append doc.entities is no longer sorted until restore_order() runs; indices
/// returned so far stay valid until then.
int ensure_entity(AnnotatedDocument& doc, EntityType type, std::string_view name);

/// Appends `m` to doc.mentions with m.entity = entity and records it in that
/// entity's mention list; its text is refreshed from the span. Throws
/// Error(Internal) when `entity` is out of range or the span lies outside the text.
/// Mentions are unsorted until restore_order() runs.
void add_mention(AnnotatedDocument& doc, int entity, Mention m);

/// Restores the order invariants of the data model after appends: doc.mentions is
/// stably sorted by span (existing mentions keep their relative order), doc.entities
/// is sorted by id, and every index into them is remapped: Mention::entity,
/// Entity::mentions (ascending, unique), Quotation::speaker/addressee/about (about
/// ascending, unique), Relation::subject/object. Entity aliases become sorted and
/// unique without the canonical name. Idempotent; O(n log n).
void restore_order(AnnotatedDocument& doc);

}  // namespace newsgraph
