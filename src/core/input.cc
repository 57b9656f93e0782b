#include "core/input.h"

#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace skillpulse {

Compression DetectCompression(std::string_view b) {
  if (b.size() >= 4 && static_cast<unsigned char>(b[0]) == 0x28 && static_cast<unsigned char>(b[1]) == 0xB5 &&
      static_cast<unsigned char>(b[2]) == 0x2F && static_cast<unsigned char>(b[3]) == 0xFD) {
    return Compression::kZstd;
  }
  if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x1F && static_cast<unsigned char>(b[1]) == 0x8B) {
    return Compression::kGzip;
  }
  return Compression::kNone;
}

namespace {

constexpr size_t kChunk = size_t{1} << 18;

// Raw bytes: a FILE* or a memory buffer.
class RawSource {
 public:
  virtual ~RawSource() = default;
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
};

class FileRaw : public RawSource {
 public:
  FileRaw(FILE* f, bool owned) : f_(f), owned_(owned) {}
  ~FileRaw() override {
    if (owned_) std::fclose(f_);
  }
  Result<size_t> Read(char* buf, size_t n) override {
    size_t got = std::fread(buf, 1, n, f_);
    if (got == 0 && std::ferror(f_)) return IoError(std::strerror(errno));
    return got;
  }

 private:
  FILE* f_;
  bool owned_;
};

class MemoryRaw : public RawSource {
 public:
  explicit MemoryRaw(std::string bytes) : bytes_(std::move(bytes)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, bytes_.size() - pos_);
    std::memcpy(buf, bytes_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  std::string bytes_;
  size_t pos_ = 0;
};

class StreamRaw : public RawSource {
 public:
  explicit StreamRaw(std::unique_ptr<InputStream> in) : in_(std::move(in)) {}
  Result<size_t> Read(char* buf, size_t n) override { return in_->Read(buf, n); }

 private:
  std::unique_ptr<InputStream> in_;
};

// Reads from a RawSource after a peeked prefix has been consumed.
class Peeked {
 public:
  Peeked(std::unique_ptr<RawSource> raw, std::string prefix) : raw_(std::move(raw)), prefix_(std::move(prefix)) {}
  Result<size_t> Read(char* buf, size_t n) {
    if (pos_ < prefix_.size()) {
      size_t k = std::min(n, prefix_.size() - pos_);
      std::memcpy(buf, prefix_.data() + pos_, k);
      pos_ += k;
      return k;
    }
    return raw_->Read(buf, n);
  }

 private:
  std::unique_ptr<RawSource> raw_;
  std::string prefix_;
  size_t pos_ = 0;
};

class PlainStream : public InputStream {
 public:
  PlainStream(std::string path, Peeked in) : path_(std::move(path)), in_(std::move(in)) {}
  Result<size_t> Read(char* buf, size_t n) override { return in_.Read(buf, n); }
  const std::string& path() const override { return path_; }

 private:
  std::string path_;
  Peeked in_;
};

class ZstdStream : public InputStream {
 public:
  ZstdStream(std::string path, Peeked in) : path_(std::move(path)), in_(std::move(in)), src_(kChunk) {
    ctx_ = ZSTD_createDStream();
    ZSTD_initDStream(ctx_);
    // The shared HN file was written with --long=27; allow windows up to 2^31.
    ZSTD_DCtx_setParameter(ctx_, ZSTD_d_windowLogMax, 31);
  }
  ~ZstdStream() override { ZSTD_freeDStream(ctx_); }
  const std::string& path() const override { return path_; }

  Result<size_t> Read(char* buf, size_t n) override {
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos == 0) {
      if (in_buf_.pos == in_buf_.size) {
        if (src_eof_) {
          if (!frame_done_) return ParseError("truncated zstd stream");
          return size_t{0};
        }
        SP_ASSIGN_OR_RETURN(size_t got, in_.Read(src_.data(), src_.size()));
        if (got == 0) {
          src_eof_ = true;
          continue;
        }
        in_buf_ = ZSTD_inBuffer{src_.data(), got, 0};
      }
      size_t r = ZSTD_decompressStream(ctx_, &out, &in_buf_);
      if (ZSTD_isError(r)) return ParseError(std::string("zstd: ") + ZSTD_getErrorName(r));
      frame_done_ = (r == 0);
    }
    return out.pos;
  }

