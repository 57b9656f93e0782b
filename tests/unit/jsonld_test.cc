// JSON-LD: the tolerant extractor against the shared extruct edge cases, and the JobPosting
// mapping on a hand-written career page.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>

#include "core/text.h"
#include "source_reader.h"
#include "sources/jsonld.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::Slurp;

namespace dom = simdjson::dom;

// Structural equality of two JSON values: objects as key sets (order free), arrays in order,
// numbers by value.
bool JsonEqual(dom::element a, dom::element b, std::string path, std::string& why) {
  if (a.is_number() && b.is_number()) {
    if (double(a) == double(b)) return true;
    why = path + ": " + simdjson::minify(a) + " != " + simdjson::minify(b);
    return false;
  }
  if (a.type() != b.type()) {
    why = path + ": type differs: " + simdjson::minify(a) + " vs " + simdjson::minify(b);
    return false;
  }
  switch (a.type()) {
    case dom::element_type::OBJECT: {
      dom::object oa(a), ob(b);
      if (oa.size() != ob.size()) {
        why = path + ": " + std::to_string(oa.size()) + " keys vs " + std::to_string(ob.size());
        return false;
      }
      for (auto field : oa) {
        dom::element other;
        if (ob[field.key].get(other)) {
          why = path + ": missing key " + std::string(field.key);
          return false;
        }
        if (!JsonEqual(field.value, other, path + "." + std::string(field.key), why)) return false;
      }
      return true;
    }
    case dom::element_type::ARRAY: {
      dom::array xa(a), xb(b);
      if (xa.size() != xb.size()) {
        why = path + ": array sizes differ";
        return false;
      }
      size_t i = 0;
      auto it = xb.begin();
      for (dom::element x : xa) {
        if (!JsonEqual(x, *it, path + "[" + std::to_string(i++) + "]", why)) return false;
        ++it;
      }
      return true;
    }
    case dom::element_type::STRING:
      if (std::string_view(a) == std::string_view(b)) return true;
      why = path + ": \"" + std::string(std::string_view(a)) + "\" != \"" + std::string(std::string_view(b)) + "\"";
      return false;
    case dom::element_type::BOOL:
      return bool(a) == bool(b);
    default:
      return true;  // null
  }
}

// The items a page yields, as one JSON array text.
std::string ItemsAsArray(const std::vector<JsonLdScript>& scripts) {
  std::string out = "[";
  for (const auto& s : scripts) {
    for (const auto& item : s.items) {
      if (out.size() > 1) out += ",";
      out += item;
    }
  }
  return out + "]";
}

void ExpectSameJson(const std::string& got, const std::string& want, const std::string& name) {
  dom::parser pa, pb;
  dom::element a, b;
  ASSERT_FALSE(pa.parse(simdjson::padded_string(got)).get(a)) << name << ": ours is not JSON: " << got;
  ASSERT_FALSE(pb.parse(simdjson::padded_string(want)).get(b)) << name << ": expected is not JSON";
  std::string why;
  EXPECT_TRUE(JsonEqual(a, b, "$", why)) << name << ": " << why << "\n got: " << got;
}

TEST(JsonLdExtract, EveryEdgeCaseWithAnExpectedFile) {
  if (!testing::HaveShared("jsonld_edge_cases")) GTEST_SKIP();
  int compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::SharedData("jsonld_edge_cases"))) {
    if (entry.path().extension() != ".html") continue;
    std::filesystem::path expected = entry.path();
    expected.replace_extension(".jsonld");
    if (!std::filesystem::exists(expected)) continue;
    auto scripts = ExtractJsonLd(Slurp(entry.path().string()));
    ExpectSameJson(ItemsAsArray(scripts), Slurp(expected.string()), entry.path().filename().string());
    ++compared;
  }
  EXPECT_EQ(compared, 8);  // SOURCES.md: 8 HTML + expected-.jsonld pairs
}

// The four pages without an expected file: what extruct's JsonLdExtractor recovers from them
// (its test samples' expected outputs, adapted to these copies of the pages).
TEST(JsonLdExtract, CdataWrapper) {
  if (!testing::HaveShared("jsonld_edge_cases")) GTEST_SKIP();
  auto scripts = ExtractJsonLd(Slurp(testing::SharedData("jsonld_edge_cases/custom.invalid__JSONLD_with_CDATA.html")));
  ASSERT_EQ(scripts.size(), 1u);
  EXPECT_EQ(scripts[0].error, "");
  ExpectSameJson(ItemsAsArray(scripts), R"([{"@context":"http://schema.org/","name":"Lubelska","@type":"Organization",
    "logo":"https://lubelska.co.uk/wp/wp-content/uploads/2019/05/Lubelska-1.jpg","url":"https://lubelska.co.uk/",
    "sameAs":["https://twitter.com/EdwardHowey","https://www.facebook.com/Lubelska-309144763268698/",
              "https://www.pinterest.co.uk/lubelskaltd/","https://www.instagram.com/lubelska1/"],
    "contactPoint":[{"@type":"ContactPoint","telephone":"+44 20 3911 5526","email":"info@lubelska.co.uk","contactType":"sales"}]}])",
                 "CDATA");
}

