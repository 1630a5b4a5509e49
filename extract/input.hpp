#pragma once
// The pipeline's source: reading documents from plain-text, HTML and JSONL files
// (optionally gzip- or zstd-compressed), from directories of them, and from stdin.

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// How the bytes of one (decompressed) input are read.
enum class InputFormat {
  Text,   ///< the whole input is one plain-text article
  Jsonl,  ///< one JSON document per line
  Html    ///< the whole input is one HTML page (see extract/html.hpp)
};

/// The format named by `path`'s extension after dropping a ".gz" or ".zst":
/// ".jsonl"/".ndjson" -> Jsonl, ".html"/".htm" -> Html, ".txt"/".text" -> Text
/// (ASCII case-insensitive); std::nullopt for any other name. Pure; never throws.
std::optional<InputFormat> input_format_from_name(std::string_view path);

/// Expands the INPUT arguments of a command into the files to read, in order.
///
/// "-" (stdin) and every path that is not a directory are kept as given, in argument
/// order. A directory is walked recursively and replaced by the regular files (or
/// symbolic links to them) under it whose format input_format_from_name() knows
/// (.txt .text .jsonl .ndjson .html .htm, each optionally + .gz or .zst), sorted by
/// their path strings in byte order; other files are ignored, files and directories
/// whose names start with '.' are skipped, and symbolic links to directories are not
/// followed (so the walk always ends).
/// Errors: Error(Io) naming the path for a path that does not exist or a directory
/// that cannot be read; Error(Input) naming a directory with no input files in it.
/// Thread safety: reentrant (reads the file system only).
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs);

/// Reads every document of `input` and hands each to `sink`, in input order.
///
/// `input` is a path, a directory (read as expand_inputs() orders its files), or "-"
/// for stdin. The format comes from the name (see input_format_from_name()); a name
/// ending in ".gz" or ".zst" is decompressed while it is read (streaming: a large
/// JSONL dump is never held in memory). Stdin, and files whose names say nothing
/// (e.g. /dev/fd/63 from a shell's process substitution), are sniffed: gzip or zstd
/// magic -> decompressed and sniffed again; then JSONL when the first non-blank byte
/// is '{', HTML when it is '<', else plain text.
///
/// JSONL: one JSON object per line with a required string "text" and optional "id",
/// "title", "date", "url", "source"; blank lines are ignored. JSONL documents without
/// an id get "<file stem>-<line>".
/// Plain text: one document whose id is the file stem (the file name without its
/// directory, its ".gz"/".zst" and its last extension; "stdin" for stdin); a leading
/// marker "date YYYY-MM-DD" on the first line sets meta.date and is removed from the
/// text (offsets are into the remaining text).
/// HTML: one document, id as for plain text, whose text is the page's visible text
/// and whose title, date and url come from its meta tags (see parse_html()).
/// Mention offsets always index into Document::text as handed to the sink.
///
/// Errors: Error(Io) for a missing or unreadable file; Error(Input) naming the file,
/// the line and the byte offset for malformed JSON, a missing/non-string "text",
/// invalid UTF-8, an undecodable HTML page, or an empty document (unless
/// options.skip_bad); Error(Input) naming the file and the byte offset in the
/// compressed stream for corrupt or truncated compressed data (never skipped: what
/// follows cannot be trusted). Documents are validated before being handed out, so
/// the sink only ever sees valid UTF-8 with non-blank text.
/// Thread safety: reentrant; the sink runs on the calling thread.
ReadStats read_documents(const std::string& input, const std::function<void(Document&&)>& sink,
                         const ReadOptions& options = {});

/// The same, reading from an already open (already decompressed) stream named `name`
/// (for messages and ids) in the given format.
ReadStats read_documents(std::istream& in, const std::string& name, InputFormat format,
                         const std::function<void(Document&&)>& sink, const ReadOptions& options = {});

/// read_documents(in, name, jsonl ? InputFormat::Jsonl : InputFormat::Text, sink, options).
ReadStats read_documents(std::istream& in, const std::string& name, bool jsonl,
                         const std::function<void(Document&&)>& sink, const ReadOptions& options = {});

/// Returns the byte offset of the first invalid UTF-8 sequence in `s`, or -1 if
/// `s` is valid UTF-8 (overlong forms, surrogates and values past U+10FFFF are invalid).
std::int64_t find_invalid_utf8(std::string_view s);

}  // namespace newsgraph
