#include "sources/fetch/archive.h"

#include <fcntl.h>
#include <simdjson.h>
#include <unistd.h>
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "core/input.h"
#include "core/json_writer.h"
#include "core/text.h"

namespace skillpulse {
namespace {

namespace fs = std::filesystem;

// zstd level of archived bodies: level 3 (zstd's default) compresses API JSON about 8x at
// several hundred MB/s on one core, off the fetcher's event loop.
constexpr int kArchiveZstdLevel = 3;
constexpr std::string_view kFormatLine = "skillpulse-archive 1\n";

void WriteHeaders(JsonWriter& w, std::string_view key, const HttpHeaders& headers) {
  w.Key(key).BeginArray();
  for (const auto& [name, value] : headers) {
    w.BeginArray().String(MakeValidUtf8(name)).String(MakeValidUtf8(value)).EndArray();
  }
  w.EndArray();
}

using simdjson::dom::element;

Status Malformed(std::string_view what) { return ParseError("archive manifest: " + std::string(what)); }

Result<element> ParseObject(simdjson::dom::parser& parser, std::string_view line, simdjson::padded_string& buf) {
  buf = simdjson::padded_string(line);
  element e;
  if (auto err = parser.parse(buf).get(e)) return Malformed(std::string("invalid JSON: ") + simdjson::error_message(err));
  if (!e.is_object()) return Malformed("a line is not a JSON object");
  return e;
}

std::string GetString(element obj, std::string_view key) {
  std::string_view v;
  if (obj[key].get_string().get(v)) return "";
  return std::string(v);
}

int64_t GetInt(element obj, std::string_view key) {
  int64_t v = 0;
  if (obj[key].get_int64().get(v)) {
    uint64_t u = 0;
    if (!obj[key].get_uint64().get(u)) return static_cast<int64_t>(std::min<uint64_t>(u, INT64_MAX));
    return 0;
  }
  return v;
}

Status GetHeaders(element obj, std::string_view key, HttpHeaders& out) {
  simdjson::dom::array arr;
  auto err = obj[key].get_array().get(arr);
  if (err == simdjson::NO_SUCH_FIELD) return Status::Ok();
  if (err) return Malformed(std::string(key) + " is not an array");
  for (element pair : arr) {
    simdjson::dom::array kv;
    if (pair.get_array().get(kv) || kv.size() != 2) return Malformed(std::string(key) + " entries must be [name, value]");
    std::string_view name, value;
    if (kv.at(0).get_string().get(name) || kv.at(1).get_string().get(value)) {
      return Malformed(std::string(key) + " entries must be strings");
    }
    out.emplace_back(std::string(name), std::string(value));
  }
  return Status::Ok();
}

bool IsHash(std::string_view h) {
  return h.size() == 32 && std::all_of(h.begin(), h.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string BlobPath(const std::string& dir, std::string_view hash) {
  return dir + "/blobs/" + std::string(hash.substr(0, 2)) + "/" + std::string(hash) + ".zst";
}

Status WriteFileAtomic(const std::string& path, std::string_view bytes) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." +
                    std::to_string(reinterpret_cast<uintptr_t>(&bytes) & 0xffff);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return IoError(tmp + ": cannot create");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return IoError(tmp + ": write failed");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return IoError(path + ": " + ec.message());
  }
  return Status::Ok();
}

std::string RunFileName(int64_t started_at_ms) {
  std::time_t t = static_cast<std::time_t>(started_at_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02d.%03dZ-%d.jsonl", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(started_at_ms % 1000),
                static_cast<int>(::getpid()));
  return buf;
}

}  // namespace

std::string ContentHash(std::string_view bytes) {
  XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return std::string(buf, 32);
}

std::string FormatArchiveEntry(const ArchivedResponse& r) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Field("url", MakeValidUtf8(r.url));
  if (!r.final_url.empty() && r.final_url != r.url) w.Field("final_url", MakeValidUtf8(r.final_url));
  w.Field("attempt", static_cast<int64_t>(r.attempt)).Field("final", r.final);
  w.Field("status", static_cast<int64_t>(r.status));
  if (!r.error.empty()) w.Field("error", MakeValidUtf8(r.error)).Field("error_code", r.error_code);
  w.Field("fetched_at_ms", r.fetched_at_ms).Field("elapsed_ms", r.elapsed_ms);
  WriteHeaders(w, "headers", r.headers);
  if (!r.request_headers.empty()) WriteHeaders(w, "request_headers", r.request_headers);
  if (!r.body_hash.empty()) w.Field("body", r.body_hash).Field("body_bytes", static_cast<int64_t>(r.body_bytes));
  if (r.streamed) w.Field("streamed", true);
  w.EndObject();
  return out;
}

