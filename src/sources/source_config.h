// sources.toml: the live sources an operator runs, and how politely to fetch them.
// Format (docs/FETCHING.md; example: config/sources.example.toml):
//
//   user_agent = "skillpulse/0.1"              # sent as "user_agent (+contact)"
//   contact = "https://example.org/about-our-crawler"
//   [fetch]                                    # global limits and per-request defaults
//   max_connections = 32                       # requests in flight, all hosts
//   per_host_connections = 6                   # requests in flight per host
//   per_host_rate = 5.0                        # request starts per second per host (0 = off)
//   connect_timeout_ms = 10000    timeout_ms = 60000
//   max_body_mb = 256             # every body, decompressed (whole or streamed)
//   max_streamed_body_mb = 16384  # streamed bodies only (default: max_body_mb when given, else 16 GiB)
//   max_attempts = 4   backoff_base_ms = 500   backoff_max_ms = 30000   max_retry_after_s = 120
//   breaker_failures = 5          breaker_cooldown_s = 30            http2 = true
//   [[source]]
//   type = "ashby"                             # a registered format
//   token = "openai"                           # or url = "https://...", or path = "file.json"
//   name = "OpenAI"                            # display name (messages); optional
//   source = "ashby:openai"                    # stored source key; default TYPE:TOKEN
//   refresh = "6h"                             # fetch at most this often (s, m, h, d); default every run
//   enabled = true
//   concurrency = 2   rate = 1.0   timeout_ms = 30000   connect_timeout_ms = 5000
//   max_attempts = 3  max_body_mb = 64   max_streamed_body_mb = 4096
//   robots = false    complete_listing = true
//   headers = { Accept = "application/json" }
//
// Unknown keys are errors (a typo must not silently drop a setting).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "sources/fetch/fetcher.h"
#include "sources/source.h"

namespace skillpulse {

// Per-source overrides of the [fetch] defaults.
struct FetchOverrides {
  std::optional<int> concurrency;
  std::optional<double> rate_per_s;
  std::optional<int64_t> connect_timeout_ms;
  std::optional<int64_t> timeout_ms;
  std::optional<int> max_attempts;
  std::optional<int64_t> max_body_bytes;           // every body (whole or streamed)
  std::optional<int64_t> max_streamed_body_bytes;  // streamed bodies (applied after max_body_bytes)
  HttpHeaders headers;
  std::optional<bool> robots;
  std::optional<bool> complete_listing;
};

struct SourceEntry {
  std::string type;        // a registered format ("ashby")
  std::string location;    // token, URL or path
  std::string name;        // display name for messages; "" = the spec
  std::string source;      // stored source key; "" = derived (DefaultListingName)
  int64_t refresh_s = 0;   // fetch at most this often; 0 = every run
  bool enabled = true;
  FetchOverrides fetch;
  int64_t line = 0;        // where the entry starts in the file (messages)

  // "TYPE:LOCATION" (or LOCATION when no type was given).
  std::string Spec() const { return type.empty() ? location : type + ":" + location; }
  // Name for messages: the display name, else the spec.
  std::string Label() const { return name.empty() ? Spec() : name; }
};

struct SourcesConfig {
  std::string user_agent = "skillpulse/0.1";
  std::string contact = "https://github.com/skillpulse/skillpulse";
  FetcherOptions fetcher;  // global limits; fetcher.defaults = the [fetch] request defaults
  std::vector<SourceEntry> sources;

  // The User-Agent header: "user_agent (+contact)".
  std::string UserAgentHeader() const;
};

// Parses sources.toml text. `origin` names the file in messages. kParseError with the line
// for malformed TOML, unknown keys, wrong types and out-of-range values.
Result<SourcesConfig> ParseSourcesConfig(std::string_view text, std::string_view origin = "sources.toml");
Result<SourcesConfig> LoadSourcesConfig(const std::string& path);

// Problems a parse cannot see: unknown types, a typed location the format cannot address,
// two entries storing under the same source key. One message per problem ("" = none).
std::vector<std::string> ValidateSourcesConfig(const SourcesConfig& config, const SourceRegistry& registry);

// The pipeline's spec for an entry, with its fetch settings (SourceSpec::fetch).
Result<SourceSpec> ToSourceSpec(const SourceEntry& entry, const SourcesConfig& config, const SourceRegistry& registry);
// The source key an entry's postings are stored under; "" for a page whose postings keep
// their format's own name (decided when the body's format is sniffed).
std::string StoredSourceName(const SourceEntry& entry, const SourceRegistry& registry);

// The key of the entry's last success in the fetch state (the name of its listing,
// ListingOutcome::source): the stored source name, else host/path for a page.
std::string RefreshKey(const SourceEntry& entry, const SourceRegistry& registry);

// "90s", "30m", "6h", "1d", "3600" (seconds) -> seconds; nullopt when malformed.
std::optional<int64_t> ParseDurationSeconds(std::string_view s);

// The TOML text of one [[source]] entry (what `sources add` appends), ending in a newline.
std::string FormatSourceEntry(const SourceEntry& entry);

}  // namespace skillpulse
