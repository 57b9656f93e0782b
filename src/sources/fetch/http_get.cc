#include "sources/fetch/http_get.h"

#include "core/text.h"
#include "sources/fetch/fetcher.h"

namespace skillpulse {

bool IsHttpUrl(std::string_view s) {
  return StartsWithIgnoreAsciiCase(s, "http://") || StartsWithIgnoreAsciiCase(s, "https://");
}

Result<std::string> HttpGet(const std::string& url, const HttpGetOptions& options) {
  FetcherOptions o;
  o.user_agent = options.user_agent;
  o.defaults.connect_timeout_ms = options.connect_timeout_ms;
  o.defaults.timeout_ms = options.total_timeout_ms;
  o.defaults.max_body_bytes = options.max_body_bytes;
  o.defaults.max_attempts = 1;
  Fetcher fetcher(o);
  FetchRequest req;
  req.url = url;
  FetchResult r = fetcher.FetchSync(std::move(req));
  if (!r.status.ok()) return r.status;
  return std::string(*r.body);
}

}  // namespace skillpulse
