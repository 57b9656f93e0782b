// sources.toml: parsing, validation, specs with fetch settings, and `sources add` output.
#include <gtest/gtest.h>

#include <set>

#include "core/input.h"
#include "sources/fetch/session.h"
#include "sources/source_config.h"
#include "test_util.h"

namespace skillpulse {
namespace {

constexpr std::string_view kConfig = R"toml(
user_agent = "skillpulse/0.1"
contact = "https://example.org/crawler"

[fetch]
max_connections = 48
per_host_connections = 4
per_host_rate = 2.5
connect_timeout_ms = 3000
timeout_ms = 20000
max_body_mb = 64
max_attempts = 3
backoff_base_ms = 100
backoff_max_ms = 5000
max_retry_after_s = 60
breaker_failures = 4
breaker_cooldown_s = 10
http2 = false

[[source]]
name = "OpenAI"
type = "ashby"
token = "openai"
refresh = "6h"
concurrency = 2
rate = 0.5
timeout_ms = 9000
connect_timeout_ms = 1500
max_attempts = 5
max_body_mb = 8
robots = true
complete_listing = false
headers = { Accept = "application/json", X-Team = "data" }

[[source]]
type = "hn"
location = "latest:2"
enabled = false

[[source]]
url = "https://boards.example.com/posting-api/job-board/acme"
source = "acme-mirror"
refresh = 900
)toml";

TEST(SourcesConfig, ParsesGlobalsDefaultsAndEntries) {
  auto c = ParseSourcesConfig(kConfig, "sources.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->UserAgentHeader(), "skillpulse/0.1 (+https://example.org/crawler)");
  EXPECT_EQ(c->fetcher.user_agent, "skillpulse/0.1 (+https://example.org/crawler)");
  EXPECT_EQ(c->fetcher.max_connections, 48);
  EXPECT_EQ(c->fetcher.per_host_connections, 4);
  EXPECT_DOUBLE_EQ(c->fetcher.per_host_rate_per_s, 2.5);
  EXPECT_FALSE(c->fetcher.http2);
  EXPECT_EQ(c->fetcher.defaults.connect_timeout_ms, 3000);
  EXPECT_EQ(c->fetcher.defaults.timeout_ms, 20000);
  EXPECT_EQ(c->fetcher.defaults.max_body_bytes, size_t{64} << 20);
  EXPECT_EQ(c->fetcher.defaults.max_attempts, 3);
  EXPECT_EQ(c->fetcher.defaults.backoff.base_ms, 100);
  EXPECT_EQ(c->fetcher.defaults.backoff.max_ms, 5000);
  EXPECT_EQ(c->fetcher.defaults.max_retry_after_ms, 60'000);
  EXPECT_EQ(c->fetcher.breaker.failure_threshold, 4);
  EXPECT_EQ(c->fetcher.breaker.cooldown_ms, 10'000);
  ASSERT_EQ(c->sources.size(), 3u);

  const SourceEntry& a = c->sources[0];
  EXPECT_EQ(a.Spec(), "ashby:openai");
  EXPECT_EQ(a.Label(), "OpenAI");
  EXPECT_EQ(a.refresh_s, 6 * 3600);
  EXPECT_EQ(a.line, 20);  // the [[source]] header line
  EXPECT_EQ(a.fetch.concurrency, 2);
  EXPECT_EQ(a.fetch.rate_per_s, 0.5);
  EXPECT_EQ(a.fetch.timeout_ms, 9000);
  EXPECT_EQ(a.fetch.max_body_bytes, int64_t{8} << 20);
  EXPECT_EQ(a.fetch.robots, true);
  EXPECT_EQ(a.fetch.complete_listing, false);
  ASSERT_EQ(a.fetch.headers.size(), 2u);
  EXPECT_EQ(a.fetch.headers[0].first, "Accept");
  EXPECT_EQ(a.fetch.headers[1].second, "data");
  EXPECT_FALSE(c->sources[1].enabled);
  EXPECT_EQ(c->sources[1].Spec(), "hn:latest:2");
  EXPECT_EQ(c->sources[2].type, "");
  EXPECT_EQ(c->sources[2].refresh_s, 900);
  EXPECT_EQ(c->sources[2].source, "acme-mirror");
}

TEST(SourcesConfig, SpecsCarryTheMergedPolicyAndStoredNames) {
  auto c = ParseSourcesConfig(kConfig);
  ASSERT_TRUE(c.ok());
  const SourceRegistry& reg = SourceRegistry::Builtin();
  EXPECT_TRUE(ValidateSourcesConfig(*c, reg).empty());
  auto spec = ToSourceSpec(c->sources[0], *c, reg);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->type, "ashby");
  EXPECT_EQ(spec->location, "openai");
  EXPECT_EQ(spec->raw, "OpenAI");
  EXPECT_EQ(spec->name, "ashby:openai");  // the stored key, not the display name
  ASSERT_TRUE(spec->fetch && spec->fetch->policy);
  const FetchPolicy& p = *spec->fetch->policy;
  EXPECT_EQ(p.max_concurrency, 2);
  EXPECT_DOUBLE_EQ(p.rate_per_s, 0.5);
  EXPECT_EQ(p.timeout_ms, 9000);
  EXPECT_EQ(p.connect_timeout_ms, 1500);
  EXPECT_EQ(p.max_attempts, 5);
  EXPECT_EQ(p.max_body_bytes, size_t{8} << 20);
  EXPECT_EQ(p.backoff.base_ms, 100);  // not overridden: the [fetch] default
  EXPECT_EQ(spec->fetch->robots, true);
  EXPECT_EQ(spec->fetch->complete_listing, false);
  EXPECT_EQ(StoredSourceName(c->sources[2], reg), "acme-mirror");
  EXPECT_EQ(StoredSourceName(c->sources[1], reg), "hn");
  auto mirror = ToSourceSpec(c->sources[2], *c, reg);
  ASSERT_TRUE(mirror.ok());
  EXPECT_EQ(mirror->name, "acme-mirror");
  // An untyped URL with Ashby's API path shape is Ashby on any host (issue 4's addressing contract).
  EXPECT_EQ(mirror->type, "ashby");
}

// max_body_mb caps every body, whole or streamed; max_streamed_body_mb sets the streamed
// cap alone, in either order; without either, streams may be 16 GiB (FetchPolicy).
TEST(SourcesConfig, BodyLimitsForWholeAndStreamedBodies) {
  const SourceRegistry& reg = SourceRegistry::Builtin();
  auto none = ParseSourcesConfig("[[source]]\ntype = \"ashby\"\ntoken = \"a\"\n");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->fetcher.defaults.max_body_bytes, size_t{256} << 20);
  EXPECT_EQ(none->fetcher.defaults.max_streamed_body_bytes, uint64_t{16} << 30);
  auto both = ParseSourcesConfig("[fetch]\nmax_streamed_body_mb = 4096\nmax_body_mb = 64\n");
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_EQ(both->fetcher.defaults.max_body_bytes, size_t{64} << 20);
  EXPECT_EQ(both->fetcher.defaults.max_streamed_body_bytes, uint64_t{4096} << 20);
  auto one = ParseSourcesConfig("[fetch]\nmax_body_mb = 64\n");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->fetcher.defaults.max_streamed_body_bytes, uint64_t{64} << 20);
  auto per_source = ParseSourcesConfig(
      "[[source]]\ntype = \"ashby\"\ntoken = \"a\"\nmax_body_mb = 8\n"
      "[[source]]\ntype = \"ashby\"\ntoken = \"b\"\nmax_streamed_body_mb = 2048\nmax_body_mb = 8\n");
  ASSERT_TRUE(per_source.ok()) << per_source.status().ToString();
  auto a = ToSourceSpec(per_source->sources[0], *per_source, reg);
  auto b = ToSourceSpec(per_source->sources[1], *per_source, reg);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->fetch->policy->max_body_bytes, size_t{8} << 20);
  EXPECT_EQ(a->fetch->policy->max_streamed_body_bytes, uint64_t{8} << 20);
  EXPECT_EQ(b->fetch->policy->max_body_bytes, size_t{8} << 20);
  EXPECT_EQ(b->fetch->policy->max_streamed_body_bytes, uint64_t{2048} << 20);
  EXPECT_NE(FormatSourceEntry(per_source->sources[1]).find("max_streamed_body_mb = 2048\n"), std::string::npos);
  EXPECT_FALSE(ParseSourcesConfig("[fetch]\nmax_streamed_body_mb = 0\n").ok());
}

TEST(SourcesConfig, ErrorsNameTheLine) {
  struct Case {
    const char* toml;
    const char* needle;
  };
  const Case cases[] = {
      {"[[source]]\ntype = \"ashby\"\ntokn = \"x\"\n", "sources.toml:3: unknown key 'tokn'"},
      {"[[source]]\ntype = \"ashby\"\n", "needs one of token, url, path"},
      {"[[source]]\ntype = \"ashby\"\ntoken = \"a\"\nurl = \"https://x\"\n", "only one of"},
      {"[[source]]\ntype = \"ashby\"\ntoken = \"\"\n", "empty"},
      {"[[source]]\nurl = \"ftp://x\"\n", "url must start with http"},
      {"[fetch]\nmax_connections = 0\n", "sources.toml:2: max_connections must be between 1 and 4096"},
      {"[fetch]\ntimeout_ms = \"fast\"\n", "timeout_ms must be an integer"},
      {"[fetch]\nper_host_rate = -1\n", "per_host_rate must be between"},
      {"[fetch]\nhttp3 = true\n", "unknown key 'http3' in [fetch]"},
      {"[[source]]\ntype = \"ashby\"\ntoken = \"a\"\nrefresh = \"soon\"\n", "refresh must be a duration"},
      {"[[source]]\ntype = \"ashby\"\ntoken = \"a\"\nheaders = \"Accept: x\"\n", "headers must be a table"},
      {"[[source]]\ntype = \"ashby\"\ntoken = \"a\"\nheaders = { \"Bad Name\" = \"x\" }\n", "is not a token"},
      {"user_agent = \"/0.1\"\n", "product token"},
      {"source = 3\n", "sources are written [[source]]"},
      {"colour = \"blue\"\n", "unknown key 'colour'"},
      {"[[source]\n", "sources.toml:1:"},
  };
  for (const Case& c : cases) {
    auto r = ParseSourcesConfig(c.toml, "sources.toml");
    ASSERT_FALSE(r.ok()) << c.toml;
    EXPECT_EQ(r.status().code(), StatusCode::kParseError) << c.toml;
    EXPECT_NE(r.status().message().find(c.needle), std::string::npos) << c.toml << " -> " << r.status().message();
  }
}

TEST(SourcesConfig, ValidationFindsUnknownTypesUnaddressableTokensAndClashes) {
  auto c = ParseSourcesConfig(
      "[[source]]\ntype = \"monster\"\ntoken = \"x\"\n"
      "[[source]]\ntype = \"csv\"\npath = \"/no/such/file.csv\"\n"
      "[[source]]\ntype = \"ashby\"\ntoken = \"acme\"\n"
      "[[source]]\ntype = \"ashby\"\ntoken = \"acme\"\nname = \"again\"\n"
      "[[source]]\ntoken = \"not-a-url\"\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto problems = ValidateSourcesConfig(*c, SourceRegistry::Builtin());
  ASSERT_EQ(problems.size(), 4u) << ::testing::PrintToString(problems);
  EXPECT_NE(problems[0].find("unknown type 'monster'"), std::string::npos);
  EXPECT_NE(problems[1].find("neither a csv token"), std::string::npos);
  EXPECT_NE(problems[2].find("same source 'ashby:acme'"), std::string::npos);
  EXPECT_NE(problems[3].find("needs a type"), std::string::npos);
}

TEST(SourcesConfig, Durations) {
  EXPECT_EQ(ParseDurationSeconds("90s"), 90);
  EXPECT_EQ(ParseDurationSeconds("30m"), 1800);
  EXPECT_EQ(ParseDurationSeconds("6h"), 21600);
  EXPECT_EQ(ParseDurationSeconds("1d"), 86400);
  EXPECT_EQ(ParseDurationSeconds("3600"), 3600);
  for (const char* bad : {"", "h", "6x", "-1h", "1.5h", "9999999999d"}) EXPECT_FALSE(ParseDurationSeconds(bad)) << bad;
}

TEST(SourcesConfig, FormattedEntryParsesBackToTheSameEntry) {
  SourceEntry e;
  e.type = "ashby";
  e.location = "acme \"quoted\"";
  e.name = "Acme, Inc. — Ünïcode";
  e.source = "ashby:acme";
  e.refresh_s = 7200;
  e.enabled = false;
  e.fetch.concurrency = 3;
  e.fetch.rate_per_s = 1.5;
  e.fetch.timeout_ms = 1234;
  e.fetch.robots = false;
  e.fetch.headers = {{"Accept", "application/json"}};
  std::string text = FormatSourceEntry(e);
  auto c = ParseSourcesConfig(text);
  ASSERT_TRUE(c.ok()) << c.status().ToString() << "\n" << text;
  ASSERT_EQ(c->sources.size(), 1u);
  const SourceEntry& b = c->sources[0];
  EXPECT_EQ(b.type, e.type);
  EXPECT_EQ(b.location, e.location);
  EXPECT_EQ(b.name, e.name);
  EXPECT_EQ(b.source, e.source);
  EXPECT_EQ(b.refresh_s, 7200);
  EXPECT_FALSE(b.enabled);
  EXPECT_EQ(b.fetch.concurrency, 3);
  EXPECT_EQ(b.fetch.rate_per_s, 1.5);
  EXPECT_EQ(b.fetch.timeout_ms, 1234);
  EXPECT_EQ(b.fetch.robots, false);
  EXPECT_EQ(b.fetch.headers, e.fetch.headers);
}

TEST(SourcesConfig, ShippedExampleParses) {
  auto c = LoadSourcesConfig(std::string(SP_TESTS_DIR) + "/../config/sources.example.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_GE(c->sources.size(), 30u);
  std::set<std::string> types;
  for (const auto& e : c->sources) types.insert(e.type);
  EXPECT_EQ(types, (std::set<std::string>{"ashby", "greenhouse", "lever", "hn"}));
  // On a build without the greenhouse/lever formats only those entries are problems.
  for (const auto& p : ValidateSourcesConfig(*c, SourceRegistry::Builtin())) {
    EXPECT_TRUE(p.find("unknown type 'greenhouse'") != std::string::npos ||
                p.find("unknown type 'lever'") != std::string::npos)
        << p;
  }
}

}  // namespace
}  // namespace skillpulse
