#include "cli/outputs.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

#include "export/atomic_file.hpp"
#include "export/dot.hpp"
#include "export/graphml.hpp"
#include "export/jsonld.hpp"
#include "export/property_graph.hpp"
#include "export/rdf.hpp"

#include <filesystem>
#include "graph/error.hpp"
#include "graph/knowledge_graph.hpp"

namespace newsgraph::cli {
namespace {
const std::vector<std::string> kFormats = {"jsonld", "dot", "svg", "png", "pdf", "nt", "nq", "ttl", "graphml", "cypher", "neo4j"};

DotOptions dot_options(const OutputOptions& o) {
  DotOptions d;
  if (auto e = parse_layout_engine(o.layout)) d.engine = *e;
  d.show_quotes = !o.no_quotes;
  d.top = o.top;
  d.ego = o.ego;
  d.depth = o.depth;
  for (const auto& t : o.types) {
    auto parsed = parse_entity_type(t);
    if (!parsed) throw Error(ErrorKind::Usage, "unknown entity type '" + t + "' in --types");
    d.types.push_back(*parsed);
  }
  return d;
}
}  // namespace

void add_output_options(CLI::App* sub, OutputOptions& o) {
  sub->add_option("--layout", o.layout, "Diagram layout engine")->check(CLI::IsMember({"dot", "neato", "fdp", "sfdp"}));
  sub->add_flag("--no-quotes", o.no_quotes, "Leave quotations out of diagrams");
  sub->add_option("--top", o.top, "Diagram: keep only the N entities of highest degree");
  sub->add_option("--ego", o.ego, "Diagram: keep only the neighbourhood of this entity (name or id)");
  sub->add_option("--depth", o.depth, "Diagram: hops around --ego (default 1)");
  sub->add_option("--types", o.types, "Diagram: keep only these entity types (PERSON ORG GPE ...)")->delimiter(',');
  sub->add_option("--base", o.base, "JSON-LD/RDF: base IRI for entity ids (absolute, ending in '/')");
  sub->add_option("--context-url", o.context_url,
                  "JSON-LD: reference the context at this URL instead of writing it inline");
}

std::string output_format_list() {
  std::string s;
  for (const auto& f : kFormats) s += (s.empty() ? "" : "|") + f;
  return s;
}

std::string format_from_extension(const std::string& path) {
  const auto slash = path.find_last_of('/');
  const auto dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
    throw Error(ErrorKind::Usage, "cannot tell the output format from '" + path + "'; give --format " +
                                      output_format_list());
  std::string ext = path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "json") ext = "jsonld";
  if (ext == "gv") ext = "dot";
  return ext;
}

void check_output_format(const std::string& format, const std::string& path) {
  if (std::find(kFormats.begin(), kFormats.end(), format) == kFormats.end())
    throw Error(ErrorKind::Usage, "unknown output format '" + format + "' for '" + path + "'; choose one of " +
                                      output_format_list());
}

void write_output(const KnowledgeGraph& graph, const std::string& path, const std::string& format,
                  const OutputOptions& o) {
  if (format == "dot") {
    const DotOptions d = dot_options(o);
    write_file_atomically(path, [&](std::ostream& out) { write_dot(graph, out, d); });
  } else if (format == "jsonld") {
    JsonLdOptions j;
    if (!o.base.empty()) j.base = o.base;
    j.context_url = o.context_url;
    write_file_atomically(path, [&](std::ostream& out) { write_jsonld(graph, out, j); });
  } else if (auto rs = parse_rdf_syntax(format)) {
    RdfOptions r;
    if (!o.base.empty()) r.base = o.base;
    write_file_atomically(path, [&](std::ostream& out) { write_rdf(graph, out, *rs, r); });
  } else if (format == "graphml") {
    write_file_atomically(path, [&](std::ostream& out) { write_graphml(graph, out); });
  } else if (format == "cypher") {
    write_file_atomically(path, [&](std::ostream& out) { write_cypher(graph, out, CypherDialect::Kuzu); });
  } else if (format == "neo4j") {
    if (path == "-") throw Error(ErrorKind::Usage, "--format neo4j writes a directory of CSV files; give -o DIR");
    std::filesystem::create_directories(path);
    write_neo4j_csv(graph, path);
  } else if (auto rf = parse_render_format(format)) {
    const DotOptions d = dot_options(o);
    write_file_atomically(path, [&](std::ostream& out) { render(graph, out, *rf, d); });
  } else {
    throw Error(ErrorKind::Usage, "output format '" + format + "' is not available yet");
  }
}

}  // namespace newsgraph::cli
