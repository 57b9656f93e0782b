// Commands that only read a store (compare, trend, jobs, quarantine) on a --db path that does
// not exist: a clear error naming the path and the ingest command that would create it,
// exit status 1, and no empty SQLite file left behind (a typo in --db used to create one).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_util.h"

namespace skillpulse {
namespace {

using testing::RunSkillpulse;
using testing::TempDir;

TEST(CliReadCommands, MissingStoreIsAnErrorAndNoFileIsCreated) {
  TempDir tmp;
  const std::string db = tmp.File("typo.db");
  for (const std::string cmd : {"compare go rust", "trend go --by month", "jobs show 1", "jobs export",
                                "jobs monthly", "quarantine list"}) {
    auto r = RunSkillpulse(cmd + " --db " + db);
    EXPECT_EQ(r.exit_code, 1) << cmd << "\n" << r.err;
    EXPECT_NE(r.err.find(db + ": no such store"), std::string::npos) << cmd << "\n" << r.err;
    EXPECT_NE(r.err.find("skillpulse ingest --db '" + db + "'"), std::string::npos) << cmd << "\n" << r.err;
    EXPECT_FALSE(std::filesystem::exists(db)) << cmd << " created " << db;
  }
}

TEST(CliReadCommands, EmptyStoreStillSaysItHoldsNoPostings) {
  TempDir tmp;
  const std::string db = tmp.File("empty.db");
  const std::string empty = tmp.Write("empty.jsonl", "");
  RunSkillpulse("ingest -q --no-progress --db " + db + " jsonl:" + empty);  // creates the store
  ASSERT_TRUE(std::filesystem::exists(db));
  auto r = RunSkillpulse("compare go rust --db " + db);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("holds no postings yet"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace skillpulse
