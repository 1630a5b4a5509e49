// Fuzz target: any valid-UTF-8 document text through the whole pipeline. Checks the
// invariants every consumer relies on: spans inside the text, texts equal to slices,
// indices in range.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "extract/input.hpp"
#include "extract/pipeline.hpp"

using namespace newsgraph;

namespace {
const Pipeline& pipeline() {
  static const Pipeline p(PipelineOptions{NEWSGRAPH_MODELS_DIR});
  return p;
}

void check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (find_invalid_utf8(text) >= 0) return -1;  // readers never hand out invalid UTF-8
  Document doc;
  doc.id = "fuzz";
  doc.text = text;
  doc.meta.date = "2025-01-13";
  const AnnotatedDocument a = pipeline().run(std::move(doc));
  const auto n = static_cast<std::uint32_t>(a.doc.text.size());
  for (const auto& t : a.tokens) check(t.span.start < t.span.end && t.span.end <= n);
  for (const auto& m : a.mentions) {
    check(m.span.end <= n && m.span.start <= m.span.end);
    check(a.doc.text.compare(m.span.start, m.span.size(), m.text) == 0);
    check(m.entity < static_cast<int>(a.entities.size()));
  }
  for (const auto& e : a.entities)
    for (auto mi : e.mentions) check(mi < a.mentions.size());
  for (const auto& q : a.quotations) {
    check(q.span.end <= n && a.doc.text.compare(q.span.start, q.span.size(), q.text) == 0);
    check(q.speaker < static_cast<int>(a.entities.size()) && q.addressee < static_cast<int>(a.entities.size()));
  }
  for (const auto& r : a.relations) {
    check(r.subject >= 0 && r.subject < static_cast<int>(a.entities.size()));
    check(r.object >= 0 && r.object < static_cast<int>(a.entities.size()));
    check(r.evidence.end <= n);
  }
  return 0;
}
