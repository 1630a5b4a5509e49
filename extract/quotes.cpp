#include "extract/quotes.hpp"

namespace newsgraph {

void QuoteFinder::run(AnnotatedDocument& doc) const { doc.quotations.clear(); }

}  // namespace newsgraph
