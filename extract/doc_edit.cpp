#include "extract/doc_edit.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "graph/error.hpp"

namespace newsgraph {

int find_entity(const AnnotatedDocument& doc, std::string_view id) {
  for (std::size_t i = 0; i < doc.entities.size(); ++i)
    if (doc.entities[i].id == id) return static_cast<int>(i);
  return -1;
}

int ensure_entity(AnnotatedDocument& doc, EntityType type, std::string_view name) {
  std::string id = make_entity_id(type, name);
  if (const int found = find_entity(doc, id); found >= 0) return found;
  Entity e;
  e.id = std::move(id);
  e.type = type;
  e.name = std::string(name);
  doc.entities.push_back(std::move(e));
  return static_cast<int>(doc.entities.size()) - 1;
}

void add_mention(AnnotatedDocument& doc, int entity, Mention m) {
  if (entity < 0 || static_cast<std::size_t>(entity) >= doc.entities.size())
    throw Error(ErrorKind::Internal, "add_mention: entity index " + std::to_string(entity) + " out of range",
                ErrorLocation(doc.doc.id));
  if (m.span.end > doc.doc.text.size() || m.span.start > m.span.end)
    throw Error(ErrorKind::Internal, "add_mention: span outside the document text", ErrorLocation(doc.doc.id));
  m.text = doc.doc.text.substr(m.span.start, m.span.size());
  m.entity = entity;
  doc.mentions.push_back(std::move(m));
  doc.entities[static_cast<std::size_t>(entity)].mentions.push_back(
      static_cast<std::uint32_t>(doc.mentions.size() - 1));
}

void restore_order(AnnotatedDocument& doc) {
  // Mentions: stable sort by span, then remap entity mention lists.
  const std::size_t nm = doc.mentions.size();
  std::vector<std::uint32_t> morder(nm);
  std::iota(morder.begin(), morder.end(), 0u);
  std::stable_sort(morder.begin(), morder.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return doc.mentions[a].span < doc.mentions[b].span; });
  {
    std::vector<Mention> sorted;
    sorted.reserve(nm);
    for (std::uint32_t i : morder) sorted.push_back(std::move(doc.mentions[i]));
    doc.mentions = std::move(sorted);
  }

  // Entities: sort by id (ids are unique after resolution; ties keep their order).
  const std::size_t ne = doc.entities.size();
  std::vector<std::size_t> eorder(ne);
  std::iota(eorder.begin(), eorder.end(), std::size_t{0});
  std::stable_sort(eorder.begin(), eorder.end(),
                   [&](std::size_t a, std::size_t b) { return doc.entities[a].id < doc.entities[b].id; });
  std::vector<int> enew(ne);
  for (std::size_t i = 0; i < ne; ++i) enew[eorder[i]] = static_cast<int>(i);
  {
    std::vector<Entity> sorted;
    sorted.reserve(ne);
    for (std::size_t i : eorder) sorted.push_back(std::move(doc.entities[i]));
    doc.entities = std::move(sorted);
  }
  const auto remap = [&](int e) {
    return e >= 0 && static_cast<std::size_t>(e) < ne ? enew[static_cast<std::size_t>(e)] : -1;
  };

  for (Mention& m : doc.mentions) m.entity = remap(m.entity);
  for (Entity& e : doc.entities) {
    e.mentions.clear();
    std::sort(e.aliases.begin(), e.aliases.end());
    e.aliases.erase(std::unique(e.aliases.begin(), e.aliases.end()), e.aliases.end());
    std::erase(e.aliases, e.name);
  }
  // Rebuilt from Mention::entity, which moved with its mention: both directions agree.
  for (std::size_t i = 0; i < doc.mentions.size(); ++i)
    if (const int e = doc.mentions[i].entity; e >= 0)
      doc.entities[static_cast<std::size_t>(e)].mentions.push_back(static_cast<std::uint32_t>(i));

  for (Quotation& q : doc.quotations) {
    q.speaker = remap(q.speaker);
    q.addressee = remap(q.addressee);
    for (int& a : q.about) a = remap(a);
    std::erase(q.about, -1);
    std::sort(q.about.begin(), q.about.end());
    q.about.erase(std::unique(q.about.begin(), q.about.end()), q.about.end());
  }
  for (Relation& r : doc.relations) {
    r.subject = remap(r.subject);
    r.object = remap(r.object);
  }
}

}  // namespace newsgraph
