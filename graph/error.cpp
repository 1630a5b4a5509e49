#include "graph/error.hpp"

namespace newsgraph {
namespace {
std::string format(const ErrorLocation& w, const std::string& message) {
  std::string out;
  if (!w.file.empty()) {
    out += w.file;
    if (w.line) out += ":" + std::to_string(*w.line);
    out += ": ";
  } else if (w.line) {
    out += "line " + std::to_string(*w.line) + ": ";
  }
  if (w.byte) out += "byte " + std::to_string(*w.byte) + ": ";
  return out + message;
}
}  // namespace

Error::Error(ErrorKind kind, std::string message, ErrorLocation where)
    : std::runtime_error(format(where, message)),
      kind_(kind),
      where_(std::move(where)),
      message_(std::move(message)) {}

}  // namespace newsgraph
