// Sources: where postings come from. A source spec ("hn:PATH", "ashby:FILE.json", a
// directory, a .tar.zst, a URL) is resolved into documents (files, archive members, HTTP
// bodies); each document is read by the format that claims it (explicit type, else sniffed
// from its first bytes). Formats are registered in one explicit list (registry.cc).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"
#include "core/input.h"
#include "core/posting.h"
#include "core/status.h"

namespace skillpulse {

enum class SourceState { kHaveMore, kFinished };

class DocumentReader;
class FetchSession;          // sources/fetch/session.h
struct SourceFetchSettings;  // sources/fetch/session.h

// Format-specific work on one parsed posting that can run in parallel, on the enrichment
// workers, before enrichment (HN: HTML -> text and the header line). Pure function of the
// posting; thread-safe.
using FinalizeFn = void (*)(JobPosting& p);

// A pull-based reader of one document. Not thread-safe; owned by one thread.
class Source {
 public:
  virtual ~Source() = default;
  // Appends up to batch.capacity - batch.size() postings. Bad records go to `diag`
  // (quarantined with position and reason) and reading continues. A Status is returned only
  // when the document as a whole cannot be read (I/O error, not this format at all).
  virtual Result<SourceState> Next(PostingBatch& batch, Diagnostics& diag) = 0;
  // Decompressed bytes consumed so far (for progress).
  virtual uint64_t bytes_read() const { return 0; }

  // The format's finalize step for this source's postings (set by OpenDocument), or null.
  FinalizeFn finalize() const { return finalize_; }
  void set_finalize(FinalizeFn f) { finalize_ = f; }

 private:
  FinalizeFn finalize_ = nullptr;
};

// What the user asked for: "TYPE:LOCATION" or a bare LOCATION.
struct SourceSpec {
  std::string type;      // a registered format ("hn", "ashby", "jsonl", "csv"...), "" = detect
  std::string location;  // file, directory, archive or URL
  std::string name;      // source name stored with postings; "" = the format's default
  // Generic-format column mapping: our field -> the input's column/key ("title" -> "job_title").
  std::map<std::string, std::string> mapping;
  char csv_delimiter = 0;  // 0 = detect
  std::string raw;       // the spec as given, for messages
  // Fetch settings of this source from sources.toml (timeouts, rates, headers, robots...);
  // null = the session's defaults.
  std::shared_ptr<const SourceFetchSettings> fetch;
};

// One unit of input handed to a format: a file, an archive member or an HTTP body.
struct Document {
  std::string origin;  // path, "archive.tar.zst!member.json" or URL
  std::string stem;    // file name without directories and extensions ("1password")
  // The stem of the archive an archive member came from ("ruanyf_weekly_whoishiring_2019-08_2026-03");
  // "" otherwise. Generic formats name their source after it (source_name()).
  std::string archive_stem;
  std::function<Result<std::unique_ptr<InputStream>>()> open;  // opens the (decompressed) bytes
  uint64_t size_bytes = 0;  // compressed size when known (progress); 0 = unknown
  // Fetched documents: the response time (Unix seconds). Postings read from the document get
  // it as observed_at (first_seen / last_seen in the store).
  std::optional<int64_t> fetched_at;
  // Fetched documents: the FetchSession listing they belong to (ListingOutcome::id), -1 for
  // everything else. The runner closes postings missing from complete listings.
  int64_t listing = -1;
  // The source name generic formats (csv, jsonl, json) give postings the user did not name:
  // the archive's stem for an archive member (its members are one dataset), else the stem.
  const std::string& source_name() const { return archive_stem.empty() ? stem : archive_stem; }
};

// The lowest sniff score that picks a format for an untyped source (SourceRegistry::Sniff).
inline constexpr int kMinDetectScore = 10;

struct SourceFormat {
  std::string_view type;         // "hn"
  std::string_view description;  // one line for --help
  // 0..100: how sure we are that a document whose first bytes (decompressed, up to 64 KiB)
  // are `head` is in this format. 0 = certainly not; below kMinDetectScore = readable in this
  // format when the user gives its type, but not picked for an untyped source.
  int (*sniff)(std::string_view origin, std::string_view head) = nullptr;
  // Opens a reader for one document.
  Result<std::unique_ptr<Source>> (*open)(const SourceSpec& spec, const Document& doc) = nullptr;
  // Optional: per-posting work the pipeline runs on its worker threads (see FinalizeFn).
  FinalizeFn finalize = nullptr;
  // Optional: resolves a location this format understands itself ("hn:latest") into
  // documents, fetching through `fetch` (concurrent, polite, archived). Returns nullptr when
  // it does not handle the location.
  std::unique_ptr<DocumentReader> (*expand)(const SourceSpec& spec, FetchSession& fetch, Diagnostics& diag) = nullptr;
  // Optional: the URL(s) to fetch for a typed location that is not a file
  // ("greenhouse:acme" -> https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true).
  // Empty when the location is not this format's (e.g. an existing file path).
  std::vector<std::string> (*urls)(const SourceSpec& spec) = nullptr;
  // Optional: true when a URL's path has this API's own shape on any host
  // (".../v1/boards/{token}/jobs" -> Greenhouse), so mirrors and test servers work.
  bool (*claims_url)(std::string_view url) = nullptr;
  // Optional: the next page to fetch after `url` answered `body` (Lever skip/limit paging),
  // or "" when this was the last page.
  std::string (*next_page)(std::string_view url, std::string_view body) = nullptr;
  // Optional, with next_page: false when `url` cannot have a next page (Lever: no `limit`
  // parameter), so its body may be streamed to the parser instead of being received whole for
  // next_page to read. Null: every URL of a format with next_page may page.
  bool (*pages)(std::string_view url) = nullptr;
  // True when one fetch of a location (all its pages) lists every open posting of the board
  // (ATS board APIs): postings missing from a later complete fetch are closed
  // (Store::CloseMissing). False for feeds and pages that show only recent items.
  bool complete_listing = false;
};

class SourceRegistry {
 public:
  void Register(const SourceFormat& format);
  const SourceFormat* Find(std::string_view type) const;
  const std::vector<SourceFormat>& formats() const { return formats_; }
  // The format with the highest sniff score of at least `min_score` for `head`, or nullptr.
  // Ties go to the format registered first. min_score 1: the format that would read the
  // document if the user gave its type.
  const SourceFormat* Sniff(std::string_view origin, std::string_view head, int min_score = kMinDetectScore) const;
  // The format whose claims_url accepts `url` (a URL or a path), or nullptr.
  const SourceFormat* ClaimUrl(std::string_view url) const;

