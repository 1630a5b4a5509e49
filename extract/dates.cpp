#include "extract/dates.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <span>

namespace newsgraph {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// One word of a date expression after light normalisation: lower-cased, trailing
// abbreviation dot removed, ordinal suffix stripped ("13th" -> num 13).
struct Word {
  std::string text;
  int num = -1;          // value when the word is all digits (or an ordinal)
  int ndigits = 0;
  bool decade = false;   // "1990s"
  // A numeric date such as "2025-01-13" or "1/13/2025", already decoded.
  int ny = 0, nm = 0, nd = 0, nweek = 0;
  bool numeric = false;
};

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdays = {  // ISO order, Monday first
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

int month_of(std::string_view w) {
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (w == kMonths[i]) return static_cast<int>(i) + 1;
    // Abbreviations: "jan", "sept", "sep"; "may", "june", "july" are full already.
    if (w.size() >= 3 && w.size() < kMonths[i].size() && kMonths[i].substr(0, w.size()) == w &&
        (w.size() == 3 || w == "sept"))
      return static_cast<int>(i) + 1;
  }
  return 0;
}

int weekday_of(std::string_view w) {  // 1 = Monday ... 7 = Sunday
  for (std::size_t i = 0; i < kWeekdays.size(); ++i) {
    if (w == kWeekdays[i]) return static_cast<int>(i) + 1;
    if (w.size() >= 3 && w.size() <= 5 && kWeekdays[i].substr(0, w.size()) == w &&
        (w.size() == 3 || w == "tues" || w == "thur" || w == "thurs" || w == "weds"))
      return static_cast<int>(i) + 1;
  }
  return 0;
}

int number_word(std::string_view w) {
  static constexpr std::array<std::string_view, 13> kNums = {
      "zero", "one", "two", "three", "four", "five", "six",
      "seven", "eight", "nine", "ten", "eleven", "twelve"};
  if (w == "a" || w == "an") return 1;
  for (std::size_t i = 0; i < kNums.size(); ++i)
    if (w == kNums[i]) return static_cast<int>(i);
  return -1;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) {
    v = v * 10 + (c - '0');
    if (v > 100000) return 100000;
  }
  return v;
}

bool valid_ymd(int y, int m, int d) {
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  return year_month_day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                        std::chrono::day{static_cast<unsigned>(d)}}
      .ok();
}

sys_days to_days(int y, int m, int d) {
  return sys_days{year_month_day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                 std::chrono::day{static_cast<unsigned>(d)}}};
}

// Splits "a-b-c" style numeric dates; returns true and fills w when `s` is one.
bool decode_numeric(std::string_view s, Word& w) {
  // Cut a time part: "2025-01-13T10:00:00Z".
  if (const auto t = s.find('T'); t != std::string_view::npos && t == 10) s = s.substr(0, 10);
  std::array<std::string_view, 3> parts;
  std::size_t n = 0;
  char sep = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-' || s[i] == '/' || s[i] == '.') {
      if (i < s.size()) {
        if (sep == 0) sep = s[i];
        else if (sep != s[i]) return false;
      }
      if (n == 3) return false;
      parts[n++] = s.substr(start, i - start);
      start = i + 1;
    }
  }
  if (n < 2) return false;
  // ISO week: 2025-W03
  if (n == 2 && sep == '-' && parts[0].size() == 4 && all_digits(parts[0]) && parts[1].size() == 3 &&
      (parts[1][0] == 'W' || parts[1][0] == 'w') && all_digits(parts[1].substr(1))) {
    const int wk = to_int(parts[1].substr(1));
    if (wk < 1 || wk > 53) return false;
    w.numeric = true;
    w.ny = to_int(parts[0]);
    w.nweek = wk;
    return true;
  }
  for (std::size_t i = 0; i < n; ++i)
    if (!all_digits(parts[i])) return false;
  if (n == 2) {  // 2025-01 (ISO month) only; "1/13" is too ambiguous
    if (sep != '-' || parts[0].size() != 4 || parts[1].size() != 2) return false;
    const int y = to_int(parts[0]), m = to_int(parts[1]);
    if (m < 1 || m > 12) return false;
    w.numeric = true;
    w.ny = y;
    w.nm = m;
    return true;
  }
  int y = 0, m = 0, d = 0;
  if (parts[0].size() == 4) {  // Y-M-D, Y/M/D, Y.M.D
    y = to_int(parts[0]);
    m = to_int(parts[1]);
    d = to_int(parts[2]);
    if (parts[1].size() > 2 || parts[2].size() > 2) return false;
  } else if (parts[2].size() == 4 && parts[0].size() <= 2 && parts[1].size() <= 2) {
    y = to_int(parts[2]);
    const int a = to_int(parts[0]), b = to_int(parts[1]);
    if (sep == '.') {  // 13.01.2025 is day-first wherever it is written
      d = a;
      m = b;
    } else if (a > 12 && b <= 12) {  // 13/01/2025: only one reading
      d = a;
      m = b;
    } else if (b > 12 && a <= 12) {  // 01/13/2025
      m = a;
      d = b;
    } else if (a == b) {
      m = d = a;
    } else {
      return false;  // 02/03/2025: US and European readings differ; do not guess
    }
  } else {
    return false;
  }
  if (!valid_ymd(y, m, d)) return false;
  w.numeric = true;
  w.ny = y;
  w.nm = m;
  w.nd = d;
  return true;
}

