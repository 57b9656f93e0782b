// PhraseIndex: the word-token multi-phrase matcher under the skill extractor.
#include "enrich/skills/phrase_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace skillpulse {
namespace {

struct Found {
  uint32_t id;
  std::string text;
  bool operator==(const Found&) const = default;
};

std::vector<Found> ScanAll(const PhraseIndex& idx, std::string_view text) {
  std::vector<PhraseMatch> m;
  EXPECT_TRUE(idx.Scan(text, m, 1000));
  std::vector<Found> out;
  for (const auto& x : m) out.push_back({x.id, std::string(text.substr(x.begin, x.end - x.begin))});
  std::sort(out.begin(), out.end(), [](const Found& a, const Found& b) { return a.text < b.text; });
  return out;
}

PhraseIndex Build(std::initializer_list<std::tuple<const char*, bool, bool>> phrases) {
  PhraseIndex idx;
  uint32_t id = 0;
  for (const auto& [p, cs, digits] : phrases) EXPECT_TRUE(idx.Add(p, cs, digits, id++).ok()) << p;
  idx.Build();
  return idx;
}

TEST(PhraseIndex, MatchesWholeTokensOnly) {
  PhraseIndex idx = Build({{"Java", false, false}, {"Go", true, false}});
  EXPECT_EQ(ScanAll(idx, "JavaScript and Golang"), (std::vector<Found>{}));
  EXPECT_EQ(ScanAll(idx, "java, Go and go"), (std::vector<Found>{{1, "Go"}, {0, "java"}}));
}

TEST(PhraseIndex, MatchesPunctuationAndSpacesAroundTheAnchor) {
  PhraseIndex idx = Build({{"Node.js", false, false},
                           {"C++", false, false},
                           {".NET", false, false},
                           {"Ruby on Rails", false, false},
                           {"is a plus", false, false}});
  // Text whitespace runs (incl. newlines) match a phrase's single space.
  EXPECT_EQ(ScanAll(idx, "node.JS, c++ and .NET; Ruby  on\nRails is a plus"),
            (std::vector<Found>{{2, ".NET"}, {3, "Ruby  on\nRails"}, {1, "c++"}, {4, "is a plus"}, {0, "node.JS"}}));
  EXPECT_EQ(ScanAll(idx, "Node.j and c+ and NET and Ruby on Rail"), (std::vector<Found>{}));
}

TEST(PhraseIndex, DigitSuffixOnlyWhenAsked) {
  PhraseIndex idx = Build({{"Python", false, true}, {"Vue", false, false}});
  EXPECT_EQ(ScanAll(idx, "Python3 and Vue3"), (std::vector<Found>{{0, "Python"}}));
  EXPECT_EQ(ScanAll(idx, "Python3x"), (std::vector<Found>{}));  // not a version suffix
}

TEST(PhraseIndex, TokensAcrossSimdBlockBoundariesAndAtTheEnd) {
  PhraseIndex idx = Build({{"Kubernetes", false, false}, {"Go", true, false}});
  for (size_t pad = 0; pad < 130; ++pad) {
    std::string text(pad, ' ');
    text += "Kubernetes";
    ASSERT_EQ(ScanAll(idx, text), (std::vector<Found>{{0, "Kubernetes"}})) << pad;
    text += " Go";
    ASSERT_EQ(ScanAll(idx, text).size(), 2u) << pad;
  }
  // A token longer than a 64-byte block.
  std::string longword(200, 'x');
  EXPECT_EQ(ScanAll(idx, longword + " Go " + longword), (std::vector<Found>{{1, "Go"}}));
}

// Scan computes its byte masks 32 blocks (2,048 bytes) at a time: tokens, digit suffixes and
// the last-8-bytes bounds must hold across those chunks too.
TEST(PhraseIndex, TokensAcrossMaskChunksWithDigitSuffixes) {
  PhraseIndex idx = Build({{"Python", false, true}, {"Go", true, false}});
  for (size_t pad = 2030; pad < 2060; ++pad) {
    std::string text(pad, 'a');
    text[pad - 1] = ' ';
    text += "Python3 Go";
    ASSERT_EQ(ScanAll(idx, text), (std::vector<Found>{{1, "Go"}, {0, "Python"}})) << pad;
    text.resize(pad + 7);  // ends with "Python3"
    ASSERT_EQ(ScanAll(idx, text), (std::vector<Found>{{0, "Python"}})) << pad;
  }
}

// mark_bits and word_starts, byte by byte, against their definitions in phrase_index.h, on every
// byte value at every offset of a 64-byte block and across mask chunks.
TEST(PhraseIndex, MarkBitsAndWordStartsOnEveryByteValue) {
  PhraseIndex idx = Build({{"Go", true, false}});
  const ByteMarks marks("\n.!?;|");
  std::string text;
  for (int round = 0; round < 23; ++round) {
    for (int b = 0; b < 256; ++b) text.push_back(static_cast<char>((b * 7 + round * 13) & 255));
  }
  text.resize(text.size() - 5);  // a partial last block
  std::vector<PhraseMatch> out;
  std::vector<uint64_t> mark_bits;
  std::vector<uint64_t> word_starts;
  ASSERT_TRUE(idx.Scan(text, out, 1000, nullptr, &marks, &mark_bits, &word_starts));
  ASSERT_EQ(mark_bits.size(), (text.size() + 63) / 64);
  ASSERT_EQ(word_starts.size(), (text.size() + 63) / 64);
  auto is_word = [](unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  };
  const std::string mark_set = "\n.!?;|";
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool mark = mark_set.find(static_cast<char>(c)) != std::string::npos;
    bool start = is_word(c) && (i == 0 || !is_word(static_cast<unsigned char>(text[i - 1])));
    ASSERT_EQ((mark_bits[i / 64] >> (i % 64)) & 1, mark ? 1u : 0u) << i << " byte " << int(c);
    ASSERT_EQ((word_starts[i / 64] >> (i % 64)) & 1, start ? 1u : 0u) << i << " byte " << int(c);
  }
  // Bits past the end stay clear.
  for (size_t i = text.size(); i < mark_bits.size() * 64; ++i) {
    ASSERT_EQ((mark_bits[i / 64] >> (i % 64)) & 1, 0u) << i;
    ASSERT_EQ((word_starts[i / 64] >> (i % 64)) & 1, 0u) << i;
  }
}

