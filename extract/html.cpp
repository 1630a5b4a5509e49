#include "extract/html.hpp"

#include <gumbo.h>
#include <rapidjson/document.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "extract/dates.hpp"
#include "extract/input.hpp"
#include "graph/error.hpp"

namespace newsgraph {
namespace {

constexpr std::size_t kMaxHtmlBytes = std::size_t{256} << 20;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// ---- encoding ---------------------------------------------------------------

// The charset a page declares in its first 1024 bytes (as the HTML standard's
// prescan looks), lower-cased; empty when none.
std::string declared_charset(std::string_view html) {
  const std::string head = lowered(html.substr(0, 1024));
  std::size_t pos = 0;
  while ((pos = head.find("charset", pos)) != std::string::npos) {
    std::size_t i = pos + 7;
    pos = i;
    while (i < head.size() && is_space(head[i])) ++i;
    if (i >= head.size() || head[i] != '=') continue;
    ++i;
    while (i < head.size() && (is_space(head[i]) || head[i] == '"' || head[i] == '\'')) ++i;
    std::size_t j = i;
    while (j < head.size() && (std::isalnum(static_cast<unsigned char>(head[j])) || head[j] == '-' ||
                               head[j] == '_' || head[j] == '.' || head[j] == ':'))
      ++j;
    if (j > i) return head.substr(i, j - i);
  }
  return {};
}

bool is_latin_charset(const std::string& cs) {
  static constexpr std::array<std::string_view, 13> kNames = {
      "windows-1252", "cp1252",   "x-cp1252", "iso-8859-1", "iso8859-1", "latin1",  "l1",
      "iso-8859-15",  "latin-1",  "us-ascii", "ascii",      "iso_8859-1", "latin9"};
  for (auto n : kNames)
    if (cs == n) return true;
  return false;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// windows-1252 as the WHATWG Encoding standard defines it (unassigned bytes map to
// the C1 controls of the same value).
std::string decode_windows_1252(std::string_view bytes) {
  static constexpr std::array<std::uint16_t, 32> k80 = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x80)
      out += ch;
    else if (b < 0xA0)
      append_utf8(out, k80[b - 0x80]);
    else
      append_utf8(out, b);
  }
  return out;
}

// ---- the tree ---------------------------------------------------------------

enum class Role : std::uint8_t { Inline, Block, Skip, Break, Cell, Pre };

Role role_of(GumboTag tag) {
  static const std::vector<Role> roles = [] {
    std::vector<Role> r(static_cast<std::size_t>(GUMBO_TAG_LAST) + 1, Role::Inline);
    auto set = [&](std::initializer_list<GumboTag> tags, Role role) {
      for (GumboTag t : tags) r[static_cast<std::size_t>(t)] = role;
    };
    set({GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY, GUMBO_TAG_CAPTION,
         GUMBO_TAG_CENTER, GUMBO_TAG_DD, GUMBO_TAG_DETAILS, GUMBO_TAG_DIV, GUMBO_TAG_DL, GUMBO_TAG_DT,
         GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FORM, GUMBO_TAG_H1, GUMBO_TAG_H2,
         GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6, GUMBO_TAG_HEADER, GUMBO_TAG_HGROUP, GUMBO_TAG_HR,
         GUMBO_TAG_HTML, GUMBO_TAG_LEGEND, GUMBO_TAG_LI, GUMBO_TAG_MAIN, GUMBO_TAG_MENU, GUMBO_TAG_OL, GUMBO_TAG_P,
         GUMBO_TAG_SECTION, GUMBO_TAG_SUMMARY, GUMBO_TAG_TABLE, GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT,
         GUMBO_TAG_TR, GUMBO_TAG_UL, GUMBO_TAG_DIR, GUMBO_TAG_OPTION, GUMBO_TAG_LISTING, GUMBO_TAG_PLAINTEXT,
         GUMBO_TAG_XMP},
        Role::Block);
    set({GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE, GUMBO_TAG_HEAD,
         GUMBO_TAG_TITLE, GUMBO_TAG_NAV, GUMBO_TAG_FOOTER, GUMBO_TAG_ASIDE, GUMBO_TAG_IFRAME, GUMBO_TAG_SVG,
         GUMBO_TAG_MATH, GUMBO_TAG_CANVAS, GUMBO_TAG_SELECT, GUMBO_TAG_BUTTON, GUMBO_TAG_TEXTAREA,
         GUMBO_TAG_OBJECT, GUMBO_TAG_EMBED, GUMBO_TAG_AUDIO, GUMBO_TAG_VIDEO, GUMBO_TAG_MAP, GUMBO_TAG_DATALIST,
         GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES, GUMBO_TAG_FRAMESET},
        Role::Skip);
    set({GUMBO_TAG_BR}, Role::Break);
    set({GUMBO_TAG_TD, GUMBO_TAG_TH}, Role::Cell);
    set({GUMBO_TAG_PRE}, Role::Pre);
    return r;
  }();
  const auto i = static_cast<std::size_t>(tag);
  return i < roles.size() ? roles[i] : Role::Inline;
}

std::string_view attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

bool has_attr(const GumboElement& e, const char* name) { return gumbo_get_attribute(&e.attributes, name); }

bool is_element(const GumboNode* n) { return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE; }

// Not rendered: skipped elements, and elements hidden by attribute or inline style.
bool is_hidden(const GumboNode* n) {
  if (n->type == GUMBO_NODE_TEMPLATE) return true;
  const GumboElement& e = n->v.element;
  // Foreign content (inside svg/math) never reaches here: svg and math are skipped.
  if (role_of(e.tag) == Role::Skip) return true;
  if (has_attr(e, "hidden")) return true;
  if (lowered(trim(attr(e, "aria-hidden"))) == "true") return true;
  const std::string_view style = attr(e, "style");
  if (!style.empty()) {
    std::string compact;
    for (char c : style)
      if (!is_space(c)) compact += lower(c);
    if (compact.find("display:none") != std::string::npos || compact.find("visibility:hidden") != std::string::npos)
      return true;
  }
  return false;
}

const GumboVector* children_of(const GumboNode* n) {
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  if (is_element(n)) return &n->v.element.children;
  return nullptr;
}

// Depth-first walk without recursion (pages can nest thousands deep). `enter`
// returns whether to descend; `leave` runs after the children of an entered node.
template <class Enter, class Leave>
void walk(const GumboNode* root, Enter&& enter, Leave&& leave) {
  std::vector<std::pair<const GumboNode*, unsigned>> stack;
  if (!enter(root)) return;
  stack.emplace_back(root, 0u);
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    const GumboVector* kids = children_of(node);
    if (!kids || next >= kids->length) {
      const GumboNode* done = node;
      stack.pop_back();
      leave(done);
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(kids->data[next++]);
    if (enter(child)) stack.emplace_back(child, 0u);
  }
}

// Collapses white space and places paragraph breaks only between pieces of text,
// so the result never starts or ends with white space.
class TextBuilder {
 public:
  void block() { break_ = 2; }
  void line() { break_ = std::min(break_ + 1, 2); }
  void space() { space_ = true; }
  void text(std::string_view s, bool keep_newlines) {
    for (std::size_t i = 0; i < s.size();) {
      const char c = s[i];
      if (is_space(c)) {
        if (keep_newlines && c == '\n')
          line();
        else
          space_ = true;
        ++i;
      } else if (s.compare(i, 2, "\xC2\xA0") == 0) {  // no-break space
        space_ = true;
        i += 2;
      } else if (s.compare(i, 2, "\xC2\xAD") == 0) {  // soft hyphen: invisible
        i += 2;
      } else if (s.compare(i, 3, "\xE2\x80\x8B") == 0 || s.compare(i, 3, "\xEF\xBB\xBF") == 0) {
        i += 3;  // zero-width space, byte order mark
      } else {
        flush();
        out_ += c;
        ++i;
      }
    }
  }
  std::string take() { return std::move(out_); }