void push_piece(std::string_view piece, std::vector<Word>& out) {
  if (piece.empty()) return;
  Word nw;
  if (piece.size() >= 6 && piece[0] >= '0' && piece[0] <= '9' && decode_numeric(piece, nw)) {
    out.push_back(std::move(nw));
    return;
  }
  std::string s;
  s.reserve(piece.size());
  for (char c : piece) s += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  // "a.m." and "p.m." keep their dots; other trailing dots are abbreviations.
  if (s != "a.m." && s != "p.m.")
    while (!s.empty() && s.back() == '.') s.pop_back();
  if (s.empty()) return;
  Word w;
  const std::size_t digits =
      static_cast<std::size_t>(std::find_if(s.begin(), s.end(), [](char c) { return c < '0' || c > '9'; }) - s.begin());
  if (digits > 0 && digits <= 4) {
    const std::string_view rest = std::string_view(s).substr(digits);
    if (rest.empty() || rest == "st" || rest == "nd" || rest == "rd" || rest == "th") {
      w.num = to_int(std::string_view(s).substr(0, digits));
      w.ndigits = static_cast<int>(digits);
    } else if (rest == "s" && digits == 4 && s[3] == '0') {
      w.num = to_int(std::string_view(s).substr(0, digits));
      w.ndigits = 4;
      w.decade = true;
    }
  }
  w.text = std::move(s);
  out.push_back(std::move(w));
}

// Splits an expression into words: whitespace, commas and parentheses separate;
// hyphens and en dashes separate words but are kept as "-" (ranges: "13-15").
std::vector<Word> split_words(std::string_view e) {
  std::vector<Word> out;
  std::size_t i = 0;
  while (i < e.size()) {
    const unsigned char c = static_cast<unsigned char>(e[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '(' || c == ')') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < e.size()) {
      const unsigned char d = static_cast<unsigned char>(e[j]);
      if (d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == ',' || d == '(' || d == ')') break;
      ++j;
    }
    std::string_view piece = e.substr(i, j - i);
    i = j;
    // Whole-piece numeric dates first ("2025-01-13"), then split on dashes.
    Word nw;
    if (piece.size() >= 6 && piece[0] >= '0' && piece[0] <= '9' && decode_numeric(piece, nw)) {
      out.push_back(std::move(nw));
      continue;
    }
    std::size_t s = 0;
    for (std::size_t k = 0; k <= piece.size(); ++k) {
      const bool en_dash = k + 2 < piece.size() && static_cast<unsigned char>(piece[k]) == 0xE2 &&
                           static_cast<unsigned char>(piece[k + 1]) == 0x80 &&
                           (static_cast<unsigned char>(piece[k + 2]) == 0x93 ||
                            static_cast<unsigned char>(piece[k + 2]) == 0x94);
      if (k == piece.size() || piece[k] == '-' || en_dash) {
        const std::string_view part = piece.substr(s, k - s);
        push_piece(part, out);
        // Only a dash between numbers means a range ("13-15"); "mid-January" is two words.
        if (k < piece.size() && all_digits(part)) {
          Word dash;
          dash.text = "-";
          out.push_back(std::move(dash));
        }
        if (en_dash) k += 2;
        s = k + 1;
      }
    }
  }
  return out;
}

