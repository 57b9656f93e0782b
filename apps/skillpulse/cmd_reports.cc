// skillpulse compare / trend: reports from the store (src/report).
#include <cstdio>
#include <memory>

#include "commands.h"
#include "report/compare.h"
#include "report/report_format.h"
#include "report/trend.h"
#include "store/store.h"
#include "store_options.h"

namespace skillpulse {
namespace {

struct ReportArgs {
  std::vector<std::string> skills;
  std::string since, until;
  std::string format = "table";
  std::string count = "jobs";
  std::string by = "month";
  StoreOptions store;
  bool include_estimates = false;
};

void AddCommon(CLI::App* cmd, ReportArgs& a) {
  cmd->add_option("skills", a.skills, "Skills by slug, name or alias (go, rust, golang, \"C++\"...)")->required();
  cmd->add_option("--since", a.since, "First month, YYYY-MM (inclusive)");
  cmd->add_option("--until", a.until, "Last month, YYYY-MM (inclusive; default: the latest month with data)");
  cmd->add_option("--format", a.format, "table | md | json | csv | html")
      ->check(CLI::IsMember({"table", "md", "markdown", "json", "csv", "html"}));
  cmd->add_option("--count", a.count, "Count unique jobs (default) or postings")
      ->check(CLI::IsMember({"jobs", "postings"}));
  AddStoreOptions(cmd, a.store);
}

// Loads the facts and the FX date; prints the error and returns false on failure.
bool Load(const ReportArgs& a, FactTable& facts, std::string& fx_date) {
  auto store = OpenExistingStore(a.store);
  if (!store.ok()) {
    PrintError(store.status().message());
    return false;
  }
  auto f = (*store)->LoadFacts();
  if (!f.ok()) {
    PrintError(f.status().message());
    return false;
  }
  facts = std::move(f).value();
  if (facts.postings.empty()) {
    PrintError(DescribeStore(a.store) + " holds no postings yet; run: skillpulse ingest " + StoreFlagForShell(a.store) +
               " SOURCE...");
    return false;
  }
  auto d = (*store)->FxDate();
  fx_date = d.ok() ? *d : "";
  return true;
}

// What compare and trend share: --format and --count parsed, the store's facts loaded,
// build(facts, unit, fx_date) -> Result<Report>, render(report, format) printed to stdout.
// Exit status: 0; 2 for bad arguments (flags, or what the builder rejects as InvalidArgument);
// 1 when the store cannot be read or the report fails otherwise.
template <class Build, class Render>
int RunReport(const ReportArgs& a, Build build, Render render) {
  auto format = ParseReportFormat(a.format);
  auto unit = ParseCountUnit(a.count);
  if (!format.ok() || !unit.ok()) {
    PrintError(format.ok() ? unit.status().message() : format.status().message());
    return 2;
  }
  FactTable facts;
  std::string fx_date;
  if (!Load(a, facts, fx_date)) return 1;
  auto r = build(facts, *unit, fx_date);
  if (!r.ok()) {
    PrintError(r.status().message());
    return r.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  std::string out = render(*r, *format);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

int RunCompare(const ReportArgs& a) {
  auto build = [&a](const FactTable& facts, CountUnit unit, const std::string& fx_date) {
    CompareOptions o;
    o.skills = a.skills;
    o.since = a.since;
    o.until = a.until;
    o.unit = unit;
    o.fx_table_date = fx_date;
    o.include_estimated_salaries = a.include_estimates;
    return BuildCompare(facts, o);
  };
  return RunReport(a, build, [](const auto& r, ReportFormat f) { return RenderCompare(r, f); });
}

int RunTrend(const ReportArgs& a) {
  if (a.by != "month") {
    PrintError("--by " + a.by + ": only --by month is supported");
    return 2;
  }
  auto build = [&a](const FactTable& facts, CountUnit unit, const std::string&) {
    TrendOptions o;
    o.skills = a.skills;
    o.since = a.since;
    o.until = a.until;
    o.unit = unit;
    return BuildTrend(facts, o);
  };
  return RunReport(a, build, [](const auto& r, ReportFormat f) { return RenderTrend(r, f); });
}

}  // namespace

void RegisterReports(CLI::App& app, CommandLine& cli) {
  {
    auto* cmd = app.add_subcommand(
        "compare", "Compare skills: postings, share, YoY growth, salary (median, p10-p90), remote share, experience, "
                   "required vs nice-to-have, co-mentioned languages, new vs active; every figure with its n");
    auto a = std::make_shared<ReportArgs>();
    AddCommon(cmd, *a);
    cmd->add_flag("--include-estimates", a->include_estimates, "Include board-estimated salaries in salary figures");
    cmd->callback([&cli, a] { cli.run = [a] { return RunCompare(*a); }; });
  }
  {
    auto* cmd = app.add_subcommand("trend", "Monthly counts and shares of skills, with new and active jobs");
    auto a = std::make_shared<ReportArgs>();
    AddCommon(cmd, *a);
    cmd->add_option("--by", a->by, "Bucket (month)")->check(CLI::IsMember({"month"}));
    cmd->callback([&cli, a] { cli.run = [a] { return RunTrend(*a); }; });
  }
}

}  // namespace skillpulse
