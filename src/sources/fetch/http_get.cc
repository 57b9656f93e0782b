#include "sources/fetch/http_get.h"

#include <curl/curl.h>

#include <mutex>

#include "core/text.h"

namespace skillpulse {
namespace {

struct Body {
  std::string data;
  size_t max_bytes;
  bool too_big = false;
};

size_t OnData(char* ptr, size_t size, size_t nmemb, void* user) {
  auto* body = static_cast<Body*>(user);
  size_t n = size * nmemb;
  if (body->data.size() + n > body->max_bytes) {
    body->too_big = true;
    return 0;  // aborts the transfer
  }
  body->data.append(ptr, n);
  return n;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

bool IsHttpUrl(std::string_view s) {
  return StartsWithIgnoreAsciiCase(s, "http://") || StartsWithIgnoreAsciiCase(s, "https://");
}

Result<std::string> HttpGet(const std::string& url, const HttpGetOptions& options) {
  GlobalInit();
  CURL* h = curl_easy_init();
  if (h == nullptr) return Internal("curl_easy_init failed");
  Body body{std::string(), options.max_body_bytes};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl supports
  curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options.total_timeout_ms);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnData);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
  CURLcode rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(h);
  if (body.too_big) {
    return ResourceExhausted(url + ": body larger than " + std::to_string(options.max_body_bytes) + " bytes");
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) return DeadlineExceeded(url + ": " + curl_easy_strerror(rc));
  if (rc != CURLE_OK) return Unavailable(url + ": " + curl_easy_strerror(rc));
  if (status < 200 || status >= 300) {
    std::string msg = url + ": HTTP " + std::to_string(status);
    if (status == 404 || status == 410) return NotFound(msg);
    if (status == 429 || status >= 500) return Unavailable(msg);
    return InvalidArgument(msg);
  }
  return std::move(body.data);
}

}  // namespace skillpulse
