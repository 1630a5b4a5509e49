#include <doctest/doctest.h>

#include "extract/dates.hpp"

using newsgraph::DatePrecision;
using newsgraph::DateTense;
using newsgraph::normalise_date;
using newsgraph::normalise_date_ex;

namespace {
// 2025-01-13 is a Monday; 2025-01-15 a Wednesday.
constexpr std::string_view kMon = "2025-01-13";
constexpr std::string_view kWed = "2025-01-15";

std::string norm(std::string_view e, std::string_view d = kWed, DateTense t = DateTense::Unknown) {
  return normalise_date(e, d, t).value_or("<none>");
}

std::vector<newsgraph::Token> toks(std::initializer_list<const char*> forms) {
  std::vector<newsgraph::Token> out;
  for (const char* f : forms) {
    newsgraph::Token t;
    t.form = f;
    out.push_back(t);
  }
  return out;
}
}  // namespace

TEST_CASE("dates: explicit formats") {
  CHECK(norm("January 13, 2025") == "2025-01-13");
  CHECK(norm("13 January 2025") == "2025-01-13");
  CHECK(norm("2025-01-13") == "2025-01-13");
  CHECK(norm("2025-01-13T08:30:00Z") == "2025-01-13");
  CHECK(norm("Jan. 13, 2025") == "2025-01-13");
  CHECK(norm("Sept. 3, 2019") == "2019-09-03");
  CHECK(norm("the 13th of January 2025") == "2025-01-13");
  CHECK(norm("Monday, January 13, 2025") == "2025-01-13");
  CHECK(norm("January 2025") == "2025-01");
  CHECK(norm("in 2019") == "2019");
  CHECK(norm("2019") == "2019");
  CHECK(norm("2025-W03") == "2025-W03");
  CHECK(norm("2025-01") == "2025-01");
  CHECK(norm("13/01/2025") == "2025-01-13");
  CHECK(norm("1/13/2025") == "2025-01-13");
  CHECK(norm("13.01.2025") == "2025-01-13");
  CHECK(norm("the 1990s") == "199X");
  CHECK(norm("January 13-15, 2025") == "2025-01-13/2025-01-15");
  CHECK(norm("mid-January 2025") == "2025-01");
  // Explicit dates need no document date.
  CHECK(norm("January 13, 2025", "") == "2025-01-13");
  CHECK(normalise_date_ex("March 2020", "")->precision == DatePrecision::Month);
  CHECK_FALSE(normalise_date_ex("March 2020", "")->relative);
}

TEST_CASE("dates: impossible or ambiguous explicit dates are refused") {
  CHECK(norm("February 30, 2025") == "<none>");
  CHECK(norm("2025-02-30") == "<none>");
  CHECK(norm("02/03/2025") == "<none>");  // US and European readings differ
  CHECK(norm("January 15-13, 2025") == "<none>");
  CHECK(norm("") == "<none>");
  CHECK(norm("recently") == "<none>");
  CHECK(norm("the past week") == "<none>");
  CHECK(norm("two days later") == "<none>");
  CHECK(norm("several days ago") == "<none>");
  CHECK(norm("last January 13") == "<none>");
  CHECK(norm(std::string(500, 'x')) == "<none>");
}

TEST_CASE("dates: relative to the document date") {
  CHECK(norm("yesterday") == "2025-01-14");
  CHECK(norm("today") == "2025-01-15");
  CHECK(norm("tonight") == "2025-01-15");
  CHECK(norm("this morning") == "2025-01-15");
  CHECK(norm("tomorrow") == "2025-01-16");
  CHECK(norm("the day before yesterday") == "2025-01-13");
  CHECK(norm("two days ago") == "2025-01-13");
  CHECK(norm("3 weeks ago") == "2024-W52");  // 2024-12-25
  CHECK(norm("a year ago") == "2024");
  CHECK(norm("two months ago") == "2024-11");
  CHECK(norm("last week") == "2025-W02");
  CHECK(norm("this week") == "2025-W03");
  CHECK(norm("next week") == "2025-W04");
  CHECK(norm("earlier this month") == "2025-01");
  CHECK(norm("last month") == "2024-12");
  CHECK(norm("next month") == "2025-02");
  CHECK(norm("last year") == "2024");
  CHECK(norm("next year") == "2026");
  CHECK(norm("Jan. 13") == "2025-01-13");
  CHECK(norm("December 28") == "2024-12-28");  // nearest: late December, not next year's
  CHECK(norm("in March") == "2025-03");
  CHECK(norm("last March") == "2024-03");
  CHECK(norm("next December") == "2025-12");
  CHECK(norm("July") == "2024-07");              // six months either way: the past wins
  CHECK(norm("July", kWed, DateTense::Future) == "2025-07");
  CHECK(normalise_date_ex("yesterday", kWed)->relative);
  // Without a document date a relative expression has no value.
  CHECK(norm("yesterday", "") == "<none>");
  CHECK(norm("Monday", "not a date") == "<none>");
  CHECK(norm("Jan. 13", "") == "<none>");
}

