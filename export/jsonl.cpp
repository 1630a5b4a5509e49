#include "export/jsonl.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <fstream>
#include <istream>
#include <map>
#include <ostream>
#include <sys/stat.h>

#include "graph/error.hpp"

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

std::string_view slice(const AnnotatedDocument& d, Span s) {
  if (s.start > d.doc.text.size()) return {};
  return std::string_view(d.doc.text).substr(s.start, s.size());
}

void span_fields(Writer& w, const AnnotatedDocument& d, Span s) {
  key(w, "start");
  w.Uint(s.start);
  key(w, "end");
  w.Uint(s.end);
  key(w, "text");
  str(w, slice(d, s));
}

void span_object(Writer& w, const AnnotatedDocument& d, std::string_view k, Span s) {
  key(w, k);
  w.StartObject();
  span_fields(w, d, s);
  w.EndObject();
}

void optional_string(Writer& w, std::string_view k, std::string_view v) {
  if (v.empty()) return;
  key(w, k);
  str(w, v);
}

Span sentence_span(const AnnotatedDocument& d, std::uint32_t s) {
  return s < d.sentences.size() ? d.sentences[s].span : Span{};
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
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
  // The graph records a hash of each document's text to recognise a document it
  // already holds; carrying it lets `merge` rebuild that record without the text.
  key(w, "text_hash");
  str(w, hex64(fnv1a64(d.doc.text)));

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
    // The quote's content is its slice unless a stage rewrote it; only then is it spelt out.
    if (q.text != slice(d, q.span)) {
      key(w, "content");
      str(w, q.text);
    }
    key(w, "cue");
    str(w, q.cue);
    optional_string(w, "cue_lemma", q.cue_lemma);
    if (!q.cue_span.empty()) span_object(w, d, "cue_span", q.cue_span);
    if (const Span s = sentence_span(d, q.sentence); !s.empty()) span_object(w, d, "sentence_span", s);
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
    span_fields(w, d, r.evidence.empty() ? sentence_span(d, r.sentence) : r.evidence);
    key(w, "confidence");
    w.Double(r.confidence);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  os.Flush();
  out.put('\n');
}

// --- reading -----------------------------------------------------------------
namespace {
using Value = rapidjson::Value;

// Field access that turns every shape problem into Error(Input) at file:line.
class LineReader {
 public:
  LineReader(const std::string& source, std::uint64_t line) : source_(source), line_(line) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ErrorKind::Input, what, ErrorLocation(source_, line_));
  }

  const Value* member(const Value& obj, const char* name, bool required) const {
    auto it = obj.FindMember(name);
    if (it == obj.MemberEnd() || (!required && it->value.IsNull())) {
      if (required) fail(std::string("missing field \"") + name + "\"");
      return nullptr;
    }
    return &it->value;
  }
  std::string string(const Value& obj, const char* name, bool required = true) const {
    const Value* v = member(obj, name, required);
    if (!v) return {};
    if (!v->IsString()) fail(std::string("field \"") + name + "\" must be a string");
    return std::string(v->GetString(), v->GetStringLength());
  }
  const Value& array(const Value& obj, const char* name, bool required = true) const {
    static const Value empty(rapidjson::kArrayType);
    const Value* v = member(obj, name, required);
    if (!v) return empty;
    if (!v->IsArray()) fail(std::string("field \"") + name + "\" must be an array");
    return *v;
  }
  const Value& object(const Value& v, const char* what) const {
    if (!v.IsObject()) fail(std::string(what) + " must be an object");
    return v;
  }
  std::uint32_t offset(const Value& obj, const char* name) const {
    const Value* v = member(obj, name, true);
    if (!v->IsUint()) fail(std::string("field \"") + name + "\" must be an unsigned 32-bit integer");
    return v->GetUint();
  }
  // {"start","end","text"} of `obj` as evidence in `doc`.
  Evidence evidence(const std::string& doc, const Value& obj) const {
    Evidence ev;
    ev.doc = doc;
    ev.span = {offset(obj, "start"), offset(obj, "end")};
    if (ev.span.end < ev.span.start) fail("span end " + std::to_string(ev.span.end) + " is before its start");
    ev.text = string(obj, "text");
    return ev;
  }
  std::optional<Evidence> optional_evidence(const std::string& doc, const Value& obj, const char* name) const {
    const Value* v = member(obj, name, false);
    if (!v) return std::nullopt;
    return evidence(doc, object(*v, name));
  }

 private:
  const std::string& source_;
  std::uint64_t line_;
};

