// Throughput of the whole pipeline and of each stage, on one core and on all cores,
// plus model load time and peak RSS.
//
//   pipeline_bench CORPUS.jsonl [--mb 20] [--models DIR]
//
// The corpus is repeated until it holds at least --mb megabytes of text.

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "extract/input.hpp"
#include "extract/ner.hpp"
#include "extract/parser.hpp"
#include "extract/pipeline.hpp"
#include "extract/quotes.hpp"
#include "extract/relations.hpp"
#include "extract/resolve.hpp"
#include "extract/segment.hpp"
#include "extract/tagger.hpp"
#include "graph/error.hpp"

using namespace newsgraph;
using Clock = std::chrono::steady_clock;

namespace {
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

void row(const std::string& name, double secs, std::uint64_t tokens, std::uint64_t bytes) {
  std::cout << "| " << std::left << std::setw(22) << name << " | " << std::right << std::setw(12)
            << static_cast<std::uint64_t>(static_cast<double>(tokens) / secs) << " | " << std::setw(8)
            << std::fixed << std::setprecision(2) << static_cast<double>(bytes) / 1e6 / secs << " | "
            << std::setw(8) << std::setprecision(2) << secs << " |\n";
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: pipeline_bench CORPUS.jsonl [--mb N] [--models DIR]\n";
    return 2;
  }
  double mb = 20;
  std::string models;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--mb")) mb = std::stod(argv[i + 1]);
    if (!std::strcmp(argv[i], "--models")) models = argv[i + 1];
  }
  try {
    std::vector<Document> base;
    read_documents(argv[1], [&](Document&& d) { base.push_back(std::move(d)); });
    std::vector<Document> docs;
    std::uint64_t bytes = 0;
    for (std::size_t rep = 0; static_cast<double>(bytes) < mb * 1e6; ++rep)
      for (const auto& d : base) {
        docs.push_back(d);
        docs.back().id += "-r" + std::to_string(rep);
        bytes += d.text.size();
      }

    const std::string dir = models.empty() ? default_models_dir() : models;
    auto t0 = Clock::now();
    const Tagger tagger = Tagger::load(dir + "/pos.ngm");
    const Recogniser ner = Recogniser::load(dir + "/ner.ngm");
    const Parser parser = Parser::load(dir + "/parse.ngm");
    const double load_secs = since(t0);
    const Segmenter segmenter;
    const Resolver resolver;
    const QuoteFinder quotes;
    const RelationExtractor relations;

    // One core, stage by stage over the same documents. Each result is dropped once
    // counted, so peak RSS reflects one document's analysis, not the corpus's.
    double stage_secs[7] = {};
    const char* stage_names[7] = {"segment", "tag", "recognise", "parse", "resolve", "quotations", "relations"};
    std::uint64_t tokens = 0;
    for (std::size_t i = 0; i < docs.size(); ++i) {
      AnnotatedDocument a;
      a.doc = docs[i];
      auto t = Clock::now();
      segmenter.run(a);
      stage_secs[0] += since(t); t = Clock::now();
      tagger.run(a);
      stage_secs[1] += since(t); t = Clock::now();
      ner.run(a);
      stage_secs[2] += since(t); t = Clock::now();
      parser.run(a);
      stage_secs[3] += since(t); t = Clock::now();
      resolver.run(a);
      stage_secs[4] += since(t); t = Clock::now();
      quotes.run(a);
      stage_secs[5] += since(t); t = Clock::now();
      relations.run(a);
      stage_secs[6] += since(t);
      tokens += a.tokens.size();
    }

    std::cout << "corpus: " << docs.size() << " documents, " << tokens << " tokens, " << std::fixed
              << std::setprecision(1) << static_cast<double>(bytes) / 1e6 << " MB\n";
    std::cout << "model load: " << std::setprecision(1) << load_secs * 1000 << " ms\n\n";
    std::cout << "| stage (1 core)         |     tokens/s |     MB/s |  seconds |\n";
    std::cout << "|------------------------|-------------:|---------:|---------:|\n";
    double total = 0;
    for (int s = 0; s < 7; ++s) {
      row(stage_names[s], stage_secs[s], tokens, bytes);
      total += stage_secs[s];
    }
    row("pipeline (sum)", total, tokens, bytes);
    row("segment..parse", stage_secs[0] + stage_secs[1] + stage_secs[2] + stage_secs[3], tokens, bytes);

    // Whole pipeline through the public API, one thread vs all hardware threads.
    PipelineOptions po;
    po.models_dir = dir;
    const Pipeline pipeline(po);
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    double one_core = 0;
    std::ostringstream summary;
    summary << std::fixed;
    for (unsigned threads : {1u, hw}) {
      if (threads == hw && hw == 1) break;
      const auto t = Clock::now();
      std::vector<std::thread> pool;
      std::atomic<std::size_t> next{0};
      for (unsigned k = 0; k < threads; ++k)
        pool.emplace_back([&] {
          for (std::size_t i; (i = next++) < docs.size();) (void)pipeline.run(docs[i]);
        });
      for (auto& th : pool) th.join();
      const double secs = since(t);
      if (threads == 1) one_core = secs;
      row("pipeline, " + std::to_string(threads) + " thread(s)", secs, tokens, bytes);
      // One machine-readable line per run for scripts/bench.sh.
      summary << "newsgraph: threads=" << threads << " tokens=" << tokens << " bytes=" << bytes
              << " seconds=" << std::setprecision(2) << secs
              << " tokens_per_s=" << static_cast<std::uint64_t>(static_cast<double>(tokens) / secs)
              << " mb_per_s=" << static_cast<double>(bytes) / 1e6 / secs << "\n";
      if (threads > 1) std::cout << "\nscaling: " << std::setprecision(2) << one_core / secs << "x on " << threads << " threads\n";
    }
    std::cout << "peak RSS: " << peak_rss_kb() / 1024 << " MB\n" << summary.str()
              << "newsgraph: model_load_ms=" << std::setprecision(0) << load_secs * 1000
              << " peak_rss_mb=" << peak_rss_kb() / 1024 << "\n";
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
