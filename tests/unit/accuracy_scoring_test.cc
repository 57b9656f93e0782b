// The accuracy scorer itself (tests/accuracy/accuracy_scoring.h) on labels and postings written
// here, so a scorer bug cannot hide behind the extractors: counts are worked out by hand below.
#include <gtest/gtest.h>

#include "accuracy_scoring.h"

namespace skillpulse::accuracy {
namespace {

SkillMention M(const Taxonomy& tax, std::string_view name, std::optional<bool> required = std::nullopt) {
  const Skill* s = tax.Find(name);
  EXPECT_NE(s, nullptr) << name;
  return SkillMention{s ? s->id : uint16_t{0}, required};
}

class ScorerTest : public ::testing::Test {
 protected:
  std::shared_ptr<const Taxonomy> tax_ = Taxonomy::Default();
  PostingsByKey postings_;
  LabelTexts labels_;
};

TEST_F(ScorerTest, SkillsCompareThroughTheTaxonomy) {
  const Taxonomy& tax = *tax_;
  JobPosting& p = postings_["hn|1"];
  p.skills = {M(tax, "Go", true), M(tax, "Python"), M(tax, "JavaScript"), M(tax, "PostgreSQL")};
  JobPosting& q = postings_["ashby|u-2"];
  q.skills = {M(tax, "Rust", false)};
  // hn 1: languages labelled Go (as "Golang") and Python; extracted Go, Python, JavaScript.
  //   languages tp 2, fp 1 (JavaScript), fn 0; all skills: extracted {Go, Python, JavaScript,
  //   PostgreSQL} vs labelled {Go, Python, PostgreSQL ("Postgres"), React}: tp 3, fp 1, fn 1.
  //   Go's required flag (true) agrees with the label.
  // hn 3 is not in the postings: missing.
  labels_.skills_hn =
      R"({"ref": {"dataset": "hn", "id": "1"}, "languages": ["Golang", "Python"], "skills": ["Postgres", "React"], "required": {"Golang": true}})"
      "\n\n"
      R"({"ref": {"dataset": "hn", "id": "3"}, "languages": ["C"], "skills": []})"
      "\n";
  // ashby u-2: labelled Rust and Go; extracted Rust (required false, label says true).
  //   languages tp 1, fn 1 (Go); Go fn 1; required flag disagrees.
  labels_.skills_ats =
      R"({"ref": {"dataset": "ashby", "org": "acme", "id": "u-2"}, "languages": ["Rust", "Go"], "skills": [], "required": {"Rust": true}})"
      "\n";
  auto r = Score(labels_, postings_, tax);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->skills_hn.postings, 1);
  EXPECT_EQ(r->skills_hn.missing, 1);
  const auto& s = r->skills_all;
  EXPECT_EQ(s.languages.tp, 3);
  EXPECT_EQ(s.languages.fp, 1);
  EXPECT_EQ(s.languages.fn, 1);
  EXPECT_EQ(s.all_skills.tp, 4);
  EXPECT_EQ(s.all_skills.fp, 1);
  EXPECT_EQ(s.all_skills.fn, 2);  // React, Go on u-2
  EXPECT_EQ(s.go.tp, 1);
  EXPECT_EQ(s.go.fn, 1);
  EXPECT_EQ(s.go.fp, 0);
  EXPECT_DOUBLE_EQ(s.go.F1(), 2.0 / 3.0);
  EXPECT_EQ(s.required.total, 2);
  EXPECT_EQ(s.required.right, 1);
  EXPECT_EQ(s.per_language.at("JavaScript").fp, 1);
  ASSERT_EQ(s.false_positives.size(), 1u);
  EXPECT_EQ(s.false_positives[0].posting, "hn 1");
  EXPECT_EQ(s.false_positives[0].item, "JavaScript");
  ASSERT_EQ(s.language_errors.size(), 2u);
  EXPECT_EQ(s.language_errors[1].posting, "ashby acme/u-2");
  EXPECT_EQ(s.language_errors[1].item, "Go");
}

TEST_F(ScorerTest, SalaryExactNeedsAllFourFields) {
  auto salary = [](std::string cur, SalaryPeriod per, std::optional<double> lo, std::optional<double> hi) {
    Salary s;
    s.currency = std::move(cur);
    s.period = per;
    s.min = lo;
    s.max = hi;
    s.origin = SalaryOrigin::kText;
    return s;
  };
  postings_["hn|10"].salary = salary("USD", SalaryPeriod::kYear, 120000, 150000);  // exact
  postings_["hn|11"].salary = salary("USD", SalaryPeriod::kYear, 90000, 90000);    // spurious
  postings_["hn|12"];                                                               // none = none: exact
  postings_["hn|13"].salary = salary("USD", SalaryPeriod::kYear, std::nullopt, 200000);  // "up to": exact
  postings_["cn|14"].salary = salary("CNY", SalaryPeriod::kYear, 20000, 30000);    // period
  postings_["hn|15"];                                                               // missed
  labels_.salary =
      R"({"ref": {"dataset": "hn", "id": "10"}, "salary": {"currency": "USD", "period": "year", "min": 120000, "max": 150000}}
{"ref": {"dataset": "hn", "id": "11"}, "salary": null}
{"ref": {"dataset": "hn", "id": "12"}, "salary": null}
{"ref": {"dataset": "hn", "id": "13"}, "salary": {"currency": "USD", "period": "year", "min": null, "max": 200000}}
{"ref": {"dataset": "cn", "id": "14"}, "salary": {"currency": "CNY", "period": "month", "min": 20000, "max": 30000}}
{"ref": {"dataset": "hn", "id": "15"}, "salary": {"currency": "EUR", "period": "year", "min": 50000, "max": 60000}}
)";
  auto r = Score(labels_, postings_, *tax_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->salary.exact.total, 6);
  EXPECT_EQ(r->salary.exact.right, 3);
  EXPECT_EQ(r->salary.exact_with_salary.total, 4);
  EXPECT_EQ(r->salary.exact_with_salary.right, 2);
  EXPECT_EQ(r->salary.kinds.at("spurious"), 1);
  EXPECT_EQ(r->salary.kinds.at("period"), 1);
  EXPECT_EQ(r->salary.kinds.at("missed"), 1);
  EXPECT_EQ(r->salary.kinds.count("min"), 0u);
  EXPECT_EQ(r->salary.by_dataset.at("cn").right, 0);
}

