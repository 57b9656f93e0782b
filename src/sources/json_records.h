// JSON documents whose postings are the elements of one array: the top-level array (Lever
// postings, SimplifyJobs listings) or the array under one key of the top-level object
// (Greenhouse and Ashby {"jobs": [...]}). Include only from .cc files (simdjson.h is large).
//
// The document is read in one pass with simdjson On-Demand (no DOM, strings unescaped once).
// When that pass stops at broken JSON (invalid UTF-8, a truncated body, a malformed record),
// the rest of the array is re-read element by element: a tolerant scanner that only tracks
// strings and nesting finds each element's bytes, each is parsed on its own, and a bad one is
// quarantined with its index and byte offset while the others are read.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/diagnostics.h"
#include "core/status.h"
#include "sources/json_util.h"

namespace skillpulse {

struct JsonRecordsOptions {
  std::string_view source;     // the format ("greenhouse"), for quarantined records
  std::string_view array_key;  // "jobs": the array under this top-level key; "" = the top-level array
  std::string_view label;      // what messages call the array ("postings" -> "postings[3]: ...")
};

struct JsonRecordPos {
  uint64_t index = 0;   // 1-based position in the array
  uint64_t offset = 0;  // byte offset of the element in the document
};

// Reads one element. Returns a simdjson error when the element's JSON cannot be read (the
// reader then quarantines it with its position and goes on with the next element); otherwise
// it handles the record itself: appends a posting, or quarantines a record that is valid JSON
// but not a usable posting (no id, not an object...).
using JsonRecordFn = std::function<simdjson::error_code(simdjson::ondemand::value element, const JsonRecordPos& pos)>;

// Calls `fn` for every element of the array. REQUIRES: bytes.capacity() >= bytes.size() +
// kJsonPadding (ReadDocument gives that). A document without the array (not JSON, another
// shape) is quarantined whole, with the reason; the returned Status is an error only for a
// failure of the machinery (never for bad input).
Status ReadJsonRecords(std::string& bytes, const std::string& origin, const JsonRecordsOptions& options,
                       const JsonRecordFn& fn, Diagnostics& diag);

// The start of a record for a quarantine excerpt: at most Diagnostics::kMaxExcerptBytes
// from `offset`.
std::string_view ExcerptAt(std::string_view bytes, uint64_t offset);

}  // namespace skillpulse
