#include "core/diagnostics.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace skillpulse {
namespace {

QuarantinedRecord Bad(std::string origin, uint64_t line, std::string reason) {
  QuarantinedRecord r;
  r.source = "test";
  r.origin = std::move(origin);
  r.line = line;
  r.reason = std::move(reason);
  return r;
}

// Everything written to a temporary FILE*, read back.
std::string ReadAll(FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

size_t CountOf(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

TEST(Diagnostics, AFloodOfErrorsDoesNotHideAWarningAndTheRestIsAnnounced) {
  FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Diagnostics diag(f, /*max_echoed=*/3);
  for (int i = 1; i <= 1500; ++i) {
    diag.Quarantine(Bad("x.jsonl", static_cast<uint64_t>(i), "bad JSON"));
  }
  diag.Warn("skipped a.csv: not a recognised posting format");
  for (int i = 0; i < 4; ++i) diag.Warn("skipped more" + std::to_string(i));
  diag.PrintSuppressedNotice("skillpulse quarantine list --db F", "--stats-json FILE lists them all");
  const std::string out = ReadAll(f);
  std::fclose(f);

  EXPECT_EQ(CountOf(out, "error: x.jsonl:"), 3u) << out;
  EXPECT_NE(out.find("error: x.jsonl:3: bad JSON"), std::string::npos);
  EXPECT_EQ(out.find("error: x.jsonl:4:"), std::string::npos);
  // The warning after 1,500 errors is still shown: warnings have their own budget.
  EXPECT_NE(out.find("warning: skipped a.csv: not a recognised posting format"), std::string::npos) << out;
  EXPECT_EQ(CountOf(out, "warning: "), 3u);
  EXPECT_NE(out.find("  1,497 more errors not shown: skillpulse quarantine list --db F\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  2 more warnings not shown: --stats-json FILE lists them all\n"), std::string::npos) << out;
  // Nothing is lost: all are counted and kept.
  EXPECT_EQ(diag.suppressed_errors(), 1497u);
  EXPECT_EQ(diag.suppressed_warnings(), 2u);
  EXPECT_EQ(diag.total_quarantined(), 1500u);
  EXPECT_EQ(diag.warnings().size(), 5u);
}

TEST(Diagnostics, NoNoticeWhenEverythingWasShownOrSilent) {
  FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Diagnostics diag(f, 20);
  diag.Quarantine(Bad("hn.jsonl", 7, "no text"));
  diag.Warn("one warning");
  diag.PrintSuppressedNotice("hint", "hint");
  const std::string out = ReadAll(f);
  std::fclose(f);
  EXPECT_EQ(out, "error: hn.jsonl:7: no text\nwarning: one warning\n");

  Diagnostics silent(nullptr, 1);
  for (int i = 0; i < 5; ++i) silent.Warn("w");
  EXPECT_EQ(silent.suppressed_warnings(), 0u);  // nothing was meant to be shown
  EXPECT_EQ(silent.warning_count(), 5u);
}

TEST(Diagnostics, OneSuppressedIsSingular) {
  FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Diagnostics diag(f, 1);
  diag.Quarantine(Bad("a.csv", 2, "r"));
  diag.Quarantine(Bad("a.csv", 3, "r"));
  diag.PrintSuppressedNotice("", "");
  const std::string out = ReadAll(f);
  std::fclose(f);
  EXPECT_NE(out.find("  1 more error not shown\n"), std::string::npos) << out;
}

}  // namespace
}  // namespace skillpulse
