// A fetch session: turns URL-addressed sources into documents for the pipeline, fetching
// everything concurrently through one Fetcher while the pipeline parses what has arrived.
//
// Each URL-addressed spec becomes a *listing*: the URL(s) of a typed spec (the format's
// `urls` hook), or a URL (a format claims it with `claims_url`, else it is a page read as is),
// followed page by page with the format's `next_page`. A listing of one URL that cannot page
// (no `next_page`, or its `pages` hook says no) is *streamed*: its document is handed out when
// the first body byte arrives and is parsed while it downloads (a BodyPipe of
// `stream_pipe_bytes`; Fetcher, "Streamed bodies"); a failure after that ends the document with
// the error (the reader keeps the records before the cut and quarantines the cut one) and
// fails the listing. Other listings are all or nothing: their documents appear only when
// every page arrived, so a failed response never yields part of a board. Formats with their
// own request logic (hn:latest) build listings with FetchListing.
//
// Listings start in creation order, at most `max_listings_ahead` ahead of the reader, at most
// `max_listings_fetching` at a time, and while fewer than `max_buffered_bytes` are committed:
// bodies held (waiting to be parsed, or arriving whole) plus one pipe per listing fetching.
// Thread-safety: every method is thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sources/fetch/fetch_state.h"
#include "sources/fetch/fetcher.h"
#include "sources/source.h"

namespace skillpulse {

// Fetch settings of one source (sources.toml); SourceSpec::fetch points to one.
struct SourceFetchSettings {
  std::shared_ptr<const FetchPolicy> policy;  // null = the fetcher's defaults
  std::optional<bool> robots;            // consult robots.txt; default: pages yes, APIs no
  std::optional<bool> complete_listing;  // override SourceFormat::complete_listing
};

// What happened to one listing.
struct ListingOutcome {
  enum class State { kQueued, kFetching, kDone, kUnchanged, kPartial, kFailed };
  int64_t id = -1;
  std::string label;   // the spec as given
  std::string source;  // the postings' source name
  State state = State::kQueued;
  bool closes_missing = false;  // a complete board listing (see SourceFormat::complete_listing)
  int64_t fetched_at_ms = 0;    // Unix ms of its first successful response (or its 304)
  int requests = 0;             // requests finished (robots.txt not counted)
  int retries = 0;
  int documents = 0;
  uint64_t bytes = 0;           // decoded body bytes
  int64_t latency_ms = 0;       // of its first response, waits and retries included
  long http_status = 0;         // of its latest response
  std::string error;            // why it failed, or what part failed (kPartial)
};
std::string_view ListingStateName(ListingOutcome::State s);

struct FetchSessionOptions {
  FetcherOptions fetcher;
  // Validators of earlier runs for conditional requests; null = unconditional requests.
  std::shared_ptr<const FetchState> state;
  // Memory committed to fetched bodies, in bytes: no new listing starts at or above it. It
  // counts whole bodies fetched and waiting to be read or still arriving (reserved at their
  // Content-Length), bytes held in stream pipes, and `stream_pipe_bytes` for every listing
  // fetching (what its stream may fill while its reader is elsewhere). A listing that
  // receives a body whole (paged, HN) still receives it whole once started.
  size_t max_buffered_bytes = size_t{64} << 20;
  // Listings started and not yet read to the end (the reader's look-ahead).
  int max_listings_ahead = 256;
  // Listings with requests in flight at once. Streamed listings cost a pipe each, so the byte
  // window bounds them; this bounds listings whose bodies come whole, whose size is unknown
  // until they arrive. 64 lets latency-bound fetching of many small boards run concurrently
  // (issue 4: 40 sources x 200 ms; docs/BENCHMARKS.md).
  int max_listings_fetching = 64;
  // Bytes of a streamed body's pipe (BodyPipe::Options::capacity_bytes); 0 = nothing is
  // streamed (every body comes whole). 256 KiB: on the 250k bench corpus 1 MiB pipes were no
  // faster (wall and fetch CPU within run-to-run noise) and cost ~3 MB more peak RSS with six
  // streams in flight (docs/BENCHMARKS.md).
  size_t stream_pipe_bytes = size_t{256} << 10;
  // Hacker News API bases (no trailing slash); defaults: $SKILLPULSE_HN_API, else
  // https://hn.algolia.com/api/v1; $SKILLPULSE_HN_FIREBASE, else
  // https://hacker-news.firebaseio.com/v0.
  std::string hn_algolia_api;
  std::string hn_firebase_api;
};

class FetchListing;

class FetchSession {
 public:
  explicit FetchSession(FetchSessionOptions options = {});
  // Stops the fetcher; readers still alive return no further documents.
  ~FetchSession();
  FetchSession(const FetchSession&) = delete;
  FetchSession& operator=(const FetchSession&) = delete;

  // The documents of a URL-addressed spec (see the file comment), or nullptr when the spec
  // is not URL-addressed (a file, a directory). Fetching starts in the background.
  std::unique_ptr<DocumentReader> OpenUrls(const SourceSpec& spec, const SourceRegistry& registry);

  // For formats with their own request logic: a new listing, and its reader. `start` runs
  // once, when the session's window lets the listing start (on some thread; it must not
  // block): it issues requests with FetchListing::Fetch and reports documents.
  // `api`: JSON API requests (no robots.txt unless settings say so, text/html rejected).
  std::shared_ptr<FetchListing> NewListing(const SourceSpec& spec, std::string source_name, bool api,
                                           bool closes_missing);
  std::unique_ptr<DocumentReader> Start(std::shared_ptr<FetchListing> listing,
                                        std::function<void(FetchListing&)> start);

