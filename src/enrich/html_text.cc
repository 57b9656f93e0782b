#include "enrich/html_text.h"

#include <algorithm>
#include <array>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/text.h"

namespace skillpulse {
namespace {

struct Entity {
  std::string_view name;
  std::string_view value;
};
constexpr Entity kEntities[] = {
#include "enrich/html_entities.inc"
};

const Entity* FindEntity(std::string_view name) {
  auto it = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                             [](const Entity& e, std::string_view n) { return e.name < n; });
  if (it != std::end(kEntities) && it->name == name) return it;
  return nullptr;
}

// Windows-1252 code points for numeric references 0x80..0x9F (WHATWG "numeric character
// reference end state" table); 0 = keep as is.
constexpr char32_t kWin1252[32] = {0x20AC, 0, 0x201A, 0x0192, 0x2026, 0x2020, 0x2021, 0x02C6,
                                   0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0, 0,
                                   0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                   0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

inline bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
inline bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Decodes the character reference starting at s[i] == '&'. On success appends the
// replacement to `out`, sets `consumed` and returns true; otherwise the '&' is literal.
bool DecodeReference(std::string_view s, size_t i, std::string& out, size_t& consumed) {
  const size_t n = s.size();
  size_t j = i + 1;
  if (j < n && s[j] == '#') {
    ++j;
    bool hex = j < n && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    size_t start = j;
    uint64_t v = 0;
    while (j < n && (hex ? IsHex(s[j]) : IsDigit(s[j]))) {
      char c = s[j];
      int d = IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
      if (v <= 0x10FFFF) v = v * (hex ? 16 : 10) + d;
      ++j;
    }
    if (j == start) return false;
    if (j < n && s[j] == ';') ++j;
    char32_t cp;
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
      cp = 0xFFFD;
    } else if (v >= 0x80 && v <= 0x9F && kWin1252[v - 0x80] != 0) {
      cp = kWin1252[v - 0x80];
    } else {
      cp = static_cast<char32_t>(v);
    }
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' && cp != '\f') {
      // C0 controls carry no text; dropped.
    } else if (cp == 0x7F) {
    } else {
      AppendUtf8(out, cp);
    }
    consumed = j - i;
    return true;
  }
  size_t start = j;
  while (j < n && j - start < 32 && (IsAlpha(s[j]) || IsDigit(s[j]))) ++j;
  if (j == start) return false;
  std::string_view name = s.substr(start, j - start);
  if (j < n && s[j] == ';') {
    char buf[40];
    std::memcpy(buf, name.data(), name.size());
    buf[name.size()] = ';';
    if (const Entity* e = FindEntity(std::string_view(buf, name.size() + 1))) {
      out.append(e->value);
      consumed = j + 1 - i;
      return true;
    }
  }
  // Legacy references without ';' ("&amp", "&copy2018" -> "©2018"): longest prefix match.
  for (size_t len = std::min<size_t>(name.size(), 6); len >= 2; --len) {
    if (const Entity* e = FindEntity(name.substr(0, len))) {
      out.append(e->value);
      consumed = 1 + len;
      return true;
    }
  }
  return false;
}

enum class Effect : uint8_t { kInline, kParagraph, kLine, kBreak, kListItem, kCell, kPre, kRawText, kAnchor };

