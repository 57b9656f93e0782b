// Extractors for the scalar fields of a posting: seniority, years of experience, work mode
// and remote restrictions, location to ISO 3166, employment type, visa sponsorship.
// Pure functions of their inputs; thread-safe; never throw.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/posting.h"

namespace skillpulse {

// Career level from the title first, then the text ("Senior", "Sr.", "Staff", "L5",
// "new grad", "Head of", "VP" -> director ...). kUnknown when neither says.
Seniority ClassifySeniority(std::string_view title, std::string_view text);

// Minimum years of experience asked: "3+ years" -> 3, "5-7 years" -> 5, "at least two
// years" -> 2, "a decade" -> 10. The smallest figure that is a requirement (not company age,
// not "years of runway"). nullopt when none is stated.
std::optional<double> ExtractExperienceYearsMin(std::string_view text);

struct WorkModeResult {
  WorkMode mode = WorkMode::kUnknown;
  std::string remote_scope;  // "US", "EU", "US,CA", "worldwide", "" = not stated
};
// From the location string, the title and the text: "Remote (US only)", "Remote EU",
// "hybrid 2 days", "onsite", "REMOTE OK", "in office" ...
WorkModeResult ClassifyWorkMode(std::string_view location, std::string_view title, std::string_view text);

// Normalizes a location string ("NYC", "San Francisco, CA", "London, UK", "Remote (Berlin)",
// "Bengaluru") to ISO 3166 country, subdivision and city. Unknown parts stay "".
Place NormalizeLocation(std::string_view location);
// True when `s` reads as a place name (a known city, US state, country or region): used by
// the HN header parser to tell a location field from a role field.
bool LooksLikeLocation(std::string_view s);

// "Full-time", "FullTime", "FULL_TIME", "part time", "contract", "contractor", "freelance",
// "intern", "internship", "co-op" ... from a structured value or the text.
EmploymentType ClassifyEmploymentType(std::string_view structured, std::string_view title, std::string_view text);

// true: the posting offers visa sponsorship; false: it says it does not; nullopt: silent.
std::optional<bool> ExtractVisaSponsorship(std::string_view text);

}  // namespace skillpulse