  // Waits until no started listing has a request running. After its reader read every
  // listing, only streams whose reader stopped early can still run, and those end at once;
  // call it before Outcomes() when every reader is done, so no listing is still "fetching".
  void Settle() const;
  // Every listing so far, in creation order.
  std::vector<ListingOutcome> Outcomes() const;
  // One listing's outcome so far (nullopt for an unknown id).
  std::optional<ListingOutcome> Outcome(int64_t id) const;
  // After the store committed the run: the validators of complete listings (for the next
  // run's conditional requests) and their sources' success times. Listings in `unreadable`
  // (their documents could not be parsed) are left out, so the next run reads them again.
  void RecordState(FetchState& state, const std::vector<int64_t>& unreadable = {}) const;

  FetcherStats fetcher_stats() const;
  // Lines for a terminal progress display: totals, then up to `max_sources` active or failed
  // listings.
  std::vector<std::string> ProgressLines(size_t max_sources) const;

  const FetchSessionOptions& options() const;
  Fetcher& fetcher();

  struct Core;

 private:
  std::shared_ptr<Core> core_;
};

// A listing under construction (the handle `start` functions get). Documents are positions
// reserved in order and filled in any order; the reader hands them out in position order.
class FetchListing {
 public:
  int64_t id() const { return id_; }
  const std::string& source() const { return source_; }
  const SourceSpec& spec() const { return spec_; }

  // Fetches `url` for this listing (its source's policy, circuit breaker and flags); `done`
  // runs on the fetcher's thread and must not block.
  void Fetch(const std::string& url, std::function<void(FetchResult)> done, HttpHeaders headers = {});
  // Like Fetch, with the body streamed into `pipe` (FetchRequest::stream): `on_stream` runs at
  // its first byte (on the fetcher's thread; must not block), `done` at its end.
  void FetchStreamed(const std::string& url, std::shared_ptr<BodyPipe> pipe,
                     std::function<void(const FetchResult&)> on_stream, std::function<void(FetchResult)> done,
                     HttpHeaders headers = {});
  // A pipe for FetchStreamed, counted in the session's byte window.
  std::shared_ptr<BodyPipe> NewPipe() const;
  // The next document position.
  size_t Reserve();
  // Fills position `pos` with a fetched body.
  void Put(size_t pos, std::string origin, std::string stem, std::shared_ptr<const std::string> body,
           int64_t fetched_at_ms);
  // Fills position `pos` with a document read from `pipe` as its body arrives (streamed).
  // `size_hint`: the body's size when known (0 = unknown). Once handed out the document
  // stays with its reader even if the listing fails: its stream ends with the error.
  void PutStream(size_t pos, std::string origin, std::string stem, std::shared_ptr<BodyPipe> pipe,
                 int64_t fetched_at_ms, uint64_t size_hint);
  // Leaves position `pos` empty (its request failed; see AddError).
  void Skip(size_t pos);
  // A part of the listing failed but the rest is usable (state kPartial).
  void AddError(std::string reason);
  // The whole listing failed: documents not yet handed out are dropped (streamed ones are
  // kept: their streams end with the error).
  void Fail(std::string reason);
  // The listing did not change since the validators were saved (HTTP 304).
  void MarkUnchanged(int64_t fetched_at_ms);
  // Remembers the validators of the listing's first response for the next run.
  void SetValidators(const std::string& url, std::string etag, std::string last_modified, int pages);
  // The listing is complete: no more positions will be reserved, and no request runs.
  void Done();
  // No more positions will be reserved, though requests may still run (a streamed body
  // still arriving): the reader may finish with the listing once it read its documents.
  void NoMoreDocuments();
  bool failed() const;

 private:
  // Puts `d` at position `pos` (Put, PutStream), or drops it when the listing failed meanwhile.
  void Fill(size_t pos, Document d, bool streamed);
  friend class FetchSession;
  friend struct FetchSession::Core;
  FetchListing() = default;

  std::shared_ptr<FetchSession::Core> core_;
  int64_t id_ = -1;
  std::string source_;
  SourceSpec spec_;
  bool robots_ = false;
  bool api_ = true;
};

// What an archived run was asked to do, stored in the archive's header
// (ArchiveRunHeader::run_json) so that `ingest --replay` needs nothing else: the resolved
// specs (type, location, source name, mapping, robots/complete_listing settings) and the
// HN API bases. Timeouts and rates are not stored: a replay does not wait for anything.
std::string DescribeRunForArchive(const std::vector<SourceSpec>& specs, const FetchSessionOptions& options);
// The inverse: the specs to replay, and the API bases into `options`. kParseError when the
// description is malformed.
Result<std::vector<SourceSpec>> SpecsFromArchivedRun(std::string_view run_json, FetchSessionOptions& options);

// The source name stored with the postings of a URL-addressed board listing when the spec
// names none: "TYPE:LOCATION" for a typed spec whose format's `urls` answers ("ashby:openai"),
// "TYPE:host/path" for a URL a format claims. "" otherwise (the format's own default name,
// e.g. "hn"). Board-specific names are what lets Store::CloseMissing close one board's
// postings without touching another's.
std::string DefaultListingName(const SourceSpec& spec, const SourceRegistry& registry);

}  // namespace skillpulse
