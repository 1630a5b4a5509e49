#include "cli/table.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace newsgraph::cli {
namespace {

// Display width in code points (close enough for alignment of news text).
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Cut to at most `n` code points, ending in an ellipsis when cut.
std::string shorten(const std::string& s, std::size_t n) {
  if (width(s) <= n) return s;
  std::size_t cps = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((s[i] & 0xC0) != 0x80) {
      if (cps == n - 1) break;
      ++cps;
    }
  }
  return s.substr(0, i) + "\xE2\x80\xA6";
}

// Newlines and tabs would break the table's rows and columns.
std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string format_score(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

void Table::print(std::ostream& out, const std::string& format, const std::vector<std::size_t>& long_columns) const {
  if (format == "jsonl") {
    for (const auto& row : rows_) {
      rapidjson::StringBuffer sb;
      rapidjson::Writer<rapidjson::StringBuffer> w(sb);
      w.StartObject();
      for (std::size_t c = 0; c < header_.size(); ++c) {
        w.Key(header_[c].c_str());
        w.String(row[c].data(), static_cast<rapidjson::SizeType>(row[c].size()));
      }
      w.EndObject();
      out << sb.GetString() << "\n";
    }
    return;
  }
  if (format == "csv") {
    for (std::size_t c = 0; c < header_.size(); ++c) out << (c ? "," : "") << csv_field(header_[c]);
    out << "\r\n";
    for (const auto& row : rows_) {
      for (std::size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << csv_field(row[c]);
      out << "\r\n";
    }
    return;
  }
  const bool terminal = ::isatty(1);
  std::vector<std::vector<std::string>> cells;
  cells.push_back(header_);
  for (const auto& row : rows_) {
    std::vector<std::string> r;
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string v = one_line(row[c]);
      const bool is_long = std::find(long_columns.begin(), long_columns.end(), c) != long_columns.end();
      if (terminal && is_long) v = shorten(v, 60);
      r.push_back(std::move(v));
    }
    cells.push_back(std::move(r));
  }
  std::vector<std::size_t> widths(header_.size(), 0);
  for (const auto& r : cells)
    for (std::size_t c = 0; c < r.size(); ++c) widths[c] = std::max(widths[c], width(r[c]));
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string line;
    for (std::size_t c = 0; c < cells[i].size(); ++c) {
      line += cells[i][c];
      if (c + 1 < cells[i].size()) line += std::string(widths[c] - width(cells[i][c]) + 2, ' ');
    }
    out << line << "\n";
    if (i == 0) {
      std::string rule;
      for (std::size_t c = 0; c < widths.size(); ++c) rule += std::string(widths[c], '-') + (c + 1 < widths.size() ? "  " : "");
      out << rule << "\n";
    }
  }
}

}  // namespace newsgraph::cli
