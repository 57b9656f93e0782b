// Reading inputs: plain, zstd (.zst) or gzip (.gz) files, detected by magic bytes, streamed in
// chunks so a multi-GB dump never sits in memory whole.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace skillpulse {

enum class Compression : uint8_t { kNone, kZstd, kGzip };

// Magic bytes: zstd 28 B5 2F FD (RFC 8878), gzip 1F 8B (RFC 1952).
Compression DetectCompression(std::string_view first_bytes);

// A byte stream over a (possibly compressed) file. Not thread-safe.
class InputStream {
 public:
  virtual ~InputStream() = default;
  // Reads up to `n` decompressed bytes into buf. Returns 0 at end of input.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  // The path it was opened from.
  virtual const std::string& path() const = 0;

  // Opens `path` ("-" = stdin), decompressing by magic bytes.
  static Result<std::unique_ptr<InputStream>> Open(const std::string& path);
  // A stream over bytes already in memory (decompressed by magic bytes too).
  static std::unique_ptr<InputStream> FromMemory(std::string name, std::string bytes);
  // A stream over another stream's bytes, decompressed by magic bytes too (a fetched body
  // that is a .zst or .gz file). Reads the first 4 bytes of `raw` here; its errors are
  // returned. The name is raw's path().
  static Result<std::unique_ptr<InputStream>> Decompressing(std::unique_ptr<InputStream> raw);
};

// Reads a whole (possibly compressed) file. Fails with kResourceExhausted when the
// decompressed size exceeds max_bytes.
Result<std::string> ReadWholeFile(const std::string& path, size_t max_bytes = size_t{1} << 32);
// Decompresses `bytes` if they start with a zstd or gzip magic, else returns them unchanged.
Result<std::string> DecompressIfNeeded(std::string bytes, size_t max_bytes = size_t{1} << 32);

// Splits a stream into lines ('\n', a trailing '\r' removed). Lines longer than
// max_line_bytes are skipped without being buffered and reported as kTooLong, so one
// 100 MB field costs no memory. Every returned line is followed by at least kPadding
// readable bytes (simdjson's SIMDJSON_PADDING), so it can be parsed in place.
class LineReader {
 public:
  static constexpr size_t kPadding = 64;
  enum class State : uint8_t { kLine, kTooLong, kEof };

  struct Line {
    std::string_view text;   // valid until the next call to Next()
    uint64_t number = 0;     // 1-based
    uint64_t offset = 0;     // byte offset of the line start in the decompressed stream
    uint64_t length = 0;     // full length (also for kTooLong, where text holds a prefix)
  };

  LineReader(std::unique_ptr<InputStream> in, size_t max_line_bytes = size_t{64} << 20);

  // Returns kLine with `line` set, kTooLong (line.text = the first bytes, for an excerpt),
  // or kEof; an I/O or decompression error as a Status.
  Result<State> Next(Line& line);
  const std::string& path() const { return in_->path(); }
  // Decompressed bytes consumed so far.
  uint64_t bytes_read() const { return consumed_; }

 private:
  Status Fill();

  std::unique_ptr<InputStream> in_;
  size_t max_line_bytes_;
  std::string buf_;       // [begin_, end_) holds unread bytes; capacity has kPadding slack
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  uint64_t line_no_ = 0;
  uint64_t consumed_ = 0;  // stream offset of buf_[begin_]
};

}  // namespace skillpulse