 private:
  std::string path_;
  Peeked in_;
  std::vector<char> src_;
  ZSTD_DStream* ctx_;
  ZSTD_inBuffer in_buf_{nullptr, 0, 0};
  bool src_eof_ = false;
  bool frame_done_ = true;
};

class GzipStream : public InputStream {
 public:
  GzipStream(std::string path, Peeked in) : path_(std::move(path)), in_(std::move(in)), src_(kChunk) {
    std::memset(&zs_, 0, sizeof zs_);
    inflateInit2(&zs_, 15 + 32);  // +32: gzip or zlib header, auto-detected
  }
  ~GzipStream() override { inflateEnd(&zs_); }
  const std::string& path() const override { return path_; }

  Result<size_t> Read(char* buf, size_t n) override {
    zs_.next_out = reinterpret_cast<Bytef*>(buf);
    zs_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    while (zs_.avail_out == std::min<size_t>(n, 1u << 30)) {
      if (zs_.avail_in == 0) {
        if (src_eof_) {
          if (!stream_end_) return ParseError("truncated gzip stream");
          return size_t{0};
        }
        SP_ASSIGN_OR_RETURN(size_t got, in_.Read(src_.data(), src_.size()));
        if (got == 0) {
          src_eof_ = true;
          continue;
        }
        zs_.next_in = reinterpret_cast<Bytef*>(src_.data());
        zs_.avail_in = static_cast<uInt>(got);
      }
      if (stream_end_) {
        // Concatenated gzip members (RFC 1952 section 2.2): start the next one.
        inflateReset(&zs_);
        stream_end_ = false;
      }
      int r = inflate(&zs_, Z_NO_FLUSH);
      if (r == Z_STREAM_END) {
        stream_end_ = true;
      } else if (r != Z_OK && r != Z_BUF_ERROR) {
        return ParseError(std::string("gzip: ") + (zs_.msg ? zs_.msg : "corrupt data"));
      }
      if (r == Z_BUF_ERROR && zs_.avail_in != 0) return ParseError("gzip: corrupt data");
    }
    return std::min<size_t>(n, 1u << 30) - zs_.avail_out;
  }

 private:
  std::string path_;
  Peeked in_;
  std::vector<char> src_;
  z_stream zs_;
  bool src_eof_ = false;
  bool stream_end_ = false;
};

Result<std::unique_ptr<InputStream>> Wrap(std::string name, std::unique_ptr<RawSource> raw) {
  std::string prefix(4, '\0');
  size_t have = 0;
  while (have < 4) {
    SP_ASSIGN_OR_RETURN(size_t got, raw->Read(prefix.data() + have, 4 - have));
    if (got == 0) break;
    have += got;
  }
  prefix.resize(have);
  Compression c = DetectCompression(prefix);
  Peeked peeked(std::move(raw), std::move(prefix));
  switch (c) {
    case Compression::kZstd: return std::unique_ptr<InputStream>(new ZstdStream(std::move(name), std::move(peeked)));
    case Compression::kGzip: return std::unique_ptr<InputStream>(new GzipStream(std::move(name), std::move(peeked)));
    case Compression::kNone: break;
  }
  return std::unique_ptr<InputStream>(new PlainStream(std::move(name), std::move(peeked)));
}

}  // namespace

Result<std::unique_ptr<InputStream>> InputStream::Open(const std::string& path) {
  if (path == "-") return Wrap(path, std::make_unique<FileRaw>(stdin, false));
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    int e = errno;
    Status s(e == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError, path + ": " + std::strerror(e));
    return s;
  }
  return Wrap(path, std::make_unique<FileRaw>(f, true));
}

std::unique_ptr<InputStream> InputStream::FromMemory(std::string name, std::string bytes) {
  auto r = Wrap(std::move(name), std::make_unique<MemoryRaw>(std::move(bytes)));
  return std::move(r).value();  // memory reads cannot fail
}

Result<std::unique_ptr<InputStream>> InputStream::Decompressing(std::unique_ptr<InputStream> raw) {
  std::string name = raw->path();
  return Wrap(std::move(name), std::make_unique<StreamRaw>(std::move(raw)));
}

