// HN "Who is hiring?" 2024-01..2024-06, ingested month by month through the CLI (the real
// pipeline and SQLite store). Companies repost every month: an unchanged repost must stay one
// job, a new role must become a new job, and a role posted again after more than the repost
// window (60 days after the job was last seen) is a new job. The ids below were found by
// reading the shared file (hn_whoishiring_2018-03_2026-01.jsonl.zst, one top-level comment per
// line; "by" is the HN user):
//   k1w1 (Aha!)              38843469 39217351 39563001 39894827 40224230 40563285: the same
//                            "Rails / React / Devops | REMOTE" text every month
//   cube2222 (Spacelift)     38844918 39221078 39564504 39903447: identical; 40224597 40563533
//                            add "| $80k-$120k" to the header: the same job
//   tmaly (Interactive Brokers) 38856819 39219546 39566595 39898418: identical "Senior Python
//                            Developer | Mumbai India"
//   justicz (Charge Robotics) Senior Robotics Software Engineer 38846106 (Jan 2) and 39564567
//                            (Mar 1, 59 days later); Senior Mechanical Engineer 39236468 (Feb 3),
//                            39898364 (Apr 1), 40224723 (May 1); a new role, Senior Software
//                            Engineer, 40569912 (Jun 4)
//   kanjun (Imbue)           Machine Learning Engineer 38875472 (Jan 5) and again 40226011
//                            (May 1, 117 days later: a new job); Senior Software Engineer
//                            39222065 (Feb 1) and 39564771 (Mar 1); Engineering Manager
//                            39896317 (Apr 1) and 40564895 (Jun 3, 63 days later: a new job)
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/input.h"
#include "store/store.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::RunSkillpulse;
using testing::TempDir;

const char* kMonths[] = {"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"};

// Writes one JSONL file per month of 2024-01..06; returns month -> path.
std::map<std::string, std::string> WriteMonths(const TempDir& tmp) {
  std::map<std::string, std::string> content;
  auto in = InputStream::Open(testing::HnFile());
  EXPECT_TRUE(in.ok());
  if (!in.ok()) return {};
  LineReader lines(std::move(in).value());
  LineReader::Line line;
  for (;;) {
    auto st = lines.Next(line);
    if (!st.ok() || *st == LineReader::State::kEof) break;
    if (*st != LineReader::State::kLine) continue;
    for (const char* m : kMonths) {
      if (line.text.find(std::string("\"month\": \"") + m + "\"") != std::string_view::npos ||
          line.text.find(std::string("\"month\":\"") + m + "\"") != std::string_view::npos) {
        content[m].append(line.text).push_back('\n');
      }
    }
  }
  std::map<std::string, std::string> files;
  for (const auto& [m, c] : content) files[m] = tmp.Write("hn_" + m + ".jsonl", c);
  return files;
}

