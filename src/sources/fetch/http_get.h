// A single blocking HTTP GET, for code that needs one URL and nothing else: a thin wrapper
// over the Fetcher (fetch/fetcher.h) with one attempt. Sources are fetched through
// FetchSession (fetch/session.h) instead: concurrently, politely, archived.
#pragma once

#include <string>

#include "core/status.h"

namespace skillpulse {

struct HttpGetOptions {
  long connect_timeout_ms = 10'000;
  long total_timeout_ms = 60'000;
  size_t max_body_bytes = size_t{512} << 20;
  std::string user_agent = "skillpulse/0.1 (+https://github.com/skillpulse/skillpulse)";
};

// GETs `url` (following redirects; gzip/brotli accepted; the body limit counts decompressed
// bytes). Non-2xx statuses are errors (kNotFound for 404/410, kUnavailable for 429/5xx,
// kInvalidArgument otherwise).
Result<std::string> HttpGet(const std::string& url, const HttpGetOptions& options = {});

// True for "http://..." and "https://..." (case-insensitive scheme).
bool IsHttpUrl(std::string_view s);

}  // namespace skillpulse
