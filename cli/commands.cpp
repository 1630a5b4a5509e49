#include "cli/commands.hpp"

#include <CLI/CLI.hpp>

#include "graph/error.hpp"

namespace newsgraph::cli {
namespace {
std::vector<std::pair<CLI::App*, std::function<void()>>>& table() {
  static std::vector<std::pair<CLI::App*, std::function<void()>>> t;
  return t;
}
}  // namespace

void add_command(CLI::App* sub, std::function<void()> run) { table().emplace_back(sub, std::move(run)); }

void register_commands(CLI::App& app) {
  register_build(app);
  register_models(app);
  register_queries(app);
}

void run_selected(const CLI::App&) {
  // The deepest parsed subcommand wins ("train pos" over "train").
  std::function<void()>* chosen = nullptr;
  for (auto& [sub, run] : table())
    if (sub->parsed()) chosen = &run;
  if (!chosen) throw Error(ErrorKind::Usage, "no subcommand given; see --help");
  (*chosen)();
}

}  // namespace newsgraph::cli
