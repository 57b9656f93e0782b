// Greenhouse job board API responses: GET https://boards-api.greenhouse.io/v1/boards/{token}/jobs
// ?content=true -> {"jobs": [...], "meta": {"total": N}}. Field reference:
// https://developers.greenhouse.io/job-board.html#list-jobs . `content` is the description as
// HTML-escaped HTML ("&lt;p&gt;..."), decoded here once (HtmlUnescape) into HTML.
// Salary comes from `pay_input_ranges` (boards with pay transparency: min_cents/max_cents/
// currency_type) or from a custom field in `metadata` with value_type "currency_range"
// ({"unit":"USD","min_value":"120000.0","max_value":"150000.0"}, the benchmark corpus's shape).
// The company is `company_name` when present (current responses carry it), else the board
// token from the URL or path, else the file name.
#include <algorithm>

#include "core/text.h"
#include "enrich/html_text.h"
#include "enrich/salary.h"
#include "sources/formats.h"
#include "sources/json_records.h"
#include "sources/source_util.h"

namespace skillpulse {
namespace {

namespace od = simdjson::ondemand;

constexpr std::string_view kType = "greenhouse";
constexpr std::string_view kApiBase = "https://boards-api.greenhouse.io/v1/boards/";

// "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true" -> "acme" (any host).
std::optional<std::string> TokenFromApiPath(std::string_view url) {
  return SegmentBetween(UrlPath(url), "/v1/boards/", "/jobs");
}

// The board token an origin names: the API path, else ".../{token}/jobs" (the benchmark
// server's /greenhouse/{token}/jobs and its corpus files), else the file stem.
std::string TokenFromOrigin(const Document& doc) {
  if (auto t = TokenFromApiPath(doc.origin)) return *t;
  std::string_view path = UrlPath(doc.origin);
  if (size_t bang = path.rfind('!'); bang != std::string_view::npos) path = path.substr(bang + 1);
  if (auto t = SegmentBetween(path, "/", "/jobs")) return *t;
  return doc.stem;
}

// HtmlUnescape with a fast path for the references Greenhouse's escaping produces (&lt; &gt;
// &amp; &quot; &#39;), which decode the same in every context. Any other reference goes to
// HtmlUnescape, one '&'-to-'&' segment at a time: a character reference never reaches past
// the next '&', so the result is HtmlUnescape's. (Entity lookup was 40 % of the parse time.)
void UnescapeContent(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, amp - i));
    std::string_view rest = s.substr(amp);
    if (rest.substr(0, 4) == "&lt;") {
      out.push_back('<');
      i = amp + 4;
    } else if (rest.substr(0, 4) == "&gt;") {
      out.push_back('>');
      i = amp + 4;
    } else if (rest.substr(0, 5) == "&amp;") {
      out.push_back('&');
      i = amp + 5;
    } else if (rest.substr(0, 6) == "&quot;") {
      out.push_back('"');
      i = amp + 6;
    } else if (rest.substr(0, 5) == "&#39;") {
      out.push_back('\'');
      i = amp + 5;
    } else {
      size_t next = s.find('&', amp + 1);
      size_t end = next == std::string_view::npos ? s.size() : next;
      out += HtmlUnescape(s.substr(amp, end - amp));
      i = end;
    }
  }
}

struct SalaryCandidate {
  std::string currency;
  std::optional<double> min, max;
  std::string label;  // the field's name/title ("Salary Range", "Hourly pay")
};

// metadata: [{id, name, value, value_type}]; the first "currency_range" entry.
simdjson::error_code ReadMetadata(od::value v, std::optional<SalaryCandidate>& out) {
  od::array arr;
  if (v.get_array().get(arr)) return simdjson::SUCCESS;  // null or another type: no metadata
  for (auto ev : arr) {
    od::object entry;
    if (auto e = ev.get_object().get(entry)) return e;
    std::string name, value_type;
    SalaryCandidate c;
    bool range = false;
    auto e = json::ForEachField(entry, [&](std::string_view k, od::value fv) {
      if (k == "name") {
        c.label = json::AsString(fv);
      } else if (k == "value_type") {
        value_type = json::AsString(fv);
      } else if (k == "value") {
        od::object val;
        if (fv.get_object().get(val)) return simdjson::SUCCESS;
        range = true;
        return json::ForEachField(val, [&](std::string_view vk, od::value vv) {
          if (vk == "unit")
            c.currency = json::AsString(vv);
          else if (vk == "min_value")
            c.min = json::AsNumber(vv);
          else if (vk == "max_value")
            c.max = json::AsNumber(vv);
          return simdjson::SUCCESS;
        });
      }
      return simdjson::SUCCESS;
    });
    if (e) return e;
    if (!out && range && value_type == "currency_range" && (c.min || c.max)) out = std::move(c);
  }
  return simdjson::SUCCESS;
}

