// Internal to the field extractors (src/enrich/{seniority,experience,work_mode,location,
// employment_type,visa}.cc): the word lists and the gazetteer under data/, compiled into the
// library at build time (src/enrich/embed_data.cmake), and a TSV reader for them.
#pragma once

#include <string_view>
#include <vector>

namespace skillpulse::fields {

// The contents of the data file `name` (relative to data/, e.g. "places.tsv",
// "fields/seniority.tsv"). Throws std::logic_error when the file was not embedded (a build
// bug, never a data condition).
std::string_view DataText(std::string_view name);

// The rows of a tab-separated data file: lines split on '\t', blank lines and lines starting
// with '#' skipped, trailing '\r' removed. Views point into `text`.
std::vector<std::vector<std::string_view>> TsvRows(std::string_view text);

}  // namespace skillpulse::fields