TEST_F(ScorerTest, FieldsCountNotStatedOnBothSidesAsRight) {
  JobPosting& p = postings_["hn|20"];
  p.work_mode = WorkMode::kRemote;
  p.experience_years_min = 3;
  p.place.country = "US";
  p.place.city = "New York";
  p.employment_type = EmploymentType::kFullTime;
  labels_.fields =
      R"({"ref": {"dataset": "hn", "id": "20"}, "work_mode": "remote", "seniority": "senior", "experience_years_min": 3, "country": "US", "city": "new york", "employment_type": "full-time", "visa_sponsorship": null}
)";
  auto r = Score(labels_, postings_, *tax_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& f = r->fields.fields;
  EXPECT_EQ(f.at("work_mode").right, 1);
  EXPECT_EQ(f.at("seniority").right, 0);  // labelled senior, extracted none
  EXPECT_EQ(f.at("experience_years_min").right, 1);
  EXPECT_EQ(f.at("city").right, 1);  // case ignored
  EXPECT_EQ(f.at("visa_sponsorship").right, 1);
  ASSERT_EQ(r->fields.misses.at("seniority").size(), 1u);
  EXPECT_EQ(r->fields.misses.at("seniority")[0].item, "senior");
  EXPECT_EQ(r->fields.misses.at("seniority")[0].detail, "unknown");
}

TEST_F(ScorerTest, MalformedLabelsAreErrors) {
  labels_.salary = "{\"ref\": {\"dataset\": \"hn\", \"id\": \"1\"}, \"salary\": {\"period\": \"fortnight\"}}\n";
  EXPECT_FALSE(Score(labels_, postings_, *tax_).ok());
  labels_.salary = "";
  labels_.fields = "not json\n";
  EXPECT_FALSE(Score(labels_, postings_, *tax_).ok());
}

}  // namespace
}  // namespace skillpulse::accuracy
