#include "core/text.h"

#include <gtest/gtest.h>

namespace skillpulse {
namespace {

TEST(Utf8, ValidAndInvalid) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("£55,000 – 薪 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("bad \xC3"));         // truncated sequence
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));         // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));     // surrogate
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBD"));      // a literal U+FFFD is valid
  EXPECT_EQ(MakeValidUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
}

TEST(Utf8, TruncateNeverSplitsACodePoint) {
  std::string s = "ab£";  // £ is 2 bytes
  EXPECT_EQ(TruncateUtf8(s, 3), "ab");
  EXPECT_EQ(TruncateUtf8(s, 4), "ab£");
}

TEST(Whitespace, CollapseUnicodeSpaces) {
  EXPECT_EQ(CollapseWhitespace("  a \t\n b\xC2\xA0" "c\xE3\x80\x80" "d  "), "a b c d");
  EXPECT_EQ(CollapseWhitespace(""), "");
}

TEST(NormalizeKey, CaseFoldsUnicode) {
  EXPECT_EQ(NormalizeKey("  ACME,  Inc. "), "acme, inc.");
  EXPECT_EQ(NormalizeKey("MÜNCHEN"), "münchen");
}

TEST(Time, Iso8601Forms) {
  EXPECT_EQ(ParseIso8601("1970-01-01"), 0);
  EXPECT_EQ(ParseIso8601("2025-10-10T21:10:27.371+00:00"), 1760130627);
  EXPECT_EQ(ParseIso8601("2025-10-07T22:27:44-04:00"), 1759890464);
  EXPECT_EQ(ParseIso8601("2024-01-02T03:04:05Z"), 1704164645);
  EXPECT_FALSE(ParseIso8601("2024-13-02").has_value());
  EXPECT_FALSE(ParseIso8601("yesterday").has_value());
}

TEST(Time, Rfc822AsRssUsesIt) {
  EXPECT_EQ(ParseRfc822("Tue, 08 Nov 2022 00:08:24 +0000"), 1667866104);
  EXPECT_EQ(ParseRfc822("Tue, 08 Nov 2022 01:08:24 +0100"), 1667866104);
  EXPECT_EQ(ParseRfc822("08 Nov 2022 00:08:24 GMT"), 1667866104);
  EXPECT_FALSE(ParseRfc822("not a date").has_value());
  // Long digit runs (csv_fuzz): rejected without overflowing the day or year (UBSan checks).
  EXPECT_FALSE(ParseRfc822("2027777777777 Nov 2022 00:08:24 GMT").has_value());
  EXPECT_FALSE(ParseRfc822("08 Nov 20222222222222 00:08:24 GMT").has_value());
}

TEST(Time, Months) {
  EXPECT_EQ(MonthOfUnix(1667866104), "2022-11");
  EXPECT_EQ(MonthOfUnix(-1), "1969-12");
  EXPECT_EQ(AddMonths("2024-01", -1), "2023-12");
  EXPECT_EQ(AddMonths("2023-12", 13), "2025-01");
  EXPECT_TRUE(IsMonthString("2018-03"));
  EXPECT_FALSE(IsMonthString("2018-13"));
  EXPECT_EQ(FormatIso8601(1704164645), "2024-01-02T03:04:05Z");
}

TEST(Numbers, FormatCountGroupsThousands) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(54365), "54,365");
  EXPECT_EQ(FormatCount(82140), "82,140");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  EXPECT_EQ(FormatCount(-1234), "-1,234");
  EXPECT_EQ(FormatCount(INT64_MIN), "-9,223,372,036,854,775,808");
}

TEST(Case, FindIgnoreAsciiCase) {
  EXPECT_EQ(FindIgnoreAsciiCase("We use GoLang daily", "golang"), 7u);
  EXPECT_EQ(FindIgnoreAsciiCase("abc", "abcd"), std::string_view::npos);
  EXPECT_EQ(FindIgnoreAsciiCase("xxAbAB", "ab", 3), 4u);
}

}  // namespace
}  // namespace skillpulse
