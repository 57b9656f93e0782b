// skillpulse schedule / worker: scale-out fetching through a task queue in PostgreSQL
// (store/postgres/pg_tasks.h, docs/SCALING.md "Workers").
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>

#include "commands.h"
#include "core/input.h"
#include "enrich/enricher.h"
#include "pipeline/runner.h"
#include "pipeline/sink.h"
#include "sources/fetch/fetch_state.h"
#include "sources/fetch/session.h"
#include "sources/source.h"
#include "sources/source_config.h"
#include "store/postgres/pg_tasks.h"
#include "store/postgres/postgres_store.h"

namespace skillpulse {
namespace {

struct ScheduleArgs {
  std::string pg;
  std::string config;
  std::string default_refresh = "1h";
  bool due_now = false;
  bool quiet = false;
};

// The task queue in the PostgreSQL store at `pg`, after opening the store once (which creates
// or migrates the schema, task table included).
Result<std::unique_ptr<pg::TaskQueue>> OpenQueue(const std::string& pg) {
  SP_TRY(OpenPostgresStore(pg).status());
  return pg::TaskQueue::Connect(pg);
}

int RunSchedule(const ScheduleArgs& a) {
  const SourceRegistry& registry = SourceRegistry::Builtin();
  auto text = ReadWholeFile(a.config, size_t{64} << 20);
  if (!text.ok()) {
    PrintError(text.status().message());
    return 2;
  }
  auto config = ParseSourcesConfig(*text, a.config);
  if (!config.ok()) {
    PrintError(config.status().message());
    return 2;
  }
  auto problems = ValidateSourcesConfig(*config, registry);
  for (const auto& p : problems) PrintError(a.config + ": " + p);
  if (!problems.empty()) return 2;
  auto default_refresh_s = ParseDurationSeconds(a.default_refresh);
  if (!default_refresh_s || *default_refresh_s <= 0) {
    PrintError("--default-refresh: expected a positive duration such as 90s, 30m, 6h, 1d");
    return 2;
  }
  std::vector<pg::TaskSpec> tasks;
  for (const SourceEntry& e : config->sources) {
    if (!e.enabled) continue;
    auto spec = ToSourceSpec(e, *config, registry);  // the worker will need it to work
    if (!spec.ok()) {
      PrintError(a.config + ":" + std::to_string(e.line) + ": " + spec.status().message());
      return 2;
    }
    tasks.push_back({RefreshKey(e, registry), e.Label(), e.refresh_s > 0 ? e.refresh_s : *default_refresh_s});
  }
  auto queue = OpenQueue(a.pg);
  if (!queue.ok()) {
    PrintError(queue.status().message());
    return 1;
  }
  auto counts = (*queue)->Schedule(*text, tasks, a.due_now);
  if (!counts.ok()) {
    PrintError(counts.status().message());
    return 1;
  }
  if (!a.quiet) {
    std::fprintf(stderr, "scheduled %zu sources in postgres %s: %lld new, %lld updated, %lld disabled\n", tasks.size(),
                 (*queue)->Describe().c_str(), static_cast<long long>(counts->added),
                 static_cast<long long>(counts->updated), static_cast<long long>(counts->disabled));
  }
  return 0;
}

struct WorkerArgs {
  std::string pg;
  bool once = false;
  bool until_idle = false;
  int64_t lease_s = 60;
  int threads = 0;
  int64_t poll_ms = 1000;
  pg::RetryPolicy retry;
  bool no_conditional = false;
  bool quiet = false;
};

// Renews the lease of the running task every lease/3 on its own connection (libpq
// connections are single-threaded), until stopped.
class Heartbeat {
 public:
  Heartbeat(pg::TaskQueue& queue, const pg::ClaimedTask& task, const std::string& owner, int64_t lease_s)
      : thread_([this, &queue, &task, &owner, lease_s] {
          const auto every = std::chrono::milliseconds(std::max<int64_t>(200, lease_s * 1000 / 3));
          std::unique_lock lock(mu_);
          while (!cv_.wait_for(lock, every, [this] { return stop_; })) {
            lock.unlock();
            auto held = queue.Renew(task.task_id, owner, lease_s);
            lock.lock();
            if (!held.ok()) {
              std::fprintf(stderr, "skillpulse: worker: lease renewal of %s failed: %s\n", task.key.c_str(),
                           held.status().message().c_str());
            } else if (!*held) {
              std::fprintf(stderr, "skillpulse: worker: lost the lease of %s (another worker took it over)\n",
                           task.key.c_str());
              return;
            }
          }
        }) {}
  ~Heartbeat() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: starts after the members it uses exist
};

struct TaskOutcome {
  int64_t postings = 0;
  std::optional<std::string> fetch_state;  // to save with the task (validators of this run)
  int64_t unchanged = 0;                    // listings that answered 304 Not Modified
};

// Runs one claimed task: the ingest pipeline for its one source into the PostgreSQL store,
// with conditional requests from the task's saved fetch state (unless --no-conditional).
// Returns what it read, or why the run failed.
Result<TaskOutcome> RunTask(const WorkerArgs& a, const pg::ClaimedTask& task, const PostingEnricher& enricher) {
  const SourceRegistry& registry = SourceRegistry::Builtin();
  SP_ASSIGN_OR_RETURN(SourcesConfig config, ParseSourcesConfig(task.config_toml, "task " + task.key));
  const SourceEntry* entry = nullptr;
  for (const SourceEntry& e : config.sources) {
    if (e.enabled && RefreshKey(e, registry) == task.key) entry = &e;
  }
  if (entry == nullptr) return NotFound("its scheduled config has no enabled source " + task.key);
  SP_ASSIGN_OR_RETURN(SourceSpec spec, ToSourceSpec(*entry, config, registry));

  FetchSessionOptions fopt;
  fopt.fetcher = config.fetcher;
  fopt.fetcher.user_agent = config.UserAgentHeader();
  // The state an unreadable saved text would give is none: the run then fetches in full.
  FetchState state;
  if (!task.fetch_state.empty()) {
    auto parsed = FetchState::Parse(task.fetch_state);
    if (parsed.ok()) {
      state = std::move(parsed).value();
    } else {
      std::fprintf(stderr, "skillpulse: worker: %s: saved fetch state ignored: %s\n", task.key.c_str(),
                   parsed.status().message().c_str());
    }
  }
  if (!a.no_conditional) fopt.state = std::make_shared<const FetchState>(state);
  FetchSession session(fopt);
  SP_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenPostgresStore(a.pg));
  RunInfo run;
  run.sources.push_back(spec.raw.empty() ? spec.location : spec.raw);
  run.started_at = static_cast<int64_t>(std::time(nullptr));
  run.tool_version = kVersion;
  run.fx_date = enricher.fx().date();
  auto sink = MakeStoreSink(*store, run, enricher.taxonomy());
  RunnerOptions opts;
  opts.threads = a.threads;
  opts.fetch = &session;
  Diagnostics diag(nullptr);
  Runner runner({spec}, enricher, *sink, opts);
  SP_ASSIGN_OR_RETURN(RunSummary summary, runner.Run(diag));
  if (summary.listings_failed > 0 || !summary.unreadable_listings.empty() || summary.failed_documents > 0) {
    std::string why;
    for (const auto& f : summary.failures) why += (why.empty() ? "" : "; ") + f;
    return Unavailable(why.empty() ? "the source could not be read" : why);
  }
  TaskOutcome out;
  out.postings = summary.postings;
  out.unchanged = summary.listings_unchanged;
  if (!a.no_conditional) {
    FetchState next = state;
    session.RecordState(next, summary.unreadable_listings);
    out.fetch_state = next.Serialize();
  }
  return out;
}

std::string WorkerName() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid());
}

