// The JobPosting record: what every source produces, every enricher completes and every sink
// stores. Field names follow schema.org JobPosting (https://schema.org/JobPosting) where one
// exists; comments name the property.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace skillpulse {

// Where the work happens. schema.org jobLocationType=TELECOMMUTE maps to kRemote.
enum class WorkMode : uint8_t { kUnknown = 0, kRemote, kHybrid, kOnsite };
// "remote" | "hybrid" | "onsite" | "unknown".
std::string_view WorkModeName(WorkMode m);
std::optional<WorkMode> ParseWorkMode(std::string_view name);

// Career level. kDirector covers director and above (VP, head of, C-level).
enum class Seniority : uint8_t {
  kUnknown = 0, kIntern, kJunior, kMid, kSenior, kStaff, kPrincipal, kLead, kManager, kDirector
};
// "intern" ... "director"; "unknown" for kUnknown (JSON output writes null instead).
std::string_view SeniorityName(Seniority s);
std::optional<Seniority> ParseSeniority(std::string_view name);

// schema.org employmentType values, reduced to the four the reports use.
enum class EmploymentType : uint8_t { kUnknown = 0, kFullTime, kPartTime, kContract, kInternship };
// "full-time" | "part-time" | "contract" | "internship" | "unknown".
std::string_view EmploymentTypeName(EmploymentType t);
std::optional<EmploymentType> ParseEmploymentType(std::string_view name);

// The unit a salary figure is quoted per. Annualization factors (a 40-hour week, 52 weeks,
// 5-day week; the same conventions as the US BLS and Lightcast): hour x2080, day x260,
// week x52, month x12.
enum class SalaryPeriod : uint8_t { kYear = 0, kMonth, kWeek, kDay, kHour };
// "year" | "month" | "week" | "day" | "hour".
std::string_view SalaryPeriodName(SalaryPeriod p);
std::optional<SalaryPeriod> ParseSalaryPeriod(std::string_view name);
// Periods per year: 1, 12, 52, 260, 2080.
double PeriodsPerYear(SalaryPeriod p);

enum class SalaryOrigin : uint8_t { kStructured = 0, kText };
// "structured" | "text".
std::string_view SalaryOriginName(SalaryOrigin o);

// One quoted range, in its original currency and period.
struct SalaryRange {
  std::string currency;  // ISO 4217 alphabetic code, e.g. "USD"; "" when not known
  SalaryPeriod period = SalaryPeriod::kYear;
  std::optional<double> min;  // currency units per period; nullopt for "up to X"
  std::optional<double> max;  // nullopt for "X+" / "from X"
  bool operator==(const SalaryRange&) const = default;
};

// schema.org baseSalary, plus its annual USD equivalent.
struct Salary {
  std::string currency;  // ISO 4217 of min/max
  SalaryPeriod period = SalaryPeriod::kYear;
  std::optional<double> min;  // lowest lower bound over `ranges` in the main currency/period
  std::optional<double> max;  // highest upper bound over `ranges` in the main currency/period
  std::optional<double> annual_usd_min;  // USD per year; nullopt when min is, or no FX rate
  std::optional<double> annual_usd_max;
  SalaryOrigin origin = SalaryOrigin::kText;
  // The board predicted it ("Glassdoor est."): kept, but left out of medians by default.
  bool is_estimate = false;
  // Monthly payments per year when the posting says so (Chinese "16薪" = 16); 0 = the
  // standard 12 for monthly salaries. Used for annualization only.
  int payments_per_year = 0;
  std::vector<SalaryRange> ranges;  // every range the posting gives, in order
  std::string fx_date;              // ISO date of the FX table used for annual_usd_*
};

// One skill named by a posting. skill_id indexes the loaded Taxonomy.
struct SkillMention {
  uint16_t skill_id = 0;
  // true: listed as required; false: nice-to-have/bonus/preferred; nullopt: not stated.
  std::optional<bool> required;
  bool operator==(const SkillMention&) const = default;
};

// A location normalized to ISO codes.
struct Place {
  std::string country;  // ISO 3166-1 alpha-2 ("US"); "" when unknown
  std::string region;   // ISO 3166-2 subdivision ("US-CA"); "" when unknown
  std::string city;     // canonical English city name ("New York"); "" when unknown
};

