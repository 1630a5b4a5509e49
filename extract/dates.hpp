#pragma once
// Date expressions: recognising them in tokens and normalising them to ISO 8601,
// resolving relative ones ("on Monday", "last week", "yesterday") against the
// document date. Output values (see docs/relations.md, "Dates"):
//   day     2025-01-13          week   2025-W03        month  2025-01
//   year    2025                decade 199X (ISO 8601-2 unspecified digit)
//   range   2025-01-13/2025-01-15 (ISO 8601 time interval)

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/model.hpp"

namespace newsgraph {

/// How finely a normalised date is known.
enum class DatePrecision : std::uint8_t { Day, Week, Month, Year, Decade, Range };

/// Which way a bare relative expression ("Monday", "in March") points when the
/// text does not say. Unknown follows news convention: the most recent past
/// occurrence for weekdays, the nearest occurrence for months and month-days.
enum class DateTense : std::uint8_t { Unknown, Past, Future };

/// A normalised date: an ISO 8601 string and its precision.
struct NormalisedDate {
  std::string value;
  DatePrecision precision = DatePrecision::Day;
  bool relative = false;  ///< true when the value depended on the document date
  friend bool operator==(const NormalisedDate&, const NormalisedDate&) = default;
};

/// Normalises one date expression as written ("January 13, 2025", "13 January 2025",
/// "2025-01-13", "Jan. 13", "on Monday", "last week", "in 2019", "two days ago",
/// "the 1990s", "Monday morning") to ISO 8601.
/// `doc_date` is the document date, "YYYY-MM-DD" (anything after the tenth character,
/// such as a time, is ignored); empty or malformed means unknown, in which case only
/// expressions that carry their own year are normalised.
/// Returns std::nullopt when the expression is not a date this function understands,
/// is a duration or vague ("recently", "the past week", "for two days"), or needs a
/// document date that is unknown. Never throws on any input. Pure and thread-safe.
std::optional<NormalisedDate> normalise_date_ex(std::string_view expr, std::string_view doc_date,
                                                DateTense tense = DateTense::Unknown);

/// normalise_date_ex(expr, doc_date, tense)->value, or std::nullopt.
std::optional<std::string> normalise_date(std::string_view expr, std::string_view doc_date,
                                          DateTense tense = DateTense::Unknown);

/// Recognises the longest date expression that starts at token `i` and ends before
/// `end` (both indexes into `tokens`). Leading prepositions are not part of a match
/// ("on Monday" matches at "Monday"). A capitalised month name that is also a common
/// word or name ("May", "March", "August") alone counts only after "in", "since",
/// "until", "by", "last", "next", "this", "early", "mid" or "late" or before a day or
/// a year. Returns the number of tokens matched, 0 when none. Pure and thread-safe;
/// cost is bounded by a small constant per call.
std::size_t match_date(const std::vector<Token>& tokens, std::size_t i, std::size_t end);

/// True when `s` is an ISO 8601 calendar date "YYYY-MM-DD" that exists. Pure.
bool is_iso_date(std::string_view s);

}  // namespace newsgraph
