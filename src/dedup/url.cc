#include "dedup/url.h"

#include <algorithm>
#include <vector>

#include "core/text.h"
#include "dedup/normalize.h"

namespace skillpulse {
namespace {

struct ParsedUrl {
  std::string scheme;  // lowercase
  std::string host;    // lowercase, no port, no "www."
  std::string port;    // "" or a non-default port
  std::string path;    // as given ("/a/b"), without query and fragment
  std::string query;   // without '?'
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else if (s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Uppercases the hex digits of %-escapes ("%2f" -> "%2F"), as RFC 3986 6.2.2.1 prescribes.
std::string UpperEscapes(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i + 2 < out.size(); ++i) {
    if (out[i] == '%' && HexValue(out[i + 1]) >= 0 && HexValue(out[i + 2]) >= 0) {
      for (size_t k = i + 1; k <= i + 2; ++k) {
        if (out[k] >= 'a' && out[k] <= 'f') out[k] = static_cast<char>(out[k] - 32);
      }
      i += 2;
    }
  }
  return out;
}

// %-escapes control characters, space and DEL, which a URL cannot hold raw (RFC 3986 2.1):
// a canonical URL survives trimming and re-parsing unchanged.
std::string EscapeUnsafe(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b == 0x7F) {
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 15]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool Parse(std::string_view url, ParsedUrl& u) {
  url = TrimAscii(url);
  if (url.empty()) return false;
  size_t scheme_end = url.find("://");
  std::string_view rest;
  if (scheme_end != std::string_view::npos && scheme_end > 0 &&
      std::all_of(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(scheme_end), [](char c) {
        return IsAsciiAlnum(c) || c == '+' || c == '-' || c == '.';
      })) {
    u.scheme = AsciiLowerCopy(url.substr(0, scheme_end));
    rest = url.substr(scheme_end + 3);
  } else if (url.substr(0, 2) == "//") {
    u.scheme = "https";
    rest = url.substr(2);
  } else {
    return false;
  }
  if (u.scheme == "http") u.scheme = "https";
  size_t frag = rest.find('#');
  if (frag != std::string_view::npos) rest = rest.substr(0, frag);
  size_t host_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, host_end);
  rest = host_end == std::string_view::npos ? std::string_view() : rest.substr(host_end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  std::string_view host = authority;
  if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    std::string_view port = authority.substr(colon + 1);
    if (!(port.empty() || (u.scheme == "https" && (port == "443" || port == "80")))) u.port = std::string(port);
  }
  u.host = AsciiLowerCopy(host);
  // A job board's host is a name: no control characters, spaces, '\\', ':' or brackets (IPv6
  // literals are not job URLs); a port is digits.
  if (std::any_of(u.host.begin(), u.host.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '\\' || c == ':' || c == '[' || c == ']';
      })) {
    return false;
  }
  if (!std::all_of(u.port.begin(), u.port.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  while (!u.host.empty() && u.host.back() == '.') u.host.pop_back();
  while (u.host.substr(0, 4) == "www.") u.host.erase(0, 4);
  if (u.host.empty()) return false;
  size_t q = rest.find('?');
  u.path = std::string(rest.substr(0, q));
  if (q != std::string_view::npos) u.query = std::string(rest.substr(q + 1));
  return true;
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty()) out.reserve(8);  // one allocation for a job URL's few segments
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

// The decoded value of query parameter `name` (case-insensitive name), or "".
std::string QueryParam(std::string_view query, std::string_view name) {
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view kv = query.substr(start, amp - start);
    size_t eq = kv.find('=');
    if (eq != std::string_view::npos && EqualsIgnoreAsciiCase(PercentDecode(kv.substr(0, eq)), name)) {
      return PercentDecode(kv.substr(eq + 1));
    }
    start = amp + 1;
  }
  return "";
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// 8-4-4-4-12 hex digits (Lever and Ashby posting ids).
bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : HexValue(s[i]) < 0) return false;
  }
  return true;
}

std::string WorkdayKey(std::string_view tenant, const std::vector<std::string_view>& segs, size_t from) {
  // .../job/[{location}/]{slug}_{ID}[/apply[/...]]
  size_t job = std::string_view::npos;
  for (size_t i = from; i < segs.size(); ++i) {
    if (segs[i] == "job" || segs[i] == "details") {
      job = i;
      break;
    }
  }
  if (job == std::string_view::npos) return "";
  std::string_view id_seg;
  for (size_t i = job + 1; i < segs.size(); ++i) {
    std::string_view s = segs[i];
    if (s == "apply" || s == "login" || s == "applyManually" || s == "useMyLastApplication") break;
    if (s.find('_') != std::string_view::npos) id_seg = s;
  }
  if (id_seg.empty()) return "";
  std::string_view id = id_seg.substr(id_seg.rfind('_') + 1);
  if (id.empty() || !std::any_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) return "";
  std::string upper(id);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return "workday:" + AsciiLowerCopy(tenant) + ":" + upper;
}

