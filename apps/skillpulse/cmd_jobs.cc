// skillpulse jobs show|export|monthly, dedup stats|rebuild: unique jobs (dedup) in the store.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <vector>

#include "commands.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "dedup/lifecycle.h"
#include "store/store.h"
#include "store_options.h"

namespace skillpulse {
namespace {

std::string Day(int64_t unix_s) { return unix_s == 0 ? "-" : FormatIso8601(unix_s).substr(0, 10); }

int Fail(const Status& s) {
  PrintError(s.message());
  return 1;
}

int RunShow(const StoreOptions& db, int64_t job_id) {
  auto store = OpenExistingStore(db);
  if (!store.ok()) return Fail(store.status());
  auto rows = (*store)->ListJobPostings(job_id);
  if (!rows.ok()) return Fail(rows.status());
  if (rows->empty()) {
    PrintError("no job " + std::to_string(job_id) + " in " + DescribeStore(db));
    return 1;
  }
  std::set<std::string> sources;
  int64_t first = rows->front().first_seen, last = 0;
  for (const auto& r : *rows) {
    sources.insert(r.source);
    first = std::min(first, r.first_seen);
    last = std::max(last, r.last_seen);
  }
  std::printf("job %lld: %zu posting%s from %zu source%s, seen %s .. %s\n", static_cast<long long>(job_id), rows->size(),
              rows->size() == 1 ? "" : "s", sources.size(), sources.size() == 1 ? "" : "s", Day(first).c_str(),
              Day(last).c_str());
  for (const auto& r : *rows) {
    std::printf("  %-10s %-10s  %s / %s\n", Day(r.first_seen).c_str(), Day(r.last_seen).c_str(), r.source.c_str(),
                r.source_id.c_str());
    std::printf("      %s | %s | %s\n", r.company.c_str(), r.title.c_str(), r.location.c_str());
    if (!r.url.empty()) std::printf("      %s\n", r.url.c_str());
    if (!r.apply_url.empty() && r.apply_url != r.url) std::printf("      apply: %s\n", r.apply_url.c_str());
  }
  return 0;
}

int RunExport(const StoreOptions& db, const std::string& format, const std::string& out_path) {
  if (format != "jsonl") {
    PrintError("--format must be jsonl");
    return 2;
  }
  auto store = OpenExistingStore(db);
  if (!store.ok()) return Fail(store.status());
  FILE* out = stdout;
  if (!out_path.empty() && out_path != "-") {
    out = std::fopen(out_path.c_str(), "wb");
    if (out == nullptr) return Fail(IoError(out_path + ": cannot open for writing"));
  }
  std::string buf;
  Status s = (*store)->ForEachPostingJob([&](const PostingJobRef& r) -> Status {
    JsonWriter w(buf);
    w.BeginObject().Field("source", r.source).Field("source_id", r.source_id).Field("job_id", r.job_id).EndObject();
    buf.push_back('\n');
    if (buf.size() > (1 << 16)) {
      if (std::fwrite(buf.data(), 1, buf.size(), out) != buf.size()) return IoError("write failed");
      buf.clear();
    }
    return Status::Ok();
  });
  if (s.ok() && std::fwrite(buf.data(), 1, buf.size(), out) != buf.size()) s = IoError("write failed");
  if (s.ok() && std::fflush(out) != 0) s = IoError("write failed");
  if (out != stdout) std::fclose(out);
  return s.ok() ? 0 : Fail(s);
}

int RunStats(const StoreOptions& db) {
  auto store = OpenExistingStore(db);
  if (!store.ok()) return Fail(store.status());
  auto facts = (*store)->LoadFacts();
  if (!facts.ok()) return Fail(facts.status());
  const FactTable& t = *facts;
  // Sources per job, to tell cross-source duplicates from reposts inside one source.
  std::unordered_map<int64_t, std::vector<uint16_t>> job_sources;
  for (const auto& p : t.postings) {
    auto& v = job_sources[p.job_id];
    if (std::find(v.begin(), v.end(), p.source) == v.end()) v.push_back(p.source);
  }
  struct Row {
    int64_t postings = 0;
    std::set<int64_t> jobs;
    int64_t shared = 0;  // postings whose job also has postings from another source
  };
  std::vector<Row> rows(t.sources.size());
  for (const auto& p : t.postings) {
    Row& r = rows[p.source];
    ++r.postings;
    r.jobs.insert(p.job_id);
    if (job_sources[p.job_id].size() > 1) ++r.shared;
  }
  std::printf("%-28s %10s %10s %12s %14s\n", "source", "postings", "jobs", "dup rate", "in other src");
  auto pct = [](double num, double den) { return den > 0 ? 100.0 * num / den : 0.0; };
  std::vector<size_t> order(rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return t.sources[a] < t.sources[b]; });
  for (size_t i : order) {
    const Row& r = rows[i];
    std::printf("%-28s %10lld %10zu %11.1f%% %13.1f%%\n", t.sources[i].c_str(), static_cast<long long>(r.postings),
                r.jobs.size(), pct(static_cast<double>(r.postings - static_cast<int64_t>(r.jobs.size())), r.postings),
                pct(static_cast<double>(r.shared), r.postings));
  }
  const double n = static_cast<double>(t.postings.size()), jobs = static_cast<double>(job_sources.size());
  int64_t multi = 0;
  for (const auto& [job, v] : job_sources) multi += v.size() > 1;
  std::printf("%-28s %10.0f %10.0f %11.1f%% %13.1f%%\n", "all", n, jobs, pct(n - jobs, n),
              pct(static_cast<double>(multi), jobs));
  std::printf("dup rate = 1 - jobs/postings; \"in other src\" = postings whose job is also posted by another source"
              " (for \"all\": share of jobs posted by more than one source)\n");
  return 0;
}

int RunMonthly(const StoreOptions& db) {
  auto store = OpenExistingStore(db);
  if (!store.ok()) return Fail(store.status());
  auto facts = (*store)->LoadFacts();
  if (!facts.ok()) return Fail(facts.status());
  std::vector<SeenSpan> spans;
  int64_t now = 0;
  for (const auto& j : facts->jobs) {
    spans.push_back({j.first_seen, j.last_seen, j.closed_at});
    now = std::max(now, j.last_seen);
  }
  std::map<std::string, int64_t> postings_by_month;
  for (const auto& p : facts->postings) {
    if (p.first_seen > 0) ++postings_by_month[MonthOfUnix(p.first_seen)];
  }
  std::printf("%-8s %10s %10s %12s\n", "month", "new jobs", "active", "new postings");
  for (const auto& [month, c] : CountJobsByMonth(spans, now)) {
    std::printf("%-8s %10lld %10lld %12lld\n", month.c_str(), static_cast<long long>(c.new_jobs),
                static_cast<long long>(c.active_jobs), static_cast<long long>(postings_by_month[month]));
  }
  std::printf("new = first seen that month; active = open at some point of the month (a job closes when every\n"
              "posting of it has disappeared from its source); new postings = postings first seen that month\n");
  return 0;
}

int RunRebuild(const StoreOptions& db) {
  auto store = OpenExistingStore(db);
  if (!store.ok()) return Fail(store.status());
  Status s = (*store)->RebuildJobs();
  if (!s.ok()) return Fail(s);
  const WriteStats& st = (*store)->stats();
  std::fprintf(stderr, "reclustered %lld postings in %.2f s; %lld job ids changed\n",
               static_cast<long long>(st.dedup_postings), st.dedup_s, static_cast<long long>(st.jobs_changed));
  return 0;
}

}  // namespace

