#pragma once
// Running the pipeline over many documents on several threads.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "extract/input.hpp"
#include "extract/pipeline.hpp"

namespace newsgraph {

struct BatchOptions {
  int jobs = 0;  ///< worker threads; 0 = all hardware threads
  ReadOptions read;
  /// Called on the calling thread after each finished document with the running
  /// totals (documents, tokens); may be empty.
  std::function<void(std::uint64_t documents, std::uint64_t tokens)> progress;
  /// Called on the reader thread with a one-line warning "SOURCE: message" when a
  /// document id had to be changed (see run_batch()); may be empty.
  std::function<void(const std::string&)> warn;
};

/// Reads every input (see read_documents()), runs `pipeline` on each document with
/// options.jobs threads, and hands the results to `sink` on the calling thread in
/// input order, so the output is identical for any thread count. At most a bounded
/// number of documents are in flight, so memory does not grow with the corpus.
/// Document ids are unique within a run: a document whose id an earlier one with
/// another text already has (two "index.html" in different folders, a JSONL id used
/// twice) becomes "ID~2", "ID~3", ... (the first suffix not held by a different text),
/// with a warning, rather than having its facts and evidence fused with another
/// text's. The same id with the same text is left alone (the graph counts such a
/// repeat once). The check keeps two hashes per document.
/// The first error (from reading, a stage, or the sink) stops the run and is rethrown.
/// Returns the reader's counts.
ReadStats run_batch(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                    const std::function<void(AnnotatedDocument&&)>& sink, const BatchOptions& options = {});

}  // namespace newsgraph
