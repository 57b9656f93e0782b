#include "store/postgres/pg_tasks.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <set>

#include "store/postgres/pg_binary.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/postgres_store.h"

namespace skillpulse::pg {
namespace {

Param Int8(int64_t v) {
  Param p{kInt8Oid, std::string()};
  PutU64(*p.value, static_cast<uint64_t>(v));
  return p;
}
Param Float8(double v) {
  Param p{kFloat8Oid, std::string()};
  uint64_t bits = 0;
  static_assert(sizeof bits == sizeof v);
  std::memcpy(&bits, &v, sizeof bits);
  PutU64(*p.value, bits);
  return p;
}
Param Text(std::string_view v) { return Param{kTextOid, SanitizeText(v)}; }

std::string Str(std::optional<std::string_view> v) { return v ? std::string(*v) : std::string(); }

}  // namespace

TaskQueue::TaskQueue(std::unique_ptr<Conn> conn) : conn_(std::move(conn)) {}
TaskQueue::~TaskQueue() = default;

std::string TaskQueue::Describe() const { return conn_->Describe(); }

Result<std::unique_ptr<TaskQueue>> TaskQueue::Connect(const std::string& conninfo) {
  SP_ASSIGN_OR_RETURN(std::unique_ptr<Conn> conn, Conn::Connect(conninfo));
  SP_TRY(conn->Exec(std::string("SET search_path TO ") + kPostgresSchema +
                    "; SET application_name TO 'skillpulse-worker'")
             .status());
  SP_ASSIGN_OR_RETURN(ResultSet r, conn->Exec(std::string("SELECT to_regclass('") + kPostgresSchema + ".tasks') IS NOT NULL"));
  if (Str(r.Get(0, 0)) != "t") {
    return FailedPrecondition("postgres " + conn->Describe() +
                              ": no task table (open the store with this skillpulse first: it migrates the schema)");
  }
  return std::unique_ptr<TaskQueue>(new TaskQueue(std::move(conn)));
}

Result<ScheduleCounts> TaskQueue::Schedule(std::string_view config_toml, const std::vector<TaskSpec>& tasks,
                                           bool due_now) {
  std::set<std::string> keys;
  for (const TaskSpec& t : tasks) {
    if (t.key.empty()) return InvalidArgument("task without a key (" + t.label + ")");
    if (t.refresh_s <= 0) return InvalidArgument("task " + t.key + ": refresh interval must be positive");
    if (!keys.insert(t.key).second) return InvalidArgument("two tasks with the key " + t.key);
  }
  SP_TRY(conn_->Exec("BEGIN").status());
  auto body = [&]() -> Result<ScheduleCounts> {
    ScheduleCounts counts;
    SP_ASSIGN_OR_RETURN(
        ResultSet cfg,
        conn_->Query("INSERT INTO task_configs(digest, toml, created_at) VALUES (md5($1), $1, $2) "
                     "ON CONFLICT (digest) DO UPDATE SET digest = EXCLUDED.digest RETURNING config_id",
                     {Text(config_toml), Int8(static_cast<int64_t>(std::time(nullptr)))}));
    SP_ASSIGN_OR_RETURN(int64_t config_id, ReadInt8(cfg.Get(0, 0)));
    for (const TaskSpec& t : tasks) {
      SP_ASSIGN_OR_RETURN(
          ResultSet r,
          conn_->Query(
              "INSERT INTO tasks(key, label, config_id, refresh_s, next_due) VALUES ($1, $2, $3, $4, now()) "
              "ON CONFLICT (key) DO UPDATE SET label = EXCLUDED.label, config_id = EXCLUDED.config_id, "
              "refresh_s = EXCLUDED.refresh_s, enabled = true, next_due = CASE WHEN $5 OR NOT tasks.enabled "
              "THEN now() ELSE LEAST(tasks.next_due, now() + EXCLUDED.refresh_s * interval '1 second') END "
              "RETURNING (xmax = 0)",
              {Text(t.key), Text(t.label), Int8(config_id), Int8(t.refresh_s),
               Param{kBoolOid, std::string(1, due_now ? '\1' : '\0')}}));
      SP_ASSIGN_OR_RETURN(bool inserted, ReadBool(r.Get(0, 0)));
      ++(inserted ? counts.added : counts.updated);
    }
    // Every task of this config now points at config_id; the others left the config.
    SP_ASSIGN_OR_RETURN(ResultSet d, conn_->Query("WITH d AS (UPDATE tasks SET enabled = false WHERE enabled AND "
                                                  "config_id <> $1 RETURNING 1) SELECT count(*) FROM d",
                                                  {Int8(config_id)}));
    SP_ASSIGN_OR_RETURN(counts.disabled, ReadInt8(d.Get(0, 0)));
    SP_TRY(conn_->Exec("COMMIT").status());
    return counts;
  };
  auto result = body();
  if (!result.ok()) conn_->Exec("ROLLBACK").status().IgnoreError();
  return result;
}

Result<std::optional<ClaimedTask>> TaskQueue::Claim(const std::string& owner, int64_t lease_s) {
  // The inner SELECT skips rows another claim has locked; FOR UPDATE re-checks the WHERE
  // clause on a row changed since the snapshot, so a task claimed a moment ago is not
  // claimed again.
  SP_ASSIGN_OR_RETURN(
      ResultSet r,
      conn_->Query("UPDATE tasks SET lease_until = now() + $2 * interval '1 second', owner = $1, claims = claims + 1 "
                   "WHERE task_id = (SELECT task_id FROM tasks WHERE enabled AND next_due <= now() AND "
                   "(lease_until IS NULL OR lease_until < now()) ORDER BY next_due, task_id "
                   "FOR UPDATE SKIP LOCKED LIMIT 1) "
                   "RETURNING task_id, key, label, refresh_s, attempts, claims, "
                   "(SELECT toml FROM task_configs c WHERE c.config_id = tasks.config_id), fetch_state",
                   {Text(owner), Int8(lease_s)}));
  if (r.rows() == 0) return std::optional<ClaimedTask>();
  ClaimedTask t;
  SP_ASSIGN_OR_RETURN(t.task_id, ReadInt8(r.Get(0, 0)));
  t.key = Str(r.Get(0, 1));
  t.label = Str(r.Get(0, 2));
  SP_ASSIGN_OR_RETURN(t.refresh_s, ReadInt8(r.Get(0, 3)));
  SP_ASSIGN_OR_RETURN(t.attempts, ReadInt4(r.Get(0, 4)));
  SP_ASSIGN_OR_RETURN(t.claims, ReadInt8(r.Get(0, 5)));
  t.config_toml = Str(r.Get(0, 6));
  t.fetch_state = Str(r.Get(0, 7));
  return std::optional<ClaimedTask>(std::move(t));
}

Result<bool> TaskQueue::Renew(int64_t task_id, const std::string& owner, int64_t lease_s) {
  SP_ASSIGN_OR_RETURN(ResultSet r, conn_->Query("UPDATE tasks SET lease_until = now() + $3 * interval '1 second' "
                                                "WHERE task_id = $1 AND owner = $2 AND lease_until IS NOT NULL "
                                                "RETURNING 1",
                                                {Int8(task_id), Text(owner), Int8(lease_s)}));
  return r.rows() == 1;
}

Result<bool> TaskQueue::Complete(int64_t task_id, const std::string& owner, int64_t postings,
                                 const std::optional<std::string>& fetch_state) {
  SP_ASSIGN_OR_RETURN(
      ResultSet r,
      conn_->Query("UPDATE tasks SET lease_until = NULL, next_due = now() + refresh_s * interval '1 second', "
                   "attempts = 0, runs = runs + 1, last_done_by = owner, last_done_at = now(), last_postings = $3, "
                   "fetch_state = COALESCE($4, fetch_state) "
                   "WHERE task_id = $1 AND owner = $2 AND lease_until IS NOT NULL RETURNING 1",
                   {Int8(task_id), Text(owner), Int8(postings),
                    fetch_state ? Text(*fetch_state) : Param{kTextOid, std::nullopt}}));
  return r.rows() == 1;
}

Result<bool> TaskQueue::Fail(int64_t task_id, const std::string& owner, const std::string& error,
                             const RetryPolicy& policy) {
  // In SET, `attempts` is the value before this failure.
  SP_ASSIGN_OR_RETURN(
      ResultSet r,
      conn_->Query("UPDATE tasks SET lease_until = NULL, failures = failures + 1, last_error = $3, "
                   "attempts = CASE WHEN attempts + 1 >= $5 THEN 0 ELSE attempts + 1 END, "
                   "next_due = now() + CASE WHEN attempts + 1 >= $5 THEN refresh_s::float8 "
                   "ELSE LEAST(refresh_s::float8, $4 * power(2, attempts)) END * interval '1 second' "
                   "WHERE task_id = $1 AND owner = $2 AND lease_until IS NOT NULL RETURNING 1",
                   {Int8(task_id), Text(owner), Text(error), Float8(policy.retry_base_s),
                    Int8(std::max(1, policy.max_attempts))}));
  return r.rows() == 1;
}

Result<QueueCounts> TaskQueue::Counts() {
  SP_ASSIGN_OR_RETURN(
      ResultSet r,
      conn_->Query("SELECT count(*), "
                   "count(*) FILTER (WHERE next_due <= now() AND (lease_until IS NULL OR lease_until < now())), "
                   "count(*) FILTER (WHERE lease_until >= now()), "
                   "count(*) FILTER (WHERE attempts > 0 AND (lease_until IS NULL OR lease_until < now())) "
                   "FROM tasks WHERE enabled"));
  QueueCounts c;
  SP_ASSIGN_OR_RETURN(c.total, ReadInt8(r.Get(0, 0)));
  SP_ASSIGN_OR_RETURN(c.due, ReadInt8(r.Get(0, 1)));
  SP_ASSIGN_OR_RETURN(c.leased, ReadInt8(r.Get(0, 2)));
  SP_ASSIGN_OR_RETURN(c.retrying, ReadInt8(r.Get(0, 3)));
  return c;
}

}  // namespace skillpulse::pg
