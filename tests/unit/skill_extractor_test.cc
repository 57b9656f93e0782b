// SkillExtractor with the shipped taxonomy: disambiguation rules on real Hacker News sentences
// (looked up in the shared data by posting id and a short anchor, not copied), the counting
// contract on hand-written sentences, required vs nice-to-have, and malformed input.
#include "enrich/skills/skill_extractor.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/paths.h"
#include "skill_test_corpus.h"

namespace skillpulse {
namespace {

const SkillExtractor& Ex() {
  static const std::unique_ptr<SkillExtractor> ex = [] {
    auto t = Taxonomy::Load(DataFile("skills.toml"));
    if (!t.ok()) throw std::runtime_error(t.status().ToString());
    auto e = SkillExtractor::Create(*t);
    if (!e.ok()) throw std::runtime_error(e.status().ToString());
    return std::move(*e);
  }();
  return *ex;
}

uint16_t Id(std::string_view slug) {
  const Skill* s = Ex().taxonomy().FindSlug(slug);
  if (s == nullptr) throw std::runtime_error("unknown slug " + std::string(slug));
  return s->id;
}

// Slugs found in `text` (title ""), sorted by skill id.
std::vector<std::string> Slugs(std::string_view text, std::string_view title = "") {
  std::vector<SkillMention> out;
  Ex().Extract(title, text, out);
  std::vector<std::string> s;
  for (const auto& m : out) s.push_back(Ex().taxonomy().at(m.skill_id).slug);
  std::sort(s.begin(), s.end());
  return s;
}

// The merged requirement of `slug` in `text`; nullopt also when the skill is absent.
std::optional<bool> Required(std::string_view text, std::string_view slug, std::string_view title = "") {
  std::vector<SkillMention> out;
  Ex().Extract(title, text, out);
  for (const auto& m : out) {
    if (m.skill_id == Id(slug)) return m.required;
  }
  ADD_FAILURE() << slug << " not found in: " << text;
  return std::nullopt;
}

using V = std::vector<std::string>;

// ---------------------------------------------------------------------------------------------
// Real sentences from the shared HN file, by posting id and an anchor that locates the span.

struct RealCase {
  int64_t id;
  const char* anchor;  // a short piece of the posting's text (after HtmlToText)
  const char* slug;
  bool present;        // the skill is (true) / is not (false) counted inside the anchor
  const char* why;
};

const RealCase kRealCases[] = {
    // Go the verb, product names, go-to-market, URLs
    {24980269, "Go to https://getsporttrade.com/careers", "go", false, "imperative 'Go to' + URL"},
    {28038257, "Go right ahead!", "go", false, "imperative opening a sentence"},
    {30164359, "as well as Go-To-Market", "go", false, "go-to-market"},
    {16496903, "Ingress and Pokemon Go", "go", false, "product name"},
    {16493662, "Fox Sports Go", "go", false, "product name"},
    {19308750, "such as Amazon Go", "go", false, "product name"},
    {18592519, "CS:GO", "go", false, "game title"},
    {20328320, "utlvKOlILJ/Go-Deve", "go", false, "inside a URL"},
    {43862096, "successful go-lives", "go", false, "go-live"},
    {17903234, "Go, Typescript (node and React)", "go", true, "stack list"},
    {17903234, "Go, Typescript (node and React)", "typescript", true, "stack list"},
    {22230075, "python, scala, go, postgres", "go", true, "lowercase go in a technology list"},
    {25064830, "GO/python", "go", true, "all-caps GO next to python"},
    {18811105, "Backend/Golang Software Engineers", "go", true, "Golang"},
    // C and R
    {16494424, "raised a $65MM Series C", "c", false, "funding round"},
    {16493805, "to C-level leaders", "c", false, "C-level"},
    {16493235, "(C/C++ experience)", "c", true, "C/C++ names C"},
    {16493235, "(C/C++ experience)", "cpp", true, "C/C++ names C++"},
    {16493958, "Pivotal Labs and R&D.", "r", false, "R&D"},
    {19802324, "SQL, R, Python", "r", true, "R among languages"},
    // JS/TS, Spring, React, Express, Salt, Next
    {21943992, "favored JS/TS, React", "javascript", true, "JS/TS names JavaScript"},
    {21943992, "favored JS/TS, React", "typescript", true, "JS/TS names TypeScript"},
    {16735116, "Java / Spring / Spring Boot", "spring", true, "Spring next to Java"},
    {16735116, "Java / Spring / Spring Boot", "spring-boot", true, "Spring Boot"},
    {24360409, "Spring 2021 and/or Summer 2021 Internships", "spring", false, "the season"},
    {20091180, "simply react to sound", "react", false, "the verb"},
    {33472124, "receive and react to relevant information", "react", false, "the verb"},
    {16494417, "Salt Lake City, Utah", "saltstack", false, "the city"},
    {21938189, "Apple, American Express, Acorns", "express", false, "American Express"},
    {19282868, "Next steps: apply", "nextjs", false, "'Next steps'"},
    {19282868, "Python/Flask running on lambdas", "flask", true, "Flask next to Python"},
};

std::vector<int64_t> RealIds() {
  std::vector<int64_t> ids;
  for (const auto& c : kRealCases) ids.push_back(c.id);
  for (int64_t id : {17443032, 16493002, 16495699, 16495923, 16493252}) ids.push_back(id);
  return ids;
}

const skill_test::HnCorpus& Corpus() { return skill_test::HnCorpus::Get(RealIds()); }

// The hit of `slug` overlapping the anchor in posting `id`, if any.
std::optional<SkillHit> HitAt(int64_t id, std::string_view anchor, std::string_view slug) {
  const std::string& text = Corpus().Text(id);
  size_t at = text.find(anchor);
  EXPECT_NE(at, std::string::npos) << "anchor '" << anchor << "' not in posting " << id;
  if (at == std::string::npos) return std::nullopt;
  std::vector<SkillHit> hits;
  Ex().ExtractHits("", text, hits);
  for (const SkillHit& h : hits) {
    if (h.skill_id == Id(slug) && h.begin < at + anchor.size() && h.end > at) return h;
  }
  return std::nullopt;
}

TEST(SkillExtractorReal, DisambiguationOnHnSentences) {
  if (!Corpus().ok()) GTEST_SKIP() << "shared HN file not readable: " << skill_test::HnPath();
  for (const RealCase& c : kRealCases) {
    EXPECT_EQ(HitAt(c.id, c.anchor, c.slug).has_value(), c.present)
        << c.id << " '" << c.anchor << "' " << c.slug << ": " << c.why;
  }
}

TEST(SkillExtractorReal, NodeJsCountsAsJavaScript) {
  if (!Corpus().ok()) GTEST_SKIP();
  auto node = HitAt(16493252, "Node.js, Ember.js, Kubernetes", "nodejs");
  ASSERT_TRUE(node.has_value());
  auto js = HitAt(16493252, "Node.js, Ember.js, Kubernetes", "javascript");
  ASSERT_TRUE(js.has_value());
  EXPECT_TRUE(js->implied);
  EXPECT_EQ(js->begin, node->begin);
}

TEST(SkillExtractorReal, RequiredAndNiceToHave) {
  if (!Corpus().ok()) GTEST_SKIP();
  // Under "Requirements:" but "Experience in Go is a plus" -> nice-to-have.
  auto go = HitAt(17443032, "Experience in Go is a plus", "go");
  ASSERT_TRUE(go.has_value());
  EXPECT_EQ(go->required, std::optional<bool>(false));
  // "at least 3+ years of Ruby experience" -> required.
  auto ruby = HitAt(16493002, "3+ years of Ruby experience", "ruby");
  ASSERT_TRUE(ruby.has_value());
  EXPECT_EQ(ruby->required, std::optional<bool>(true));
  // "Nice to have:" heading, then "AWS familiarity" -> nice-to-have.
  auto aws = HitAt(16495699, "AWS familiarity", "aws");
  ASSERT_TRUE(aws.has_value());
  EXPECT_EQ(aws->required, std::optional<bool>(false));
  // "Bonus points if you have experience with ... ObjC" -> nice-to-have.
  auto objc = HitAt(16495923, "Native Development in ObjC", "objective-c");
  ASSERT_TRUE(objc.has_value());
  EXPECT_EQ(objc->required, std::optional<bool>(false));
}

// ---------------------------------------------------------------------------------------------
// The counting contract, on hand-written sentences.

TEST(SkillExtractorContract, NamesAndStandardAliases) {
  EXPECT_EQ(Slugs("We write Golang and Python."), (V{"go", "python"}));
  EXPECT_EQ(Slugs("Our stack: JS, TS, Obj-C and C#."), (V{"csharp", "javascript", "objective-c", "typescript"}));
  EXPECT_EQ(Slugs("Experience with C/C++ required"), (V{"c", "cpp"}));
  EXPECT_EQ(Slugs("Frontend in JS/TS"), (V{"javascript", "typescript"}));
  EXPECT_EQ(Slugs("We use Postgres, k8s and Kubernates."), (V{"kubernetes", "postgresql"}));
}

TEST(SkillExtractorContract, FrameworksDoNotImplyTheirLanguageExceptNodeJs) {
  EXPECT_EQ(Slugs("Our frontend is React."), (V{"react"}));
  EXPECT_EQ(Slugs("Backend in Django with Celery."), (V{"celery", "django"}));
  EXPECT_EQ(Slugs("We maintain a large Rails app."), (V{"rails"}));
  EXPECT_EQ(Slugs("Our API runs on Node.js."), (V{"javascript", "nodejs"}));
  // "Ruby on Rails" names Ruby itself.
  EXPECT_EQ(Slugs("We maintain a large Ruby on Rails app."), (V{"rails", "ruby"}));
}

TEST(SkillExtractorContract, OptionalMentionsCount) {
  EXPECT_EQ(Required("Rust is a plus.", "rust"), std::optional<bool>(false));
  EXPECT_EQ(Required("No Go experience required, we will teach you.", "go"), std::optional<bool>(false));
}

TEST(SkillExtractorContract, NotFromUrlsEmailsOrProductNames) {
  EXPECT_EQ(Slugs("See https://github.com/golang/go and golang.org/doc for details."), V{});
  EXPECT_EQ(Slugs("Write to rust@example.com or python-jobs@example.org"), V{});
  EXPECT_EQ(Slugs("Apply at www.rustjobs.dev/Go"), V{});
  EXPECT_EQ(Slugs("We compete with Amazon Go and Fox Sports Go."), V{});
  // not_in phrases filling the whole text, so that they touch both of its edges.
  EXPECT_EQ(Slugs("Amazon Go"), V{});
  EXPECT_EQ(Slugs("Go-To-Market"), V{});
  EXPECT_EQ(Slugs("CS:GO"), V{});
  // A name that is the product itself stays: "Node.js", "Socket.io" are not domains.
  EXPECT_EQ(Slugs("Realtime with Node.js and Socket.io"), (V{"javascript", "nodejs", "websocket"}));
}

TEST(SkillExtractorContract, GoTheWord) {
  EXPECT_EQ(Slugs("Our go-to-market team is growing and we go live in May."), V{});
  EXPECT_EQ(Slugs("Ready to go? Snacks on the go!"), V{});
  EXPECT_EQ(Slugs("Go ahead and apply."), V{});
  EXPECT_EQ(Slugs("We let things go wrong in staging."), V{});
  EXPECT_EQ(Slugs("Services are written in Go."), V{"go"});
  EXPECT_EQ(Slugs("Go and Rust experience required."), (V{"go", "rust"}));
  EXPECT_EQ(Slugs("Stack: python, go, postgres"), (V{"go", "postgresql", "python"}));
}

TEST(SkillExtractorContract, CAndRNotFromOtherWords) {
  EXPECT_EQ(Slugs("We just closed our Series C and report to the C-suite and C-level execs."), V{});
  EXPECT_EQ(Slugs("Take Vitamin C daily."), V{});
  EXPECT_EQ(Slugs("Our R&D team and H&R Block."), V{});
  EXPECT_EQ(Slugs("Embedded work in C, Python and R."), (V{"c", "python", "r"}));
  // ruanyf/weekly hiring threads: "C端" is the consumer side (as "B端" the business side), "C３栋"
  // a building; "C语言" and "C/C++" are the language.
  EXPECT_EQ(Slugs("3年以上C端产品经验，熟悉Java和Go"), (V{"go", "java"}));
  EXPECT_EQ(Slugs("主要是做 C 端页面，熟悉Java"), (V{"java"}));
  EXPECT_EQ(Slugs("地址：深圳湾科技生态园C３栋，熟悉Java"), (V{"java"}));
  EXPECT_EQ(Slugs("熟悉C语言和Linux"), (V{"c", "linux"}));
  // Substrings of other words and skills.
  EXPECT_EQ(Slugs("C++ and C# only"), (V{"cpp", "csharp"}));
  EXPECT_EQ(Slugs("JavaScript only"), (V{"javascript"}));
  EXPECT_EQ(Slugs("Google, MongoDB and Gopher"), (V{"mongodb"}));
  EXPECT_EQ(Slugs("Objective-C and Swift"), (V{"objective-c", "swift"}));
}

TEST(SkillExtractorContract, AmbiguousNamesNeedTheirTechnicalSense) {
  EXPECT_EQ(Slugs("Contact Julia Smith for details."), V{});
  EXPECT_EQ(Slugs("Numerical work in Julia, Python and C++."), (V{"cpp", "julia", "python"}));
  EXPECT_EQ(Slugs("Our office is near Elm Street."), V{});
  EXPECT_EQ(Slugs("Our head chef cooks lunch and a puppet show follows."), V{});
  EXPECT_EQ(Slugs("Infra: Terraform, Chef and Puppet."), (V{"chef", "puppet", "terraform"}));
  EXPECT_EQ(Slugs("Spring 2024 internship in Salt Lake City."), V{});
  EXPECT_EQ(Slugs("Java, Spring and Hibernate."), (V{"hibernate", "java", "spring"}));
  EXPECT_EQ(Slugs("Apply with your American Express card."), V{});
  EXPECT_EQ(Slugs("APIs in Node and Express."), (V{"express", "javascript", "nodejs"}));
  EXPECT_EQ(Slugs("Ideas that spark joy."), V{});
  EXPECT_EQ(Slugs("Data pipelines in Spark and Scala."), (V{"scala", "spark"}));
  EXPECT_EQ(Slugs("Python, Flask and PostgreSQL."), (V{"flask", "postgresql", "python"}));
  EXPECT_EQ(Slugs("Our teams react to customer feedback."), V{});
  EXPECT_EQ(Slugs("Swift and Kotlin for mobile."), (V{"kotlin", "swift"}));
  EXPECT_EQ(Slugs("Payments over the SWIFT network."), V{});
}

TEST(SkillExtractorContract, CompanyNamesAreNotTechnologies) {
  EXPECT_EQ(Slugs("Our customers include Figma, Datadog and Snowflake."), V{});
  EXPECT_EQ(Slugs("Founded by the founders of GitHub."), V{});
  EXPECT_EQ(Slugs("Datadog | Software Engineer | NYC\n\nAt Datadog we build monitoring."), V{});
  EXPECT_EQ(Slugs("We design in Figma and monitor with Datadog."), (V{"datadog", "figma"}));
}

// Held-out round 2 (tests/accuracy/labels/holdout2): customer lists written "companies,
// including ..." or as a dash aside, and VMware named as a company.
TEST(SkillExtractorContract, CompanyListsAfterACommaOrADash) {
  // Ashby ambient.ai: a customer roster, not the hypervisor.
  EXPECT_EQ(Slugs("We have an impressive customer roster of F500 companies, including Adobe, VMware, and "
                  "SentinelOne"),
            V{});
  // Ashby Nango: customers named in an em-dash aside.
  EXPECT_EQ(Slugs("More than 100 paying customers \u2014 including Contentful, Semgrep \u2014 already rely on "
                  "Nango."),
            V{});
  EXPECT_EQ(Slugs("Our clients \u2013 including Contentful \u2013 ship faster."), V{});
  EXPECT_EQ(Slugs("Our customers, including VMware, ship faster."), V{});
  // "clients, including" is not a cue: it also opens lists of work ("ad hoc requests from clients,
  // including detailed SQL and Excel-based analysis, and develop custom Retool dashboards").
  EXPECT_EQ(Slugs("Handle requests from clients, including detailed SQL analysis, and build Retool dashboards."),
            (V{"retool", "sql"}));
  EXPECT_EQ(Slugs("Virtualization experience with VMware and KVM on Linux."), (V{"kvm", "linux", "vmware"}));
  EXPECT_EQ(Slugs("Content lives in Contentful."), V{"contentful"});
}

TEST(SkillExtractorContract, GluedOrmSpelling) {
  // Ashby Lorikeet: "PrismaORM" written as one word.
  EXPECT_EQ(Slugs("a modern tech stack, with Typescript, React/Remix, PrismaORM, NestJS"),
            (V{"nestjs", "prisma", "react", "remix", "typescript"}));
}

TEST(SkillExtractorContract, TaxonomyEntriesAddedAfterHeldOutRound2) {
  // Slurm (HN 2018-2025 stacks) and XState: names the held-out labels had and the taxonomy
  // lacked. (Cloudera was left out: about half of its HN mentions name the company - "early
  // engineers at AWS, Cloudera", "Amr Awadallah (Cloudera)" - in lists no company cue opens.)
  EXPECT_EQ(Slugs("Java, C++, systems design, HPC, Slurm, OpenGL, Linux are all things we use."),
            (V{"cpp", "java", "linux", "opengl", "slurm"}));
  EXPECT_EQ(Slugs("Experience with high-performance computing (HPC) infrastructure such as Slurm."), V{"slurm"});
  EXPECT_EQ(Slugs("React developer \u2013 Typescript, redux, material-ui, xstate, Storybook."),
            (V{"material-ui", "react", "redux", "storybook", "typescript", "xstate"}));
}

TEST(SkillExtractorContract, SpellingsInsideLongerOnesCountWhenMarked) {
  EXPECT_EQ(Slugs("Serverless on AWS Lambda."), (V{"aws", "lambda"}));
  EXPECT_EQ(Slugs("Managed with Google Kubernetes Engine."), (V{"gke", "kubernetes"}));
  EXPECT_EQ(Slugs("Services in Spring Boot."), (V{"spring-boot"}));
  EXPECT_EQ(Slugs("Apps in React Native."), (V{"react-native"}));
}

// ---------------------------------------------------------------------------------------------
// Errors found on the held-out set (tests/accuracy/labels/holdout): short sentences of those
// postings, expected values from reading them.

TEST(SkillExtractorHoldout, LowercaseCSlashCppNamesC) {
  // hn 16496837: "technologies we touch: golang, kotlin, python, c/c++, kubernetes, react"
  EXPECT_EQ(Slugs("technologies we touch: golang, kotlin, python, c/c++, kubernetes, react"),
            (V{"c", "cpp", "go", "kotlin", "kubernetes", "python", "react"}));
  EXPECT_EQ(Slugs("Systems work in C/C++ on Linux."), (V{"c", "cpp", "linux"}));
  EXPECT_EQ(Slugs("iOS in Objective-C/C++."), (V{"cpp", "ios", "objective-c"}));
}

TEST(SkillExtractorHoldout, RClosingAListOfTechnologies) {
  // ashby lmarena: the language list ends with "R)".
  EXPECT_EQ(Slugs("Proficiency in SQL and at least one programming language commonly used for data "
                  "analysis (Python (preferred), Scala, R)."),
            (V{"python", "r", "scala", "sql"}));
  EXPECT_EQ(Slugs("Scientific programmers (Python, R)"), (V{"python", "r"}));
  // Still a list label or a grade when nothing technical is near.
  EXPECT_EQ(Slugs("Pick option A) or R) and reply by mail."), V{});
}

TEST(SkillExtractorHoldout, PhoenixInAListOfTechnologies) {
  // hn 19313168
  EXPECT_EQ(Slugs("We've built the app from the ground up using Elixir & Phoenix and are excited "
                  "about being apart of the Elixir ecosystem."),
            (V{"elixir", "phoenix"}));
  EXPECT_EQ(Slugs("We mostly use Ruby/Rails, Elixir/Phoenix and Javascript/React."),
            (V{"elixir", "javascript", "phoenix", "rails", "react", "ruby"}));
  // The city in a list of places stays out.
  EXPECT_EQ(Slugs("Offices in Denver, Phoenix and Austin. We write Elixir."), (V{"elixir"}));
}

TEST(SkillExtractorHoldout, Spellings) {
  // hn 17220855, hn 26306764, ashby lazer
  EXPECT_EQ(Slugs("Stack: Python, C++, CUDA, Open GL, AWS."), (V{"aws", "cpp", "cuda", "opengl", "python"}));
  EXPECT_EQ(Slugs("React Native Lead Developer (React Native, GraphQL, FastLane)"),
            (V{"fastlane", "graphql", "react-native"}));
  // Solana's SDK is not web3.js (the Ethereum library).
  EXPECT_EQ(Slugs("Solana-specific libraries and tools including Anchor, Solana Web3.js, Solana CLI"),
            (V{"solana", "solana-web3js"}));
  EXPECT_EQ(Slugs("Frontend with ethers.js and web3.js on Ethereum."), (V{"ethereum", "web3js"}));
}

TEST(SkillExtractorHoldout, OfficeAndTestingTools) {
  // Tools the held-out labels named that the taxonomy lacked (ashby campfire, pplwise, sardine).
  EXPECT_EQ(Slugs("Proficient in Google Workspace (or MS Office), calendar tools."), (V{"microsoft-office"}));
  EXPECT_EQ(Slugs("Strong skills in Word, Excel, and Powerpoint."), (V{"excel", "powerpoint"}));
  EXPECT_EQ(Slugs("Proficiency with accounting software (e.g., QuickBooks, NetSuite)."),
            (V{"netsuite", "quickbooks"}));
  EXPECT_EQ(Slugs("Mobile automation frameworks such as Appium or XCUITest; Crashlytics for crashes."),
            (V{"appium", "crashlytics", "xcuitest"}));
  EXPECT_EQ(Slugs("WASM bindings using Emscripten and C++."), (V{"cpp", "emscripten", "webassembly"}));
  EXPECT_EQ(Slugs("Our tech stack: Apache Arrow/Parquet, DuckDB."), (V{"apache-arrow", "duckdb", "parquet"}));
  EXPECT_EQ(Slugs("Very strong with React, Next.js, Tailwind, and Framer Motion."),
            (V{"framer-motion", "nextjs", "react", "tailwind"}));
  // The word and a company stay out.
  EXPECT_EQ(Slugs("An arrow points to the office."), V{});
}

TEST(SkillExtractorHoldout, RosNeedsATechnicalWordNotAnotherTechnology) {
  // ashby dexmate: the nearest technologies are more than four words away.
  EXPECT_EQ(Slugs("Familiarity with ROS, simulation environments (e.g., Drake, Isaac Sim, MuJoCo)"),
            (V{"isaac-sim", "ros"}));
  EXPECT_EQ(Slugs("Working in the robotics industry or knowledge of ROS"), (V{"ros"}));
  // A suspicious-operation report (AML compliance roles) stays out.
  EXPECT_EQ(Slugs("Regulatory Reporting: Prepare and submit ROS and other filings via SIREL to UIAF."), V{});
  EXPECT_EQ(Slugs("Proven experience with UIAF regulatory reporting (ROS, SIREL)."), V{});
}

TEST(SkillExtractorHoldout, PlayBesideScala) {
  // hn 23120185
  EXPECT_EQ(Slugs("Multiple openings: Back-end (Scala/Play), Front-end (React), Security"),
            (V{"play-framework", "react", "scala"}));
  EXPECT_EQ(Slugs("Our technology stack is Scala / Akka / Play."), (V{"akka", "play-framework", "scala"}));
  // The verb and Google's store stay out.
  EXPECT_EQ(Slugs("React/Redux, TypeScript. Play with top-quality marketing tools."),
            (V{"react", "redux", "typescript"}));
  EXPECT_EQ(Slugs("Ship to Google Play with Kotlin."), (V{"kotlin"}));
  EXPECT_EQ(Slugs("Engineers play a key role. Play nice."), V{});
}

TEST(SkillExtractorHoldout, FormerEmployersAreNotTechnologies) {
  // ashby continua, ashby lmarena
  EXPECT_EQ(Slugs("Our team is a fantastic bunch of accomplished engineers and researchers from "
                  "Google, Slack, Disney, and AI startups."),
            V{});
  EXPECT_EQ(Slugs("We are a small team of top talent from Google, DeepMind, Discord, Vercel, UC "
                  "Berkeley, and Stanford."),
            V{});
  EXPECT_EQ(Slugs("We deploy on Vercel and chat in Slack."), (V{"slack", "vercel"}));
}

TEST(SkillExtractorHoldout, RequirementHeadingsAndCues) {
  // ashby Blockworks (curly apostrophes as in the posting): "It’d be great if" heads a
  // nice-to-have section; "Familiarity with AWS" there is nice-to-have too.
  const char* blockworks =
      "It’d Be Great If You’ve Done This:\n\n"
      "It’d be great if you’ve worked with frameworks like NestJS and database access layers such "
      "as TypeORM, and have experience supporting legacy migrations in PHP. Familiarity with AWS "
      "cloud infrastructure, exposure to ML/AI models, and hands-on experience in the crypto space "
      "are all strong pluses.";
  EXPECT_EQ(Required(blockworks, "aws"), std::optional<bool>(false));
  EXPECT_EQ(Required(blockworks, "nestjs"), std::optional<bool>(false));
  EXPECT_EQ(Required(blockworks, "php"), std::optional<bool>(false));
  EXPECT_EQ(Required("It'd be great if you have:\n\n- AWS\n\n- Docker", "docker"), std::optional<bool>(false));
  // ashby bliro: "Familiarity in" is a requirement cue like "familiarity with".
  EXPECT_EQ(Required("Must-Have Competencies\n\n- Familiarity in either Swift or C++", "swift"),
            std::optional<bool>(true));
  // ashby hyperexponential, ashby bliro: requirement headings.
  EXPECT_EQ(Required("WHAT YOU’LL NEED TO HAVE DONE\n\n - Shipped production-grade Python solutions, applying "
                     "modern development practices.",
                     "python"),
            std::optional<bool>(true));
  EXPECT_EQ(Required("What You've Done Before:\n\n- TypeScript and Node.js services in production", "typescript"),
            std::optional<bool>(true));
  EXPECT_EQ(Required("Must-Have Competencies\n\n- TypeScript, React, Node.js", "react"), std::optional<bool>(true));
  // German and French requirement headings (ashby pplwise, ashby lemlist).
  EXPECT_EQ(Required("DAS BRINGST DU MIT\n\n - Sicherer Umgang mit Office-Tools und CRM-Systemen "
                     "(z. B. Salesforce).",
                     "salesforce"),
            std::optional<bool>(true));
  EXPECT_EQ(Required("Profil recherché :\n\n - 5 ans minimum d’expérience en développement web "
                     "(JS/TS, Node, React)",
                     "react"),
            std::optional<bool>(true));
}

// ---------------------------------------------------------------------------------------------
// Required vs nice-to-have

TEST(SkillExtractorRequirement, Cues) {
  EXPECT_EQ(Required("Kubernetes experience is a plus.", "kubernetes"), std::optional<bool>(false));
  EXPECT_EQ(Required("Bonus if you know Elixir.", "elixir"), std::optional<bool>(false));
  EXPECT_EQ(Required("Ideally you have worked with Terraform.", "terraform"), std::optional<bool>(false));
  EXPECT_EQ(Required("Familiarity with GraphQL is nice.", "graphql"), std::optional<bool>(false));
  EXPECT_EQ(Required("Python preferred.", "python"), std::optional<bool>(false));
  EXPECT_EQ(Required("You must have Java.", "java"), std::optional<bool>(true));
  EXPECT_EQ(Required("5+ years of Go in production.", "go"), std::optional<bool>(true));
  EXPECT_EQ(Required("Our backend is written in Scala.", "scala"), std::nullopt);
  // Nearest cue per side: Python required, Go a plus.
  EXPECT_EQ(Required("Strong Python required, Go is a plus.", "python"), std::optional<bool>(true));
  EXPECT_EQ(Required("Strong Python required, Go is a plus.", "go"), std::optional<bool>(false));
  // A cue inside a parenthesis qualifies only its own contents.
  EXPECT_EQ(Required("Experience with Python (Rust is a plus)", "python"), std::optional<bool>(true));
  EXPECT_EQ(Required("Experience with Python (Rust is a plus)", "rust"), std::optional<bool>(false));
  EXPECT_EQ(Required("You know Go (preferred)", "go"), std::optional<bool>(false));
  // The same with the parenthesis farther away (parentheses are searched 8 bytes at a time).
  EXPECT_EQ(Required("Experience with Python and its ecosystem (Rust is a plus)", "python"),
            std::optional<bool>(true));
  EXPECT_EQ(Required("Experience with Python and its ecosystem (Rust is a plus)", "rust"),
            std::optional<bool>(false));
  // "ideally" closes with its parenthesis, so it does not reach Terraform.
  EXPECT_EQ(Required("Kubernetes (ideally on a managed control plane), then Terraform", "terraform"), std::nullopt);
}

TEST(SkillExtractorRequirement, Headings) {
  const char* posting =
      "Acme | Backend Engineer | Remote\n\n"
      "We build tools.\n\n"
      "Requirements:\n\n- Go\n\n- PostgreSQL\n\n- Docker is a plus\n\n"
      "Nice to have:\n\n- Rust\n\n- Kafka\n\n"
      "We also use Kubernetes and Terraform in production.\n\n"
      "Benefits:\n\n- Python lessons";
  EXPECT_EQ(Required(posting, "go"), std::optional<bool>(true));
  EXPECT_EQ(Required(posting, "postgresql"), std::optional<bool>(true));
  EXPECT_EQ(Required(posting, "docker"), std::optional<bool>(false));
  EXPECT_EQ(Required(posting, "rust"), std::optional<bool>(false));
  EXPECT_EQ(Required(posting, "kafka"), std::optional<bool>(false));
  EXPECT_EQ(Required(posting, "kubernetes"), std::nullopt);  // prose after the list
  EXPECT_EQ(Required(posting, "python"), std::nullopt);      // "Benefits" section
  EXPECT_EQ(Required("Bonus: Rust, Go and Zig", "zig"), std::optional<bool>(false));
  EXPECT_EQ(Required("Must have: Java, Kotlin", "kotlin"), std::optional<bool>(true));
}

TEST(SkillExtractorRequirement, TitleAndHeaderRoleAreRequiredAndMentionsMerge) {
  EXPECT_EQ(Required("We are hiring.", "rust", "Senior Rust Engineer"), std::optional<bool>(true));
  EXPECT_EQ(Required("Acme | Senior Go Engineer | Remote\n\nHello.", "go"), std::optional<bool>(true));
  // One mention nice, one required -> required; nice + unknown -> nice.
  EXPECT_EQ(Required("Rust is a plus. You must have Rust.", "rust"), std::optional<bool>(true));
  EXPECT_EQ(Required("We use Rust. Rust is a plus.", "rust"), std::optional<bool>(false));
}

TEST(SkillExtractorOutput, SortedUniqueAndMergedWithExistingEntries) {
  std::vector<SkillMention> out;
  out.push_back(SkillMention{Id("rust"), true});
  Ex().Extract("", "Python, Rust and Python again. Rust is a plus.", out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_LT(out[0].skill_id, out[1].skill_id);
  for (const auto& m : out) {
    if (m.skill_id == Id("rust")) {
      EXPECT_EQ(m.required, std::optional<bool>(true));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Bad input never crashes; threads share one extractor.

TEST(SkillExtractorRobustness, MalformedInput) {
  std::vector<SkillMention> out;
  Ex().Extract("", "", out);
  EXPECT_TRUE(out.empty());
  static constexpr char kBroken[] = "Go\0\xc3(Rust\xed\xa0\x80 Python \xf0\x9f\x92";
  Ex().Extract("\xff\xfe", std::string(kBroken, sizeof kBroken - 1), out);
  std::string binary;
  for (int i = 0; i < 100000; ++i) binary.push_back(static_cast<char>((i * 7919) % 256));
  Ex().Extract(binary, binary, out);
  // Huge: 64 MiB of repeated skill names and punctuation.
  std::string huge;
  huge.reserve(size_t{64} << 20);
  while (huge.size() < (size_t{64} << 20)) huge += "C, R, Go, Rust (Series C) https://golang.org/x Requirements:\n- ";
  out.clear();
  Ex().Extract("", huge, out);
  EXPECT_EQ(Slugs(std::string(70000, 'x') + " Rust"), V{"rust"});
  EXPECT_EQ(Slugs("\xe7\x86\x9f\xe6\x82\x89Go\xe8\xaf\xad\xe8\xa8\x80"), V{"go"});  // Go between CJK
  EXPECT_EQ(Slugs("G\xc3\xb6 and Rust\xc3\xa9"), V{});  // Latin letters glue
}

TEST(SkillExtractorRobustness, ConcurrentCallsAgree) {
  const std::string text = "Senior Go/Rust engineer. Requirements: 5+ years of Go, Kubernetes is a plus.";
  std::vector<SkillMention> expected;
  Ex().Extract("", text, expected);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        std::vector<SkillMention> out;
        Ex().Extract("", text, out);
        ok[t] += out == expected ? 1 : 0;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(ok[t], 2000);
}

TEST(SkillExtractorHoldout2, NicePredicateQualifiesTheWholeSubject) {
  // hn 22466037: a nice-to-have predicate after a list qualifies every item, the first too,
  // though "familiarity with" stands nearer.
  const char* hn22466037 =
      "Tech we use:\n- go programming language\n- familiarity with IPFS, libp2p, WebRTC, Bittorrents a plus\n- React\n";
  EXPECT_EQ(Required(hn22466037, "ipfs"), std::optional<bool>(false));
  EXPECT_EQ(Required(hn22466037, "webrtc"), std::optional<bool>(false));
}

TEST(SkillExtractorHoldout2, NicePredicateAfterAnExperienceList) {
  // hn 26309152: "plusses but not required" after the list makes every item nice-to-have.
  EXPECT_EQ(Required("For the senior web designer position, experience in CSS, JS, or React are definitely "
                     "plusses but not required.",
                     "css"),
            std::optional<bool>(false));
  // ashby jimdo.com: a nice-to-have predicate right after "Experience with X".
  const char* jimdo = "WHAT YOU BRING:\n\n- Proficiency in Kotlin. Experience with Java is beneficial.";
  EXPECT_EQ(Required(jimdo, "java"), std::optional<bool>(false));
  EXPECT_EQ(Required(jimdo, "kotlin"), std::optional<bool>(true));
  // ashby Coworker: "(nice to have)" after the list.
  EXPECT_EQ(Required("- Experience in React, Next.js, and TypeScript (nice to have)", "react"), std::optional<bool>(false));
  // ashby kindred: "is a strong plus".
  EXPECT_EQ(Required("Experience with Next.js is a strong plus.", "nextjs"), std::optional<bool>(false));
  // ashby brigit: "a significant plus"; the Excel requirement before the ';' stays required.
  const char* brigit = "- Proficiency in QuickBooks and Excel (Advanced level required); Oracle and/or SQL "
                       "experience a significant plus";
  EXPECT_EQ(Required(brigit, "sql"), std::optional<bool>(false));
  // A strong requirement cue is not a subject: the nearer cue still decides.
  EXPECT_EQ(Required("Must have Python experience, and Go is a plus.", "python"), std::optional<bool>(true));
  EXPECT_EQ(Required("Must have Python experience, and Go is a plus.", "go"), std::optional<bool>(false));
  // subject_breaks: "with" opens a new phrase, so "a plus" does not reach back over "proficiency
  // in" (Ashby, posting af173498): Python stays required.
  EXPECT_EQ(Required("Programming Languages: Advanced proficiency in Python, Go, or Node.js, with experience in "
                     "multiple languages being a plus",
                     "python"),
            std::optional<bool>(true));
  // hn 16494680: list items run together on one line (the HTML's line breaks collapse); the
  // plus of a later item does not reach back over " - ".
  EXPECT_EQ(Required("Skills required - Experience with functional programming or Scala - Understanding of basic "
                     "UI/UX design principles - React knowledge is a huge plus",
                     "scala"),
            std::optional<bool>(true));
  // Ashby posting b9af0bf8: the parenthesis's cue has a subject of its own ("certification"),
  // so it does not qualify the list; Tableau stays required.
  EXPECT_EQ(Required("- Technical expertise in Excel, SQL, Tableau (certification preferred), and other BI tools.",
                     "tableau"),
            std::optional<bool>(true));
  // Ashby posting 51f26480: "(preferred)" qualifies Angular alone when the sentence goes on.
  EXPECT_EQ(Required("- 7+ years of experience in a software engineering role, with proficiency in HTML5, JavaScript, "
                     "TypeScript, and frameworks like Angular (preferred) or React, along with one or more "
                     "high-level programming languages.",
                     "html"),
            std::optional<bool>(true));
  // ashby stack-ai: "with bonus points for X" opens its own phrase; the list before it stays
  // required.
  const char* stackai = "- Expertise in React, Next.js, TypeScript, CSS, with bonus points for Tailwind CSS.";
  EXPECT_EQ(Required(stackai, "react"), std::optional<bool>(true));
  EXPECT_EQ(Required(stackai, "tailwind"), std::optional<bool>(false));
}

TEST(SkillExtractorHoldout2, MoreNiceToHavePhrases) {
  // ashby medal (held-out round 1): "Bonus to have" before a list.
  EXPECT_EQ(Required("- Bonus to have full-stack XP: including Java, C#, and C++", "csharp"), std::optional<bool>(false));
  // hn 20585793: "wouldn't go amiss".
  EXPECT_EQ(Required("* Some Go, Python, and Bash wouldn't go amiss", "python"), std::optional<bool>(false));
  // hn 19804921: "not paramount", across the list.
  EXPECT_EQ(Required("We make heavy use of Windows, Debian and FreeBSD, but knowledge in those things specifically is "
                     "not paramount, typically we look for expertise in practical use of systems.",
                     "debian"),
            std::optional<bool>(false));
  // ashby anyscale: "Bonus points!" heads nice-to-haves.
  EXPECT_EQ(Required("Bonus points!\n\n - Work closely with community on LLM engines like vLLM, TensorRT-LLM", "vllm"),
            std::optional<bool>(false));
}

TEST(SkillExtractorHoldout2, MoreRequirementHeadings) {
  // ashby orchard: "What makes you a good fit:" heads requirements.
  EXPECT_EQ(Required("What makes you a good fit:\n\n- You're comfortable working with cloud (Google Cloud), React "
                     "frontend, Python/Flask backend, and databases (postgreSQL).",
                     "flask"),
            std::optional<bool>(true));
  // ashby Solvd, ashby sully-ai.
  EXPECT_EQ(Required("Mandatory requirements:\n\n- Jira.", "jira"), std::optional<bool>(true));
  EXPECT_EQ(Required("Hard Requirements\n\n- Strong cloud infrastructure background (AWS, GCP, or Azure).", "azure"),
            std::optional<bool>(true));
  // ashby writer: an emoji before the heading, a question mark after it.
  EXPECT_EQ(Required("⭐ Is this you?\n\n• Comfortable navigating cloud tech (AWS/GCP), Python, SDKs, SSO/SCIM, Jira, "
                     "Grafana, Datadog",
                     "datadog"),
            std::optional<bool>(true));
}

TEST(SkillExtractorHoldout2, MoreNiceToHaveHeadings) {
  // ashby n8n: a nice-to-have heading with an ellipsis.
  EXPECT_EQ(Required("BONUS IF YOU HAVE SOME OF THESE...\n\n🧪 CLI and package manager comfort: You use terminal "
                     "tools like npm, pnpm, or yarn regularly.",
                     "yarn"),
            std::optional<bool>(false));
  // ashby sierra.
  EXPECT_EQ(Required("EVEN BETTER...\n\n- Prior experience with React, TypeScript, and/or Go", "go"),
            std::optional<bool>(false));
  // ashby langdock: "STRONG PLUS" heads nice-to-haves, though the item says "Experience with".
  EXPECT_EQ(Required("STRONG PLUS\n\n- Experience with Redis for caching and session management", "redis"),
            std::optional<bool>(false));
  // ashby substack: "PREFERENCES".
  EXPECT_EQ(Required("PREFERENCES\n\n- Technical abilities. Specifically, we highly value strong front-end skills and "
                     "experience with TypeScript and React.",
                     "typescript"),
            std::optional<bool>(false));
  // ashby keyrock: "BENEFICIAL EXPERIENCE".
  EXPECT_EQ(Required("BENEFICIAL EXPERIENCE\n\n- Infrastructure Experience: Hands-on experience with cloud "
                     "infrastructure (e.g., AWS, GCP, Azure) is a significant bonus.",
                     "aws"),
            std::optional<bool>(false));
}

// Round 3 of the held-out sets (tests/accuracy/labels/holdout3): spellings and names the blind
// labels had that the extractor missed or misread.
TEST(SkillExtractorHoldout3, MisspelledAndShortProductNames) {
  // HN (Motive): "PostgresSql" is PostgreSQL.
  EXPECT_EQ(Slugs("Sample Tech Stack: Golang, Ruby, Java, AWS, PostgresSql, DynamoDB, Redis"),
            (V{"aws", "dynamodb", "go", "java", "postgresql", "redis", "ruby"}));
  // Ashby Clicklease: "Microsoft SQL" is the database product, not the SQL language.
  EXPECT_EQ(Slugs("familiarity with database tools such as Microsoft SQL, PostgreSQL, or Snowflake"),
            (V{"postgresql", "snowflake", "sql-server"}));
  // Ashby fabrion: "Weight & Biases" (sic) and a bare "Chroma" among vector databases.
  EXPECT_EQ(Slugs("Evaluation: Ragas, Weight & Biases"), V{"wandb"});
  EXPECT_EQ(Slugs("Vector DBs: Weaviate, Qdrant, FAISS, Pinecone, Chroma"),
            (V{"chromadb", "faiss", "pinecone", "qdrant", "weaviate"}));
  EXPECT_EQ(Slugs("Chroma is building the memory layer for AI applications."), V{});
  // Ashby AtroposHealth: Sketch the design tool beside other tools; "Sketch" the verb alone is not.
  EXPECT_EQ(Slugs("Experience with prototyping tools such as Figma, Sketch, Zeplin"),
            (V{"figma", "sketch-app", "zeplin"}));
  EXPECT_EQ(Slugs("Sketch out ideas with the team, then build them."), V{});
}

TEST(SkillExtractorHoldout3, OrganisationsAndWordsThatAreNotTheTechnology) {
  // Ashby spearbit: the Ethereum Foundation is an organisation; Solidity still counts.
  EXPECT_EQ(Slugs("Founded in 2021 by former Ethereum Foundation Solidity engineers"), V{"solidity"});
  EXPECT_EQ(Slugs("You will write smart contracts on Ethereum in Solidity."), (V{"ethereum", "solidity"}));
  // Ashby dourolabs.xyz: "crystal-clear" written with a hyphen.
  EXPECT_EQ(Slugs("crafting user-friendly APIs and crystal-clear documentation"), V{});
  EXPECT_EQ(Slugs("Our backend is written in Crystal and Ruby."), (V{"crystal", "ruby"}));
}

TEST(SkillExtractorHoldout3, ApolloAmongSalesToolsIsApolloIo) {
  // Ashby thewfsgroup: Apollo.io, the prospecting tool, written "Apollo" among sales tools.
  EXPECT_EQ(Slugs("You'll use tools like Apollo, ZoomInfo, Clay, Hubspot, and our internal frameworks."),
            V{"hubspot"});
  // Ashby basis-ai: a sales word on the line is enough.
  EXPECT_EQ(Slugs("sales engagement tools (Outreach, Apollo), and automation/enrichment platforms"), V{});
  // Apollo GraphQL keeps counting beside JavaScript technologies, even when the next line is about
  // sales (HN: "Our stack: Elixir/Phoenix/Absinthe/GraphQL/Apollo/React/React-Native.\nSales: SMB").
  EXPECT_EQ(Slugs("Our stack: Elixir/Phoenix/Absinthe/GraphQL/Apollo/React.\nSales: SMB/POS."),
            (V{"absinthe", "apollo", "elixir", "graphql", "phoenix", "react"}));
}

TEST(SkillExtractorHoldout3, ProductAnalogiesAreNotTechnologies) {
  // Ashby spearbit and doss: the employer's product described as "the X for Y".
  EXPECT_EQ(Slugs("We're building Cantina \u2014the \"GitHub for Security\"\u2014connecting security researchers"), V{});
  EXPECT_EQ(Slugs("We\u2019re building the \u201cTerraform for operators\u201d \u2014 an AI-generated schema layer"), V{});
  // HN: after "think" and after "the".
  EXPECT_EQ(Slugs("a modern, collaborative web-app. Think Figma for Maps."), V{});
  EXPECT_EQ(Slugs("Our early users have described us as the Webflow for Apps."), V{});
  // The tool itself, used for something: no quote, no "think", or a lowercase "the serverless
  // framework".
  EXPECT_EQ(Slugs("The stack is Express and Postgres on top of Heroku. React for frontend."),
            (V{"express", "heroku", "postgresql", "react"}));
  EXPECT_EQ(Slugs("Familiarity with tools like Salesforce for tracking customer interactions"), V{"salesforce"});
  EXPECT_EQ(Slugs("Currently, we're using typescript/the serverless framework for our APIs."),
            (V{"serverless-framework", "typescript"}));
}

TEST(SkillExtractorHoldout3, PhpFollowedByASumIsThePhilippinePeso) {
  // Ashby givebutter: a Philippine support role's pay.
  EXPECT_EQ(Slugs("Pay rate: PHP 550/hour"), V{});
  EXPECT_EQ(Slugs("Salary: PHP 30,000 - 45,000 per month"), V{});
  EXPECT_EQ(Slugs("Salary: PHP 45k per month"), V{});
  // Versions stay PHP.
  EXPECT_EQ(Slugs("Experience with PHP 5.6 and MySQL"), (V{"mysql", "php"}));
  EXPECT_EQ(Slugs("We run PHP 8.2 and Laravel."), (V{"laravel", "php"}));
  EXPECT_EQ(Slugs("PHP 10+ years, please"), V{"php"});
}

TEST(SkillExtractorHoldout3, MoreRequirementCuesAndHeadings) {
  // HN: "comfortable coding in" states a requirement.
  EXPECT_EQ(Required("You should be comfortable coding in Golang and Typescript (or languages like them).", "go"),
            std::optional<bool>(true));
  // Ashby hiya: a "What You'll Need to Succeed" heading.
  EXPECT_EQ(Required("What You'll Need to Succeed\n\n - Technical depth to provide architectural guidance across "
                     "mobile (iOS/Android), backend services, and telecom/VoIP systems.",
                     "android"),
            std::optional<bool>(true));
  // Ashby doss: "WHAT YOU'RE GOOD AT".
  EXPECT_EQ(Required("WHAT YOU'RE GOOD AT\n\n - Translating sophisticated Figma UI/UX into pixel perfect "
                     "implementations in browser.",
                     "figma"),
            std::optional<bool>(true));
  // Ashby fabrion: "optionally".
  EXPECT_EQ(Required("Languages: Python (core), optionally Rust (for inference layers) or JS (for UX experimentation)",
                     "rust"),
            std::optional<bool>(false));
  // Ashby polymarket: a "(Plus)" bullet.
  EXPECT_EQ(Required("WHAT WE'RE LOOKING FOR\n\n - (Plus) Experience with Ethereum roll-up technologies (e.g., "
                     "Arbitrum Nova, Optimism)",
                     "ethereum"),
            std::optional<bool>(false));
}

TEST(SkillExtractorHoldout3, ALineRightUnderAListItemContinuesIt) {
  // Ashby nextlinklabs: a <br> inside an <li> puts "(Must have ...)" on its own line; the list
  // goes on after it.
  const char* text =
      "Required Qualifications\n\n- 2+ years in a consulting, shared services, or advisory environment\n"
      "(Must have supported multiple teams or clients)\n- Proven expertise in:\n- Containers: Kubernetes, "
      "Docker, or ECS\n\nWe offer a great team.\n- Docker swag";
  EXPECT_EQ(Required(text, "docker"), std::optional<bool>(true));
  // HN Kaiko: a wrapped item, indented.
  EXPECT_EQ(Required("You have:\n  - Networking experience (VPC, VPN, Subnets, Firewall rules,\n   Ingress/Egress, etc.)\n"
                     "  - Worked with (in no particular order):\n    - Helm/Terraform",
                     "terraform"),
            std::optional<bool>(true));
  // A capitalised prose line right after the list still ends the section.
  EXPECT_EQ(Required("Requirements:\n- Linux servers\nWe also run Kubernetes in production.", "kubernetes"),
            std::nullopt);
}

TEST(SkillExtractorHoldout3, HeadingJoinedByAnAmpersand) {
  // Ashby auger: "Bonus Points & Other Considerations" heads nice-to-haves.
  EXPECT_EQ(Required("Qualifications\n\n- 3+ years of professional software development experience, with expertise in "
                     "Java or Python.\n\nBonus Points & Other Considerations\n\n- Familiarity with AI/ML frameworks and "
                     "techniques (e.g., TensorFlow, PyTorch).",
                     "pytorch"),
            std::optional<bool>(false));
  // HN Goldman Sachs: "Skills & Requirements".
  EXPECT_EQ(Required("Skills & Requirements\n-A software engineer programming in a complied language such as Java, C++, "
                     "or C# or interpreted such as Python.",
                     "csharp"),
            std::optional<bool>(true));
  // A longer line is prose, not a heading.
  EXPECT_EQ(Required("Experience & passion for building great developer tools with Rust and Go", "rust"), std::nullopt);
}


// Round 4 of the held-out sets (tests/accuracy/labels/holdout4): expected values written from
// the quoted posting text.
TEST(SkillExtractorHoldout4, SpacedWebAssemblyAndSpelledOutEmails) {
  // Ashby anything: "Web Assembly" written as two words is WebAssembly, not the Assembly language.
  EXPECT_EQ(Slugs("Deep in Typescript and modern web/mobile frameworks (React, React Native, Web Assembly)"),
            (V{"react", "react-native", "typescript", "webassembly"}));
  EXPECT_EQ(Slugs("We also use Rust via Web Assembly."), (V{"rust", "webassembly"}));
  EXPECT_EQ(Slugs("Experience with x86 assembly and C"), (V{"assembly", "c"}));
  // HN Active Theory: "jobs at activetheory dot net" is an e-mail address, not .NET.
  EXPECT_EQ(Slugs("Apply - jobs at activetheory dot net"), V{});
  EXPECT_EQ(Slugs("Or reach out: dan g at bigleaf dot net."), V{});
  EXPECT_EQ(Slugs("We build services in C# and Dot Net."), (V{"csharp", "dotnet"}));
}

TEST(SkillExtractorHoldout4, PromQlAloneNamesPrometheus) {
  // Ashby raiku: under WHAT YOU'LL BRING, "Prometheus and PromQL" is the monitoring tool (both
  // spellings are Prometheus's, so neither is "another technology" for the myth rule).
  EXPECT_EQ(Required("WHAT YOU'LL BRING\n\n - Familiarity with monitoring and alerting using Prometheus and PromQL.",
                     "prometheus"),
            std::optional<bool>(true));
  EXPECT_EQ(Slugs("Experience writing queries in PromQL"), V{"prometheus"});
  // The bare name still needs a technology nearby.
  EXPECT_EQ(Slugs("Like Prometheus, we bring fire to the people."), V{});
}

TEST(SkillExtractorHoldout4, CompanyNamesAndComparisons) {
  // Ashby Influxdata: InfluxData is the company, not the database.
  EXPECT_EQ(Slugs("Create and execute on Go-to-market strategies to drive InfluxData's revenue goals"), V{});
  EXPECT_EQ(Slugs("We are a time series database, looking for experienced Golang SWEs to work on InfluxDB."),
            (V{"go", "influxdb"}));
  // Ashby speckle: "a cross between Github and Palantir" describes the product.
  EXPECT_EQ(Slugs("Think of us as a cross between Github and Palantir, with an opportunity to significantly impact"),
            V{});
}

TEST(SkillExtractorHoldout4, MoreNiceToHaveHeadingsAndCues) {
  // Ashby Influxdata: a heading ending with an ellipsis.
  EXPECT_EQ(Required("What you bring to the table:\n\n - 12+ years of product marketing experience\n\n"
                     "Bonus points if you have\u2026\n\n - Hands-on development experience\n"
                     " - Experience with Kubernetes and/or cloud providers, like AWS, Azure or GCP",
                     "aws"),
            std::optional<bool>(false));
  // HN (a repost): the same with three dots.
  EXPECT_EQ(Required("Bonus points if you've got...\n- Experience working with Node.js, Meteor, AWS, Docker", "docker"),
            std::optional<bool>(false));
  // Ashby apron: "WOULD BE A HIGHLIGHT IF YOU:" and "we do not mandate proficiency ... in Kotlin".
  EXPECT_EQ(Required("WHAT YOU'LL NEED\n\n - 5+ years of continuous experience as a backend engineer.\n\n"
                     "WOULD BE A HIGHLIGHT IF YOU:\n\n - Have hands-on experience with Kubernetes and Terraform.",
                     "terraform"),
            std::optional<bool>(false));
  EXPECT_EQ(Required("We primarily utilise Kotlin on the server side, so while we do not mandate proficiency "
                     "specifically in Kotlin, readiness to work with it is essential.",
                     "kotlin"),
            std::optional<bool>(false));
  // HN Duckbill: "... are a huge bonuses" (sic).
  EXPECT_EQ(Required("Past experience with AWS billing or Clickhouse are a huge bonuses.", "clickhouse"),
            std::optional<bool>(false));
  // Ashby (HPC): "with strong preference for"; a plain "with a preference for" after a
  // requirement stays required (the in-sample label of Ashby uipath).
  EXPECT_EQ(Required("showcasing your expertise in Linux cluster administration, with strong preference for "
                     "Kubernetes and/or Slurm for cluster orchestration",
                     "slurm"),
            std::optional<bool>(false));
  EXPECT_EQ(Required("Proficient in multiple programming languages, with a preference for Python and at least one "
                     "other language (e.g., Rust, C++).",
                     "python"),
            std::optional<bool>(true));
}


TEST(SkillExtractorHoldout4, NamesThatNeedATechnicalNeighbour) {
  // Ashby sagelabs.ai: a bare "Beam" among stream processors is Apache Beam.
  EXPECT_EQ(Slugs("Hands-on with Kafka, Flink, Beam, or Spark"), (V{"beam", "flink", "kafka", "spark"}));
  // Not the company (HN: "At Beam, our mission is ...") nor the Erlang VM.
  EXPECT_EQ(Slugs("At Beam, our mission is to elevate social consciousness"), V{});
  EXPECT_EQ(Slugs("Familiarity with Elixir/Erlang NIFs (calling C++/Rust functions from Beam)"),
            (V{"cpp", "elixir", "erlang", "rust"}));
  // Ashby makai-labs: Postman beside technical words but no other technology.
  EXPECT_EQ(Slugs("API & Backend Testing: Conduct extensive API testing using tools like Postman and validate"),
            V{"postman"});
  EXPECT_EQ(Slugs("The Postman always rings twice."), V{});
  // Ashby Kombo: "additional database tech (NoSQL, Cassandra)".
  EXPECT_EQ(Slugs("Background with other clouds or additional database tech (NoSQL, Cassandra)."), V{"cassandra"});
  EXPECT_EQ(Slugs("Please send your questions to Cassandra, our recruiter."), V{});
}


TEST(SkillExtractorHoldout4, HackerNewsParagraphListsUnderAHeading) {
  // HN Omnivore: "QUALIFICATIONS:" followed by one-line paragraphs (HN's <p> per item, no bullets).
  const char* omnivore =
      "QUALIFICATIONS:\n\nBachelor's degree or equivalent work experience\n\n"
      "Linux / Unix system administration skills, 5-10 years operations experience\n\n"
      "Strong time and project management skills and attention to detail\n\n"
      "Solid scripting skills (i.e. shell scripts, Ruby, Python, Go)\n\n"
      "Authorized to work in the United States and pass standard background checks";
  EXPECT_EQ(Required(omnivore, "linux"), std::optional<bool>(true));
  EXPECT_EQ(Required(omnivore, "go"), std::optional<bool>(true));
  // HN: "Preferred Qualifications:" then "Additional Qualifications:" as paragraphs.
  EXPECT_EQ(Required("Preferred Qualifications:\n\nOne to two years experience with software development in Python\n\n"
                     "One year of experience working with RDBMS and SQL",
                     "sql"),
            std::optional<bool>(false));
  // A sentence paragraph is still prose: one paragraph, then the section ends.
  EXPECT_EQ(Required("Requirements:\n\nWe want people who like hard problems.\n\nOur stack is Go and Postgres.", "go"),
            std::nullopt);
  // A short line followed by a bulleted list is a sub-heading, not an item of the section above
  // (Ashby: "About You\n\nWhat we value\n\n - ...", "You Will\n\n - ...").
  EXPECT_EQ(Required("About You\n\nYou are excited to be part of a mission-oriented startup.\n\nYou Will\n\n"
                     " - Deploy services on AWS, Azure and GCP.",
                     "aws"),
            std::nullopt);
  // A contact line is not an item.
  EXPECT_EQ(Required("We are looking for:\n\nDirector of Web\n\nYou can also send your Github profile and resume to "
                     "jobs@example.com",
                     "github"),
            std::nullopt);
}

// Round 6 of the held-out sets (tests/accuracy/labels/holdout6): expected values written from
// the quoted posting text.
TEST(SkillExtractorHoldout6, ComparisonsAreNotTechnologiesUsed) {
  // HN Supabase: the product compared with, not a technology the role uses.
  EXPECT_EQ(Slugs("Supabase is an open-source Firebase alternative with over 60,000 stars on GitHub. Supabase is a "
                  "backend platform offering a Postgres database"),
            (V{"github", "postgresql", "supabase"}));
  // HN Baserow, Mattermost, SigNoz.
  EXPECT_EQ(Slugs("Baserow is an open source no-code database and Airtable alternative"), V{});
  EXPECT_EQ(Slugs("Mattermost is a self-hosted, open-source alternative to Slack."), V{});
  EXPECT_EQ(Slugs("We're building an open-source alternative to Datadog. Tech Stack: TypeScript + React"),
            (V{"react", "typescript"}));
  // HN AllSpice: either name of a slash pair after "think" is the analogy; the profile link is GitHub.
  EXPECT_EQ(Slugs("revision control, design review, and automated test (think GitHub/Bitbucket for hardware)."), V{});
  EXPECT_EQ(Slugs("Apply with a link to your GitHub/GitLab profile and/or resume."), (V{"github", "gitlab"}));
  // Used, not compared: the tool itself.
  EXPECT_EQ(Slugs("We use Firebase for auth and React/Redux for the frontend."), (V{"firebase", "react", "redux"}));
}

TEST(SkillExtractorHoldout6, AmbiguousNamesInTechnicalContext) {
  // HN SmartSurvey: "VB" is Visual Basic.
  EXPECT_EQ(Slugs("Tech stack: Mainly .Net (VB/netfx and now core), SQL Server, with some Vue JS"),
            (V{"dotnet", "sql-server", "visual-basic", "vue"}));
  EXPECT_EQ(Slugs("We had a VB meeting on Friday."), V{});
  // Ashby tilthq: SparkML is Spark's ML library.
  EXPECT_EQ(Slugs("Demonstrable experience with ML packages: scikit-learn, LightGBM, XGBoost, SparkML, etc."),
            (V{"lightgbm", "scikit-learn", "spark", "xgboost"}));
  // Ashby writer: lowercase "playwright" in a test-automation list; the dramatist is not.
  EXPECT_EQ(Slugs("Experience with test automation/hands-on coding using playwright, Typescript, JavaScript."),
            (V{"javascript", "playwright", "typescript"}));
  EXPECT_EQ(Slugs("The playwright wrote a new play."), V{});
  // Ashby bjakcareer: Selenium (capitalised) is the tool, and confirms Mocha beside it.
  EXPECT_EQ(Slugs("Familiarity with Node.js testing frameworks such as Mocha, Chai, Selenium, etc."),
            (V{"javascript", "mocha", "nodejs", "selenium"}));
  EXPECT_EQ(Slugs("QA/Security Developer (Selenium tests, blackbox testing)"), V{"selenium"});
  EXPECT_EQ(Slugs("Rich in zinc, Selenium and vitamin D."), V{});
  // Ashby Blockworks: Solana with a technical word nearby; the town is not.
  EXPECT_EQ(Slugs("What will truly make you stand out is hands-on experience with Solana."), V{"solana"});
  EXPECT_EQ(Slugs("We are the biggest oracle in the Solana ecosystem."), V{"solana"});
  EXPECT_EQ(Slugs("a startup based in San Diego (Solana Beach)."), V{});
  // Ashby northwoodspace: EVM next to RF measures is error vector magnitude, not Ethereum.
  EXPECT_EQ(Slugs("Theory and testing related to EVM, Noise Figure, power handling metrics (IIP2, IMD)"), V{});
  EXPECT_EQ(Slugs("Experience developing EVM-compatible smart contracts in Solidity"), (V{"ethereum", "solidity"}));
}

TEST(SkillExtractorHoldout6, MoreRequirementHeadingsAndCues) {
  // Ashby uipath: "What you'll bring to the team" lists requirements.
  const std::string uipath =
      "What you'll bring to the team\n\n - Practical experience with data and analytics tooling, using tools like "
      "Great Expectations for data validation and dbt for data transformations.\n\n - Exposure to major cloud "
      "platforms (AWS, Azure, or GCP) with an understanding of deploying and scaling AI-driven applications.";
  EXPECT_EQ(Required(uipath, "dbt"), std::optional<bool>(true));
  EXPECT_EQ(Required(uipath, "gcp"), std::optional<bool>(true));
  // Ashby superduper: "Knowledge & Experience" is required; a repeat under "Nice to Haves" keeps it.
  const std::string superduper =
      "Knowledge & Experience\n\n - Proven track record building low latency systems or microservices in Go, C++, or "
      "equivalent systems-level language.\n\n - Experience designing and managing relational databases (MySQL, "
      "PostgreSQL).\n\nNice to Haves\n\n - Experience building production-grade back-testing frameworks in Python or "
      "Go.";
  EXPECT_EQ(Required(superduper, "go"), std::optional<bool>(true));
  EXPECT_EQ(Required(superduper, "mysql"), std::optional<bool>(true));
  EXPECT_EQ(Required(superduper, "python"), std::optional<bool>(false));
  // Ashby hadrian-automation: "Admired Skills" are nice to have.
  EXPECT_EQ(Required("Admired Skills:\n\n - Atlassian Forge Apps\n\n - Enterprise Search (Elasticsearch)\n\n"
                     " - Apache Airflow/Dagster",
                     "dagster"),
            std::optional<bool>(false));
  // Ashby's own postings and HN Render: a stack said not to be required, before or after it.
  const std::string ashby =
      "I'm sharing our tech stack with the caveat that we don't require previous experience in it (but a love of "
      "typed languages is helpful): TypeScript (frontend & backend), React, GraphQL API, Node.js, Postgres, Redis.";
  EXPECT_EQ(Required(ashby, "typescript"), std::optional<bool>(false));
  EXPECT_EQ(Required(ashby, "redis"), std::optional<bool>(false));
  EXPECT_EQ(Required("Our stack is React, GraphQL, Go, Kubernetes and PostgreSQL, but we don't require prior "
                     "experience with any of them.",
                     "kubernetes"),
            std::optional<bool>(false));
  // Other things not required leave a requirement alone.
  EXPECT_EQ(Required("Requirements:\n- 5+ years of Python; we don't require a degree.", "python"),
            std::optional<bool>(true));
}

TEST(SkillExtractorHoldout6, StackDisclaimerLaterOnTheLine) {
  // Ashby oneapp: the disclaimer follows the two stack sentences of its paragraph.
  const std::string oneapp =
      "TOOLS WE USE\n\nWe use Node and TypeScript on the server, leveraging the NestJS framework within a "
      "microservice-oriented architecture running on Kubernetes and AWS. On the client side, we build and ship product "
      "features for iOS, Android, and web platforms using React Native. While you don\u2019t need experience with our "
      "exact stack, familiarity with modern software engineering practices will help you ramp up quickly.";
  EXPECT_EQ(Required(oneapp, "kubernetes"), std::optional<bool>(false));
  EXPECT_EQ(Required(oneapp, "react-native"), std::optional<bool>(false));
  // HN Zeus (held-out round 4), under a requirements heading.
  const std::string zeus =
      "Requirements:\n\nOur stack is AWS, Postgres, Rails, jQuery, Bootstrap, and React. It's not required you know any "
      "of these technologies as long as you're willing to learn.\n\n- 5+ years of Python";
  EXPECT_EQ(Required(zeus, "react"), std::optional<bool>(false));
  EXPECT_EQ(Required(zeus, "python"), std::optional<bool>(true));
  // A mention after the disclaimer, or with a cue of its own, keeps its reading.
  const std::string later = "Requirements:\n\nOur stack is Go. You don't need to know our stack. Ruby is what we use most.";
  EXPECT_EQ(Required(later, "go"), std::optional<bool>(false));
  EXPECT_EQ(Required(later, "ruby"), std::optional<bool>(true));
  EXPECT_EQ(Required("Must have 5+ years of Rust. Our stack is Go. You don't need to know our stack.", "rust"),
            std::optional<bool>(true));
}

}  // namespace
}  // namespace skillpulse