std::string CanonicalUrlOf(const ParsedUrl& u, const DedupRules& rules) {
  std::string path = EscapeUnsafe(UpperEscapes(u.path));
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path == "/") path.clear();
  std::vector<std::string> params;
  size_t start = 0;
  while (start < u.query.size()) {
    size_t amp = u.query.find_first_of("&;", start);
    if (amp == std::string::npos) amp = u.query.size();
    std::string_view kv = std::string_view(u.query).substr(start, amp - start);
    start = amp + 1;
    if (kv.empty()) continue;
    std::string name = AsciiLowerCopy(PercentDecode(kv.substr(0, kv.find('='))));
    if (rules.IsTrackingParam(name)) continue;
    params.push_back(EscapeUnsafe(UpperEscapes(kv)));
  }
  std::sort(params.begin(), params.end());
  // Appended in place (no temporary per part): this runs for every posting's URLs.
  size_t size = u.scheme.size() + 3 + u.host.size() + 1 + u.port.size() + path.size();
  for (const std::string& p : params) size += 1 + p.size();
  std::string out;
  out.reserve(size);
  out.append(u.scheme).append("://").append(u.host);
  if (!u.port.empty()) out.append(":").append(u.port);
  out += path;
  for (size_t i = 0; i < params.size(); ++i) out.append(i == 0 ? "?" : "&").append(params[i]);
  return out;
}

// prefix + AsciiLowerCopy(id) in one allocation (the concatenation reallocated it).
std::string PrefixedLower(std::string_view prefix, std::string_view id) {
  std::string key;
  key.reserve(prefix.size() + id.size());
  key.append(prefix);
  for (char c : id) key.push_back(AsciiLower(c));
  return key;
}

std::string AtsJobKeyOf(const ParsedUrl& u) {
  if (std::string id = QueryParam(u.query, "gh_jid"); AllDigits(id)) return "greenhouse:" + id;
  if (std::string id = AsciiLowerCopy(QueryParam(u.query, "ashby_jid")); IsUuid(id)) return "ashby:" + id;
  const auto segs = Segments(u.path);
  if (u.host == "greenhouse.io" || EndsWith(u.host, ".greenhouse.io")) {
    for (size_t i = 0; i + 1 < segs.size(); ++i) {
      if (segs[i] == "jobs" && AllDigits(segs[i + 1])) return "greenhouse:" + std::string(segs[i + 1]);
    }
    if (std::string id = QueryParam(u.query, "token"); AllDigits(id)) return "greenhouse:" + id;
    return "";
  }
  if (u.host == "jobs.lever.co" || u.host == "jobs.eu.lever.co") {
    if (segs.size() >= 2 && IsUuid(segs[1])) return PrefixedLower("lever:", segs[1]);
    return "";
  }
  if (u.host == "jobs.ashbyhq.com") {
    if (segs.size() >= 2 && IsUuid(segs[1])) return PrefixedLower("ashby:", segs[1]);
    return "";
  }
  if (EndsWith(u.host, ".myworkdayjobs.com")) {
    std::string_view tenant = std::string_view(u.host).substr(0, u.host.find('.'));
    return WorkdayKey(tenant, segs, 0);
  }
  if (EndsWith(u.host, "myworkdaysite.com")) {
    // wd1.myworkdaysite.com/[{locale}/]recruiting/{tenant}/{site}/job/...
    for (size_t i = 0; i + 1 < segs.size(); ++i) {
      if (segs[i] == "recruiting") return WorkdayKey(segs[i + 1], segs, i + 2);
    }
    return "";
  }
  if (u.host == "jobs.smartrecruiters.com" || u.host == "careers.smartrecruiters.com") {
    if (segs.size() >= 2) {
      std::string_view s = segs[1];
      size_t digits = 0;
      while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
      if (digits >= 6 && (digits == s.size() || s[digits] == '-')) return "smartrecruiters:" + std::string(s.substr(0, digits));
    }
    return "";
  }
  if (u.host == "apply.workable.com") {
    for (size_t i = 0; i + 1 < segs.size(); ++i) {
      if (segs[i] == "j" && i > 0) return "workable:" + AsciiLowerCopy(segs[i - 1]) + ":" + std::string(segs[i + 1]);
    }
    return "";
  }
  return "";
}

}  // namespace

std::string CanonicalUrl(std::string_view url, const DedupRules& rules) {
  ParsedUrl u;
  return Parse(url, u) ? CanonicalUrlOf(u, rules) : "";
}

std::string AtsJobKey(std::string_view url) {
  ParsedUrl u;
  return Parse(url, u) ? AtsJobKeyOf(u) : "";
}

JobUrlKey PostingUrlKey(std::string_view apply_url, std::string_view url, const DedupRules& rules) {
  // AtsJobKey of either URL, else CanonicalUrl of either, each URL parsed once.
  JobUrlKey k;
  ParsedUrl parsed[2];
  const bool ok[2] = {Parse(apply_url, parsed[0]), Parse(url, parsed[1])};
  for (int i = 0; i < 2; ++i) {
    if (!ok[i]) continue;
    if (std::string ats = AtsJobKeyOf(parsed[i]); !ats.empty()) {
      k.key = std::move(ats);
      k.ats = true;
      return k;
    }
  }
  for (int i = 0; i < 2; ++i) {
    if (!ok[i]) continue;
    if (std::string c = CanonicalUrlOf(parsed[i], rules); !c.empty()) {
      k.key = std::move(c);
      return k;
    }
  }
  return k;
}

}  // namespace skillpulse