// The per-phrase quick rejects (8-byte windows around the anchor, the whole-token shortcut,
// word-wise anchor keys) must accept exactly what the byte-wise comparison does.
TEST(PhraseIndex, QuickRejectsKeepTheMatchingSemantics) {
  PhraseIndex idx = Build({{"Google Cloud Run", false, false},
                           {"Objective-C", false, false},
                           {"GoLangCI", true, false},
                           {"PostgreSQLAdministration", true, false},
                           {"averyveryverylongtokenname", false, false},
                           {"Go", true, false}});
  // Any whitespace run stands for a space of the phrase, on either side of the anchor.
  EXPECT_EQ(ScanAll(idx, "we use google\tcloud \n run daily"), (std::vector<Found>{{0, "google\tcloud \n run"}}));
  EXPECT_EQ(ScanAll(idx, "Google Cloud Run"), (std::vector<Found>{{0, "Google Cloud Run"}}));  // at the text start
  EXPECT_EQ(ScanAll(idx, "xx Google Clouds Run"), (std::vector<Found>{}));
  EXPECT_EQ(ScanAll(idx, "xx Google Cloud Runner"), (std::vector<Found>{}));
  EXPECT_EQ(ScanAll(idx, "some objective-c code"), (std::vector<Found>{{1, "objective-c"}}));
  EXPECT_EQ(ScanAll(idx, "some objective c code"), (std::vector<Found>{}));
  // Case-sensitive whole tokens of at most and more than 8 bytes, at the end and inside.
  EXPECT_EQ(ScanAll(idx, "run GoLangCI"), (std::vector<Found>{{2, "GoLangCI"}}));
  EXPECT_EQ(ScanAll(idx, "run golangci now"), (std::vector<Found>{}));
  EXPECT_EQ(ScanAll(idx, "PostgreSQLAdministration is"), (std::vector<Found>{{3, "PostgreSQLAdministration"}}));
  EXPECT_EQ(ScanAll(idx, "PostgreSQLadministration is"), (std::vector<Found>{}));
  EXPECT_EQ(ScanAll(idx, "go Go gO"), (std::vector<Found>{{5, "Go"}}));
  // Anchors longer than 16 bytes differ in the middle only.
  EXPECT_EQ(ScanAll(idx, "a AVeryVeryVeryLongTokenName"), (std::vector<Found>{{4, "AVeryVeryVeryLongTokenName"}}));
  EXPECT_EQ(ScanAll(idx, "a averyveryverXlongtokenname"), (std::vector<Found>{}));
}