Effect EffectOf(std::string_view name) {
  switch (name.size()) {
    case 1:
      if (name == "p") return Effect::kParagraph;
      if (name == "a") return Effect::kAnchor;
      return Effect::kInline;
    case 2:
      if (name == "br") return Effect::kBreak;
      if (name == "li") return Effect::kListItem;
      if (name == "ul" || name == "ol" || name == "hr" || name == "dl") return Effect::kParagraph;
      if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6') return Effect::kParagraph;
      if (name == "tr" || name == "dt" || name == "dd") return Effect::kLine;
      if (name == "td" || name == "th") return Effect::kCell;
      return Effect::kInline;
    case 3:
      if (name == "div" || name == "nav") return Effect::kLine;
      if (name == "pre") return Effect::kPre;
      if (name == "xmp") return Effect::kRawText;
      return Effect::kInline;
    case 4:
      if (name == "main" || name == "form" || name == "menu") return Effect::kParagraph;
      if (name == "head") return Effect::kRawText;
      return Effect::kInline;
    case 5:
      if (name == "table" || name == "aside" || name == "tbody" || name == "thead" || name == "tfoot") {
        return Effect::kParagraph;
      }
      if (name == "style" || name == "title") return Effect::kRawText;
      return Effect::kInline;
    case 6:
      if (name == "header" || name == "footer" || name == "figure" || name == "center") return Effect::kParagraph;
      if (name == "script" || name == "iframe") return Effect::kRawText;
      return Effect::kInline;
    case 7:
      if (name == "section" || name == "article" || name == "details" || name == "address") {
        return Effect::kParagraph;
      }
      if (name == "noembed" || name == "caption") return name == "noembed" ? Effect::kRawText : Effect::kLine;
      return Effect::kInline;
    case 8:
      if (name == "template" || name == "noscript" || name == "noframes" || name == "textarea") {
        return Effect::kRawText;
      }
      if (name == "fieldset") return Effect::kParagraph;
      return Effect::kInline;
    case 10:
      if (name == "blockquote") return Effect::kParagraph;
      if (name == "figcaption") return Effect::kLine;
      return Effect::kInline;
    default:
      return Effect::kInline;
  }
}

// Byte classes for the text scanner.
enum : uint8_t { kPlain = 0, kSpace, kLt, kAmp, kC2, kDrop, kCr };
constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = kDrop;
  t[' '] = t['\t'] = t['\n'] = t['\f'] = kSpace;
  t['\r'] = kCr;
  t[0x0B] = kSpace;
  t[0x7F] = kDrop;
  t['<'] = kLt;
  t['&'] = kAmp;
  t[0xC2] = kC2;
  return t;
}
constexpr std::array<uint8_t, 256> kClass = MakeClasses();

// Output with pending whitespace/line breaks, so that no trailing space or stray blank line
// is ever written.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void Space() { space_ = true; }
  void Break(int level) {
    if (out_.empty()) return;
    if (level > brk_) brk_ = level;
    space_ = false;
  }
  void LineBreak() {  // <br>: a second one in a row makes a blank line
    if (out_.empty()) return;
    brk_ = brk_ >= 1 ? 2 : 1;
    space_ = false;
  }
  void Bullet() { bullet_ = true; }
  void Text(const char* p, size_t len) {
    if (len == 0) return;
    Flush();
    out_.append(p, len);
  }
  void Text(std::string_view s) { Text(s.data(), s.size()); }
  // <pre> content: written verbatim after pending breaks.
  // Its line ends drop trailing spaces and never make a second blank line in a row.
  void Verbatim(char c) {
    Flush();
    if (c == '\n') {
      while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\t')) out_.pop_back();
      const size_t n = out_.size();
      if (n >= 2 && out_[n - 1] == '\n' && out_[n - 2] == '\n') return;
    }
    out_.push_back(c);
  }
  void Finish() {
    // Nothing pending is written; <pre> content may still have left whitespace at either end.
    size_t end = out_.find_last_not_of(" \t\n");
    if (end == std::string::npos) {
      out_.clear();
      return;
    }
    out_.resize(end + 1);
    out_.erase(0, out_.find_first_not_of(" \t\n"));
  }

 private:
  void Flush() {
    if (brk_ > 0) {
      // <pre> content may end with spaces or its own newlines: the break replaces them, so a
      // line never ends with a space and there is never more than one blank line.
      while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\t')) out_.pop_back();
      int have = 0;
      for (size_t i = out_.size(); i > 0 && out_[i - 1] == '\n' && have < 2; --i) ++have;
      for (int k = have; k < brk_; ++k) out_.push_back('\n');
      brk_ = 0;
      space_ = false;
    } else if (space_) {
      if (!out_.empty()) {
        char last = out_.back();
        if (last != ' ' && last != '\n') out_.push_back(' ');
      }
      space_ = false;
    }
    if (bullet_) {
      out_.append("- ");
      bullet_ = false;
    }
  }

  std::string& out_;
  bool space_ = false;
  int brk_ = 0;
  bool bullet_ = false;
};