bool is_filler(std::string_view w) {
  static constexpr std::array<std::string_view, 22> kFill = {
      "on", "in", "at", "by", "during", "since", "from", "until", "till", "of", "the",
      "early", "mid", "late", "around", "about", "circa", "earlier", "later", "as", "beginning", "sometime"};
  return std::find(kFill.begin(), kFill.end(), w) != kFill.end();
}

bool is_time_of_day(std::string_view w) {
  static constexpr std::array<std::string_view, 16> kTime = {
      "morning", "afternoon", "evening", "night", "overnight", "noon", "midday", "midnight",
      "a.m.", "p.m.", "am", "pm", "gmt", "utc", "o'clock", "hours"};
  return std::find(kTime.begin(), kTime.end(), w) != kTime.end();
}

int unit_of(std::string_view w) {  // 1 day, 2 week, 3 month, 4 year
  if (w == "day" || w == "days") return 1;
  if (w == "week" || w == "weeks") return 2;
  if (w == "month" || w == "months") return 3;
  if (w == "year" || w == "years") return 4;
  return 0;
}

std::string two(unsigned v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02u", v % 100u);
  return b;
}

std::string four(int v) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d", v);
  return b;
}

NormalisedDate day_value(sys_days d, bool relative) {
  const year_month_day ymd{d};
  return {four(static_cast<int>(ymd.year())) + "-" + two(static_cast<unsigned>(ymd.month())) + "-" +
              two(static_cast<unsigned>(ymd.day())),
          DatePrecision::Day, relative};
}

NormalisedDate week_value(sys_days d, bool relative) {
  // ISO 8601 week: the week (Monday..Sunday) belongs to the year of its Thursday.
  const unsigned iso = std::chrono::weekday{d}.iso_encoding();  // 1..7
  const sys_days thursday = d + days{4 - static_cast<int>(iso)};
  const year_month_day ty{thursday};
  const sys_days jan1 = sys_days{ty.year() / std::chrono::January / 1};
  const int week = static_cast<int>((thursday - jan1).count() / 7) + 1;
  return {four(static_cast<int>(ty.year())) + "-W" + two(static_cast<unsigned>(week)), DatePrecision::Week,
          relative};
}

NormalisedDate month_value(int y, int m, bool relative) {
  return {four(y) + "-" + two(static_cast<unsigned>(m)), DatePrecision::Month, relative};
}

NormalisedDate year_value(int y, bool relative) { return {four(y), DatePrecision::Year, relative}; }

std::optional<sys_days> parse_doc_date(std::string_view s) {
  if (s.size() < 10 || !is_iso_date(s.substr(0, 10))) return std::nullopt;
  return to_days(to_int(s.substr(0, 4)), to_int(s.substr(5, 2)), to_int(s.substr(8, 2)));
}

// The year for a month (and optional day) given without one, by tense.
int infer_year(int m, int d, sys_days anchor, DateTense tense) {
  const year_month_day a{anchor};
  const int ay = static_cast<int>(a.year());
  int best = ay;
  long best_cost = -1;
  for (int y = ay - 1; y <= ay + 1; ++y) {
    const int dd = d > 0 ? d : 15;
    if (!valid_ymd(y, m, std::min(dd, 28))) continue;
    const int day = valid_ymd(y, m, dd) ? dd : 28;
    long diff;
    if (d > 0) {
      diff = static_cast<long>((to_days(y, m, day) - anchor).count());
    } else {  // months: compare month indexes so the current month is distance 0
      diff = static_cast<long>((y * 12 + m) - (ay * 12 + static_cast<int>(static_cast<unsigned>(a.month()))));
    }
    long cost = std::labs(diff) * 2 + (diff > 0 ? 1 : 0);  // ties go to the past
    if (tense == DateTense::Past && diff > 0) cost += 1000000;
    if (tense == DateTense::Future && diff < 0) cost += 1000000;
    if (best_cost < 0 || cost < best_cost) {
      best_cost = cost;
      best = y;
    }
  }
  return best;
}

