#pragma once
// The table of subcommands. Each cmd_*.cpp registers its own and runs it.

#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace newsgraph::cli {

/// Adds every subcommand (with its options and help) to `app`.
void register_commands(CLI::App& app);
/// Runs the subcommand that app.parse() selected. Throws newsgraph::Error on failure.
void run_selected(const CLI::App& app);

/// Used by the cmd_*.cpp files: remembers which function runs which subcommand.
void add_command(CLI::App* sub, std::function<void()> run);

// Registration functions, one per file.
void register_build(CLI::App& app);
void register_models(CLI::App& app);
void register_queries(CLI::App& app);

}  // namespace newsgraph::cli
