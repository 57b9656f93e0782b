// schema.org JobPosting (https://schema.org/JobPosting) in the JSON-LD of HTML career pages,
// mapped property by property onto JobPosting (whose fields follow schema.org names). See
// sources/jsonld.h for how scripts are found and repaired. Pages are small and their objects
// are walked generically (@graph, arrays, mainEntity, @type in any position), so the JSON is
// read into simdjson's DOM rather than On-Demand.
#include "sources/jsonld.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <simdjson.h>

#include <functional>
#include <mutex>

#include "core/text.h"
#include "enrich/html_text.h"
#include "enrich/salary.h"
#include "sources/buffered_source.h"
#include "sources/formats.h"
#include "sources/json_util.h"
#include "sources/source_util.h"

namespace skillpulse {
namespace {

namespace dom = simdjson::dom;

constexpr std::string_view kType = "jsonld";
constexpr std::string_view kJsonSpace = " \t\r\n";

bool IsJsonSpace(char c) { return kJsonSpace.find(c) != std::string_view::npos; }

std::string_view TrimScript(std::string_view s) {
  // Python str.strip(): ASCII whitespace and the C0 separators it counts as space.
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f'); };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// ---- The tolerant JSON step (after extruct/jsonld.py) ----

// Control characters inside strings escaped, as Python's json with strict=False accepts them
// raw ("line 1<LF>line 2").
std::string EscapeControlInStrings(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() + 16);
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!in_string) {
      out.push_back(static_cast<char>(c));
      in_string = c == '"';
      continue;
    }
    if (c == '\\' && i + 1 < s.size()) {
      out.push_back('\\');
      out.push_back(s[++i]);
    } else if (c == '"') {
      out.push_back('"');
      in_string = false;
    } else if (c < 0x20) {
      switch (c) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
      }
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// A line made only of wrapper framing: "//", "/*", "*/", "<!--", "-->", "--!>",
// "<![CDATA[", "]]>" and whitespace.
bool IsFramingLine(std::string_view line) {
  static constexpr std::string_view kTokens[] = {"//", "/*", "*/", "<!--", "-->", "--!>", "<![CDATA[", "]]>"};
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      ++i;
      continue;
    }
    bool matched = false;
    for (std::string_view t : kTokens) {
      if (line.substr(i, t.size()) == t) {
        i += t.size();
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

// Drops framing lines from both ends (whole lines only, so "//" inside values is kept).
// Lines are split as Python's str.splitlines (\n, \r\n, \r, \v, \f) and joined with \n.
std::string StripFraming(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      lines.push_back(s.substr(start, i - start));
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < s.size()) lines.push_back(s.substr(start));
  size_t b = 0, e = lines.size();
  while (b < e && IsFramingLine(lines[b])) ++b;
  while (e > b && IsFramingLine(lines[e - 1])) --e;
  std::string out;
  for (size_t i = b; i < e; ++i) {
    if (i > b) out.push_back('\n');
    out += lines[i];
  }
  return out;
}

// extruct's HTML_OR_JS_COMMENTLINE, ^\s*(//.*|<!--.*-->): a comment on the first non-blank
// line, removed with the whitespace before it.
std::string StripLeadingCommentLine(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) ++i;
  std::string_view rest = s.substr(i);
  size_t eol = rest.find('\n');
  std::string_view line = rest.substr(0, eol);
  if (line.substr(0, 2) == "//") return std::string(rest.substr(line.size()));
  if (line.substr(0, 4) == "<!--") {
    size_t close = line.rfind("-->");
    if (close != std::string_view::npos && close >= 4) return std::string(rest.substr(close + 3));
  }
  return std::string(s);
}

// jstyleson's dispose(): JavaScript comments outside strings removed (a line comment with its
// newline), and a comma before a closing } or ] dropped.
std::string DisposeComments(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  enum class State { kNormal, kString, kLineComment, kBlockComment } state = State::kNormal;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (state) {
      case State::kString:
        out.push_back(c);
        if (c == '\\' && i + 1 < s.size()) {
          out.push_back(s[++i]);
        } else if (c == '"') {
          state = State::kNormal;
        }
        break;
      case State::kLineComment:
        if (c == '\n') state = State::kNormal;
        break;
      case State::kBlockComment:
        if (c == '*' && i + 1 < s.size() && s[i + 1] == '/') {
          ++i;
          state = State::kNormal;
        }
        break;
      case State::kNormal:
        if (c == '"') {
          out.push_back(c);
          state = State::kString;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
          ++i;
          state = State::kLineComment;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
          ++i;
          state = State::kBlockComment;
        } else {
          if (c == '}' || c == ']') {
            size_t j = out.size();
            while (j > 0 && (out[j - 1] == ' ' || (out[j - 1] >= '\t' && out[j - 1] <= '\r'))) --j;
            if (j > 0 && out[j - 1] == ',') out.erase(j - 1, 1);
          }
          out.push_back(c);
        }
        break;
    }
  }
  return out;
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// JavaScript escapes JSON lacks: \' -> ', \xHH -> \u00HH; an unknown \c keeps its backslash
// (\\c: a Windows path, a regex). Valid JSON escapes are untouched.
std::string RepairEscapes(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i]);
      continue;
    }
    char n = s[i + 1];
    if (n == 'u' && i + 5 < s.size() && Hex(s[i + 2]) >= 0 && Hex(s[i + 3]) >= 0 && Hex(s[i + 4]) >= 0 &&
        Hex(s[i + 5]) >= 0) {
      out.append(s.substr(i, 6));
      i += 5;
    } else if (n == 'x' && i + 3 < s.size() && Hex(s[i + 2]) >= 0 && Hex(s[i + 3]) >= 0) {
      out += "\\u00";
      out.push_back(s[i + 2]);
      out.push_back(s[i + 3]);
      i += 3;
    } else if (std::string_view("\"\\/bfnrt").find(n) != std::string_view::npos) {
      out.push_back('\\');
      out.push_back(n);
      i += 1;
    } else if (n == '\'') {
      out.push_back('\'');
      i += 1;
    } else {
      out += "\\\\";  // the backslash itself, escaped; `n` is copied next
    }
  }
  return out;
}

