// ClassifyEmploymentType. Structured values are the ones the ATS APIs and schema.org use;
// header fields and sentences are quoted from HN postings in the shared data (comment id in
// the comment).
#include <gtest/gtest.h>

#include <string>

#include "enrich/fields.h"

namespace skillpulse {
namespace {

EmploymentType Structured(std::string_view v) { return ClassifyEmploymentType(v, "", ""); }
EmploymentType Text(std::string_view t) { return ClassifyEmploymentType("", "", t); }

TEST(EmploymentType, StructuredValues) {
  EXPECT_EQ(Structured("FullTime"), EmploymentType::kFullTime);    // Ashby employmentType
  EXPECT_EQ(Structured("PartTime"), EmploymentType::kPartTime);
  EXPECT_EQ(Structured("Intern"), EmploymentType::kInternship);
  EXPECT_EQ(Structured("Contract"), EmploymentType::kContract);
  EXPECT_EQ(Structured("Temporary"), EmploymentType::kContract);
  EXPECT_EQ(Structured("Full-time"), EmploymentType::kFullTime);   // Lever commitment
  EXPECT_EQ(Structured("FULL_TIME"), EmploymentType::kFullTime);   // schema.org employmentType
  EXPECT_EQ(Structured("CONTRACTOR"), EmploymentType::kContract);
  EXPECT_EQ(Structured("INTERN"), EmploymentType::kInternship);
  EXPECT_EQ(Structured("PER_DIEM"), EmploymentType::kContract);
  EXPECT_EQ(Structured("FULL_TIME, CONTRACTOR"), EmploymentType::kFullTime);  // the first known value
  EXPECT_EQ(Structured("VOLUNTEER"), EmploymentType::kUnknown);
  EXPECT_EQ(Structured("OTHER"), EmploymentType::kUnknown);
}

TEST(EmploymentType, TitleFirstForInternships) {
  // Ashby lists summer interns as FullTime (labelled set, 8250532f): the title says intern.
  EXPECT_EQ(ClassifyEmploymentType("FullTime", "Software Engineer Intern (Summer 2026)", ""),
            EmploymentType::kInternship);
  EXPECT_EQ(ClassifyEmploymentType("", "Growth Intern", ""), EmploymentType::kInternship);  // 38538526
  EXPECT_EQ(ClassifyEmploymentType("", "Internal Tools Engineer", ""), EmploymentType::kUnknown);
}

TEST(EmploymentType, HeaderFields) {
  EXPECT_EQ(Text("Aven | Burlingame, CA| FULLY REMOTE | Full-time | https://aven.com"), EmploymentType::kFullTime);
  EXPECT_EQ(Text("JustWatch | Berlin, Germany | FULLTIME, ONSITE | VISA SUPPORT"), EmploymentType::kFullTime);  // 28046655
  EXPECT_EQ(Text("Beacons | Frontend Engineer | San Francisco, CA or Remote | Contract or Full-time | beacons.ai"),
            EmploymentType::kContract);  // 28044405: the first listed
  EXPECT_EQ(Text("Rentivo | REMOTE | Part Time"), EmploymentType::kPartTime);  // 2021
  EXPECT_EQ(Text("Kubevisor | Remote | Contractors"), EmploymentType::kContract);
  EXPECT_EQ(Text("Dor Technologies | ONSITE, INTERNS | San Francisco (SOMA)"), EmploymentType::kInternship);  // 16968052
  EXPECT_EQ(Text("Stile Education | Melbourne, Australia | Full-time | Onsite (flexible WFH)"),
            EmploymentType::kFullTime);  // 28045764
}

TEST(EmploymentType, RunningText) {
  EXPECT_EQ(Text("Intro.\nThis is a full-time position based in Berlin."), EmploymentType::kFullTime);
  EXPECT_EQ(Text("Intro.\nWe are hiring for a 6-month contract role, possibly extended."), EmploymentType::kContract);
  EXPECT_EQ(Text("Intro.\nFreelance & fulltime available."), EmploymentType::kContract);  // 16742570
  // Not employment types in running text.
  EXPECT_EQ(Text("Intro.\nWe audit smart contracts and write Solidity."), EmploymentType::kUnknown);
  EXPECT_EQ(Text("Intro.\nYou will help with contract review and contract management."), EmploymentType::kUnknown);
  EXPECT_EQ(Text("Intro.\nWe integrate with internal systems and international partners."), EmploymentType::kUnknown);
  EXPECT_EQ(Text("Intro.\nMust be a permanent resident."), EmploymentType::kUnknown);
  EXPECT_EQ(Text(""), EmploymentType::kUnknown);
}

TEST(EmploymentType, MalformedNeverCrashes) {
  std::string bars(1 << 20, '|');
  EXPECT_EQ(ClassifyEmploymentType(bars, bars, bars), EmploymentType::kUnknown);
  std::string binary;
  for (int i = 0; i < 65536; ++i) binary.push_back(static_cast<char>(i * 37));
  (void)ClassifyEmploymentType(binary, binary, binary);
  EXPECT_EQ(ClassifyEmploymentType("\xFF\xFE", "", "A | B | Full-time \xC3"), EmploymentType::kFullTime);
}

}  // namespace
}  // namespace skillpulse
