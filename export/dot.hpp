#pragma once
// Graphviz export: the knowledge graph as a DOT diagram, built through cgraph, and
// rendered in-process through gvc to SVG, PNG or PDF. No Graphviz type appears here.

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "graph/knowledge_graph.hpp"

namespace newsgraph {

/// Graphviz layout engines newsgraph offers. sfdp suits graphs of thousands of nodes.
enum class LayoutEngine : std::uint8_t { Dot, Neato, Fdp, Sfdp };
/// "dot", "neato", "fdp", "sfdp". Never fails.
std::string_view to_string(LayoutEngine e);
/// Parses the strings of to_string(); std::nullopt for anything else.
std::optional<LayoutEngine> parse_layout_engine(std::string_view s);

/// Formats the in-process renderer produces.
enum class RenderFormat : std::uint8_t { Svg, Png, Pdf };
/// "svg", "png", "pdf". Never fails.
std::string_view to_string(RenderFormat f);
/// Parses the strings of to_string(); std::nullopt for anything else.
std::optional<RenderFormat> parse_render_format(std::string_view s);

/// What the diagram shows and how. The defaults draw the whole graph with quotations.
/// Filters apply in this order: types, ego, top; then quotations are kept only when
/// they touch a kept entity, and edges only when both ends are kept.
struct DotOptions {
  LayoutEngine engine = LayoutEngine::Dot;
  bool show_quotes = true;     ///< draw quotations as note-shaped nodes
  bool legend = true;          ///< add a "Legend" cluster with one sample node per type shown
  std::vector<EntityType> types;  ///< keep only entities of these types; empty = all types
  std::string ego;             ///< keep only what lies within `depth` hops of this entity
                               ///< (matched by id, or by name/alias ignoring ASCII case)
  unsigned depth = 1;          ///< hops for `ego`; edges count in both directions
  std::size_t top = 0;         ///< keep only the N entities of highest degree (ties by id); 0 = all
  std::size_t max_label = 80;  ///< quotation labels longer than this (in characters) are
                               ///< shortened with "…"; tooltips always carry the full text
  std::string title;           ///< graph label drawn at the top; empty = none
};

/// Writes the graph as DOT text, built with cgraph and serialised by agwrite.
/// Guarantees: deterministic output (node names are entity/quotation ids, never
/// addresses; vertices and edges in the canonical sorted order); every label and
/// tooltip is escaped so it renders literally (a backslash stays a backslash, control
/// characters show as Unicode control pictures, invalid UTF-8 as U+FFFD); the graph's
/// `layout` attribute names the engine, so `dot -Tsvg FILE` honours it.
/// Throws Error(Usage) when `ego` names no entity, Error(Io) when the stream fails.
/// Thread safety: Graphviz keeps global state; calls are serialised by an internal lock.
/// A call runs up to three helper threads of its own, all joined before it returns
/// (also on error): one builds the edges' strings, one faults the graph's memory in,
/// and, once the DOT exceeds 1 MiB, one writes `out` (the caller's thread does not
/// touch `out` meanwhile).
void write_dot(const KnowledgeGraph& graph, std::ostream& out, const DotOptions& options = {});

/// Lays the graph out with options.engine and renders it in-process with gvc.
/// Guarantees: the bytes written are a complete SVG/PNG/PDF document; the layout is
/// freed before returning, also on error. One Graphviz context (plugins, font cache) is
/// created on the first call and kept for the life of the process.
/// Throws Error(Internal) if the layout or the renderer plugin fails (the message
/// carries Graphviz's own diagnostics), Error(Usage) for a bad ego, Error(Io) on
/// stream failure. Thread safety: as write_dot().
void render(const KnowledgeGraph& graph, std::ostream& out, RenderFormat format,
            const DotOptions& options = {});

/// As above, writing to `path` atomically: the data goes to a temporary file beside it
/// that is renamed over `path` only once complete, so a failure leaves no partial file.
/// Throws Error(Io) naming the path when it cannot be written.
void render(const KnowledgeGraph& graph, const std::string& path, RenderFormat format,
            const DotOptions& options = {});

/// The text Graphviz should display for `s`: backslashes doubled, line breaks as
/// "\n", other control characters as U+2400-block pictures, invalid UTF-8 as U+FFFD.
/// Exposed for tests; pure and thread-safe.
std::string dot_escape_label(std::string_view s);

/// As dot_escape_label(), for tooltips: Graphviz unescapes a tooltip twice (once for
/// \N-style object escapes, once when writing it), so a literal backslash is four
/// backslashes. Exposed for tests; pure and thread-safe.
std::string dot_escape_tooltip(std::string_view s);

}  // namespace newsgraph