void RegisterJobs(CLI::App& app, CommandLine& cli) {
  auto db = std::make_shared<StoreOptions>();
  auto* jobs = app.add_subcommand("jobs", "Unique jobs: postings grouped by dedup (docs/DEDUP.md)");
  jobs->require_subcommand(1);

  auto* show = jobs->add_subcommand("show", "List the postings of one job with their provenance");
  auto id = std::make_shared<int64_t>(0);
  show->add_option("id", *id, "Job id")->required();
  AddStoreOptions(show, *db);
  show->callback([&cli, db, id] { cli.run = [db, id] { return RunShow(*db, *id); }; });

  auto* exp = jobs->add_subcommand("export", "Write one line per posting: {\"source\", \"source_id\", \"job_id\"}");
  auto format = std::make_shared<std::string>("jsonl");
  auto out = std::make_shared<std::string>();
  AddStoreOptions(exp, *db);
  exp->add_option("--format", *format, "Output format: jsonl");
  exp->add_option("--out,-o", *out, "Output file (default: standard output)");
  exp->callback([&cli, db, format, out] { cli.run = [db, format, out] { return RunExport(*db, *format, *out); }; });

  auto* monthly = jobs->add_subcommand("monthly", "New and active unique jobs per month");
  AddStoreOptions(monthly, *db);
  monthly->callback([&cli, db] { cli.run = [db] { return RunMonthly(*db); }; });

  auto* dedup = app.add_subcommand("dedup", "Duplicate postings: statistics and maintenance");
  dedup->require_subcommand(1);
  auto* stats = dedup->add_subcommand("stats", "Duplicate rates per source and overall");
  AddStoreOptions(stats, *db);
  stats->callback([&cli, db] { cli.run = [db] { return RunStats(*db); }; });
  auto* rebuild = dedup->add_subcommand("rebuild", "Recompute every job (after changing data/dedup thresholds)");
  AddStoreOptions(rebuild, *db);
  rebuild->callback([&cli, db] { cli.run = [db] { return RunRebuild(*db); }; });
}

}  // namespace skillpulse
