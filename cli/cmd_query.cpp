// Queries over a graph: quotes, entities, neighbors, path, stats, subgraph; and merge.
// Each takes saved graphs (.jsonld), `newsgraph extract` output (JSONL with
// "entities"), or articles (.txt/.jsonl/-), which it extracts first.

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/outputs.hpp"
#include "cli/table.hpp"
#include "export/jsonl.hpp"
#include "export/jsonld.hpp"
#include "extract/batch.hpp"
#include "graph/consolidate.hpp"
#include "graph/error.hpp"
#include "graph/query.hpp"

namespace newsgraph::cli {
namespace {

struct Source {
  std::vector<std::string> inputs;
  std::string models;
  int jobs = 0;
};

bool is_graph_file(const std::string& path) {
  auto ends = [&](std::string_view s) { return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0; };
  return ends(".jsonld") || ends(".json");
}

KnowledgeGraph load_graph_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, "cannot open graph file", {path});
  return read_jsonld(in, path);
}

void load_extract_file(const std::string& path, KnowledgeGraph& graph) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, "cannot open extract file", {path});
  read_extract_jsonl(in, path, graph);
}

// Saved graphs and extract output are read back; articles go through the pipeline.
// All merge into one.
KnowledgeGraph load(const Source& s) {
  KnowledgeGraph graph;
  std::vector<std::string> texts;
  for (const auto& in : s.inputs) {
    if (is_graph_file(in))
      graph.merge(load_graph_file(in));
    else if (is_extract_jsonl(in))
      load_extract_file(in, graph);
    else
      texts.push_back(in);
  }
  if (!texts.empty()) {
    PipelineOptions po;
    po.models_dir = s.models;
    const Pipeline pipeline(po);
    BatchOptions b;
    b.jobs = s.jobs;
    run_batch(pipeline, texts, [&](AnnotatedDocument&& a) { graph.add(a); }, b);
  }
  consolidate(graph);
  return graph;
}

void add_source(CLI::App* sub, Source& s) {
  sub->add_option("INPUT", s.inputs,
                  "Saved graphs (.jsonld), `newsgraph extract` output (.jsonl) and/or articles (.txt, .jsonl, - for "
                  "stdin)")
      ->required();
  sub->add_option("--models", s.models, "Model directory (for article inputs)");
  sub->add_option("-j,--jobs", s.jobs, "Worker threads for article inputs (default: all cores)");
}

void add_format(CLI::App* sub, std::string& format) {
  sub->add_option("-f,--format", format, "table (default on a terminal), jsonl or csv")
      ->check(CLI::IsMember({"table", "jsonl", "csv"}));
}

Vertex entity_or_fail(const KnowledgeGraph& g, const std::string& name) {
  if (auto v = find_entity(g, name)) return *v;
  throw Error(ErrorKind::Usage, "no single entity matches '" + name + "' (try its full name or its id)");
}

std::string names(const Graph& g, const std::vector<Vertex>& vs) {
  std::string out;
  for (Vertex v : vs) out += (out.empty() ? "" : "; ") + g[v].name;
  return out;
}

}  // namespace