struct Parsed {
  bool recognised = false;
  std::optional<NormalisedDate> value;
};

bool is_year(const Word& w) { return w.num >= 1000 && w.num <= 2999 && w.ndigits == 4 && !w.decade; }
bool is_day(const Word& w) { return w.num >= 1 && w.num <= 31 && w.ndigits <= 2; }

// Parses month/day/year sequences: "january 13 2025", "13 january 2025", "jan 13",
// "january 2025", "january", "2025", "1990s", and ranges "january 13 - 15 2025".
Parsed parse_absolute(const std::vector<Word>& w, std::optional<sys_days> anchor, DateTense tense,
                      int direction /* -1 last, 0 none, +1 next */) {
  Parsed r;
  const std::size_t n = w.size();
  auto month = [&](std::size_t i) { return i < n && w[i].num < 0 ? month_of(w[i].text) : 0; };
  int m = 0, d = 0, d2 = 0, y = 0;
  std::size_t i = 0;
  if (n == 1 && w[0].decade) {
    if (direction != 0) return r;
    r.recognised = true;
    r.value = NormalisedDate{four(w[0].num).substr(0, 3) + "X", DatePrecision::Decade, false};
    return r;
  }
  if (month(0)) {  // Month [Day [- Day]] [Year]
    m = month(0);
    i = 1;
    if (i < n && is_day(w[i])) {
      d = w[i].num;
      ++i;
      if (i + 1 < n && w[i].text == "-" && is_day(w[i + 1])) {
        d2 = w[i + 1].num;
        i += 2;
      }
    }
    if (i < n && is_year(w[i])) {
      y = w[i].num;
      ++i;
    }
  } else if (is_day(w[0]) && month(1)) {  // Day [- Day] Month [Year]
    d = w[0].num;
    m = month(1);
    i = 2;
    if (i < n && is_year(w[i])) {
      y = w[i].num;
      ++i;
    }
  } else if (n >= 4 && is_day(w[0]) && w[1].text == "-" && is_day(w[2]) && month(3)) {
    d = w[0].num;
    d2 = w[2].num;
    m = month(3);
    i = 4;
    if (i < n && is_year(w[i])) {
      y = w[i].num;
      ++i;
    }
  } else if (is_year(w[0]) && n == 1) {
    if (direction != 0) return r;
    r.recognised = true;
    r.value = year_value(w[0].num, false);
    return r;
  } else {
    return r;
  }
  if (i != n) return r;
  if (d2 != 0 && d2 <= d) return r;
  if (direction != 0 && (d != 0 || y != 0)) return r;  // "last January 13" is not English
  r.recognised = true;
  bool relative = false;
  if (y == 0) {
    if (!anchor) return r;
    relative = true;
    const year_month_day a{*anchor};
    const int ay = static_cast<int>(a.year());
    const int am = static_cast<int>(static_cast<unsigned>(a.month()));
    if (direction < 0) y = m < am ? ay : ay - 1;
    else if (direction > 0) y = m > am ? ay : ay + 1;
    else y = infer_year(m, d, *anchor, tense);
  }
  if (d == 0) {
    r.value = month_value(y, m, relative);
    return r;
  }
  if (!valid_ymd(y, m, d) || (d2 != 0 && !valid_ymd(y, m, d2))) {
    r.recognised = false;
    return r;
  }
  NormalisedDate v = day_value(to_days(y, m, d), relative);
  if (d2 != 0) {
    v.value += "/" + day_value(to_days(y, m, d2), relative).value;
    v.precision = DatePrecision::Range;
  }
  r.value = v;
  return r;
}

