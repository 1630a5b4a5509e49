#include "extract/segment.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

using namespace newsgraph;

namespace {

AnnotatedDocument segment(const std::string& text) {
  AnnotatedDocument doc;
  doc.doc.text = text;
  Segmenter().run(doc);
  return doc;
}

std::vector<std::string> forms(const AnnotatedDocument& doc) {
  std::vector<std::string> out;
  for (const auto& t : doc.tokens) out.push_back(t.form);
  return out;
}

std::vector<std::string> sentences(const AnnotatedDocument& doc) {
  std::vector<std::string> out;
  for (const auto& s : doc.sentences) out.push_back(doc.doc.text.substr(s.span.start, s.span.size()));
  return out;
}

bool is_utf8_boundary(const std::string& text, std::uint32_t pos) {
  return pos >= text.size() || (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

// The header's guarantees, checked on every document the tests segment.
void check_invariants(const AnnotatedDocument& doc) {
  const std::string& text = doc.doc.text;
  std::uint32_t prev_end = 0;
  for (const auto& t : doc.tokens) {
    REQUIRE(t.span.start < t.span.end);
    REQUIRE(t.span.end <= text.size());
    CHECK(t.span.start >= prev_end);
    CHECK(text.substr(t.span.start, t.span.size()) == t.form);
    CHECK(is_utf8_boundary(text, t.span.start));
    CHECK(is_utf8_boundary(text, t.span.end));
    CHECK(t.form.find_first_of(" \n\t") == std::string::npos);
    CHECK(t.head == -2);
    CHECK(t.upos.empty());
    prev_end = t.span.end;
  }
  // Everything outside the tokens is white space (of the kinds these tests use).
  std::vector<bool> covered(text.size(), false);
  for (const auto& t : doc.tokens)
    for (std::uint32_t b = t.span.start; b < t.span.end; ++b) covered[b] = true;
  for (std::size_t b = 0; b < text.size(); ++b) {
    if (covered[b]) continue;
    if (text.compare(b, 2, "\xC2\xA0") == 0) {  // U+00A0
      ++b;
      continue;
    }
    if (text.compare(b, 3, "\xE3\x80\x80") == 0) {  // U+3000
      b += 2;
      continue;
    }
    const bool space = std::string(" \t\n\r").find(text[b]) != std::string::npos;
    CHECK_MESSAGE(space, "uncovered byte " << b << " in " << text);
  }
  std::uint32_t next_token = 0;
  for (const auto& s : doc.sentences) {
    CHECK(s.token_begin == next_token);
    REQUIRE(s.token_end > s.token_begin);
    REQUIRE(s.token_end <= doc.tokens.size());
    CHECK(s.span.start == doc.tokens[s.token_begin].span.start);
    CHECK(s.span.end == doc.tokens[s.token_end - 1].span.end);
    for (std::uint32_t k = s.token_begin; k < s.token_end; ++k) CHECK(s.span.contains(doc.tokens[k].span));
    // A sentence never crosses a line break.
    CHECK(text.substr(s.span.start, s.span.size()).find('\n') == std::string::npos);
    next_token = s.token_end;
  }
  CHECK(next_token == doc.tokens.size());
}

AnnotatedDocument checked(const std::string& text) {
  AnnotatedDocument doc = segment(text);
  check_invariants(doc);
  return doc;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("segment: negation and other clitics split as in UD English") {
  CHECK(forms(checked("I don't think they can't or won't.")) ==
        V{"I", "do", "n't", "think", "they", "ca", "n't", "or", "wo", "n't", "."});
  CHECK(forms(checked("It's what we're told: they'll come, I've seen, he'd go, I'm in.")) ==
        V{"It", "'s", "what", "we", "'re", "told", ":", "they", "'ll", "come", ",", "I", "'ve", "seen", ",",
          "he", "'d", "go", ",", "I", "'m", "in", "."});
  CHECK(forms(checked("DON'T, Isn't, ain't")) == V{"DO", "N'T", ",", "Is", "n't", ",", "ai", "n't"});
  CHECK(forms(checked("You cannot, I'm gonna.")) == V{"You", "can", "not", ",", "I", "'m", "gon", "na", "."});
  // Names with an apostrophe inside stay whole; the possessive of a plural is "'".
  CHECK(forms(checked("O'Neill's dogs' bowls")) == V{"O'Neill", "'s", "dogs", "'", "bowls"});
  CHECK(forms(checked("in the 1990's")) == V{"in", "the", "1990's"});
  CHECK(forms(checked("the U.S.'s role")) == V{"the", "U.S.", "'s", "role"});
}

TEST_CASE("segment: clitics with the curly apostrophe") {
  const auto doc = checked("We don\u2019t know; it\u2019s Kim\u2019s and they\u2019re sure.");
  CHECK(forms(doc) == V{"We", "do", "n\u2019t", "know", ";", "it", "\u2019s", "Kim", "\u2019s", "and", "they",
                        "\u2019re", "sure", "."});
  CHECK(doc.tokens[1].span == Span{3, 5});
  CHECK(doc.tokens[2].span == Span{5, 10});
  CHECK_FALSE(doc.tokens[1].space_after);
  CHECK(doc.tokens[2].space_after);
}

TEST_CASE("segment: abbreviations keep their period and do not end sentences") {
  auto doc = checked("Mr. Smith met Gen. Milley and U.S. officials on Jan. 5 at 10 a.m. in Washington.");
  CHECK(forms(doc) == V{"Mr.", "Smith", "met", "Gen.", "Milley", "and", "U.S.", "officials", "on", "Jan.",
                        "5", "at", "10", "a.m.", "in", "Washington", "."});
  CHECK(doc.sentences.size() == 1);
  doc = checked("President George W. Bush and Dr. Jones, e.g. in St. Louis, saw No. 5.");
  CHECK(forms(doc) == V{"President", "George", "W.", "Bush", "and", "Dr.", "Jones", ",", "e.g.", "in", "St.",
                        "Louis", ",", "saw", "No.", "5", "."});
  CHECK(doc.sentences.size() == 1);
  CHECK(forms(checked("P.S. I am back. ORAL ARGUMENT OF GEN. PRELOGAR")) ==
        V{"P.S.", "I", "am", "back", ".", "ORAL", "ARGUMENT", "OF", "GEN.", "PRELOGAR"});
  // "no" before a word is not "No." the abbreviation.
  CHECK(forms(checked("I said no. Then")) == V{"I", "said", "no", ".", "Then"});
}

TEST_CASE("segment: an abbreviation that ends a sentence gives up its period") {
  auto doc = checked("He moved to the U.S. The weather was better.");
  CHECK(forms(doc) == V{"He", "moved", "to", "the", "U.S", ".", "The", "weather", "was", "better", "."});
  CHECK(sentences(doc) == V{"He moved to the U.S.", "The weather was better."});
  doc = checked("She works for Acme Inc.");
  CHECK(forms(doc) == V{"She", "works", "for", "Acme", "Inc", "."});
  // Titles never end a sentence, whatever follows.
  CHECK(checked("Mr. The Rock arrived.").sentences.size() == 1);
}

TEST_CASE("segment: a missing space after a full stop still ends the sentence") {
  const auto doc = checked("He met the president.In May he left. See Znak.com and Newsfeed.Com today.");
  CHECK(forms(doc) == V{"He", "met", "the", "president", ".", "In", "May", "he", "left", ".", "See", "Znak.com",
                        "and", "Newsfeed.Com", "today", "."});
  CHECK(doc.sentences.size() == 3);
}

TEST_CASE("segment: URLs and e-mail addresses are single tokens") {
  auto doc = checked("See https://example.com/a-b?x=1&y=2. Write to jane.doe@example.org!");
  CHECK(forms(doc) == V{"See", "https://example.com/a-b?x=1&y=2", ".", "Write", "to", "jane.doe@example.org", "!"});
  CHECK(doc.sentences.size() == 2);
  CHECK(forms(checked("(www.bbc.co.uk/news) and \u201Chttp://x.org/p_(q)\u201D")) ==
        V{"(", "www.bbc.co.uk/news", ")", "and", "\u201C", "http://x.org/p_(q)", "\u201D"});
  CHECK(forms(checked("visit world-nuclear.org now")) == V{"visit", "world-nuclear.org", "now"});
}

TEST_CASE("segment: numbers, money, percentages, times and dates") {
  CHECK(forms(checked("1,000 people paid $2.5 million, 2% more, at 6am and 5:30 on 9/11/2001.")) ==
        V{"1,000", "people", "paid", "$", "2.5", "million", ",", "2", "%", "more", ",", "at", "6", "am", "and",
          "5:30", "on", "9/11/2001", "."});
  CHECK(forms(checked("the 1960s, the 21st century, 5kg, US$4 and call 713-853-1234")) ==
        V{"the", "1960s", ",", "the", "21st", "century", ",", "5", "kg", ",", "US$", "4", "and", "call",
          "713-853-1234"});
  CHECK(forms(checked("on 2025-01-13, 1969-1970 and 10-15")) ==
        V{"on", "2025-01-13", ",", "1969", "-", "1970", "and", "10", "-", "15"});
  CHECK(forms(checked("AT&T and S&P 500 in the '90s")) == V{"AT&T", "and", "S&P", "500", "in", "the", "'90s"});
}

TEST_CASE("segment: hyphenated compounds split except after bound prefixes") {
  CHECK(forms(checked("a two-thirds majority of 20-year-old non-profit e-mail users")) ==
        V{"a", "two", "-", "thirds", "majority", "of", "20", "-", "year", "-", "old", "non-profit", "e-mail",
          "users"});
}

TEST_CASE("segment: quotation marks and sentence ends") {
  auto doc = checked("\"Stop,\" he said. \"We're done.\" She left.");
  CHECK(forms(doc) == V{"\"", "Stop", ",", "\"", "he", "said", ".", "\"", "We", "'re", "done", ".", "\"", "She",
                        "left", "."});
  CHECK(sentences(doc) == V{"\"Stop,\" he said.", "\"We're done.\"", "She left."});
  doc = checked("\u201CWe\u2019re done.\u201D She left.");
  CHECK(forms(doc) == V{"\u201C", "We", "\u2019re", "done", ".", "\u201D", "She", "left", "."});
  CHECK(doc.sentences.size() == 2);
  CHECK(doc.sentences[0].token_end == 6);
  // A question inside a sentence followed by lower case continues it.
  CHECK(checked("He asked, \"Why?\" and left.").sentences.size() == 1);
  // A closing quote at the end of a paragraph belongs to the last sentence even after a space.
  doc = checked("\"They should be free to solve their issues. \"");
  CHECK(doc.sentences.size() == 1);
  // A citation mark stays with the sentence it follows.
  CHECK(sentences(checked("It rained.[3] Then it stopped.")) == V{"It rained.[3]", "Then it stopped."});
}

TEST_CASE("segment: ellipses, runs of punctuation and dashes") {
  auto doc = checked("Wait... What?! Really??");
  CHECK(forms(doc) == V{"Wait", "...", "What", "?!", "Really", "??"});
  CHECK(doc.sentences.size() == 3);
  CHECK(forms(checked("wait\u2026 then")) == V{"wait", "\u2026", "then"});
  CHECK(forms(checked("He\u2014unlike her\u2014left -- fast \u2013 now.")) ==
        V{"He", "\u2014", "unlike", "her", "\u2014", "left", "--", "fast", "\u2013", "now", "."});
  CHECK(checked("The vote... was close.").sentences.size() == 1);
  CHECK(forms(checked("Nice :) and sad :-(")) == V{"Nice", ":)", "and", "sad", ":-("});
}

TEST_CASE("segment: lines are paragraphs and sentences never cross them") {
  auto doc = checked("First line without a period\nSecond line. Two sentences.\n\n\nThird Mr.\r\nSmith");
  CHECK(sentences(doc) == V{"First line without a period", "Second line.", "Two sentences.", "Third Mr.", "Smith"});
  REQUIRE(doc.sentences.size() == 5);
  CHECK(doc.sentences[0].paragraph == 0);
  CHECK(doc.sentences[1].paragraph == 1);
  CHECK(doc.sentences[2].paragraph == 1);
  CHECK(doc.sentences[3].paragraph == 2);
  CHECK(doc.sentences[4].paragraph == 3);
  // Leading and trailing blank lines and spaces do not count.
  doc = checked("\n \n  Hello there.  \n\n");
  CHECK(sentences(doc) == V{"Hello there."});
  CHECK(doc.sentences[0].paragraph == 0);
  CHECK(doc.tokens[0].span == Span{5, 10});
}

TEST_CASE("segment: space_after follows the text") {
  const auto doc = checked("Hello, world!\nNext");
  REQUIRE(doc.tokens.size() == 5);
  CHECK_FALSE(doc.tokens[0].space_after);  // "Hello" before ","
  CHECK(doc.tokens[1].space_after);
  CHECK_FALSE(doc.tokens[2].space_after);
  CHECK(doc.tokens[3].space_after);        // a line break is white space
  CHECK(doc.tokens[4].space_after);        // the end of the text
}

TEST_CASE("segment: emoji and non-Latin text") {
  auto doc = checked("Great \U0001F44D\U0001F3FD job \U0001F468\u200D\U0001F469\u200D\U0001F467!");
  CHECK(forms(doc) == V{"Great", "\U0001F44D\U0001F3FD", "job", "\U0001F468\u200D\U0001F469\u200D\U0001F467", "!"});
  doc = checked("\u041F\u0440\u0438\u0432\u0435\u0442, \u043C\u0438\u0440. \u041A\u0430\u043A \u0434\u0435\u043B\u0430?");
  CHECK(forms(doc) == V{"\u041F\u0440\u0438\u0432\u0435\u0442", ",", "\u043C\u0438\u0440", ".",
                        "\u041A\u0430\u043A", "\u0434\u0435\u043B\u0430", "?"});
  CHECK(doc.sentences.size() == 2);
  // Chinese has no spaces: ICU's dictionary finds the words; "\u3002" ends sentences.
  doc = checked("\u6211\u7231\u5317\u4EAC\u3002\u4F60\u597D\u3002");
  CHECK(doc.sentences.size() == 2);
  CHECK(doc.tokens.back().form == "\u3002");
  CHECK(forms(checked("Caf\u00E9 na\u00EFve r\u00E9sum\u00E9s")) == V{"Caf\u00E9", "na\u00EFve", "r\u00E9sum\u00E9s"});
}

TEST_CASE("segment: unusual white space and bytes") {
  // No-break and ideographic spaces separate tokens; they are not part of any.
  CHECK(forms(checked("5\u00A0km and\u3000more\tthen")) == V{"5", "km", "and", "more", "then"});
  // A combining mark after a space is not dropped.
  CHECK(forms(checked("a \u0301b c")) == V{"a", "\u0301", "b", "c"});
  // A stray zero-width joiner after a space is not a token.
  CHECK(forms(segment("a \u200Db")) == V{"a", "b"});
  // Empty and blank documents have no tokens.
  CHECK(checked("").tokens.empty());
  CHECK(checked(" \n\t\n ").sentences.empty());
  // Invalid UTF-8 (the readers never produce it) must not break the guarantees.
  const auto doc = checked(std::string("ab\xFF" "cd \xE2\x80 ef \xC3"));
  CHECK_FALSE(doc.tokens.empty());
  CHECK(doc.tokens.back().span.end == doc.doc.text.size());
}

TEST_CASE("segment: run replaces earlier results and is safe to call concurrently") {
  const std::string text =
      "Mr. Smith said: \"It's 5:30 p.m. in the U.S. now.\" Then he left.\nVisit https://example.com today!";
  const AnnotatedDocument expected = checked(text);
  AnnotatedDocument again = expected;
  Segmenter().run(again);
  CHECK(forms(again) == forms(expected));
  CHECK(again.sentences.size() == expected.sentences.size());

  const Segmenter seg;
  std::vector<std::vector<std::string>> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int rep = 0; rep < 50; ++rep) {
        AnnotatedDocument d;
        d.doc.text = text;
        seg.run(d);
        if (rep == 49) results[t] = forms(d);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& r : results) CHECK(r == forms(expected));
}
