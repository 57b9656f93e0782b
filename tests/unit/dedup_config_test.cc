// The [dedup] table of data/dedup/dedup.toml.
#include <gtest/gtest.h>

#include "core/paths.h"
#include "dedup/config.h"
#include "test_util.h"

namespace skillpulse {
namespace {

TEST(DedupConfig, ShippedFileEqualsTheBuiltInDefaults) {
  auto c = LoadDedupConfig(DataFile("dedup/dedup.toml"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  DedupConfig d;
  EXPECT_EQ(c->shingle_words, d.shingle_words);
  EXPECT_EQ(c->min_text_similarity, d.min_text_similarity);
  EXPECT_EQ(c->min_text_similarity_no_company, d.min_text_similarity_no_company);
  EXPECT_EQ(c->repost_window_s, d.repost_window_s);
  EXPECT_EQ(c->empty_location_matches_any, d.empty_location_matches_any);
  EXPECT_EQ(c->remote_matches_remote_scope, d.remote_matches_remote_scope);
  EXPECT_EQ(c->blank_location_matches_any, d.blank_location_matches_any);
  EXPECT_EQ(c->match_without_text, d.match_without_text);
  EXPECT_EQ(c->lsh_min_run, d.lsh_min_run);
}

TEST(DedupConfig, ReadsValuesAndRejectsBadOnes) {
  testing::TempDir tmp;
  auto ok = LoadDedupConfig(tmp.Write("a.toml", "[dedup]\nrepost_window_days = 30\nmin_text_similarity = 0.7\n"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->repost_window_s, 30 * 86400);
  EXPECT_EQ(ok->min_text_similarity, 0.7);
  EXPECT_EQ(ok->shingle_words, 3);  // untouched default
  for (const char* bad : {"[dedup]\nmin_text_similarity = 1.5\n", "[dedup]\nunknown_key = 1\n",
                          "[dedup]\nmatch_without_text = 3\n", "[other]\nx = 1\n", "[dedup\n", "\xff\xfe",
                          "[dedup]\nrepost_window_days = \"sixty\"\n"}) {
    auto r = LoadDedupConfig(tmp.Write("b.toml", bad));
    EXPECT_FALSE(r.ok()) << bad;
  }
  EXPECT_FALSE(LoadDedupConfig(tmp.File("missing.toml")).ok());
}

}  // namespace
}  // namespace skillpulse
