#include "report/report_format.h"

#include <string>

#include "core/text.h"

namespace skillpulse {

Result<ReportFormat> ParseReportFormat(std::string_view name) {
  std::string n = AsciiLowerCopy(TrimAscii(name));
  if (n == "table") return ReportFormat::kTable;
  if (n == "md" || n == "markdown") return ReportFormat::kMarkdown;
  if (n == "json") return ReportFormat::kJson;
  if (n == "csv") return ReportFormat::kCsv;
  if (n == "html") return ReportFormat::kHtml;
  return InvalidArgument("unknown report format \"" + std::string(name) +
                         "\"; expected one of: table, md, json, csv, html");
}

std::string_view ReportFormatName(ReportFormat f) {
  switch (f) {
    case ReportFormat::kTable: return "table";
    case ReportFormat::kMarkdown: return "md";
    case ReportFormat::kJson: return "json";
    case ReportFormat::kCsv: return "csv";
    case ReportFormat::kHtml: return "html";
  }
  return "table";
}

Result<CountUnit> ParseCountUnit(std::string_view name) {
  std::string n = AsciiLowerCopy(TrimAscii(name));
  if (n == "jobs" || n == "job") return CountUnit::kJobs;
  if (n == "postings" || n == "posting") return CountUnit::kPostings;
  return InvalidArgument("unknown counting unit \"" + std::string(name) + "\"; expected jobs or postings");
}

std::string_view CountUnitName(CountUnit u) { return u == CountUnit::kJobs ? "jobs" : "postings"; }

}  // namespace skillpulse
