// The issue-5 accuracy targets, on the labelled sets in tests/accuracy/labels (in-sample:
// visible while the extractors were built) and tests/accuracy/labels/holdout, holdout2 ... holdout6
// (six rounds labelled blind after they were built; first-look scores in their READMEs), computed
// by the same code as docs/ACCURACY.md (tests/accuracy/accuracy_scoring.h; regenerate the page
// with scripts/accuracy.sh). Postings are read from the shared data through the source formats
// and enriched as `skillpulse extract` does, so an extractor regression fails here. Every
// target of the issue is met today on every set and is asserted as the issue states it (no
// floors below target).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "accuracy_scoring.h"
#include "test_util.h"

namespace skillpulse {
namespace {

struct LabelSet {
  const char* name;
  const char* dir;  // under tests/
  int skills_hn, skills_ats, salary, fields;  // postings per file (the READMEs' counts)
};

const accuracy::Report& ReportOf(const LabelSet& set) {
  static std::map<std::string, accuracy::Report> reports;
  auto it = reports.find(set.dir);
  if (it == reports.end()) {
    accuracy::Options o;
    o.shared_dir = SP_SHARED_DIR;
    o.labels_dir = std::string(SP_TESTS_DIR) + "/" + set.dir;
    o.llm = false;  // weak labels: reported in docs/ACCURACY.md, never asserted
    auto r = accuracy::Compute(o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    it = reports.emplace(set.dir, r.ok() ? std::move(*r) : accuracy::Report{}).first;
  }
  return it->second;
}

class AccuracyTargets : public ::testing::TestWithParam<LabelSet> {
 protected:
  void SetUp() override {
    if (!testing::HaveShared("hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst") ||
        !testing::HaveShared("ats_ashby/ashby_posting_api_2025-10-28.tar.zst")) {
      GTEST_SKIP() << "shared data not available";
    }
  }
  const accuracy::Report& TheReport() const { return ReportOf(GetParam()); }
};

// Every labelled posting is found in the data (a ref that no longer resolves would silently
// shrink the sets), and the sets have the sizes their README gives.
TEST_P(AccuracyTargets, EveryLabelledPostingIsScored) {
  const auto& r = TheReport();
  const LabelSet& set = GetParam();
  EXPECT_EQ(r.skills_hn.postings, set.skills_hn);
  EXPECT_EQ(r.skills_hn.missing, 0);
  EXPECT_EQ(r.skills_ats.postings, set.skills_ats);
  EXPECT_EQ(r.skills_ats.missing, 0);
  EXPECT_EQ(r.salary.postings, set.salary);
  EXPECT_EQ(r.salary.missing, 0);
  EXPECT_EQ(r.fields.postings, set.fields);
  EXPECT_EQ(r.fields.missing, 0);
}

// Languages P >= 0.97, R >= 0.95; Go F1 >= 0.97; all skills P >= 0.93.
TEST_P(AccuracyTargets, Skills) {
  if (GetParam().skills_hn + GetParam().skills_ats == 0) GTEST_SKIP() << "this round labelled no skills";
  const auto& s = TheReport().skills_all;
  EXPECT_GE(s.languages.Precision(), 0.97) << "tp " << s.languages.tp << " fp " << s.languages.fp;
  EXPECT_GE(s.languages.Recall(), 0.95) << "tp " << s.languages.tp << " fn " << s.languages.fn;
  EXPECT_GE(s.go.F1(), 0.97) << "tp " << s.go.tp << " fp " << s.go.fp << " fn " << s.go.fn;
  // The sets name Go in ~100 (in-sample), ~20 (held-out) and 11 (round 2) postings: a scorer
  // that finds none is broken.
  EXPECT_GT(s.go.tp, 8);
  EXPECT_GE(s.all_skills.Precision(), 0.93) << "tp " << s.all_skills.tp << " fp " << s.all_skills.fp;
}

// Salary exact >= 0.95; work mode >= 0.95; seniority >= 0.90.
TEST_P(AccuracyTargets, SalaryWorkModeSeniority) {
  const auto& r = TheReport();
  EXPECT_GE(r.salary.exact.Rate(), 0.95) << r.salary.exact.right << " of " << r.salary.exact.total;
  // Many postings of each set state no salary: exact matches must not come from "none" on
  // both sides only.
  EXPECT_GE(r.salary.exact_with_salary.Rate(), 0.95)
      << r.salary.exact_with_salary.right << " of " << r.salary.exact_with_salary.total;
  const auto& f = r.fields.fields;
  ASSERT_TRUE(f.count("work_mode") && f.count("seniority"));
  EXPECT_GE(f.at("work_mode").Rate(), 0.95) << f.at("work_mode").right << " of " << f.at("work_mode").total;
  EXPECT_GE(f.at("seniority").Rate(), 0.90) << f.at("seniority").right << " of " << f.at("seniority").total;
  for (const auto& t : accuracy::Targets(r)) EXPECT_TRUE(t.Pass()) << t.metric << " " << t.value << " < " << t.target;
}

INSTANTIATE_TEST_SUITE_P(Sets, AccuracyTargets,
                         ::testing::Values(LabelSet{"InSample", "accuracy/labels", 222, 160, 210, 160},
                                           LabelSet{"HeldOut", "accuracy/labels/holdout", 70, 50, 84, 83},
                                           LabelSet{"HeldOut2", "accuracy/labels/holdout2", 40, 35, 50, 60},
                                           LabelSet{"HeldOut3", "accuracy/labels/holdout3", 48, 40, 40, 80},
                                           LabelSet{"HeldOut4", "accuracy/labels/holdout4", 40, 45, 40, 70},
                                           LabelSet{"HeldOut5", "accuracy/labels/holdout5", 0, 0, 50, 60},
                                           LabelSet{"HeldOut6", "accuracy/labels/holdout6", 40, 40, 50, 100}),
                         [](const ::testing::TestParamInfo<LabelSet>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace skillpulse
