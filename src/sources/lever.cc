// Lever postings API responses: GET https://api.lever.co/v0/postings/{site}?mode=json
// [&skip=N&limit=M] -> a JSON array of postings. Field reference:
// https://github.com/lever/postings-api . Lever stores a description in parts: the intro in
// `description`, then `lists` (a heading `text` + `content` holding <li> items), then
// `additional`; they are joined here into one HTML description (headings as <h3>, items in
// a <ul>), as Lever's own posting page shows them. The API names the employer only in the
// URL, so the company is the record's `company` field when present (benchmark corpus), else
// the site slug of `hostedUrl` (jobs.lever.co/{site}/...), else of the request URL, else the
// file name.
#include <charconv>

#include "core/text.h"
#include "enrich/html_text.h"
#include "enrich/salary.h"
#include "sources/formats.h"
#include "sources/json_records.h"
#include "sources/source_util.h"

namespace skillpulse {
namespace {

namespace od = simdjson::ondemand;

constexpr std::string_view kType = "lever";
constexpr std::string_view kApiBase = "https://api.lever.co/v0/postings/";
// Postings per page requested by lever:SITE, and the last offset paged to: a safety stop
// for a server that ignores `skip` but returns exactly `limit` postings every time.
constexpr int kPageSize = 100;
constexpr int64_t kMaxSkip = 100'000;

std::optional<std::string> SiteFromApiPath(std::string_view url) {
  return SegmentBetween(UrlPath(url), "/v0/postings/", "");
}

// "https://jobs.lever.co/onx/5214e3fc-..." -> "onx".
std::string SiteFromHostedUrl(std::string_view url) {
  size_t host = url.find("lever.co/");
  if (host == std::string_view::npos) return "";
  std::string_view rest = url.substr(host + 9);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return "";
  return DecodePercent(rest.substr(0, slash));
}

// The last path segment of an origin without extension ("/lever/lever01?mode=json" ->
// "lever01"; "corpus/lever/lever01" -> "lever01").
std::string SiteFromOrigin(const Document& doc) {
  if (auto s = SiteFromApiPath(doc.origin)) return *s;
  std::string_view path = UrlPath(doc.origin);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  size_t cut = path.find_last_of("/!");
  std::string_view name = cut == std::string_view::npos ? path : path.substr(cut + 1);
  name = name.substr(0, name.find('.'));
  return name.empty() ? doc.stem : DecodePercent(name);
}

void AppendEscaped(std::string& out, std::string_view text) {
  for (;;) {
    size_t special = text.find_first_of("<>&");
    out.append(text.substr(0, special));
    if (special == std::string_view::npos) return;
    out += text[special] == '<' ? "&lt;" : text[special] == '>' ? "&gt;" : "&amp;";
    text.remove_prefix(special + 1);
  }
}

// Plain text as an HTML paragraph, line breaks kept as <br>.
void AppendPlainAsHtml(std::string& out, std::string_view text) {
  out += "<p>";
  for (;;) {
    size_t nl = text.find('\n');
    AppendEscaped(out, text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    out += "<br>";
    text.remove_prefix(nl + 1);
  }
  out += "</p>";
}

struct Posting {
  JobPosting p;
  std::string workplace;
  // The HTML parts are views into the document (unescaped strings in the parser's buffer):
  // they are only copied once, into the assembled description_html.
  std::string_view description, additional;
  // The plain-text variants repeat the HTML; kept as raw JSON tokens (views into the
  // document) and unescaped only for a part that has no HTML.
  std::string_view description_plain_raw, additional_plain_raw;
  std::vector<std::pair<std::string_view, std::string_view>> lists;  // heading, <li> HTML
  std::string salary_currency, salary_interval;
  std::optional<double> salary_min, salary_max;
  bool has_salary = false;
};

simdjson::error_code ReadCategories(od::value v, Posting& x) {
  od::object cats;
  if (v.get_object().get(cats)) return simdjson::SUCCESS;
  std::string team, department;
  auto e = json::ForEachField(cats, [&](std::string_view k, od::value cv) {
    if (k == "location") {
      x.p.location = CollapseWhitespace(json::AsStringView(cv));
    } else if (k == "commitment") {
      x.p.employment_type_raw = json::AsString(cv);
    } else if (k == "team") {
      team = json::AsString(cv);
    } else if (k == "department") {
      department = json::AsString(cv);
    } else if (k == "allLocations") {
      od::array arr;
      if (cv.get_array().get(arr)) return simdjson::SUCCESS;
      for (auto lv : arr) {
        od::value l;
        if (auto e = lv.get(l)) return e;
        std::string s = CollapseWhitespace(json::AsStringView(l));
        if (!s.empty()) x.p.extra_locations.push_back(std::move(s));
      }
    }
    return simdjson::SUCCESS;
  });
  if (e) return e;
  // The team is the finer unit (Ashby's reader makes the same choice).
  x.p.department = !team.empty() ? std::move(team) : std::move(department);
  return simdjson::SUCCESS;
}

simdjson::error_code ReadLists(od::value v, Posting& x) {
  od::array arr;
  if (v.get_array().get(arr)) return simdjson::SUCCESS;
  for (auto lv : arr) {
    od::object lo;
    if (auto e = lv.get_object().get(lo)) return e;
    std::string_view text, content;
    auto e = json::ForEachField(lo, [&](std::string_view k, od::value fv) {
      if (k == "text")
        text = json::AsStringView(fv);
      else if (k == "content")
        content = json::AsStringView(fv);
      return simdjson::SUCCESS;
    });
    if (e) return e;
    x.lists.emplace_back(text, content);
  }
  return simdjson::SUCCESS;
}

simdjson::error_code ReadSalary(od::value v, Posting& x) {
  od::object o;
  if (v.get_object().get(o)) return simdjson::SUCCESS;
  x.has_salary = true;
  return json::ForEachField(o, [&](std::string_view k, od::value fv) {
    if (k == "currency")
      x.salary_currency = json::AsString(fv);
    else if (k == "interval")
      x.salary_interval = json::AsString(fv);
    else if (k == "min")
      x.salary_min = json::AsNumber(fv);
    else if (k == "max")
      x.salary_max = json::AsNumber(fv);
    return simdjson::SUCCESS;
  });
}

simdjson::error_code ReadPosting(od::object obj, Posting& x) {
  JobPosting& p = x.p;
  return json::ForEachField(obj, [&](std::string_view key, od::value v) {
    if (key == "id") {
      p.source_id = json::AsString(v);
    } else if (key == "text") {
      p.title = CollapseWhitespace(json::AsStringView(v));
    } else if (key == "company") {
      p.company = CollapseWhitespace(json::AsStringView(v));
    } else if (key == "categories") {
      if (auto e = ReadCategories(v, x)) return e;
    } else if (key == "country") {
      p.place.country = json::AsString(v);  // ISO 3166-1 alpha-2 per the API docs
    } else if (key == "createdAt") {
      if (auto ms = json::AsNumber(v)) p.posted_at = UnixSeconds(*ms, /*millis=*/true);
    } else if (key == "description") {
      x.description = json::AsStringView(v);
    } else if (key == "descriptionPlain") {
      x.description_plain_raw = v.raw_json_token();
    } else if (key == "additional") {
      x.additional = json::AsStringView(v);
    } else if (key == "additionalPlain") {
      x.additional_plain_raw = v.raw_json_token();
    } else if (key == "lists") {
      if (auto e = ReadLists(v, x)) return e;
    } else if (key == "hostedUrl") {
      p.url = json::AsString(v);
    } else if (key == "applyUrl") {
      p.apply_url = json::AsString(v);
    } else if (key == "workplaceType") {
      x.workplace = json::AsString(v);
    } else if (key == "salaryRange") {
      return ReadSalary(v, x);
    }
    return simdjson::SUCCESS;
  });
}

// A raw JSON string token ("a\nb", maybe followed by spaces) unescaped; "" for another type.
std::string UnescapeToken(std::string_view raw) {
  if (raw.empty() || raw.front() != '"') return "";
  simdjson::padded_string padded(raw);
  od::parser parser;
  od::document d;
  std::string_view s;
  if (parser.iterate(padded).get(d) || d.get_string().get(s)) return "";
  return std::string(s);
}

// description + each list as <h3>heading</h3><ul>items</ul> + additional. A posting with no
// HTML at all (a dump that kept only the plain fields) gets descriptionPlain and
// additionalPlain as paragraphs; otherwise the plain fields are ignored, as they repeat the
// HTML (and in the benchmark corpus descriptionPlain can hold the whole text, lists included).
void AssembleDescription(Posting& x) {
  std::string& html = x.p.description_html;
  size_t total = x.description.size() + x.additional.size();
  bool lists = false;
  for (const auto& [text, content] : x.lists) {
    total += text.size() + content.size() + 24;
    lists = lists || !text.empty() || !content.empty();
  }
  if (x.description.empty() && x.additional.empty() && !lists) {
    if (std::string plain = UnescapeToken(x.description_plain_raw); !plain.empty()) AppendPlainAsHtml(html, plain);
    if (std::string plain = UnescapeToken(x.additional_plain_raw); !plain.empty()) AppendPlainAsHtml(html, plain);
    return;
  }
  html.reserve(total);
  html += x.description;
  for (const auto& [text, content] : x.lists) {
    if (!text.empty()) {
      html += "<h3>";
      AppendEscaped(html, text);
      html += "</h3>";
    }
    if (!content.empty()) {
      html += "<ul>";
      html += content;
      html += "</ul>";
    }
  }
  html += x.additional;
}

Result<std::unique_ptr<Source>> Open(const SourceSpec& spec, const Document& doc) {
  const std::string source = spec.name.empty() ? std::string(kType) : spec.name;
  const std::string origin = doc.origin;
  std::string origin_site = SiteFromOrigin(doc);
  auto on_posting = [source, origin, origin_site](od::value v, const JsonRecord& rec, std::vector<JobPosting>& out,
                                                  Diagnostics& diag) -> simdjson::error_code {
    od::object obj;
    if (auto e = v.get_object().get(obj)) return e;
    Posting x;
    if (auto e = ReadPosting(obj, x)) return e;
    JobPosting& p = x.p;
    auto label = [&] { return "postings[" + std::to_string(rec.index - 1) + "]"; };
    if (p.source_id.empty()) {
      diag.Quarantine({source, origin, rec.index, rec.offset, label() + " has no id", std::string(rec.Excerpt())});
      return simdjson::SUCCESS;
    }
    AssembleDescription(x);
    if (auto big = OversizedField(p)) {
      diag.Quarantine({source, origin, rec.index, rec.offset, label() + ": " + *big, std::string(rec.Excerpt(256))});
      return simdjson::SUCCESS;
    }
    p.source = source;
    p.origin = origin;
    p.origin_line = rec.index;
    if (p.company.empty()) p.company = SiteFromHostedUrl(p.url);
    if (p.company.empty()) p.company = origin_site;
    // allLocations repeats the primary location.
    std::erase_if(p.extra_locations, [&](const std::string& l) { return EqualsIgnoreAsciiCase(l, p.location); });
    if (EqualsIgnoreAsciiCase(x.workplace, "remote")) {
      p.work_mode = WorkMode::kRemote;
    } else if (EqualsIgnoreAsciiCase(x.workplace, "hybrid")) {
      p.work_mode = WorkMode::kHybrid;
    } else if (EqualsIgnoreAsciiCase(x.workplace, "on-site") || EqualsIgnoreAsciiCase(x.workplace, "onsite")) {
      p.work_mode = WorkMode::kOnsite;
    }  // "unspecified": unknown
    if (x.has_salary && (x.salary_min || x.salary_max)) {
      if (auto period = ParseSalaryInterval(x.salary_interval)) {
        p.salary = MakeStructuredSalary(x.salary_currency, *period, x.salary_min, x.salary_max);
      } else {
        diag.Count("lever.salary_unknown_interval");
      }
    }
    out.push_back(std::move(p));
    return simdjson::SUCCESS;
  };
  return OpenJsonRecords(doc, {kType, "", "postings"}, std::move(on_posting));
}

int Sniff(std::string_view origin, std::string_view head) {
  const size_t i = ContentStart(head);
  if (i >= head.size() || head[i] != '[') return 0;
  auto has = [&](std::string_view s) { return head.find(s) != std::string_view::npos; };
  if (has("\"hostedUrl\"") && (has("\"categories\"") || has("\"lists\""))) return 90;
  if (has("jobs.lever.co/")) return 85;
  // The first posting may be longer than the head: its leading keys in Lever's order.
  if (has("\"additionalPlain\"") && has("\"categories\"")) return 80;
  if (has("\"descriptionPlain\"") && has("\"categories\"")) return 80;
  // An empty site answers [].
  size_t j = i + 1;
  while (j < head.size() && (head[j] == ' ' || head[j] == '\n' || head[j] == '\r' || head[j] == '\t')) ++j;
  if (j < head.size() && head[j] == ']') return SiteFromApiPath(origin) ? 60 : 5;
  // An array of objects with Lever's two required keys: weak, for typed specs (lever:FILE).
  if (j < head.size() && head[j] == '{' && has("\"id\"") && has("\"text\"")) return SiteFromApiPath(origin) ? 60 : 10;
  return 0;
}

bool ClaimsUrl(std::string_view url) { return SiteFromApiPath(url).has_value(); }

// lever:SITE -> the first page of the site's postings; lever:URL -> the URL (mode=json added
// to an API-shaped URL that lacks it).
std::vector<std::string> Urls(const SourceSpec& spec) {
  static const std::string kFirstPage = "?mode=json&skip=0&limit=" + std::to_string(kPageSize);
  return BoardApiUrls(spec, kApiBase, kFirstPage, ClaimsUrl, "mode", "json");
}

std::optional<int64_t> IntParam(std::string_view url, std::string_view name) {
  auto v = QueryParam(url, name);
  if (!v || v->empty()) return std::nullopt;
  int64_t n = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), n);
  if (r.ec != std::errc() || r.ptr != v->data() + v->size() || n < 0) return std::nullopt;
  return n;
}

// Only a URL with a `limit` asks Lever for pages; without one the API answers every posting.
bool Pages(std::string_view url) {
  auto limit = IntParam(url, "limit");
  return limit && *limit > 0;
}

// Lever pages with skip/limit: a page holding exactly `limit` postings may have a successor.
// A page with fewer is the last; one with more means the server ignored the paging (a mirror
// answering the whole list), so it is the last too.
std::string NextPage(std::string_view url, std::string_view body) {
  auto limit = IntParam(url, "limit");
  if (!limit || *limit <= 0) return "";
  int64_t skip = IntParam(url, "skip").value_or(0);
  simdjson::padded_string padded(body);
  od::parser parser;
  od::document d;
  od::array arr;
  size_t count = 0;
  if (parser.iterate(padded).get(d) || d.get_array().get(arr) || arr.count_elements().get(count)) return "";
  if (*limit > kMaxSkip || skip > kMaxSkip) return "";  // also keeps skip + limit from overflowing
  if (static_cast<int64_t>(count) != *limit || skip + *limit > kMaxSkip) return "";
  return WithQueryParam(url, "skip", std::to_string(skip + *limit));
}

}  // namespace

void RegisterLeverSource(SourceRegistry& r) {
  SourceFormat f;
  f.type = kType;
  f.description = "Lever postings API (lever:SITE, or a .../v0/postings/SITE?mode=json response; skip/limit paging)";
  f.sniff = Sniff;
  f.open = Open;
  f.urls = Urls;
  f.complete_listing = true;  // paging to the end lists every published posting of the site
  f.claims_url = ClaimsUrl;
  f.next_page = NextPage;
  f.pages = Pages;
  r.Register(f);
}

}  // namespace skillpulse