TEST_CASE("dates: weekdays") {
  CHECK(norm("Monday") == "2025-01-13");                 // most recent
  CHECK(norm("on Monday") == "2025-01-13");
  CHECK(norm("Wednesday") == "2025-01-15");              // the document's own day
  CHECK(norm("Thursday") == "2025-01-09");               // past by default
  CHECK(norm("Thursday", kWed, DateTense::Future) == "2025-01-16");
  CHECK(norm("on Friday", kWed, DateTense::Past) == "2025-01-10");
  CHECK(norm("last Monday", kMon) == "2025-01-06");      // strictly before
  CHECK(norm("next Monday", kMon) == "2025-01-20");      // strictly after
  CHECK(norm("Monday morning") == "2025-01-13");
  CHECK(norm("Tuesday at 5 p.m.") == "2025-01-14");
  CHECK(norm("Tues.") == "2025-01-14");
  CHECK(norm("this weekend", kWed) == "2025-W03");
  CHECK(norm("last weekend", kWed) == "2025-W02");
}

TEST_CASE("dates: week numbers at year boundaries") {
  CHECK(norm("today", "2021-01-01") == "2021-01-01");
  CHECK(norm("this week", "2021-01-01") == "2020-W53");
  CHECK(norm("this week", "2024-12-30") == "2025-W01");
  CHECK(norm("last week", "2025-01-06") == "2025-W01");
}

TEST_CASE("dates: recognising date expressions in tokens") {
  using newsgraph::match_date;
  auto t = toks({"on", "Monday", ",", "January", "13", ",", "2025", "the", "leaders", "met"});
  CHECK(match_date(t, 0, t.size()) == 0);  // prepositions are not part of a date
  CHECK(match_date(t, 1, t.size()) == 6);
  CHECK(match_date(t, 3, t.size()) == 4);
  CHECK(match_date(t, 8, t.size()) == 0);

  auto m = toks({"Theresa", "May", "said", "in", "May", "that", "May", "3", "is", "fine"});
  CHECK(match_date(m, 1, m.size()) == 0);  // a name, not a month
  CHECK(match_date(m, 4, m.size()) == 1);
  CHECK(match_date(m, 6, m.size()) == 2);

  auto r = toks({"two", "days", "ago", "and", "last", "week", "he", "may", "go"});
  CHECK(match_date(r, 0, r.size()) == 3);
  CHECK(match_date(r, 4, r.size()) == 2);
  CHECK(match_date(r, 7, r.size()) == 0);

  auto tm = toks({"Tuesday", "Aug", "29th", "from", "1:30", "-2:30"});
  CHECK(match_date(tm, 0, tm.size()) == 3);  // times and ranges end the date

  auto y = toks({"in", "2019", ",", "2019", "people", "voted", "2025-01-13"});
  CHECK(match_date(y, 1, y.size()) == 1);
  CHECK(match_date(y, 3, y.size()) == 0);  // a bare number, not a year
  CHECK(match_date(y, 6, y.size()) == 1);
  CHECK(match_date(y, 1, 1) == 0);         // empty range
  CHECK(match_date(y, 9, 3) == 0);         // out of range is harmless
}

TEST_CASE("dates: every kind of word that makes a date is found behind its start") {
  // match_date skips spans without such a word; each kind here comes after the
  // first token, so leaving one out of that test would lose these dates.
  using newsgraph::match_date;
  const auto len = [](std::initializer_list<const char*> words) {
    const auto t = toks(words);
    return match_date(t, 0, t.size());
  };
  CHECK(len({"a", "week", "ago", "they", "met"}) == 3);       // a unit
  CHECK(len({"an", "hour", "ago"}) == 0);                    // not a unit of dates
  CHECK(len({"this", "morning", "they", "met"}) == 2);       // a time of day
  CHECK(len({"next", "weekend", "they", "meet"}) == 2);      // the weekend
  CHECK(len({"last", "Friday", "they", "met"}) == 2);        // a weekday
  CHECK(len({"this", "March", "they", "met"}) == 2);         // a month
  CHECK(len({"last", "year", "they", "met"}) == 2);          // a unit after a direction
  CHECK(len({"three", "years", "ago"}) == 3);
  CHECK(len({"Monday", ",", "13", "January"}) == 4);         // a number
  CHECK(len({"the", "day", "before", "yesterday"}) == 0);    // never starts with "the"
  CHECK(len({"a", "lot", "of", "people", "came", "in", "the", "end"}) == 0);
}