// pay_input_ranges: [{min_cents, max_cents, currency_type, title, blurb, description}].
simdjson::error_code ReadPayRanges(od::value v, std::optional<SalaryCandidate>& out) {
  od::array arr;
  if (v.get_array().get(arr)) return simdjson::SUCCESS;
  for (auto rv : arr) {
    od::object r;
    if (auto e = rv.get_object().get(r)) return e;
    SalaryCandidate c;
    auto e = json::ForEachField(r, [&](std::string_view k, od::value fv) {
      if (k == "min_cents") {
        if (auto n = json::AsNumber(fv)) c.min = *n / 100;
      } else if (k == "max_cents") {
        if (auto n = json::AsNumber(fv)) c.max = *n / 100;
      } else if (k == "currency_type") {
        c.currency = json::AsString(fv);
      } else if (k == "title") {
        c.label = json::AsString(fv);
      }
      return simdjson::SUCCESS;
    });
    if (e) return e;
    if (!out && (c.min || c.max)) out = std::move(c);
  }
  return simdjson::SUCCESS;
}

// [{id, name, ...}] -> the names, in order.
simdjson::error_code ReadNames(od::value v, std::vector<std::string>& names, std::string_view key = "name") {
  od::array arr;
  if (v.get_array().get(arr)) return simdjson::SUCCESS;
  for (auto ev : arr) {
    od::object o;
    if (auto e = ev.get_object().get(o)) return e;
    std::string name, fallback;
    auto e = json::ForEachField(o, [&](std::string_view k, od::value fv) {
      if (k == key)
        name = CollapseWhitespace(json::AsStringView(fv));
      else if (k == "name")
        fallback = CollapseWhitespace(json::AsStringView(fv));
      return simdjson::SUCCESS;
    });
    if (e) return e;
    if (name.empty()) name = std::move(fallback);
    if (!name.empty()) names.push_back(std::move(name));
  }
  return simdjson::SUCCESS;
}

// A salary's period from its label: Greenhouse ranges carry no interval; boards that quote
// hourly pay say so in the range's title ("Hourly Pay Range"). Annual otherwise.
SalaryPeriod PeriodFromLabel(std::string_view label) {
  if (FindIgnoreAsciiCase(label, "hour") != std::string_view::npos) return SalaryPeriod::kHour;
  if (FindIgnoreAsciiCase(label, "month") != std::string_view::npos) return SalaryPeriod::kMonth;
  return SalaryPeriod::kYear;
}

struct JobFields {
  JobPosting p;
  std::optional<SalaryCandidate> pay_range, metadata_salary;
  std::optional<int64_t> updated_at, first_published;
  std::vector<std::string> offices;
};

simdjson::error_code ReadJob(od::object obj, JobFields& j) {
  JobPosting& p = j.p;
  return json::ForEachField(obj, [&](std::string_view key, od::value v) {
    if (key == "id") {
      p.source_id = json::AsString(v);
    } else if (key == "title") {
      p.title = CollapseWhitespace(json::AsStringView(v));
    } else if (key == "company_name") {
      p.company = CollapseWhitespace(json::AsStringView(v));
    } else if (key == "absolute_url") {
      p.url = json::AsString(v);
    } else if (key == "location") {
      od::json_type t;
      if (v.type().get(t)) return simdjson::SUCCESS;
      if (t != od::json_type::object) {
        p.location = CollapseWhitespace(json::AsStringView(v));
        return simdjson::SUCCESS;
      }
      od::object loc;
      if (auto e = v.get_object().get(loc)) return e;
      return json::ForEachField(loc, [&](std::string_view lk, od::value lv) {
        if (lk == "name") p.location = CollapseWhitespace(json::AsStringView(lv));
        return simdjson::SUCCESS;
      });
    } else if (key == "content") {
      std::string_view s;
      if (!v.get_string().get(s)) UnescapeContent(s, p.description_html);
    } else if (key == "updated_at") {
      std::string_view s;
      if (!v.get_string().get(s)) j.updated_at = ParseIso8601(s);
    } else if (key == "first_published") {
      std::string_view s;
      if (!v.get_string().get(s)) j.first_published = ParseIso8601(s);
    } else if (key == "metadata") {
      if (auto e = ReadMetadata(v, j.metadata_salary)) return e;
    } else if (key == "pay_input_ranges") {
      if (auto e = ReadPayRanges(v, j.pay_range)) return e;
    } else if (key == "departments") {
      std::vector<std::string> names;
      if (auto e = ReadNames(v, names)) return e;
      if (!names.empty()) p.department = std::move(names.front());
    } else if (key == "offices") {
      return ReadNames(v, j.offices, "location");
    }
    return simdjson::SUCCESS;
  });
}

