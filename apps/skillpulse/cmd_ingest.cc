// skillpulse ingest / extract: run the data path into the store or to JSONL.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <thread>

#include "commands.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "enrich/enricher.h"
#include "pipeline/runner.h"
#include "pipeline/sink.h"
#include "sources/fetch/archive.h"
#include "sources/fetch/fetch_state.h"
#include "sources/fetch/session.h"
#include "sources/source.h"
#include "sources/source_config.h"
#include "store/store.h"
#include "store_options.h"

namespace skillpulse {

std::string DefaultDbPath() {
  const char* env = std::getenv("SKILLPULSE_DB");
  return env != nullptr && *env != '\0' ? env : "skillpulse.db";
}

bool StderrIsTty() { return isatty(STDERR_FILENO) == 1; }

void PrintError(const std::string& message) { std::fprintf(stderr, "skillpulse: error: %s\n", message.c_str()); }

namespace {

// Options shared by ingest and extract.
struct PipelineArgs {
  std::vector<std::string> sources;
  std::vector<std::string> map;  // FIELD=COLUMN
  std::string source_name;
  std::string delimiter;
  int threads = 0;
  bool quiet = false;
  bool no_progress = false;
};

void AddPipelineOptions(CLI::App* cmd, PipelineArgs& a, bool sources_required = true) {
  auto* opt = cmd->add_option("sources", a.sources,
                              "Files, directories, archives (.tar.zst) or URLs, optionally typed: greenhouse:TOKEN, "
                              "lever:SITE, ashby:ORG, rss:URL, jsonld:URL, hn:latest[:N], hn:THREAD_ID, "
                              "hn:firebase:latest[:N], hn:PATH, jobspy:FILE.csv, simplify:FILE, jsonl:PATH, json:PATH, csv:PATH "
                              "(docs/SOURCES.md). URLs with an API's own path shape "
                              "(.../v1/boards/T/jobs, .../v0/postings/S, .../posting-api/job-board/O) are recognised "
                              "on any host; .zst and .gz are read directly; URLs are fetched concurrently. Untyped files "
                              "whose content is not postings (a salary survey, a company list) are skipped with a "
                              "warning; give a type to read them anyway.");
  if (sources_required) opt->required();
  cmd->add_option("--map", a.map, "Column mapping for CSV/JSONL: FIELD=COLUMN (repeatable), e.g. --map title=job_title");
  cmd->add_option("--source-name", a.source_name, "Source name stored with the postings (default: the format's name)");
  cmd->add_option("--delimiter", a.delimiter, "CSV delimiter (default: detected from the header)");
  cmd->add_option("--threads", a.threads, "Worker threads (default: all cores)");
  cmd->add_flag("--quiet,-q", a.quiet, "Print only what stops the run and sources that could not be read (bad records are still quarantined, without a line each)");
  cmd->add_flag("--no-progress", a.no_progress, "Never draw a progress line");
}

Result<std::vector<SourceSpec>> BuildSpecs(const PipelineArgs& a) {
  std::map<std::string, std::string> mapping;
  for (const auto& m : a.map) {
    size_t eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) {
      return InvalidArgument("--map expects FIELD=COLUMN, got '" + m + "'");
    }
    mapping[m.substr(0, eq)] = m.substr(eq + 1);
  }
  std::vector<SourceSpec> specs;
  for (const auto& s : a.sources) {
    SP_ASSIGN_OR_RETURN(SourceSpec spec, ParseSourceSpec(s));
    spec.mapping = mapping;
    spec.name = a.source_name;
    if (!a.delimiter.empty()) spec.csv_delimiter = a.delimiter == "\\t" || a.delimiter == "tab" ? '\t' : a.delimiter[0];
    specs.push_back(std::move(spec));
  }
  return specs;
}

// Exit status: 0 when anything was read; 1 when nothing could be read and something failed.
int ExitCode(const RunSummary& s, const Diagnostics& diag) {
  if (s.postings > 0) return 0;
  if (!s.failures.empty() || s.quarantined > 0 || diag.warning_count() > 0) return 1;
  return 0;
}

void PrintFailures(const RunSummary& s) {
  for (const auto& f : s.failures) std::fprintf(stderr, "skillpulse: could not read %s\n", f.c_str());
}

// Options of ingest only: live sources.
struct IngestArgs {
  std::string config;      // sources.toml
  std::string archive;     // record every response here
  std::string replay;      // answer every request from this recorded run
  std::string fetch_state; // conditional-request state; default beside the store
  bool no_conditional = false;
  bool all = false;        // ignore refresh intervals
  std::string stats_json;  // write the run's counts and timings here as one JSON object
};

double ProcessCpuSeconds();

// The run's counts for scripts (--stats-json; bench/pipeline.sh reads it): one JSON object.
// "jobs" counts distinct job ids over the whole store after the run (dedup): Store::CountJobs,
// one scan in the database, only when asked.
// "warnings" lists every warning of the run (skipped files, failed sources), also those the
// terminal did not show.
Status WriteStatsJson(const std::string& path, const RunSummary& s, const WriteStats& ws, Store& store, double wall_s,
                      const Diagnostics& diag) {
  SP_ASSIGN_OR_RETURN(const int64_t store_postings, store.CountPostings());
  SP_ASSIGN_OR_RETURN(const int64_t jobs, store.CountJobs());
  std::FILE* f = path == "-" ? stdout : std::fopen(path.c_str(), "w");
  if (f == nullptr) return IoError(path + ": cannot write --stats-json");
  std::fprintf(f,
               "{\"postings_parsed\": %lld, \"documents\": %lld, \"bytes\": %lld, \"quarantined\": %lld, "
               "\"failed_documents\": %lld, \"postings_new\": %lld, \"postings_updated\": %lld, "
               "\"postings_unchanged\": %lld, \"rows_written\": %lld, \"store_postings\": %lld, \"jobs\": %lld, "
               "\"dedup_postings\": %lld, \"jobs_changed\": %lld, \"enrich_cache_hits\": %lld, "
               "\"enrich_cache_misses\": %lld, \"skill_cache_hits\": %lld, \"skill_cache_misses\": %lld, "
               "\"dedup_s\": %.3f, \"dedup_load_s\": %.3f, "
               "\"dedup_cluster_s\": %.3f, \"dedup_write_s\": %.3f, \"pipeline_s\": %.3f, \"wall_s\": %.3f, "
               "\"cpu_s\": %.3f, \"stage_cpu_s\": {\"fetch\": %.3f, \"parse\": %.3f, \"finalize\": %.3f, "
               "\"enrich\": %.3f, \"prepare\": %.3f, \"write\": %.3f, \"dedup\": %.3f}, ",
               static_cast<long long>(s.postings), static_cast<long long>(s.documents), static_cast<long long>(s.bytes),
               static_cast<long long>(s.quarantined), static_cast<long long>(s.failed_documents),
               static_cast<long long>(ws.postings_new), static_cast<long long>(ws.postings_updated),
               static_cast<long long>(ws.postings_unchanged),
               static_cast<long long>(ws.postings_new + ws.postings_updated), static_cast<long long>(store_postings),
               static_cast<long long>(jobs), static_cast<long long>(ws.dedup_postings),
               static_cast<long long>(ws.jobs_changed), static_cast<long long>(s.enrich_cache_hits),
               static_cast<long long>(s.enrich_cache_misses), static_cast<long long>(s.skill_cache_hits),
               static_cast<long long>(s.skill_cache_misses), ws.dedup_s, ws.dedup_load_s, ws.dedup_cluster_s,
               ws.dedup_write_s, s.elapsed_s, wall_s, ProcessCpuSeconds(), s.fetch.loop_cpu_s, s.stage_cpu.parse_s,
               s.stage_cpu.finalize_s, s.stage_cpu.enrich_s, s.stage_cpu.prepare_s, s.stage_cpu.write_s,
               ws.dedup_cpu_s);
  std::string warnings = "\"warnings\": [";
  for (const std::string& w : diag.warnings()) {
    if (warnings.back() != '[') warnings += ", ";
    JsonWriter::AppendQuoted(warnings, w);
  }
  warnings += "]}\n";
  std::fputs(warnings.c_str(), f);
  if (f != stdout && std::fclose(f) != 0) return IoError(path + ": cannot write --stats-json");
  return Status::Ok();
}

double ProcessCpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int RunIngest(const PipelineArgs& a, const IngestArgs& ia, const StoreOptions& store_opts) {
  const SourceRegistry& registry = SourceRegistry::Builtin();
  if (!ia.replay.empty() && !ia.archive.empty()) {
    PrintError("--archive and --replay do not go together (a replay fetches nothing new)");
    return 2;
  }
  auto specs = BuildSpecs(a);
  if (!specs.ok()) {
    PrintError(specs.status().message());
    return 2;
  }
  FetchSessionOptions fopt;
  SourcesConfig config;
  if (!ia.config.empty()) {
    auto c = LoadSourcesConfig(ia.config);
    if (!c.ok()) {
      PrintError(c.status().message());
      return 2;
    }
    config = std::move(c).value();
    auto problems = ValidateSourcesConfig(config, registry);
    if (!problems.empty()) {
      for (const auto& p : problems) PrintError(ia.config + ": " + p);
      return 2;
    }
  }
  fopt.fetcher = config.fetcher;
  fopt.fetcher.user_agent = config.UserAgentHeader();

  // Conditional-request and refresh state (not used by a replay, which must repeat its run).
  // Beside the SQLite file; for PostgreSQL in the working directory (or --fetch-state).
  const std::string state_path =
      !ia.fetch_state.empty() ? ia.fetch_state : FetchStatePathFor(store_opts.use_pg ? "skillpulse-pg" : store_opts.db);
  FetchState state;
  if (ia.replay.empty()) {
    auto st = FetchState::Load(state_path);
    if (!st.ok()) {
      PrintError(st.status().message() + " (delete the file to start over)");
      return 1;
    }
    state = std::move(st).value();
    if (!ia.no_conditional) fopt.state = std::make_shared<const FetchState>(state);
  }

  int64_t not_due = 0;
  const int64_t now_ms = NowMs();
  for (const SourceEntry& e : config.sources) {
    if (!e.enabled) continue;
    if (e.refresh_s > 0 && !ia.all) {
      int64_t last = state.LastSuccessMs(RefreshKey(e, registry));
      if (last > 0 && now_ms - last < e.refresh_s * 1000) {
        ++not_due;
        continue;
      }
    }
    auto spec = ToSourceSpec(e, config, registry);
    if (!spec.ok()) {
      PrintError(ia.config + ":" + std::to_string(e.line) + ": " + spec.status().message());
      return 2;
    }
    specs->push_back(std::move(spec).value());
  }

  std::unique_ptr<ArchiveReplay> replay;
  if (!ia.replay.empty()) {
    auto r = ArchiveReplay::Open(ia.replay);
    if (!r.ok()) {
      PrintError(r.status().message());
      return 1;
    }
    replay = std::move(r).value();
    FetchSessionOptions recorded;
    auto recorded_specs = SpecsFromArchivedRun(replay->header().run_json, recorded);
    if (!recorded_specs.ok()) {
      PrintError(replay->manifest_path() + ": " + recorded_specs.status().message());
      return 1;
    }
    fopt.hn_algolia_api = recorded.hn_algolia_api;
    fopt.hn_firebase_api = recorded.hn_firebase_api;
    if (specs->empty()) *specs = std::move(recorded_specs).value();
    fopt.fetcher.replay = replay.get();
    if (!a.quiet) {
      std::fprintf(stderr, "replaying %s (%zu recorded responses, %zu sources)\n", replay->manifest_path().c_str(),
                   replay->size(), specs->size());
    }
  }
  if (specs->empty()) {
    if (not_due > 0) {
      if (!a.quiet) std::fprintf(stderr, "nothing to do: %lld sources not due yet (refresh interval; --all fetches them)\n",
                                 static_cast<long long>(not_due));
      return 0;
    }
    PrintError("no sources: give files/URLs, --config sources.toml or --replay ARCHIVE");
    return 2;
  }

  auto store = OpenStore(store_opts);
  if (!store.ok()) {
    PrintError(store.status().message());
    return 1;
  }
  auto enricher = PostingEnricher::Create();
  if (!enricher.ok()) {
    PrintError(enricher.status().message());
    return 1;
  }
  FetchSession probe(fopt);  // resolves the HN API defaults for the archive header
  fopt.hn_algolia_api = probe.options().hn_algolia_api;
  fopt.hn_firebase_api = probe.options().hn_firebase_api;

  std::unique_ptr<ArchiveWriter> archive;
  if (!ia.archive.empty()) {
    ArchiveRunHeader header;
    header.started_at_ms = now_ms;
    header.tool_version = kVersion;
    std::vector<SourceSpec> resolved = *specs;
    for (SourceSpec& s : resolved) {
      if (s.name.empty()) s.name = DefaultListingName(s, registry);
    }
    header.run_json = DescribeRunForArchive(resolved, fopt);
    auto w = ArchiveWriter::Create(ia.archive, header);
    if (!w.ok()) {
      PrintError(w.status().message());
      return 1;
    }
    archive = std::move(w).value();
    fopt.fetcher.archive = archive.get();
  }
  FetchSession session(fopt);

  RunInfo run;
  for (const auto& s : *specs) run.sources.push_back(s.raw.empty() ? s.location : s.raw);
  run.started_at = now_ms / 1000;
  run.tool_version = kVersion;
  run.fx_date = (*enricher)->fx().date();
  auto sink = MakeStoreSink(**store, run, (*enricher)->taxonomy());
  RunnerOptions opts;
  opts.threads = a.threads;
  opts.progress = !a.quiet && !a.no_progress && StderrIsTty();
  opts.fetch = &session;
  Diagnostics diag(a.quiet ? nullptr : stderr);
  Runner runner(*specs, **enricher, *sink, opts);
  auto summary = runner.Run(diag);
  Status archived = archive ? archive->Close() : Status::Ok();
  if (!summary.ok()) {
    PrintError(summary.status().message());
    return 1;
  }
  if (!archived.ok()) PrintError("archive: " + archived.message());
  // The store committed: remember validators and success times for the next run.
  if (!replay && summary->listings > 0) {
    FetchState next = state;
    session.RecordState(next, summary->unreadable_listings);
    Status saved = next.Save(state_path);
    if (!saved.ok()) PrintError("fetch state: " + saved.message());
  }
  const WriteStats& ws = (*store)->stats();
  if (!a.quiet) {
    double rate = summary->elapsed_s > 0 ? static_cast<double>(summary->postings) / summary->elapsed_s : 0;
    std::fprintf(stderr, "ingested %s postings from %s document%s in %.2f s (%s/s) into %s\n",
                 FormatCount(summary->postings).c_str(), FormatCount(summary->documents).c_str(),
                 summary->documents == 1 ? "" : "s", summary->elapsed_s, FormatCount(static_cast<int64_t>(rate)).c_str(),
                 DescribeStore(store_opts).c_str());
    std::fprintf(stderr, "  %s new, %s updated, %s unchanged; %s quarantined", FormatCount(ws.postings_new).c_str(),
                 FormatCount(ws.postings_updated).c_str(), FormatCount(ws.postings_unchanged).c_str(),
                 FormatCount(summary->quarantined).c_str());
    if (int64_t d = diag.counter("hn.deleted_comments"); d > 0) {
      std::fprintf(stderr, "; %s deleted HN comments skipped", FormatCount(d).c_str());
    }
    std::fprintf(stderr, "\n");
    if (summary->listings > 0) {
      const FetcherStats& f = summary->fetch;
      double fetch_cpu = f.loop_cpu_s + (archive ? archive->cpu_seconds() : 0);
      std::fprintf(stderr,
                   "  fetched %s live source%s: %s failed, %s unchanged (304); %s requests, %s retries, %.1f MB; "
                   "%s postings closed, %s kept open; fetch CPU %.2f s of %.2f s\n",
                   FormatCount(summary->listings).c_str(), summary->listings == 1 ? "" : "s",
                   FormatCount(summary->listings_failed).c_str(), FormatCount(summary->listings_unchanged).c_str(),
                   FormatCount(f.succeeded + f.failed).c_str(), FormatCount(f.retries).c_str(),
                   static_cast<double>(f.body_bytes) / (1 << 20), FormatCount(summary->postings_closed).c_str(),
                   FormatCount(summary->postings_touched).c_str(), fetch_cpu, ProcessCpuSeconds());
    }
    if (not_due > 0) {
      std::fprintf(stderr, "  %s source%s not due yet (refresh interval; --all fetches them)\n",
                   FormatCount(not_due).c_str(), not_due == 1 ? "" : "s");
    }
    if (archive) std::fprintf(stderr, "  responses archived in %s\n", archive->manifest_path().c_str());
    const std::string list_quarantine = "skillpulse quarantine list " + StoreFlagForShell(store_opts);
    diag.PrintSuppressedNotice(list_quarantine + " --limit 0", "--stats-json FILE lists them all");
    if (summary->quarantined > 0 && diag.suppressed_errors() == 0) {
      std::fprintf(stderr, "  see: %s\n", list_quarantine.c_str());
    }
  }
  if (!ia.stats_json.empty()) {
    const double wall_s =
        static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count() -
                            now_ms) /
        1000.0;
    Status st = WriteStatsJson(ia.stats_json, *summary, ws, **store, wall_s, diag);
    if (!st.ok()) PrintError(st.message());
  }
  PrintFailures(*summary);
  return ExitCode(*summary, diag);
}

