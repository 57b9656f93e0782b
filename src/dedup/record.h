// What dedup keeps per posting: a fixed-size record (about 200 bytes) with the keys that
// block candidates, the URL identity, the seen interval and the description's MinHash
// signature. Computed once per posting (on a worker thread), stored with it, and compared
// without the text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/posting.h"
#include "dedup/minhash.h"

namespace skillpulse {

class DedupRules;
struct DedupConfig;

struct DedupRecord {
  int64_t posting_id = 0;  // the store's id (0 outside a store)
  uint64_t identity = 0;   // hash of (source, source_id): a tie-break independent of input order
  int64_t first_seen = 0;  // Unix seconds: the interval the posting was seen in
  int64_t last_seen = 0;
  uint64_t company = 0;    // hash of DedupRules::CompanyKey; 0 = no company name
  uint64_t block = 0;      // hash of (company key, title key): candidates share it
  uint64_t location = 0;   // hash of the location key; 0 = no geographic constraint
  uint64_t url = 0;        // hash of the posting's JobUrlKey; 0 = none
  uint64_t requisition = 0;  // hash of DedupRules::RequisitionId of the text; 0 = none
  MinHashSignature text;
  bool url_is_ats = false;   // url is an ATS job id (identity on its own)
  bool remote = false;       // the location says remote ("Remote", "Remote (US)", "Anywhere"), or
                             // it has no geographic key and the work mode is remote
  bool no_location = false;  // the source gave no location at all
  bool multi_role = false;   // the title announces several roles (DedupRules::IsMultiRoleTitle)
};

// Hash of a key string; 0 for "" (and never 0 otherwise).
uint64_t KeyHash(std::string_view key);
// The identity tie-break of a posting.
uint64_t PostingIdentity(std::string_view source, std::string_view source_id);

// Fills every field but posting_id, first_seen and last_seen from the posting's company,
// title, location, apply_url/url and description_text.
DedupRecord ComputeDedupRecord(const JobPosting& p, const DedupRules& rules, const DedupConfig& config);

// A record as bytes (fixed layout, little-endian; PostingBatch::prepared_dedup) and back.
// ParseDedupRecord returns false for bytes of the wrong size.
std::string SerializeDedupRecord(const DedupRecord& r);
bool ParseDedupRecord(std::string_view bytes, DedupRecord& r);

}  // namespace skillpulse
