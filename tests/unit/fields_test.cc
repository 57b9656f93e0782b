// ExtractFields (one scan for every extractor) against the single-field functions, on real
// HN postings, and EnrichFields' fill-only-unknown contract.
#include <gtest/gtest.h>

#include "enrich/fields.h"
#include "hn_testdata.h"
#include "sources/hn_header.h"

namespace skillpulse {
namespace {

TEST(ExtractFields, SameAsSingleFunctions) {
  auto posts = testdata::LoadHn();
  if (posts.empty()) GTEST_SKIP() << "shared HN data not found";
  size_t n = 0;
  for (size_t i = 0; i < posts.size(); i += 37, ++n) {
    const std::string& text = posts[i].text;
    HnHeader h = ParseHnHeader(text);
    FieldsInput in;
    in.title = h.title;
    in.location = h.location;
    in.text = text;
    FieldsResult r = ExtractFields(in);
    SCOPED_TRACE(posts[i].id);
    EXPECT_EQ(r.seniority, ClassifySeniority(h.title, text));
    EXPECT_EQ(r.experience_years_min, ExtractExperienceYearsMin(text));
    WorkModeResult w = ClassifyWorkMode(h.location, h.title, text);
    EXPECT_EQ(r.work_mode.mode, w.mode);
    EXPECT_EQ(r.work_mode.remote_scope, w.remote_scope);
    EXPECT_EQ(r.place.country, NormalizeLocation(h.location).country);
    EXPECT_EQ(r.employment_type, ClassifyEmploymentType("", h.title, text));
    EXPECT_EQ(r.visa_sponsorship, ExtractVisaSponsorship(text));
  }
  EXPECT_GT(n, 1000u);
}

TEST(EnrichFields, FillsOnlyUnknownFields) {
  JobPosting p;
  p.title = "Senior Backend Engineer";
  p.location = "Berlin, Germany";
  p.description_text = "Acme | Senior Backend Engineer | Berlin, Germany | Onsite\n3+ years of Go experience. "
                       "We sponsor visas.";
  p.seniority = Seniority::kStaff;  // set by the source: kept
  EnrichFields(p);
  EXPECT_EQ(p.seniority, Seniority::kStaff);
  EXPECT_EQ(p.experience_years_min, 3);
  EXPECT_EQ(p.work_mode, WorkMode::kOnsite);
  EXPECT_EQ(p.place.city, "Berlin");
  EXPECT_EQ(p.visa_sponsorship, true);
}

TEST(EnrichFields, RemoteOfferInTheBodyOverridesAHeaderOnsite) {
  // 29070997: the HN source sets the header's "Onsite"; the first role "(can be remote)".
  JobPosting p;
  p.work_mode = WorkMode::kOnsite;
  p.description_text = "Velo3D | Campbell, CA | US Based | Velo3D.com | Onsite, Fulltime\n"
                       "Software Engineer: (can be remote) - A more focused C++ engineering role.";
  EnrichFields(p);
  EXPECT_EQ(p.work_mode, WorkMode::kRemote);
}

TEST(EnrichFields, OfficeDaysInTheBodyMakeAHeaderOnsiteHybrid) {
  // Held-out6 hn 43254374: the HN source sets the header's "ONSITE"; the body counts office days.
  JobPosting p;
  p.work_mode = WorkMode::kOnsite;
  p.description_text = "Bloomberg | Software Engineer - Infrastructure | ONSITE in New York, Princeton, London | "
                       "Full-time\nWe're hiring for roles in these locations with 3-days in office most weeks:";
  EnrichFields(p);
  EXPECT_EQ(p.work_mode, WorkMode::kHybrid);
  // A perk's "work from home days" (hn 22228982) or a delivery week (hn 22233845) counts no days.
  JobPosting q;
  q.work_mode = WorkMode::kOnsite;
  q.description_text = "Quadio | DevOps Engineer | New York, NY | ONSITE\nWe offer a competitive salary and flexible "
                       "work from home days. We deliver your parcel seven days a week.";
  EnrichFields(q);
  EXPECT_EQ(q.work_mode, WorkMode::kOnsite);
  // A part-time schedule names no place (hn 20143245): the header's onsite stands.
  JobPosting r;
  r.work_mode = WorkMode::kOnsite;
  r.description_text = "Me | part time backend node dev | Sydney | Onsite\nPosition is from now until March. Three "
                       "days a week on my project gets you a free room and free food.";
  EnrichFields(r);
  EXPECT_EQ(r.work_mode, WorkMode::kOnsite);
}

TEST(EnrichFields, StructuredHintYieldsToTheText) {
  // Ashby isRemote=true is a hint: the text's hybrid wins; with a silent text the hint stands.
  JobPosting p;
  p.location = "London";
  p.description_text = "About us.\nThis role follows a hybrid model, 3 days a week in the office.";
  EnrichFields(p, FieldHints{WorkMode::kRemote});
  EXPECT_EQ(p.work_mode, WorkMode::kHybrid);
  JobPosting q;
  q.location = "Paris";
  q.description_text = "About us.\nWe build pricing tools.";
  EnrichFields(q, FieldHints{WorkMode::kRemote});
  EXPECT_EQ(q.work_mode, WorkMode::kRemote);
}

TEST(EnrichFields, ComparisonWithTheOfficeIsNoPlaceOfWork) {
  // Ashby ambrook (isRemote true, 11 postings): "than in the office" compares, it places no job.
  JobPosting p;
  p.location = "New York";
  p.description_text = "Ambrook's mission is to help family-run American businesses.\nFinancial software built for "
                       "people who spend more time in the field than in the office.";
  EnrichFields(p, FieldHints{WorkMode::kRemote});
  EXPECT_EQ(p.work_mode, WorkMode::kRemote);
}

TEST(EnrichFields, RemoteBoardRegionIsTheScope) {
  // We Work Remotely (rss_weworkremotely_2022-11): the source states remote and its region is
  // the location; the region is where the hire may live, not a place the body names.
  JobPosting p;
  p.work_mode = WorkMode::kRemote;
  p.location = "Europe Only";
  p.description_text = "Headquarters: Boston, MA\nWe are a remote-first company with customers worldwide.";
  EnrichFields(p);
  EXPECT_EQ(p.work_mode, WorkMode::kRemote);
  EXPECT_EQ(p.remote_scope, "EU");
  JobPosting q;
  q.work_mode = WorkMode::kRemote;
  q.location = "USA Only";
  q.description_text = "Knack is hiring a QA lead.";
  EnrichFields(q);
  EXPECT_EQ(q.remote_scope, "US");
  // A location naming a city is an office, not a scope: the body's scope stands.
  JobPosting r;
  r.work_mode = WorkMode::kRemote;
  r.location = "Berlin, Germany";
  r.description_text = "Acme\nThis role is remote within the EU.";
  EnrichFields(r);
  EXPECT_EQ(r.remote_scope, "EU");
}

}  // namespace
}  // namespace skillpulse
