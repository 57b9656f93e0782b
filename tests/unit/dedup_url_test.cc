// URL canonicalization and ATS job keys. The URLs are real: pairs of Simplify listings
// (/work/shared/data/simplify_listings/*.json.gz, field "url") that point at the same job
// through different hosts, suffixes and tracking parameters, and near misses that do not.
#include <gtest/gtest.h>

#include "dedup/normalize.h"
#include "dedup/url.h"

namespace skillpulse {
namespace {

const DedupRules& Rules() { return *DedupRules::Default(); }

TEST(AtsJobKey, GreenhouseBoardHostsEmbedAndCompanyPagesAgree) {
  // new_grad listings c5222dbe... and 8855647d... (Konrad Group).
  EXPECT_EQ(AtsJobKey("https://boards.greenhouse.io/embed/job_app?token=5893276003"), "greenhouse:5893276003");
  EXPECT_EQ(AtsJobKey("https://www.konrad.com/careers/job/5893276003?gh_jid=5893276003"), "greenhouse:5893276003");
  // NewsBreak: boards. vs job-boards.
  EXPECT_EQ(AtsJobKey("https://boards.greenhouse.io/newsbreak/jobs/4054592006"), "greenhouse:4054592006");
  EXPECT_EQ(AtsJobKey("https://job-boards.greenhouse.io/newsbreak/jobs/4054592006"), "greenhouse:4054592006");
  // Tracking suffixes: ?gh_src=, ?t=, a bare '?'.
  EXPECT_EQ(AtsJobKey("https://boards.greenhouse.io/skydio/jobs/5639641003?gh_src=b2366f993us"), "greenhouse:5639641003");
  EXPECT_EQ(AtsJobKey("https://boards.greenhouse.io/transmarketgroup/jobs/4023644007?t=295a85457us"),
            "greenhouse:4023644007");
  EXPECT_EQ(AtsJobKey("https://boards.greenhouse.io/databento/jobs/4374815?"), "greenhouse:4374815");
  EXPECT_EQ(AtsJobKey("https://boards.greenhouse.io/embed/job_app?token=5269266&gh_src=240b46771"), "greenhouse:5269266");
  // Board token differs ("Asana Early Career Programs" vs asana.com): the id is global.
  EXPECT_EQ(AtsJobKey("https://boards.greenhouse.io/earlycareerprograms/jobs/5175558"), "greenhouse:5175558");
  EXPECT_EQ(AtsJobKey("https://www.asana.com/jobs/apply/5175558?gh_jid=5175558"), "greenhouse:5175558");
  // Career pages that carry only gh_jid.
  EXPECT_EQ(AtsJobKey("https://www.cerebras.net/career/?gh_jid=5728745003"), "greenhouse:5728745003");
  EXPECT_EQ(AtsJobKey("https://www.cerebras.net/careers/?gh_jid=5728745003"), "greenhouse:5728745003");
}

TEST(AtsJobKey, LeverAshbySmartRecruitersWorkable) {
  EXPECT_EQ(AtsJobKey("https://jobs.lever.co/palantir/e27af7ab-41fc-40c9-b31d-02c6cb1c505c/apply"),
            "lever:e27af7ab-41fc-40c9-b31d-02c6cb1c505c");
  EXPECT_EQ(AtsJobKey("https://jobs.lever.co/palantir/e27af7ab-41fc-40c9-b31d-02c6cb1c505c"),
            "lever:e27af7ab-41fc-40c9-b31d-02c6cb1c505c");
  EXPECT_EQ(AtsJobKey("https://jobs.lever.co/lucidmotors/eebc7335-8d0c-4c96-93f9-0ed12ebaa086?lever-source%255B%255D="
                      "LinkedIn&lever-source%5B%5D=LinkedIn&lever-origin=applied"),
            "lever:eebc7335-8d0c-4c96-93f9-0ed12ebaa086");
  EXPECT_EQ(AtsJobKey("https://jobs.ashbyhq.com/ramp/29663a4b-c457-4a38-bbdf-069f189b20eb/application"),
            "ashby:29663a4b-c457-4a38-bbdf-069f189b20eb");
  EXPECT_EQ(AtsJobKey("https://jobs.ashbyhq.com/ramp/29663a4b-c457-4a38-bbdf-069f189b20eb"),
            "ashby:29663a4b-c457-4a38-bbdf-069f189b20eb");
  // Organization name case does not matter ("Athelas").
  EXPECT_EQ(AtsJobKey("https://jobs.ashbyhq.com/Athelas/ecf25b57-433f-4918-ae71-9c317972003b/application"),
            "ashby:ecf25b57-433f-4918-ae71-9c317972003b");
  EXPECT_EQ(AtsJobKey("https://jobs.smartrecruiters.com/Visa/743999927523368-software-engineer-intern-summer-2024"
                      "?source=LinkedIn"),
            "smartrecruiters:743999927523368");
  EXPECT_EQ(AtsJobKey("https://jobs.smartrecruiters.com/Visa/743999927523368"), "smartrecruiters:743999927523368");
  EXPECT_EQ(AtsJobKey("https://apply.workable.com/futureplc/j/A4ED85D19C/apply"), "workable:futureplc:A4ED85D19C");
}

TEST(AtsJobKey, WorkdayKeepsTenantAndPostingSuffix) {
  // Sensata: with and without the locale segment.
  EXPECT_EQ(AtsJobKey("https://sensata.wd1.myworkdayjobs.com/Sensata-Careers/job/Attleboro-Massachusetts/"
                      "Software-Engineer-Intern--Summer-2024_IRC90446"),
            "workday:sensata:IRC90446");
  EXPECT_EQ(AtsJobKey("https://sensata.wd1.myworkdayjobs.com/en-US/Sensata-Careers/job/Attleboro-Massachusetts/"
                      "Software-Engineer-Intern--Summer-2024_IRC90446"),
            "workday:sensata:IRC90446");
  // No location segment.
  EXPECT_EQ(AtsJobKey("https://shipt.wd1.myworkdayjobs.com/en-US/Shipt_External/job/Data-Scientist_R3297"),
            "workday:shipt:R3297");
  // "-1" is Workday's copy of a requisition for another posting: kept.
  EXPECT_EQ(AtsJobKey("https://nvidia.wd5.myworkdayjobs.com/en-us/nvidiaexternalcareersite/job/US-CA-Santa-Clara/"
                      "System-Software-Engineer--Graphics-Developer-Tool---New-College-Grad-2024_JR1981743-1"),
            "workday:nvidia:JR1981743-1");
  // myworkdaysite.com carries the tenant in the path.
  EXPECT_EQ(AtsJobKey("https://wd1.myworkdaysite.com/recruiting/snapchat/snap/job/Seattle-Washington/"
                      "Software-Engineer--Full-Stack--New-Grad-Engineer_R0037143-1"),
            "workday:snapchat:R0037143-1");
  // Northrop Grumman: two listings whose query strings mention the same redirect target are
  // two different requisitions (R10122550, R10122712): the path decides, not the query.
  EXPECT_EQ(AtsJobKey("https://ngc.wd1.myworkdayjobs.com/en-US/Northrop_Grumman_External_Site/job/"
                      "XMLNAME-2024-Software-Engineer-Intern--Woodland-Hills--CA_R10122550?redirect=%252FNorthrop_Grumman_"
                      "External_Site%252Fjob&source=APPLICANT_SOURCE-3-436"),
            "workday:ngc:R10122550");
  EXPECT_EQ(AtsJobKey("https://ngc.wd1.myworkdayjobs.com/en-US/Northrop_Grumman_External_Site/job/"
                      "United-States-California-San-Jose/XMLNAME-2024---Intern-Technical--Cyber-Software--San-Jose--CA_"
                      "R10122712?q=internship&redirect=/Northrop_Grumman_External_Site/job/United-States-California-"
                      "Woodland-Hills/XMLNAME-2024-Software-Engineer-Intern--Woodland-Hills--CA_R10122550/apply"),
            "workday:ngc:R10122712");
}

TEST(AtsJobKey, NotAJobUrl) {
  EXPECT_EQ(AtsJobKey(""), "");
  EXPECT_EQ(AtsJobKey("https://news.ycombinator.com/item?id=38843469"), "");
  EXPECT_EQ(AtsJobKey("https://boards.greenhouse.io/acme"), "");          // a board, not a job
  EXPECT_EQ(AtsJobKey("https://jobs.lever.co/palantir"), "");
  EXPECT_EQ(AtsJobKey("https://jobs.lever.co/palantir/not-a-uuid"), "");
  EXPECT_EQ(AtsJobKey("https://acme.com/careers?gh_jid=abc"), "");        // not a numeric id
  EXPECT_EQ(AtsJobKey("https://acme.wd1.myworkdayjobs.com/External"), "");
  EXPECT_EQ(AtsJobKey("not a url"), "");
  EXPECT_EQ(AtsJobKey("://"), "");
  EXPECT_EQ(AtsJobKey("https://"), "");
  EXPECT_EQ(AtsJobKey("https://jobs.smartrecruiters.com/Visa/12-abc"), "");  // too short for an id
}

TEST(CanonicalUrl, SchemeHostCaseTrackingOrderFragmentSlash) {
  EXPECT_EQ(CanonicalUrl("HTTP://Boards.Greenhouse.io/acme/jobs/12/?gh_src=x&b=2&a=1#top", Rules()),
            "https://boards.greenhouse.io/acme/jobs/12?a=1&b=2");
  EXPECT_EQ(CanonicalUrl("https://www.Example.com:443/Jobs/Apply?utm_source=hn&utm_campaign=x", Rules()),
            "https://example.com/Jobs/Apply");  // path case is kept: paths are case-sensitive
  EXPECT_EQ(CanonicalUrl("https://example.com:8443/a%2fb", Rules()), "https://example.com:8443/a%2Fb");
  EXPECT_EQ(CanonicalUrl("https://app.ripplematch.com/v2/public/job/6f5894f6/details?utm_source=RM&utm_medium="
                         "organic_social&utm_campaign=growth_github&utm_content=kpmg&utm_term=null",
                         Rules()),
            "https://app.ripplematch.com/v2/public/job/6f5894f6/details");
  EXPECT_EQ(CanonicalUrl("https://app.ripplematch.com/v2/public/job/e9a5081a/", Rules()),
            "https://app.ripplematch.com/v2/public/job/e9a5081a");
  EXPECT_EQ(CanonicalUrl("https://careers.rivian.com/jobs/12197?lang=en-us&icims=1", Rules()),
            "https://careers.rivian.com/jobs/12197?icims=1");
  EXPECT_EQ(CanonicalUrl("//example.com/x", Rules()), "https://example.com/x");
  EXPECT_EQ(CanonicalUrl("https://example.com", Rules()), "https://example.com");
  EXPECT_EQ(CanonicalUrl("https://example.com/", Rules()), "https://example.com");
}

TEST(CanonicalUrl, MalformedInputGivesEmptyOrSomethingStable) {
  EXPECT_EQ(CanonicalUrl("", Rules()), "");
  EXPECT_EQ(CanonicalUrl("   ", Rules()), "");
  EXPECT_EQ(CanonicalUrl("example.com/jobs", Rules()), "");  // no scheme: not a URL we can trust
  EXPECT_EQ(CanonicalUrl("https://", Rules()), "");
  EXPECT_EQ(CanonicalUrl("https:///path", Rules()), "");
  EXPECT_EQ(CanonicalUrl("mailto:jobs@example.com", Rules()), "");
  EXPECT_EQ(CanonicalUrl("https://example.com/%", Rules()), "https://example.com/%");
  EXPECT_EQ(CanonicalUrl("https://example.com/?&&=&", Rules()), "https://example.com?=");
  // Found by dedup_url_fuzz: the canonical form must be a fixed point.
  EXPECT_EQ(CanonicalUrl("https://www.www.tesla.com/careers", Rules()), "https://tesla.com/careers");
  EXPECT_EQ(CanonicalUrl("httpz1://:use.iop2:/kne", Rules()), "");          // ':' in the host
  EXPECT_EQ(CanonicalUrl("https://walmart.me\f\f/x", Rules()), "");          // control characters in the host
  EXPECT_EQ(CanonicalUrl("https://[::1]:8080/x", Rules()), "");              // IPv6 literal: not a job board
  EXPECT_EQ(CanonicalUrl("https://example.com:80a/x", Rules()), "");         // a port is digits
  EXPECT_EQ(CanonicalUrl("https://example.com/a b\t\r#x", Rules()), "https://example.com/a%20b%09%0D");
  for (const char* u : {"https://www.www.tesla.com/careers", "https://example.com/a b\t\r#x", "HTTP://A.b/c/?z=1&y"}) {
    const std::string c = CanonicalUrl(u, Rules());
    EXPECT_EQ(CanonicalUrl(c, Rules()), c) << u;
  }
}

TEST(PostingUrlKey, AtsBeforeCanonicalApplyBeforeUrl) {
  JobUrlKey k = PostingUrlKey("https://jobs.lever.co/x/e27af7ab-41fc-40c9-b31d-02c6cb1c505c/apply",
                              "https://news.ycombinator.com/item?id=1", Rules());
  EXPECT_TRUE(k.ats);
  EXPECT_EQ(k.key, "lever:e27af7ab-41fc-40c9-b31d-02c6cb1c505c");
  k = PostingUrlKey("", "https://Example.com/jobs/7?utm_source=x", Rules());
  EXPECT_FALSE(k.ats);
  EXPECT_EQ(k.key, "https://example.com/jobs/7");
  k = PostingUrlKey("", "", Rules());
  EXPECT_EQ(k.key, "");
}

}  // namespace
}  // namespace skillpulse
