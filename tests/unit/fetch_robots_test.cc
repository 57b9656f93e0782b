// robots.txt rules (RFC 9309): group selection, longest match, wildcards, encoding.
#include <gtest/gtest.h>

#include "sources/fetch/robots.h"

namespace skillpulse {
namespace {

// The example file of RFC 9309 §5.1.
constexpr std::string_view kRfcExample =
    "User-Agent: *\n"
    "Disallow: *.gif$\n"
    "Disallow: /example/\n"
    "Allow: /publications/\n"
    "\n"
    "User-Agent: foobot\n"
    "Disallow:/\n"
    "Allow:/example/page.html\n"
    "Allow:/example/allowed.gif\n"
    "\n"
    "User-Agent: barbot\n"
    "User-Agent: bazbot\n"
    "Disallow: /example/page.html\n"
    "\n"
    "User-Agent: quxbot\n";

TEST(Robots, Rfc9309ExampleForEachAgent) {
  RobotsTxt star = RobotsTxt::Parse(kRfcExample, "skillpulse");  // no group of its own: "*"
  EXPECT_FALSE(star.Allowed("/example/x.html"));
  EXPECT_TRUE(star.Allowed("/publications/2024.html"));
  EXPECT_FALSE(star.Allowed("/pics/a.gif"));
  EXPECT_TRUE(star.Allowed("/pics/a.gif?size=2"));  // "$" anchors the end
  EXPECT_TRUE(star.Allowed("/jobs"));

  RobotsTxt foo = RobotsTxt::Parse(kRfcExample, "foobot");
  EXPECT_FALSE(foo.Allowed("/jobs"));
  EXPECT_TRUE(foo.Allowed("/example/page.html"));
  EXPECT_TRUE(foo.Allowed("/example/allowed.gif"));
  EXPECT_FALSE(foo.Allowed("/example/other.html"));

  for (const char* agent : {"barbot", "bazbot"}) {
    RobotsTxt r = RobotsTxt::Parse(kRfcExample, agent);
    EXPECT_FALSE(r.Allowed("/example/page.html")) << agent;
    EXPECT_TRUE(r.Allowed("/example/other.html")) << agent;  // its own group: "*" does not apply
  }
  // A group with no rules allows everything.
  RobotsTxt qux = RobotsTxt::Parse(kRfcExample, "quxbot");
  EXPECT_TRUE(qux.Allowed("/example/page.html"));
}

TEST(Robots, LongestMatchWinsAndAllowWinsTies) {
  RobotsTxt r = RobotsTxt::Parse("User-agent: *\nDisallow: /\nAllow: /careers\nDisallow: /careers/internal\n"
                                 "Allow: /x\nDisallow: /x\n",
                                 "skillpulse");
  EXPECT_FALSE(r.Allowed("/"));
  EXPECT_TRUE(r.Allowed("/careers/engineer-42"));
  EXPECT_FALSE(r.Allowed("/careers/internal/1"));
  EXPECT_TRUE(r.Allowed("/x/y"));  // equal length: the least restrictive
  EXPECT_EQ(r.DescribeMatch("/careers/internal/1"), "Disallow: /careers/internal");
}

TEST(Robots, ProductTokenMatchingAndGroupMerging) {
  constexpr std::string_view body =
      "User-agent: SkillPulse/2.0\nDisallow: /a\n"
      "User-agent: *\nDisallow: /\n"
      "user-AGENT: skillpulse\nDisallow: /b\n";
  RobotsTxt r = RobotsTxt::Parse(body, "skillpulse");
  EXPECT_FALSE(r.Allowed("/a"));
  EXPECT_FALSE(r.Allowed("/b"));  // both groups naming us are merged
  EXPECT_TRUE(r.Allowed("/c"));   // "*" does not apply once we have a group
  EXPECT_EQ(RobotsProductToken("skillpulse/0.1 (+https://x.org)"), "skillpulse");
  EXPECT_EQ(RobotsProductToken("Mozilla/5.0"), "mozilla");
  EXPECT_EQ(RobotsProductToken("/weird"), "");
}

TEST(Robots, Wildcards) {
  RobotsTxt r = RobotsTxt::Parse("User-agent: *\nDisallow: /*/private/*.json$\nDisallow: /search*q=\n", "x");
  EXPECT_FALSE(r.Allowed("/team/private/list.json"));
  EXPECT_TRUE(r.Allowed("/team/private/list.json.bak"));
  EXPECT_TRUE(r.Allowed("/team/public/list.json"));
  EXPECT_FALSE(r.Allowed("/search?page=2&q=rust"));
  EXPECT_TRUE(r.Allowed("/search?page=2"));
  // Many stars cannot blow up (no backtracking).
  std::string many = "User-agent: *\nDisallow: /" + std::string(2000, '*') + "a$\n";
  RobotsTxt m = RobotsTxt::Parse(many, "x");
  EXPECT_TRUE(m.Allowed("/" + std::string(5000, 'b')));
  EXPECT_FALSE(m.Allowed("/" + std::string(5000, 'b') + "a"));
}

TEST(Robots, PercentEncodingIsNormalized) {
  RobotsTxt r = RobotsTxt::Parse("User-agent: *\nDisallow: /%7ejoe/\nDisallow: /caf\xC3\xA9\nDisallow: /a%2fb\n"
                                 "Disallow: /star%2A\nDisallow: /cost$$\n",
                                 "x");
  EXPECT_FALSE(r.Allowed("/~joe/index.html"));   // %7E is unreserved '~'
  EXPECT_FALSE(r.Allowed("/%7Ejoe/index.html"));
  EXPECT_FALSE(r.Allowed("/caf%C3%A9/menu"));    // UTF-8 in the rule is percent-encoded
  EXPECT_FALSE(r.Allowed("/caf\xC3\xA9/menu"));
  EXPECT_FALSE(r.Allowed("/a%2Fb"));             // %2F stays encoded (reserved)...
  EXPECT_TRUE(r.Allowed("/a/b"));                // ...so it is not "/a/b"
  EXPECT_FALSE(r.Allowed("/star*"));             // a literal '*' in a URL matches %2A
  EXPECT_FALSE(r.Allowed("/cost$"));             // only the final '$' is an anchor
  EXPECT_TRUE(r.Allowed("/cost$x"));
}

TEST(Robots, ParsingIsForgiving) {
  constexpr std::string_view body =
      "\xEF\xBB\xBF# a comment\r\n"
      "Disallow: /before-any-agent\r\n"
      "User-agent: * # trailing comment\r\n"
      "Disallow: /private # why\r\n"
      "Crawl-delay: 2.5\r\n"
      "Sitemap: https://x.org/sitemap.xml\r\n"
      "this line has no colon\r\n"
      "Disallow:\r\n";
  RobotsTxt r = RobotsTxt::Parse(body, "skillpulse");
  EXPECT_TRUE(r.Allowed("/before-any-agent"));
  EXPECT_FALSE(r.Allowed("/private/x"));
  EXPECT_TRUE(r.Allowed("/public"));
  ASSERT_TRUE(r.crawl_delay_s().has_value());
  EXPECT_DOUBLE_EQ(*r.crawl_delay_s(), 2.5);
  EXPECT_FALSE(RobotsTxt::Parse("User-agent: *\nCrawl-delay: soon\n", "x").crawl_delay_s().has_value());
  EXPECT_TRUE(RobotsTxt::Parse("", "x").Allowed("/anything"));
  EXPECT_TRUE(RobotsTxt::Parse(std::string(3, '\0') + "\n\n\xFF\xFE", "x").Allowed("/a"));
}

TEST(Robots, UnreachableAndMissingFiles) {
  EXPECT_TRUE(RobotsTxt::AllowAll().Allowed("/jobs"));
  EXPECT_FALSE(RobotsTxt::DisallowAll().Allowed("/jobs"));
  EXPECT_TRUE(RobotsTxt::DisallowAll().Allowed("/robots.txt"));
  RobotsTxt all = RobotsTxt::Parse("User-agent: *\nDisallow: /\n", "x");
  EXPECT_TRUE(all.Allowed("/robots.txt"));
  EXPECT_FALSE(all.Allowed(""));  // "" is "/"
}

TEST(Robots, OnlyTheFirst500KiBAreParsed) {
  std::string body = "User-agent: *\n";
  while (body.size() < RobotsTxt::kMaxParsedBytes) body += "# padding padding padding padding padding\n";
  body += "Disallow: /late\n";
  EXPECT_TRUE(RobotsTxt::Parse(body, "x").Allowed("/late"));
}

}  // namespace
}  // namespace skillpulse
