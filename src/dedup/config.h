// Dedup thresholds. Defaults are the values measured in docs/DEDUP.md; data/dedup/dedup.toml
// repeats them so they can be changed without a rebuild.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace skillpulse {

struct DedupConfig {
  // Words per shingle of the description text.
  int shingle_words = 3;
  // Two postings of the same company, title and location are the same job when their
  // descriptions are at least this similar: max(Jaccard, containment) of the shingle sets,
  // estimated from MinHash signatures. Containment catches truncated copies.
  double min_text_similarity = 0.5;
  // The same without a company name (a header the source could not parse): only text and
  // title vouch for the match, so the bar is higher, on Jaccard alone (an excerpt of another
  // company's ad must not match).
  double min_text_similarity_no_company = 0.9;
  // The same for a multi-role posting (DedupRules::IsMultiRoleTitle: "Multiple Roles", or no
  // title), on Jaccard alone: such a posting is the set of roles it lists, and a repost that
  // adds or drops a role is another job although the shorter text is contained in the longer.
  // Measured on the labelled HN pairs (docs/DEDUP.md, "Labelled pairs").
  double min_text_similarity_multi_role = 0.9;
  // ... for postings seen at least this far apart (a repost: HN threads are monthly). Copies
  // seen closer together are one post on several boards (benchmark corpus: cross-board copies
  // are 0-4 days apart, and boards truncate them), compared with min_text_similarity.
  int64_t multi_role_repost_gap_s = 7 * 86400;
  // A job that was last seen more than this before a posting of the same text was first seen
  // is over: the posting is a new job (Lightcast: a re-posting after 60 days is a new job).
  int64_t repost_window_s = 60 * 86400;
  // Whether a posting without a geographic constraint ("Remote", "Anywhere", no location)
  // matches one with a location. Off: "Remote" and "Austin, TX" postings of the same text are
  // two jobs, as multi-location hiring posts them.
  bool empty_location_matches_any = false;
  // Whether a remote posting without a scope ("Remote", "Anywhere") matches a remote posting
  // with one ("Remote (US)", "US Remote"): boards add or drop the scope of the same job.
  bool remote_matches_remote_scope = true;
  // Whether a posting whose source gave no location at all matches any location.
  bool blank_location_matches_any = false;
  // Postings without description text (listing feeds) match on company, title, location and
  // time alone.
  bool match_without_text = true;
  // Postings of one company, title and location are compared pairwise (within the window) up
  // to this many; longer runs compare only pairs sharing a MinHash LSH band (dedup/cluster.h),
  // which bounds the work when one employer posts the same role in bulk.
  int lsh_min_run = 64;
};

// Reads a TOML file with a [dedup] table whose keys are the field names above
// (repost_window_days instead of repost_window_s, multi_role_repost_gap_days instead of
// multi_role_repost_gap_s). Missing keys keep their defaults; unknown
// keys and out-of-range values are errors.
Result<DedupConfig> LoadDedupConfig(const std::string& path);
// data/dedup/dedup.toml if it exists, else the defaults. Throws std::runtime_error when the
// file exists but is invalid (fatal setup error).
const DedupConfig& DefaultDedupConfig();

}  // namespace skillpulse
