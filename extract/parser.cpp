// Temporary stubs so that the library links while the real parser is written.
#include "extract/parser.hpp"

#include "graph/error.hpp"

namespace newsgraph {

struct Parser::Impl {};

namespace {
[[noreturn]] void not_yet() { throw Error(ErrorKind::Internal, "parser not implemented yet"); }
}  // namespace

Parser Parser::load(const std::string& /*path*/) { not_yet(); }
Parser Parser::train(const TrainOptions& /*opts*/, const Tagger* /*tagger*/) { not_yet(); }
void Parser::save(const std::string& /*path*/) const { not_yet(); }
void Parser::run(AnnotatedDocument& /*doc*/) const { not_yet(); }
std::string Parser::evaluate(const std::string& /*gold_path*/, const Tagger* /*tagger*/) const { not_yet(); }

}  // namespace newsgraph
