// The shipped taxonomy (data/skills.toml), its loader's validation, and the `skills list/show`
// text.
#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>

#include "core/paths.h"
#include "enrich/skills/skill_info.h"
#include "enrich/skills/taxonomy.h"

namespace skillpulse {
namespace {

std::shared_ptr<const Taxonomy> Shipped() {
  auto t = Taxonomy::Load(DataFile("skills.toml"));
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? *t : nullptr;
}

TEST(SkillTaxonomy, ShippedFileLoadsWithEnoughSkillsOfEveryKind) {
  auto t = Shipped();
  ASSERT_NE(t, nullptr);
  EXPECT_GE(t->size(), 400u);
  std::array<int, kSkillKindCount> per_kind{};
  std::set<std::string> slugs;
  for (const Skill& s : t->skills()) {
    ++per_kind[static_cast<size_t>(s.kind)];
    EXPECT_TRUE(slugs.insert(s.slug).second) << s.slug;
    EXPECT_EQ(&t->at(s.id), &s);
  }
  EXPECT_GE(per_kind[static_cast<size_t>(SkillKind::kLanguage)], 60);
  EXPECT_GE(per_kind[static_cast<size_t>(SkillKind::kFramework)], 100);
  EXPECT_GE(per_kind[static_cast<size_t>(SkillKind::kDatabase)], 40);
  EXPECT_GE(per_kind[static_cast<size_t>(SkillKind::kCloud)], 30);
  EXPECT_GE(per_kind[static_cast<size_t>(SkillKind::kTool)], 100);
}

TEST(SkillTaxonomy, FindsByNameSlugAliasAndCaseSensitiveSpellingIgnoringCase) {
  auto t = Shipped();
  ASSERT_NE(t, nullptr);
  ASSERT_NE(t->Find("Go"), nullptr);
  EXPECT_EQ(t->Find("go")->slug, "go");
  EXPECT_EQ(t->Find("GOLANG")->slug, "go");
  EXPECT_EQ(t->Find("  Golang ")->slug, "go");
  EXPECT_EQ(t->Find("c++")->slug, "cpp");
  EXPECT_EQ(t->Find("cpp")->slug, "cpp");
  EXPECT_EQ(t->Find("C#")->slug, "csharp");
  EXPECT_EQ(t->Find("Postgres")->slug, "postgresql");
  EXPECT_EQ(t->Find("k8s")->slug, "kubernetes");
  EXPECT_EQ(t->Find("Node.js")->slug, "nodejs");
  EXPECT_EQ(t->Find("Obj-C")->slug, "objective-c");
  EXPECT_EQ(t->Find("Ruby on Rails")->slug, "rails");
  EXPECT_EQ(t->FindSlug("rust")->name, "Rust");
  EXPECT_EQ(t->Find("no such skill"), nullptr);
  EXPECT_EQ(t->FindSlug("Rust"), nullptr);  // slugs are exact
}

TEST(SkillTaxonomy, ProjectDecisionsOnKinds) {
  // The lead's decision: SQL dialects and Unix shells are languages; HTML/CSS are not.
  auto t = Shipped();
  ASSERT_NE(t, nullptr);
  for (const char* n : {"SQL", "PL/SQL", "T-SQL", "Shell", "Bash", "PowerShell", "Go", "Rust", "C", "R"}) {
    ASSERT_NE(t->Find(n), nullptr) << n;
    EXPECT_EQ(t->Find(n)->kind, SkillKind::kLanguage) << n;
  }
  for (const char* n : {"HTML", "CSS", "React", "Django", "Node.js", "Kubernetes", "PostgreSQL", "AWS"}) {
    ASSERT_NE(t->Find(n), nullptr) << n;
    EXPECT_NE(t->Find(n)->kind, SkillKind::kLanguage) << n;
  }
  EXPECT_EQ(t->Find("HTML")->kind, SkillKind::kMarkup);
  // Only Node.js implies JavaScript.
  int implying = 0;
  for (const Skill& s : t->skills()) implying += s.implies.empty() ? 0 : 1;
  const Skill* node = t->Find("Node.js");
  ASSERT_EQ(node->implies.size(), 1u);
  EXPECT_EQ(t->at(node->implies[0]).slug, "javascript");
  EXPECT_LE(implying, 2);  // Node.js, and q (whose kdb+/q pair names kdb+)
}

TEST(SkillTaxonomy, MappingsPointIntoTheReferenceData) {
  auto t = Shipped();
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->Find("Python")->onet_example, "Python");
  EXPECT_EQ(t->Find("Kafka")->onet_example, "Apache Kafka");
  EXPECT_EQ(t->Find("Rust")->onet_example, "Rust programming language");
  EXPECT_EQ(t->Find("Go")->linguist, "Go");
  int onet = 0;
  for (const Skill& s : t->skills()) onet += s.onet_example.empty() ? 0 : 1;
  EXPECT_GE(onet, 200);  // scripts/skills/check_taxonomy.py checks every value against O*NET
}

// ---- the loader's validation

const char* kHeader = R"(version = 1
[matching]
glue = "&"
[requirement]
required_headings = ["requirements"]
)";