namespace {
Result<std::string> ReadAll(InputStream& in, size_t max_bytes) {
  std::string out;
  size_t cap = kChunk;
  out.resize(cap);
  size_t len = 0;
  for (;;) {
    if (len == out.size()) {
      if (out.size() >= max_bytes) {
        return ResourceExhausted(in.path() + ": larger than " + std::to_string(max_bytes) + " bytes");
      }
      out.resize(std::min(out.size() * 2, max_bytes + 1));
    }
    SP_ASSIGN_OR_RETURN(size_t got, in.Read(out.data() + len, out.size() - len));
    if (got == 0) break;
    len += got;
    if (len > max_bytes) return ResourceExhausted(in.path() + ": larger than " + std::to_string(max_bytes) + " bytes");
  }
  out.resize(len);
  return out;
}
}  // namespace

Result<std::string> ReadWholeFile(const std::string& path, size_t max_bytes) {
  SP_ASSIGN_OR_RETURN(auto in, InputStream::Open(path));
  auto r = ReadAll(*in, max_bytes);
  if (!r.ok()) return r.status().WithContext(path);
  return r;
}

Result<std::string> DecompressIfNeeded(std::string bytes, size_t max_bytes) {
  if (DetectCompression(bytes) == Compression::kNone) return bytes;
  auto in = InputStream::FromMemory("<memory>", std::move(bytes));
  return ReadAll(*in, max_bytes);
}

LineReader::LineReader(std::unique_ptr<InputStream> in, size_t max_line_bytes)
    : in_(std::move(in)), max_line_bytes_(max_line_bytes) {
  buf_.resize(kChunk * 4 + kPadding);
}

Status LineReader::Fill() {
  // Compact, then grow so at least one chunk fits.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buf_.size() - kPadding - end_ < kChunk) buf_.resize(std::max(buf_.size() * 2, end_ + kChunk + kPadding));
  SP_ASSIGN_OR_RETURN(size_t got, in_->Read(buf_.data() + end_, buf_.size() - kPadding - end_));
  if (got == 0) eof_ = true;
  end_ += got;
  return Status::Ok();
}

Result<LineReader::State> LineReader::Next(Line& line) {
  size_t scan_from = begin_;
  for (;;) {
    const char* base = buf_.data();
    const void* nl = std::memchr(base + scan_from, '\n', end_ - scan_from);
    if (nl != nullptr) {
      size_t pos = static_cast<const char*>(nl) - base;
      size_t len = pos - begin_;
      line.number = ++line_no_;
      line.offset = consumed_;
      line.length = len;
      size_t text_len = (len > 0 && base[pos - 1] == '\r') ? len - 1 : len;
      line.text = std::string_view(base + begin_, text_len);
      consumed_ += len + 1;
      begin_ = pos + 1;
      return State::kLine;
    }
    if (eof_) {
      if (begin_ == end_) return State::kEof;
      size_t len = end_ - begin_;
      line.number = ++line_no_;
      line.offset = consumed_;
      line.length = len;
      line.text = std::string_view(base + begin_, len);
      consumed_ += len;
      begin_ = end_;
      return State::kLine;
    }
    if (end_ - begin_ > max_line_bytes_) {
      // Too long: keep an excerpt, then discard bytes up to and including the next newline.
      const size_t excerpt_len = std::min<size_t>(4096, end_ - begin_);
      std::memmove(buf_.data(), buf_.data() + begin_, excerpt_len);
      line.offset = consumed_;
      uint64_t total = end_ - begin_;
      begin_ = end_ = excerpt_len;  // bytes [0, excerpt_len) hold the excerpt
      for (;;) {
        SP_ASSIGN_OR_RETURN(size_t got, in_->Read(buf_.data() + end_, buf_.size() - kPadding - end_));
        if (got == 0) {
          eof_ = true;
          break;
        }
        const void* p = std::memchr(buf_.data() + end_, '\n', got);
        if (p != nullptr) {
          size_t k = static_cast<const char*>(p) - (buf_.data() + end_);
          total += k;
          // Keep what follows the newline.
          std::memmove(buf_.data() + excerpt_len, buf_.data() + end_ + k + 1, got - k - 1);
          end_ = excerpt_len + (got - k - 1);
          consumed_ += total + 1;
          break;
        }
        total += got;
      }
      if (eof_) consumed_ += total;
      line.number = ++line_no_;
      line.length = total;
      line.text = std::string_view(buf_.data(), excerpt_len);
      // The excerpt stays valid until the next Next(); the following Next() starts after it.
      begin_ = excerpt_len;
      return State::kTooLong;
    }
    scan_from = end_ - begin_;
    SP_TRY(Fill());
    scan_from += begin_;  // Fill compacts to begin_ == 0
  }
}

}  // namespace skillpulse