void register_queries(CLI::App& app) {
  // --- quotes --------------------------------------------------------------
  {
    auto* sub = app.add_subcommand("quotes", "Who said what: quotations with speaker, addressee and subjects");
    static Source src;
    static std::string speaker, about, since, format;
    add_source(sub, src);
    sub->add_option("--speaker", speaker, "Only quotes by this entity (any alias: \"Rutte\", \"Mark Rutte\")");
    sub->add_option("--about", about, "Only quotes that mention this entity");
    sub->add_option("--since", since, "Only quotes dated on or after this ISO date (YYYY-MM-DD)");
    add_format(sub, format);
    add_command(sub, [] {
      const KnowledgeGraph kg = load(src);
      const Graph& g = kg.graph();
      QuoteFilter f;
      if (!speaker.empty()) f.speaker = entity_or_fail(kg, speaker);
      if (!about.empty()) f.about = entity_or_fail(kg, about);
      f.since = since;
      Table t({"speaker", "cue", "kind", "quote", "addressee", "about", "date", "document"});
      for (const auto& r : find_quotes(kg, f)) {
        const NodeData& q = g[r.quote];
        t.add({r.speaker ? g[*r.speaker].name : "", q.cue, std::string(to_string(q.quote_kind)), q.text,
               r.addressee ? g[*r.addressee].name : "", names(g, r.about), r.date, r.doc});
      }
      t.print(std::cout, format, {3});
    });
  }

  // --- entities ------------------------------------------------------------
  {
    auto* sub = app.add_subcommand("entities", "List entities, ranked");
    static Source src;
    static std::string type, by = "mentions", format;
    static std::size_t top = 0;
    add_source(sub, src);
    sub->add_option("--type", type, "Only this type (PERSON, ORG, GPE, LOC, NORP, EVENT, DATE, MISC)");
    sub->add_option("--top", top, "Only the first N");
    sub->add_option("--by", by, "Ranking")->check(CLI::IsMember({"mentions", "degree", "pagerank", "betweenness"}));
    add_format(sub, format);
    add_command(sub, [] {
      std::optional<EntityType> t;
      if (!type.empty()) {
        t = parse_entity_type(type);
        if (!t) throw Error(ErrorKind::Usage, "unknown entity type '" + type + "'");
      }
      const KnowledgeGraph kg = load(src);
      const Graph& g = kg.graph();
      Table table({"rank", "id", "type", "name", "score", "aliases"});
      std::size_t rank = 0;
      for (const auto& r : rank_entities(kg, *parse_rank_by(by), t, top)) {
        std::string aliases;
        for (const auto& a : g[r.entity].aliases) aliases += (aliases.empty() ? "" : "; ") + a;
        table.add({std::to_string(++rank), g[r.entity].id, std::string(to_string(g[r.entity].type)),
                   g[r.entity].name, format_score(r.score), aliases});
      }
      table.print(std::cout, format, {5});
    });
  }

  // --- neighbors -----------------------------------------------------------
  {
    auto* sub = app.add_subcommand("neighbors", "Entities near an entity");
    static Source src;
    static std::string name, format;
    static unsigned depth = 1;
    sub->add_option("NAME", name, "The entity (name, alias or id)")->required();
    add_source(sub, src);
    sub->add_option("--depth", depth, "Hops (default 1)");
    add_format(sub, format);
    add_command(sub, [] {
      const KnowledgeGraph kg = load(src);
      const Graph& g = kg.graph();
      const Vertex from = entity_or_fail(kg, name);
      Table t({"distance", "id", "type", "name"});
      for (const auto& [v, d] : neighbors(kg, from, depth))
        t.add({std::to_string(d), g[v].id, std::string(to_string(g[v].type)), g[v].name});
      t.print(std::cout, format, {});
    });
  }

  // --- path ----------------------------------------------------------------
  {
    auto* sub = app.add_subcommand("path", "The shortest path between two entities, with evidence");
    static Source src;
    static std::string from_name, to_name, format;
    sub->add_option("FROM", from_name, "First entity")->required();
    sub->add_option("TO", to_name, "Second entity")->required();
    add_source(sub, src);
    add_format(sub, format);
    add_command(sub, [] {
      const KnowledgeGraph kg = load(src);
      const Graph& g = kg.graph();
      const Vertex a = entity_or_fail(kg, from_name), b = entity_or_fail(kg, to_name);
      const auto path = shortest_path(kg, a, b);
      if (path.empty() && a != b)
        throw Error(ErrorKind::Input, "no path between '" + g[a].name + "' and '" + g[b].name + "'");
      Table t({"step", "from", "predicate", "to", "evidence", "document"});
      std::size_t step = 0;
      for (const auto& s : path) {
        Vertex x = boost::source(s.edge, g), y = boost::target(s.edge, g);
        std::string pred = g[s.edge].predicate;
        if (s.reversed) {
          std::swap(x, y);
          pred = "^" + pred;  // followed against its direction
        }
        const auto& ev = g[s.edge].evidence;
        t.add({std::to_string(++step), g[x].name, pred, g[y].name, ev.empty() ? "" : ev.front().text,
               ev.empty() ? "" : ev.front().doc});
      }
      t.print(std::cout, format, {4});
    });
  }

  // --- stats ---------------------------------------------------------------
  {
    auto* sub = app.add_subcommand("stats", "Counts per type and predicate, documents, date range");
    static Source src;
    static std::string format;
    add_source(sub, src);
    add_format(sub, format);
    add_command(sub, [] {
      const KnowledgeGraph kg = load(src);
      const GraphStats s = compute_stats(kg);
      Table t({"what", "key", "count"});
      t.add({"documents", "", std::to_string(s.documents)});
      t.add({"dates", s.first_date + ".." + s.last_date, ""});
      t.add({"entities", "", std::to_string(s.entities)});
      for (const auto& [k, n] : s.entities_by_type) t.add({"type", k, std::to_string(n)});
      t.add({"quotations", "", std::to_string(s.quotations)});
      t.add({"edges", "", std::to_string(s.edges)});
      for (const auto& [k, n] : s.edges_by_predicate) t.add({"predicate", k, std::to_string(n)});
      t.print(std::cout, format, {});
    });
  }

  // --- subgraph ------------------------------------------------------------
  {
    auto* sub = app.add_subcommand("subgraph", "Write the part of a graph around an entity, of some types, or of some dates");
    static Source src;
    static std::string output = "-", format;
    static SubgraphFilter filter;
    static std::vector<std::string> types;
    static OutputOptions oo;
    static bool no_quotes = false;
    add_source(sub, src);
    sub->add_option("--ego", filter.ego, "Keep only the neighbourhood of this entity (name, alias or id)");
    sub->add_option("--depth", filter.depth, "Hops around --ego (default 1)");
    sub->add_option("--types", types, "Keep only these entity types (PERSON,ORG,GPE,...)")->delimiter(',');
    sub->add_option("--from", filter.from_date, "Keep only documents dated on or after this date (YYYY-MM-DD)");
    sub->add_option("--to", filter.to_date, "Keep only documents dated on or before this date (YYYY-MM-DD)");
    sub->add_flag("--no-quotes", no_quotes, "Leave quotations out");
    sub->add_option("-o,--output", output, "Output file (default: stdout, JSON-LD)");
    sub->add_option("-f,--format", format, "Output format: " + output_format_list());
    sub->add_option("--layout", oo.layout, "Diagram layout engine")->check(CLI::IsMember({"dot", "neato", "fdp", "sfdp"}));
    sub->add_option("--base", oo.base, "JSON-LD/RDF: base IRI for entity ids (absolute, ending in '/')");
    sub->add_option("--context-url", oo.context_url, "JSON-LD: reference the context at this URL");
    add_command(sub, [] {
      const std::string fmt = !format.empty() ? format : output == "-" ? "jsonld" : format_from_extension(output);
      check_output_format(fmt, output);
      filter.types.clear();
      for (const auto& t : types) {
        const auto parsed = parse_entity_type(t);
        if (!parsed) throw Error(ErrorKind::Usage, "unknown entity type '" + t + "' in --types");
        filter.types.push_back(*parsed);
      }
      filter.quotations = !no_quotes;
      oo.no_quotes = no_quotes;
      write_output(subgraph(load(src), filter), output, fmt, oo);
    });
  }

  // --- merge ---------------------------------------------------------------
  {
    auto* sub = app.add_subcommand("merge", "Combine partial graphs (JSON-LD, extract JSONL) and/or articles into one graph");
    static Source src;
    static std::string output = "-", format;
    static OutputOptions oo;
    add_source(sub, src);
    sub->add_option("-o,--output", output, "Output file (default: stdout, JSON-LD)");
    sub->add_option("-f,--format", format, "Output format: " + output_format_list());
    add_output_options(sub, oo);
    add_command(sub, [] {
      const std::string fmt = !format.empty() ? format : output == "-" ? "jsonld" : format_from_extension(output);
      check_output_format(fmt, output);
      const KnowledgeGraph kg = load(src);
      write_output(kg, output, fmt, oo);
    });
  }
}

}  // namespace newsgraph::cli
