// Extractors for the scalar fields of a posting: seniority, years of experience, work mode
// and remote restrictions, location to ISO 3166, employment type, visa sponsorship.
// Pure functions of their inputs; thread-safe; never throw (the word lists and gazetteer
// under data/ are compiled in, see src/enrich/embed_data.cmake).
//
// All of them read plain text (HtmlToText output; an HN posting's first line is its header).
// Cost: one pass of a word-start prefilter over the text (src/enrich/field_scan.h), then rule
// logic only around the few words that can start a rule; ExtractFields shares the pass among
// all extractors (bench/fields_bench.cc measures bytes/s).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/posting.h"

namespace skillpulse {

// Career level from the title first, then the text.
// Title: the first role's level ("Engineering Manager, Senior Engineer" -> manager; roles are
// separated by ',', ';', '|', spaced '/' or '&', "and", "or"; a segment without a role noun
// belongs to the role before it: "Software Engineer, Senior" -> senior). Inside the role a
// people-management level wins ("Senior Engineering Manager" -> manager), else the first run
// of adjacent level words, highest in the run ("Senior Staff" -> staff; "Senior/Staff" ->
// senior). Words: data/fields/seniority.tsv ("Sr."/"Senior", "Jr.", "Staff", "Principal",
// "Tech Lead"/"Lead", "Engineering Manager", "new grad"/"entry level" -> junior,
// "Intern"/"co-op", "Head of"/"VP"/"CTO" -> director; "Product Manager" is no level), plus
// ladders: "Engineer I/II/III/IV", "SWE 2", "SDE3", "L3".."L8" (Google), "E3".."E8" (Meta).
// Text (only when the title names no level): the first level word followed by a role noun
// (data/fields/roles.tsv) after a hiring cue or at the start of a line/header field, and not
// someone else's ("we're hiring a senior engineer" -> senior; "mentor junior engineers",
// "report to our CTO", "Founder has deep EHR experience" -> nothing). kUnknown when neither says.
Seniority ClassifySeniority(std::string_view title, std::string_view text);

// Minimum years of experience asked: "3+ years" -> 3, "5-7 years" -> 5, "at least two
// years" -> 2, "minimum of 3 years", "3 yrs", "five or more years", "a decade" -> 10,
// "6 months of experience" -> 0.5. The smallest figure that is a requirement: a number and a
// unit, followed by experience words ("of professional experience", "building ...", "of Go")
// or preceded by requirement words ("at least", "minimum", "must have"); not company or time
// context ("founded 10 years ago", "4 years of runway", "over the past 5 years", "our team
// has 50 years of combined experience"). Figures above 30 years are ignored. Words:
// data/fields/experience.tsv. nullopt when none is stated.
std::optional<double> ExtractExperienceYearsMin(std::string_view text);

struct WorkModeResult {
  WorkMode mode = WorkMode::kUnknown;
  // Where a remote hire may live: ISO 3166-1 alpha-2 codes and area labels from
  // data/places.tsv ("EU" = Europe, "EMEA", "North America", "LATAM", "APAC", ...), comma
  // separated in order of mention ("US", "US,CA", "GB,FR,DE,US"); "worldwide" when the post
  // says anywhere. "" = not stated (also for non-remote modes).
  std::string remote_scope;
};
// Work mode from the location string, the title and the text (words: data/fields/work_mode.tsv).
// Rule: the location, the title and the text's first line (an HN header, read field by
// field) decide when any of them names a mode; only otherwise the rest of the text does.
// Within that evidence a post that offers remote counts remote ("Onsite or Remote",
// "ONSITE/REMOTE", "Remote OK", "SF or Remote" -> remote); else hybrid ("Hybrid", "partially
// remote", "3 days in office"); else onsite ("Onsite", "on-site", "in office", "no remote").
// A remote word inside a hybrid explanation is part of it ("Hybrid (2 days office, rest
// remote)" -> hybrid); "Hybrid or Remote", and in a field "Hybrid SF & Remote", -> remote. In
// a field a share of the time below 100% is hybrid ("~70% REMOTE", "80% ONSITE"); "seven
// days a week" in the office is the whole week, onsite. "remote sensing", "hybrid cloud",
// "onsite interview" are not work modes. The scope is read from the remote field or
// sentence ("Remote (US only)" -> US, "Remote EU" -> EU, "REMOTE (Must be citizen in UK,
// France, Germany, or USA)" -> GB,FR,DE,US, "Remote (worldwide)" -> worldwide); cities are
// offices, not scopes ("Remote (NYC, Amsterdam)" -> "").
WorkModeResult ClassifyWorkMode(std::string_view location, std::string_view title, std::string_view text);

// Normalizes a location string ("NYC", "San Francisco, CA", "London, UK", "Remote (Berlin)",
// "Bengaluru") to ISO 3166 country, subdivision and city: the first place it names (see
// NormalizeLocations). Unknown parts stay "". Gazetteer: data/places.tsv (all ISO 3166-1
// countries with common names, US states and Canadian provinces with codes, some other
// subdivisions, tech-hub cities with their subdivision, multi-country areas).
// Rules:
//  - The longest known name wins ("San Francisco Bay Area" > "San Francisco"); case and Latin
//    diacritics are folded ("München" = "Munchen" = Munich); '.' is dropped ("U.S.", "D.C.").
//    Names written in capitals in the gazetteer (US, UK, NYC, SF, LA, DC, LDN) match only in
//    capitals; common-word names (Reading, Nice, Turkey, Georgia) need a capital.
//  - A name after a place that contains it qualifies it ("Portland, ME" -> US-ME; "Cambridge,
//    UK" -> GB; "Berlin, Germany"); a two-letter code after a city is read as that city's
//    country code or subdivision suffix ("Toronto, CA" -> Canada, "Berlin, DE" -> Germany,
//    "Bangalore, IN" -> India, "Toronto, ON").
//  - Without a qualifier the first gazetteer row wins: Portland = Portland OR, Cambridge =
//    Cambridge MA, London = London GB, Vancouver = Vancouver BC, Birmingham = Birmingham GB;
//    and among kinds a city beats a subdivision beats a country: "New York" = the city,
//    "Washington" = Washington DC, "Georgia" = the US state (write "Tbilisi, Georgia" or
//    "Georgia (country)" for the country: a city qualifies it).
//  - "CA" alone is California; next to a country ("US, CA", "Remote (US/CA)") it is Canada;
//    after a Canadian city it is Canada.
//  - Unlisted cities are kept as written when a US state or Canadian province (name or
//    code) or a country follows: "Garland, TX" -> city "Garland", US-TX; "Portland, Michigan"
//    -> city "Portland", US-MI (a spelled-out city whose state does not match).
//  - Metro names map to their core city ("DMV" -> Washington, "Research Triangle" -> Raleigh,
//    "Twin Cities" -> Minneapolis), except regions named as such: "Bay Area", "SF Bay Area",
//    "Silicon Valley", "SoCal" are US-CA without a city (the labelled set's convention).
//  - A country or area followed by "time zone(s)"/"hours" is a remote scope, not a place:
//    "Remote (US Timezones)" names no job location.
//  - The first place wins, except that a country-only first place gives way to a later city
//    in that country ("Remote (UK) or Belfast" -> Belfast, GB).
//  - Areas (Europe, EMEA, worldwide...) and "Remote" are not places.
Place NormalizeLocation(std::string_view location);
// Every place a location string names, in order ("NYC, SF or Remote" -> New York, San
// Francisco). Reads at most the first 1024 bytes.
std::vector<Place> NormalizeLocations(std::string_view location);
// True when `s` reads as a place name: at least one known place or area, covering at least
// half of its words other than location noise ("remote", "or", "HQ", "area"...): used by the
// HN header parser to tell a location field from a role field.
bool LooksLikeLocation(std::string_view s);

// Employment type: the structured value first (schema.org "FULL_TIME"/"CONTRACTOR"/"INTERN",
// Ashby "FullTime", Lever "Full-time"; several values -> the first known), then the title
// ("Engineering Intern", "Contract Developer"), then the text's header fields, then the
// body's first clear mention ("full-time", "part-time", "contract role", "internship").
// Bare "contract" or "intern" count only in a title or header field ("smart contract" never).
// Words: data/fields/employment_type.tsv.
EmploymentType ClassifyEmploymentType(std::string_view structured, std::string_view title, std::string_view text);

// true: the posting offers visa sponsorship ("VISA" in an HN header, "visa sponsorship
// available", "we sponsor visas", "H1B transfer welcome"); false: it says it does not ("no
// visa sponsorship", "unable to sponsor", "must be authorized to work ... without
// sponsorship"); nullopt: silent, or only asks ("Will you require sponsorship?"). The first
// decisive statement wins, header fields first. "sponsor" counts only next to
// work-authorization words; "Visa" the company (an HN header's first field) never counts.
// Words: data/fields/visa.tsv.
std::optional<bool> ExtractVisaSponsorship(std::string_view text);

// ---- All at once ----

// Outputs of ExtractFields, as bits of FieldsInput::skip.
enum FieldBits : unsigned {
  kFieldSeniority = 1u << 0,
  kFieldExperience = 1u << 1,
  kFieldWorkMode = 1u << 2,
  kFieldPlace = 1u << 3,
  kFieldEmploymentType = 1u << 4,
  kFieldVisa = 1u << 5,
};
struct FieldsInput {
  std::string_view title;
  std::string_view location;
  std::string_view text;                 // plain text (description_text)
  std::string_view employment_type_raw;  // a structured employment type, if any
  // A structured work mode the text may override (Ashby isRemote=true -> kRemote): used
  // only when the location, title and text state no mode.
  WorkMode work_mode_hint = WorkMode::kUnknown;
  // A work mode the source stated (an HN header's): kept unless the text offers remote
  // ("Onsite" header, "(can be remote)" in the body), or counts office days under an onsite one
  // ("ONSITE" header, "3-days in office most weeks" -> hybrid); the text then only adds a scope.
  WorkMode known_work_mode = WorkMode::kUnknown;
  unsigned skip = 0;  // FieldBits not to compute (the caller knows them); they stay default
};
struct FieldsResult {
  Seniority seniority = Seniority::kUnknown;
  std::optional<double> experience_years_min;
  WorkModeResult work_mode;
  Place place;  // NormalizeLocation(location)
  EmploymentType employment_type = EmploymentType::kUnknown;
  std::optional<bool> visa_sponsorship;
};
// Hits of the shared prefilter kept per text (a text with more trigger words is read up to
// the last one kept).
inline constexpr size_t kMaxFieldHits = 4096;
// Every extractor above over one read of the text; same results as calling them one by one.
FieldsResult ExtractFields(const FieldsInput& in);
// Structured values a source has that the text may override (see FieldsInput).
struct FieldHints {
  WorkMode work_mode = WorkMode::kUnknown;
};
// Fills the fields of `p` that its source left unknown (seniority, experience_years_min,
// work_mode + remote_scope, place, employment_type, visa_sponsorship) from title, location,
// extra_locations, description_text and employment_type_raw. Sets nothing else.
// A source with a structured value the text should be able to override (Ashby isRemote,
// which the labelled set shows hybrid and onsite jobs carry) leaves the field unknown and
// passes the value as a hint.
void EnrichFields(JobPosting& p, const FieldHints& hints = {});

}  // namespace skillpulse
