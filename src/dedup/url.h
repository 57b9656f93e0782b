// Posting URLs as identity: the same apply URL, once canonicalized, is the same posting, and an
// applicant tracking system's URL names its job id whatever board or tracking link led to it.
#pragma once

#include <string>
#include <string_view>

namespace skillpulse {

class DedupRules;

// RFC 3986 normalization plus the web's habits: scheme and host lowercased, http == https,
// "www." dropped, default ports and the fragment removed, a trailing '/' removed, %-escapes
// uppercased, tracking query parameters (DedupRules::IsTrackingParam) removed and the rest
// sorted. "HTTP://Boards.Greenhouse.io/acme/jobs/12/?gh_src=x&b=2&a=1#top" ->
// "https://boards.greenhouse.io/acme/jobs/12?a=1&b=2". Returns "" when `url` has no host.
std::string CanonicalUrl(std::string_view url, const DedupRules& rules);

// The job an ATS URL points to, independent of board host, tracking and /apply suffixes, or ""
// when the URL is not a recognized ATS job URL. Patterns (checked on the Simplify listings,
// /work/shared/data/simplify_listings):
//   Greenhouse       any host with ?gh_jid=ID; *.greenhouse.io/{board}/jobs/ID;
//                    *.greenhouse.io/embed/job_app?token=ID                -> "greenhouse:ID"
//   Lever            jobs.lever.co/{site}/{uuid}[/apply] (also jobs.eu.)   -> "lever:{uuid}"
//   Ashby            jobs.ashbyhq.com/{org}/{uuid}[/application]; ?ashby_jid={uuid}
//                                                                         -> "ashby:{uuid}"
//   Workday          {tenant}.wdN.myworkdayjobs.com/[{locale}/]{site}/job/[{loc}/]{slug}_{ID}
//                    wdN.myworkdaysite.com/recruiting/{tenant}/{site}/job/...   (the posting id
//                    keeps its "-1" suffix: Workday's copy of a requisition for another
//                    location is another posting)                        -> "workday:{tenant}:{ID}"
//   SmartRecruiters  jobs.smartrecruiters.com/{company}/{ID}[-slug]        -> "smartrecruiters:{ID}"
//   Workable         apply.workable.com/{account}/j/{ID}                   -> "workable:{account}:{ID}"
// Greenhouse, Lever, Ashby and SmartRecruiters ids are unique across boards, so the board
// token is not part of the key ("Asana" and "Asana Early Career Programs" share gh ids).
std::string AtsJobKey(std::string_view url);

struct JobUrlKey {
  std::string key;   // "" when the posting has no usable URL
  bool ats = false;  // key is an AtsJobKey (identity on its own), else a CanonicalUrl
};

// The posting's URL identity: the ATS key of apply_url, else of url; else the canonical
// apply_url, else the canonical url.
JobUrlKey PostingUrlKey(std::string_view apply_url, std::string_view url, const DedupRules& rules);

}  // namespace skillpulse
