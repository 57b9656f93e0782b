#include "sources/fetch/robots.h"

#include <charconv>
#include <cmath>

#include "core/text.h"

namespace skillpulse {
namespace {

bool IsUnreserved(unsigned char c) {  // RFC 3986 §2.3
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 9309 §2.2.2: octets outside ASCII are percent-encoded, percent-encoded unreserved
// characters are decoded, and the remaining escapes use upper-case hex, so "/%7ejoe" and
// "/~joe" compare equal. `keep_wildcards` leaves '*' and '$' alone (patterns).
std::string NormalizePath(std::string_view s, bool keep_wildcards) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      unsigned char v = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      if (IsUnreserved(v)) {
        out.push_back(static_cast<char>(v));
      } else {
        out.push_back('%');
        out.push_back(kHex[v >> 4]);
        out.push_back(kHex[v & 15]);
      }
      i += 2;
    } else if (c >= 0x80 || c <= 0x20 || c == 0x7f || (c == '*' && !keep_wildcards) ||
               (c == '$' && (!keep_wildcards || i + 1 != s.size()))) {
      // RFC 9309 §2.2.3: a literal '*' or '$' in a URL is matched by "%2A" / "%24" in a rule;
      // in a rule only a final '$' is special.
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// Whether `pattern` (with '*' and an optional final '$') matches a prefix of `path` (or all of
// it when anchored). Segments between stars are placed leftmost-first, which is exact for
// patterns whose only metacharacter is '*'; linear in |path| per segment, no backtracking.
bool PatternMatches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) {
    if (anchored) return path == pattern;
    return path.substr(0, pattern.size()) == pattern;
  }
  // First segment is anchored at the start.
  std::string_view first = pattern.substr(0, star);
  if (path.substr(0, first.size()) != first) return false;
  size_t pos = first.size();
  std::string_view rest = pattern.substr(star + 1);
  for (;;) {
    size_t next = rest.find('*');
    std::string_view seg = rest.substr(0, next);
    if (next == std::string_view::npos) {
      // The last segment: anywhere after pos, or at the very end when anchored.
      if (anchored) return path.size() >= pos + seg.size() && path.substr(path.size() - seg.size()) == seg;
      return seg.empty() || path.find(seg, pos) != std::string_view::npos;
    }
    if (!seg.empty()) {
      size_t at = path.find(seg, pos);
      if (at == std::string_view::npos) return false;
      pos = at + seg.size();
    }
    rest = rest.substr(next + 1);
  }
}

std::string_view StripComment(std::string_view line) {
  size_t hash = line.find('#');
  return hash == std::string_view::npos ? line : line.substr(0, hash);
}

}  // namespace

std::string RobotsProductToken(std::string_view user_agent) {
  size_t i = 0;
  while (i < user_agent.size() && (IsAsciiAlnum(user_agent[i]) || user_agent[i] == '_' || user_agent[i] == '-')) ++i;
  return AsciiLowerCopy(user_agent.substr(0, i));
}

RobotsTxt RobotsTxt::AllowAll() { return RobotsTxt(); }

RobotsTxt RobotsTxt::DisallowAll(std::string reason) {
  RobotsTxt r;
  r.disallow_all_ = true;
  r.unreachable_reason_ = std::move(reason);
  return r;
}

RobotsTxt RobotsTxt::Parse(std::string_view body, std::string_view product_token) {
  if (body.size() > kMaxParsedBytes) body = body.substr(0, kMaxParsedBytes);
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);  // a UTF-8 byte order mark
  const std::string token = AsciiLowerCopy(product_token);
  std::vector<Rule> specific, wildcard;
  std::optional<double> specific_delay, wildcard_delay;
  bool any_specific = false;
  // The current group: which agents it names, and whether its rules have started (a
  // user-agent line after a rule starts a new group).
  bool group_specific = false, group_wildcard = false, in_rules = true;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = TrimAscii(StripComment(body.substr(pos, end - pos)));
    pos = end + 1;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = AsciiLowerCopy(TrimAscii(line.substr(0, colon)));
    std::string_view value = TrimAscii(line.substr(colon + 1));
    if (key == "user-agent") {
      if (in_rules) {
        group_specific = group_wildcard = false;
        in_rules = false;
      }
      if (value == "*") {
        group_wildcard = true;
      } else if (!token.empty() && RobotsProductToken(value) == token) {
        group_specific = true;
        any_specific = true;
      }
    } else if (key == "allow" || key == "disallow") {
      in_rules = true;
      if (value.empty()) continue;  // "Disallow:" with no path allows everything: no rule
      Rule rule{NormalizePath(value, /*keep_wildcards=*/true), key == "allow"};
      if (group_specific) specific.push_back(rule);
      if (group_wildcard) wildcard.push_back(std::move(rule));
    } else if (key == "crawl-delay") {
      in_rules = true;
      double v = 0;
      std::string s(value);
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v) || v < 0) continue;
      if (group_specific) specific_delay = v;
      if (group_wildcard) wildcard_delay = v;
    }
    // sitemap and unknown keys: not group members, ignored.
  }
  RobotsTxt r;
  if (any_specific) {
    r.rules_ = std::move(specific);
    r.crawl_delay_s_ = specific_delay;
  } else {
    r.rules_ = std::move(wildcard);
    r.crawl_delay_s_ = wildcard_delay;
  }
  return r;
}

const RobotsTxt::Rule* RobotsTxt::Match(std::string_view path_and_query) const {
  std::string path = NormalizePath(path_and_query.empty() ? std::string_view("/") : path_and_query, false);
  const Rule* best = nullptr;
  for (const Rule& rule : rules_) {
    if (!PatternMatches(rule.pattern, path)) continue;
    if (best == nullptr || rule.pattern.size() > best->pattern.size() ||
        (rule.pattern.size() == best->pattern.size() && rule.allow && !best->allow)) {
      best = &rule;
    }
  }
  return best;
}

bool RobotsTxt::Allowed(std::string_view path_and_query) const {
  if (path_and_query == "/robots.txt") return true;
  if (disallow_all_) return false;
  const Rule* best = Match(path_and_query);
  return best == nullptr || best->allow;
}

std::string RobotsTxt::DescribeMatch(std::string_view path_and_query) const {
  if (disallow_all_) {
    std::string why = unreachable_reason_.empty() ? "" : " (" + unreachable_reason_ + ")";
    return "robots.txt unreachable" + why + ": complete disallow (RFC 9309 2.3.1.4)";
  }
  const Rule* best = Match(path_and_query);
  if (best == nullptr) return "no rule";
  return std::string(best->allow ? "Allow: " : "Disallow: ") + best->pattern;
}

}  // namespace skillpulse
