// Maps the columns of a generic record (a CSV row, a JSON object) onto JobPosting fields.
// Column names are matched case-insensitively against a list of common spellings per field
// (JobSpy's CSV, Kaggle dumps, LinkedIn/Indeed exports...), overridable per source with
// --map FIELD=COLUMN.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"
#include "core/posting.h"
#include "core/status.h"

namespace skillpulse {

// Our fields a generic record can fill.
enum class MappedField : uint8_t {
  kSourceId, kTitle, kCompany, kLocation, kDescription, kUrl, kApplyUrl, kPostedAt, kMonth,
  kSalaryText, kSalaryMin, kSalaryMax, kSalaryCurrency, kSalaryPeriod, kEmploymentType, kRemote,
  kDepartment, kSource, kCount
};
// "source_id", "title", "company", ... (the names --map accepts).
std::string_view MappedFieldName(MappedField f);
std::optional<MappedField> ParseMappedField(std::string_view name);

// Which column (index into the record's keys) fills which field.
class ColumnMapping {
 public:
  // Resolves `keys` (a CSV header or a JSON object's keys) against the default spellings and
  // `overrides` (field name -> column name). An override naming an unknown field or a column
  // that is not present is an error.
  static Result<ColumnMapping> Resolve(const std::vector<std::string>& keys,
                                       const std::map<std::string, std::string>& overrides);
  // Index of the column for `f`, or -1.
  int column(MappedField f) const { return columns_[static_cast<size_t>(f)]; }
  // "title=job_title, company=company, ..." for messages.
  std::string Describe(const std::vector<std::string>& keys) const;
  // True when at least a title or a description is mapped (else the input is not postings).
  bool usable() const;
  // True when the columns are those of job postings rather than of another table that happens
  // to have a title-like column: usable(), a description or a posting URL column, and at least
  // three posting fields mapped. Formats use it when they were detected, not given: in the
  // shared data, salary surveys (job_title, salary, company_location: no text, no URL),
  // company lists (name, url), O*NET occupations (Title, Description) and a thread index
  // (title, month) fail it; JobSpy, Glassdoor and HN dumps (id, month, posting) pass.
  bool looks_like_postings() const;

 private:
  std::vector<int> columns_ = std::vector<int>(static_cast<size_t>(MappedField::kCount), -1);
};

// Fills `p` from the record's values (parallel to the keys the mapping was resolved on).
// Returns an error reason (for quarantine) when the record has neither title nor description.
// `fallback_id` (a content hash) is used when no id column is mapped.
std::optional<std::string> FillPosting(const ColumnMapping& m, const std::vector<std::string_view>& values,
                                       std::string_view fallback_id, JobPosting& p);

// "YYYY-MM", "YYYY/MM", "April 2020", "Apr 2020" -> "YYYY-MM"; "" when not a month.
std::string ParseLooseMonth(std::string_view s);

// Parses dates as they appear in dumps: ISO 8601, RFC 822, Unix seconds or milliseconds,
// "YYYY-MM-DD HH:MM:SS". Returns Unix seconds UTC.
std::optional<int64_t> ParseLooseTimestamp(std::string_view s);

}  // namespace skillpulse
