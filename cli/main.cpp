// newsgraph: the command-line front end. It parses arguments and calls the library;
// every decision about exit codes is made here and only here.
//
// Exit codes: 0 success, 1 bad input data, 2 usage error, 3 I/O error, 4 model error,
// 5 internal error.

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.hpp"
#include "graph/error.hpp"
#include "graph/version.hpp"

namespace {

int exit_code(newsgraph::ErrorKind k) {
  switch (k) {
    case newsgraph::ErrorKind::Input: return 1;
    case newsgraph::ErrorKind::Usage: return 2;
    case newsgraph::ErrorKind::Io: return 3;
    case newsgraph::ErrorKind::Model: return 4;
    case newsgraph::ErrorKind::Internal: return 5;
  }
  return 5;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"newsgraph: turn English news text into a knowledge graph"};
  app.set_version_flag("--version", std::string("newsgraph ") + newsgraph::kVersion);
  app.require_subcommand(1);
  app.fallthrough(false);

  newsgraph::cli::register_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive here as "successes" and print to stdout; every
    // real misuse is a usage error, exit code 2.
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    newsgraph::cli::run_selected(app);
  } catch (const newsgraph::Error& e) {
    std::cerr << "newsgraph: error: " << e.what() << "\n";
    return exit_code(e.kind());
  } catch (const std::bad_alloc&) {
    std::cerr << "newsgraph: error: out of memory\n";
    return 5;
  } catch (const std::exception& e) {
    std::cerr << "newsgraph: internal error: " << e.what() << "\n";
    return 5;
  }
  return 0;
}
