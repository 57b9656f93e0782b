// A single blocking HTTP GET (libcurl easy interface), for fetching one URL given on the
// command line. The concurrent, polite fetcher lives beside it (fetch/fetcher.h).
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

// GETs `url` (following redirects; gzip/brotli accepted). Non-2xx statuses are errors
// (kNotFound for 404/410, kUnavailable for 429/5xx, kInvalidArgument otherwise).
Result<std::string> HttpGet(const std::string& url, const HttpGetOptions& options = {});

// True for "http://..." and "https://..." (case-insensitive scheme).
bool IsHttpUrl(std::string_view s);

}  // namespace skillpulse
