#pragma once
// Reading a news article out of an HTML page: its visible text and its metadata.

#include <string>
#include <string_view>

namespace newsgraph {

/// What parse_html() found in a page. Every string is valid UTF-8; empty when absent.
struct HtmlArticle {
  /// The visible text: block elements (p, div, h1-h6, li, blockquote, tr, ...) are
  /// separated by "\n\n", <br> by "\n"; white space inside a block is collapsed to
  /// single spaces (U+00A0 counts as white space; U+00AD and U+200B are dropped);
  /// character references are decoded. No leading or trailing white space.
  std::string text;
  std::string title;  ///< og:title, else the JSON-LD headline, else <title>; white space collapsed
  std::string date;   ///< the publication date as YYYY-MM-DD (see parse_html())
  std::string url;    ///< <meta property="og:url">, else <link rel="canonical">
};

/// Parses an HTML page with gumbo (an HTML5 parser, so broken markup is recovered as a
/// browser would) and returns its visible article text and metadata.
///
/// Visible text leaves out script, style, noscript, template, head, iframe, svg, math,
/// canvas, form controls (select, button, textarea), nav, aside and footer, and
/// elements marked hidden (the hidden attribute, aria-hidden="true", or an inline
/// style with display:none or visibility:hidden). When the page has exactly one
/// top-level <article> with text, only that article is read (site menus, teasers and
/// comment boxes outside it are not part of the news text); else the one <main>, else
/// the whole body. Table cells of a row are separated by a space.
///
/// The date comes from the first of these meta tags (name, property or itemprop,
/// ASCII case-insensitive) whose content is a full date: article:published_time,
/// og:published_time, datePublished, date, pubdate, publishdate, publish-date,
/// dc.date, dc.date.issued, dcterms.created, dcterms.date; else the datePublished of
/// an article object in <script type="application/ld+json"> (schema.org NewsArticle,
/// Article, BlogPosting, ...; its headline is also the title's second choice); else the
/// datetime attribute of the first <time> element (inside the article first). A value beginning with
/// YYYY-MM-DD gives those ten characters; other full dates ("January 13, 2025") are
/// normalised with normalise_date(); anything else is ignored.
///
/// Encoding: `html` is taken as UTF-8. When it is not valid UTF-8 and the page declares
/// no charset, or declares windows-1252, ISO-8859-1/-15, latin1 or ASCII (the HTML
/// standard's fallback for English pages), it is decoded as windows-1252.
/// Errors: Error(Input) without a location (the caller adds the file) when the bytes
/// are not valid UTF-8 although the page declares UTF-8 (the message gives the byte
/// offset), when the page declares another charset that newsgraph cannot decode, or
/// when the page is larger than 256 MiB.
/// Thread safety: pure; safe to call concurrently.
HtmlArticle parse_html(std::string_view html);

}  // namespace newsgraph
