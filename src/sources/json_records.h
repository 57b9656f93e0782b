// JSON documents whose postings are the elements of one array: the top-level array (Lever
// postings, SimplifyJobs listings) or the array under one key of the top-level object
// (Greenhouse and Ashby {"jobs": [...]}). Include only from .cc files (simdjson.h is large).
//
// The document is read incrementally, a chunk at a time: a scanner that tracks only strings
// and nesting finds each element's bytes, and each element is parsed on its own with simdjson
// On-Demand. So at most one batch of parsed postings and a few MiB of the document exist per
// open document, whatever its size (a 198 MB Lever response, 30k postings), and a broken
// element (invalid JSON, invalid UTF-8, truncated) is quarantined with its index and byte
// offset while the others are read.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"
#include "core/posting.h"
#include "core/status.h"
#include "sources/json_util.h"
#include "sources/source.h"

namespace skillpulse {

// JsonRecordsOptions::array_key for a document of unknown shape: the top-level array, or else
// the first array of objects (or empty array) under a key of the top-level object
// ({"name": "Uber", "jobs": [...]}, {"results": [...]}).
inline constexpr std::string_view kAnyRecordsArray = "*";

struct JsonRecordsOptions {
  std::string_view source;     // the format ("greenhouse"), for quarantined records; must outlive the source
  std::string_view array_key;  // "jobs": the array under this top-level key; "" = the top-level array;
                               // kAnyRecordsArray: either (see above)
  std::string_view label;      // what messages call the array ("postings" -> "postings[3]: ...")
};

// The string value of `key` among the top-level fields of a JSON object's first bytes `head`
// (JsonRecord::head), or "" when it is not there, not a string, holds an escape, or `head` is
// not an object. Never fails.
std::string TopLevelString(std::string_view head, std::string_view key);

// One element of the array, as handed to a JsonRecordFn.
struct JsonRecord {
  uint64_t index = 0;     // 1-based position in the array
  uint64_t offset = 0;    // byte offset of the element in the (decompressed) document
  std::string_view json;  // the element's bytes; valid only during the call
  // The document's bytes before its array (at most 64 KiB): {"name": "Uber", "jobs": [ ... for
  // fields named once above the records; "" for a top-level array. Valid during the call.
  std::string_view head;

  // The start of the element for a quarantine excerpt (at most `max_bytes`).
  std::string_view Excerpt(size_t max_bytes = Diagnostics::kMaxExcerptBytes) const {
    return json.substr(0, max_bytes);
  }
};

// Reads one element. Returns a simdjson error when the element's JSON cannot be read (the
// reader then quarantines it with its position and goes on with the next element); otherwise
// it handles the record itself: appends at most one posting to `out`, or quarantines a record
// that is valid JSON but not a usable posting (no id...). Scalar elements (42, "x") never
// reach it: they are quarantined as "not an object".
using JsonRecordFn = std::function<simdjson::error_code(simdjson::ondemand::value element, const JsonRecord& record,
                                                        std::vector<JobPosting>& out, Diagnostics& diag)>;

// Bytes read from the document at a time (more when one element is larger).
inline constexpr size_t kJsonRecordsChunkBytes = size_t{1} << 20;

// A Source over the elements of the array of `doc`, read incrementally (see the file
// comment): each Next() reads just enough of the document to fill the batch, and the
// document's stream is closed as soon as the array ends. A document without the array (not
// JSON, another shape) is quarantined whole with the reason; a document that ends inside the
// array gets its last, incomplete element quarantined (or a warning when it ends between
// elements); a read error part way (truncated .gz/.zst, I/O) is warned and counted
// ("documents.truncated") and the elements before it are kept. Next() returns an error only
// when the document cannot be opened.
std::unique_ptr<Source> OpenJsonRecords(const Document& doc, JsonRecordsOptions options, JsonRecordFn fn,
                                        size_t chunk_bytes = kJsonRecordsChunkBytes);

}  // namespace skillpulse
