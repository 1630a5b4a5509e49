#pragma once
// The `newsgraph extract` output: one JSON object per document (docs/formats.md).

#include <iosfwd>
#include <string>

#include "graph/model.hpp"

namespace newsgraph {

/// Writes one line (terminated by '\n') describing `doc`:
///   {"id","title","date","url","entities":[{"id","type","name","aliases","normalized",
///    "mentions":[{"start","end","text","kind"}]}],
///    "quotes":[{"speaker","addressee","start","end","text","cue","kind","about","unclosed"}],
///    "relations":[{"subject","predicate","object","role","lemma","start","end","confidence"}]}
/// Offsets are UTF-8 byte offsets into doc.doc.text, half-open, and every "text" equals
/// its slice. Speaker/subject/object are entity ids (or null). Output is deterministic:
/// same input, same bytes. Thread-compatible (one writer per stream).
void write_extract_jsonl(std::ostream& out, const AnnotatedDocument& doc);

}  // namespace newsgraph
