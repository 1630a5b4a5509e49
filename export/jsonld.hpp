#pragma once
// JSON-LD 1.1 export and import of the knowledge graph, in schema.org terms plus
// newsgraph's own vocabulary (https://newsgraph.dev/ns#). The vocabulary, the shape
// of the document and the id scheme are documented in docs/jsonld.md.

#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "graph/knowledge_graph.hpp"

namespace newsgraph {

/// newsgraph's vocabulary namespace; every non-schema.org term lives here.
inline constexpr std::string_view kNewsgraphNamespace = "https://newsgraph.dev/ns#";
/// The schema.org namespace as used by schema.org's own JSON-LD context.
inline constexpr std::string_view kSchemaNamespace = "http://schema.org/";
/// Default base IRI that the relative node ids (person/mark-rutte) resolve against.
inline constexpr std::string_view kDefaultBaseIri = "https://newsgraph.dev/id/";
/// Where the context is published when it is referenced rather than inlined.
inline constexpr std::string_view kDefaultContextUrl = "https://newsgraph.dev/ns/context.jsonld";

struct JsonLdOptions {
  /// Base IRI for node ids: an absolute hierarchical IRI ending in '/'
  /// (e.g. "https://example.org/kg/"), so that relative ids resolve beneath it.
  std::string base = std::string(kDefaultBaseIri);
  /// Empty: the context is written inline (works offline). Otherwise the document
  /// references this URL ("@context": [url, {"@base": base}]); publish the context
  /// written by write_jsonld_context() there.
  std::string context_url;
  /// Indent the output (2 spaces). Compact output is about a third smaller.
  bool pretty = true;
};

/// Writes the whole graph as one JSON-LD 1.1 document, streaming (no DOM), in the
/// canonical order: documents (NewsArticle) by id, then vertices by id, each entity
/// carrying its relations as schema.org Role nodes with their evidence.
/// Guarantees: deterministic bytes for equal graphs; valid UTF-8 and valid JSON even
/// if a string in the graph is not valid UTF-8 (bad sequences become U+FFFD); node ids
/// are relative IRIs percent-encoded so they cannot escape the base (no ':', '..', '"').
/// Throws Error(Usage) for a base that is not an absolute IRI ending in '/',
/// Error(Internal) for a non-finite confidence, Error(Io) when the stream fails.
/// Thread safety: reads the graph only; concurrent calls on one graph are safe.
void write_jsonld(const KnowledgeGraph& graph, std::ostream& out, const JsonLdOptions& options = {});

/// Writes the context document alone (what a by-reference @context URL must serve).
void write_jsonld_context(std::ostream& out);

/// Reads a JSON-LD document written by write_jsonld() (any base, inline or referenced
/// context, pretty or compact) back into a graph. Guarantees: write_jsonld() of the
/// result with the same options reproduces the input byte for byte.
/// Throws Error(Input) for malformed JSON, invalid UTF-8 or a document not in
/// newsgraph's shape; the error names `source_name` and the byte offset (0-based, from
/// the start of the stream) of the problem or of the @graph item that holds it.
/// Error(Io) when the stream cannot be read. Thread safety: reentrant.
KnowledgeGraph read_jsonld(std::istream& in, const std::string& source_name);

/// The relative IRI used as "@id" for a vertex id (or "doc/" + document id): every
/// byte outside [A-Za-z0-9-._~/] is percent-encoded, as are a leading '/' and dot
/// segments. Exposed for the RDF writers and tests; pure and thread-safe.
std::string iri_escape_path(std::string_view id);

/// The compact IRI ("ng:holdsPosition") of a relation predicate: percent-encoded
/// outside [A-Za-z0-9-._~], first letter encoded when it would spell one of the
/// vocabulary's node properties. Shared with the RDF writers; pure.
std::string jsonld_predicate_term(std::string_view predicate);

/// The @type of an entity ("Person", "Place", "ng:Group", ...). Never fails.
std::string_view jsonld_entity_type(EntityType type);

/// Checks a base IRI (absolute, hierarchical, ending in '/'); throws Error(Usage).
void check_base_iri(const std::string& base);

/// Inverse of iri_escape_path(); std::string() plus `ok = false` for malformed '%' or
/// a decoded result that is not valid UTF-8.
std::string iri_unescape(std::string_view iri, bool& ok);

}  // namespace newsgraph