TEST(JsonLdExtract, InvalidEscapes) {
  if (!testing::HaveShared("jsonld_edge_cases")) GTEST_SKIP();
  auto scripts = ExtractJsonLd(Slurp(testing::SharedData("jsonld_edge_cases/custom.invalid__JSONLD_with_invalid_escapes.html")));
  // \' -> ', \x26 -> &, an unknown \v \c keeps its backslash.
  ExpectSameJson(ItemsAsArray(scripts), R"([{"@context":"http://schema.org","@type":"VideoObject","name":"Some video",
    "author":"Bob's Channel","description":"Featuring R&B and caf\u00e9 music","filePath":"C:\\videos\\clip.mp4"}])",
                 "invalid escapes");
}

TEST(JsonLdExtract, TrailingBrace) {
  if (!testing::HaveShared("jsonld_edge_cases")) GTEST_SKIP();
  auto scripts = ExtractJsonLd(Slurp(testing::SharedData("jsonld_edge_cases/custom.invalid__JSONLD_with_trailing_brace.html")));
  ExpectSameJson(ItemsAsArray(scripts), R"([{"@context":"http://schema.org","@type":"Product",
    "name":"Black 'Clint' FT0511 cat eye sunglasses","image":"https://debenhams.scene7.com/is/image/Debenhams/60742_1515029001",
    "brand":{"@type":"Thing","name":"Tom Ford"},
    "offers":{"@type":"Offer","priceCurrency":"GBP","price":"285.00","itemCondition":"http://schema.org/NewCondition",
              "availability":"http://schema.org/InStock"}}])",
                 "trailing brace");
}

TEST(JsonLdExtract, UnescapedQuotesInTwoScripts) {
  if (!testing::HaveShared("jsonld_edge_cases")) GTEST_SKIP();
  auto scripts = ExtractJsonLd(Slurp(testing::SharedData("jsonld_edge_cases/custom.invalid__JSONLD_with_unescaped_quotes.html")));
  ASSERT_EQ(scripts.size(), 2u);
  ExpectSameJson(ItemsAsArray(scripts), R"([
    {"@context":"http://schema.org","@type":"Recipe","name":"Snowmen","recipeInstructions":["1. blablabla two \"buttons\".5. Dab  Snowmen!"]},
    {"@context":"http://schema.org","@type":"LocalBusiness","name":"Community Kitchen","description":"<p style=\"text-align: left;\">Open daily.</p>"}])",
                 "unescaped quotes");
}

TEST(JsonLdExtract, ValidAndInvalidBlocksOnOnePage) {
  if (!testing::HaveShared("jsonld_edge_cases")) GTEST_SKIP();
  auto scripts = ExtractJsonLd(Slurp(testing::SharedData("jsonld_edge_cases/custom.invalid__JSONLD_valid_and_invalid.html")));
  ASSERT_EQ(scripts.size(), 2u);
  EXPECT_TRUE(scripts[0].items.empty());
  EXPECT_NE(scripts[0].error.find("not JSON"), std::string::npos) << scripts[0].error;
  EXPECT_EQ(scripts[0].line, 5u);
  EXPECT_EQ(scripts[1].error, "");
  EXPECT_EQ(scripts[1].items.size(), 1u);
}

TEST(JsonLdExtract, ScriptRepairsOneByOne) {
  std::string error;
  // JS block comment and trailing comma (jstyleson).
  auto items = ParseJsonLdScript("{\"a\": 1, /* note */ \"b\": [1, 2,],}", &error);
  ASSERT_EQ(items.size(), 1u) << error;
  ExpectSameJson(items[0], R"({"a":1,"b":[1,2]})", "comments");
  // Raw control characters inside a string.
  items = ParseJsonLdScript("{\"t\": \"a\tb\x01\"}", &error);
  ASSERT_EQ(items.size(), 1u) << error;
  ExpectSameJson(items[0], R"({"t":"a\tb\u0001"})", "controls");
  // HTML-escaped JSON.
  items = ParseJsonLdScript("{&quot;@type&quot;: &quot;JobPosting&quot;}", &error);
  ASSERT_EQ(items.size(), 1u) << error;
  ExpectSameJson(items[0], R"({"@type":"JobPosting"})", "entities");
  // An array contributes its objects; scalars are not items.
  items = ParseJsonLdScript(R"([{"x":1}, "str", 2, {"y":2}])", &error);
  EXPECT_EQ(items.size(), 2u);
  // Two values in a row (no separator).
  items = ParseJsonLdScript(R"({"x":1} {"y":2})", &error);
  EXPECT_EQ(items.size(), 2u);
  // Nothing to save.
  items = ParseJsonLdScript("var x = 1;", &error);
  EXPECT_TRUE(items.empty());
  EXPECT_FALSE(error.empty());
}

