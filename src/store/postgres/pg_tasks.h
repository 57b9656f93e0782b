// The fetch task queue in PostgreSQL (table skillpulse.tasks, migration 0010_tasks.sql) that
// `skillpulse schedule` fills and `skillpulse worker` processes drain (docs/SCALING.md,
// "Workers").
//
// One task per configured source, keyed by the source's refresh key (its stored source
// name). A worker claims a due task with
//   UPDATE tasks SET lease_until = now() + lease, owner = ... WHERE task_id =
//     (SELECT task_id FROM tasks WHERE due AND not leased ORDER BY next_due
//      FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING ...
// so concurrent workers never claim the same task and never wait on each other's row locks.
// The claim is a lease, not a lock held by a transaction: the worker renews it while it
// runs (Renew), and a worker that dies stops renewing, so once lease_until passes the task
// is claimable again. Every later update is conditional on `owner`, so a worker whose lease
// was taken over cannot overwrite the new holder's bookkeeping. Running a task twice is
// harmless because the store upserts postings by (source, source_id).
//
// All times are the server's (now()); the workers' clocks never matter.
// Not thread-safe: one thread per TaskQueue (a worker's heartbeat uses its own).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace skillpulse::pg {

class Conn;

// One source to schedule.
struct TaskSpec {
  std::string key;        // RefreshKey of the sources.toml entry (unique)
  std::string label;      // for messages
  int64_t refresh_s = 0;  // > 0: next run this long after a success
};

// A claimed task: what the worker needs to run it.
struct ClaimedTask {
  int64_t task_id = 0;
  std::string key;
  std::string label;
  std::string config_toml;  // the sources.toml text it was scheduled from
  std::string fetch_state;  // FetchState JSON Lines saved by its latest run ("" = none)
  int64_t refresh_s = 0;
  int attempts = 0;         // consecutive failures before this claim
  int64_t claims = 0;       // times claimed, this claim included (> 1: a retry or a re-claim)
};

// Failure handling: a failed run is retried after retry_base_s * 2^(attempts-1) seconds
// (capped at the refresh interval); after max_attempts consecutive failures the task waits
// for its next regular refresh instead (attempts restart at 0, last_error stays).
struct RetryPolicy {
  double retry_base_s = 30;
  int max_attempts = 5;
};

struct ScheduleCounts {
  int64_t added = 0;     // new tasks (due now)
  int64_t updated = 0;   // existing tasks (schedule kept, unless the new refresh is sooner)
  int64_t disabled = 0;  // tasks of sources no longer in the config
};

// Tasks by state (enabled tasks only), as of one statement.
struct QueueCounts {
  int64_t total = 0;
  int64_t due = 0;       // claimable now (includes tasks whose holder's lease expired)
  int64_t leased = 0;    // held by a live lease
  int64_t retrying = 0;  // failed, waiting for a retry (attempts > 0)
  // Nothing to claim, nothing in flight, nothing waiting for a retry.
  bool idle() const { return due == 0 && leased == 0 && retrying == 0; }
};

class TaskQueue {
 public:
  // Connects (libpq connection string, as OpenPostgresStore). The schema must exist: open
  // the store first (OpenPostgresStore migrates it). kUnavailable when the server cannot be
  // reached; kFailedPrecondition when the tasks table is missing.
  static Result<std::unique_ptr<TaskQueue>> Connect(const std::string& conninfo);
  ~TaskQueue();
  TaskQueue(const TaskQueue&) = delete;
  TaskQueue& operator=(const TaskQueue&) = delete;

  // In one transaction: stores `config_toml` (once per distinct text), upserts one task per
  // spec (new ones due now; existing ones keep their next_due unless `due_now`, or the new
  // refresh interval makes them due sooner; disabled ones are re-enabled and due now) and
  // disables every task not in `tasks`. InvalidArgument for an empty key, a duplicate key
  // or refresh_s <= 0.
  Result<ScheduleCounts> Schedule(std::string_view config_toml, const std::vector<TaskSpec>& tasks, bool due_now = false);

  // Claims the due task with the earliest next_due for `owner` with a lease of `lease_s`
  // seconds; nullopt when none is claimable.
  Result<std::optional<ClaimedTask>> Claim(const std::string& owner, int64_t lease_s);
  // Extends the lease to now() + lease_s. False when `owner` no longer holds the task
  // (its lease expired and another worker claimed it).
  Result<bool> Renew(int64_t task_id, const std::string& owner, int64_t lease_s);
  // A successful run that read `postings`: releases the lease, next_due = now() + refresh,
  // attempts = 0, runs + 1, last_done_by = owner, and, when given, the run's fetch state
  // (validators for the next run's conditional requests; call only after the store committed
  // the run). False (nothing changed) when `owner` no longer holds the task.
  Result<bool> Complete(int64_t task_id, const std::string& owner, int64_t postings,
                        const std::optional<std::string>& fetch_state = std::nullopt);
  // A failed run: releases the lease, records `error`, schedules a retry per `policy`.
  // False (nothing changed) when `owner` no longer holds the task.
  Result<bool> Fail(int64_t task_id, const std::string& owner, const std::string& error, const RetryPolicy& policy);

  Result<QueueCounts> Counts();

  // "host:port/dbname" of the connection, for messages.
  std::string Describe() const;

 private:
  explicit TaskQueue(std::unique_ptr<Conn> conn);
  std::unique_ptr<Conn> conn_;
};

}  // namespace skillpulse::pg