int RunExtract(const PipelineArgs& a, const std::string& out_path, const std::string& quarantine_path) {
  auto specs = BuildSpecs(a);
  if (!specs.ok()) {
    PrintError(specs.status().message());
    return 2;
  }
  auto enricher = PostingEnricher::Create();
  if (!enricher.ok()) {
    PrintError(enricher.status().message());
    return 1;
  }
  FILE* out = stdout;
  if (!out_path.empty() && out_path != "-") {
    out = std::fopen(out_path.c_str(), "wb");
    if (out == nullptr) {
      PrintError(out_path + ": cannot open for writing");
      return 1;
    }
  }
  FILE* quarantine = nullptr;
  if (!quarantine_path.empty()) {
    quarantine = quarantine_path == "-" ? stderr : std::fopen(quarantine_path.c_str(), "wb");
    if (quarantine == nullptr) {
      PrintError(quarantine_path + ": cannot open for writing");
      if (out != stdout) std::fclose(out);
      return 1;
    }
  }
  auto sink = MakeJsonlSink(out, (*enricher)->taxonomy(), quarantine);
  RunnerOptions opts;
  opts.threads = a.threads;
  opts.progress = !a.quiet && !a.no_progress && StderrIsTty() && out != stdout;
  opts.progress_label = "extract";
  Diagnostics diag(a.quiet ? nullptr : stderr);
  Runner runner(*specs, **enricher, *sink, opts);
  auto summary = runner.Run(diag);
  if (out != stdout) std::fclose(out);
  if (quarantine != nullptr && quarantine != stderr) std::fclose(quarantine);
  if (!summary.ok()) {
    PrintError(summary.status().message());
    return 1;
  }
  if (!a.quiet && out != stdout) {
    std::fprintf(stderr, "extracted %s postings (%s quarantined) in %.2f s -> %s\n", FormatCount(summary->postings).c_str(),
                 FormatCount(summary->quarantined).c_str(), summary->elapsed_s, out_path.c_str());
  }
  diag.PrintSuppressedNotice(
      quarantine_path.empty() ? "--quarantine FILE keeps every one" : "all are in " + quarantine_path, "");
  PrintFailures(*summary);
  return ExitCode(*summary, diag);
}

}  // namespace

