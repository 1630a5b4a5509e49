#pragma once
// Test helper shared by the resolve and quotes tests: a document segmented for real,
// with Name mentions set by hand instead of by the statistical recogniser, so that
// rule-based stages can be tested alone.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "extract/segment.hpp"
#include "graph/model.hpp"

namespace newsgraph::testing {

using Names = std::vector<std::pair<std::string, EntityType>>;

/// Segments `text` and marks every occurrence of each listed name (longest first, on
/// token boundaries, never overlapping) as a Name mention; mentions sorted by span.
inline AnnotatedDocument with_hand_mentions(std::string id, std::string text, Names names, std::string date = {}) {
  AnnotatedDocument d;
  d.doc.id = std::move(id);
  d.doc.text = std::move(text);
  d.doc.meta.date = std::move(date);
  Segmenter{}.run(d);
  std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  std::vector<bool> used(d.doc.text.size(), false);
  for (const auto& [name, type] : names) {
    for (std::size_t p = d.doc.text.find(name); p != std::string::npos; p = d.doc.text.find(name, p + 1)) {
      const std::size_t e = p + name.size();
      bool starts = false, ends = false, free = true;
      for (const Token& t : d.tokens) {
        starts = starts || t.span.start == p;
        ends = ends || t.span.end == e;
      }
      for (std::size_t k = p; k < e; ++k) free = free && !used[k];
      if (!starts || !ends || !free) continue;
      Mention m;
      m.span = {static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(e)};
      m.text = name;
      m.type = type;
      d.mentions.push_back(m);
      for (std::size_t k = p; k < e; ++k) used[k] = true;
    }
  }
  std::sort(d.mentions.begin(), d.mentions.end(), [](const Mention& a, const Mention& b) { return a.span < b.span; });
  return d;
}

}  // namespace newsgraph::testing