// The vertex an entity reference names: an id defined on the same line, or nullopt for null.
std::optional<Vertex> entity_ref(const LineReader& r, const std::map<std::string, Vertex>& entities, const Value& v,
                                 const char* what) {
  if (v.IsNull()) return std::nullopt;
  if (!v.IsString()) r.fail(std::string(what) + " must be an entity id or null");
  const std::string id(v.GetString(), v.GetStringLength());
  auto it = entities.find(id);
  if (it == entities.end()) r.fail(std::string(what) + " '" + id + "' is not an entity of this line");
  return it->second;
}

std::optional<Vertex> entity_member(const LineReader& r, const std::map<std::string, Vertex>& entities,
                                    const Value& obj, const char* name) {
  const Value* v = r.member(obj, name, false);
  return v ? entity_ref(r, entities, *v, name) : std::nullopt;
}

// Mirrors KnowledgeGraph::add(): the same vertices, edges and evidence, from the line.
bool merge_line(const Value& line, const LineReader& r, KnowledgeGraph& kg) {
  r.object(line, "a line");
  const std::string id = r.string(line, "id");
  std::uint64_t hash = 0;
  if (const std::string h = r.string(line, "text_hash", false); !h.empty()) {
    if (h.size() != 16 || h.find_first_not_of("0123456789abcdef") != std::string::npos)
      r.fail("field \"text_hash\" must be 16 lowercase hex digits");
    hash = std::stoull(h, nullptr, 16);
  }
  if (auto it = kg.documents().find(id); it != kg.documents().end() && it->second.text_hash == hash) return false;
  DocumentMeta meta;
  meta.title = r.string(line, "title", false);
  meta.date = r.string(line, "date", false);
  meta.url = r.string(line, "url", false);

  // Validate the whole line before touching the graph, so a bad line adds nothing:
  // the vertices are built first as plain values.
  std::vector<NodeData> entity_nodes;
  for (const Value& ev : r.array(line, "entities").GetArray()) {
    r.object(ev, "an entity");
    NodeData n;
    n.kind = NodeKind::Entity;
    n.id = r.string(ev, "id");
    const std::string type = r.string(ev, "type");
    const auto t = parse_entity_type(type);
    if (!t) r.fail("unknown entity type '" + type + "'");
    n.type = *t;
    n.name = r.string(ev, "name");
    for (const Value& a : r.array(ev, "aliases", false).GetArray()) {
      if (!a.IsString()) r.fail("entity aliases must be strings");
      n.aliases.emplace_back(a.GetString(), a.GetStringLength());
    }
    n.normalized = r.string(ev, "normalized", false);
    for (const Value& m : r.array(ev, "mentions").GetArray()) n.mentions.push_back(r.evidence(id, r.object(m, "a mention")));
    entity_nodes.push_back(std::move(n));
  }
  const Value& quotes = r.array(line, "quotes", false);
  const Value& relations = r.array(line, "relations", false);
  for (const Value& q : quotes.GetArray()) r.object(q, "a quote");
  for (const Value& rel : relations.GetArray()) r.object(rel, "a relation");

  // Entity references are checked against this line's ids before anything is merged.
  std::map<std::string, Vertex> known;
  for (const NodeData& n : entity_nodes) known.emplace(n.id, Vertex{});
  auto check_ref = [&](const Value& obj, const char* name) { entity_member(r, known, obj, name); };
  for (const Value& q : quotes.GetArray()) {
    check_ref(q, "speaker");
    check_ref(q, "addressee");
    for (const Value& a : r.array(q, "about", false).GetArray()) entity_ref(r, known, a, "about");
    r.evidence(id, q);
    r.optional_evidence(id, q, "cue_span");
    r.optional_evidence(id, q, "sentence_span");
    const std::string kind = r.string(q, "kind");
    if (!parse_quote_kind(kind)) r.fail("unknown quote kind '" + kind + "'");
    if (const Value* u = r.member(q, "unclosed", false); u && !u->IsBool()) r.fail("field \"unclosed\" must be a boolean");
    r.string(q, "cue", false);
    r.string(q, "cue_lemma", false);
    r.string(q, "content", false);
  }
  for (const Value& rel : relations.GetArray()) {
    check_ref(rel, "subject");
    check_ref(rel, "object");
    r.string(rel, "predicate");
    r.string(rel, "role", false);
    r.string(rel, "lemma", false);
    r.evidence(id, rel);
    if (const Value* c = r.member(rel, "confidence", false); c && !c->IsNumber())
      r.fail("field \"confidence\" must be a number");
  }

  kg.add_document(id, meta, hash);
  std::map<std::string, Vertex> entities;
  for (const NodeData& n : entity_nodes) entities[n.id] = kg.upsert_node(n);

  for (const Value& q : quotes.GetArray()) {
    const Evidence content = r.evidence(id, q);
    NodeData n;
    n.kind = NodeKind::Quotation;
    n.id = make_quote_id(id, content.span);
    n.type = EntityType::MISC;
    n.text = r.string(q, "content", false);
    if (!r.member(q, "content", false)) n.text = content.text;
    n.name = n.text;
    n.cue = r.string(q, "cue", false);
    n.quote_kind = *parse_quote_kind(r.string(q, "kind"));
    n.date = meta.date;
    if (const Value* u = r.member(q, "unclosed", false)) n.unclosed = u->GetBool();
    n.mentions.push_back(content);
    const Vertex qv = kg.upsert_node(n);
    if (const auto speaker = entity_member(r, entities, q, "speaker")) {
      EdgeData said;
      said.predicate = "said";
      said.lemma = r.string(q, "cue_lemma", false);
      said.evidence.push_back(r.optional_evidence(id, q, "cue_span").value_or(content));
      kg.upsert_edge(*speaker, qv, said);
      if (const auto addressee = entity_member(r, entities, q, "addressee")) {
        EdgeData to;
        to.predicate = "addressed";
        to.evidence.push_back(r.optional_evidence(id, q, "sentence_span").value_or(content));
        kg.upsert_edge(*speaker, *addressee, to);
      }
    }
    for (const Value& a : r.array(q, "about", false).GetArray()) {
      const auto about = entity_ref(r, entities, a, "about");
      if (!about) continue;
      EdgeData ab;
      ab.predicate = "about";
      ab.evidence.push_back(content);
      kg.upsert_edge(qv, *about, ab);
    }
  }

  for (const Value& rel : relations.GetArray()) {
    const auto subject = entity_member(r, entities, rel, "subject");
    const auto object = entity_member(r, entities, rel, "object");
    if (!subject || !object) continue;  // add() keeps only relations with both ends
    EdgeData d;
    d.predicate = r.string(rel, "predicate");
    d.role = r.string(rel, "role", false);
    d.lemma = r.string(rel, "lemma", false);
    if (const Value* c = r.member(rel, "confidence", false)) d.confidence = c->GetDouble();
    d.evidence.push_back(r.evidence(id, rel));
    kg.upsert_edge(*subject, *object, d);
  }
  return true;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }
}  // namespace