// Skips past the '>' closing a tag whose attributes start at s[i]; quote-aware. When
// `href` is non-null and an href attribute is found, its raw value is stored there.
// Returns npos when the input ends inside the tag.
size_t SkipAttributes(std::string_view s, size_t i, std::string_view* href) {
  const size_t n = s.size();
  for (;;) {
    while (i < n && (IsHtmlSpace(s[i]) || s[i] == '/')) ++i;
    if (i >= n) return std::string_view::npos;
    if (s[i] == '>') return i + 1;
    size_t name_start = i;
    // An attribute name may start with '=' (spec) but never contains these.
    ++i;
    while (i < n && !IsHtmlSpace(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=') ++i;
    std::string_view attr = s.substr(name_start, i - name_start);
    while (i < n && IsHtmlSpace(s[i])) ++i;
    if (i < n && s[i] == '=') {
      ++i;
      while (i < n && IsHtmlSpace(s[i])) ++i;
      if (i >= n) return std::string_view::npos;
      size_t v_start, v_end;
      if (s[i] == '"' || s[i] == '\'') {
        char q = s[i];
        v_start = i + 1;
        size_t close = s.find(q, v_start);
        if (close == std::string_view::npos) return std::string_view::npos;
        v_end = close;
        i = close + 1;
      } else {
        v_start = i;
        while (i < n && !IsHtmlSpace(s[i]) && s[i] != '>') ++i;
        v_end = i;
      }
      if (href != nullptr && EqualsIgnoreAsciiCase(attr, "href")) *href = s.substr(v_start, v_end - v_start);
    }
  }
}

// Position just after the end tag `</name ...>` of a raw text element, or n.
size_t SkipRawText(std::string_view s, size_t i, std::string_view name) {
  const size_t n = s.size();
  for (;;) {
    size_t lt = s.find("</", i);
    if (lt == std::string_view::npos) return n;
    size_t k = lt + 2;
    if (k + name.size() <= n && EqualsIgnoreAsciiCase(s.substr(k, name.size()), name) &&
        (k + name.size() == n || IsHtmlSpace(s[k + name.size()]) || s[k + name.size()] == '>' ||
         s[k + name.size()] == '/')) {
      size_t gt = s.find('>', k + name.size());
      return gt == std::string_view::npos ? n : gt + 1;
    }
    i = lt + 2;
  }
}

// First index >= i holding a byte the converter must look at: '<', '&', a C0 control or
// whitespace other than ' ', DEL, 0xC2 (a possible U+00A0), or a ' ' followed by ' '.
// A lone ' ' between words is part of a text run.
inline size_t NextSpecialScalar(const char* p, size_t i, size_t n) {
  for (; i < n; ++i) {
    uint8_t k = kClass[static_cast<uint8_t>(p[i])];
    if (k != kPlain) {
      if (p[i] == ' ' && i + 1 < n && p[i + 1] != ' ') continue;
      return i;
    }
  }
  return n;
}

inline size_t NextSpecial(const char* p, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i lt = _mm_set1_epi8('<');
  const __m128i amp = _mm_set1_epi8('&');
  const __m128i c2 = _mm_set1_epi8(static_cast<char>(0xC2));
  const __m128i del = _mm_set1_epi8(0x7F);
  const __m128i sp = _mm_set1_epi8(' ');
  const __m128i ctl = _mm_set1_epi8(0x1F);
  while (i + 17 <= n) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, c2));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(v, del));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl));  // unsigned v <= 0x1F
    m = _mm_or_si128(m, _mm_and_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(next, sp)));
    int mask = _mm_movemask_epi8(m);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#endif
  return NextSpecialScalar(p, i, n);
}

class Converter {
 public:
  Converter(std::string_view s, std::string& out, std::vector<std::string>* links)
      : s_(s), out_(out), w_(out), links_(links) {}

