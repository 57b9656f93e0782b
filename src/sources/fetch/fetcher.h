// The concurrent, polite HTTP fetcher: one event-loop thread on the libcurl multi interface
// (HTTP/1.1 keep-alive and HTTP/2 multiplexing, gzip/brotli/zstd decoding), with
//  - a global limit on requests in flight, a per-host limit and a per-host request rate, and
//    per-source limits and rates on top (sources.toml overrides);
//  - connect and total timeouts, and a cap on the DECOMPRESSED body (a gzip bomb stops there);
//  - retries with exponential backoff and jitter on timeouts, connection errors, 408/429/5xx,
//    honouring Retry-After (a 429/503 Retry-After also pauses the whole host);
//  - a circuit breaker per source (retry.h);
//  - robots.txt for requests that ask for it (HTML pages), cached per origin;
//  - every response (each attempt) recorded in an ArchiveWriter, or every answer taken from
//    an ArchiveReplay instead of the network (`ingest --replay`).
//
// Streamed bodies (FetchRequest::stream, docs/SCALING.md "Streaming fetched bodies"): the body
// of a 2xx answer goes into a BodyPipe as it arrives instead of into FetchResult::body, so a
// reader parses it while it downloads and a body of any size costs about one pipe of memory.
//  - `on_stream` runs at the first body byte; `done` runs at the end (FetchResult::streamed,
//    an empty body), and the pipe ends the same way (Finish, or Fail with the reason).
//  - A full pipe pauses the transfer (CURL_WRITEFUNC_PAUSE: the socket is not read, TCP flow
//    control holds the server back); the reader's wake resumes it on the loop thread.
//    Time paused does not count against timeout_ms. An archive that falls behind pauses it too.
//  - A retry after bytes went into the pipe resumes it: the new response's first N bytes (N =
//    the bytes already written) must have the same XXH3-128 as those, are dropped, and the
//    rest continues the pipe. A different prefix fails the request ("the body changed between
//    attempts"), never mixing two versions of a document.
//  - A stream paused for its reader that holds a connection a queued request of lower
//    `priority` needs is stopped and queued again (resumed as above when it restarts), so
//    readers that read in priority order cannot deadlock on the connection limits.
//  - Streams use HTTP/1.1 (a paused h2 stream would keep receiving into libcurl's buffers).
//  - Not streamed: non-2xx answers, a text/html answer to a reject_html request, an empty
//    body (these end in `done` with a whole body as usual).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "sources/fetch/archive.h"
#include "sources/fetch/body_pipe.h"
#include "sources/fetch/retry.h"

namespace skillpulse {

// Per-source settings; FetcherOptions::defaults applies when a request names none.
struct FetchPolicy {
  int64_t connect_timeout_ms = 10'000;
  // One attempt, from start to the last body byte; a streamed body's time paused for its
  // reader is not counted.
  int64_t timeout_ms = 60'000;
  size_t max_body_bytes = size_t{256} << 20;  // decompressed bytes of a body received whole
  // Decompressed bytes of a streamed body: its memory is bounded by the pipe, so this bounds
  // only time and archive disk (the 1M-posting bench corpus has 0.8 GB responses).
  // sources.toml's max_body_mb sets both limits.
  uint64_t max_streamed_body_bytes = uint64_t{16} << 30;
  int max_attempts = 4;         // 1 = no retries
  BackoffPolicy backoff;
  // A Retry-After longer than this is not waited for: the request fails with the reason.
  int64_t max_retry_after_ms = 120'000;
  int max_concurrency = 0;      // requests of this source in flight; 0 = host/global limits only
  double rate_per_s = 0;        // request starts per second for this source; 0 = unlimited
  HttpHeaders headers;          // sent with every request of the source
};

struct FetchResult;

struct FetchRequest {
  std::string url;
  // Key of the circuit breaker and of the per-source limits ("greenhouse:acme");
  // "" = the URL's origin.
  std::string source;
  std::shared_ptr<const FetchPolicy> policy;  // null = FetcherOptions::defaults
  HttpHeaders headers;        // this request only (If-None-Match, If-Modified-Since)
  bool check_robots = false;  // consult the origin's robots.txt first (HTML pages)
  bool reject_html = false;   // an API: a 2xx text/html answer (login/error page) is a failure
  // Streaming (see the file comment): a 2xx body is written into this pipe. Null = whole body.
  std::shared_ptr<BodyPipe> stream;
  // With `stream`: called once, on the fetcher's thread, when the first byte of a streamed
  // body arrived (status, headers, final_url, fetched_at_ms, attempts and elapsed_ms filled;
  // streamed = true; empty body). Must be quick and must not block.
  std::function<void(const FetchResult& head)> on_stream;
  // Queued requests of a host start lowest first (FIFO among equals); a stream paused for its
  // reader yields its connection to a queued request with a lower value. FetchSession uses
  // the listing number: the order its reader reads in.
  int64_t priority = 0;
};

struct FetchResult {
  std::string url;        // as requested
  std::string final_url;  // after redirects
  long http_status = 0;   // of the final attempt; 0 = no response
  HttpHeaders headers;    // of the final response; names lower-case
  std::shared_ptr<const std::string> body;  // decoded body; never null (empty on failure or when streamed)
  bool streamed = false;      // the body went into FetchRequest::stream
  uint64_t body_bytes = 0;    // decoded body bytes (of body, or written into the stream)
  // Unix ms when the final response completed (or failed); a streamed one: when its first
  // byte arrived.
  int64_t fetched_at_ms = 0;
  int attempts = 0;
  int64_t elapsed_ms = 0;     // from Fetch() to completion, waits included
  Status status;              // OK for 2xx and 304; the reason otherwise