Parsed parse_words(std::vector<Word> w, std::optional<sys_days> anchor, DateTense tense) {
  Parsed r;
  // "this morning", "tonight", "today" all mean the document's day.
  bool today = false;
  std::vector<Word> core;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const std::string& t = w[i].text;
    if (w[i].numeric) {
      core.push_back(w[i]);
      continue;
    }
    if (t.find(':') != std::string::npos && w[i].num >= 0) continue;  // "10:30"
    if (w[i].num >= 0 && w[i].ndigits <= 2 && i + 1 < w.size() && is_time_of_day(w[i + 1].text) &&
        w[i + 1].text != "morning")
      continue;  // "5 p.m."
    if (t.size() > 2 && t.find(':') != std::string::npos) continue;
    if (is_time_of_day(t)) {
      if (!core.empty() && core.back().text == "this") {
        core.pop_back();
        today = true;
      }
      continue;
    }
    if (is_filler(t)) {
      // "the day before yesterday" needs its "the"/"day"; fillers never carry meaning.
      continue;
    }
    core.push_back(w[i]);
  }
  if (core.empty()) {
    if (today) {
      r.recognised = true;
      if (anchor) r.value = day_value(*anchor, true);
    }
    return r;
  }
  const std::size_t n = core.size();
  auto text = [&](std::size_t i) -> std::string_view { return i < n ? std::string_view(core[i].text) : ""; };

  // A weekday beside an explicit date is redundant: "Monday, January 13, 2025".
  if (n >= 2 && weekday_of(text(0))) {
    std::vector<Word> rest(core.begin() + 1, core.end());
    if (rest.size() == 1 && rest[0].numeric) return parse_words(std::move(rest), anchor, tense);
    Parsed p = parse_absolute(rest, anchor, tense, 0);
    if (p.recognised) return p;
  }
  if (n == 1 && core[0].numeric) {
    const Word& x = core[0];
    r.recognised = true;
    if (x.nweek) {
      r.value = NormalisedDate{four(x.ny) + "-W" + two(static_cast<unsigned>(x.nweek)), DatePrecision::Week, false};
    } else if (x.nd) {
      r.value = day_value(to_days(x.ny, x.nm, x.nd), false);
    } else {
      r.value = month_value(x.ny, x.nm, false);
    }
    return r;
  }
  if (today && n > 0) {
    // "this morning" mixed with more words ("Monday this morning") is not a pattern.
    return r;
  }
  const auto rel = [&](NormalisedDate v) {
    r.recognised = true;
    r.value = std::move(v);
    return r;
  };
  const auto need_anchor = [&]() {
    r.recognised = true;
    return r;
  };
  // Deictic days.
  if (n == 1 && (text(0) == "today" || text(0) == "tonight" || text(0) == "yesterday" || text(0) == "tomorrow")) {
    if (!anchor) return need_anchor();
    const int off = text(0) == "yesterday" ? -1 : text(0) == "tomorrow" ? 1 : 0;
    return rel(day_value(*anchor + days{off}, true));
  }
  if (n == 3 && text(0) == "day" && (text(1) == "before" || text(1) == "after") &&
      (text(2) == "yesterday" || text(2) == "tomorrow")) {
    if ((text(1) == "before") != (text(2) == "yesterday")) return r;
    if (!anchor) return need_anchor();
    return rel(day_value(*anchor + days{text(2) == "yesterday" ? -2 : 2}, true));
  }
  // "two days ago", "a week ago", "3 years ago".
  if (n == 3 && text(2) == "ago" && unit_of(text(1))) {
    const int k = core[0].num >= 0 && core[0].ndigits <= 3 ? core[0].num : number_word(text(0));
    if (k < 0) return r;
    if (!anchor) return need_anchor();
    const year_month_day a{*anchor};
    switch (unit_of(text(1))) {
      case 1: return rel(day_value(*anchor - days{k}, true));
      case 2: return rel(week_value(*anchor - days{7 * k}, true));
      case 3: {
        const int idx = static_cast<int>(a.year()) * 12 + static_cast<int>(static_cast<unsigned>(a.month())) - 1 - k;
        return rel(month_value(idx / 12, idx % 12 + 1, true));
      }
      default: return rel(year_value(static_cast<int>(a.year()) - k, true));
    }
  }
  // Direction words.
  int direction = 0;
  bool has_dir = false;
  std::size_t i0 = 0;
  if (text(0) == "last" || text(0) == "previous") {
    direction = -1;
    has_dir = true;
    i0 = 1;
  } else if (text(0) == "next" || text(0) == "coming") {
    direction = 1;
    has_dir = true;
    i0 = 1;
  } else if (text(0) == "this" || text(0) == "current") {
    has_dir = true;
    i0 = 1;
  }
  if (has_dir && n == 2) {
    const std::string_view u = text(1);
    if (u == "week" || u == "month" || u == "year" || u == "weekend") {
      if (!anchor) return need_anchor();
      const year_month_day a{*anchor};
      if (u == "week") return rel(week_value(*anchor + days{7 * direction}, true));
      if (u == "weekend") {
        // The Saturday of this week, or of the week before or after.
        const unsigned iso = std::chrono::weekday{*anchor}.iso_encoding();
        sys_days sat = *anchor + days{6 - static_cast<int>(iso)};
        if (direction < 0 && iso < 6) sat -= days{7};
        if (direction < 0 && iso >= 6) sat -= days{7};
        if (direction > 0) sat += days{7};
        return rel(week_value(sat, true));
      }
      if (u == "month") {
        const int idx = static_cast<int>(a.year()) * 12 + static_cast<int>(static_cast<unsigned>(a.month())) - 1 + direction;
        return rel(month_value(idx / 12, idx % 12 + 1, true));
      }
      return rel(year_value(static_cast<int>(a.year()) + direction, true));
    }
  }
  // Weekdays: "Monday", "last Monday", "next Friday", "this Tuesday".
  if (n == i0 + 1 && weekday_of(text(i0))) {
    if (!anchor) return need_anchor();
    const int wd = weekday_of(text(i0));
    const int cur = static_cast<int>(std::chrono::weekday{*anchor}.iso_encoding());
    int back = (cur - wd + 7) % 7;      // days back to the most recent one (0 = today)
    int fwd = (wd - cur + 7) % 7;       // days forward to the next one (0 = today)
    int off;
    if (direction < 0) off = -(back == 0 ? 7 : back);
    else if (direction > 0) off = fwd == 0 ? 7 : fwd;
    else if (tense == DateTense::Future) off = fwd;
    else off = -back;
    return rel(day_value(*anchor + days{off}, true));
  }
  // Month names and explicit dates, optionally with a direction ("last March").
  if (has_dir && text(0) != "last" && text(0) != "next" && text(0) != "previous" && text(0) != "coming") {
    // "this March": the month in the document's year.
    if (n == 2 && month_of(text(1)) && core[1].num < 0) {
      if (!anchor) return need_anchor();
      return rel(month_value(static_cast<int>(year_month_day{*anchor}.year()), month_of(text(1)), true));
    }
    return r;
  }
  std::vector<Word> rest(core.begin() + static_cast<std::ptrdiff_t>(i0), core.end());
  if (rest.empty()) return r;
  Parsed p = parse_absolute(rest, anchor, tense, direction);
  if (p.recognised && !p.value && anchor) p.recognised = false;
  return p;
}

}  // namespace

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2))) return false;
  return valid_ymd(to_int(s.substr(0, 4)), to_int(s.substr(5, 2)), to_int(s.substr(8, 2)));
}

