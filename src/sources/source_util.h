// Helpers shared by the document formats (greenhouse, lever, ashby, simplify, rss, jsonld):
// reading a whole document, size limits per posting, and the path shapes of API URLs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <string_view>

#include "core/diagnostics.h"
#include "core/posting.h"
#include "sources/fetch/http_get.h"  // IsHttpUrl
#include "sources/source.h"

namespace skillpulse {

// The largest text field (description, title...) one posting may carry. Real descriptions
// are under 200 KB (the largest of the 9,396 shared Ashby postings is 77 KB); a field past
// this limit is a broken or hostile record, quarantined rather than stored.
inline constexpr size_t kMaxPostingFieldBytes = size_t{8} << 20;

// Offset in `head` (a document's first bytes) where its content starts: past a UTF-8 byte
// order mark and whitespace (space, tab, CR, LF); head.size() when there is nothing else.
size_t ContentStart(std::string_view head);

// simdjson's SIMDJSON_PADDING: bytes readable past the end of a buffer parsed in place.
inline constexpr size_t kJsonPadding = 64;

// Reads a document whole (decompressed). The returned string has at least kJsonPadding
// bytes of capacity past its size, so simdjson can parse it in place (padded_string_view)
// without a copy. An error opening the document is returned; a failure part way (a truncated
// .gz/.zst, an I/O error) is warned in `diag` and the bytes read so far are returned, so the
// records before the damage are still read.
Result<std::string> ReadDocument(const Document& doc, Diagnostics& diag);
// Hands a buffer from ReadDocument back for the next ReadDocument on this thread, so a
// document's memory is reused instead of allocated and faulted in again (buffers over
// 32 MiB are freed).
void RecycleDocument(std::string&& bytes);

// The name of the first text field of `p` longer than kMaxPostingFieldBytes, with its size
// ("description of 104857600 bytes"), or nullopt when every field is within the limit.
std::optional<std::string> OversizedField(const JobPosting& p);

// A JSON number as Unix seconds: `value` in seconds, or in milliseconds when `millis` (or,
// for seconds, when it is 1e12 or more: a 13-digit millisecond stamp). nullopt for NaN,
// negative values and anything past the year 3000 (a double outside int64 is undefined
// behaviour to convert).
std::optional<int64_t> UnixSeconds(double value, bool millis = false);

// ---- URL and path shapes ----

// The path of a URL ("https://h:8080/v1/boards/x/jobs?content=true" -> "/v1/boards/x/jobs"),
// or of a local path (query and fragment removed, as for URLs). Never fails.
std::string_view UrlPath(std::string_view url_or_path);

// When `path` ends with the segments `prefix` + one segment (+ `suffix` segments), returns
// that segment, percent-decoded ("/mirror/v1/boards/acme/jobs", "/v1/boards/", "/jobs" ->
// "acme"). A trailing "/" is allowed. nullopt when the path has another shape.
std::optional<std::string> SegmentBetween(std::string_view path, std::string_view prefix, std::string_view suffix);

// Percent-encodes a path segment (RFC 3986 unreserved characters kept; an existing valid
// "%XX" escape is kept as is). "1st formations" -> "1st%20formations".
std::string EncodePathSegment(std::string_view segment);
std::string DecodePercent(std::string_view s);

// The value of query parameter `name` in `url` (not decoded), or nullopt.
std::optional<std::string_view> QueryParam(std::string_view url, std::string_view name);
// `url` with query parameter `name` set to `value` (replaced when present, else appended).
std::string WithQueryParam(std::string_view url, std::string_view name, std::string_view value);

// True when `location` names an existing file or directory.
bool IsExistingPath(const std::string& location);

// The board/site/org slug a typed spec names ("acme" in greenhouse:acme): the location when
// it is neither a URL nor an existing path and is a plausible slug (no '/', no control
// characters, not empty); else nullopt.
std::optional<std::string> SlugLocation(const SourceSpec& spec);

// The `urls` hook of a board API (Greenhouse, Lever, Ashby): a slug (SlugLocation) becomes
// `slug_prefix` + the encoded slug + `slug_suffix`; a URL the format claims (`claims`, its API
// path shape) gets `param`=`value` when it lacks `param` (the query the API needs for full
// postings); any other URL is fetched as given; anything else yields no URL.
std::vector<std::string> BoardApiUrls(const SourceSpec& spec, std::string_view slug_prefix,
                                      std::string_view slug_suffix, bool (*claims)(std::string_view),
                                      std::string_view param, std::string_view value);

}  // namespace skillpulse
