#include "sources/source_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "core/input.h"
#include "core/text.h"
#include "sources/fetch/http_get.h"
#include "sources/fetch/robots.h"
#include "sources/fetch/session.h"

namespace skillpulse {
namespace {

std::string Where(std::string_view origin, const toml::node& n) {
  return std::string(origin) + ":" + std::to_string(n.source().begin.line);
}

// Reads typed values with range checks; the first problem is kept in `error`.
class Reader {
 public:
  Reader(std::string_view origin, Status& error) : origin_(origin), error_(error) {}

  void Fail(const toml::node& n, const std::string& msg) {
    if (error_.ok()) error_ = ParseError(Where(origin_, n) + ": " + msg);
  }

  std::optional<int64_t> Int(const toml::node& n, std::string_view key, int64_t lo, int64_t hi) {
    auto v = n.value<int64_t>();
    if (!v || !n.is_integer()) {
      Fail(n, std::string(key) + " must be an integer");
      return std::nullopt;
    }
    if (*v < lo || *v > hi) {
      Fail(n, std::string(key) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
      return std::nullopt;
    }
    return v;
  }
  std::optional<double> Number(const toml::node& n, std::string_view key, double lo, double hi) {
    if (!n.is_number()) {
      Fail(n, std::string(key) + " must be a number");
      return std::nullopt;
    }
    double v = n.is_integer() ? static_cast<double>(*n.value<int64_t>()) : *n.value<double>();
    if (!std::isfinite(v) || v < lo || v > hi) {
      Fail(n, std::string(key) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
      return std::nullopt;
    }
    return v;
  }
  std::optional<bool> Bool(const toml::node& n, std::string_view key) {
    if (!n.is_boolean()) {
      Fail(n, std::string(key) + " must be true or false");
      return std::nullopt;
    }
    return *n.value<bool>();
  }
  std::optional<std::string> String(const toml::node& n, std::string_view key) {
    if (!n.is_string()) {
      Fail(n, std::string(key) + " must be a string");
      return std::nullopt;
    }
    return *n.value<std::string>();
  }

 private:
  std::string_view origin_;
  Status& error_;
};

constexpr int64_t kMaxMs = 3'600'000;  // one hour: longer timeouts are mistakes

void ReadFetchTable(const toml::table& t, Reader& r, FetcherOptions& o) {
  std::optional<uint64_t> streamed_bytes;
  for (auto&& [key, node] : t) {
    std::string_view k = key.str();
    if (k == "max_connections") {
      if (auto v = r.Int(node, k, 1, 4096)) o.max_connections = static_cast<int>(*v);
    } else if (k == "per_host_connections") {
      if (auto v = r.Int(node, k, 1, 1024)) o.per_host_connections = static_cast<int>(*v);
    } else if (k == "per_host_rate") {
      if (auto v = r.Number(node, k, 0, 1e6)) o.per_host_rate_per_s = *v;
    } else if (k == "connect_timeout_ms") {
      if (auto v = r.Int(node, k, 1, kMaxMs)) o.defaults.connect_timeout_ms = *v;
    } else if (k == "timeout_ms") {
      if (auto v = r.Int(node, k, 1, kMaxMs)) o.defaults.timeout_ms = *v;
    } else if (k == "max_body_mb") {
      if (auto v = r.Int(node, k, 1, 1 << 16)) {
        o.defaults.max_body_bytes = static_cast<size_t>(*v) << 20;
        if (!streamed_bytes) o.defaults.max_streamed_body_bytes = static_cast<uint64_t>(*v) << 20;
      }
    } else if (k == "max_streamed_body_mb") {
      if (auto v = r.Int(node, k, 1, int64_t{1} << 24)) streamed_bytes = static_cast<uint64_t>(*v) << 20;
    } else if (k == "max_attempts") {
      if (auto v = r.Int(node, k, 1, 100)) o.defaults.max_attempts = static_cast<int>(*v);
    } else if (k == "backoff_base_ms") {
      if (auto v = r.Int(node, k, 0, kMaxMs)) o.defaults.backoff.base_ms = *v;
    } else if (k == "backoff_max_ms") {
      if (auto v = r.Int(node, k, 0, kMaxMs)) o.defaults.backoff.max_ms = *v;
    } else if (k == "max_retry_after_s") {
      if (auto v = r.Int(node, k, 0, 86'400)) o.defaults.max_retry_after_ms = *v * 1000;
    } else if (k == "breaker_failures") {
      if (auto v = r.Int(node, k, 1, 1'000'000)) o.breaker.failure_threshold = static_cast<int>(*v);
    } else if (k == "breaker_cooldown_s") {
      if (auto v = r.Int(node, k, 0, 86'400)) o.breaker.cooldown_ms = *v * 1000;
    } else if (k == "http2") {
      if (auto v = r.Bool(node, k)) o.http2 = *v;
    } else {
      r.Fail(node, "unknown key '" + std::string(k) + "' in [fetch]");
    }
  }
  if (streamed_bytes) o.defaults.max_streamed_body_bytes = *streamed_bytes;
}

void ReadSource(const toml::table& t, Reader& r, SourceEntry& e) {
  int locations = 0;
  for (auto&& [key, node] : t) {
    std::string_view k = key.str();
    if (k == "type") {
      if (auto v = r.String(node, k)) e.type = *v;
    } else if (k == "token" || k == "url" || k == "path" || k == "location") {
      ++locations;
      if (auto v = r.String(node, k)) e.location = *v;
      if (k == "url" && !IsHttpUrl(e.location)) r.Fail(node, "url must start with http:// or https://");
    } else if (k == "name") {
      if (auto v = r.String(node, k)) e.name = *v;
    } else if (k == "source") {
      if (auto v = r.String(node, k)) e.source = *v;
    } else if (k == "refresh") {
      if (node.is_integer()) {
        if (auto v = r.Int(node, k, 0, 366LL * 86'400)) e.refresh_s = *v;
      } else if (auto v = r.String(node, k)) {
        auto d = ParseDurationSeconds(*v);
        if (!d) r.Fail(node, "refresh must be a duration like \"90s\", \"30m\", \"6h\" or \"1d\"");
        else e.refresh_s = *d;
      }
    } else if (k == "enabled") {
      if (auto v = r.Bool(node, k)) e.enabled = *v;
    } else if (k == "concurrency") {
      if (auto v = r.Int(node, k, 1, 1024)) e.fetch.concurrency = static_cast<int>(*v);
    } else if (k == "rate") {
      if (auto v = r.Number(node, k, 0, 1e6)) e.fetch.rate_per_s = *v;
    } else if (k == "connect_timeout_ms") {
      if (auto v = r.Int(node, k, 1, kMaxMs)) e.fetch.connect_timeout_ms = *v;
    } else if (k == "timeout_ms") {
      if (auto v = r.Int(node, k, 1, kMaxMs)) e.fetch.timeout_ms = *v;
    } else if (k == "max_attempts") {
      if (auto v = r.Int(node, k, 1, 100)) e.fetch.max_attempts = static_cast<int>(*v);
    } else if (k == "max_body_mb") {
      if (auto v = r.Int(node, k, 1, 1 << 16)) e.fetch.max_body_bytes = *v << 20;
    } else if (k == "max_streamed_body_mb") {
      if (auto v = r.Int(node, k, 1, int64_t{1} << 24)) e.fetch.max_streamed_body_bytes = *v << 20;
    } else if (k == "robots") {
      if (auto v = r.Bool(node, k)) e.fetch.robots = *v;
    } else if (k == "complete_listing") {
      if (auto v = r.Bool(node, k)) e.fetch.complete_listing = *v;
    } else if (k == "headers") {
      const toml::table* h = node.as_table();
      if (h == nullptr) {
        r.Fail(node, "headers must be a table, e.g. headers = { Accept = \"application/json\" }");
        continue;
      }
      for (auto&& [hk, hv] : *h) {
        auto v = r.String(hv, "a header value");
        std::string name(hk.str());
        bool ok_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
          return IsAsciiAlnum(c) || c == '-' || c == '_';
        });
        if (!ok_name) r.Fail(hv, "header name '" + name + "' is not a token");
        if (v && (v->find('\n') != std::string::npos || v->find('\r') != std::string::npos)) {
          r.Fail(hv, "header value of '" + name + "' contains a line break");
        }
        if (v) e.fetch.headers.emplace_back(name, *v);
      }
    } else {
      r.Fail(node, "unknown key '" + std::string(k) + "' in [[source]]");
    }
  }
  if (locations != 1) {
    r.Fail(t, locations == 0 ? "a [[source]] needs one of token, url, path"
                             : "a [[source]] takes only one of token, url, path");
  }
  if (e.location.empty() && locations == 1) r.Fail(t, "the source's token/url/path is empty");
}

std::string Quoted(std::string_view s) {
  std::ostringstream out;
  out << toml::value<std::string>(std::string(s));
  return out.str();
}

}  // namespace

std::string SourcesConfig::UserAgentHeader() const {
  if (contact.empty()) return user_agent;
  return user_agent + " (+" + contact + ")";
}

std::optional<int64_t> ParseDurationSeconds(std::string_view s) {
  s = TrimAscii(s);
  if (s.empty()) return std::nullopt;
  int64_t unit = 1;
  char last = s.back();
  if (last == 's' || last == 'm' || last == 'h' || last == 'd') {
    unit = last == 's' ? 1 : last == 'm' ? 60 : last == 'h' ? 3600 : 86'400;
    s.remove_suffix(1);
  }
  if (s.empty() || s.size() > 9) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v * unit;
}

Result<SourcesConfig> ParseSourcesConfig(std::string_view text, std::string_view origin) {
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    return ParseError(std::string(origin) + ":" + std::to_string(e.source().begin.line) + ": " +
                      std::string(e.description()));
  }
  SourcesConfig c;
  Status error;
  Reader r(origin, error);
  for (auto&& [key, node] : root) {
    std::string_view k = key.str();
    if (k == "user_agent") {
      if (auto v = r.String(node, k)) {
        c.user_agent = *v;
        if (RobotsProductToken(c.user_agent).empty()) r.Fail(node, "user_agent must start with a product token (\"skillpulse/0.1\")");
      }
    } else if (k == "contact") {
      if (auto v = r.String(node, k)) c.contact = *v;
    } else if (k == "fetch") {
      if (const toml::table* t = node.as_table()) {
        ReadFetchTable(*t, r, c.fetcher);
      } else {
        r.Fail(node, "fetch must be a table ([fetch])");
      }
    } else if (k == "source") {
      const toml::array* arr = node.as_array();
      if (arr == nullptr) {
        r.Fail(node, "sources are written [[source]]");
        continue;
      }
      for (const toml::node& item : *arr) {
        const toml::table* t = item.as_table();
        if (t == nullptr) {
          r.Fail(item, "each [[source]] must be a table");
          continue;
        }
        SourceEntry e;
        e.line = t->source().begin.line;
        ReadSource(*t, r, e);
        c.sources.push_back(std::move(e));
      }
    } else {
      r.Fail(node, "unknown key '" + std::string(k) + "'");
    }
  }
  for (char ch : c.user_agent + c.contact) {
    if (ch == '\n' || ch == '\r') return ParseError(std::string(origin) + ": user_agent/contact contain a line break");
  }
  if (!error.ok()) return error;
  c.fetcher.user_agent = c.UserAgentHeader();
  return c;
}

Result<SourcesConfig> LoadSourcesConfig(const std::string& path) {
  SP_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path, size_t{64} << 20));
  return ParseSourcesConfig(text, path);
}

std::string StoredSourceName(const SourceEntry& entry, const SourceRegistry& registry) {
  if (!entry.source.empty()) return entry.source;
  SourceSpec spec;
  spec.type = entry.type;
  spec.location = entry.location;
  std::string name = DefaultListingName(spec, registry);
  if (!name.empty()) return name;
  return entry.type;
}

std::string RefreshKey(const SourceEntry& entry, const SourceRegistry& registry) {
  std::string key = StoredSourceName(entry, registry);
  if (!key.empty()) return key;
  // A page: its listing is named after host and path (FetchSession::OpenUrls).
  std::string_view url = entry.location;
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url = url.substr(scheme + 3);
  url = url.substr(0, url.find_first_of("?#"));
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

std::vector<std::string> ValidateSourcesConfig(const SourcesConfig& config, const SourceRegistry& registry) {
  std::vector<std::string> problems;
  std::map<std::string, int64_t> keys;  // stored source key -> line
  for (const SourceEntry& e : config.sources) {
    std::string where = "line " + std::to_string(e.line) + " (" + e.Label() + ")";
    if (e.type.empty()) {
      if (!IsHttpUrl(e.location)) problems.push_back(where + ": needs a type (the location is not a URL)");
    } else if (registry.Find(e.type) == nullptr) {
      std::string known;
      for (const auto& f : registry.formats()) known += (known.empty() ? "" : ", ") + std::string(f.type);
      problems.push_back(where + ": unknown type '" + e.type + "' (known: " + known + ")");
      continue;
    } else {
      const SourceFormat* f = registry.Find(e.type);
      SourceSpec spec;
      spec.type = e.type;
      spec.location = e.location;
      bool addressable = IsHttpUrl(e.location) || (f->urls != nullptr && !f->urls(spec).empty()) ||
                         f->expand != nullptr;
      std::error_code ec;
      if (!addressable && !std::filesystem::exists(e.location, ec)) {
        problems.push_back(where + ": '" + e.location + "' is neither a " + e.type +
                           " token this format can fetch, a URL, nor an existing file");
      }
    }
    std::string key = StoredSourceName(e, registry);
    if (key.empty()) continue;  // a page read under its format's shared name: it closes nothing
    auto [it, inserted] = keys.emplace(key, e.line);
    if (!inserted && e.enabled) {
      problems.push_back(where + ": stores under the same source '" + key + "' as line " + std::to_string(it->second) +
                         " (give one of them `source = \"...\"`)");
    }
  }
  return problems;
}

Result<SourceSpec> ToSourceSpec(const SourceEntry& e, const SourcesConfig& config, const SourceRegistry& registry) {
  SP_ASSIGN_OR_RETURN(SourceSpec spec, ParseSourceSpec(e.Spec(), registry));
  spec.raw = e.Label();
  spec.name = e.source.empty() ? DefaultListingName(spec, registry) : e.source;
  auto policy = std::make_shared<FetchPolicy>(config.fetcher.defaults);
  const FetchOverrides& o = e.fetch;
  if (o.concurrency) policy->max_concurrency = *o.concurrency;
  if (o.rate_per_s) policy->rate_per_s = *o.rate_per_s;
  if (o.connect_timeout_ms) policy->connect_timeout_ms = *o.connect_timeout_ms;
  if (o.timeout_ms) policy->timeout_ms = *o.timeout_ms;
  if (o.max_attempts) policy->max_attempts = *o.max_attempts;
  if (o.max_body_bytes) {
    policy->max_body_bytes = static_cast<size_t>(*o.max_body_bytes);
    policy->max_streamed_body_bytes = static_cast<uint64_t>(*o.max_body_bytes);
  }
  if (o.max_streamed_body_bytes) policy->max_streamed_body_bytes = static_cast<uint64_t>(*o.max_streamed_body_bytes);
  for (const auto& h : o.headers) policy->headers.push_back(h);
  auto settings = std::make_shared<SourceFetchSettings>();
  settings->policy = std::move(policy);
  settings->robots = o.robots;
  settings->complete_listing = o.complete_listing;
  spec.fetch = std::move(settings);
  return spec;
}

std::string FormatSourceEntry(const SourceEntry& e) {
  std::string out = "\n[[source]]\n";
  if (!e.name.empty()) out += "name = " + Quoted(e.name) + "\n";
  if (!e.type.empty()) out += "type = " + Quoted(e.type) + "\n";
  const char* key = IsHttpUrl(e.location) ? "url" : (e.location.find('/') != std::string::npos ? "path" : "token");
  out += std::string(key) + " = " + Quoted(e.location) + "\n";
  if (!e.source.empty()) out += "source = " + Quoted(e.source) + "\n";
  if (e.refresh_s > 0) {
    int64_t s = e.refresh_s;
    std::string d = s % 86'400 == 0 ? std::to_string(s / 86'400) + "d"
                    : s % 3600 == 0 ? std::to_string(s / 3600) + "h"
                    : s % 60 == 0   ? std::to_string(s / 60) + "m"
                                    : std::to_string(s) + "s";
    out += "refresh = " + Quoted(d) + "\n";
  }
  if (!e.enabled) out += "enabled = false\n";
  const FetchOverrides& o = e.fetch;
  if (o.concurrency) out += "concurrency = " + std::to_string(*o.concurrency) + "\n";
  if (o.rate_per_s) {
    std::ostringstream v;
    v << toml::value<double>(*o.rate_per_s);
    out += "rate = " + v.str() + "\n";
  }
  if (o.connect_timeout_ms) out += "connect_timeout_ms = " + std::to_string(*o.connect_timeout_ms) + "\n";
  if (o.timeout_ms) out += "timeout_ms = " + std::to_string(*o.timeout_ms) + "\n";
  if (o.max_attempts) out += "max_attempts = " + std::to_string(*o.max_attempts) + "\n";
  if (o.max_body_bytes) out += "max_body_mb = " + std::to_string(*o.max_body_bytes >> 20) + "\n";
  if (o.max_streamed_body_bytes) {
    out += "max_streamed_body_mb = " + std::to_string(*o.max_streamed_body_bytes >> 20) + "\n";
  }
  if (o.robots) out += std::string("robots = ") + (*o.robots ? "true" : "false") + "\n";
  if (o.complete_listing) out += std::string("complete_listing = ") + (*o.complete_listing ? "true" : "false") + "\n";
  if (!o.headers.empty()) {
    out += "headers = {";
    for (size_t i = 0; i < o.headers.size(); ++i) {
      out += (i == 0 ? " " : ", ") + Quoted(o.headers[i].first) + " = " + Quoted(o.headers[i].second);
    }
    out += " }\n";
  }
  return out;
}

}  // namespace skillpulse