std::optional<NormalisedDate> normalise_date_ex(std::string_view expr, std::string_view doc_date, DateTense tense) {
  if (expr.size() > 200) return std::nullopt;  // not a date expression; keeps cost bounded
  std::vector<Word> words = split_words(expr);
  if (words.empty() || words.size() > 16) return std::nullopt;
  return parse_words(std::move(words), parse_doc_date(doc_date), tense).value;
}

std::optional<std::string> normalise_date(std::string_view expr, std::string_view doc_date, DateTense tense) {
  auto v = normalise_date_ex(expr, doc_date, tense);
  if (!v) return std::nullopt;
  return std::move(v->value);
}

namespace {

bool ambiguous_month_word(std::string_view form) {
  return form == "May" || form == "March" || form == "August" || form == "April" || form == "June";
}

// Whether a word can make a span a date. Every pattern parse_words accepts holds one:
// a number or numeric date, a month or weekday name, a deictic day ("today"), a time
// of day ("this morning"), or a unit ("a week ago", "next weekend").
bool carries_date_text(std::string_view t) {
  return month_of(t) || weekday_of(t) || unit_of(t) || is_time_of_day(t) || t == "today" || t == "tonight" ||
         t == "yesterday" || t == "tomorrow" || t == "weekend";
}

// A cheap over-approximation of "some word split_words makes of this token can carry
// a date", without allocating: a digit (numbers and numeric dates), or a run of letters
// (with dots and apostrophes, as in "a.m." and "o'clock") that carries_date_text
// accepts once lower-cased and stripped of trailing dots. Only a token that passes is
// split.
bool may_carry_date(std::string_view form) {
  const auto in_word = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '\'';
  };
  std::size_t k = 0;
  while (k < form.size()) {
    const char c = form[k];
    if (c >= '0' && c <= '9') return true;
    if (!in_word(c)) {
      ++k;
      continue;
    }
    std::size_t e = k;
    while (e < form.size() && in_word(form[e])) ++e;
    std::size_t n = e - k;
    if (n == 4 && (form[k] == 'a' || form[k] == 'A' || form[k] == 'p' || form[k] == 'P') && form[k + 1] == '.' &&
        (form[k + 2] == 'm' || form[k + 2] == 'M') && form[k + 3] == '.')
      return true;  // "a.m.", "p.m." keep their dots
    while (n > 0 && form[k + n - 1] == '.') --n;
    if (n > 0 && n <= 12) {
      char buf[12];
      for (std::size_t q = 0; q < n; ++q) {
        const char ch = form[k + q];
        buf[q] = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
      }
      if (carries_date_text(std::string_view(buf, n))) return true;
    }
    k = e;
  }
  return false;
}

