#include "extract/pipeline.hpp"

#include <cstdlib>
#include <filesystem>

#include "extract/lexicon.hpp"
#include "extract/ner.hpp"
#include "extract/parser.hpp"
#include "extract/quotes.hpp"
#include "extract/relations.hpp"
#include "extract/resolve.hpp"
#include "extract/segment.hpp"
#include "extract/tagger.hpp"

namespace newsgraph {

std::string default_models_dir() {
  if (const char* env = std::getenv("NEWSGRAPH_MODELS"); env && *env) return env;
  // A build tree runs against the source tree's models; an installed copy against its own.
  if (std::filesystem::exists(std::string(NEWSGRAPH_SOURCE_MODELS_DIR) + "/pos.ngm"))
    return NEWSGRAPH_SOURCE_MODELS_DIR;
  return NEWSGRAPH_INSTALL_MODELS_DIR;
}

struct Pipeline::Impl {
  Segmenter segmenter;
  Tagger tagger;
  Recogniser recogniser;
  Parser parser;
  Resolver resolver;
  QuoteFinder quotes;
  RelationExtractor relations;
};

Pipeline::Pipeline(const PipelineOptions& options) {
  const std::string dir = options.models_dir.empty() ? default_models_dir() : options.models_dir;
  const Lexicon lexicon = Lexicon::load(dir + "/lexicon.ngm");
  impl_ = std::make_unique<Impl>(Impl{Segmenter{}, Tagger::load(dir + "/pos.ngm"),
                                      Recogniser::load(dir + "/ner.ngm"), Parser::load(dir + "/parse.ngm"),
                                      Resolver{lexicon}, QuoteFinder{}, RelationExtractor{lexicon}});
}

Pipeline::~Pipeline() = default;
Pipeline::Pipeline(Pipeline&&) noexcept = default;
Pipeline& Pipeline::operator=(Pipeline&&) noexcept = default;

void Pipeline::annotate(AnnotatedDocument& doc, bool segment) const {
  if (segment) impl_->segmenter.run(doc);
  impl_->tagger.run(doc);
  impl_->recogniser.run(doc);
  impl_->parser.run(doc);
}

AnnotatedDocument Pipeline::run(Document doc) const {
  AnnotatedDocument a;
  a.doc = std::move(doc);
  annotate(a);
  impl_->resolver.run(a);
  impl_->quotes.run(a);
  impl_->relations.run(a);
  return a;
}

}  // namespace newsgraph