Result<ArchivedResponse> ParseArchiveEntry(std::string_view line) {
  simdjson::dom::parser parser;
  simdjson::padded_string buf;
  SP_ASSIGN_OR_RETURN(element e, ParseObject(parser, line, buf));
  ArchivedResponse r;
  r.url = GetString(e, "url");
  if (r.url.empty()) return Malformed("an entry has no url");
  r.final_url = GetString(e, "final_url");
  r.attempt = static_cast<int>(std::clamp<int64_t>(GetInt(e, "attempt"), 0, 1'000'000));
  bool final = true;
  if (!e["final"].get_bool().get(final)) r.final = final;
  r.status = static_cast<long>(std::clamp<int64_t>(GetInt(e, "status"), 0, 999));
  r.error = GetString(e, "error");
  r.error_code = GetString(e, "error_code");
  r.fetched_at_ms = GetInt(e, "fetched_at_ms");
  r.elapsed_ms = GetInt(e, "elapsed_ms");
  SP_TRY(GetHeaders(e, "headers", r.headers));
  SP_TRY(GetHeaders(e, "request_headers", r.request_headers));
  r.body_hash = GetString(e, "body");
  if (!r.body_hash.empty() && !IsHash(r.body_hash)) return Malformed("body is not a 32-digit hex hash");
  r.body_bytes = static_cast<uint64_t>(std::max<int64_t>(GetInt(e, "body_bytes"), 0));
  bool streamed = false;
  if (!e["streamed"].get_bool().get(streamed)) r.streamed = streamed;
  return r;
}

std::string FormatArchiveHeader(const ArchiveRunHeader& h) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("archive", "skillpulse").Field("version", static_cast<int64_t>(h.version));
  w.Field("started_at_ms", h.started_at_ms).Field("tool_version", h.tool_version).Key("run");
  out += h.run_json.empty() ? "{}" : h.run_json;  // already JSON
  out += "}";
  return out;
}

Result<ArchiveRunHeader> ParseArchiveHeader(std::string_view line) {
  simdjson::dom::parser parser;
  simdjson::padded_string buf;
  SP_ASSIGN_OR_RETURN(element e, ParseObject(parser, line, buf));
  if (GetString(e, "archive") != "skillpulse") return Malformed("first line is not a skillpulse archive header");
  ArchiveRunHeader h;
  h.version = static_cast<int>(GetInt(e, "version"));
  if (h.version != 1) return Unsupported("archive manifest version " + std::to_string(h.version) + " (this skillpulse reads 1)");
  h.started_at_ms = GetInt(e, "started_at_ms");
  h.tool_version = GetString(e, "tool_version");
  element run;
  if (!e["run"].get(run)) h.run_json = simdjson::minify(run);
  return h;
}

Result<ArchiveManifest> ParseArchiveManifest(std::string_view text) {
  ArchiveManifest m;
  size_t pos = 0;
  uint64_t line_no = 0;
  bool have_header = false;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = TrimAscii(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty()) continue;
    if (!have_header) {
      auto h = ParseArchiveHeader(line);
      if (!h.ok()) return h.status().WithContext("line " + std::to_string(line_no));
      m.header = std::move(h).value();
      have_header = true;
      continue;
    }
    auto r = ParseArchiveEntry(line);
    if (!r.ok()) {
      // A run killed mid-write leaves a torn last line; everything before it is usable.
      if (pos >= text.size()) break;
      return r.status().WithContext("line " + std::to_string(line_no));
    }
    m.entries.push_back(std::move(r).value());
  }
  if (!have_header) return Malformed("empty manifest");
  return m;
}

// ---- Writer ----

struct ArchiveWriter::Impl {
  // One queued job for the writer thread.
  struct Item {
    enum class Kind { kRecord, kChunk, kEnd, kDrop } kind = Kind::kRecord;
    ArchivedResponse meta;                    // kRecord, kEnd
    std::shared_ptr<const std::string> body;  // kRecord
    uint64_t stream = 0;                      // kChunk, kEnd, kDrop
    std::string bytes;                        // kChunk
  };
  // A streamed body being stored (writer thread only).
  struct Stream {
    XXH3_state_t* hash = nullptr;
    ZSTD_CCtx* cctx = nullptr;
    int fd = -1;
    std::string tmp_path;
    uint64_t bytes = 0;
    Status error;
    ~Stream() {
      if (hash != nullptr) XXH3_freeState(hash);
      if (cctx != nullptr) ZSTD_freeCCtx(cctx);
      if (fd >= 0) ::close(fd);
      if (!tmp_path.empty()) ::unlink(tmp_path.c_str());
    }
  };

