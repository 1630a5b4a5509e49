#pragma once
// The pipeline's source: reading documents from plain-text files, JSONL files and stdin.

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

#include "graph/model.hpp"

namespace newsgraph {

struct ReadOptions {
  /// Skip documents that are malformed, empty or not valid UTF-8, reporting each
  /// through `warn`, instead of throwing. Unreadable files still throw.
  bool skip_bad = false;
  /// Receives one line per skipped document, already formatted "file:line: message".
  std::function<void(const std::string&)> warn;
};

/// Counts of what read_documents() saw.
struct ReadStats {
  std::uint64_t documents = 0;  ///< documents handed to the sink
  std::uint64_t skipped = 0;    ///< bad documents skipped (only with skip_bad)
};

/// Reads every document of `input` and hands each to `sink`, in input order.
///
/// `input` is a path or "-" for stdin. Paths ending in ".jsonl" or ".ndjson" (and
/// stdin whose first non-blank byte is '{') are JSONL: one JSON object per line with
/// a required string "text" and optional "id", "title", "date", "url", "source"; blank
/// lines are ignored. Anything else is one plain-text document whose id is the file
/// name without extension; a leading marker "date YYYY-MM-DD" on the first line sets
/// meta.date and is removed from the text (offsets are into the remaining text).
/// JSONL documents without an id get "<file stem>-<line>".
///
/// Errors: Error(Io) for an unreadable file; Error(Input) naming the file, the line
/// and the byte offset for malformed JSON, a missing/non-string "text", invalid UTF-8,
/// or an empty document (unless options.skip_bad). Documents are validated before
/// being handed out, so the sink only ever sees valid UTF-8 with non-blank text.
/// Thread safety: reentrant; the sink runs on the calling thread.
ReadStats read_documents(const std::string& input, const std::function<void(Document&&)>& sink,
                         const ReadOptions& options = {});

/// The same, reading from an already open stream named `name` (for messages and ids).
ReadStats read_documents(std::istream& in, const std::string& name, bool jsonl,
                         const std::function<void(Document&&)>& sink, const ReadOptions& options = {});

/// Returns the byte offset of the first invalid UTF-8 sequence in `s`, or -1 if
/// `s` is valid UTF-8 (overlong forms, surrogates and values past U+10FFFF are invalid).
std::int64_t find_invalid_utf8(std::string_view s);

}  // namespace newsgraph
