#pragma once
// The one error idiom of newsgraph: library code throws newsgraph::Error, which
// carries where in the input the problem is. Only main() turns it into an exit code.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace newsgraph {

/// What went wrong, coarsely; main() maps these to exit codes.
enum class ErrorKind {
  Usage,   ///< the caller asked for something impossible (bad option value)
  Io,      ///< a file could not be opened, read, written or renamed
  Input,   ///< an input document is malformed (bad JSON, invalid UTF-8, empty)
  Model,   ///< a model file is missing, corrupt, or of another version
  Internal ///< a broken invariant inside newsgraph
};

/// Where in an input the error was found. Every field is optional; what() prints
/// whichever are known as "file:line: byte N: message".
struct ErrorLocation {
  ErrorLocation() = default;
  ErrorLocation(std::string f, std::optional<std::uint64_t> l = {}, std::optional<std::uint64_t> b = {})
      : file(std::move(f)), line(l), byte(b) {}
  std::string file;                   ///< path as the user gave it, or "<stdin>"
  std::optional<std::uint64_t> line;  ///< 1-based line number
  std::optional<std::uint64_t> byte;  ///< 0-based byte offset (within the line if line is set)
};

/// The exception every newsgraph function throws on failure.
/// Guarantees: what() is a complete, human-readable message naming the location.
/// Thread safety: an immutable value; safe to share once thrown.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, ErrorLocation where = {});

  ErrorKind kind() const noexcept { return kind_; }
  const ErrorLocation& where() const noexcept { return where_; }
  /// The message without the location prefix.
  const std::string& message() const noexcept { return message_; }

 private:
  ErrorKind kind_;
  ErrorLocation where_;
  std::string message_;
};

}  // namespace newsgraph
