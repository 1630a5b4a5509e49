#pragma once
// The `newsgraph extract` output: one JSON object per document (docs/formats.md),
// and its reader, which merges such lines into a knowledge graph exactly as
// KnowledgeGraph::add() would have merged the documents themselves.

#include <cstdint>
#include <iosfwd>
#include <string>

#include "graph/knowledge_graph.hpp"
#include "graph/model.hpp"

namespace newsgraph {

/// Writes one line (terminated by '\n') describing `doc`:
///   {"id","title","date","url","text_hash","entities":[{"id","type","name","aliases",
///    "normalized","mentions":[{"start","end","text","kind"}]}],
///    "quotes":[{"speaker","addressee","start","end","text","content","cue","cue_lemma",
///    "cue_span","sentence_span","kind","about","unclosed"}],
///    "relations":[{"subject","predicate","object","role","lemma","start","end","text",
///    "confidence"}]}
/// Offsets are UTF-8 byte offsets into doc.doc.text, half-open, and every "text" equals
/// its slice. Speaker/subject/object are entity ids (or null). A relation's span is its
/// evidence, or its sentence when the evidence span is empty. The line carries
/// everything KnowledgeGraph::add() takes from `doc` (see read_extract_jsonl()).
/// Output is deterministic: same input, same bytes. Thread-compatible (one writer per
/// stream).
void write_extract_jsonl(std::ostream& out, const AnnotatedDocument& doc);

/// Counts of what read_extract_jsonl() saw.
struct ExtractReadStats {
  std::uint64_t lines = 0;       ///< document lines read (blank lines not counted)
  std::uint64_t added = 0;       ///< documents merged into the graph
  std::uint64_t duplicates = 0;  ///< documents already in the graph (same id and text hash)
};

/// Reads lines written by write_extract_jsonl() from `in` and merges each into `graph`.
/// Guarantees: for documents d1..dn, reading the lines written for them (in any order,
/// split over any number of streams) into one graph gives a graph whose exports are
/// byte-identical to those of a graph built with add(d1)..add(dn); a document whose id
/// is already in the graph with the same "text_hash" is skipped, as add() skips it.
/// Lines from before "text_hash" existed are read with hash 0 (their graph is then
/// equal except for the documents' text hashes). Memory: one line at a time.
/// Throws Error(Input) naming `source_name`, the 1-based line and (for JSON syntax) the
/// byte, for malformed JSON, invalid UTF-8, a missing or mistyped field, an unknown
/// type/kind, an inverted span, or a reference to an entity id not defined on the same
/// line. Lines before the bad one stay merged. Error(Io) if the stream fails.
/// Thread safety: reentrant; `graph` needs exclusive access.
ExtractReadStats read_extract_jsonl(std::istream& in, const std::string& source_name, KnowledgeGraph& graph);

/// True when `path` is a regular file whose first non-blank line is a JSON object with
/// an "entities" array, i.e. `newsgraph extract` output rather than articles to
/// extract. Reads at most that line; false for unreadable or non-JSON files (whose
/// errors are left to the reader that will handle them). Thread-safe.
bool is_extract_jsonl(const std::string& path);

}  // namespace newsgraph
