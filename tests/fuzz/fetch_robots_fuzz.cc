// robots.txt parsing and matching (sources/fetch/robots.h). The first line of the input is
// the path to test, the rest the robots.txt body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sources/fetch/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view path = nl == std::string_view::npos ? in : in.substr(0, nl);
  std::string_view body = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
  for (std::string_view agent : {"skillpulse", "*", ""}) {
    skillpulse::RobotsTxt r = skillpulse::RobotsTxt::Parse(body, agent);
    bool allowed = r.Allowed(path);
    (void)r.DescribeMatch(path);
    (void)r.crawl_delay_s();
    if (path == "/robots.txt" && !allowed) __builtin_trap();  // always allowed (RFC 9309)
  }
  (void)skillpulse::RobotsProductToken(path);
  return 0;
}