Result<std::shared_ptr<const Taxonomy>> ParseSkills(const std::string& skills) {
  return Taxonomy::Parse(std::string(kHeader) + skills, "test.toml");
}

TEST(SkillTaxonomy, ParsesAMinimalFileAndItsRules) {
  auto t = ParseSkills(R"(
[[skill]]
slug = "go"
name = "Go"
kind = "language"
aliases = ["Golang"]
case_sensitive = ["Go"]
not_in = ["Amazon Go"]
[[skill.reject]]
why = "verb"
aliases = ["Go"]
next = ["to market", "<num>"]
prev = ["<Cap>"]
at_sentence_start = true
[[skill.reject]]
why = "peso"
next = ["<amount>"]
near = ["Salary", "pay rate"]
near_within = 4
[[skill]]
slug = "node"
name = "Node.js"
kind = "framework"
implies = ["js"]
[[skill]]
slug = "js"
name = "JavaScript"
kind = "language"
)");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const Skill* go = (*t)->Find("golang");
  ASSERT_NE(go, nullptr);
  ASSERT_EQ(go->reject.size(), 2u);
  const RejectRule& r = go->reject[0];
  ASSERT_EQ(r.next.size(), 2u);
  ASSERT_EQ(r.next[0].tokens.size(), 2u);
  EXPECT_EQ(r.next[0].tokens[1].text, "market");
  EXPECT_EQ(r.next[1].tokens[0].type, PhraseToken::Type::kNumber);
  EXPECT_EQ(r.prev[0].tokens[0].type, PhraseToken::Type::kCapital);
  EXPECT_TRUE(r.at_sentence_start);
  const RejectRule& peso = go->reject[1];
  EXPECT_EQ(peso.next.at(0).tokens.at(0).type, PhraseToken::Type::kAmount);
  EXPECT_EQ(peso.near, (std::vector<std::string>{"salary", "pay rate"}));  // lowercased
  EXPECT_EQ(peso.near_within, 4);
  EXPECT_EQ((*t)->at((*t)->Find("node")->implies.at(0)).slug, "js");
}

struct BadCase {
  const char* what;
  const char* toml;
  const char* message;  // a piece of the expected error
};

