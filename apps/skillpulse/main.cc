// skillpulse: one binary, one subcommand per task. Each command is a function below that
// parses nothing itself (CLI11 does) and calls the library.
#include <unistd.h>
#if defined(__GLIBC__) && !defined(SP_JEMALLOC)
#include <malloc.h>
#endif

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace skillpulse;
#if defined(__GLIBC__) && !defined(SP_JEMALLOC)
  // Without jemalloc (allocator.cc; sanitizer builds, SP_JEMALLOC=OFF): glibc's defaults keep
  // freed memory resident: the mmap threshold rises to the largest block ever freed (up to
  // 32 MiB), so later read buffers and big strings come from the arenas and stay there, and up
  // to 8 arenas per core hold free pages each. A fixed 256 KiB threshold and one arena per core
  // cut ingest's peak RSS on the 250k benchmark corpus from 414 to 262 MB at the same CPU time
  // (docs/BENCHMARKS.md, memory).
  mallopt(M_MMAP_THRESHOLD, 256 << 10);
  mallopt(M_ARENA_MAX, static_cast<int>(std::max(2u, std::thread::hardware_concurrency())));
#endif
  CLI::App app{
      "skillpulse: job-market numbers you can check.\n"
      "Ingests job postings (Hacker News \"Who is hiring?\", ATS boards, CSV/JSONL dumps), extracts skills,\n"
      "salary, seniority, work mode and location, and answers questions like \"Go vs Rust\"."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("skillpulse ") + kVersion);
  CommandLine cli;
  RegisterIngest(app, cli);
  RegisterExtract(app, cli);
  RegisterReports(app, cli);
  RegisterSkills(app, cli);
  RegisterQuarantine(app, cli);
  RegisterSources(app, cli);
  RegisterJobs(app, cli);
  RegisterWorker(app, cli);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;  // usage error
  }
  try {
    return cli.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "skillpulse: internal error: %s\n", e.what());
    return 70;  // EX_SOFTWARE
  }
}