// The quick-reject windows are zero-padded at the text's edges, and a phrase's space needs
// whitespace in the text: matches within 8 bytes of either edge are still found.
TEST(PhraseIndex, QuickRejectWindowsAtTheTextEdges) {
  PhraseIndex idx = Build({{"Ruby on Rails", false, false}, {"Objective-C", false, false}});
  EXPECT_EQ(ScanAll(idx, "Ruby on Rails"), (std::vector<Found>{{0, "Ruby on Rails"}}));
  EXPECT_EQ(ScanAll(idx, "Ruby\non\tRails"), (std::vector<Found>{{0, "Ruby\non\tRails"}}));
  EXPECT_EQ(ScanAll(idx, "on Rails"), (std::vector<Found>{}));
  EXPECT_EQ(ScanAll(idx, "Ruby on"), (std::vector<Found>{}));
  EXPECT_EQ(ScanAll(idx, "Ruby,on Rails"), (std::vector<Found>{}));
  EXPECT_EQ(ScanAll(idx, "Ruby on,Rails"), (std::vector<Found>{}));
  EXPECT_EQ(ScanAll(idx, "C-Objective-C"), (std::vector<Found>{{1, "Objective-C"}}));
  EXPECT_EQ(ScanAll(idx, "objective-c"), (std::vector<Found>{{1, "objective-c"}}));
  EXPECT_EQ(ScanAll(idx, "objective-"), (std::vector<Found>{}));
  EXPECT_EQ(ScanAll(idx, "objective"), (std::vector<Found>{}));
  EXPECT_EQ(ScanAll(idx, std::string("objective-\0", 11)), (std::vector<Found>{}));
}

// One anchor ("Rails") with a whole-token phrase and phrases constrained before it, right after
// it and after a space: the anchor-wide reject on the windows' first bytes keeps the whole
// token and each phrase whose context is there.
TEST(PhraseIndex, AnchorWideQuickRejectKeepsEveryPhraseKind) {
  PhraseIndex idx =
      Build({{"Rails", true, false}, {"Ruby on Rails", false, false}, {"Rails.js", false, false}, {"Rails API", false, false}});
  EXPECT_EQ(ScanAll(idx, "Rails"), (std::vector<Found>{{0, "Rails"}}));
  EXPECT_EQ(ScanAll(idx, "rails"), (std::vector<Found>{}));
  EXPECT_EQ(ScanAll(idx, "ruby on rails"), (std::vector<Found>{{1, "ruby on rails"}}));
  EXPECT_EQ(ScanAll(idx, "RAILS.JS and Rails API"),
            (std::vector<Found>{{2, "RAILS.JS"}, {0, "Rails"}, {3, "Rails API"}}));
  EXPECT_EQ(ScanAll(idx, "Rails,API"), (std::vector<Found>{{0, "Rails"}}));
  // More than 64 phrases under one anchor: the later ones are still compared. (Outer edges are
  // the caller's business: "Rails v7" occurs in "Rails v70".)
  PhraseIndex many;
  ASSERT_TRUE(many.Add("Rails", true, false, 0).ok());
  for (uint32_t k = 1; k <= 70; ++k) ASSERT_TRUE(many.Add("Rails v" + std::to_string(k), false, false, k).ok());
  many.Build();
  EXPECT_EQ(ScanAll(many, "Rails v70"), (std::vector<Found>{{0, "Rails"}, {7, "Rails v7"}, {70, "Rails v70"}}));
  EXPECT_EQ(ScanAll(many, "Rails v3."), (std::vector<Found>{{0, "Rails"}, {3, "Rails v3"}}));
}

TEST(PhraseIndex, AnyBytesAreSafe) {
  PhraseIndex idx = Build({{"Rust", false, false}});
  std::string bin;
  for (int i = 0; i < 1000; ++i) bin.push_back(static_cast<char>(i * 37));
  ScanAll(idx, bin);
  EXPECT_EQ(ScanAll(idx, std::string("\0Rust\xff\xfe", 7)), (std::vector<Found>{{0, "Rust"}}));
  EXPECT_EQ(ScanAll(idx, ""), (std::vector<Found>{}));
}

TEST(PhraseIndex, StopsAtTheMatchCap) {
  PhraseIndex idx = Build({{"Go", true, false}});
  std::string text;
  for (int i = 0; i < 100; ++i) text += "Go ";
  std::vector<PhraseMatch> m;
  EXPECT_FALSE(idx.Scan(text, m, 10));
  EXPECT_EQ(m.size(), 10u);
}

