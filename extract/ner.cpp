#include "extract/ner.hpp"

#include "graph/error.hpp"

namespace newsgraph {

// Temporary bodies so the library links while the recogniser is being written.
struct Recogniser::Impl {};

Recogniser Recogniser::load(const std::string&) {
  throw Error(ErrorKind::Internal, "ner not implemented yet");
}

Recogniser Recogniser::train(const TrainOptions&) {
  throw Error(ErrorKind::Internal, "ner not implemented yet");
}

void Recogniser::save(const std::string&) const {
  throw Error(ErrorKind::Internal, "ner not implemented yet");
}

void Recogniser::run(AnnotatedDocument&) const {
  throw Error(ErrorKind::Internal, "ner not implemented yet");
}

std::string Recogniser::evaluate(const std::string&, const Tagger*) const {
  throw Error(ErrorKind::Internal, "ner not implemented yet");
}

}  // namespace newsgraph