  std::string dir;
  std::string manifest_path;
  int manifest_fd = -1;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Item> queue;
  bool closing = false;
  bool closed = false;
  Status error;
  std::thread thread;
  std::atomic<int64_t> cpu_ns{0};
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx{ZSTD_createCCtx(), ZSTD_freeCCtx};
  // Streamed bodies: ids, bytes queued (under mu), flow control.
  uint64_t next_stream = 1;
  size_t pending_bytes = 0;
  bool want_wake = false;
  std::function<void()> wake;
  std::map<uint64_t, std::unique_ptr<Stream>> streams;  // writer thread only

  void Push(Item item) {
    {
      std::lock_guard lock(mu);
      if (closing) return;
      pending_bytes += item.bytes.size();
      queue.push_back(std::move(item));
    }
    cv.notify_one();
  }

  Status WriteManifestLine(const ArchivedResponse& meta) {
    std::string line = FormatArchiveEntry(meta);
    line.push_back('\n');
    size_t off = 0;
    while (off < line.size()) {
      ssize_t w = ::write(manifest_fd, line.data() + off, line.size() - off);
      if (w < 0) {
        if (errno == EINTR) continue;
        return IoError(manifest_path + ": write failed: " + std::strerror(errno));
      }
      off += static_cast<size_t>(w);
    }
    return Status::Ok();
  }

  Status WriteOne(ArchivedResponse& meta, const std::string* body) {
    if (body != nullptr && !body->empty()) {
      meta.body_hash = ContentHash(*body);
      meta.body_bytes = body->size();
      std::string path = BlobPath(dir, meta.body_hash);
      std::error_code ec;
      if (!fs::exists(path, ec)) {
        fs::create_directories(fs::path(path).parent_path(), ec);
        if (ec) return IoError(path + ": " + ec.message());
        std::string z(ZSTD_compressBound(body->size()), '\0');
        size_t n = ZSTD_compressCCtx(cctx.get(), z.data(), z.size(), body->data(), body->size(), kArchiveZstdLevel);
        if (ZSTD_isError(n)) return Internal(std::string("zstd: ") + ZSTD_getErrorName(n));
        z.resize(n);
        SP_TRY(WriteFileAtomic(path, z));
      }
    }
    return WriteManifestLine(meta);
  }

  // Compresses `in` into the stream's temporary file (`end`: and finishes the frame).
  Status Compress(Stream& st, std::string_view in, bool end) {
    if (st.fd < 0) {
      st.tmp_path = dir + "/blobs/stream-" + std::to_string(::getpid()) + "-" +
                    std::to_string(reinterpret_cast<uintptr_t>(&st)) + ".tmp";
      st.fd = ::open(st.tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (st.fd < 0) {
        Status s = IoError(st.tmp_path + ": " + std::strerror(errno));
        st.tmp_path.clear();
        return s;
      }
    }
    char out[1 << 16];
    ZSTD_inBuffer ib{in.data(), in.size(), 0};
    for (;;) {
      ZSTD_outBuffer ob{out, sizeof out, 0};
      size_t left = ZSTD_compressStream2(st.cctx, &ob, &ib, end ? ZSTD_e_end : ZSTD_e_continue);
      if (ZSTD_isError(left)) return Internal(std::string("zstd: ") + ZSTD_getErrorName(left));
      for (size_t off = 0; off < ob.pos;) {
        ssize_t w = ::write(st.fd, out + off, ob.pos - off);
        if (w < 0) {
          if (errno == EINTR) continue;
          return IoError(st.tmp_path + ": write failed: " + std::strerror(errno));
        }
        off += static_cast<size_t>(w);
      }
      if (end ? left == 0 : ib.pos == ib.size) return Status::Ok();
    }
  }

  Stream& StreamFor(uint64_t id) {
    auto& st = streams[id];
    if (!st) {
      st = std::make_unique<Stream>();
      st->hash = XXH3_createState();
      XXH3_128bits_reset(st->hash);
      st->cctx = ZSTD_createCCtx();
      ZSTD_CCtx_setParameter(st->cctx, ZSTD_c_compressionLevel, kArchiveZstdLevel);
    }
    return *st;
  }

  Status Chunk(uint64_t id, std::string_view bytes) {
    Stream& st = StreamFor(id);
    if (!st.error.ok()) return Status::Ok();  // reported once, at the end
    XXH3_128bits_update(st.hash, bytes.data(), bytes.size());
    st.bytes += bytes.size();
    st.error = Compress(st, bytes, false);
    return Status::Ok();
  }

  Status End(uint64_t id, ArchivedResponse& meta) {
    Stream& st = StreamFor(id);
    std::unique_ptr<Stream> owned = std::move(streams[id]);
    streams.erase(id);
    if (st.bytes > 0) {
      SP_TRY(st.error);
      SP_TRY(Compress(st, {}, true));
      if (::close(st.fd) != 0) {
        st.fd = -1;
        return IoError(st.tmp_path + ": close failed");
      }
      st.fd = -1;
      XXH128_hash_t h = XXH3_128bits_digest(st.hash);
      char buf[33];
      std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                    static_cast<unsigned long long>(h.low64));
      meta.body_hash.assign(buf, 32);
      meta.body_bytes = st.bytes;
      std::string path = BlobPath(dir, meta.body_hash);
      std::error_code ec;
      if (!fs::exists(path, ec)) {
        fs::create_directories(fs::path(path).parent_path(), ec);
        if (ec) return IoError(path + ": " + ec.message());
        fs::rename(st.tmp_path, path, ec);
        if (ec) return IoError(path + ": " + ec.message());
        st.tmp_path.clear();  // renamed: nothing to remove
      }
    }
    return WriteManifestLine(meta);
  }