TEST(PhraseIndex, RejectsPhrasesItCannotAnchor) {
  PhraseIndex idx;
  EXPECT_FALSE(idx.Add("++", false, false, 0).ok());
  EXPECT_FALSE(idx.Add("", false, false, 0).ok());
  EXPECT_FALSE(idx.Add(" Go", false, false, 0).ok());
  EXPECT_FALSE(idx.Add(std::string(40, 'a'), false, false, 0).ok());
}

TEST(PhraseIndex, RecordsSideTokensForOtherIndexes) {
  PhraseIndex skills = Build({{"Go", true, false}});
  PhraseIndex cues = Build({{"is a plus", false, false}});
  std::string text = "Go is a plus";
  std::vector<PhraseMatch> m;
  std::vector<TokenRef> side;
  skills.SetSideFilter(cues.filter());
  ASSERT_TRUE(skills.Scan(text, m, 100, &side));
  ASSERT_EQ(m.size(), 1u);
  std::vector<PhraseMatch> cue;
  for (const TokenRef& t : side) cues.MatchToken(text, t, cue);
  ASSERT_EQ(cue.size(), 1u);
  EXPECT_EQ(text.substr(cue[0].begin, cue[0].end - cue[0].begin), "is a plus");
}

std::vector<Found> PrefixAll(const PhraseIndex& idx, std::string_view text) {
  std::vector<PhraseMatch> m;
  idx.MatchPrefix(text, m);
  std::vector<Found> out;
  for (const auto& x : m) {
    EXPECT_EQ(x.begin, 0u);
    out.push_back({x.id, std::string(text.substr(x.begin, x.end - x.begin))});
  }
  return out;
}

TEST(PhraseIndex, MatchPrefixFindsOnlyPhrasesStartingTheText) {
  // "Bonus points" is anchored on "points" (its longest word), "nice to have" on "nice".
  PhraseIndex idx = Build({{"Bonus points", false, false}, {"nice to have", false, false}, {"Bonus", false, false}});
  EXPECT_EQ(PrefixAll(idx, "Bonus  Points: Go"), (std::vector<Found>{{2, "Bonus"}, {0, "Bonus  Points"}}));
  EXPECT_EQ(PrefixAll(idx, "Nice to have:\n- Rust"), (std::vector<Found>{{1, "Nice to have"}}));
  EXPECT_EQ(PrefixAll(idx, "A bonus points system"), (std::vector<Found>{}));  // not at the start
  EXPECT_EQ(PrefixAll(idx, "Bonus pointsy"), (std::vector<Found>{{2, "Bonus"}}));  // "pointsy" is another word
  EXPECT_EQ(PrefixAll(idx, "Bonuses"), (std::vector<Found>{}));
  EXPECT_EQ(PrefixAll(idx, ""), (std::vector<Found>{}));
  EXPECT_EQ(PrefixAll(idx, "Bonus"), (std::vector<Found>{{2, "Bonus"}}));
  // 16 bytes or more with single spaces (compared 16 bytes at once) and with a longer run.
  EXPECT_EQ(PrefixAll(idx, "BONUS POINTS if you know Rust"), (std::vector<Found>{{2, "BONUS"}, {0, "BONUS POINTS"}}));
  EXPECT_EQ(PrefixAll(idx, "Bonus pointers and more"), (std::vector<Found>{{2, "Bonus"}}));
  EXPECT_EQ(PrefixAll(idx, "Bonus\n\tpoints if you know Rust"),
            (std::vector<Found>{{2, "Bonus"}, {0, "Bonus\n\tpoints"}}));
}

TEST(PhraseIndex, MatchPrefixWithPhrasesStartingWithPunctuation) {
  // A phrase not starting with a word byte ("#hiring") takes the general path.
  PhraseIndex idx = Build({{"#hiring now", false, false}, {"Go", true, false}});
  EXPECT_EQ(PrefixAll(idx, "#Hiring  now in Berlin"), (std::vector<Found>{{0, "#Hiring  now"}}));
  EXPECT_EQ(PrefixAll(idx, "Go and #hiring now"), (std::vector<Found>{{1, "Go"}}));
  EXPECT_EQ(PrefixAll(idx, "go"), (std::vector<Found>{}));  // case-sensitive
}

}  // namespace
}  // namespace skillpulse
