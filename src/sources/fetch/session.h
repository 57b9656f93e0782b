// A fetch session: turns URL-addressed sources into documents for the pipeline, fetching
// everything concurrently through one Fetcher while the pipeline parses what has arrived.
//
// Each URL-addressed spec becomes a *listing*: the URL(s) of a typed spec (the format's
// `urls` hook), or a URL (a format claims it with `claims_url`, else it is a page read as is),
// followed page by page with the format's `next_page`. A listing is all or nothing: its
// documents appear only when every page arrived, so a failed response never yields a partial
// board. Formats with their own request logic (hn:latest) build listings with FetchListing.
//
// Listings start in creation order, at most `max_listings_ahead` ahead of the reader, at most
// `max_listings_fetching` at a time, and while fewer than `max_buffered_bytes` of bodies are
// held (waiting to be parsed or arriving).
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
  // Bodies held, in bytes: fetched and waiting to be read, or still arriving (reserved at
  // their Content-Length): no new listing starts above it. A listing that started runs to
  // its end, so one body larger than this still comes whole (docs/SCALING.md, "Streaming
  // fetched bodies").
  size_t max_buffered_bytes = size_t{64} << 20;
  // Listings started and not yet read to the end (the reader's look-ahead).
  int max_listings_ahead = 256;
  // Listings with requests in flight at once. The size of a response is unknown until it
  // arrives, so this bounds what the byte window cannot see: without it every listing starts
  // at once (the 250k bench corpus: 1.36 GB of bodies resident within a second). 8 keeps
  // latency-bound fetching of many small boards concurrent (docs/BENCHMARKS.md, issue 4).
  int max_listings_fetching = 8;
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

  // Every listing so far, in creation order.
  std::vector<ListingOutcome> Outcomes() const;
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
  // The next document position.
  size_t Reserve();
  // Fills position `pos` with a fetched body.
  void Put(size_t pos, std::string origin, std::string stem, std::shared_ptr<const std::string> body,
           int64_t fetched_at_ms);
  // Leaves position `pos` empty (its request failed; see AddError).
  void Skip(size_t pos);
  // A part of the listing failed but the rest is usable (state kPartial).
  void AddError(std::string reason);
  // The whole listing failed: documents not yet handed out are dropped.
  void Fail(std::string reason);
  // The listing did not change since the validators were saved (HTTP 304).
  void MarkUnchanged(int64_t fetched_at_ms);
  // Remembers the validators of the listing's first response for the next run.
  void SetValidators(const std::string& url, std::string etag, std::string last_modified, int pages);
  // No more positions will be reserved.
  void Done();
  bool failed() const;

 private:
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
