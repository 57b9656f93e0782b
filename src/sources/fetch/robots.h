// robots.txt (RFC 9309, "Robots Exclusion Protocol", 2022): which paths of a host a crawler
// may fetch. The fetcher consults it for HTML pages (career pages, JSON-LD); the ATS board
// JSON APIs are APIs meant for programs and are not checked (see docs/FETCHING.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace skillpulse {

class RobotsTxt {
 public:
  // RFC 9309 §2.5: crawlers must parse at least the first 500 KiB; the rest is ignored.
  static constexpr size_t kMaxParsedBytes = 500 * 1024;

  // The rules of `body` that apply to `product_token` ("skillpulse"; case-insensitive):
  // every group whose user-agent names that token, else every "*" group (RFC 9309 §2.2.1,
  // groups naming the same agent are merged). Lines that are not "key: value" are ignored;
  // never fails.
  static RobotsTxt Parse(std::string_view body, std::string_view product_token);
  // No robots.txt (HTTP 4xx): everything is allowed (RFC 9309 §2.3.1.3).
  static RobotsTxt AllowAll();
  // robots.txt unreachable (5xx, network error after retries): nothing is allowed
  // (RFC 9309 §2.3.1.4). `reason` (why it was unreachable) goes into DescribeMatch.
  static RobotsTxt DisallowAll(std::string reason = "");

  // Whether `path_and_query` ("/jobs/12?x=1"; "" means "/") may be fetched: the longest
  // matching rule decides, allow winning a tie (RFC 9309 §2.2.2); "*" matches any run of
  // characters and a final "$" anchors the end. Percent-encoding is normalized on both
  // sides first. "/robots.txt" itself is always allowed.
  bool Allowed(std::string_view path_and_query) const;

  // The non-standard Crawl-delay of the chosen group, in seconds (honoured by the fetcher
  // as a minimum gap between requests to that host).
  std::optional<double> crawl_delay_s() const { return crawl_delay_s_; }
  // The rule that decided the last Allowed() == false, for messages ("Disallow: /jobs").
  std::string DescribeMatch(std::string_view path_and_query) const;

 private:
  struct Rule {
    std::string pattern;  // normalized; may contain '*' and a final '$'
    bool allow = false;
  };
  // The longest matching rule, or nullptr.
  const Rule* Match(std::string_view path_and_query) const;

  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_s_;
  bool disallow_all_ = false;
  std::string unreachable_reason_;
};

// The product token of a User-Agent string: its first run of letters, digits, '_' and '-'
// ("skillpulse/0.1 (+https://...)" -> "skillpulse").
std::string RobotsProductToken(std::string_view user_agent);

}  // namespace skillpulse
