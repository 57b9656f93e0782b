// Description frames: round trips with and without a trained dictionary, frames of an older
// dictionary stay readable, a frame naming an unknown dictionary fails clearly, and the
// dictionary compresses real HN texts smaller than plain zstd.
#include "store/text_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "hn_testdata.h"

namespace skillpulse {
namespace {

const std::vector<testdata::HnPosting>& Posts() {
  static const std::vector<testdata::HnPosting> posts = testdata::LoadHn();
  return posts;
}

TEST(TextCodec, RoundTripsWithoutADictionary) {
  TextCodec codec({}, TextCodecOptions{.train = false});
  const std::string text = "Acme | Senior Rust Engineer | Remote (EU)\n\nWe build Go and Rust services.";
  std::string frame, back;
  codec.Compress(text, frame);
  ASSERT_FALSE(frame.empty());
  ASSERT_TRUE(codec.Decompress(frame, text.size(), back).ok());
  EXPECT_EQ(back, text);
  ASSERT_TRUE(codec.Decompress(frame, 0, back).ok());  // size read from the frame
  EXPECT_EQ(back, text);
  codec.Compress("", frame);
  EXPECT_TRUE(frame.empty());
  EXPECT_FALSE(codec.TakeTrained().has_value());
  EXPECT_FALSE(codec.Decompress("not a zstd frame", 10, back).ok());
}

TEST(TextCodec, TrainsOnceOnRealTextsAndCompressesThemSmaller) {
  const auto& posts = Posts();
  if (posts.size() < 20000) GTEST_SKIP() << "shared HN data not found";
  TextCodecOptions opt;
  opt.train_after_bytes = 1 << 20;
  TextCodec trained({}, opt);
  TextCodec plain({}, TextCodecOptions{.train = false});
  std::string frame;
  // The first ~1 MB of texts trains the dictionary.
  size_t i = 0;
  while (trained.current_dictionary_id() == 0 && i < 5000) trained.Compress(posts[i++].text, frame);
  ASSERT_NE(trained.current_dictionary_id(), 0u) << "no dictionary after " << i << " texts";
  auto dict = trained.TakeTrained();
  ASSERT_TRUE(dict.has_value());
  EXPECT_EQ(dict->id, trained.current_dictionary_id());
  EXPECT_FALSE(trained.TakeTrained().has_value());  // handed out once

  // Later texts (not in the samples): smaller with the dictionary, and they round-trip.
  size_t with = 0, without = 0;
  std::string a, b, back;
  for (size_t k = 10000; k < 12000; ++k) {
    const std::string& t = posts[k].text;
    trained.Compress(t, a);
    plain.Compress(t, b);
    with += a.size();
    without += b.size();
    ASSERT_TRUE(trained.Decompress(a, t.size(), back).ok()) << k;
    ASSERT_EQ(back, t) << k;
  }
  EXPECT_LT(static_cast<double>(with), 0.85 * static_cast<double>(without)) << with << " vs " << without;

  // A reader that loads the stored dictionary reads the frames; one without it says which
  // dictionary is missing.
  TextCodec reader({*dict}, TextCodecOptions{.train = false});
  trained.Compress(posts[12345].text, a);
  ASSERT_TRUE(reader.Decompress(a, 0, back).ok());
  EXPECT_EQ(back, posts[12345].text);
  TextCodec stranger({}, TextCodecOptions{.train = false});
  Status st = stranger.Decompress(a, 0, back);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find(std::to_string(dict->id)), std::string::npos) << st.message();
  // Frames made before the dictionary existed stay readable by a codec that has one.
  plain.Compress(posts[1].text, b);
  ASSERT_TRUE(reader.Decompress(b, 0, back).ok());
  EXPECT_EQ(back, posts[1].text);
  // A store that already has a dictionary keeps using it and never trains another.
  TextCodec reopened({*dict}, opt);
  for (size_t k = 0; k < 3000; ++k) reopened.Compress(posts[k].text, a);
  EXPECT_EQ(reopened.current_dictionary_id(), dict->id);
  EXPECT_FALSE(reopened.TakeTrained().has_value());
}

TEST(TextCodec, CompressesFromManyThreadsWhileTraining) {
  const auto& posts = Posts();
  if (posts.size() < 20000) GTEST_SKIP() << "shared HN data not found";
  TextCodecOptions opt;
  opt.train_after_bytes = 512 << 10;
  TextCodec codec({}, opt);
  std::vector<std::vector<std::string>> frames(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (size_t k = t; k < 8000; k += 4) {
        std::string f;
        codec.Compress(posts[k].text, f);
        frames[t].push_back(std::move(f));
      }
    });
  }
  for (auto& th : threads) th.join();
  auto dict = codec.TakeTrained();
  ASSERT_TRUE(dict.has_value());
  TextCodec reader({*dict}, TextCodecOptions{.train = false});
  std::string back;
  for (size_t t = 0; t < 4; ++t) {
    for (size_t j = 0; j < frames[t].size(); ++j) {
      const std::string& want = posts[t + 4 * j].text;
      ASSERT_TRUE(reader.Decompress(frames[t][j], want.size(), back).ok());
      ASSERT_EQ(back, want);
    }
  }
}

}  // namespace
}  // namespace skillpulse