void RegisterIngest(CLI::App& app, CommandLine& cli) {
  auto* cmd = app.add_subcommand("ingest", "Read postings from sources, enrich them and store them (idempotent)");
  auto args = std::make_shared<PipelineArgs>();
  auto ia = std::make_shared<IngestArgs>();
  auto store = std::make_shared<StoreOptions>();
  AddPipelineOptions(cmd, *args, /*sources_required=*/false);
  AddStoreOptions(cmd, *store);
  cmd->add_option("--config", ia->config, "Live sources and fetch settings (sources.toml; see config/sources.example.toml)");
  cmd->add_option("--archive", ia->archive,
                  "Record every HTTP response in this archive directory (content-addressed, zstd; docs/FETCHING.md)");
  cmd->add_option("--replay", ia->replay,
                  "Reproduce a recorded run offline: an archive directory (its newest run) or ARCHIVE/runs/RUN.jsonl");
  cmd->add_option("--fetch-state", ia->fetch_state,
                  "ETag/Last-Modified and refresh state (default: DB.fetch-state.jsonl beside the store)");
  cmd->add_flag("--no-conditional", ia->no_conditional, "Fetch every URL in full (no If-None-Match/If-Modified-Since)");
  cmd->add_flag("--all", ia->all, "Fetch every configured source, even those not due by their refresh interval");
  cmd->add_option("--stats-json", ia->stats_json,
                  "Write the run's counts and timings as one JSON object to this file ('-' = standard output): "
                  "postings_parsed, rows_written, jobs (distinct jobs in the store), enrich_cache_hits/misses, skill_cache_hits/misses (postings the first cache missed whose description's "
                  "skills were known from another posting), dedup "
                  "and pipeline seconds, "
                  "stage_cpu_s: CPU seconds per stage (fetch, parse, finalize, enrich, prepare, write, dedup), "
                  "and warnings: every warning of the run (the terminal shows the first 20)");
  cmd->callback([&cli, args, ia, store] { cli.run = [args, ia, store] { return RunIngest(*args, *ia, *store); }; });
}

void RegisterExtract(CLI::App& app, CommandLine& cli) {
  auto* cmd = app.add_subcommand("extract", "Parse and enrich postings without storing them; write JSONL");
  auto args = std::make_shared<PipelineArgs>();
  auto out = std::make_shared<std::string>();
  AddPipelineOptions(cmd, *args);
  auto quarantine = std::make_shared<std::string>();
  cmd->add_option("--out,-o", *out, "Output file (default: standard output)");
  cmd->add_option("--quarantine", *quarantine,
                  "Also write every record that could not be read to this file, one JSON object per line: "
                  "source, origin, line, offset, reason, excerpt (the columns of ingest's quarantine table)");
  cmd->callback([&cli, args, out, quarantine] {
    cli.run = [args, out, quarantine] { return RunExtract(*args, *out, *quarantine); };
  });
}

}  // namespace skillpulse
