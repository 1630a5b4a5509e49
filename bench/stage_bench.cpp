// CPU time of the statistical stages (tag, recognise, parse), each run several times
// over the same pre-segmented documents; the best run is kept. Thread CPU time rather
// than wall time, so that a figure taken on a shared machine is still comparable
// before and after a change (cache contention still shows; run it twice).
//
//   stage_bench CORPUS.jsonl [--mb 2] [--runs 3] [--models DIR]

#include <time.h>

#include <cstring>
#include <iomanip>
#include <iostream>
#include <vector>

#include "extract/input.hpp"
#include "extract/ner.hpp"
#include "extract/parser.hpp"
#include "extract/pipeline.hpp"
#include "extract/segment.hpp"
#include "extract/tagger.hpp"
#include "graph/error.hpp"

using namespace newsgraph;

namespace {
double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: stage_bench CORPUS.jsonl [--mb N] [--runs N] [--models DIR]\n";
    return 2;
  }
  double mb = 2;
  int runs = 3;
  std::string models;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--mb")) mb = std::stod(argv[i + 1]);
    if (!std::strcmp(argv[i], "--runs")) runs = std::stoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--models")) models = argv[i + 1];
  }
  try {
    std::vector<AnnotatedDocument> docs;
    std::uint64_t bytes = 0;
    read_documents(argv[1], [&](Document&& d) {
      if (static_cast<double>(bytes) >= mb * 1e6) return;
      bytes += d.text.size();
      AnnotatedDocument a;
      a.doc = std::move(d);
      docs.push_back(std::move(a));
    });
    const std::string dir = models.empty() ? default_models_dir() : models;
    const Tagger tagger = Tagger::load(dir + "/pos.ngm");
    const Recogniser ner = Recogniser::load(dir + "/ner.ngm");
    const Parser parser = Parser::load(dir + "/parse.ngm");
    const Segmenter segmenter;
    std::uint64_t tokens = 0;
    for (auto& a : docs) {
      segmenter.run(a);
      tagger.run(a);
      ner.run(a);
      tokens += a.tokens.size();
    }
    // Each stage only rewrites its own annotation, so re-running it on the same
    // documents repeats the same work.
    struct Stage {
      const char* name;
      void (*run)(const void*, AnnotatedDocument&);
      const void* self;
    };
    const Stage stages[] = {
        {"tag", [](const void* s, AnnotatedDocument& a) { static_cast<const Tagger*>(s)->run(a); }, &tagger},
        {"recognise", [](const void* s, AnnotatedDocument& a) { static_cast<const Recogniser*>(s)->run(a); }, &ner},
        {"parse", [](const void* s, AnnotatedDocument& a) { static_cast<const Parser*>(s)->run(a); }, &parser},
    };
    std::cout << "corpus: " << docs.size() << " documents, " << tokens << " tokens; best of " << runs
              << " runs, thread CPU time\n";
    double total = 0;
    for (const Stage& s : stages) {
      double best = 1e300;
      for (int r = 0; r < runs; ++r) {
        const double t = cpu_now();
        for (auto& a : docs) s.run(s.self, a);
        best = std::min(best, cpu_now() - t);
      }
      total += best;
      std::cout << std::left << std::setw(10) << s.name << std::right << std::setw(10)
                << static_cast<std::uint64_t>(static_cast<double>(tokens) / best) << " tokens/s  "
                << std::fixed << std::setprecision(3) << best << " s\n";
    }
    std::cout << std::left << std::setw(10) << "all three" << std::right << std::setw(10)
              << static_cast<std::uint64_t>(static_cast<double>(tokens) / total) << " tokens/s\n";
  } catch (const Error& e) {
    std::cerr << "stage_bench: " << e.what() << "\n";
    return 1;
  }
}