// Which (length, first letter) pairs a word that can start a date has: a filter that
// turns away almost every word with one table lookup before the string comparisons.
// Lower-case starts, and capitalised ones (lower-cased, trailing dots removed), which
// also take month and weekday names and their abbreviations (any prefix of 3+ letters
// is let through; starts_date decides).
struct StartMasks {
  std::array<std::uint32_t, 13> lower{}, upper{};
};

const StartMasks& start_masks() {
  static const StartMasks m = [] {
    StartMasks r;
    const auto add = [](std::array<std::uint32_t, 13>& mask, std::string_view w) {
      if (w.size() < mask.size()) mask[w.size()] |= 1u << (w[0] - 'a');
    };
    for (std::string_view w : {"today", "yesterday", "tomorrow", "tonight", "last", "next", "this", "a", "an",
                               "previous", "coming", "one", "two", "three", "four", "five", "six", "seven", "eight",
                               "nine", "ten", "eleven", "twelve"}) {
      add(r.lower, w);
      add(r.upper, w);
    }
    for (const auto& names : {std::span<const std::string_view>(kMonths), std::span<const std::string_view>(kWeekdays)})
      for (std::string_view w : names)
        for (std::size_t n = 3; n <= w.size(); ++n) add(r.upper, w.substr(0, n));
    return r;
  }();
  return m;
}

bool starts_date(const Token& t) {
  const std::string& f = t.form;
  if (f.empty()) return false;
  if (f[0] >= '0' && f[0] <= '9') return true;
  if (f[0] >= 'a' && f[0] <= 'z' &&
      (f.size() >= start_masks().lower.size() || !(start_masks().lower[f.size()] & (1u << (f[0] - 'a')))))
    return false;
  if (f[0] >= 'A' && f[0] <= 'Z') {
    std::size_t n = f.size();
    while (n > 1 && f[n - 1] == '.') --n;
    if (n >= start_masks().upper.size() || !(start_masks().upper[n] & (1u << (f[0] - 'A')))) return false;
    std::string low;
    for (char c : f) low += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    while (!low.empty() && low.back() == '.') low.pop_back();
    if (month_of(low) || weekday_of(low) || low == "today" || low == "yesterday" || low == "tomorrow" ||
        low == "tonight" || low == "last" || low == "next" || low == "this" || low == "a" ||
        number_word(low) > 0)
      return true;
    return false;
  }
  return f == "today" || f == "yesterday" || f == "tomorrow" || f == "tonight" || f == "last" || f == "next" ||
         f == "this" || f == "a" || f == "an" || number_word(f) > 0 || f == "previous" || f == "coming";
}

}  // namespace