  void Run() {
    for (;;) {
      Item item;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return closing || !queue.empty(); });
        if (queue.empty()) break;
        item = std::move(queue.front());
        queue.pop_front();
      }
      Status s;
      switch (item.kind) {
        case Item::Kind::kRecord: s = WriteOne(item.meta, item.body.get()); break;
        case Item::Kind::kChunk: s = Chunk(item.stream, item.bytes); break;
        case Item::Kind::kEnd: s = End(item.stream, item.meta); break;
        case Item::Kind::kDrop: streams.erase(item.stream); break;
      }
      {
        std::lock_guard lock(mu);
        if (!s.ok() && error.ok()) error = s;
        pending_bytes -= item.bytes.size();
        if (want_wake && pending_bytes <= kMaxPendingBytes / 2) {
          want_wake = false;
          if (wake) wake();
        }
      }
      timespec ts{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
      cpu_ns.store(static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec);
    }
    streams.clear();  // bodies that never ended: their temporary files are removed
  }
};

ArchiveBodyWriter::~ArchiveBodyWriter() {
  if (!ended_) {
    ArchiveWriter::Impl::Item item;
    item.kind = ArchiveWriter::Impl::Item::Kind::kDrop;
    item.stream = id_;
    impl_->Push(std::move(item));
  }
}

void ArchiveBodyWriter::Append(std::string_view bytes) {
  if (ended_ || bytes.empty()) return;
  bytes_ += bytes.size();
  ArchiveWriter::Impl::Item item;
  item.kind = ArchiveWriter::Impl::Item::Kind::kChunk;
  item.stream = id_;
  item.bytes.assign(bytes);
  impl_->Push(std::move(item));
}

void ArchiveBodyWriter::End(ArchivedResponse meta) {
  if (ended_) return;
  ended_ = true;
  ArchiveWriter::Impl::Item item;
  item.kind = ArchiveWriter::Impl::Item::Kind::kEnd;
  item.stream = id_;
  item.meta = std::move(meta);
  impl_->Push(std::move(item));
}

ArchiveWriter::ArchiveWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ArchiveWriter::~ArchiveWriter() {
  if (impl_ && !impl_->closed) Close().IgnoreError();
}

Result<std::unique_ptr<ArchiveWriter>> ArchiveWriter::Create(const std::string& dir, const ArchiveRunHeader& header) {
  std::error_code ec;
  fs::create_directories(dir + "/runs", ec);
  if (!ec) fs::create_directories(dir + "/blobs", ec);
  if (ec) return IoError(dir + ": cannot create archive directory: " + ec.message());
  std::string format_path = dir + "/FORMAT";
  if (fs::exists(format_path, ec)) {
    auto text = ReadWholeFile(format_path, 4096);
    if (!text.ok() || *text != kFormatLine) return FailedPrecondition(dir + ": not a skillpulse archive (FORMAT differs)");
  } else {
    SP_TRY(WriteFileAtomic(format_path, kFormatLine));
  }
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  std::string name = RunFileName(header.started_at_ms);
  impl->manifest_path = dir + "/runs/" + name;
  impl->manifest_fd = ::open(impl->manifest_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (impl->manifest_fd < 0) return IoError(impl->manifest_path + ": " + std::strerror(errno));
  std::string first = FormatArchiveHeader(header) + "\n";
  if (::write(impl->manifest_fd, first.data(), first.size()) != static_cast<ssize_t>(first.size())) {
    ::close(impl->manifest_fd);
    return IoError(impl->manifest_path + ": write failed");
  }
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->Run(); });
  return std::unique_ptr<ArchiveWriter>(new ArchiveWriter(std::move(impl)));
}

