// SimplifyJobs listing files (github.com/SimplifyJobs/New-Grad-Positions and
// Summer20XX-Internships, .github/scripts/listings.json): a JSON array of {source,
// company_name, id, title, active, date_updated, date_posted (Unix s), url, locations[],
// company_url, is_visible, sponsorship, terms[]}. No descriptions and no salaries.
//
// Closed and hidden listings are kept: a listing that was open once is a posting that existed
// (dropping closed ones would bias counts toward the snapshot date). `active: false` sets
// valid_through to date_updated, the last change Simplify recorded, which for an inactive
// listing is when it was marked closed (an upper bound on its end); `is_visible: false`
// (hidden from the README by the maintainers) is counted in simplify.hidden.
#include "core/text.h"
#include "sources/formats.h"
#include "sources/json_records.h"
#include "sources/source_util.h"

namespace skillpulse {
namespace {

namespace od = simdjson::ondemand;

constexpr std::string_view kType = "simplify";

struct Listing {
  JobPosting p;
  std::optional<bool> active, visible;
  std::optional<int64_t> date_updated;
  std::vector<std::string> terms;
  std::string sponsorship;
};

std::optional<int64_t> Seconds(od::value v) {
  auto n = json::AsNumber(v);
  if (!n) return std::nullopt;
  return UnixSeconds(*n);  // milliseconds (13 digits) are accepted too
}

simdjson::error_code ReadListing(od::object obj, Listing& x) {
  JobPosting& p = x.p;
  return json::ForEachField(obj, [&](std::string_view key, od::value v) {
    if (key == "id") {
      p.source_id = json::AsString(v);
    } else if (key == "title") {
      p.title = CollapseWhitespace(json::AsStringView(v));
    } else if (key == "company_name") {
      p.company = CollapseWhitespace(json::AsStringView(v));
    } else if (key == "url") {
      p.url = json::AsString(v);
    } else if (key == "date_posted") {
      p.posted_at = Seconds(v);
    } else if (key == "date_updated") {
      x.date_updated = Seconds(v);
    } else if (key == "active") {
      x.active = json::AsBool(v);
    } else if (key == "is_visible") {
      x.visible = json::AsBool(v);
    } else if (key == "sponsorship") {
      x.sponsorship = json::AsString(v);
    } else if (key == "locations") {
      od::array arr;
      if (v.get_array().get(arr)) {
        std::string one = CollapseWhitespace(json::AsStringView(v));  // a single string
        if (!one.empty()) p.location = std::move(one);
        return simdjson::SUCCESS;
      }
      for (auto lv : arr) {
        od::value l;
        if (auto e = lv.get(l)) return e;
        std::string s = CollapseWhitespace(json::AsStringView(l));
        if (s.empty()) continue;
        if (p.location.empty()) {
          p.location = std::move(s);
        } else {
          p.extra_locations.push_back(std::move(s));
        }
      }
    } else if (key == "terms") {
      od::array arr;
      if (v.get_array().get(arr)) return simdjson::SUCCESS;
      for (auto tv : arr) {
        od::value t;
        if (auto e = tv.get(t)) return e;
        std::string s = CollapseWhitespace(json::AsStringView(t));
        if (!s.empty()) x.terms.push_back(std::move(s));
      }
    }
    return simdjson::SUCCESS;
  });
}

Result<std::unique_ptr<Source>> Open(const SourceSpec& spec, const Document& doc) {
  const std::string source = spec.name.empty() ? std::string(kType) : spec.name;
  const std::string origin = doc.origin;
  auto on_listing = [source, origin](od::value v, const JsonRecord& rec, std::vector<JobPosting>& out,
                                     Diagnostics& diag) -> simdjson::error_code {
    od::object obj;
    if (auto e = v.get_object().get(obj)) return e;
    Listing x;
    if (auto e = ReadListing(obj, x)) return e;
    JobPosting& p = x.p;
    auto label = [&] { return "listings[" + std::to_string(rec.index - 1) + "]"; };
    std::string problem;
    if (p.source_id.empty()) {
      problem = label() + " has no id";
    } else if (p.title.empty()) {
      problem = label() + " has no title";
    } else if (auto big = OversizedField(p)) {
      problem = label() + ": " + *big;
    }
    if (!problem.empty()) {
      diag.Quarantine({source, origin, rec.index, rec.offset, std::move(problem),
                       std::string(rec.Excerpt(512))});
      return simdjson::SUCCESS;
    }
    p.source = source;
    p.origin = origin;
    p.origin_line = rec.index;
    p.apply_url = p.url;  // Simplify links the ATS application page
    if (x.active == false) {
      p.valid_through = x.date_updated;
      diag.Count("simplify.inactive");
    }
    if (x.visible == false) diag.Count("simplify.hidden");
    // Simplify's sponsorship labels: "Offers Sponsorship", "Does Not Offer Sponsorship",
    // "U.S. Citizenship is Required" (which rules sponsorship out), "Other" (unknown).
    if (x.sponsorship == "Offers Sponsorship") {
      p.visa_sponsorship = true;
    } else if (x.sponsorship == "Does Not Offer Sponsorship" || x.sponsorship == "U.S. Citizenship is Required") {
      p.visa_sponsorship = false;
    }
    // `terms` ("Summer 2025", "Fall 2024") are the seasons of an internship; only the
    // internship lists have them, and every listing there is an intern's ("Software Engineer -
    // Early in Career - Frontend" included), so the level is intern too.
    if (!x.terms.empty()) {
      p.employment_type = EmploymentType::kInternship;
      p.seniority = Seniority::kIntern;
      for (const auto& t : x.terms) {
        if (!p.employment_type_raw.empty()) p.employment_type_raw += ", ";
        p.employment_type_raw += t;
      }
    }
    out.push_back(std::move(p));
    return simdjson::SUCCESS;
  };
  return OpenJsonRecords(doc, {kType, "", "listings"}, std::move(on_listing));
}

int Sniff(std::string_view origin, std::string_view head) {
  (void)origin;
  size_t i = 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
  if (i >= head.size() || head[i] != '[') return 0;
  auto has = [&](std::string_view s) { return head.find(s) != std::string_view::npos; };
  if (!has("\"company_name\"")) return 0;
  int marks = has("\"date_posted\"") + has("\"sponsorship\"") + has("\"is_visible\"") + has("\"company_url\"") +
              has("\"terms\"") + has("simplify.jobs");
  return marks >= 2 ? 90 : 0;
}

}  // namespace

void RegisterSimplifySource(SourceRegistry& r) {
  SourceFormat f;
  f.type = kType;
  f.description = "SimplifyJobs listings.json (simplify:FILE; closed listings kept with valid_through)";
  f.sniff = Sniff;
  f.open = Open;
  r.Register(f);
}

}  // namespace skillpulse
