#include "extract/tagger.hpp"

#include "graph/error.hpp"

namespace newsgraph {

struct Tagger::Impl {};

namespace {
[[noreturn]] void not_yet() {
  throw Error(ErrorKind::Internal, "pos tagger not implemented yet");
}
}  // namespace

Tagger Tagger::load(const std::string& /*path*/) { not_yet(); }
Tagger Tagger::train(const TrainOptions& /*opts*/) { not_yet(); }
void Tagger::save(const std::string& /*path*/) const { not_yet(); }
void Tagger::run(AnnotatedDocument& /*doc*/) const { not_yet(); }
std::string Tagger::evaluate(const std::string& /*gold_path*/) const { not_yet(); }

}  // namespace newsgraph