TEST(SkillTaxonomy, RejectsInvalidFilesWithFileAndLine) {
  const BadCase cases[] = {
      {"unknown kind", "[[skill]]\nslug = \"x\"\nname = \"X\"\nkind = \"weird\"\n", "unknown kind"},
      {"bad slug", "[[skill]]\nslug = \"X Y\"\nname = \"X\"\nkind = \"tool\"\n", "slug"},
      {"duplicate alias", "[[skill]]\nslug = \"a\"\nname = \"A\"\nkind = \"tool\"\naliases = [\"zz\"]\n"
                          "[[skill]]\nslug = \"b\"\nname = \"B\"\nkind = \"tool\"\naliases = [\"ZZ\"]\n",
       "already names skill 'a'"},
      {"duplicate slug", "[[skill]]\nslug = \"a\"\nname = \"A\"\nkind = \"tool\"\n"
                         "[[skill]]\nslug = \"a\"\nname = \"B\"\nkind = \"tool\"\n",
       "duplicate slug"},
      {"unknown key", "[[skill]]\nslug = \"a\"\nname = \"A\"\nkind = \"tool\"\nalias = [\"x\"]\n", "unknown key 'alias'"},
      {"not_in without spelling", "[[skill]]\nslug = \"c\"\nname = \"C\"\nkind = \"language\"\nnot_in = [\"R&D\"]\n",
       "contains none of its spellings"},
      {"rule without condition", "[[skill]]\nslug = \"c\"\nname = \"C\"\nkind = \"language\"\n[[skill.reject]]\nwhy = \"x\"\n",
       "without conditions"},
      {"rule on unknown spelling",
       "[[skill]]\nslug = \"c\"\nname = \"C\"\nkind = \"language\"\n[[skill.reject]]\nwhy = \"x\"\naliases = [\"D\"]\n"
       "at_sentence_start = true\n",
       "unknown spelling"},
      {"unknown placeholder",
       "[[skill]]\nslug = \"c\"\nname = \"C\"\nkind = \"language\"\n[[skill.reject]]\nwhy = \"x\"\nnext = [\"<year>\"]\n",
       "placeholder"},
      {"near without near_within",
       "[[skill]]\nslug = \"c\"\nname = \"C\"\nkind = \"language\"\n[[skill.reject]]\nwhy = \"x\"\nnear = [\"sales\"]\n",
       "go together"},
      {"empty near word",
       "[[skill]]\nslug = \"c\"\nname = \"C\"\nkind = \"language\"\n[[skill.reject]]\nwhy = \"x\"\nnear = [\"\"]\n"
       "near_within = 3\n",
       "empty, untrimmed"},
      {"implies unknown", "[[skill]]\nslug = \"a\"\nname = \"A\"\nkind = \"tool\"\nimplies = [\"nope\"]\n", "unknown slug"},
      {"no spelling", "[[skill]]\nslug = \"a\"\nname = \"A\"\nkind = \"tool\"\nmatch_name = false\n", "no spelling"},
      {"untrimmed alias", "[[skill]]\nslug = \"a\"\nname = \"A\"\nkind = \"tool\"\naliases = [\" a \"]\n", "untrimmed"},
      {"not toml", "[[skill]\nslug = ", "test.toml:"},
      {"subject on a nice cue",
       "[[requirement.cue]]\nphrases = [\"a plus\"]\neffect = \"nice\"\nside = \"after\"\nsubject = true\n",
       "`subject` applies only"},
  };
  for (const BadCase& c : cases) {
    auto t = ParseSkills(c.toml);
    ASSERT_FALSE(t.ok()) << c.what;
    EXPECT_NE(t.status().message().find(c.message), std::string::npos) << c.what << ": " << t.status().ToString();
    EXPECT_NE(t.status().message().find("test.toml:"), std::string::npos) << c.what << ": " << t.status().ToString();
  }
  EXPECT_FALSE(Taxonomy::Parse("", "empty.toml").ok());
  EXPECT_FALSE(Taxonomy::Load("/nonexistent/skills.toml").ok());
}

// ---- skills list / show

TEST(SkillInfo, ListsEverySkillWithItsMappings) {
  auto t = Shipped();
  ASSERT_NE(t, nullptr);
  std::string all = ListSkills(*t);
  EXPECT_EQ(all.rfind("slug", 0), 0u);  // header first
  EXPECT_NE(all.find("\npostgresql "), std::string::npos);
  EXPECT_NE(all.find(std::to_string(t->size()) + " skills"), std::string::npos);
  std::string langs = ListSkills(*t, SkillKind::kLanguage);
  EXPECT_NE(langs.find("\nrust "), std::string::npos);
  EXPECT_EQ(langs.find("\npostgresql "), std::string::npos);
  EXPECT_EQ(langs.find(" framework "), std::string::npos);
}

TEST(SkillInfo, DescribesSpellingsMappingsAndRulesReadably) {
  auto t = Shipped();
  ASSERT_NE(t, nullptr);
  std::string go = DescribeSkill(*t, *t->Find("golang"));
  EXPECT_EQ(go.rfind("Go (go)\n", 0), 0u);
  EXPECT_NE(go.find("\"Golang\""), std::string::npos);
  EXPECT_NE(go.find("exact case: \"Go\""), std::string::npos);
  EXPECT_NE(go.find("O*NET example:   Go"), std::string::npos);
  EXPECT_NE(go.find("not counted inside"), std::string::npos);
  EXPECT_NE(go.find("\"Amazon Go\""), std::string::npos);
  EXPECT_NE(go.find("it opens a sentence"), std::string::npos);
  std::string node = DescribeSkill(*t, *t->Find("node.js"));
  EXPECT_NE(node.find("also counts:     JavaScript (javascript)"), std::string::npos);
}

}  // namespace
}  // namespace skillpulse
