#include "export/jsonl.hpp"

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>

#include <ostream>

namespace newsgraph {
namespace {
using Writer = rapidjson::Writer<rapidjson::OStreamWrapper>;

void str(Writer& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
void key(Writer& w, std::string_view s) { w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

void entity_ref(Writer& w, const AnnotatedDocument& d, int i) {
  if (i < 0 || static_cast<std::size_t>(i) >= d.entities.size())
    w.Null();
  else
    str(w, d.entities[static_cast<std::size_t>(i)].id);
}

void span_fields(Writer& w, const AnnotatedDocument& d, Span s) {
  key(w, "start");
  w.Uint(s.start);
  key(w, "end");
  w.Uint(s.end);
  key(w, "text");
  str(w, std::string_view(d.doc.text).substr(s.start, s.size()));
}

void optional_string(Writer& w, std::string_view k, std::string_view v) {
  if (v.empty()) return;
  key(w, k);
  str(w, v);
}
}  // namespace

void write_extract_jsonl(std::ostream& out, const AnnotatedDocument& d) {
  rapidjson::OStreamWrapper os(out);
  Writer w(os);
  w.StartObject();
  key(w, "id");
  str(w, d.doc.id);
  optional_string(w, "title", d.doc.meta.title);
  optional_string(w, "date", d.doc.meta.date);
  optional_string(w, "url", d.doc.meta.url);

  key(w, "entities");
  w.StartArray();
  for (const Entity& e : d.entities) {
    w.StartObject();
    key(w, "id");
    str(w, e.id);
    key(w, "type");
    str(w, to_string(e.type));
    key(w, "name");
    str(w, e.name);
    key(w, "aliases");
    w.StartArray();
    for (const auto& a : e.aliases) str(w, a);
    w.EndArray();
    optional_string(w, "normalized", e.normalized);
    key(w, "mentions");
    w.StartArray();
    for (auto m : e.mentions) {
      const Mention& mention = d.mentions[m];
      w.StartObject();
      span_fields(w, d, mention.span);
      key(w, "kind");
      str(w, to_string(mention.kind));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();

  key(w, "quotes");
  w.StartArray();
  for (const Quotation& q : d.quotations) {
    w.StartObject();
    key(w, "speaker");
    entity_ref(w, d, q.speaker);
    key(w, "addressee");
    entity_ref(w, d, q.addressee);
    span_fields(w, d, q.span);
    key(w, "cue");
    str(w, q.cue);
    key(w, "kind");
    str(w, to_string(q.kind));
    key(w, "about");
    w.StartArray();
    for (int a : q.about) entity_ref(w, d, a);
    w.EndArray();
    key(w, "unclosed");
    w.Bool(q.unclosed);
    w.EndObject();
  }
  w.EndArray();

  key(w, "relations");
  w.StartArray();
  for (const Relation& r : d.relations) {
    w.StartObject();
    key(w, "subject");
    entity_ref(w, d, r.subject);
    key(w, "predicate");
    str(w, r.predicate);
    key(w, "object");
    entity_ref(w, d, r.object);
    optional_string(w, "role", r.role);
    optional_string(w, "lemma", r.lemma);
    span_fields(w, d, r.evidence);
    key(w, "confidence");
    w.Double(r.confidence);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  os.Flush();
  out.put('\n');
}

}  // namespace newsgraph
