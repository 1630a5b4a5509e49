#pragma once
// Writing output files so that a reader never sees a half-written one.

#include <functional>
#include <iosfwd>
#include <string>

namespace newsgraph {

/// Calls `write` with a stream onto a temporary file beside `path`, flushes and
/// fsyncs it, then renames it over `path`. If `write` throws or any step fails, the
/// temporary file is removed, `path` is left as it was, and the error propagates
/// (I/O failures as Error(Io) naming `path`). `path` "-" writes to stdout directly.
/// Thread safety: reentrant; concurrent calls on the same path race on the rename only.
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace newsgraph
