// The Hacker News "Who is hiring?" header line: the first line of a posting, by convention
// "Company | Role | Location | REMOTE | Full-time | $salary", in many variations (other
// separators, missing fields, URLs, several roles or locations).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/posting.h"

namespace skillpulse {

struct HnHeader {
  bool found = false;       // the line has the header shape (at least two fields)
  std::string company;      // first field, cleaned (no URL, no "(YC S19)")
  std::string title;        // the role field(s), "" if none recognised
  std::string location;     // the location field(s), as written ("" if none)
  WorkMode work_mode = WorkMode::kUnknown;  // REMOTE / ONSITE / HYBRID tokens
  EmploymentType employment_type = EmploymentType::kUnknown;
  std::string salary_text;  // a field that holds pay ("$120k-$150k"), else ""
  std::string url;          // a company URL field, else ""
  std::optional<bool> visa_sponsorship;  // VISA / "no visa" tokens
};

// Parses the first line of a posting's plain text. Never fails: a line that is not a header
// gives found == false and empty fields.
HnHeader ParseHnHeader(std::string_view first_line);

}  // namespace skillpulse
