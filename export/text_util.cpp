#include "export/text_util.hpp"

#include <cstdint>
#include <cstring>

namespace newsgraph {
namespace {

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 when ill-formed
// (the Unicode "maximal subpart" rules are approximated by skipping one byte).
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  const std::size_t rest = s.size() - i;
  auto cont = [&](std::size_t k) { return (b(i + k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return rest >= 2 && cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (rest < 3 || !cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (rest < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

std::size_t utf8_length(std::string_view s) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size();) {
    // Exporters see mostly ASCII: skip it a word at a time.
    if (s.size() - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        chars += 8;
        continue;
      }
    }
    const std::size_t n = sequence_length(s, i);
    if (n == 0) return std::string_view::npos;
    i += n;
    ++chars;
  }
  return chars;
}

bool is_valid_utf8(std::string_view s) { return utf8_length(s) != std::string_view::npos; }

std::string repair_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

void append_truncated_utf8(std::string& out, std::string_view s, std::size_t max_chars) {
  if (max_chars == 0 || s.size() <= max_chars) {  // fewer bytes than allowed code points
    out.append(s);
    return;
  }
  std::size_t chars = 0;
  std::size_t cut = std::string_view::npos;  // byte offset after max_chars-1 code points
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars == max_chars - 1) cut = i;
    if (++chars > max_chars) {
      out.append(s.substr(0, cut));
      out += "\xE2\x80\xA6";
      return;
    }
  }
  out.append(s);
}

std::string truncate_utf8(std::string_view s, std::size_t max_chars) {
  std::string out;
  append_truncated_utf8(out, s, max_chars);
  return out;
}

}  // namespace newsgraph