 private:
  // Called before each visible byte; breaks are only pending at character starts.
  void flush() {
    if (!out_.empty()) {
      if (break_ == 2)
        out_ += "\n\n";
      else if (break_ == 1)
        out_ += '\n';
      else if (space_)
        out_ += ' ';
    }
    break_ = 0;
    space_ = false;
  }
  std::string out_;
  int break_ = 0;
  bool space_ = false;
};

std::string visible_text(const GumboNode* root) {
  TextBuilder tb;
  int pre = 0;
  walk(
      root,
      [&](const GumboNode* n) {
        switch (n->type) {
          case GUMBO_NODE_TEXT:
          case GUMBO_NODE_CDATA:
          case GUMBO_NODE_WHITESPACE:
            tb.text(n->v.text.text, pre > 0);
            return false;
          case GUMBO_NODE_DOCUMENT:
            return true;
          case GUMBO_NODE_ELEMENT:
            break;
          default:  // comments, templates
            return false;
        }
        if (is_hidden(n)) return false;
        switch (role_of(n->v.element.tag)) {
          case Role::Block: tb.block(); break;
          case Role::Break: tb.line(); break;
          case Role::Cell: tb.space(); break;
          case Role::Pre: tb.block(); ++pre; break;
          default: break;
        }
        return true;
      },
      [&](const GumboNode* n) {
        if (n->type != GUMBO_NODE_ELEMENT) return;
        switch (role_of(n->v.element.tag)) {
          case Role::Block: tb.block(); break;
          case Role::Cell: tb.space(); break;
          case Role::Pre: tb.block(); --pre; break;
          default: break;
        }
      });
  return tb.take();
}

std::string collapsed_text_of(const GumboNode* n) {
  std::string raw;
  walk(
      n,
      [&](const GumboNode* c) {
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_CDATA) {
          raw += c->v.text.text;
          return false;
        }
        return is_element(c);
      },
      [](const GumboNode*) {});
  TextBuilder tb;
  tb.text(raw, false);
  return tb.take();
}