  void Run() {
    const size_t n = s_.size();
    const char* p = s_.data();
    size_t i = 0;
    size_t run = 0;  // start of the pending run of plain text
    while (i < n) {
      i = pre_depth_ > 0 ? NextSpecialScalar(p, i, n) : NextSpecial(p, i, n);
      if (i >= n) break;
      TextRun(p + run, i - run);
      switch (kClass[static_cast<uint8_t>(p[i])]) {
        case kPlain:  // ' ' before another ' ' (collapsed), or inside <pre>
        case kSpace:
          if (pre_depth_ > 0) {
            w_.Verbatim(p[i] == '\f' || p[i] == 0x0B ? ' ' : p[i]);
          } else {
            w_.Space();
          }
          ++i;
          break;
        case kCr:  // CR and CRLF are one newline (HTML input stream preprocessing)
          if (pre_depth_ > 0) {
            if (i + 1 >= n || p[i + 1] != '\n') w_.Verbatim('\n');
          } else {
            w_.Space();
          }
          ++i;
          break;
        case kDrop:
          ++i;
          break;
        case kC2:
          if (i + 1 < n && static_cast<uint8_t>(p[i + 1]) == 0xA0) {  // U+00A0 NO-BREAK SPACE
            if (pre_depth_ > 0) {
              w_.Verbatim(' ');
            } else {
              w_.Space();
            }
            i += 2;
          } else {
            run = i;  // an ordinary lead byte: starts the next run
            ++i;
            continue;
          }
          break;
        case kAmp:
          i = Reference(i);
          break;
        case kLt:
          i = Tag(i);
          break;
      }
      run = i;
    }
    TextRun(p + run, n - run);
    w_.Finish();
    if (!IsValidUtf8(out_)) out_ = MakeValidUtf8(out_);
  }

  // Writes a run of plain text; a leading or trailing ' ' becomes pending whitespace so it
  // never ends up at a line start or end.
  void TextRun(const char* p, size_t len) {
    if (pre_depth_ > 0) {
      w_.Text(p, len);
      return;
    }
    if (len > 0 && p[0] == ' ') {
      w_.Space();
      ++p;
      --len;
    }
    bool trailing = len > 0 && p[len - 1] == ' ';
    if (trailing) --len;
    w_.Text(p, len);
    if (trailing) w_.Space();
  }

 private:
  size_t Reference(size_t i) {
    scratch_.clear();
    size_t consumed = 0;
    if (!DecodeReference(s_, i, scratch_, consumed)) {
      w_.Text("&", 1);
      return i + 1;
    }
    // Whitespace from references collapses like literal whitespace.
    for (size_t k = 0; k < scratch_.size();) {
      unsigned char c = static_cast<unsigned char>(scratch_[k]);
      bool nbsp = c == 0xC2 && k + 1 < scratch_.size() && static_cast<unsigned char>(scratch_[k + 1]) == 0xA0;
      if (IsHtmlSpace(static_cast<char>(c)) || nbsp) {
        if (pre_depth_ > 0) {
          w_.Verbatim(nbsp || c != '\n' ? ' ' : '\n');
        } else {
          w_.Space();
        }
        k += nbsp ? 2 : 1;
      } else {
        size_t start = k;
        while (k < scratch_.size() && !IsHtmlSpace(scratch_[k]) &&
               !(static_cast<unsigned char>(scratch_[k]) == 0xC2 && k + 1 < scratch_.size() &&
                 static_cast<unsigned char>(scratch_[k + 1]) == 0xA0)) {
          ++k;
        }
        w_.Text(scratch_.data() + start, k - start);
      }
    }
    return i + consumed;
  }