Result<std::unique_ptr<Source>> Open(const SourceSpec& spec, const Document& doc) {
  const std::string source = spec.name.empty() ? std::string(kType) : spec.name;
  const std::string origin = doc.origin;
  const std::string token = TokenFromOrigin(doc);  // the company when a job has no company_name
  auto on_job = [source, origin, token](od::value v, const JsonRecord& rec, std::vector<JobPosting>& out,
                                        Diagnostics& diag) -> simdjson::error_code {
    od::object obj;
    if (auto e = v.get_object().get(obj)) return e;
    JobFields j;
    if (auto e = ReadJob(obj, j)) return e;
    JobPosting& p = j.p;
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
    p.source = source;
    p.origin = origin;
    p.origin_line = rec.index;
    // datePosted is the first publication; updated_at moves with every edit of the post.
    p.posted_at = j.first_published ? j.first_published : j.updated_at;
    if (p.company.empty()) p.company = token;
    for (auto& office : j.offices) {
      if (!EqualsIgnoreAsciiCase(office, p.location) &&
          std::find(p.extra_locations.begin(), p.extra_locations.end(), office) == p.extra_locations.end()) {
        p.extra_locations.push_back(std::move(office));
      }
    }
    // pay_input_ranges is Greenhouse's own pay-transparency field; a metadata custom field
    // is what a board chose to add. Prefer the former.
    const auto& salary = j.pay_range ? j.pay_range : j.metadata_salary;
    if (salary)
      p.salary = MakeStructuredSalary(salary->currency, PeriodFromLabel(salary->label), salary->min, salary->max);
    out.push_back(std::move(p));
    return simdjson::SUCCESS;
  };
  return OpenJsonRecords(doc, {kType, "jobs", "jobs"}, std::move(on_job));
}

size_t SkipSpace(std::string_view s, size_t i = 0) {
  if (i == 0 && s.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  return i;
}

// A list response starts {"jobs": (the API writes `jobs` first, `meta` last); the /offices and
// /departments responses nest job stubs deeper and are not job lists.
int Sniff(std::string_view origin, std::string_view head) {
  size_t i = SkipSpace(head);
  if (i >= head.size() || head[i] != '{') return 0;
  i = SkipSpace(head, i + 1);
  if (head.substr(i, 6) != "\"jobs\"") return 0;
  if (head.find("\"absolute_url\"") != std::string_view::npos ||
      head.find("\"internal_job_id\"") != std::string_view::npos) {
    return 90;
  }
  // An empty board: {"jobs":[],"meta":{"total":0}}.
  if (head.find("\"meta\"") != std::string_view::npos && head.find("\"total\"") != std::string_view::npos) return 60;
  // Some {"jobs": [...]} document: Greenhouse-shaped, without its usual keys in view.
  return TokenFromApiPath(origin) ? 60 : 30;
}

bool ClaimsUrl(std::string_view url) { return TokenFromApiPath(url).has_value(); }

// greenhouse:TOKEN -> the board's job list with descriptions; greenhouse:URL -> the URL, with
// content=true added when it has the API's path shape (without it the API omits `content`).
std::vector<std::string> Urls(const SourceSpec& spec) {
  return BoardApiUrls(spec, kApiBase, "/jobs?content=true", ClaimsUrl, "content", "true");
}

}  // namespace

void RegisterGreenhouseSource(SourceRegistry& r) {
  SourceFormat f;
  f.type = kType;
  f.description = "Greenhouse job board API (greenhouse:TOKEN, or a .../v1/boards/TOKEN/jobs?content=true response)";
  f.sniff = Sniff;
  f.open = Open;
  f.urls = Urls;
  f.complete_listing = true;  // the board API lists every published job of the board
  f.claims_url = ClaimsUrl;
  r.Register(f);
}

}  // namespace skillpulse
