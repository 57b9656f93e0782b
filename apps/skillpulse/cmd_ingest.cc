// skillpulse ingest / extract: run the data path into the store or to JSONL.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <thread>

#include "commands.h"
#include "core/text.h"
#include "enrich/enricher.h"
#include "pipeline/runner.h"
#include "pipeline/sink.h"
#include "sources/source.h"
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

std::string Thousands(int64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

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

void AddPipelineOptions(CLI::App* cmd, PipelineArgs& a) {
  cmd->add_option("sources", a.sources,
                  "Files, directories, archives (.tar.zst) or URLs; optionally typed: hn:PATH, ashby:PATH, "
                  "jsonl:PATH, csv:PATH, hn:latest[:N], hn:THREAD_ID. .zst and .gz are read directly.")
      ->required();
  cmd->add_option("--map", a.map, "Column mapping for CSV/JSONL: FIELD=COLUMN (repeatable), e.g. --map title=job_title");
  cmd->add_option("--source-name", a.source_name, "Source name stored with the postings (default: the format's name)");
  cmd->add_option("--delimiter", a.delimiter, "CSV delimiter (default: detected from the header)");
  cmd->add_option("--threads", a.threads, "Worker threads (default: all cores)");
  cmd->add_flag("--quiet,-q", a.quiet, "Print only errors");
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

int RunIngest(const PipelineArgs& a, const StoreOptions& store_opts) {
  auto specs = BuildSpecs(a);
  if (!specs.ok()) {
    PrintError(specs.status().message());
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
  RunInfo run;
  run.sources = a.sources;
  run.started_at = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  run.tool_version = kVersion;
  run.fx_date = (*enricher)->fx().date();
  auto sink = MakeStoreSink(**store, run, (*enricher)->taxonomy());
  RunnerOptions opts;
  opts.threads = a.threads;
  opts.progress = !a.quiet && !a.no_progress && StderrIsTty();
  Diagnostics diag(a.quiet ? nullptr : stderr);
  Runner runner(*specs, **enricher, *sink, opts);
  auto summary = runner.Run(diag);
  if (!summary.ok()) {
    PrintError(summary.status().message());
    return 1;
  }
  const WriteStats& ws = (*store)->stats();
  if (!a.quiet) {
    double rate = summary->elapsed_s > 0 ? static_cast<double>(summary->postings) / summary->elapsed_s : 0;
    std::fprintf(stderr, "ingested %s postings from %s document%s in %.2f s (%s/s) into %s\n",
                 Thousands(summary->postings).c_str(), Thousands(summary->documents).c_str(),
                 summary->documents == 1 ? "" : "s", summary->elapsed_s, Thousands(static_cast<int64_t>(rate)).c_str(),
                 DescribeStore(store_opts).c_str());
    std::fprintf(stderr, "  %s new, %s updated, %s unchanged; %s quarantined", Thousands(ws.postings_new).c_str(),
                 Thousands(ws.postings_updated).c_str(), Thousands(ws.postings_unchanged).c_str(),
                 Thousands(summary->quarantined).c_str());
    if (int64_t d = diag.counter("hn.deleted_comments"); d > 0) {
      std::fprintf(stderr, "; %s deleted HN comments skipped", Thousands(d).c_str());
    }
    std::fprintf(stderr, "\n");
    if (summary->quarantined > 0) {
      std::fprintf(stderr, "  see: skillpulse quarantine list %s\n", StoreFlagForShell(store_opts).c_str());
    }
  }
  PrintFailures(*summary);
  return ExitCode(*summary, diag);
}

int RunExtract(const PipelineArgs& a, const std::string& out_path) {
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
  auto sink = MakeJsonlSink(out, (*enricher)->taxonomy());
  RunnerOptions opts;
  opts.threads = a.threads;
  opts.progress = !a.quiet && !a.no_progress && StderrIsTty() && out != stdout;
  opts.progress_label = "extract";
  Diagnostics diag(a.quiet ? nullptr : stderr);
  Runner runner(*specs, **enricher, *sink, opts);
  auto summary = runner.Run(diag);
  if (out != stdout) std::fclose(out);
  if (!summary.ok()) {
    PrintError(summary.status().message());
    return 1;
  }
  if (!a.quiet && out != stdout) {
    std::fprintf(stderr, "extracted %s postings (%s quarantined) in %.2f s -> %s\n", Thousands(summary->postings).c_str(),
                 Thousands(summary->quarantined).c_str(), summary->elapsed_s, out_path.c_str());
  }
  PrintFailures(*summary);
  return ExitCode(*summary, diag);
}

}  // namespace

void RegisterIngest(CLI::App& app, CommandLine& cli) {
  auto* cmd = app.add_subcommand("ingest", "Read postings from sources, enrich them and store them (idempotent)");
  auto args = std::make_shared<PipelineArgs>();
  auto store = std::make_shared<StoreOptions>();
  AddPipelineOptions(cmd, *args);
  AddStoreOptions(cmd, *store);
  cmd->callback([&cli, args, store] { cli.run = [args, store] { return RunIngest(*args, *store); }; });
}

void RegisterExtract(CLI::App& app, CommandLine& cli) {
  auto* cmd = app.add_subcommand("extract", "Parse and enrich postings without storing them; write JSONL");
  auto args = std::make_shared<PipelineArgs>();
  auto out = std::make_shared<std::string>();
  AddPipelineOptions(cmd, *args);
  cmd->add_option("--out,-o", *out, "Output file (default: standard output)");
  cmd->callback([&cli, args, out] { cli.run = [args, out] { return RunExtract(*args, *out); }; });
}

}  // namespace skillpulse