// source_id -> job_id of every posting in the store.
std::map<std::string, int64_t> Jobs(const std::string& db) {
  std::map<std::string, int64_t> out;
  auto store = OpenSqliteStore(db);
  EXPECT_TRUE(store.ok());
  if (!store.ok()) return out;
  Status s = (*store)->ForEachPostingJob([&](const PostingJobRef& r) {
    out[r.source_id] = r.job_id;
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::set<std::set<std::string>> Partition(const std::map<std::string, int64_t>& jobs) {
  std::map<int64_t, std::set<std::string>> by;
  for (const auto& [id, j] : jobs) by[j].insert(id);
  std::set<std::set<std::string>> out;
  for (auto& [j, s] : by) out.insert(s);
  return out;
}

void Ingest(const std::string& db, const std::string& file) {
  auto r = RunSkillpulse("ingest --quiet --no-progress --db " + db + " hn:" + file);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

class DedupHn : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::HaveShared("hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst")) return;
    tmp_ = new TempDir;
    files_ = new std::map<std::string, std::string>(WriteMonths(*tmp_));
    db_ = tmp_->File("forward.db");
    for (const char* m : kMonths) Ingest(db_, (*files_)[m]);
    jobs_ = new std::map<std::string, int64_t>(Jobs(db_));
  }
  static void TearDownTestSuite() {
    delete jobs_;
    delete files_;
    delete tmp_;
  }
  void SetUp() override {
    if (tmp_ == nullptr) GTEST_SKIP() << "shared HN data not found";
    ASSERT_FALSE(jobs_->empty());
  }
  static int64_t Job(const char* source_id) {
    auto it = jobs_->find(source_id);
    EXPECT_NE(it, jobs_->end()) << source_id;
    return it == jobs_->end() ? -1 : it->second;
  }
  static void ExpectOneJob(std::initializer_list<const char*> ids) {
    for (const char* id : ids) EXPECT_EQ(Job(id), Job(*ids.begin())) << id << " vs " << *ids.begin();
  }

  static inline TempDir* tmp_ = nullptr;
  static inline std::map<std::string, std::string>* files_ = nullptr;
  static inline std::map<std::string, int64_t>* jobs_ = nullptr;
  static inline std::string db_;
};

TEST_F(DedupHn, UnchangedMonthlyRepostsStayOneJob) {
  ExpectOneJob({"38843469", "39217351", "39563001", "39894827", "40224230", "40563285"});  // Aha!
  ExpectOneJob({"38844918", "39221078", "39564504", "39903447", "40224597", "40563533"});  // Spacelift
  ExpectOneJob({"38856819", "39219546", "39566595", "39898418"});                           // Interactive Brokers
}

TEST_F(DedupHn, NewRolesAreNewJobs) {
  // Charge Robotics: two roles alternating, then a third.
  ExpectOneJob({"38846106", "39564567"});
  ExpectOneJob({"39236468", "39898364", "40224723"});
  EXPECT_NE(Job("38846106"), Job("39236468"));
  EXPECT_NE(Job("40569912"), Job("38846106"));
  EXPECT_NE(Job("40569912"), Job("39236468"));
  // Imbue: roles rotate; one comes back after more than the repost window.
  ExpectOneJob({"39222065", "39564771"});
  EXPECT_NE(Job("38875472"), Job("40226011"));
  EXPECT_NE(Job("39896317"), Job("40564895"));
  EXPECT_NE(Job("38875472"), Job("39222065"));
}

TEST_F(DedupHn, FewerJobsThanPostingsButNotFewerThanAMonth) {
  std::set<int64_t> jobs;
  for (const auto& [id, j] : *jobs_) jobs.insert(j);
  // 1,989 postings with text in the six threads. Companies reposting monthly make fewer jobs
  // than postings; but 2024-05 alone has 408 postings, nearly all from different companies
  // (two postings of one thread are one job only if a company posted the same role twice).
  EXPECT_EQ(jobs_->size(), 1989u);
  EXPECT_LT(jobs.size(), jobs_->size());
  EXPECT_GE(jobs.size(), 400u);
}

TEST_F(DedupHn, IngestingTheSameDataAgainCreatesNoJob) {
  TempDir tmp;
  std::string db = tmp.File("twice.db");
  for (const char* m : kMonths) Ingest(db, (*files_)[m]);
  auto once = Jobs(db);
  for (const char* m : kMonths) Ingest(db, (*files_)[m]);
  auto twice = Jobs(db);
  EXPECT_EQ(once, twice);  // same job ids, not only the same groups
  EXPECT_EQ(Partition(once), Partition(*jobs_));
}

TEST_F(DedupHn, AnyMonthOrderGivesTheSameJobs) {
  TempDir tmp;
  std::string db = tmp.File("shuffled.db");
  for (const char* m : {"2024-06", "2024-03", "2024-01", "2024-05", "2024-02", "2024-04"}) Ingest(db, (*files_)[m]);
  EXPECT_EQ(Partition(Jobs(db)), Partition(*jobs_));
  // All six months in one run, too.
  std::string one = tmp.File("one-run.db");
  std::string all;
  for (const char* m : kMonths) all += " hn:" + (*files_)[m];
  auto r = RunSkillpulse("ingest --quiet --no-progress --db " + one + all);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Partition(Jobs(one)), Partition(*jobs_));
}

TEST_F(DedupHn, ExportAndShowThroughTheCli) {
  auto exp = RunSkillpulse("jobs export --db " + db_ + " --format jsonl");
  ASSERT_EQ(exp.exit_code, 0) << exp.err;
  EXPECT_NE(exp.out.find("{\"source\":\"hn\",\"source_id\":\"38843469\",\"job_id\":" + std::to_string(Job("38843469")) + "}\n"),
            std::string::npos);
  size_t lines = 0;
  for (char c : exp.out) lines += c == '\n';
  EXPECT_EQ(lines, jobs_->size());
  auto show = RunSkillpulse("jobs show " + std::to_string(Job("39236468")) + " --db " + db_);
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("3 postings from 1 source"), std::string::npos) << show.out;
  for (const char* id : {"39236468", "39898364", "40224723"}) EXPECT_NE(show.out.find(id), std::string::npos) << id;
  auto stats = RunSkillpulse("dedup stats --db " + db_);
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_NE(stats.out.find("hn "), std::string::npos);
  auto missing = RunSkillpulse("jobs show 999999999 --db " + db_);
  EXPECT_EQ(missing.exit_code, 1);
  auto nodb = RunSkillpulse("jobs export --db /nonexistent/x.db");
  EXPECT_EQ(nodb.exit_code, 1);
}

}  // namespace
}  // namespace skillpulse