TEST(JsonLdSource, CareerPageJobPostings) {
  Diagnostics diag(nullptr);
  auto all = testing::ReadAll(std::string(SP_FIXTURES_DIR) + "/jsonld/careers_page.html", diag);
  EXPECT_EQ(diag.counter("documents.jsonld"), 1);
  ASSERT_EQ(all.size(), 3u);  // @graph, an array, a WebPage's mainEntity; not the text/javascript one
  EXPECT_EQ(diag.quarantined_count(), 0u);

  const JobPosting& go = all[0];
  EXPECT_EQ(go.source, "jsonld");
  EXPECT_EQ(go.source_id, "ACME-42");  // identifier.value
  EXPECT_EQ(go.title, "Staff Go Engineer");
  EXPECT_EQ(go.company, "Acme Inc.");
  EXPECT_EQ(go.description_html, "<p>Build <b>Go</b> services.</p><ul><li>gRPC</li></ul>");
  EXPECT_EQ(go.posted_at, ParseIso8601("2024-03-01"));
  EXPECT_EQ(go.valid_through, ParseIso8601("2024-04-30T23:59:59Z"));
  EXPECT_EQ(go.employment_type_raw, "FULL_TIME, CONTRACTOR");
  EXPECT_EQ(go.location, "Austin, TX, US");
  EXPECT_EQ(go.extra_locations, std::vector<std::string>{"Denver, CO, US"});  // addressCountry as a Country
  EXPECT_EQ(go.place.country, "US");
  EXPECT_EQ(go.department, "15-1252.00 Software Developers");
  EXPECT_EQ(go.experience_years_min, 5.0);  // 60 months
  EXPECT_EQ(go.url, "https://acme.example/jobs/42");
  EXPECT_EQ(go.work_mode, WorkMode::kUnknown);
  ASSERT_TRUE(go.salary.has_value());
  EXPECT_EQ(go.salary->currency, "USD");
  EXPECT_EQ(go.salary->period, SalaryPeriod::kYear);
  EXPECT_EQ(go.salary->min, 180000);
  EXPECT_EQ(go.salary->max, 210000);  // "210000" as a string
  EXPECT_EQ(go.origin_line, 6u);      // the script's line

  const JobPosting& rust = all[1];
  EXPECT_EQ(rust.source_id, "R-7");
  EXPECT_EQ(rust.company, "Acme Inc.");  // hiringOrganization as text
  EXPECT_EQ(rust.work_mode, WorkMode::kRemote);  // TELECOMMUTE
  EXPECT_EQ(rust.remote_scope, "USA, Canada");
  EXPECT_EQ(rust.location, "");
  EXPECT_EQ(rust.description_html, "Write Rust &amp; WebAssembly.");
  EXPECT_EQ(rust.posted_at, ParseIso8601("2024-03-05T06:00:00Z"));
  ASSERT_TRUE(rust.salary.has_value());
  EXPECT_EQ(rust.salary->period, SalaryPeriod::kHour);
  EXPECT_EQ(rust.salary->min, 85);
  EXPECT_EQ(rust.salary->max, 85);
  EXPECT_EQ(rust.origin_line, 33u);

  const JobPosting& office = all[2];
  EXPECT_EQ(office.title, "Office Manager");
  EXPECT_EQ(office.company, "Acme Inc.");
  EXPECT_EQ(office.location, "Austin, TX");  // address as text
  EXPECT_EQ(office.source_id.size(), 16u);   // no identifier or url: a content hash
  EXPECT_EQ(office.origin_line, 47u);
}

TEST(JsonLdSource, PageWithoutJobPostingsIsReported) {
  if (!testing::HaveShared("jsonld_edge_cases")) GTEST_SKIP();
  Diagnostics diag(nullptr);
  auto all = testing::ReadAll("jsonld:" + testing::SharedData("jsonld_edge_cases/custom.invalid__JoinAction.001.html"), diag);
  EXPECT_TRUE(all.empty());
  EXPECT_EQ(diag.counter("jsonld.pages_without_jobposting"), 1);
  EXPECT_EQ(diag.quarantined_count(), 0u);
}

}  // namespace
}  // namespace skillpulse
