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
  std::string title;        // the role field(s), joined by "; " ("" if none recognised)
  std::string location;     // the location field(s) as written, joined by "; " ("" if none)
  Place place;              // the first place named, normalized (NormalizeLocation)
  WorkMode work_mode = WorkMode::kUnknown;  // REMOTE / ONSITE / HYBRID tokens
  std::string remote_scope;  // "US", "EU", "US,CA"... named in the work-mode field
  EmploymentType employment_type = EmploymentType::kUnknown;
  std::string salary_text;  // a field that holds pay ("$120k-$150k"), else ""
  std::string url;          // the first URL or bare domain in the line, else ""
  std::optional<bool> visa_sponsorship;  // VISA / "no visa" tokens
};

// Parses the header line of a posting's plain text: its first line, or its second when the
// first has no '|' and the second has at least two (a tagline above the header). Never
// fails: a line that is not a header gives found == false and empty fields.
//
// Fields are split on '|' (and look-alikes: U+FF5C, U+05C0, U+2022 bullet, U+00A6), else on
// spaced dashes (" - ", " -- ", " – ", " — "), else on "][" brackets, else on spaced slashes,
// else on commas. Each field is classified by content, not position: a URL or bare domain;
// pay (a currency sign or code next to a figure, "120k", "LPA", "salary"); work mode
// (ClassifyWorkModeField, the most permissive mode wins: "ONSITE/REMOTE" -> remote);
// employment type; visa; location (LooksLikeLocation, data/places.tsv); role
// (data/fields/roles.tsv). The company is the first field unless that field is a location,
// a core role ("Backend Engineer | Acme"), a work-mode word or a URL, in which case it is the
// first field that is none of those; "Role at Company" / "Role @ Company" give the company
// after "at"/"@". The company is cleaned of parentheses ("(YC W20)", "(https://...)"), URLs,
// a trailing " - tagline" and text after a comma that is not a legal suffix ("Inc.").
// A line of more than 400 bytes, or of more than 200 bytes without '|', is prose (found ==
// false); so is a line whose fields hold nothing but the company.
HnHeader ParseHnHeader(std::string_view first_line);

// The roles a posting lists on lines of their own after its first line, for a post whose
// header names none ("Acme | Berlin | ONSITE" and then "Senior Backend Engineer - https://...",
// "- Product Designer (Remote)", "2. Data Engineer"): up to `max_roles`, joined by "; " as
// HnHeader::title joins role fields, in order, without repeats; "" when there are none.
// A role line is short (2-8 words, at most 80 bytes once a leading bullet or number, a label
// such as "Role:" or "Our open positions:", and anything from a URL on are cut), is not a
// sentence (no ". ", no final '.', '?' or '!'; no pronoun, article or "open"/"here" first: "We
// are hiring a...", "Open positions"), is not a requirement ("3+ years experience as..."),
// has no e-mail address, and names a core role noun (data/fields/roles.tsv: "engineer",
// "designer", "analyst"...; the generic "positions", "roles", "openings" alone do not count);
// a line with '|' is read as a header line and gives its role fields under the same rules.
// Only the first 80 lines are read. HN text whose lines were joined by HTML -> text (raw
// newlines inside a paragraph) lists its roles on one line, which is not read.
std::string RolesFromBody(std::string_view text, size_t max_roles = 3);

// The first line of a posting's plain text (up to the first '\n').
std::string_view FirstLine(std::string_view text);

}  // namespace skillpulse
