#include "extract/html.hpp"

#include <doctest/doctest.h>

#include "graph/error.hpp"

using namespace newsgraph;

TEST_CASE("HTML: only visible text is read, with blocks as paragraphs") {
  const auto a = parse_html(
      "<!DOCTYPE html><html><head><title>Ignored head title</title>"
      "<style>p { color: red; }</style><script>var x = 'Script text';</script></head>"
      "<body><nav>Home | World</nav>"
      "<h1>Rutte  meets\n   Xi</h1>"
      "<p>NATO chief <b>Mark Rutte</b> spoke in <a href='/x'>Brussels</a>.</p>"
      "<script>document.write('Hidden by script')</script>"
      "<noscript>Enable JavaScript</noscript>"
      "<p hidden>Hidden attribute text.</p>"
      "<div style='display: none'>Hidden by style.</div>"
      "<span aria-hidden=\"true\">Icon text</span>"
      "<p>Second line<br>after a break.</p>"
      "<ul><li>One</li><li>Two</li></ul>"
      "<template><p>Template text</p></template>"
      "<footer>Copyright footer</footer></body></html>");
  CHECK(a.text ==
        "Rutte meets Xi\n\nNATO chief Mark Rutte spoke in Brussels.\n\nSecond line\nafter a break.\n\nOne\n\nTwo");
  for (const char* hidden : {"Script", "script", "color", "Enable", "Hidden", "Icon", "Template", "Copyright",
                             "Home", "Ignored"})
    CHECK_MESSAGE(a.text.find(hidden) == std::string::npos, hidden);
}

TEST_CASE("HTML: entities are decoded and white space is collapsed") {
  const auto a = parse_html(
      "<p>Smith&amp;Sons&#8217; profits&nbsp;&nbsp;rose &lt;5%&gt; &eacute;t&eacute; &#x201C;quoted&#x201D;"
      " co&shy;operate</p>");
  CHECK(a.text ==
        "Smith&Sons\xE2\x80\x99 profits rose <5%> \xC3\xA9t\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D cooperate");
}

TEST_CASE("HTML: title, date and url come from meta tags") {
  const auto a = parse_html(
      "<html><head><title>Site | Fallback</title>"
      "<meta property=\"og:title\" content=\"  Rutte  visits Kyiv \">"
      "<meta property=\"og:url\" content=\"https://example.org/rutte\">"
      "<link rel=\"canonical\" href=\"https://example.org/canonical\">"
      "<meta property=\"article:published_time\" content=\"2025-01-13T09:30:00Z\">"
      "</head><body><p>Text.</p></body></html>");
  CHECK(a.title == "Rutte visits Kyiv");
  CHECK(a.url == "https://example.org/rutte");
  CHECK(a.date == "2025-01-13");

  const auto b = parse_html(
      "<html><head><title>\n  Fallback &amp; title </title>"
      "<link rel=\"Canonical\" href=\"https://example.org/c\">"
      "<meta name=\"DC.date\" content=\"January 13, 2025\"></head><body><p>Text.</p></body></html>");
  CHECK(b.title == "Fallback & title");
  CHECK(b.url == "https://example.org/c");
  CHECK(b.date == "2025-01-13");

  // A date meta that is not a full date is passed over for the next source.
  const auto c = parse_html(
      "<meta name=\"date\" content=\"yesterday\"><p>Posted <time datetime=\"2024-02-29 10:00\">Thursday</time>.</p>");
  CHECK(c.date == "2024-02-29");
  CHECK(c.text == "Posted Thursday.");
  CHECK(parse_html("<meta name=\"pubdate\" content=\"2024-13-45\"><p>x</p>").date.empty());
}

TEST_CASE("HTML: schema.org JSON-LD gives the date and headline when meta tags do not") {
  const auto a = parse_html(
      "<html><head><title>Example News - Talks resume</title>"
      "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
      "{\"@type\":\"WebSite\",\"name\":\"Example\",\"datePublished\":\"1999-01-01\"},"
      "{\"@type\":[\"NewsArticle\"],\"headline\":\"Talks  resume\",\"datePublished\":\"2024-11-05T14:00:00Z\"}]}"
      "</script></head><body><p>Text.</p><time datetime=\"2020-01-01\">old</time></body></html>");
  CHECK(a.title == "Talks resume");
  CHECK(a.date == "2024-11-05");
  // Broken JSON-LD is ignored.
  const auto b = parse_html(
      "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",</script><title>T</title><p>x</p>");
  CHECK(b.title == "T");
  CHECK(b.date.empty());
}

TEST_CASE("HTML: a single article element is the content; side elements are left out") {
  const auto a = parse_html(
      "<body><div class=menu>Subscribe now</div>"
      "<article><h2>Headline</h2><p>Body text.</p><aside>Related: other story</aside>"
      "<article><p>A nested comment.</p></article></article>"
      "<div>Cookie banner</div></body>");
  CHECK(a.text == "Headline\n\nBody text.\n\nA nested comment.");
  // Two articles: a listing page, so the whole body is read.
  const auto b = parse_html("<body><p>Intro</p><article>First</article><article>Second</article></body>");
  CHECK(b.text == "Intro\n\nFirst\n\nSecond");
  // A hidden article does not count.
  const auto c = parse_html("<body><p>Main text</p><article hidden>Teaser</article></body>");
  CHECK(c.text == "Main text");
}

TEST_CASE("HTML: table rows are paragraphs, cells are spaced, pre keeps its lines") {
  const auto a = parse_html(
      "<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>41</td></tr></table>"
      "<pre>line one\nline   two</pre>");
  CHECK(a.text == "Name Age\n\nAnn 41\n\nline one\nline two");
}

TEST_CASE("HTML: broken markup is recovered and empty pages give empty text") {
  CHECK(parse_html("<p>Unclosed <b>bold <i>italic</p><p>next").text == "Unclosed bold italic\n\nnext");
  CHECK(parse_html("").text.empty());
  CHECK(parse_html("<html><head><title>Only a title</title></head><body> \n<script>x()</script></body>").text.empty());
  // Deep nesting does not exhaust the stack.
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "<span>";
  deep += "deep";
  CHECK(parse_html(deep).text == "deep");
}

TEST_CASE("HTML: legacy encodings") {
  // Not UTF-8 and no charset declared: windows-1252, as browsers read it.
  const auto a = parse_html("<p>caf\xE9 \x93quoted\x94 \x80 5</p>");
  CHECK(a.text == "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC 5");
  const auto b = parse_html("<meta charset=\"ISO-8859-1\"><p>na\xEFve</p>");
  CHECK(b.text == "na\xC3\xAFve");
  // Declared UTF-8 but invalid: an input error with the byte offset.
  try {
    parse_html("<meta charset=utf-8><p>bad \xFF</p>");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    CHECK(std::string(e.what()).find("invalid UTF-8") != std::string::npos);
    CHECK(std::string(e.what()).find("file byte 27") != std::string::npos);
  }
  CHECK_THROWS_AS(parse_html("<meta charset=\"shift_jis\"><p>\x82\xA0</p>"), Error);
}