inline constexpr int64_t kNoJob = 0;

struct JobPosting {
  // ---- Provenance ----
  std::string source;     // source name: "hn", "ashby:openai", a manifest name ("gh01") ...
  std::string source_id;  // the id the source gives the posting (identifier)
  std::string url;        // where the posting is shown (url)
  std::string apply_url;  // where to apply, when different
  std::string origin;     // file path or URL the record was read from
  uint64_t origin_line = 0;  // 1-based line or record number inside origin (0 = n/a)

  // ---- As given by the source ----
  std::string company;           // hiringOrganization.name
  std::string title;             // title
  // The title was gathered from role lines of the description (an HN post whose header names
  // no role; sources/hn_header.h RolesFromBody), not stated as the posting's title: the
  // extractors read those lines as part of the text, not as a title (a title's level or
  // skill would otherwise count twice, and over the text's own reading).
  bool title_from_text = false;
  std::string location;          // jobLocation, as written
  std::vector<std::string> extra_locations;  // further jobLocation entries
  // The city and region of the employer's structured postal address, as written (schema.org
  // PostalAddress addressLocality / addressRegion; Ashby's address.postalAddress). The
  // enricher uses them for an onsite or hybrid job whose location names no city.
  std::string address_locality, address_region;
  std::string department;        // occupationalCategory / team
  std::string description_html;  // description, when the source gives HTML
  std::string description_text;  // description as plain text (given, or derived from HTML)
  std::optional<int64_t> posted_at;     // datePosted, Unix seconds UTC
  std::optional<int64_t> valid_through; // validThrough, Unix seconds UTC
  // When the source showed the posting: the fetch time for live sources; unset for dumps,
  // where the store uses posted_at (else the start of `month`). Drives first_seen/last_seen.
  std::optional<int64_t> observed_at;
  std::string month;  // "YYYY-MM": the HN thread's month, else the UTC month of posted_at
  std::string employment_type_raw;      // employmentType as written
  std::string salary_text;  // baseSalary as free text in a field of its own ("$53K-$91K (Glassdoor est.)")

  // ---- Normalized / enriched (sources may fill any of these from structured fields;
  //      enrichers fill what is still unknown) ----
  WorkMode work_mode = WorkMode::kUnknown;        // jobLocationType
  // A structured work mode the text may override (Ashby isRemote=true: the labelled set has
  // hybrid and onsite jobs carrying it); used only when nothing else states a mode.
  WorkMode work_mode_hint = WorkMode::kUnknown;
  std::string remote_scope;  // where a remote hire may live: "US", "EU", "worldwide"...
  Seniority seniority = Seniority::kUnknown;
  std::optional<double> experience_years_min;     // experienceRequirements, years
  std::optional<Salary> salary;                   // baseSalary
  std::vector<SkillMention> skills;               // skills, sorted by skill_id, unique
  Place place;                                    // jobLocation, normalized
  EmploymentType employment_type = EmploymentType::kUnknown;
  std::optional<bool> visa_sponsorship;           // true: offered; false: explicitly not
  bool enriched = false;                          // set by the enricher

  // ---- Identity ----
  uint64_t content_hash = 0;  // XXH3-64 of the normalized description text
  int64_t job_id = kNoJob;    // unique job this posting belongs to (dedup); kNoJob = unset
};

// A batch of postings moving through the pipeline. Not thread-safe.
struct PostingBatch {
  std::vector<JobPosting> postings;
  size_t capacity = 512;  // sources append up to this many per Next() call

  // Sink-private data computed on a worker thread by Sink::Prepare and consumed by
  // Sink::Write in the writer thread (e.g. compressed descriptions, row hashes).
  std::vector<uint64_t> prepared_hashes;
  std::vector<std::string> prepared_blobs;
  // Dedup records (dedup/record.h SerializeDedupRecord), one per posting, computed there too.
  std::vector<std::string> prepared_dedup;

  bool full() const { return postings.size() >= capacity; }
  bool empty() const { return postings.empty(); }
  size_t size() const { return postings.size(); }
  void Clear() {
    postings.clear();
    prepared_hashes.clear();
    prepared_blobs.clear();
    prepared_dedup.clear();
  }
};

}  // namespace skillpulse