  // The first header named `name` (lower-case), or "".
  std::string_view Header(std::string_view name) const;
  bool not_modified() const { return status.ok() && http_status == 304; }
};

struct FetcherOptions {
  int max_connections = 32;        // requests in flight, all hosts
  int per_host_connections = 6;    // requests in flight per origin (scheme://host:port)
  double per_host_rate_per_s = 0;  // request starts per second per origin; 0 = unlimited
  // Sent as User-Agent; its product token ("skillpulse") selects the robots.txt group.
  std::string user_agent = "skillpulse/0.1 (+https://github.com/skillpulse/skillpulse)";
  bool http2 = true;               // negotiate HTTP/2 over TLS (ALPN); plain http stays 1.1
  FetchPolicy defaults;
  CircuitBreaker::Options breaker;
  ArchiveWriter* archive = nullptr;  // not owned; records every response
  ArchiveReplay* replay = nullptr;   // not owned; when set, no network is used
  uint64_t seed = 0;                 // jitter RNG seed; 0 = random
};

struct FetcherStats {
  int64_t requests = 0;      // Fetch() calls (robots.txt fetches included)
  int64_t attempts = 0;      // HTTP attempts started
  int64_t retries = 0;
  int64_t succeeded = 0;     // requests that ended 2xx/304
  int64_t failed = 0;        // requests that ended with an error
  int64_t not_modified = 0;  // 304s
  int64_t in_flight = 0;
  int64_t waiting = 0;       // queued, waiting for a retry, or for robots.txt
  int64_t body_bytes = 0;    // decoded bytes received
  // Memory held by the bodies of responses still in flight: reserved at their Content-Length
  // when it is announced, else what arrived so far. (FetchSession's window counts it.)
  int64_t receiving_bytes = 0;
  int64_t robots_disallowed = 0;
  int64_t breaker_rejected = 0;
  int64_t streamed = 0;      // responses streamed into a pipe
  int64_t stream_pauses = 0; // pauses of streamed transfers (pipe full, or the archive behind)
  int64_t resumed = 0;       // retries that continued a stream after checking its prefix
  int64_t preempted = 0;     // paused streams stopped to free a connection (see the file comment)
  double loop_cpu_s = 0;     // CPU time of the event-loop thread
};

class Fetcher {
 public:
  using Callback = std::function<void(FetchResult)>;

  explicit Fetcher(FetcherOptions options);
  // Fails whatever has not finished (kUnavailable "fetcher stopped") and joins the loop.
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Starts `request`; `done` is called exactly once, on the fetcher's thread: it must be
  // quick and must not block (it may call Fetch again). Thread-safe.
  void Fetch(FetchRequest request, Callback done);
  // Convenience: fetches and waits. Must not be called from a callback.
  FetchResult FetchSync(FetchRequest request);

  FetcherStats stats() const;
  const FetcherOptions& options() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The origin of a URL, "scheme://host:port" lower-cased with the default port spelled out,
// and its path+query ("/a?b"). False when the URL does not parse as http(s).
bool SplitHttpUrl(std::string_view url, std::string& origin, std::string& path_and_query);

}  // namespace skillpulse
