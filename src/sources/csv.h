// CSV presets: formats that are CSV with known columns (JobSpy's output) reuse csv.cc's
// reader (libcsv, delimiter detection, header mapping through sources/mapping.h, quarantine
// of bad rows) with their own column names and a per-record step.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sources/source.h"

namespace skillpulse {

// One data row with its header, for a preset's per-record step.
struct CsvRecord {
  const std::vector<std::string>& header;
  const std::vector<std::string>& values;
  // The value of `column` (header matched ignoring ASCII case), trimmed; "" when absent.
  std::string_view Get(std::string_view column) const;
};

struct CsvPreset {
  std::string_view type = "csv";  // names quarantined records when the spec has no name
  // Our field name -> the preset's column ("apply_url" -> "job_url_direct"), applied when the
  // header has that column; the user's --map overrides them.
  std::vector<std::pair<std::string, std::string>> columns;
  // Runs after the generic mapping filled `p` from a good row.
  std::function<void(const SourceSpec& spec, const CsvRecord& row, JobPosting& p)> finish;
};

// A reader of one CSV document with `preset` (the default preset is the plain csv format).
Result<std::unique_ptr<Source>> OpenCsv(const SourceSpec& spec, const Document& doc, CsvPreset preset);

// The column names of the header row at the start of `head` (delimiter detected as csv.cc
// does, quotes removed); empty when `head` holds no complete first line.
std::vector<std::string> CsvHeaderColumns(std::string_view head);

}  // namespace skillpulse
