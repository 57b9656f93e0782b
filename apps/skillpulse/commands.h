// The CLI's commands. Each Register* adds a subcommand whose callback sets CommandLine::run.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace skillpulse {

inline constexpr const char* kVersion = "0.1.0";

struct CommandLine {
  std::function<int()> run;
};

// The store every read/write command uses: --db FILE, else $SKILLPULSE_DB, else
// ./skillpulse.db.
std::string DefaultDbPath();
// True when stderr is a terminal (progress bars).
bool StderrIsTty();
// Prints "skillpulse: error: <message>" to stderr.
void PrintError(const std::string& message);

void RegisterIngest(CLI::App& app, CommandLine& cli);      // ingest, extract
void RegisterExtract(CLI::App& app, CommandLine& cli);
void RegisterReports(CLI::App& app, CommandLine& cli);     // compare, trend
void RegisterSkills(CLI::App& app, CommandLine& cli);      // skills list|show
void RegisterQuarantine(CLI::App& app, CommandLine& cli);  // quarantine list
void RegisterSources(CLI::App& app, CommandLine& cli);     // sources list|add|check
void RegisterJobs(CLI::App& app, CommandLine& cli);        // jobs show|export|monthly, dedup stats|rebuild
void RegisterWorker(CLI::App& app, CommandLine& cli);      // schedule, worker (PostgreSQL task queue)

}  // namespace skillpulse
