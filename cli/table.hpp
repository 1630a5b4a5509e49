#pragma once
// Query results as an aligned table, JSON Lines or CSV.

#include <iosfwd>
#include <string>
#include <vector>

namespace newsgraph::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  /// format: "table" or "" (aligned columns; on a terminal the `long_columns` are
  /// shortened to fit), "jsonl" (one object per row, keys from the header) or "csv"
  /// (RFC 4180, with a header line).
  void print(std::ostream& out, const std::string& format, const std::vector<std::size_t>& long_columns) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

/// A score with six significant digits, the same on every platform.
std::string format_score(double v);

}  // namespace newsgraph::cli