  size_t Tag(size_t i) {
    const size_t n = s_.size();
    if (i + 1 >= n) {
      w_.Text("<", 1);
      return i + 1;
    }
    char c = s_[i + 1];
    if (c == '!') {
      if (s_.compare(i, 4, "<!--") == 0) {
        if (s_.compare(i, 5, "<!-->") == 0) return i + 5;
        if (s_.compare(i, 6, "<!--->") == 0) return i + 6;
        size_t end = s_.find("-->", i + 4);
        return end == std::string_view::npos ? n : end + 3;
      }
      size_t gt = s_.find('>', i + 2);  // doctype, CDATA outside foreign content: bogus comment
      return gt == std::string_view::npos ? n : gt + 1;
    }
    if (c == '?') {
      size_t gt = s_.find('>', i + 2);
      return gt == std::string_view::npos ? n : gt + 1;
    }
    bool end_tag = false;
    size_t j = i + 1;
    if (c == '/') {
      end_tag = true;
      ++j;
      if (j < n && s_[j] == '>') return j + 1;  // "</>" is ignored
      if (j >= n) {
        w_.Text("</", 2);
        return n;
      }
      if (!IsAlpha(s_[j])) {
        size_t gt = s_.find('>', j);
        return gt == std::string_view::npos ? n : gt + 1;
      }
    } else if (!IsAlpha(c)) {
      w_.Text("<", 1);  // "a < b", "<3": text
      return i + 1;
    }
    size_t name_start = j;
    while (j < n && !IsHtmlSpace(s_[j]) && s_[j] != '/' && s_[j] != '>') ++j;
    char name_buf[16];
    size_t name_len = j - name_start;
    std::string_view name;
    if (name_len < sizeof name_buf) {
      for (size_t k = 0; k < name_len; ++k) name_buf[k] = AsciiLower(s_[name_start + k]);
      name = std::string_view(name_buf, name_len);
    }
    Effect effect = EffectOf(name);
    std::string_view href;
    size_t after = SkipAttributes(s_, j, (!end_tag && effect == Effect::kAnchor && links_) ? &href : nullptr);
    if (after == std::string_view::npos) return n;  // EOF inside a tag: the tag is dropped
    switch (effect) {
      case Effect::kInline:
        break;
      case Effect::kAnchor:
        if (!href.empty()) links_->push_back(HtmlUnescape(href));
        break;
      case Effect::kParagraph:
        w_.Break(2);
        break;
      case Effect::kLine:
        w_.Break(1);
        break;
      case Effect::kBreak:
        w_.LineBreak();
        break;
      case Effect::kListItem:
        w_.Break(1);
        if (!end_tag) w_.Bullet();
        break;
      case Effect::kCell:
        w_.Space();
        break;
      case Effect::kPre:
        w_.Break(2);
        if (end_tag) {
          if (pre_depth_ > 0) --pre_depth_;
        } else {
          ++pre_depth_;
          // A newline right after <pre> is ignored (HTML parsing rules).
          if (after < n && s_[after] == '\n') ++after;
        }
        break;
      case Effect::kRawText:
        if (!end_tag) {
          bool self_closing = after >= 2 && s_[after - 2] == '/';
          if (!(self_closing && name == "head")) after = SkipRawText(s_, after, name);
        }
        break;
    }
    return after;
  }

  std::string_view s_;
  std::string& out_;
  Writer w_;
  std::vector<std::string>* links_;
  std::string scratch_;
  int pre_depth_ = 0;
};

}  // namespace

void HtmlToText(std::string_view html, std::string& out, std::vector<std::string>* links) {
  out.clear();
  out.reserve(html.size() + 16);
  Converter(html, out, links).Run();
}

HtmlText HtmlToText(std::string_view html, const HtmlTextOptions& options) {
  HtmlText r;
  HtmlToText(html, r.text, options.collect_links ? &r.links : nullptr);
  return r;
}

std::string HtmlUnescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, amp - i));
    size_t consumed = 0;
    if (DecodeReference(s, amp, out, consumed)) {
      i = amp + consumed;
    } else {
      out.push_back('&');
      i = amp + 1;
    }
  }
  return out;
}

bool LooksLikeHtml(std::string_view s) {
  for (size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i + 1)) {
    if (i + 1 < s.size() && (IsAlpha(s[i + 1]) || s[i + 1] == '/' || s[i + 1] == '!')) return true;
  }
  for (size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
    size_t semi = s.find(';', i);
    if (semi != std::string_view::npos && semi - i <= 10 && semi > i + 1) return true;
  }
  return false;
}

}  // namespace skillpulse
