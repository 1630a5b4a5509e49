// `newsgraph build` and `newsgraph extract`.

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/outputs.hpp"
#include "export/atomic_file.hpp"
#include "export/jsonld.hpp"
#include "export/jsonl.hpp"
#include "extract/batch.hpp"
#include "extract/decompress.hpp"
#include "graph/consolidate.hpp"
#include "graph/error.hpp"
#include "graph/knowledge_graph.hpp"

namespace newsgraph::cli {
namespace {

struct CommonOptions {
  std::vector<std::string> inputs;
  std::string models;
  int jobs = 0;
  bool skip_bad = false;
  bool quiet = false;
};

void add_common(CLI::App* sub, CommonOptions& o) {
  sub->add_option("INPUT", o.inputs,
                  "Input files or directories (read recursively): .txt or .html (one article), .jsonl (one "
                  "document per line), each optionally .gz or .zst; - for stdin")
      ->required();
  sub->add_option("--models", o.models, "Directory with pos.ngm, ner.ngm, parse.ngm (default: built-in)");
  sub->add_option("-j,--jobs", o.jobs, "Worker threads (default: all cores); output is the same for any value")
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("--skip-bad", o.skip_bad, "Skip malformed documents with a warning instead of failing");
  sub->add_flag("-q,--quiet", o.quiet, "No progress or summary on stderr");
}

// Progress on stderr only for a terminal; a pipe or a log file stays clean.
class Progress {
 public:
  explicit Progress(bool quiet) : enabled_(!quiet && ::isatty(2)), start_(std::chrono::steady_clock::now()) {}
  // The ETA compares the text done with the size of the input files. It is shown
  // only when every input is an uncompressed file: stdin and compressed sizes say
  // nothing about how much text is left.
  void set_inputs(const std::vector<std::string>& inputs) {
    total_bytes_ = 0;
    for (const auto& in : inputs) {
      std::error_code ec;
      const bool compressed = compression_from_name(in) != Compression::None;
      if (in == "-" || compressed || !std::filesystem::is_regular_file(in, ec)) {
        total_bytes_ = 0;
        return;
      }
      total_bytes_ += std::filesystem::file_size(in, ec);
    }
  }
  void done_text(std::size_t bytes) { done_bytes_ += bytes; }
  void update(std::uint64_t docs, std::uint64_t tokens) {
    if (!enabled_) return;
    const double secs = seconds();
    if (secs - last_ < 0.1) return;
    last_ = secs;
    std::cerr << "\r" << docs << " documents, " << tokens << " tokens, "
              << static_cast<std::uint64_t>(static_cast<double>(tokens) / std::max(secs, 1e-3)) << " tokens/s";
    const std::uint64_t done = done_bytes_.load();
    if (total_bytes_ > 0 && done > 0 && done < total_bytes_) {
      const double eta = secs * static_cast<double>(total_bytes_ - done) / static_cast<double>(done);
      std::cerr << ", ETA " << static_cast<std::uint64_t>(eta) / 60 << "m" << static_cast<std::uint64_t>(eta) % 60 << "s";
    }
    std::cerr << "   " << std::flush;
  }
  void finish() {
    if (enabled_) std::cerr << "\r\033[K";
  }
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  double last_ = -1;
  std::uint64_t total_bytes_ = 0;
  std::atomic<std::uint64_t> done_bytes_{0};
};

BatchOptions batch_options(const CommonOptions& o, Progress& progress) {
  BatchOptions b;
  b.jobs = o.jobs;
  b.read.skip_bad = o.skip_bad;
  b.read.warn = [quiet = o.quiet](const std::string& m) {
    if (!quiet) std::cerr << "newsgraph: warning: skipped " << m << "\n";
  };
  b.warn = [quiet = o.quiet](const std::string& m) {
    if (!quiet) std::cerr << "newsgraph: warning: " << m << "\n";
  };
  b.progress = [&progress](std::uint64_t d, std::uint64_t t) { progress.update(d, t); };
  return b;
}

void report_skips(const ReadStats& stats, const CommonOptions& o) {
  if (stats.skipped > 0 && !o.quiet)
    std::cerr << "newsgraph: skipped " << stats.skipped << " bad document(s) of "
              << stats.documents + stats.skipped << "\n";
}

Pipeline load_pipeline(const CommonOptions& o) {
  PipelineOptions p;
  p.models_dir = o.models;
  return Pipeline(p);
}

}  // namespace

void register_build(CLI::App& app) {
  // --- build ---------------------------------------------------------------
  auto* build = app.add_subcommand("build", "Extract a knowledge graph from articles and export it");
  static CommonOptions bo;
  static std::vector<std::string> outputs;
  static std::string format;
  static OutputOptions oo;
  static std::string into;
  add_common(build, bo);
  build->add_option("--into", into,
                    "Merge the new documents into this saved graph (.jsonld), replacing it atomically; "
                    "documents already in it (same id and text) are not counted twice");
  build->add_option("-o,--output", outputs,
                    "Output file(s); the format comes from --format or the extension. Repeatable. "
                    "Default: stdout as JSON-LD");
  build->add_option("-f,--format", format, "Output format: " + output_format_list());
  add_output_options(build, oo);
  add_command(build, [] {
    if (!format.empty() && outputs.size() > 1)
      throw Error(ErrorKind::Usage, "--format applies to a single --output; name each output by extension");
    // Validate the outputs before hours of extraction.
    std::vector<std::pair<std::string, std::string>> targets;
    if (!into.empty()) targets.emplace_back(into, "jsonld");
    if (outputs.empty() && into.empty()) targets.emplace_back("-", format.empty() ? "jsonld" : format);
    for (const auto& o : outputs) targets.emplace_back(o, format.empty() ? format_from_extension(o) : format);
    for (const auto& [path, fmt] : targets) check_output_format(fmt, path);

    const std::vector<std::string> inputs = expand_inputs(bo.inputs);  // a missing path fails before model loading
    Progress progress(bo.quiet);
    progress.set_inputs(inputs);
    const Pipeline pipeline = load_pipeline(bo);
    KnowledgeGraph graph;
    if (!into.empty() && std::filesystem::exists(into)) {
      std::ifstream in(into, std::ios::binary);
      if (!in) throw Error(ErrorKind::Io, "cannot open graph file", {into});
      graph = read_jsonld(in, into);
    }
    const ReadStats stats =
        run_batch(pipeline, inputs, [&](AnnotatedDocument&& a) {
          progress.done_text(a.doc.text.size());
          graph.add(a);
        }, batch_options(bo, progress));
    progress.finish();
    report_skips(stats, bo);
    // One vertex per real-world entity across all documents, old and new.
    consolidate(graph);
    for (const auto& [path, fmt] : targets) {
      write_output(graph, path, fmt, oo);
      if (path != "-" && !bo.quiet) std::cerr << "wrote " << path << "\n";
    }
  });

  // --- extract -------------------------------------------------------------
  auto* extract = app.add_subcommand("extract", "Print the entities, quotations and relations of each document");
  static CommonOptions eo;
  static std::string extract_format = "jsonl";
  static std::string extract_output = "-";
  add_common(extract, eo);
  extract->add_option("-f,--format", extract_format, "Output format (jsonl)")->check(CLI::IsMember({"jsonl"}));
  extract->add_option("-o,--output", extract_output, "Output file (default: stdout)");
  add_command(extract, [] {
    const std::vector<std::string> inputs = expand_inputs(eo.inputs);
    Progress progress(eo.quiet || extract_output == "-");
    progress.set_inputs(inputs);
    const Pipeline pipeline = load_pipeline(eo);
    ReadStats stats;
    write_file_atomically(extract_output, [&](std::ostream& out) {
      stats = run_batch(pipeline, inputs, [&](AnnotatedDocument&& a) {
        progress.done_text(a.doc.text.size());
        write_extract_jsonl(out, a);
      }, batch_options(eo, progress));
    });
    progress.finish();
    report_skips(stats, eo);
  });
}

}  // namespace newsgraph::cli