ExtractReadStats read_extract_jsonl(std::istream& in, const std::string& source_name, KnowledgeGraph& graph) {
  ExtractReadStats stats;
  std::string line;
  std::uint64_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (blank(line)) continue;
    ++stats.lines;
    rapidjson::Document json;
    // Iterative: a deeply nested line must not overflow the stack.
    json.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseStopWhenDoneFlag |
               rapidjson::kParseIterativeFlag>(line.data(), line.size());
    if (json.HasParseError())
      throw Error(ErrorKind::Input,
                  std::string(json.GetParseError() == rapidjson::kParseErrorStringInvalidEncoding ? "invalid UTF-8: "
                                                                                                   : "malformed JSON: ") +
                      rapidjson::GetParseError_En(json.GetParseError()),
                  ErrorLocation(source_name, lineno, json.GetErrorOffset()));
    const LineReader r(source_name, lineno);
    if (merge_line(json, r, graph))
      ++stats.added;
    else
      ++stats.duplicates;
  }
  if (in.bad()) throw Error(ErrorKind::Io, "cannot read", ErrorLocation(source_name, lineno));
  return stats;
}

bool is_extract_jsonl(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    if (blank(line)) continue;
    rapidjson::Document json;
    json.Parse<rapidjson::kParseStopWhenDoneFlag | rapidjson::kParseIterativeFlag>(line.data(), line.size());
    if (json.HasParseError() || !json.IsObject()) return false;
    auto it = json.FindMember("entities");
    return it != json.MemberEnd() && it->value.IsArray();
  }
  return false;
}

}  // namespace newsgraph
