#include "sources/source_util.h"

#include <filesystem>

#include "core/input.h"
#include "core/text.h"
#include "sources/fetch/http_get.h"

namespace skillpulse {

size_t ContentStart(std::string_view head) {
  size_t i = head.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
  return i;
}

namespace {
// A thread keeps at most this much for the next document (RSS feeds are a few MB).
constexpr size_t kMaxRecycledBytes = size_t{32} << 20;
thread_local std::string recycled;
}  // namespace

void RecycleDocument(std::string&& bytes) {
  if (bytes.capacity() <= kMaxRecycledBytes && bytes.capacity() > recycled.capacity()) recycled = std::move(bytes);
}

Result<std::string> ReadDocument(const Document& doc, Diagnostics& diag) {
  SP_ASSIGN_OR_RETURN(auto in, doc.open());
  constexpr size_t kSlack = size_t{1} << 16;
  std::string out = std::move(recycled);
  recycled = std::string();
  // An uncompressed document of known size is read without regrowing (resize zero-fills).
  out.resize(static_cast<size_t>(doc.size_bytes) + kSlack + kJsonPadding);
  size_t len = 0;
  for (;;) {
    if (out.size() - len < kSlack) out.resize(out.size() * 2);
    auto got = in->Read(out.data() + len, out.size() - len - kJsonPadding);
    if (!got.ok()) {
      diag.Warn(doc.origin + ": " + got.status().message() + "; reading the " + std::to_string(len) +
                " bytes before the failure");
      diag.Count("documents.truncated");
      break;
    }
    if (*got == 0) break;
    len += *got;
  }
  // Keep the capacity (and so the padding) while shrinking the size.
  out.resize(len);
  if (out.capacity() < len + kJsonPadding) out.reserve(len + kJsonPadding);
  return out;
}

std::optional<std::string> OversizedField(const JobPosting& p) {
  struct Field {
    std::string_view name;
    const std::string* value;
  };
  const Field fields[] = {{"description", &p.description_html},
                          {"description", &p.description_text},
                          {"title", &p.title},
                          {"company", &p.company},
                          {"location", &p.location},
                          {"url", &p.url},
                          {"source_id", &p.source_id},
                          {"department", &p.department}};
  for (const auto& f : fields) {
    if (f.value->size() > kMaxPostingFieldBytes) {
      return std::string(f.name) + " of " + std::to_string(f.value->size()) + " bytes exceeds the limit of " +
             std::to_string(kMaxPostingFieldBytes) + " bytes";
    }
  }
  return std::nullopt;
}

std::optional<int64_t> UnixSeconds(double value, bool millis) {
  constexpr double kYear3000 = 32503680000.0;
  if (!(value >= 0)) return std::nullopt;  // also NaN
  if (millis || value >= 1e12) value /= 1000;
  if (value > kYear3000) return std::nullopt;
  return static_cast<int64_t>(value);
}

std::string_view UrlPath(std::string_view s) {
  size_t scheme = s.find("://");
  if (scheme != std::string_view::npos && scheme > 0 && s.substr(0, scheme).find('/') == std::string_view::npos) {
    std::string_view rest = s.substr(scheme + 3);
    size_t slash = rest.find_first_of("/?#");
    if (slash == std::string_view::npos || rest[slash] != '/') return "/";
    s = rest.substr(slash);
  }
  size_t end = s.find_first_of("?#");
  return s.substr(0, end);
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string DecodePercent(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string EncodePathSegment(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool unreserved = IsAsciiAlnum(static_cast<char>(c)) || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else if (c == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.append(s.substr(i, 3));
      i += 2;
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::optional<std::string> SegmentBetween(std::string_view path, std::string_view prefix, std::string_view suffix) {
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (!suffix.empty()) {
    if (path.size() < suffix.size() || path.substr(path.size() - suffix.size()) != suffix) return std::nullopt;
    path.remove_suffix(suffix.size());
  }
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view segment = path.substr(slash + 1);
  std::string_view before = path.substr(0, slash + 1);
  if (segment.empty() || before.size() < prefix.size() || before.substr(before.size() - prefix.size()) != prefix) {
    return std::nullopt;
  }
  return DecodePercent(segment);
}

std::optional<std::string_view> QueryParam(std::string_view url, std::string_view name) {
  size_t q = url.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view query = url.substr(q + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    if (key == name) return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::string WithQueryParam(std::string_view url, std::string_view name, std::string_view value) {
  std::string_view fragment;
  size_t hash = url.find('#');
  if (hash != std::string_view::npos) {
    fragment = url.substr(hash);
    url = url.substr(0, hash);
  }
  std::string out;
  size_t q = url.find('?');
  std::string param = std::string(name) + "=" + std::string(value);
  if (q == std::string_view::npos) {
    out = std::string(url) + "?" + param;
  } else {
    out = std::string(url.substr(0, q + 1));
    std::string_view query = url.substr(q + 1);
    bool replaced = false;
    bool first = true;
    while (true) {
      size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      if (!pair.empty()) {
        std::string_view key = pair.substr(0, pair.find('='));
        if (!first) out.push_back('&');
        first = false;
        if (key == name && !replaced) {
          out += param;
          replaced = true;
        } else if (key != name) {
          out += pair;
        } else {
          // A repeated parameter: drop the later copies.
          if (!out.empty() && out.back() == '&') out.pop_back();
        }
      }
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
    if (!replaced) {
      if (!first) out.push_back('&');
      out += param;
    }
  }
  out += fragment;
  return out;
}

bool IsExistingPath(const std::string& location) {
  std::error_code ec;
  return std::filesystem::exists(location, ec) && !ec;
}

std::optional<std::string> SlugLocation(const SourceSpec& spec) {
  const std::string& loc = spec.location;
  if (loc.empty() || IsHttpUrl(loc) || IsExistingPath(loc)) return std::nullopt;
  for (char c : loc) {
    if (c == '/' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return std::nullopt;
  }
  return loc;
}

std::vector<std::string> BoardApiUrls(const SourceSpec& spec, std::string_view slug_prefix,
                                      std::string_view slug_suffix, bool (*claims)(std::string_view),
                                      std::string_view param, std::string_view value) {
  if (auto slug = SlugLocation(spec)) {
    return {std::string(slug_prefix) + EncodePathSegment(*slug) + std::string(slug_suffix)};
  }
  if (!IsHttpUrl(spec.location)) return {};
  if (claims(spec.location) && !QueryParam(spec.location, param)) return {WithQueryParam(spec.location, param, value)};
  return {spec.location};
}

}  // namespace skillpulse