std::string collapsed(std::string_view s) {
  TextBuilder tb;
  tb.text(s, false);
  return tb.take();
}

bool is_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

// YYYY-MM-DD from a meta value, or nullopt.
std::optional<std::string> normalised_day(std::string_view value) {
  value = trim(value);
  if (value.size() >= 10 && value[4] == '-' && value[7] == '-' && is_digits(value.substr(0, 4)) &&
      is_digits(value.substr(5, 2)) && is_digits(value.substr(8, 2))) {
    const int month = std::stoi(std::string(value.substr(5, 2)));
    const int day = std::stoi(std::string(value.substr(8, 2)));
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && (value.size() == 10 || !is_digits(value.substr(10, 1))))
      return std::string(value.substr(0, 10));
    return std::nullopt;
  }
  if (value.empty() || value.size() > 64) return std::nullopt;
  const auto d = normalise_date_ex(value, "");
  if (d && d->precision == DatePrecision::Day && !d->relative) return d->value;
  return std::nullopt;
}

struct Page {
  std::vector<std::pair<std::string, std::string>> metas;  // lower-cased key, content
  std::string canonical;
  const GumboNode* title = nullptr;
  const GumboNode* body = nullptr;
  std::vector<const GumboNode*> articles;  // top-level, visible
  std::vector<const GumboNode*> mains;     // visible
  std::vector<std::string> times;          // datetime of visible <time>, in order
  std::vector<std::string> json_ld;        // <script type="application/ld+json"> bodies
};

// schema.org metadata in JSON-LD: the first string `key` of an object whose @type
// names an article (NewsArticle, Article, ReportageNewsArticle, BlogPosting, ...),
// searched depth-first through @graph arrays and nested objects.
bool is_article_type(const rapidjson::Value& v) {
  auto article = [](const rapidjson::Value& t) {
    if (!t.IsString()) return false;
    const std::string_view s(t.GetString(), t.GetStringLength());
    return s.find("Article") != std::string_view::npos || s.find("Posting") != std::string_view::npos;
  };
  const auto it = v.FindMember("@type");
  if (it == v.MemberEnd()) return false;
  if (it->value.IsArray()) {
    for (const auto& t : it->value.GetArray())
      if (article(t)) return true;
    return false;
  }
  return article(it->value);
}

const rapidjson::Value* find_json_ld(const rapidjson::Value& v, const char* key, int depth) {
  if (depth > 16) return nullptr;
  if (v.IsArray()) {
    for (const auto& x : v.GetArray())
      if (const auto* r = find_json_ld(x, key, depth + 1)) return r;
    return nullptr;
  }
  if (!v.IsObject()) return nullptr;
  if (is_article_type(v)) {
    const auto it = v.FindMember(key);
    if (it != v.MemberEnd() && it->value.IsString()) return &it->value;
  }
  for (const auto& m : v.GetObject())
    if (m.value.IsObject() || m.value.IsArray())
      if (const auto* r = find_json_ld(m.value, key, depth + 1)) return r;
  return nullptr;
}

std::string json_ld_value(const Page& page, const char* key) {
  for (const auto& body : page.json_ld) {
    rapidjson::Document d;
    // Iterative parsing: a hostile page cannot exhaust the stack.
    d.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
    if (d.HasParseError()) continue;
    if (const auto* v = find_json_ld(d, key, 0)) return std::string(v->GetString(), v->GetStringLength());
  }
  return {};
}