  // The registry with every built-in format (RegisterBuiltinSources).
  static const SourceRegistry& Builtin();

 private:
  std::vector<SourceFormat> formats_;
};

// The explicit list of formats, one line each (registry.cc).
void RegisterBuiltinSources(SourceRegistry& r);

// Parses "TYPE:LOCATION" when TYPE is a registered format, else a bare location (a path, or
// a URL: "http://..." is never read as type "http"). A bare URL that a format claims by its
// path shape (SourceFormat::claims_url) gets that format's type.
Result<SourceSpec> ParseSourceSpec(std::string_view arg, const SourceRegistry& registry = SourceRegistry::Builtin());

// Iterates the documents of one spec. Not thread-safe; Next() is cheap to serialize.
class DocumentReader {
 public:
  virtual ~DocumentReader() = default;
  // Sets `doc` to the next document and returns true, or returns false at the end. `doc`
  // stays usable (its `open` callable) after later calls: archive members are read into
  // memory here, files are opened lazily.
  virtual Result<bool> Next(Document& doc) = 0;
};

// Resolves a spec into documents: a file; every regular file under a directory (sorted,
// recursive, hidden files skipped); every member of a .tar/.tar.gz/.tar.zst archive; what a
// format's `expand` produces; or URLs (a URL, or the `urls` of a typed spec, with
// `next_page` paging), fetched through `fetch` in the background (a private session when
// null). An unreadable location is an error; a URL that cannot be fetched is reported in the
// session's outcomes and yields no documents.
Result<std::unique_ptr<DocumentReader>> OpenDocuments(const SourceSpec& spec, const SourceRegistry& registry,
                                                      Diagnostics& diag, FetchSession* fetch = nullptr);

// Opens the right format for one document: the spec's type if given (a document that type's
// sniff rules out is skipped with a warning), else the best sniff. Returns nullptr (after a
// warning in diag) for a document no format claims.
Result<std::unique_ptr<Source>> OpenDocument(const SourceSpec& spec, const Document& doc,
                                             const SourceRegistry& registry, Diagnostics& diag);

}  // namespace skillpulse
