// Fuzzes URL canonicalization and ATS job keys (dedup/url.h): any bytes, no crash, and the
// canonical form is a fixed point (canonicalizing it again changes nothing).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "dedup/normalize.h"
#include "dedup/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skillpulse;
  static const auto rules = DedupRules::Default();
  const std::string url(reinterpret_cast<const char*>(data), size);
  const std::string canonical = CanonicalUrl(url, *rules);
  if (!canonical.empty() && CanonicalUrl(canonical, *rules) != canonical) std::abort();
  (void)AtsJobKey(url);
  size_t cut = size / 2;
  (void)PostingUrlKey(url.substr(0, cut), url.substr(cut), *rules);
  return 0;
}
