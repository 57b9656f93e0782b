// The issue-5 accuracy targets, on the labelled sets in tests/accuracy/labels, computed by the
// same code as docs/ACCURACY.md (tests/accuracy/accuracy_scoring.h; regenerate the page with
// scripts/accuracy.sh). Postings are read from the shared data through the source formats and
// enriched as `skillpulse extract` does, so an extractor regression fails here. Every target
// of the issue is met today and is asserted as the issue states it (no floors below target).
#include <gtest/gtest.h>

#include "accuracy_scoring.h"
#include "test_util.h"

namespace skillpulse {
namespace {

const accuracy::Report& TheReport() {
  static const accuracy::Report* report = [] {
    accuracy::Options o;
    o.shared_dir = SP_SHARED_DIR;
    o.labels_dir = std::string(SP_TESTS_DIR) + "/accuracy/labels";
    o.llm = false;  // weak labels: reported in docs/ACCURACY.md, never asserted
    auto r = accuracy::Compute(o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return new accuracy::Report(r.ok() ? std::move(*r) : accuracy::Report{});
  }();
  return *report;
}

class AccuracyTargets : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::HaveShared("hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst") ||
        !testing::HaveShared("ats_ashby/ashby_posting_api_2025-10-28.tar.zst")) {
      GTEST_SKIP() << "shared data not available";
    }
  }
};

// Every labelled posting is found in the data (a ref that no longer resolves would silently
// shrink the sets), and the sets have the sizes their README gives.
TEST_F(AccuracyTargets, EveryLabelledPostingIsScored) {
  const auto& r = TheReport();
  EXPECT_EQ(r.skills_hn.postings, 222);
  EXPECT_EQ(r.skills_hn.missing, 0);
  EXPECT_EQ(r.skills_ats.postings, 160);
  EXPECT_EQ(r.skills_ats.missing, 0);
  EXPECT_EQ(r.salary.postings, 210);
  EXPECT_EQ(r.salary.missing, 0);
  EXPECT_EQ(r.fields.postings, 160);
  EXPECT_EQ(r.fields.missing, 0);
}

// Languages P >= 0.97, R >= 0.95; Go F1 >= 0.97; all skills P >= 0.93.
TEST_F(AccuracyTargets, Skills) {
  const auto& s = TheReport().skills_all;
  EXPECT_GE(s.languages.Precision(), 0.97) << "tp " << s.languages.tp << " fp " << s.languages.fp;
  EXPECT_GE(s.languages.Recall(), 0.95) << "tp " << s.languages.tp << " fn " << s.languages.fn;
  EXPECT_GE(s.go.F1(), 0.97) << "tp " << s.go.tp << " fp " << s.go.fp << " fn " << s.go.fn;
  EXPECT_GT(s.go.tp, 50);  // the sets name Go in about 100 postings: a scorer that finds none is broken
  EXPECT_GE(s.all_skills.Precision(), 0.93) << "tp " << s.all_skills.tp << " fp " << s.all_skills.fp;
}

// Salary exact >= 0.95; work mode >= 0.95; seniority >= 0.90.
TEST_F(AccuracyTargets, SalaryWorkModeSeniority) {
  const auto& r = TheReport();
  EXPECT_GE(r.salary.exact.Rate(), 0.95) << r.salary.exact.right << " of " << r.salary.exact.total;
  // About half the set states a salary: exact matches must not come from "none" on both sides only.
  EXPECT_GE(r.salary.exact_with_salary.Rate(), 0.95)
      << r.salary.exact_with_salary.right << " of " << r.salary.exact_with_salary.total;
  const auto& f = r.fields.fields;
  ASSERT_TRUE(f.count("work_mode") && f.count("seniority"));
  EXPECT_GE(f.at("work_mode").Rate(), 0.95) << f.at("work_mode").right << " of " << f.at("work_mode").total;
  EXPECT_GE(f.at("seniority").Rate(), 0.90) << f.at("seniority").right << " of " << f.at("seniority").total;
  for (const auto& t : accuracy::Targets(r)) EXPECT_TRUE(t.Pass()) << t.metric << " " << t.value << " < " << t.target;
}

}  // namespace
}  // namespace skillpulse
