// The response archive: every HTTP response an ingest run received (retries, failures and
// robots.txt included), so `ingest --replay` can reproduce the run exactly, offline.
//
// Layout of an archive directory (docs/FETCHING.md has the full description):
//   ARCHIVE/FORMAT                        "skillpulse-archive 1"
//   ARCHIVE/runs/<UTC start>-<pid>.jsonl  one manifest per run: a header line, then one line
//                                         per response in the order they completed
//   ARCHIVE/blobs/<h0h1>/<h>.zst          each distinct body once, zstd-compressed; <h> is the
//                                         XXH3-128 of the body bytes (32 hex digits)
// Bodies are stored as the parser saw them, after Content-Encoding was decoded (the original
// Content-Encoding header is kept in the manifest). XXH3-128 is not a cryptographic hash: the
// archive reproduces our own runs; it is not a defence against a board that forges collisions.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace skillpulse {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// One recorded response (one attempt of one request).
struct ArchivedResponse {
  std::string url;        // as requested
  std::string final_url;  // after redirects ("" = same)
  int attempt = 1;        // 1-based attempt number of this request
  bool final = true;      // the response the run used (false: an attempt that was retried)
  long status = 0;        // HTTP status; 0 when no response arrived (see error)
  std::string error;      // why the attempt failed ("" for a usable response)
  std::string error_code; // StatusCode name of the failure ("" when none)
  int64_t fetched_at_ms = 0;  // Unix ms when the response completed
  int64_t elapsed_ms = 0;     // duration of this attempt
  HttpHeaders headers;          // response headers, names lower-cased, in order
  HttpHeaders request_headers;  // conditional request headers sent (If-None-Match...)
  std::string body_hash;      // 32 hex digits, "" when the response had no body
  uint64_t body_bytes = 0;
  // The body was streamed to its parser as it arrived: the parser saw these bytes even when
  // the response failed (`error`) part way (a replay hands them out the same way).
  bool streamed = false;
};

// The manifest's first line.
struct ArchiveRunHeader {
  int version = 1;
  int64_t started_at_ms = 0;
  std::string tool_version;
  // Caller data needed to replay (the resolved sources, API base URLs), a JSON object.
  std::string run_json = "{}";
};

// XXH3-128 of `bytes` as 32 lower-case hex digits.
std::string ContentHash(std::string_view bytes);

// Serializes one response as a manifest line (no newline) and back. Parse fails with
// kParseError on malformed input, never crashes.
std::string FormatArchiveEntry(const ArchivedResponse& r);
Result<ArchivedResponse> ParseArchiveEntry(std::string_view line);
std::string FormatArchiveHeader(const ArchiveRunHeader& h);
Result<ArchiveRunHeader> ParseArchiveHeader(std::string_view line);

class ArchiveBodyWriter;

// Appends responses to a new run of an archive. Record() is thread-safe and cheap: hashing,
// compression and writes happen on a background thread.
class ArchiveWriter {
 public:
  // Bytes of streamed bodies queued for the writer thread at which Ready() says no.
  static constexpr size_t kMaxPendingBytes = size_t{32} << 20;

  // Creates `dir` (and its FORMAT, runs/, blobs/) if needed and a new run manifest.
  static Result<std::unique_ptr<ArchiveWriter>> Create(const std::string& dir, const ArchiveRunHeader& header);
  ~ArchiveWriter();

  // Queues one response; `body` may be null (no body). `meta.body_hash/body_bytes` are filled
  // here from `body`.
  void Record(ArchivedResponse meta, std::shared_ptr<const std::string> body);
  // A body recorded piece by piece as it arrives (a streamed response); see ArchiveBodyWriter.
  // Thread-safe. The returned writer must not outlive this ArchiveWriter.
  std::unique_ptr<ArchiveBodyWriter> StartBody();
  // Flow control for streamed bodies (their pieces are copies queued for the writer thread):
  // false when kMaxPendingBytes or more are queued; the wake function (SetWake) is then
  // called once, on the writer thread, when the queue is down to half. Thread-safe.
  bool Ready();
  // What Ready() = false arranges to be called (quick; must not call into the writer). Null
  // clears it.
  void SetWake(std::function<void()> wake);
  // Writes everything queued, syncs the manifest to disk and stops the writer. Returns the
  // first write error. Called once; the destructor calls it if needed.
  Status Close();

  const std::string& manifest_path() const;
  // CPU seconds spent by the writer thread (hashing, compression, writes).
  double cpu_seconds() const;

  struct Impl;

 private:
  explicit ArchiveWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One streamed body on its way into the archive: Append() copies each piece for the writer
// thread, which hashes it (XXH3-128, incremental) and compresses it (ZSTD_compressStream2) into
// a temporary file under blobs/; End() queues the manifest entry, written once the body is
// stored under its hash (or dropped when that blob exists already). Not thread-safe: one
// producer. Destroyed before End(): the body is dropped and nothing is recorded.
class ArchiveBodyWriter {
 public:
  ~ArchiveBodyWriter();
  ArchiveBodyWriter(const ArchiveBodyWriter&) = delete;
  ArchiveBodyWriter& operator=(const ArchiveBodyWriter&) = delete;

  void Append(std::string_view bytes);
  // Ends the body; `meta.body_hash/body_bytes` are filled from the appended bytes. Once.
  void End(ArchivedResponse meta);
  uint64_t bytes() const { return bytes_; }

 private:
  friend class ArchiveWriter;
  ArchiveBodyWriter(ArchiveWriter::Impl* impl, uint64_t id) : impl_(impl), id_(id) {}
  ArchiveWriter::Impl* impl_;
  uint64_t id_;
  uint64_t bytes_ = 0;
  bool ended_ = false;
};

// Answers requests from a recorded run.
class ArchiveReplay {
 public:
  // `path` is a run manifest (ARCHIVE/runs/X.jsonl) or an archive directory (its newest run).
  static Result<std::unique_ptr<ArchiveReplay>> Open(const std::string& path);

  const ArchiveRunHeader& header() const { return header_; }
  const std::string& manifest_path() const { return manifest_path_; }

  // The final response recorded for the next request of `url`: when the run fetched a URL
  // several times the answers come back in their recorded order (the last one repeats).
  // kNotFound when the run never fetched `url`. Thread-safe.
  Result<ArchivedResponse> Next(const std::string& url);
  // The body of a recorded response (decompressed; "" when it had none).
  Result<std::string> LoadBody(const ArchivedResponse& r) const;

  size_t size() const { return entries_; }

 private:
  ArchiveRunHeader header_;
  std::string dir_;
  std::string manifest_path_;
  size_t entries_ = 0;
  struct Answers {
    std::vector<ArchivedResponse> responses;
    size_t next = 0;
  };
  std::map<std::string, Answers, std::less<>> by_url_;
  mutable std::mutex mu_;
};

// Parses a whole manifest (header + entries); for tests and the fuzzer.
struct ArchiveManifest {
  ArchiveRunHeader header;
  std::vector<ArchivedResponse> entries;
};
Result<ArchiveManifest> ParseArchiveManifest(std::string_view text);

}  // namespace skillpulse
