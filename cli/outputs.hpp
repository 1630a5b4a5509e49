#pragma once
// Choosing and writing graph output formats for the CLI.

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace newsgraph {
class KnowledgeGraph;
}

namespace newsgraph::cli {

struct OutputOptions {
  std::string layout = "dot";
  bool no_quotes = false;
  std::size_t top = 0;
  std::string ego;
  unsigned depth = 1;
  std::vector<std::string> types;
  std::string base;
  std::string context_url;
};

/// Adds the diagram and JSON-LD options to a subcommand.
void add_output_options(CLI::App* sub, OutputOptions& o);
/// "dot|svg|png|pdf|jsonld|..." for help texts.
std::string output_format_list();
/// The format named by a path's extension; throws Error(Usage) if there is none.
std::string format_from_extension(const std::string& path);
/// Throws Error(Usage) if `format` is unknown.
void check_output_format(const std::string& format, const std::string& path);
/// Writes `graph` to `path` ("-" = stdout) in `format`, atomically.
void write_output(const KnowledgeGraph& graph, const std::string& path, const std::string& format,
                  const OutputOptions& o);

}  // namespace newsgraph::cli
