// Internal to the field extractors and the HN header parser: helpers one extractor offers
// the others. Not a stable API.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/posting.h"
#include "enrich/field_scan.h"
#include "enrich/fields.h"

namespace skillpulse::fields {

// Owners of scanner triggers (Hit::category).
enum Category : uint8_t { kCatSeniority = 1, kCatWorkMode, kCatEmployment, kCatVisa, kCatExperience, kCatRole };

// Each extractor registers its triggers with a scanner; CombinedScanner() holds all of them
// (fields.cc), so ExtractFields and the HN header parser read a text once.
void RegisterSeniorityTriggers(TriggerScanner& s);
void RegisterRoleTriggers(TriggerScanner& s);  // core role nouns (data/fields/roles.tsv)
void RegisterWorkModeTriggers(TriggerScanner& s);
void RegisterEmploymentTriggers(TriggerScanner& s);
void RegisterVisaTriggers(TriggerScanner& s);
void RegisterExperienceTriggers(TriggerScanner& s);
const TriggerScanner& CombinedScanner();

// ---- text layout ----
constexpr size_t kMaxHeaderFields = 24;
// A text's first line and, when it reads as an HN-style header ("A | B | C": a '|'-like
// separator, at most 400 bytes), its trimmed fields.
struct TextLayout {
  std::string_view text;
  size_t first_line_end = 0;  // index of the first '\n', or text.size()
  std::array<std::string_view, kMaxHeaderFields> fields;
  size_t nfields = 0;         // 0 when the first line is not a '|' header
  size_t header_end() const { return nfields == 0 ? 0 : first_line_end; }
  size_t offset(std::string_view f) const { return static_cast<size_t>(f.data() - text.data()); }
};
void LayoutText(std::string_view text, TextLayout& out);

// ---- the extractors proper, given the hits of the text (any categories, in text order) ----
Seniority SeniorityFromTitle(std::string_view title);
// The role a title names first, as stems: "Linux Systems Engineer" -> {systems, engineer};
// "Data and Software Engineers" -> {data, engineer}; empty noun for "Multiple positions".
struct TitleRole {
  std::string qualifier;
  std::string noun;
};
TitleRole TitleRoleOf(std::string_view title);
bool TitleNamesRole(std::string_view title);
// The level the text gives the posting's first role (after `from`): the first role line
// ("- Senior Backend Engineer", level or not) or a clear statement ("we're hiring a senior
// engineer"). When the title names a role, only mentions of that role count ("looking for a
// Senior Linux Systems Engineer" for the title "Linux Systems Engineer").
Seniority SeniorityFromText(std::string_view text, const std::vector<Hit>& hits, size_t from,
                            const TitleRole& title_role);
std::optional<double> ExperienceFromHits(std::string_view text, const std::vector<Hit>& hits);
// hint: a structured mode from the source (Ashby isRemote): used when the location, title
// and text state none. known: a mode the source stated (an HN header's): only a remote
// offer in the body overrides it, or, for a known onsite, a count of office days in the body
// ("3 days in the office": hybrid); a known remote mode gets its scope from the body.
WorkModeResult WorkModeFromHits(std::string_view location, std::string_view title, const TextLayout& layout,
                                const std::vector<Hit>& hits, WorkMode hint, WorkMode known);
EmploymentType EmploymentFromHits(std::string_view structured, std::string_view title, const TextLayout& layout,
                                  const std::vector<Hit>& hits);
std::optional<bool> VisaFromHits(const TextLayout& layout, const std::vector<Hit>& hits);

// Role words of a string (data/fields/roles.tsv), counted by CountRoleWords and ScanLocation.
struct RoleWords {
  int strong = 0, weak = 0, level = 0, glue = 0, other = 0;
  int core = 0;  // core role nouns: "engineer", "developer", "designer", "positions"...
};
// ---- location.cc ----
// What a location string names, in order of appearance.
struct LocationScan {
  std::vector<Place> places;         // cities, subdivisions, countries
  std::vector<std::string> scopes;   // remote-scope labels: ISO alpha-2 of the countries and
                                     // subdivisions named (not of cities: a city is an office)
                                     // and area labels ("EU", "worldwide", "LATAM"...),
                                     // unique, in order
  int place_tokens = 0;    // tokens covered by places or areas
  int content_tokens = 0;  // tokens that are not location noise ("remote", "or", "office")
  RoleWords roles;         // the same string's role words (one tokenization serves both)
  bool strict() const { return place_tokens > 0 && place_tokens >= content_tokens; }
  bool loose() const { return place_tokens > 0 && place_tokens * 2 >= content_tokens; }
};
// Scans at most the first 1024 bytes of `s`. Results are memoized per thread (a bounded
// StringMemo): header fields and locations repeat across postings. The reference stays valid
// until the next ScanLocation call on the same thread.
const LocationScan& ScanLocation(std::string_view s);
// The place a scan stands for (NormalizeLocation's rule): the first, unless it is a bare
// country and a later place is a city in it.
Place PrimaryPlace(const LocationScan& scan);

// ---- work_mode.cc ----
// The work mode a short field states on its own ("REMOTE", "Onsite or Remote", "Hybrid (2
// days)", "Remote (US only)"), with the scope named inside it. kUnknown when none.
struct WorkModeField {
  WorkMode mode = WorkMode::kUnknown;
  std::string scope;
  bool any = false;     // the field holds a work-mode phrase at all
  int other_words = 0;  // words outside work-mode phrases ("Remote Inning" -> 1)
};
// The field text[from, to), given the hits of `text`. other_words is counted only when asked.
// field_scan: the field's ScanLocation result when the caller has it (its scopes are used).
// field_phrases: the phrases that count only in a field ("local") count; false for a line
// that is prose rather than a field.
WorkModeField WorkModeInRange(std::string_view text, const std::vector<Hit>& hits, size_t from, size_t to,
                              bool count_other_words, const LocationScan* field_scan = nullptr,
                              bool field_phrases = true);
WorkModeField ClassifyWorkModeField(std::string_view field);

// ---- employment_type.cc ----
// The first employment type in text[from, to) ("Full-time", "Full-time / Contract",
// "FULLTIME, ONSITE", "Intern"), or kUnknown. field_words: also the words that count only in
// a field ("Contract", "Intern", "Co-op"); false for a header's first field, which may be a
// company called "Coop".
EmploymentType EmploymentInRange(std::string_view text, const std::vector<Hit>& hits, size_t from, size_t to,
                                 bool field_words);
EmploymentType EmploymentTypeInField(std::string_view field, bool field_words = true);

// ---- visa.cc ----
// Visa words in a header field text[from, to): "VISA", "Visa sponsorship", "No visa", "H1B
// transfer OK". A field that only asks for one ("EU work permit needed", "VISA required")
// gives nullopt and sets *requirement (when given): it is still a visa field, not a place.
std::optional<bool> VisaInRange(std::string_view text, const std::vector<Hit>& hits, size_t from, size_t to,
                                bool* requirement = nullptr);
std::optional<bool> VisaInField(std::string_view field);

// ---- seniority.cc ----
// Counts the role words of `s` (data/fields/roles.tsv).
RoleWords CountRoleWords(std::string_view s);
// True when the counts name a job role: a strong role noun, or nothing but weak role, level and
// glue words ("Backend, Frontend, Full Stack"), or a level word with other words ("Senior
// Software Enginer, Java").
bool IsRole(const RoleWords& w);
inline bool LooksLikeRole(std::string_view s) { return IsRole(CountRoleWords(s)); }

}  // namespace skillpulse::fields