std::size_t match_date(const std::vector<Token>& tokens, std::size_t i, std::size_t end) {
  if (i >= end || end > tokens.size() || !starts_date(tokens[i])) return 0;
  const std::size_t max_len = std::min<std::size_t>(8, end - i);
  // A fixed anchor: recognition must not depend on the document date.
  const std::optional<sys_days> anchor = to_days(2000, 6, 15);
  // Most starts ("a", "this", a capitalised word) have no word that can carry a date
  // within reach; they end here, before any splitting or parsing.
  std::size_t first_possible = 0;
  while (first_possible < max_len && !may_carry_date(tokens[i + first_possible].form)) ++first_possible;
  if (first_possible == max_len) return 0;
  // Times and ranges end a date: "Tuesday from 1:30" is "Tuesday".
  std::size_t limit = max_len;
  for (std::size_t k = 1; k < max_len; ++k) {
    const std::string& f = tokens[i + k].form;
    const bool inner_filler = is_filler(f) && f != "of" && f != "the" && f != "early" && f != "mid" && f != "late";
    if (f.find(':') != std::string::npos || inner_filler || f == "to") {
      limit = k;
      break;
    }
  }
  // Each token is split once, not once per candidate length. A span with no word that
  // can carry a date (see carries_date_text) is never one, so the lengths that end
  // before the first token that may hold such a word are not parsed at all.
  if (first_possible >= limit) return 0;
  std::array<std::vector<Word>, 8> parts;
  std::size_t lower_month_from = limit;  // the first lower-case month name
  for (std::size_t k = 0; k < limit; ++k) {
    parts[k] = split_words(tokens[i + k].form);
    // Lower-case month names are words ("may", "march"), not dates.
    if (lower_month_from == limit && !parts[k].empty() && parts[k][0].num < 0 && !parts[k][0].numeric &&
        month_of(parts[k][0].text) && tokens[i + k].form[0] >= 'a' && tokens[i + k].form[0] <= 'z') {
      lower_month_from = k;
    }
  }
  for (std::size_t len = limit; len > first_possible; --len) {
    // Never end on a filler or on a dash: "Monday and" is "Monday".
    const std::string& last = tokens[i + len - 1].form;
    if (is_filler(last) || last == "," || last == "-") continue;
    if (len > lower_month_from) continue;
    std::vector<Word> words;
    for (std::size_t k = 0; k < len; ++k) words.insert(words.end(), parts[k].begin(), parts[k].end());
    if (words.empty()) continue;
    Parsed p = parse_words(words, anchor, DateTense::Unknown);
    if (!p.recognised || !p.value) continue;
    // "a" or "one" alone, or a bare number, is not a date; a bare year must look like one.
    if (len == 1) {
      const Token& t = tokens[i];
      if (p.value->precision == DatePrecision::Year) {
        // A four-digit number is a year only after "in", "since", "by", ... or before a comma.
        const bool after_prep = i > 0 && (tokens[i - 1].form == "in" || tokens[i - 1].form == "since" ||
                                          tokens[i - 1].form == "by" || tokens[i - 1].form == "until" ||
                                          tokens[i - 1].form == "of" || tokens[i - 1].form == "from" ||
                                          tokens[i - 1].form == "In" || tokens[i - 1].form == "Since");
        if (!after_prep) continue;
      }
      if (p.value->precision == DatePrecision::Month && ambiguous_month_word(t.form)) {
        const std::string prev = i > 0 ? tokens[i - 1].form : std::string();
        static constexpr std::array<std::string_view, 10> kOk = {"in", "since", "until", "by", "last",
                                                                 "next", "this", "early", "mid", "late"};
        if (std::find(kOk.begin(), kOk.end(), prev) == kOk.end()) continue;
      }
    }
    return len;
  }
  return 0;
}

}  // namespace newsgraph
