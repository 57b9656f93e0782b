// Ashby job-board API responses: GET https://api.ashbyhq.com/posting-api/job-board/{org}
// ?includeCompensation=true -> {apiVersion, jobs: [...]}. Field reference:
// https://developers.ashbyhq.com/docs/public-job-posting-api . The API names the employer only
// in the URL, so the company is the `company` field when present (benchmark corpus), else the
// org slug from jobUrl, else from the request URL, else the file name.
#include "core/input.h"
#include "core/text.h"
#include "enrich/salary.h"
#include "sources/fetch/http_get.h"
#include "sources/formats.h"
#include "sources/json_records.h"
#include "sources/source_util.h"

namespace skillpulse {
namespace {

namespace od = simdjson::ondemand;

constexpr std::string_view kType = "ashby";

constexpr std::string_view kApiBase = "https://api.ashbyhq.com/posting-api/job-board/";

// ".../posting-api/job-board/{org}" on any host -> org.
std::optional<std::string> OrgFromApiPath(std::string_view url) {
  return SegmentBetween(UrlPath(url), "/posting-api/job-board/", "");
}

// "https://jobs.ashbyhq.com/1password/8481df25-..." -> "1password".
std::string OrgFromJobUrl(std::string_view url) {
  size_t host = url.find("ashbyhq.com/");
  if (host == std::string_view::npos) return "";
  std::string_view rest = url.substr(host + 12);
  size_t slash = rest.find('/');
  return std::string(rest.substr(0, slash));
}

struct Component {
  std::string type, interval, currency;
  std::optional<double> min, max;
};

simdjson::error_code ReadComponents(od::value v, std::vector<Component>& out) {
  od::array arr;
  if (auto e = v.get_array().get(arr)) return json::IsNull(v) ? simdjson::SUCCESS : e;
  for (auto cv : arr) {
    od::object c;
    if (auto e = cv.get_object().get(c)) return e;
    Component comp;
    auto e = json::ForEachField(c, [&](std::string_view k, od::value fv) {
      if (k == "compensationType") comp.type = json::AsString(fv);
      else if (k == "interval") comp.interval = json::AsString(fv);
      else if (k == "currencyCode") comp.currency = json::AsString(fv);
      else if (k == "minValue") comp.min = json::AsNumber(fv);
      else if (k == "maxValue") comp.max = json::AsNumber(fv);
      return simdjson::SUCCESS;
    });
    if (e) return e;
    out.push_back(std::move(comp));
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadJob(od::object obj, const SourceSpec& spec, const Document& doc, JobPosting& p,
                             std::vector<Component>& salary) {
  std::optional<bool> is_remote;
  std::string workplace;
  bool remote_secondary = false;  // a secondaryLocations entry names "Remote"
  auto e = json::ForEachField(obj, [&](std::string_view key, od::value v) {
    if (key == "id") {
      p.source_id = json::AsString(v);
    } else if (key == "title") {
      p.title = json::AsString(v);
    } else if (key == "company") {
      p.company = json::AsString(v);
    } else if (key == "department") {
      if (p.department.empty()) p.department = json::AsString(v);
    } else if (key == "team") {
      std::string team = json::AsString(v);
      if (!team.empty()) p.department = team;
    } else if (key == "employmentType") {
      p.employment_type_raw = json::AsString(v);
    } else if (key == "location") {
      p.location = json::AsString(v);
    } else if (key == "secondaryLocations") {
      // Lenient: an unreadable entry ends the list, not the job.
      od::array arr;
      if (v.get_array().get(arr)) return simdjson::SUCCESS;
      for (auto lv : arr) {
        od::object lo;
        if (lv.get_object().get(lo)) break;
        auto e = json::ForEachField(lo, [&](std::string_view lk, od::value lval) {
          if (lk == "location") {
            std::string s = json::AsString(lval);
            if (FindIgnoreAsciiCase(s, "remote") != std::string_view::npos) remote_secondary = true;
            if (!s.empty()) p.extra_locations.push_back(std::move(s));
          }
          return simdjson::SUCCESS;
        });
        if (e) break;
      }
    } else if (key == "publishedAt") {
      std::string s = json::AsString(v);
      if (auto t = ParseIso8601(s)) p.posted_at = *t;
    } else if (key == "isRemote") {
      is_remote = json::AsBool(v);
    } else if (key == "workplaceType") {
      workplace = json::AsString(v);
    } else if (key == "address") {
      // Lenient: an unreadable address is no address, not an unreadable job.
      od::object addr;
      if (v.get_object().get(addr)) return simdjson::SUCCESS;
      (void)json::ForEachField(addr, [&](std::string_view ak, od::value av) {
        od::object pa;
        if (ak != "postalAddress") return simdjson::SUCCESS;
        if (auto e = av.get_object().get(pa)) return e;
        return json::ForEachField(pa, [&](std::string_view pk, od::value pv) {
          // As written: the enricher normalizes them (addressCountry is a name or a code).
          std::string* to = pk == "addressCountry"    ? &p.place.country
                            : pk == "addressLocality" ? &p.address_locality
                            : pk == "addressRegion"   ? &p.address_region
                                                      : nullptr;
          if (to != nullptr) {
            std::string s = CollapseWhitespace(json::AsStringView(pv));
            if (!s.empty()) *to = std::move(s);
          }
          return simdjson::SUCCESS;
        });
      });
    } else if (key == "jobUrl") {
      p.url = json::AsString(v);
    } else if (key == "applyUrl") {
      p.apply_url = json::AsString(v);
    } else if (key == "descriptionHtml") {
      p.description_html = json::AsString(v);
    } else if (key == "descriptionPlain") {
      if (p.description_html.empty()) p.description_text = json::AsString(v);
    } else if (key == "compensation") {
      od::object comp;
      if (v.get_object().get(comp)) return simdjson::SUCCESS;
      return json::ForEachField(comp, [&](std::string_view ck, od::value cv) {
        return ck == "summaryComponents" ? ReadComponents(cv, salary) : simdjson::SUCCESS;
      });
    }
    return simdjson::SUCCESS;
  });
  if (e) return e;
  if (!p.description_html.empty()) p.description_text.clear();  // derived from the HTML later
  if (p.company.empty()) p.company = OrgFromJobUrl(p.url);
  if (p.company.empty()) p.company = OrgFromApiPath(doc.origin).value_or(doc.stem);
  p.source = spec.name.empty() ? std::string(kType) : spec.name;
  if (workplace.empty() && (is_remote.value_or(false) || remote_secondary)) {
    // isRemote, or a secondary location "United States (Remote)" (held-out3 ashby boon): remote
    // is offered, unless the text says hybrid or onsite.
    p.work_mode_hint = WorkMode::kRemote;
  } else if (EqualsIgnoreAsciiCase(workplace, "Remote")) {
    p.work_mode = WorkMode::kRemote;
  } else if (EqualsIgnoreAsciiCase(workplace, "Hybrid")) {
    p.work_mode = WorkMode::kHybrid;
  } else if (EqualsIgnoreAsciiCase(workplace, "OnSite")) {
    p.work_mode = WorkMode::kOnsite;
  }
  return simdjson::SUCCESS;
}

Result<std::unique_ptr<Source>> Open(const SourceSpec& spec, const Document& doc) {
  const std::string source = spec.name.empty() ? std::string(kType) : spec.name;
  const std::string origin = doc.origin;
  Document meta = doc;  // what ReadJob needs of the document, without its bytes
  meta.open = nullptr;
  auto on_job = [source, origin, spec, meta](od::value v, const JsonRecord& rec, std::vector<JobPosting>& out,
                                             Diagnostics& diag) -> simdjson::error_code {
    od::object obj;
    if (auto e = v.get_object().get(obj)) return e;
    JobPosting p;
    std::vector<Component> comps;
    if (auto e = ReadJob(obj, spec, meta, p, comps)) return e;
    auto label = [&] { return "jobs[" + std::to_string(rec.index - 1) + "]"; };
    if (p.source_id.empty()) {
      diag.Quarantine({source, origin, rec.index, rec.offset, label() + " has no id",
                       std::string(rec.Excerpt())});
      return simdjson::SUCCESS;
    }
    if (auto big = OversizedField(p)) {
      diag.Quarantine({source, origin, rec.index, rec.offset, label() + ": " + *big,
                       std::string(rec.Excerpt(256))});
      return simdjson::SUCCESS;
    }
    for (const auto& c : comps) {
      if (c.type != "Salary" || (!c.min && !c.max)) continue;
      auto period = ParseSalaryInterval(c.interval);
      if (!period) {
        diag.Count("ashby.salary_unknown_interval");
        continue;
      }
      p.salary = MakeStructuredSalary(c.currency, *period, c.min, c.max);
      break;
    }
    p.origin = origin;
    p.origin_line = rec.index;
    out.push_back(std::move(p));
    return simdjson::SUCCESS;
  };
  return OpenJsonRecords(doc, {kType, "jobs", "jobs"}, std::move(on_job));
}

int Sniff(std::string_view origin, std::string_view head) {
  size_t i = 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
  if (i >= head.size() || head[i] != '{' || head.find("\"jobs\"") == std::string_view::npos) return 0;
  if (head.find("ashbyhq.com") != std::string_view::npos || head.find("\"descriptionHtml\"") != std::string_view::npos ||
      head.find("\"apiVersion\"") != std::string_view::npos) {
    return 85;
  }
  return origin.find("ashby") != std::string_view::npos ? 60 : 0;
}

bool ClaimsUrl(std::string_view url) { return OrgFromApiPath(url).has_value(); }

// ashby:ORG (when ORG is not an existing file) -> the org's job board with compensation;
// ashby:URL -> the URL (includeCompensation=true added to an API-shaped URL that lacks it).
std::vector<std::string> Urls(const SourceSpec& spec) {
  return BoardApiUrls(spec, kApiBase, "?includeCompensation=true", ClaimsUrl, "includeCompensation", "true");
}

}  // namespace

void RegisterAshbySource(SourceRegistry& r) {
  SourceFormat f;
  f.type = kType;
  f.description = "Ashby job-board API (ashby:ORG, or a .../posting-api/job-board/ORG?includeCompensation=true response)";
  f.sniff = Sniff;
  f.open = Open;
  f.urls = Urls;
  f.claims_url = ClaimsUrl;
  f.complete_listing = true;  // the posting API lists every published job of the board
  r.Register(f);
}

}  // namespace skillpulse