Page survey(const GumboNode* root) {
  Page page;
  int hidden = 0, in_article = 0;
  walk(
      root,
      [&](const GumboNode* n) {
        if (!is_element(n)) return n->type == GUMBO_NODE_DOCUMENT;
        const GumboElement& e = n->v.element;
        const bool html_ns = e.tag_namespace == GUMBO_NAMESPACE_HTML;
        if (html_ns && e.tag == GUMBO_TAG_META) {
          const std::string_view content = attr(e, "content");
          for (const char* key : {"property", "name", "itemprop"})
            if (const auto k = attr(e, key); !k.empty()) page.metas.emplace_back(lowered(trim(k)), content);
        } else if (html_ns && e.tag == GUMBO_TAG_LINK && page.canonical.empty()) {
          const std::string rel = " " + lowered(attr(e, "rel")) + " ";
          if (rel.find(" canonical ") != std::string::npos) page.canonical = trim(attr(e, "href"));
        } else if (html_ns && e.tag == GUMBO_TAG_TITLE && !page.title) {
          page.title = n;
        } else if (html_ns && e.tag == GUMBO_TAG_BODY && !page.body) {
          page.body = n;
        } else if (html_ns && e.tag == GUMBO_TAG_SCRIPT &&
                   lowered(attr(e, "type")).find("ld+json") != std::string::npos) {
          for (unsigned i = 0; i < e.children.length; ++i) {
            const auto* c = static_cast<const GumboNode*>(e.children.data[i]);
            if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) page.json_ld.emplace_back(c->v.text.text);
          }
        }
        const bool h = is_hidden(n);
        if (!hidden && !h && html_ns) {
          if (e.tag == GUMBO_TAG_ARTICLE && in_article == 0) page.articles.push_back(n);
          if (e.tag == GUMBO_TAG_MAIN) page.mains.push_back(n);
          if (e.tag == GUMBO_TAG_TIME)
            if (const auto dt = attr(e, "datetime"); !dt.empty()) page.times.emplace_back(dt);
        }
        hidden += h;
        in_article += html_ns && e.tag == GUMBO_TAG_ARTICLE;
        return true;
      },
      [&](const GumboNode* n) {
        if (!is_element(n)) return;
        hidden -= is_hidden(n);
        in_article -= n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML && n->v.element.tag == GUMBO_TAG_ARTICLE;
      });
  return page;
}

std::string first_meta(const Page& page, std::initializer_list<std::string_view> keys) {
  for (auto key : keys)
    for (const auto& [k, v] : page.metas)
      if (k == key && !trim(v).empty()) return std::string(trim(v));
  return {};
}

std::string find_date(const Page& page, const GumboNode* content) {
  static constexpr std::array<std::string_view, 11> kKeys = {
      "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
      "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date"};
  for (auto key : kKeys)
    for (const auto& [k, v] : page.metas)
      if (k == key)
        if (auto d = normalised_day(v)) return *d;
  if (auto d = normalised_day(json_ld_value(page, "datePublished"))) return *d;
  // <time> inside the chosen content first, then anywhere visible.
  if (content) {
    std::optional<std::string> found;
    walk(
        content,
        [&](const GumboNode* n) {
          if (found || !is_element(n) || is_hidden(n)) return false;
          if (n->v.element.tag == GUMBO_TAG_TIME) found = normalised_day(attr(n->v.element, "datetime"));
          return !found;
        },
        [](const GumboNode*) {});
    if (found) return *found;
  }
  for (const auto& t : page.times)
    if (auto d = normalised_day(t)) return *d;
  return {};
}

struct GumboOutputDeleter {
  void operator()(GumboOutput* o) const { gumbo_destroy_output(&kGumboDefaultOptions, o); }
};

}  // namespace

HtmlArticle parse_html(std::string_view html) {
  if (html.size() > kMaxHtmlBytes)
    throw Error(ErrorKind::Input, "HTML page larger than 256 MiB");
  std::string decoded;
  if (const auto bad = find_invalid_utf8(html); bad >= 0) {
    const std::string cs = declared_charset(html);
    if (cs.empty() || is_latin_charset(cs)) {
      decoded = decode_windows_1252(html);
      html = decoded;
    } else if (cs == "utf-8" || cs == "utf8") {
      throw Error(ErrorKind::Input, "invalid UTF-8 in a page declared UTF-8 (file byte " + std::to_string(bad) + ")");
    } else {
      throw Error(ErrorKind::Input, "unsupported character encoding '" + cs + "' (convert the page to UTF-8)");
    }
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are recovered; recording them only costs memory
  std::unique_ptr<GumboOutput, GumboOutputDeleter> out(gumbo_parse_with_options(&options, html.data(), html.size()));
  if (!out) throw Error(ErrorKind::Internal, "gumbo failed to parse the page");

  const Page page = survey(out->document);
  const GumboNode* content = page.body ? page.body : out->root;
  if (page.articles.size() == 1 && !visible_text(page.articles[0]).empty())
    content = page.articles[0];
  else if (page.mains.size() == 1 && !visible_text(page.mains[0]).empty())
    content = page.mains[0];

  HtmlArticle a;
  a.text = visible_text(content);
  a.title = collapsed(first_meta(page, {"og:title"}));
  if (a.title.empty()) a.title = collapsed(json_ld_value(page, "headline"));
  if (a.title.empty() && page.title) a.title = collapsed_text_of(page.title);
  a.date = find_date(page, content);
  a.url = first_meta(page, {"og:url"});
  if (a.url.empty()) a.url = page.canonical;
  // gumbo decodes references such as &#xD800; to U+FFFD, so the output is valid UTF-8;
  // metadata comes from attribute values, which gumbo decodes the same way.
  return a;
}

}  // namespace newsgraph
