// Company / title / location normalization and requisition ids (data/dedup/*). Examples are
// the issue's ("Sr."/"Senior", "NYC"/"New York, NY", "Acme, Inc."/"Acme") and strings seen in
// the shared data: HN headers (hn_whoishiring 2024-01..06), the Simplify listings, the
// We Work Remotely feeds and the Ashby/Uber postings the benchmark corpus is built from.
#include <gtest/gtest.h>

#include "dedup/normalize.h"

namespace skillpulse {
namespace {

const DedupRules& R() { return *DedupRules::Default(); }

TEST(FoldForKey, CaseAccentsWidth) {
  EXPECT_EQ(FoldForKey("São Paulo"), "sao paulo");
  EXPECT_EQ(FoldForKey("ＡＢＣ Straße"), "abc strasse");
  EXPECT_EQ(FoldForKey("MÜNCHEN"), "munchen");
  EXPECT_EQ(FoldForKey("\xff\xfe ok"), FoldForKey("\xEF\xBF\xBD\xEF\xBF\xBD ok"));  // invalid UTF-8 replaced
}

TEST(KeyWords, PlusAndHashOnlyWhenAsked) {
  EXPECT_EQ(KeyWords("c++ / c# dev", true), (std::vector<std::string>{"c++", "c#", "dev"}));
  EXPECT_EQ(KeyWords("c++ / c# dev", false), (std::vector<std::string>{"c", "c", "dev"}));
  EXPECT_EQ(KeyWords("+++ # --", true), std::vector<std::string>{});
}

TEST(CompanyKey, LegalFormsTaglinesAndCase) {
  EXPECT_EQ(R().CompanyKey("Acme, Inc."), "acme");
  EXPECT_EQ(R().CompanyKey("Acme"), "acme");
  EXPECT_EQ(R().CompanyKey("ACME INC"), "acme");
  EXPECT_EQ(R().CompanyKey("GRAX, INC"), R().CompanyKey("GRAX"));  // WWR "GRAX: Product Manager"
  EXPECT_EQ(R().CompanyKey("Nuna (https://www.nuna.com)"), "nuna");  // HN 38846159
  EXPECT_EQ(R().CompanyKey("DeleteMe - the online privacy company"), "deleteme");  // HN 38866970
  EXPECT_EQ(R().CompanyKey("Bitvavo Technologies"), "bitvavo");
  EXPECT_EQ(R().CompanyKey("Finni Health GmbH"), "finni health");
  EXPECT_EQ(R().CompanyKey("The Predictive Index"), "predictive index");
  EXPECT_EQ(R().CompanyKey("Cirium\t- London (UK)"), "cirium");  // tab from a board's whitespace edit
  EXPECT_EQ(R().CompanyKey("Labs"), "labs");                     // never reduced to nothing
  EXPECT_EQ(R().CompanyKey("Acme Holdings, Inc."), "acme");
  EXPECT_EQ(R().CompanyKey(""), "");
  EXPECT_NE(R().CompanyKey("Asana"), R().CompanyKey("Asana Early Career Programs"));
}

TEST(LocationKey, CitiesAndTheirAliases) {
  for (const char* s : {"NYC", "New York, NY", "New York City", "New York, New York, United States", "New York City, NY",
                        "New York City (Hybrid)", "Greater New York Area", "new york"}) {
    EXPECT_EQ(R().LocationKey(s), "new york") << s;
  }
  for (const char* s : {"San Francisco", "SF", "San Francisco, CA", "San Francisco Bay Area", "SF Bay Area",
                        "San Francisco, CA, USA", "San Francisco, California"}) {
    EXPECT_EQ(R().LocationKey(s), "san francisco") << s;
  }
  EXPECT_EQ(R().LocationKey("Washington, DC"), "washington dc");
  EXPECT_EQ(R().LocationKey("DC"), "washington dc");
  EXPECT_EQ(R().LocationKey("Seattle, Washington"), "seattle");
  EXPECT_EQ(R().LocationKey("São Paulo, Brazil"), "sao paulo");
  EXPECT_EQ(R().LocationKey("Bangalore / Bengaluru, India"), "bengaluru");
  // Several cities: multi-location hiring, a different key from each single city.
  EXPECT_EQ(R().LocationKey("Amsterdam, Berlin"), "amsterdam|berlin");
  EXPECT_NE(R().LocationKey("Amsterdam, Berlin"), R().LocationKey("Berlin"));
}

TEST(LocationKey, PlacesOutsideTheCityList) {
  // Simplify listings 754925a8 / 50a6b3aa: "Attleboro, MA"; Oshkosh listings "Oshkosh, WI".
  EXPECT_EQ(R().LocationKey("Oshkosh, WI"), "oshkosh");
  EXPECT_EQ(R().LocationKey("Oshkosh, Wisconsin"), "oshkosh");
  EXPECT_EQ(R().LocationKey("Oshkosh, WI, USA"), "oshkosh");
  EXPECT_EQ(R().LocationKey("Portland, OR"), "portland");  // "OR" is not read as Oregon
  EXPECT_EQ(R().LocationKey("Rio de Janeiro, Rio de Janeiro, Brazil"), "rio de janeiro");
  EXPECT_EQ(R().LocationKey("Texas"), "texas");
  EXPECT_EQ(R().LocationKey("Germany"), "germany");
}

TEST(LocationKey, RemoteScopes) {
  auto remote_us = R().ParseLocation("Remote (US)");
  EXPECT_EQ(remote_us.key, "us");
  EXPECT_TRUE(remote_us.remote);
  for (const char* s : {"US Remote", "Remote - USA", "Remote, United States", "USA Only"}) {
    EXPECT_EQ(R().LocationKey(s), "us") << s;
  }
  auto bare = R().ParseLocation("Remote");
  EXPECT_EQ(bare.key, "");
  EXPECT_TRUE(bare.remote);
  EXPECT_FALSE(bare.blank);
  for (const char* s : {"Anywhere in the World", "Worldwide", "Remote (Worldwide)", "Remote - Global"}) {
    EXPECT_EQ(R().LocationKey(s), "worldwide") << s;
  }
  auto none = R().ParseLocation("");
  EXPECT_TRUE(none.blank);
  EXPECT_FALSE(none.remote);
  EXPECT_EQ(none.key, "");
  EXPECT_EQ(R().LocationKey("Remote (EU)"), "europe");
}

TEST(TitleKey, AbbreviationsAndWordOrder) {
  EXPECT_EQ(R().TitleKey("Sr. Software Engineer", ""), R().TitleKey("Senior Software Engineer", ""));
  EXPECT_EQ(R().TitleKey("Senior Software Engineer", ""), "engineer senior software");
  EXPECT_EQ(R().TitleKey("Full-Stack Engineer", ""), R().TitleKey("Full Stack Engineer", ""));
  EXPECT_EQ(R().TitleKey("Fullstack Engineer", ""), R().TitleKey("Full-Stack Engineer", ""));
  EXPECT_EQ(R().TitleKey("Front-End Developer", ""), R().TitleKey("Frontend Dev", ""));
  EXPECT_EQ(R().TitleKey("Software Engineer II", ""), R().TitleKey("Software Engineer 2", ""));
  EXPECT_EQ(R().TitleKey("Machine Learning Engineer", ""), R().TitleKey("ML Engineer", ""));
  EXPECT_EQ(R().TitleKey("Product & Design", ""), R().TitleKey("Product and Design", ""));
  EXPECT_EQ(R().TitleKey("Senior Software Engineer, Backend", ""), R().TitleKey("Senior Backend Software Engineer", ""));
  // HN 38845474 / 39268039 (Sourcegraph): the same roles listed in another order.
  EXPECT_EQ(R().TitleKey("Machine Learning Engineer, Engineering Manager, Software Engineer, Developer Advocate", ""),
            R().TitleKey("Engineering Manager, Machine Learning Engineer, Software Engineer, Developer Advocate", ""));
  EXPECT_EQ(R().TitleKey("iOS Engineer, Remote", "Remote"), R().TitleKey("iOS Engineer", "Remote"));
  EXPECT_EQ(R().TitleKey("   Senior\tFull Stack Engineer\n", ""), R().TitleKey("Senior Full Stack Engineer", ""));
}

TEST(TitleKey, DifferentJobsStayDifferent) {
  EXPECT_NE(R().TitleKey("Software Engineer", ""), R().TitleKey("Senior Software Engineer", ""));
  EXPECT_NE(R().TitleKey("Software Engineer", ""), R().TitleKey("Software Engineer II", ""));
  EXPECT_NE(R().TitleKey("Software Engineer", ""), R().TitleKey("Software Engineer, Payments", ""));
  EXPECT_NE(R().TitleKey("Data Engineer", ""), R().TitleKey("Data Engineer, Data", ""));
  EXPECT_NE(R().TitleKey("Software Engineer", ""), R().TitleKey("Software Engineer (Contract)", ""));
  EXPECT_NE(R().TitleKey("C++ Developer", ""), R().TitleKey("C Developer", ""));
  EXPECT_NE(R().TitleKey("C# Developer", ""), R().TitleKey("C++ Developer", ""));
  // HN 38846106 / 39236468 (Charge Robotics): two roles of one company.
  EXPECT_NE(R().TitleKey("Senior Robotics Software Engineer", ""), R().TitleKey("Senior Mechanical Engineer", ""));
}

TEST(TitleKey, TrailingLocationOfThePostingItselfIsDropped) {
  // Copies that append the city: "Data Engineer - Berlin" at "Berlin, Germany".
  EXPECT_EQ(R().TitleKey("Data Engineer - Berlin", "Berlin, Germany"), R().TitleKey("Data Engineer", "Berlin, Germany"));
  EXPECT_EQ(R().TitleKey("Full-stack developer - Stockholm (SE)", "Stockholm (SE)"),
            R().TitleKey("Full-stack developer", "Stockholm (SE)"));
  EXPECT_EQ(R().TitleKey("SRE - Cambridge", "Austin, TX & Cambridge, MA"), R().TitleKey("SRE", "Austin, TX & Cambridge, MA"));
  EXPECT_EQ(R().TitleKey("Principal Machine Learning Architect - India - Bengaluru", "India - Bengaluru"),
            R().TitleKey("Principal Machine Learning Architect", "India - Bengaluru"));
  EXPECT_EQ(R().TitleKey("Software Engineer - Low Latency - Headquarters", "Headquarters"),
            R().TitleKey("Software Engineer - Low Latency", "Headquarters"));
  // Another city is another job's title, not a qualifier of this one.
  EXPECT_NE(R().TitleKey("Data Engineer - Munich", "Berlin, Germany"), R().TitleKey("Data Engineer", "Berlin, Germany"));
  // A segment that merely contains the city keeps its other words (Uber "..., Toronto
  // (Bilingual Required), Core Product" vs "..., Growth" are two jobs).
  EXPECT_NE(R().TitleKey("Account Executive, UberEats, Toronto (Bilingual Required), Core Product", "Toronto, Ontario, Canada"),
            R().TitleKey("Account Executive, UberEats, Toronto (Bilingual Required), Growth", "Toronto, Ontario, Canada"));
}

TEST(RequisitionId, LabelsFromRealPostings) {
  EXPECT_EQ(R().RequisitionId("... apply today.\n\nReq ID: J-682"), "j-682");  // Ashby descriptions
  EXPECT_EQ(R().RequisitionId("Requisition number: 113523937 Location: Remote"), "113523937");  // HN
  EXPECT_EQ(R().RequisitionId("See job # 18001176 on our site"), "18001176");  // HN
  EXPECT_EQ(R().RequisitionId("Req ID: R123456-1."), "r123456-1");
  EXPECT_EQ(R().RequisitionId("Job Requirements: 5+ years of Go"), "");
  EXPECT_EQ(R().RequisitionId("This requisition is open until filled"), "");
  EXPECT_EQ(R().RequisitionId("Subreq ID: 123"), "");  // not at a word start
  EXPECT_EQ(R().RequisitionId(""), "");
  EXPECT_EQ(R().RequisitionId("Req ID:"), "");
}

// Labels are found 32 text offsets at a time: a label at any offset, across a block edge, at
// the very end, after false starts ("requirements", "jobs", "position") is still found, and
// the first label in the text wins.
TEST(RequisitionId, AtEveryOffset) {
  for (size_t lead = 0; lead <= 70; ++lead) {
    const std::string pad(lead, 'x');
    EXPECT_EQ(R().RequisitionId(pad + " JOB ID: A-77"), "a-77") << lead;
    EXPECT_EQ(R().RequisitionId(pad + " requirements, jobs, position; Posting ID 4242"), "4242") << lead;
    EXPECT_EQ(R().RequisitionId(pad + " Reference ID: 99 then Req #12"), "99") << lead;
    EXPECT_EQ(R().RequisitionId(pad + " req"), "") << lead;  // a prefix cut by the end of the text
    EXPECT_EQ(R().RequisitionId(pad + "job #55"), lead == 0 ? "55" : "") << lead;  // "xjob": no word start
  }
}

TEST(DedupRules, LoadErrorsNameTheFile) {
  auto missing = DedupRules::Load("/nonexistent-dir");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("company_suffixes.txt"), std::string::npos);
}

TEST(DedupRules, MultiRoleTitles) {
  const DedupRules& r = *DedupRules::Default();
  EXPECT_TRUE(r.IsMultiRoleTitle(""));
  EXPECT_TRUE(r.IsMultiRoleTitle("  - "));
  EXPECT_TRUE(r.IsMultiRoleTitle("Multiple Roles"));
  EXPECT_TRUE(r.IsMultiRoleTitle("MULTIPLE POSITIONS"));
  EXPECT_TRUE(r.IsMultiRoleTitle("Various roles"));
  EXPECT_TRUE(r.IsMultiRoleTitle("Engineering"));
  EXPECT_TRUE(r.IsMultiRoleTitle("Product/Design/Engineering"));
  EXPECT_FALSE(r.IsMultiRoleTitle("Engineering Manager"));
  EXPECT_FALSE(r.IsMultiRoleTitle("Product Designer"));
  EXPECT_FALSE(r.IsMultiRoleTitle("Senior Backend Engineer"));
  EXPECT_FALSE(r.IsMultiRoleTitle("Engineering Manager, Payments"));
}

}  // namespace
}  // namespace skillpulse
