#include "core/input.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>

#include "test_util.h"

namespace skillpulse {
namespace {

std::string Zstd(const std::string& s) {
  std::string out(ZSTD_compressBound(s.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), s.data(), s.size(), 3));
  return out;
}

std::string Gzip(const std::string& s) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, s.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  zs.avail_in = static_cast<uInt>(s.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::vector<std::string> Lines(std::unique_ptr<InputStream> in, size_t max_line = 1 << 20,
                               std::vector<LineReader::State>* states = nullptr) {
  LineReader r(std::move(in), max_line);
  std::vector<std::string> out;
  LineReader::Line line;
  for (;;) {
    auto st = r.Next(line);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    if (!st.ok() || *st == LineReader::State::kEof) break;
    if (states) states->push_back(*st);
    out.push_back(*st == LineReader::State::kLine ? std::string(line.text) : "<too long " + std::to_string(line.length) + ">");
  }
  return out;
}

TEST(Input, DetectsCompressionByMagic) {
  EXPECT_EQ(DetectCompression(Zstd("x")), Compression::kZstd);
  EXPECT_EQ(DetectCompression(Gzip("x")), Compression::kGzip);
  EXPECT_EQ(DetectCompression("{\"a\":1}"), Compression::kNone);
}

TEST(Input, SameLinesFromPlainZstdAndGzip) {
  const std::string text = "a\r\nbb\n\nccc";  // CRLF, an empty line, no final newline
  const std::vector<std::string> want = {"a", "bb", "", "ccc"};
  EXPECT_EQ(Lines(InputStream::FromMemory("p", text)), want);
  EXPECT_EQ(Lines(InputStream::FromMemory("z", Zstd(text))), want);
  EXPECT_EQ(Lines(InputStream::FromMemory("g", Gzip(text))), want);
}

TEST(Input, ConcatenatedGzipMembersAreOneStream) {
  EXPECT_EQ(Lines(InputStream::FromMemory("g", Gzip("a\n") + Gzip("b\n"))), (std::vector<std::string>{"a", "b"}));
}

TEST(Input, LongLineIsSkippedNotBuffered) {
  std::string big(5 << 20, 'x');  // 5 MiB line with a 1 MiB limit
  std::vector<LineReader::State> states;
  auto lines = Lines(InputStream::FromMemory("p", "first\n" + big + "\nlast\n"), 1 << 20, &states);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "first");
  EXPECT_EQ(lines[1], "<too long " + std::to_string(big.size()) + ">");
  EXPECT_EQ(states[1], LineReader::State::kTooLong);
  EXPECT_EQ(lines[2], "last");
}

TEST(Input, TruncatedCompressedStreamIsAnError) {
  std::string z = Zstd(std::string(100000, 'a') + "\n");
  z.resize(z.size() / 2);
  LineReader r(InputStream::FromMemory("z", z));
  LineReader::Line line;
  bool failed = false;
  for (int i = 0; i < 10 && !failed; ++i) {
    auto st = r.Next(line);
    if (!st.ok()) failed = true;
    else if (*st == LineReader::State::kEof) break;
  }
  EXPECT_TRUE(failed);
}

// A raw byte stream (what a fetched body's pipe is): small pieces, then an optional error.
class PiecesStream : public InputStream {
 public:
  PiecesStream(std::string bytes, size_t piece, Status end = Status::Ok())
      : bytes_(std::move(bytes)), piece_(piece), end_(std::move(end)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (pos_ == bytes_.size()) {
      if (!end_.ok()) return end_;
      return size_t{0};
    }
    n = std::min({n, piece_, bytes_.size() - pos_});
    std::memcpy(buf, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  const std::string& path() const override { return path_; }

 private:
  std::string bytes_;
  size_t piece_;
  Status end_;
  size_t pos_ = 0;
  std::string path_ = "piece-by-piece";
};

TEST(Input, DecompressingWrapsAnyStreamByMagic) {
  const std::string text = "line one\nline two\n";
  for (const std::string& bytes : {text, Zstd(text), Gzip(text)}) {
    auto in = InputStream::Decompressing(std::make_unique<PiecesStream>(bytes, 3));  // 3 bytes at a time
    ASSERT_TRUE(in.ok());
    EXPECT_EQ((*in)->path(), "piece-by-piece");
    EXPECT_EQ(Lines(std::move(in).value()), (std::vector<std::string>{"line one", "line two"}));
  }
  // Shorter than a magic number, and empty.
  auto two = InputStream::Decompressing(std::make_unique<PiecesStream>("ab", 1));
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(Lines(std::move(two).value()), std::vector<std::string>{"ab"});
  auto none = InputStream::Decompressing(std::make_unique<PiecesStream>("", 1));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(Lines(std::move(none).value()).empty());
  // The raw stream's error: while peeking the magic it is returned; later it is read.
  auto early = InputStream::Decompressing(std::make_unique<PiecesStream>("x", 1, IoError("cut")));
  EXPECT_EQ(early.status().code(), StatusCode::kIoError);
  auto late = InputStream::Decompressing(std::make_unique<PiecesStream>("abcdef", 2, IoError("cut")));
  ASSERT_TRUE(late.ok());
  char buf[16];
  size_t got = 0;
  Status end;
  for (;;) {
    auto n = (*late)->Read(buf + got, sizeof buf - got);
    if (!n.ok()) {
      end = n.status();
      break;
    }
    if (*n == 0) break;
    got += *n;
  }
  EXPECT_EQ(std::string(buf, got), "abcdef");
  EXPECT_EQ(end.code(), StatusCode::kIoError);
}

TEST(Input, MissingFileIsNotFound) {
  auto r = InputStream::Open("/nonexistent/file.jsonl");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("/nonexistent/file.jsonl"), std::string::npos);
}

TEST(Input, ReadsTheSharedZstdFileWrittenWithLongWindow) {
  if (!testing::HaveShared("hn_whoishiring")) GTEST_SKIP();
  auto in = InputStream::Open(testing::HnFile());
  ASSERT_TRUE(in.ok());
  LineReader r(std::move(in).value());
  LineReader::Line line;
  size_t n = 0;
  for (;;) {
    auto st = r.Next(line);
    ASSERT_TRUE(st.ok());
    if (*st == LineReader::State::kEof) break;
    ++n;
  }
  EXPECT_EQ(n, 54365u);  // SOURCES.md: 54,365 rows
}

}  // namespace
}  // namespace skillpulse