void ArchiveWriter::Record(ArchivedResponse meta, std::shared_ptr<const std::string> body) {
  Impl::Item item;
  item.meta = std::move(meta);
  item.body = std::move(body);
  impl_->Push(std::move(item));
}

std::unique_ptr<ArchiveBodyWriter> ArchiveWriter::StartBody() {
  uint64_t id = 0;
  {
    std::lock_guard lock(impl_->mu);
    id = impl_->next_stream++;
  }
  return std::unique_ptr<ArchiveBodyWriter>(new ArchiveBodyWriter(impl_.get(), id));
}

bool ArchiveWriter::Ready() {
  std::lock_guard lock(impl_->mu);
  if (impl_->closing || impl_->pending_bytes < kMaxPendingBytes) return true;
  impl_->want_wake = true;
  return false;
}

void ArchiveWriter::SetWake(std::function<void()> wake) {
  std::lock_guard lock(impl_->mu);
  impl_->wake = std::move(wake);
}

Status ArchiveWriter::Close() {
  if (impl_->closed) return impl_->error;
  {
    std::lock_guard lock(impl_->mu);
    impl_->closing = true;
    if (impl_->want_wake) {  // Ready() says yes from now on: nobody may wait for a drain
      impl_->want_wake = false;
      if (impl_->wake) impl_->wake();
    }
  }
  impl_->cv.notify_one();
  if (impl_->thread.joinable()) impl_->thread.join();
  if (::fsync(impl_->manifest_fd) != 0 && impl_->error.ok()) impl_->error = IoError(impl_->manifest_path + ": fsync failed");
  ::close(impl_->manifest_fd);
  impl_->closed = true;
  return impl_->error;
}

const std::string& ArchiveWriter::manifest_path() const { return impl_->manifest_path; }

double ArchiveWriter::cpu_seconds() const { return static_cast<double>(impl_->cpu_ns.load()) / 1e9; }

// ---- Replay ----

Result<std::unique_ptr<ArchiveReplay>> ArchiveReplay::Open(const std::string& path) {
  std::error_code ec;
  std::string manifest = path;
  std::string dir;
  if (fs::is_directory(path, ec)) {
    dir = path;
    std::vector<std::string> runs;
    for (const auto& entry : fs::directory_iterator(path + "/runs", ec)) {
      if (entry.path().extension() == ".jsonl") runs.push_back(entry.path().string());
    }
    if (ec || runs.empty()) return NotFound(path + ": no recorded runs (expected " + path + "/runs/*.jsonl)");
    std::sort(runs.begin(), runs.end());  // names start with the UTC start time
    manifest = runs.back();
  } else {
    dir = fs::path(path).parent_path().parent_path().string();
    if (dir.empty()) dir = ".";
  }
  SP_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(manifest));
  auto parsed = ParseArchiveManifest(text);
  if (!parsed.ok()) return parsed.status().WithContext(manifest);
  auto replay = std::unique_ptr<ArchiveReplay>(new ArchiveReplay());
  replay->header_ = std::move(parsed->header);
  replay->dir_ = dir;
  replay->manifest_path_ = manifest;
  for (auto& r : parsed->entries) {
    if (!r.final) continue;
    ++replay->entries_;
    replay->by_url_[r.url].responses.push_back(std::move(r));
  }
  return replay;
}

Result<ArchivedResponse> ArchiveReplay::Next(const std::string& url) {
  std::lock_guard lock(mu_);
  auto it = by_url_.find(url);
  if (it == by_url_.end() || it->second.responses.empty()) {
    return NotFound(url + ": not in the replayed run " + manifest_path_);
  }
  Answers& a = it->second;
  const ArchivedResponse& r = a.responses[std::min(a.next, a.responses.size() - 1)];
  if (a.next < a.responses.size()) ++a.next;
  return r;
}

Result<std::string> ArchiveReplay::LoadBody(const ArchivedResponse& r) const {
  if (r.body_hash.empty()) return std::string();
  std::string path = BlobPath(dir_, r.body_hash);
  auto body = ReadWholeFile(path, std::max<uint64_t>(r.body_bytes, 1) + 1);
  if (!body.ok()) return body.status().WithContext("archived body of " + r.url);
  if (body->size() != r.body_bytes || ContentHash(*body) != r.body_hash) {
    return ParseError(path + ": archived body does not match its hash (corrupt archive)");
  }
  return body;
}

}  // namespace skillpulse
