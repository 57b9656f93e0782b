// HTTP-date and Retry-After parsing (sources/fetch/retry.h): never crashes, and every date it
// accepts formats back to the same instant.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sources/fetch/retry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto t = skillpulse::ParseHttpDate(in)) {
    auto again = skillpulse::ParseHttpDate(skillpulse::FormatHttpDate(*t));
    if (!again || *again != *t) __builtin_trap();
  }
  if (auto ms = skillpulse::ParseRetryAfterMs(in, 1'700'000'000'000)) {
    if (*ms < 0) __builtin_trap();
  }
  skillpulse::BackoffPolicy p;
  int64_t d = skillpulse::BackoffDelayMs(static_cast<int>(size), p, size > 0 ? data[0] / 255.0 : 0.0);
  if (d < 0 || d > p.max_ms) __builtin_trap();
  return 0;
}