int RunWorker(const WorkerArgs& a) {
  if (a.lease_s <= 0 || a.poll_ms <= 0) {
    PrintError("--lease-s and --poll-ms must be positive");
    return 2;
  }
  auto queue = OpenQueue(a.pg);
  if (!queue.ok()) {
    PrintError(queue.status().message());
    return 1;
  }
  auto beat_queue = pg::TaskQueue::Connect(a.pg);  // the heartbeat's own connection
  if (!beat_queue.ok()) {
    PrintError(beat_queue.status().message());
    return 1;
  }
  auto enricher = PostingEnricher::Create();
  if (!enricher.ok()) {
    PrintError(enricher.status().message());
    return 1;
  }
  const std::string owner = WorkerName();
  int64_t done = 0, failed = 0;
  const auto started = std::chrono::steady_clock::now();
  for (;;) {
    auto claimed = (*queue)->Claim(owner, a.lease_s);
    if (!claimed.ok()) {
      PrintError("worker: " + claimed.status().message());
      return 1;
    }
    if (!claimed->has_value()) {
      if (a.once) break;
      if (a.until_idle) {
        auto counts = (*queue)->Counts();
        if (!counts.ok()) {
          PrintError("worker: " + counts.status().message());
          return 1;
        }
        if (counts->idle()) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(a.poll_ms));
      continue;
    }
    const pg::ClaimedTask& task = **claimed;
    const auto t0 = std::chrono::steady_clock::now();
    Result<TaskOutcome> outcome = [&] {
      Heartbeat beat(**beat_queue, task, owner, a.lease_s);
      return RunTask(a, task, **enricher);
    }();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    Result<bool> recorded =
        outcome.ok() ? (*queue)->Complete(task.task_id, owner, outcome->postings, outcome->fetch_state)
                     : (*queue)->Fail(task.task_id, owner, outcome.status().message(), a.retry);
    if (!recorded.ok()) {
      PrintError("worker: " + recorded.status().message());
      return 1;
    }
    ++(outcome.ok() ? done : failed);
    if (!a.quiet) {
      if (outcome.ok()) {
        std::fprintf(stderr, "%s: %s: %lld postings in %.2f s (claim %lld)%s%s\n", owner.c_str(), task.key.c_str(),
                     static_cast<long long>(outcome->postings), secs, static_cast<long long>(task.claims),
                     outcome->unchanged > 0 ? "; not modified since the last run" : "",
                     *recorded ? "" : "; lease lost meanwhile, not recorded");
      } else {
        std::fprintf(stderr, "%s: %s failed after %.2f s (attempt %d): %s\n", owner.c_str(), task.key.c_str(), secs,
                     task.attempts + 1, outcome.status().message().c_str());
      }
    }
    if (a.once) break;
  }
  if (!a.quiet) {
    std::fprintf(stderr, "%s: %lld tasks done, %lld failed in %.2f s\n", owner.c_str(), static_cast<long long>(done),
                 static_cast<long long>(failed),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return 0;
}

}  // namespace

void RegisterWorker(CLI::App& app, CommandLine& cli) {
  {
    auto* cmd = app.add_subcommand("schedule", "Load sources.toml into the PostgreSQL task queue (one task per source)");
    auto a = std::make_shared<ScheduleArgs>();
    cmd->add_option("--pg", a->pg, "PostgreSQL connection string (URI or key=value)")->required();
    cmd->add_option("--config", a->config, "sources.toml")->required();
    cmd->add_option("--default-refresh", a->default_refresh,
                    "Refresh interval of sources without refresh = (90s, 30m, 6h, 1d; default 1h)");
    cmd->add_flag("--due-now", a->due_now, "Make every scheduled task due now (run them again)");
    cmd->add_flag("--quiet,-q", a->quiet, "Print only errors");
    cmd->callback([&cli, a] { cli.run = [a] { return RunSchedule(*a); }; });
  }
  auto* cmd = app.add_subcommand("worker", "Claim due fetch tasks from the PostgreSQL queue and ingest them");
  auto a = std::make_shared<WorkerArgs>();
  cmd->add_option("--pg", a->pg, "PostgreSQL connection string (the queue and the store)")->required();
  auto* once = cmd->add_flag("--once", a->once, "Run at most one task, then exit");
  cmd->add_flag("--until-idle", a->until_idle,
                "Exit when no task is due, leased or waiting for a retry (default: run forever)")
      ->excludes(once);
  cmd->add_option("--lease-s", a->lease_s, "Lease length in seconds, renewed every third of it (default 60)");
  cmd->add_option("--threads", a->threads, "Pipeline threads per task (default: all cores)");
  cmd->add_option("--poll-ms", a->poll_ms, "Wait between claims when nothing is due (default 1000)");
  cmd->add_option("--retry-base-s", a->retry.retry_base_s,
                  "First retry of a failed task after this many seconds, doubling (default 30)");
  cmd->add_option("--max-attempts", a->retry.max_attempts,
                  "Consecutive failures before a task waits for its next refresh (default 5)");
  cmd->add_flag("--no-conditional", a->no_conditional,
                "Fetch every URL in full (no If-None-Match/If-Modified-Since from the task's saved validators)");
  cmd->add_flag("--quiet,-q", a->quiet, "Print only errors");
  cmd->callback([&cli, a] { cli.run = [a] { return RunWorker(*a); }; });
}

}  // namespace skillpulse
