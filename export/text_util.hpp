#pragma once
// Small text helpers shared by the exporters: UTF-8 validation/repair, truncation by
// code points. All functions are pure and thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace newsgraph {

/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// The number of code points in `s` when it is well-formed UTF-8 (as is_valid_utf8()),
/// std::string_view::npos otherwise. One pass; ASCII runs are scanned 8 bytes at a time.
std::size_t utf8_length(std::string_view s);

/// `s` with every ill-formed UTF-8 sequence replaced by U+FFFD (one per maximal
/// invalid subpart). Returns `s` unchanged when it is already valid.
std::string repair_utf8(std::string_view s);

/// At most `max_chars` code points of `s` (which should be valid UTF-8); when it had to
/// cut, the result ends with "…" (counted in max_chars). max_chars == 0 means no limit.
std::string truncate_utf8(std::string_view s, std::size_t max_chars);

/// Appends truncate_utf8(s, max_chars) to `out`, without a temporary string.
void append_truncated_utf8(std::string& out, std::string_view s, std::size_t max_chars);

}  // namespace newsgraph
