// `skillpulse skills list|show` through the binary: the shipped taxonomy's answers to "what
// counted as a mention of Go?" (the same rules the compare report's methodology cites).
#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace skillpulse {
namespace {

using testing::RunSkillpulse;

TEST(CliSkills, ShowResolvesAnAliasAndPrintsTheDisambiguationRules) {
  auto r = RunSkillpulse("skills show golang");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Go (go)\n", 0), 0u) << r.out;  // alias "golang" resolves to Go
  EXPECT_NE(r.out.find("kind:            language"), std::string::npos);
  EXPECT_NE(r.out.find("\"Go-To-Market\""), std::string::npos);  // the go-to-market exclusion
  EXPECT_NE(r.out.find("not counted when"), std::string::npos);
}

TEST(CliSkills, ShowCPlusPlusAndRejectsUnknownNames) {
  auto cpp = RunSkillpulse("skills show 'c++'");
  ASSERT_EQ(cpp.exit_code, 0) << cpp.err;
  EXPECT_EQ(cpp.out.rfind("C++ (cpp)\n", 0), 0u) << cpp.out;
  auto none = RunSkillpulse("skills show no-such-skill");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no skill named 'no-such-skill'"), std::string::npos) << none.err;
}

TEST(CliSkills, ListFiltersByKind) {
  auto r = RunSkillpulse("skills list --kind language");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* slug : {"\ngo ", "\nrust ", "\ncpp ", "\nc ", "\nr "}) {
    EXPECT_NE(r.out.find(slug), std::string::npos) << slug;
  }
  EXPECT_EQ(r.out.find("\nkubernetes "), std::string::npos);  // a tool, filtered out
  auto all = RunSkillpulse("skills list");
  ASSERT_EQ(all.exit_code, 0);
  EXPECT_NE(all.out.find("\nkubernetes "), std::string::npos);
  EXPECT_EQ(RunSkillpulse("skills list --kind nonsense").exit_code, 2);
}

}  // namespace
}  // namespace skillpulse
