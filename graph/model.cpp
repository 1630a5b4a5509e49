#include "graph/model.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>

namespace newsgraph {
namespace {
constexpr std::array<std::string_view, kEntityTypeCount> kTypeNames = {
    "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "DATE", "MISC"};

void append_utf8(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}
}  // namespace

std::string_view to_string(EntityType t) { return kTypeNames[static_cast<std::size_t>(t)]; }

std::optional<EntityType> parse_entity_type(std::string_view s) {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i)
    if (kTypeNames[i] == s) return static_cast<EntityType>(i);
  return std::nullopt;
}

std::string_view to_string(MentionKind k) {
  switch (k) {
    case MentionKind::Name: return "name";
    case MentionKind::Pronoun: return "pronoun";
    case MentionKind::Nominal: return "nominal";
  }
  return "name";
}

std::string_view to_string(QuoteKind k) {
  switch (k) {
    case QuoteKind::Direct: return "direct";
    case QuoteKind::Indirect: return "indirect";
    case QuoteKind::Block: return "block";
    case QuoteKind::Mixed: return "mixed";
  }
  return "direct";
}

std::optional<QuoteKind> parse_quote_kind(std::string_view s) {
  for (auto k : {QuoteKind::Direct, QuoteKind::Indirect, QuoteKind::Block, QuoteKind::Mixed})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string make_entity_id(EntityType type, std::string_view name) {
  std::string out;
  for (char c : to_string(type)) out += static_cast<char>(c - 'A' + 'a');
  out += '/';
  const std::size_t prefix = out.size();
  bool pending_dash = false;
  // Letters and digits survive (case-folded); any other run collapses to one '-',
  // so "Kim Jong-un" and "Kim Jong Un" share an id. Non-ASCII letters stay UTF-8,
  // which IRIs allow.
  std::int32_t i = 0;
  const auto len = static_cast<std::int32_t>(name.size());
  while (i < len) {
    UChar32 c;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"  // inside ICU's macro
    U8_NEXT(name.data(), i, len, c);
#pragma GCC diagnostic pop
    if (c < 0) continue;
    if (u_isalnum(c)) {
      if (pending_dash && out.size() > prefix) out += '-';
      pending_dash = false;
      append_utf8(out, static_cast<std::uint32_t>(u_tolower(c)));
    } else if (c != '\'' && c != 0x2019 && c != '.') {
      // Apostrophes and dots vanish ("O'Neill" -> "oneill", "U.S." -> "us").
      pending_dash = true;
    }
  }
  if (out.size() == prefix) out += '-';
  return out;
}

}  // namespace newsgraph