// Quotes inside a string escaped: a quote ends a string only when the next non-space
// character is structural (, } ] :) or the text ends. A guess, but a no-op on valid JSON.
std::string RepairQuotes(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (!in_string) {
      out.push_back(c);
      in_string = c == '"';
    } else if (c == '\\' && i + 1 < s.size()) {
      out.push_back(c);
      out.push_back(s[++i]);
    } else if (c == '"') {
      size_t j = i + 1;
      while (j < s.size() && IsJsonSpace(s[j])) ++j;
      if (j >= s.size() || s[j] == ',' || s[j] == '}' || s[j] == ']' || s[j] == ':') {
        out.push_back('"');
        in_string = false;
      } else {
        out += "\\\"";
      }
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Index past the JSON value at s[i], tracking only strings and nesting; npos if unfinished.
size_t ValueEnd(std::string_view s, size_t i) {
  if (i >= s.size()) return std::string_view::npos;
  char c = s[i];
  if (c == '{' || c == '[' || c == '"') {
    int depth = 0;
    bool in_string = false;
    for (size_t j = i; j < s.size(); ++j) {
      char d = s[j];
      if (in_string) {
        if (d == '\\')
          ++j;
        else if (d == '"') {
          in_string = false;
          if (depth == 0) return j + 1;
        }
      } else if (d == '"') {
        in_string = true;
      } else if (d == '{' || d == '[') {
        ++depth;
      } else if (d == '}' || d == ']') {
        if (--depth <= 0) return j + 1;
      }
    }
    return std::string_view::npos;
  }
  size_t j = i;
  while (j < s.size() && !IsJsonSpace(s[j]) && s[j] != ',' && s[j] != '}' && s[j] != ']') ++j;
  return j == i ? std::string_view::npos : j;
}

using ItemFn = std::function<void(dom::element)>;

// Hands the objects of a parsed value to `fn`: the object itself, or an array's objects.
void EmitItems(dom::element root, const ItemFn& fn) {
  if (root.is_object()) {
    fn(root);
  } else if (root.is_array()) {
    for (dom::element e : dom::array(root)) {
      if (e.is_object()) fn(e);
    }
  }
}

bool TryParse(dom::parser& parser, std::string_view text, const ItemFn& fn, simdjson::error_code& err) {
  simdjson::padded_string padded(EscapeControlInStrings(text));
  dom::element root;
  err = parser.parse(padded).get(root);
  if (err) return false;
  EmitItems(root, fn);
  return true;
}

// The complete values `s` starts with (junk after them dropped).
bool DecodeLeadingValues(dom::parser& parser, std::string_view s, const ItemFn& fn) {
  std::string text = EscapeControlInStrings(s);
  std::string_view v(text);
  size_t i = 0;
  bool any = false;
  for (;;) {
    while (i < v.size() && IsJsonSpace(v[i])) ++i;
    size_t end = ValueEnd(v, i);
    if (end == std::string_view::npos) break;
    simdjson::padded_string padded(v.substr(i, end - i));
    dom::element root;
    if (parser.parse(padded).get(root)) break;
    any = true;
    EmitItems(root, fn);
    i = end;
  }
  return any;
}

bool ParseTolerant(dom::parser& parser, std::string_view script, const ItemFn& fn, std::string& error) {
  simdjson::error_code first_error;
  if (TryParse(parser, script, fn, first_error)) return true;
  std::string unwrapped = StripLeadingCommentLine(StripFraming(script));
  std::string repaired = RepairEscapes(unwrapped);
  std::string requoted = RepairQuotes(repaired);
  std::vector<const std::string*> candidates = {&unwrapped};
  if (repaired != unwrapped) candidates.push_back(&repaired);
  if (requoted != repaired) candidates.push_back(&requoted);
  simdjson::error_code ignored;
  for (const std::string* c : candidates) {
    if (TryParse(parser, DisposeComments(*c + "\n"), fn, ignored)) return true;
  }
  if (DecodeLeadingValues(parser, *candidates.back(), fn)) return true;
  error = "not JSON even after repairs: " + json::ErrorText(first_error);
  return false;
}

bool ParseScript(dom::parser& parser, std::string_view raw, const ItemFn& fn, std::string& error) {
  std::string_view script = TrimScript(raw);
  if (script.empty()) return true;
  if (ParseTolerant(parser, script, fn, error)) return true;
  // Some pages HTML-escape the JSON itself ({&quot;@type&quot;: ...}).
  if (script.find("&quot;") != std::string_view::npos) {
    std::string unescaped = HtmlUnescape(script);
    std::string ignored;
    if (ParseTolerant(parser, TrimScript(unescaped), fn, ignored)) return true;
  }
  return false;
}

// ---- Finding the scripts ----

struct RawScript {
  uint32_t line = 0;
  std::string text;
};

void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

// The encoding to give libxml2: UTF-8 unless the page declares another charset (then libxml2
// reads the declaration itself).
const char* EncodingFor(std::string_view html) {
  std::string_view head = html.substr(0, 4096);
  size_t at = FindIgnoreAsciiCase(head, "charset=");
  if (at == std::string_view::npos) return "UTF-8";
  std::string_view v = head.substr(at + 8);
  while (!v.empty() && (v.front() == '"' || v.front() == '\'')) v.remove_prefix(1);
  if (StartsWithIgnoreAsciiCase(v, "utf-8") || StartsWithIgnoreAsciiCase(v, "utf8")) return "UTF-8";
  return nullptr;
}

bool IsJsonLdType(const xmlChar* type) {
  if (type == nullptr) return false;
  std::string_view t = TrimAscii(reinterpret_cast<const char*>(type));
  return EqualsIgnoreAsciiCase(t, "application/ld+json");
}

std::vector<RawScript> FindScripts(std::string_view html) {
  std::vector<RawScript> out;
  if (html.empty() || html.size() > static_cast<size_t>(INT32_MAX)) return out;
  InitLibxml();
  const char* encoding = EncodingFor(html);
  std::string repaired;
  if (encoding != nullptr && !IsValidUtf8(html)) {
    // libxml2 would switch to Latin-1 for the rest of the page at the first bad byte.
    repaired = MakeValidUtf8(html);
    html = repaired;
  }
  htmlDocPtr doc = htmlReadMemory(
      html.data(), static_cast<int>(html.size()), nullptr, encoding,
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT);
  if (doc == nullptr) return out;
  // Iterative walk: fuzzed pages nest deeply.
  for (xmlNodePtr n = xmlDocGetRootElement(doc); n != nullptr;) {
    if (n->type == XML_ELEMENT_NODE && n->name != nullptr &&
        EqualsIgnoreAsciiCase(reinterpret_cast<const char*>(n->name), "script")) {
      xmlChar* type = xmlGetProp(n, reinterpret_cast<const xmlChar*>("type"));
      if (IsJsonLdType(type)) {
        RawScript s;
        s.line = static_cast<uint32_t>(std::max(0L, xmlGetLineNo(n)));
        if (xmlChar* content = xmlNodeGetContent(n)) {
          s.text = reinterpret_cast<const char*>(content);
          xmlFree(content);
        }
        out.push_back(std::move(s));
      }
      xmlFree(type);
    }
    if (n->children != nullptr && n->type == XML_ELEMENT_NODE) {
      n = n->children;
      continue;
    }
    while (n != nullptr && n->next == nullptr) n = n->parent == reinterpret_cast<xmlNodePtr>(doc) ? nullptr : n->parent;
    if (n != nullptr) n = n->next;
  }
  xmlFreeDoc(doc);
  return out;
}

bool LooksLikeJson(std::string_view bytes) {
  std::string_view t = TrimScript(bytes);
  if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
  return !t.empty() && (t.front() == '{' || t.front() == '[');
}

// ---- JobPosting mapping ----

// "JobPosting", "schema:JobPosting", "http://schema.org/JobPosting".
bool IsJobPostingTypeName(std::string_view t) {
  if (t == "JobPosting") return true;
  size_t cut = t.find_last_of("/:#");
  return cut != std::string_view::npos && t.substr(cut + 1) == "JobPosting";
}

bool IsJobPosting(dom::object obj) {
  dom::element type;
  if (obj["@type"].get(type)) return false;
  if (type.is_string()) return IsJobPostingTypeName(std::string_view(type));
  if (type.is_array()) {
    for (dom::element t : dom::array(type)) {
      if (t.is_string() && IsJobPostingTypeName(std::string_view(t))) return true;
    }
  }
  return false;
}

// JobPosting objects anywhere in an item (@graph, mainEntity, arrays), not inside another
// JobPosting. Depth-limited.
void CollectPostings(dom::element e, int depth, std::vector<dom::object>& out) {
  if (depth > 24) return;
  if (e.is_object()) {
    dom::object obj(e);
    if (IsJobPosting(obj)) {
      out.push_back(obj);
      return;
    }
    for (auto field : obj) CollectPostings(field.value, depth + 1, out);
  } else if (e.is_array()) {
    for (dom::element x : dom::array(e)) CollectPostings(x, depth + 1, out);
  }
}

// A property as text: a string; a number in its JSON spelling; an object's "name" (or
// "@value", "value"); an array's first such text.
std::string Text(dom::element e, int depth = 0) {
  if (depth > 4) return "";
  switch (e.type()) {
    case dom::element_type::STRING:
      return std::string(std::string_view(e));
    case dom::element_type::INT64:
      return std::to_string(int64_t(e));
    case dom::element_type::UINT64:
      return std::to_string(uint64_t(e));
    case dom::element_type::DOUBLE: {
      std::string s = simdjson::minify(e);
      return s;
    }
    case dom::element_type::BOOL:
      return bool(e) ? "true" : "false";
    case dom::element_type::OBJECT: {
      dom::object o(e);
      for (std::string_view k : {"name", "@value", "value"}) {
        dom::element v;
        if (!o[k].get(v)) {
          std::string s = Text(v, depth + 1);
          if (!s.empty()) return s;
        }
      }
      return "";
    }
    case dom::element_type::ARRAY:
      for (dom::element x : dom::array(e)) {
        std::string s = Text(x, depth + 1);
        if (!s.empty()) return s;
      }
      return "";
    default:
      return "";
  }
}

std::string Prop(dom::object o, std::string_view key) {
  dom::element v;
  if (o[key].get(v)) return "";
  return Text(v);
}

std::optional<double> Number(dom::element e) {
  if (e.is_number()) return double(e);
  if (e.is_string()) {
    std::string s;
    for (char c : std::string_view(e)) {
      if (c != ',' && c != ' ') s.push_back(c);
    }
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size()) return d;
  }
  return std::nullopt;
}

// Every element of a property that may be one value or an array of them.
std::vector<dom::element> Each(dom::object o, std::string_view key) {
  std::vector<dom::element> out;
  dom::element v;
  if (o[key].get(v)) return out;
  if (v.is_array()) {
    for (dom::element x : dom::array(v)) out.push_back(x);
  } else if (!v.is_null()) {
    out.push_back(v);
  }
  return out;
}

// A jobLocation (Place with a PostalAddress, or text) as "Locality, Region, Country".
std::string PlaceText(dom::element place, std::string* country) {
  if (place.is_string()) return CollapseWhitespace(std::string_view(place));
  if (!place.is_object()) return "";
  dom::object po(place);
  dom::element addr;
  if (po["address"].get(addr)) return CollapseWhitespace(Prop(po, "name"));
  if (addr.is_array()) {
    dom::array a(addr);
    if (a.size() == 0) return "";
    addr = a.at(0);
  }
  if (addr.is_string()) return CollapseWhitespace(std::string_view(addr));
  if (!addr.is_object()) return "";
  dom::object ao(addr);
  std::string parts;
  for (std::string_view k : {"addressLocality", "addressRegion", "addressCountry"}) {
    std::string s = CollapseWhitespace(Prop(ao, k));
    if (s.empty()) continue;
    if (k == "addressCountry" && country != nullptr && country->empty()) *country = s;
    if (!parts.empty()) parts += ", ";
    parts += s;
  }
  return parts;
}

struct Mapped {
  JobPosting p;
  std::string problem;  // non-empty: quarantine with this reason
};

Mapped MapPosting(dom::object o, const SourceSpec& spec, const Document& doc, size_t postings_on_page) {
  Mapped m;
  JobPosting& p = m.p;
  p.source = spec.name.empty() ? std::string(kType) : spec.name;
  p.title = CollapseWhitespace(Prop(o, "title"));
  if (p.title.empty()) p.title = CollapseWhitespace(Prop(o, "name"));
  {
    dom::element d;
    if (!o["description"].get(d) && d.is_string()) {
      std::string_view desc = std::string_view(d);
      if (desc.find('<') == std::string_view::npos && desc.find("&lt;") != std::string_view::npos) {
        p.description_html = HtmlUnescape(desc);  // double-escaped HTML
      } else if (LooksLikeHtml(desc)) {
        p.description_html = std::string(desc);
      } else {
        p.description_text = std::string(desc);
      }
    }
  }
  if (p.title.empty() && p.description_html.empty() && p.description_text.empty()) {
    m.problem = "JobPosting has neither a title nor a description";
    return m;
  }
  if (std::string s = Prop(o, "datePosted"); !s.empty()) p.posted_at = ParseIso8601(TrimAscii(s));
  if (std::string s = Prop(o, "validThrough"); !s.empty()) p.valid_through = ParseIso8601(TrimAscii(s));
  p.company = CollapseWhitespace(Prop(o, "hiringOrganization"));
  // Locations.
  bool first = true;
  for (dom::element place : Each(o, "jobLocation")) {
    std::string text = PlaceText(place, &p.place.country);
    if (text.empty()) continue;
    if (first) {
      p.location = std::move(text);
      first = false;
    } else if (!EqualsIgnoreAsciiCase(text, p.location)) {
      p.extra_locations.push_back(std::move(text));
    }
  }
  for (dom::element t : Each(o, "jobLocationType")) {
    if (t.is_string() && EqualsIgnoreAsciiCase(TrimAscii(std::string_view(t)), "TELECOMMUTE")) {
      p.work_mode = WorkMode::kRemote;
    }
  }
  {
    std::string scope;
    for (dom::element r : Each(o, "applicantLocationRequirements")) {
      std::string s = CollapseWhitespace(Text(r));
      if (s.empty()) continue;
      if (!scope.empty()) scope += ", ";
      scope += s;
    }
    p.remote_scope = std::move(scope);
  }
  // employmentType: "FULL_TIME" or ["FULL_TIME", "CONTRACTOR"].
  for (dom::element t : Each(o, "employmentType")) {
    std::string s = Text(t);
    if (s.empty()) continue;
    if (!p.employment_type_raw.empty()) p.employment_type_raw += ", ";
    p.employment_type_raw += s;
  }
  p.department = CollapseWhitespace(Prop(o, "occupationalCategory"));
  // experienceRequirements: OccupationalExperienceRequirements {monthsOfExperience}.
  for (dom::element req : Each(o, "experienceRequirements")) {
    if (!req.is_object()) continue;
    dom::element months;
    if (!dom::object(req)["monthsOfExperience"].get(months)) {
      if (auto n = Number(months)) p.experience_years_min = *n / 12;
    }
  }
  // baseSalary: MonetaryAmount {currency, value: QuantitativeValue {minValue, maxValue,
  // value, unitText}} or a bare number; free text goes to salary_text.
  {
    dom::element bs;
    if (!o["baseSalary"].get(bs)) {
      if (bs.is_array() && dom::array(bs).size() > 0) bs = dom::array(bs).at(0);
      if (bs.is_object()) {
        dom::object so(bs);
        std::string currency(TrimAscii(Prop(so, "currency")));
        std::optional<double> min, max;
        std::string unit;
        dom::element value;
        if (!so["value"].get(value)) {
          if (value.is_object()) {
            dom::object vo(value);
            dom::element x;
            if (!vo["minValue"].get(x)) min = Number(x);
            if (!vo["maxValue"].get(x)) max = Number(x);
            if (!min && !max && !vo["value"].get(x)) min = max = Number(x);
            unit = Prop(vo, "unitText");
          } else if (auto n = Number(value)) {
            min = max = n;
          } else if (value.is_string()) {
            p.salary_text = CollapseWhitespace(std::string_view(value));
          }
        }
        if (unit.empty()) unit = Prop(so, "unitText");
        if (min || max) {
          // schema.org's unitText is optional; without it the amount is taken as annual.
          SalaryPeriod period =
              unit.empty() ? SalaryPeriod::kYear : ParseSalaryInterval(unit).value_or(SalaryPeriod::kYear);
          if (!unit.empty() && !ParseSalaryInterval(unit)) {
            p.salary_text = CollapseWhitespace(Text(bs));
          } else {
            p.salary = MakeStructuredSalary(currency, period, min, max);
          }
        }
      } else if (bs.is_string() || bs.is_number()) {
        p.salary_text = CollapseWhitespace(Text(bs));
      }
    }
  }
  p.url = Prop(o, "url");
  if (p.url.empty() && IsHttpUrl(doc.origin)) p.url = doc.origin;
  // identifier: PropertyValue {name, value} or text; else the posting's url; else a hash.
  {
    dom::element id;
    if (!o["identifier"].get(id)) {
      if (id.is_array() && dom::array(id).size() > 0) id = dom::array(id).at(0);
      if (id.is_object()) {
        dom::object io(id);
        dom::element v;
        if (!io["value"].get(v)) p.source_id = Text(v);
        if (p.source_id.empty() && !io["@id"].get(v)) p.source_id = Text(v);
      } else {
        p.source_id = Text(id);
      }
    }
    p.source_id = std::string(TrimAscii(p.source_id));
    if (p.source_id.empty()) {
      std::string own_url = Prop(o, "url");
      if (!own_url.empty()) {
        p.source_id = own_url;
      } else if (postings_on_page == 1 && IsHttpUrl(doc.origin)) {
        p.source_id = doc.origin;
      } else {
        char buf[24];
        std::snprintf(buf, sizeof buf, "%016llx",
                      static_cast<unsigned long long>(Hash64(p.company + '\x1f' + p.title + '\x1f' + p.location +
                                                             '\x1f' + p.description_html + p.description_text)));
        p.source_id = buf;
      }
    }
  }
  if (auto big = OversizedField(p)) m.problem = *big;
  return m;
}

Status Parse(const SourceSpec& spec, const Document& doc, std::vector<JobPosting>& out, Diagnostics& diag) {
  SP_ASSIGN_OR_RETURN(std::string bytes, ReadDocument(doc, diag));
  const std::string source = spec.name.empty() ? std::string(kType) : spec.name;
  std::vector<RawScript> scripts;
  if (LooksLikeJson(bytes)) {
    scripts.push_back({1, std::move(bytes)});  // a bare JSON-LD document
  } else {
    scripts = FindScripts(bytes);
  }
  dom::parser parser;
  size_t found = 0;
  uint64_t record = 0;
  for (const RawScript& script : scripts) {
    std::vector<dom::object> postings;
    std::string error;
    bool ok = ParseScript(
        parser, script.text, [&](dom::element item) { CollectPostings(item, 0, postings); }, error);
    if (!ok) {
      if (script.text.find("JobPosting") != std::string::npos) {
        diag.Quarantine({source, doc.origin, script.line, 0,
                         "JSON-LD script at line " + std::to_string(script.line) + ": " + error,
                         script.text.substr(0, Diagnostics::kMaxExcerptBytes)});
      } else {
        diag.Count("jsonld.unreadable_scripts");  // not a posting, by all we can tell
      }
      continue;
    }
    // The DOM stays valid until the parser's next parse: map now.
    for (dom::object o : postings) {
      ++record;
      Mapped m = MapPosting(o, spec, doc, postings.size() + found);
      if (!m.problem.empty()) {
        diag.Quarantine({source, doc.origin, script.line, 0,
                         "JobPosting " + std::to_string(record) + " (script at line " + std::to_string(script.line) +
                             "): " + m.problem,
                         std::string(TruncateUtf8(simdjson::minify(o), 512))});
        continue;
      }
      m.p.origin = doc.origin;
      m.p.origin_line = script.line;
      out.push_back(std::move(m.p));
    }
    found += postings.size();
  }
  if (record == 0) {
    diag.Count("jsonld.pages_without_jobposting");
    diag.Warn(doc.origin + ": no schema.org JobPosting in the page's JSON-LD (" + std::to_string(scripts.size()) +
              " script" + (scripts.size() == 1 ? "" : "s") + ")");
  }
  return Status::Ok();
}

int Sniff(std::string_view origin, std::string_view head) {
  (void)origin;
  bool html = FindIgnoreAsciiCase(head.substr(0, 4096), "<html") != std::string_view::npos ||
              FindIgnoreAsciiCase(head.substr(0, 1024), "<!doctype html") != std::string_view::npos;
  bool ld = FindIgnoreAsciiCase(head, "application/ld+json") != std::string_view::npos;
  bool posting = head.find("JobPosting") != std::string_view::npos;
  // Markup starts with a tag; a Markdown or text file that quotes a JSON-LD script is not a page.
  const std::string_view body = head.substr(0, 1024);
  const size_t first = ContentStart(body);
  const bool markup = first < body.size() && body[first] == '<';
  // Not picked unasked without markup; read when typed jsonld: (a page after a stray line).
  if (ld && posting) return markup ? 90 : kMinDetectScore / 2;
  if (LooksLikeJson(head) && posting && head.find("\"@context\"") != std::string_view::npos) return 80;
  if (!markup) return 0;
  if (html && ld) return 50;
  // A page whose JSON-LD lies past the first 64 KiB: read it, and report if nothing is there.
  if (html) return 20;
  return 0;
}

std::vector<std::string> Urls(const SourceSpec& spec) {
  if (IsHttpUrl(spec.location)) return {spec.location};
  return {};
}

std::string MinifyItem(dom::element e) { return simdjson::minify(e); }

}  // namespace

std::vector<JsonLdScript> ExtractJsonLd(std::string_view html) {
  std::vector<JsonLdScript> out;
  dom::parser parser;
  for (const RawScript& raw : FindScripts(html)) {
    JsonLdScript s;
    s.line = raw.line;
    ParseScript(
        parser, raw.text, [&](dom::element item) { s.items.push_back(MinifyItem(item)); }, s.error);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> ParseJsonLdScript(std::string_view script, std::string* error) {
  std::vector<std::string> items;
  dom::parser parser;
  std::string err;
  ParseScript(
      parser, script, [&](dom::element item) { items.push_back(MinifyItem(item)); }, err);
  if (error != nullptr) *error = err;
  return items;
}

void RegisterJsonLdSource(SourceRegistry& r) {
  SourceFormat f;
  f.type = kType;
  f.description = "schema.org JobPosting JSON-LD in HTML pages (jsonld:URL_OR_FILE; also bare .jsonld files)";
  f.sniff = Sniff;
  f.open = OpenBuffered<Parse>;
  f.urls = Urls;
  r.Register(f);
}

}  // namespace skillpulse
