// `skillpulse schedule` + `skillpulse worker` against one PostgreSQL database (a throwaway
// cluster on loopback) and a loopback source server with injected faults: four worker
// processes drain the queue, one is killed with SIGKILL while its task is in flight, and in
// the end every source is ingested exactly once (per-board posting counts read from the
// shared Ashby snapshot, no duplicate (source, source_id)), the killed worker's task was
// completed by another worker after its lease expired, and running every task again (one
// worker, then four) changes no rows.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "fault_server.h"
#include "live_fixtures.h"
#include "pg_cluster.h"
#include "store/postgres/pg_tasks.h"
#include "store/postgres/postgres_store.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::FaultConnection;
using testing::FaultServer;
using testing::HttpRequest;
using testing::PgCluster;
using testing::Respond;
using testing::Slurp;
namespace faults = testing::faults;

constexpr std::string_view kFetch = R"toml(
user_agent = "skillpulse-test/1"
contact = "https://example.org/skillpulse-tests"

[fetch]
max_attempts = 3
backoff_base_ms = 20
backoff_max_ms = 80
connect_timeout_ms = 1000
timeout_ms = 30000
max_body_mb = 16
breaker_failures = 100

)toml";

std::string BoardPath(const std::string& org) { return "/posting-api/job-board/" + org; }

// Starts `skillpulse worker`; stderr goes to `log`. Returns its pid.
pid_t StartWorker(const std::string& conninfo, const std::string& log) {
  return testing::SpawnSkillpulse({"worker", "--pg", conninfo, "--until-idle", "--lease-s", "3", "--poll-ms", "100",
                                   "--retry-base-s", "1", "--threads", "1"},
                                  log);
}

// Kills (SIGKILL) and reaps the workers still running when a test leaves its scope early
// (a failed ASSERT), so no worker outlives its test.
struct WorkerReaper {
  std::vector<pid_t>* pids;
  ~WorkerReaper() {
    for (pid_t p : *pids) {
      if (waitpid(p, nullptr, WNOHANG) == 0) {
        kill(p, SIGKILL);
        waitpid(p, nullptr, 0);
      }
    }
  }
};

// Waits for `pid` up to `timeout_s`; its exit code, or -1 (killed after the timeout, or by a signal).
int WaitFor(pid_t pid, int timeout_s) {
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > end) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// psql on database `db` of the cluster, in the store's schema; a failed statement fails the test.
std::function<std::string(const std::string&)> SqlOn(PgCluster* cluster, std::string db) {
  return [cluster, db](const std::string& q) {
    bool ok = false;
    std::string err;
    std::string out = cluster->Psql(db, "SET search_path TO skillpulse;\n" + q, &ok, &err);
    EXPECT_TRUE(ok) << q << ": " << err;
    return out;
  };
}

// Runs `n` workers until idle; the wall time in seconds (every worker must exit 0).
double RunWorkers(const testing::TempDir& tmp, const std::string& conninfo, int n, const std::string& tag) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<pid_t> pids;
  WorkerReaper reaper{&pids};
  for (int i = 0; i < n; ++i) pids.push_back(StartWorker(conninfo, tmp.File(tag + std::to_string(i) + ".log")));
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(WaitFor(pids[i], 120), 0) << Slurp(tmp.File(tag + std::to_string(i) + ".log"));
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

TEST(PgWorkers, FourWorkersIngestEverySourceOnceAndRecoverFromAKilledWorker) {
  PgCluster* cluster = PgCluster::Shared();
  if (cluster == nullptr) GTEST_SKIP() << "no PostgreSQL: " << PgCluster::SharedError();
  if (!testing::HaveShared("ats_ashby")) GTEST_SKIP() << "no shared data";
  auto boards = testing::LoadAshbyBoards(16, 2, 60);
  ASSERT_EQ(boards.size(), 16u);
  ASSERT_TRUE(cluster->CreateDatabase("workers"));
  const std::string conninfo = cluster->ConnInfo("workers");
  auto sql = SqlOn(cluster, "workers");

  // Board 0: the first request hangs for 20 s (the worker holding it gets killed), later
  // ones answer at once (9 likewise, for 4.5 s). 1-3: 1.5 s of latency every time. 4-5: two HTTP 500s, recovered by
  // the fetcher's own retries. 6-7: three 503s against max_attempts = 2, so the first task
  // run fails and the queue's retry (1 s later) succeeds. 8: a reset connection first.
  FaultServer server;
  {
    auto b0 = std::make_shared<std::string>(boards[0].body);
    server.Route(BoardPath(boards[0].org), [b0](const HttpRequest& r, FaultConnection& c) {
      if (r.attempt == 1) c.Sleep(20'000);
      c.Reply(200, *b0);
      return Respond::kKeepOpen;
    });
  }
  {
    // Board 9: the first request takes 4.5 s, longer than the 3 s lease: the heartbeat must
    // keep the task from being claimed by another worker meanwhile.
    auto b9 = std::make_shared<std::string>(boards[9].body);
    server.Route(BoardPath(boards[9].org), [b9](const HttpRequest& r, FaultConnection& c) {
      if (r.attempt == 1) c.Sleep(4500);
      c.Reply(200, *b9);
      return Respond::kKeepOpen;
    });
  }
  for (int i = 1; i <= 3; ++i) server.Route(BoardPath(boards[i].org), faults::Slow(boards[i].body, 1500));
  for (int i = 4; i <= 5; ++i) server.Route(BoardPath(boards[i].org), faults::FailFirst(2, 500, boards[i].body));
  for (int i = 6; i <= 7; ++i) server.Route(BoardPath(boards[i].org), faults::FailFirst(3, 503, boards[i].body));
  server.Route(BoardPath(boards[8].org), faults::ResetFirst(1, boards[8].body));
  for (size_t i = 10; i < boards.size(); ++i) server.Static(BoardPath(boards[i].org), boards[i].body);

  std::string config(kFetch);
  for (size_t i = 0; i < boards.size(); ++i) {
    config += "[[source]]\ntype = \"ashby\"\nurl = \"" + server.Url(BoardPath(boards[i].org)) + "\"\nsource = \"ashby:" +
              boards[i].org + "\"\n" + (i == 6 || i == 7 ? "max_attempts = 2\n" : "") + "\n";
  }
  testing::TempDir tmp;
  const std::string cfg = tmp.Write("sources.toml", config);
  auto sched = testing::RunSkillpulse("schedule --pg '" + conninfo + "' --config " + cfg);
  ASSERT_EQ(sched.exit_code, 0) << sched.err;
  EXPECT_NE(sched.err.find("scheduled 16 sources"), std::string::npos) << sched.err;
  EXPECT_NE(sched.err.find("16 new, 0 updated, 0 disabled"), std::string::npos) << sched.err;
  EXPECT_EQ(sql("SELECT count(*) FROM tasks WHERE next_due <= now() AND lease_until IS NULL"), "16");

  // Four workers; kill the one that holds board 0 while its request hangs.
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<pid_t> pids;
  WorkerReaper reaper{&pids};
  for (int i = 0; i < 4; ++i) pids.push_back(StartWorker(conninfo, tmp.File("w" + std::to_string(i) + ".log")));
  const std::string key0 = "ashby:" + boards[0].org;
  for (int i = 0; i < 600 && server.Hits(BoardPath(boards[0].org)) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(server.Hits(BoardPath(boards[0].org)), 1);
  const std::string killed_owner = sql("SELECT owner FROM tasks WHERE key = '" + key0 + "'");
  const pid_t killed = static_cast<pid_t>(std::stol(killed_owner.substr(killed_owner.rfind(':') + 1)));
  ASSERT_NE(std::find(pids.begin(), pids.end(), killed), pids.end()) << killed_owner;
  ASSERT_EQ(kill(killed, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(killed, &status, 0), killed);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  // Its lease is still held right after the kill: nobody may take the task yet.
  EXPECT_EQ(sql("SELECT owner FROM tasks WHERE key = '" + key0 + "' AND lease_until > now()"), killed_owner);
  for (int i = 0; i < 4; ++i) {
    if (pids[i] == killed) continue;
    EXPECT_EQ(WaitFor(pids[i], 120), 0) << Slurp(tmp.File("w" + std::to_string(i) + ".log"));
  }
  const double first_pass_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // Every source exactly once: each board's job count (read from the snapshot by the
  // fixture, not by the parser), no (source, source_id) twice.
  int64_t expected_total = 0;
  for (const auto& b : boards) {
    SCOPED_TRACE(b.org);
    EXPECT_EQ(sql("SELECT count(*) || ' ' || count(DISTINCT source_id) FROM postings WHERE source = 'ashby:" + b.org + "'"),
              std::to_string(b.jobs) + " " + std::to_string(b.jobs));
    expected_total += static_cast<int64_t>(b.jobs);
  }
  EXPECT_EQ(sql("SELECT count(*) FROM postings"), std::to_string(expected_total));
  EXPECT_EQ(sql("SELECT count(*) FROM (SELECT 1 FROM postings GROUP BY source, source_id HAVING count(*) > 1) d"), "0");
  // Every task done once, nothing leased or pending a retry.
  EXPECT_EQ(sql("SELECT count(*) FROM tasks WHERE runs = 1 AND attempts = 0 AND lease_until IS NULL AND "
                "next_due > now() + interval '50 minutes'"),
            "16");
  // The killed worker's task: claimed twice, completed by someone else, the board fetched
  // again.
  EXPECT_EQ(sql("SELECT claims FROM tasks WHERE key = '" + key0 + "'"), "2");
  const std::string done_by = sql("SELECT last_done_by FROM tasks WHERE key = '" + key0 + "'");
  EXPECT_NE(done_by, killed_owner);
  EXPECT_FALSE(done_by.empty());
  EXPECT_EQ(server.Hits(BoardPath(boards[0].org)), 2);
  // The task that ran longer than its lease was renewed, not stolen: claimed and fetched once.
  EXPECT_EQ(sql("SELECT claims FROM tasks WHERE key = 'ashby:" + boards[9].org + "'"), "1");
  EXPECT_EQ(server.Hits(BoardPath(boards[9].org)), 1);
  // Boards 6-7 failed once (their error recorded) and succeeded on the queue's retry.
  for (int i = 6; i <= 7; ++i) {
    EXPECT_EQ(sql("SELECT failures || ' ' || claims || ' ' || (last_error LIKE '%503%') FROM tasks WHERE key = 'ashby:" +
                  boards[i].org + "'"),
              "1 2 true");
  }
  EXPECT_EQ(sql("SELECT count(*) FROM tasks WHERE failures > 0"), "2");
  // Work was spread: at least two of the surviving workers completed tasks.
  EXPECT_GE(std::stoi(sql("SELECT count(DISTINCT last_done_by) FROM tasks")), 2);

  // Everything again, one worker then four: the same rows (idempotent), runs = 3.
  const std::string before = sql("SELECT string_agg(source || '/' || source_id, ',' ORDER BY posting_id) FROM postings");
  ASSERT_EQ(testing::RunSkillpulse("schedule -q --due-now --pg '" + conninfo + "' --config " + cfg).exit_code, 0);
  const double one_s = RunWorkers(tmp, conninfo, 1, "one");
  ASSERT_EQ(testing::RunSkillpulse("schedule -q --due-now --pg '" + conninfo + "' --config " + cfg).exit_code, 0);
  const double four_s = RunWorkers(tmp, conninfo, 4, "four");
  EXPECT_EQ(sql("SELECT string_agg(source || '/' || source_id, ',' ORDER BY posting_id) FROM postings"), before);
  EXPECT_EQ(sql("SELECT count(*) FROM tasks WHERE runs = 3 AND attempts = 0"), "16");
  std::printf("[ measured ] 16 loopback sources: first pass with a kill %.2f s; all again: 1 worker %.2f s, "
              "4 workers %.2f s\n",
              first_pass_s, one_s, four_s);
  // Three sources take 1.5 s each; one worker runs them in turn, four overlap them.
  EXPECT_GT(one_s, 4.5);
}

// Conditional requests across workers: the run that completes a task saves its validators in
// the task row; the next claim (by any worker) sends If-None-Match, an unchanged board costs
// a 304, and its postings stay open (not closed as missing) with no rows added.
TEST(PgWorkers, TheNextRunOfATaskSendsTheSavedValidators) {
  PgCluster* cluster = PgCluster::Shared();
  if (cluster == nullptr) GTEST_SKIP() << "no PostgreSQL: " << PgCluster::SharedError();
  if (!testing::HaveShared("ats_ashby")) GTEST_SKIP() << "no shared data";
  auto boards = testing::LoadAshbyBoards(2, 2, 60);
  ASSERT_EQ(boards.size(), 2u);
  ASSERT_TRUE(cluster->CreateDatabase("workers_etag"));
  const std::string conninfo = cluster->ConnInfo("workers_etag");
  auto sql = SqlOn(cluster, "workers_etag");
  FaultServer server;
  std::mutex mu;
  std::vector<std::string> if_none_match;  // the header of each request to board 0
  int full = 0, not_modified = 0;
  {
    auto body = std::make_shared<std::string>(boards[0].body);
    server.Route(BoardPath(boards[0].org), [&, body](const HttpRequest& r, FaultConnection& c) {
      std::lock_guard lock(mu);
      if_none_match.push_back(r.Header("if-none-match"));
      if (r.Header("if-none-match") == "\"v1\"") {
        ++not_modified;
        c.Send("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 0\r\n\r\n");
      } else {
        ++full;
        c.Reply(200, *body, "application/json", {{"ETag", "\"v1\""}});
      }
      return Respond::kKeepOpen;
    });
  }
  server.Static(BoardPath(boards[1].org), boards[1].body);  // no validators: always in full
  std::string config(kFetch);
  for (const auto& b : boards) {
    config += "[[source]]\ntype = \"ashby\"\nurl = \"" + server.Url(BoardPath(b.org)) + "\"\nsource = \"ashby:" + b.org +
              "\"\n\n";
  }
  testing::TempDir tmp;
  const std::string cfg = tmp.Write("sources.toml", config);
  ASSERT_EQ(testing::RunSkillpulse("schedule -q --pg '" + conninfo + "' --config " + cfg).exit_code, 0);
  RunWorkers(tmp, conninfo, 1, "first");
  const std::string key0 = "ashby:" + boards[0].org;
  const std::string rows = std::to_string(boards[0].jobs + boards[1].jobs);
  EXPECT_EQ(sql("SELECT count(*) FROM postings"), rows);
  EXPECT_NE(sql("SELECT fetch_state FROM tasks WHERE key = '" + key0 + "'").find("v1"), std::string::npos);
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(if_none_match.size(), 1u);
    EXPECT_EQ(if_none_match[0], "");  // nothing saved yet: a plain request
  }
  // Run both tasks again (two workers this time: whoever claims board 0 has the validator).
  ASSERT_EQ(testing::RunSkillpulse("schedule -q --due-now --pg '" + conninfo + "' --config " + cfg).exit_code, 0);
  RunWorkers(tmp, conninfo, 2, "again");
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(if_none_match.size(), 2u);
    EXPECT_EQ(if_none_match[1], "\"v1\"");
    EXPECT_EQ(full, 1);
    EXPECT_EQ(not_modified, 1);
  }
  const std::string logs = Slurp(tmp.File("again0.log")) + Slurp(tmp.File("again1.log"));
  EXPECT_NE(logs.find(key0 + ": 0 postings"), std::string::npos) << logs;
  EXPECT_NE(logs.find("not modified since the last run"), std::string::npos) << logs;
  EXPECT_EQ(sql("SELECT count(*) FROM postings"), rows);
  EXPECT_EQ(sql("SELECT count(*) FROM postings WHERE closed_at IS NOT NULL"), "0");
  EXPECT_EQ(sql("SELECT count(*) FROM tasks WHERE runs = 2 AND attempts = 0"), "2");
}

TEST(PgWorkers, ScheduleDisablesRemovedSourcesAndRejectsBadConfigs) {
  PgCluster* cluster = PgCluster::Shared();
  if (cluster == nullptr) GTEST_SKIP() << "no PostgreSQL: " << PgCluster::SharedError();
  ASSERT_TRUE(cluster->CreateDatabase("schedule"));
  const std::string conninfo = cluster->ConnInfo("schedule");
  testing::TempDir tmp;
  const std::string two = tmp.Write("two.toml",
                                    "[[source]]\ntype = \"ashby\"\ntoken = \"alpha\"\nrefresh = \"6h\"\n\n"
                                    "[[source]]\ntype = \"ashby\"\ntoken = \"beta\"\n");
  auto r = testing::RunSkillpulse("schedule --pg '" + conninfo + "' --config " + two + " --default-refresh 2h");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto sql = [&](const std::string& q) { return cluster->Psql("schedule", "SET search_path TO skillpulse;\n" + q); };
  EXPECT_EQ(sql("SELECT string_agg(key || ' ' || refresh_s || ' ' || enabled, ',' ORDER BY key) FROM tasks"),
            "ashby:alpha 21600 true,ashby:beta 7200 true");
  // A second schedule of the same file changes nothing and stores the config once.
  r = testing::RunSkillpulse("schedule --pg '" + conninfo + "' --config " + two + " --default-refresh 2h");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("0 new, 2 updated, 0 disabled"), std::string::npos) << r.err;
  EXPECT_EQ(sql("SELECT count(*) FROM task_configs"), "1");
  // Dropping beta disables its task; alpha stays.
  const std::string one = tmp.Write("one.toml", "[[source]]\ntype = \"ashby\"\ntoken = \"alpha\"\nrefresh = \"6h\"\n");
  r = testing::RunSkillpulse("schedule --pg '" + conninfo + "' --config " + one);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("0 new, 1 updated, 1 disabled"), std::string::npos) << r.err;
  EXPECT_EQ(sql("SELECT string_agg(key || ' ' || enabled, ',' ORDER BY key) FROM tasks"), "ashby:alpha true,ashby:beta false");
  // Malformed configs are refused before anything is written.
  const std::string bad = tmp.Write("bad.toml", "[[source]]\ntype = \"ashby\"\ntoken = \"x\"\nbogus = 1\n");
  r = testing::RunSkillpulse("schedule --pg '" + conninfo + "' --config " + bad);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bogus"), std::string::npos) << r.err;
  r = testing::RunSkillpulse("schedule --pg '" + conninfo + "' --config " + two + " --default-refresh soon");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(sql("SELECT count(*) FROM tasks"), "2");
  // A worker with nothing due exits at once with --until-idle (no fetch: the tasks are
  // made due in an hour, these tokens are not served anywhere).
  sql("UPDATE tasks SET next_due = now() + interval '1 hour'");
  r = testing::RunSkillpulse("worker --pg '" + conninfo + "' --until-idle --threads 1");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("0 tasks done, 0 failed"), std::string::npos) << r.err;
}


// The queue's contract, directly: concurrent claims never hand out a task twice; a lease
// blocks others until it expires; after a takeover the old holder can neither renew nor
// complete; failures back off and give up after max_attempts.
TEST(PgWorkers, TaskQueueLeasesAreExclusiveAndExpire) {
  PgCluster* cluster = PgCluster::Shared();
  if (cluster == nullptr) GTEST_SKIP() << "no PostgreSQL: " << PgCluster::SharedError();
  ASSERT_TRUE(cluster->CreateDatabase("queue"));
  const std::string conninfo = cluster->ConnInfo("queue");
  ASSERT_TRUE(OpenPostgresStore(conninfo).ok());
  auto q = pg::TaskQueue::Connect(conninfo);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  std::vector<pg::TaskSpec> specs;
  for (int i = 0; i < 40; ++i) specs.push_back({"k" + std::to_string(i), "task " + std::to_string(i), 3600});
  auto counts = (*q)->Schedule("# config text\n", specs);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->added, 40);
  EXPECT_FALSE((*q)->Schedule("", {{"a", "", 60}, {"a", "", 60}}).ok());  // duplicate key
  EXPECT_FALSE((*q)->Schedule("", {{"a", "", 0}}).ok());                  // no refresh

  // Four threads, each with its own connection, claim until nothing is left.
  std::mutex mu;
  std::vector<std::string> claimed;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto c = pg::TaskQueue::Connect(conninfo);
      ASSERT_TRUE(c.ok());
      for (;;) {
        auto task = (*c)->Claim("thread" + std::to_string(t), 60);
        ASSERT_TRUE(task.ok()) << task.status().ToString();
        if (!task->has_value()) break;
        EXPECT_EQ((*task)->config_toml, "# config text\n");
        std::lock_guard lock(mu);
        claimed.push_back((*task)->key);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(claimed.size(), 40u);
  EXPECT_EQ(std::set<std::string>(claimed.begin(), claimed.end()).size(), 40u);
  auto c = (*q)->Counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->leased, 40);
  EXPECT_FALSE(c->idle());

  // A short lease: nobody else gets the task until it expires; then the old holder is out.
  ASSERT_TRUE((*q)->Schedule("# config text\n", {{"solo", "", 3600}}).ok());
  auto a = (*q)->Claim("A", 1);
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->key, "solo");
  EXPECT_FALSE((*q)->Claim("B", 60)->has_value());
  EXPECT_TRUE(*(*q)->Renew((*a)->task_id, "A", 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  auto b = (*q)->Claim("B", 60);
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_EQ((*b)->key, "solo");
  EXPECT_EQ((*b)->claims, 2);
  EXPECT_FALSE(*(*q)->Renew((*a)->task_id, "A", 60));
  EXPECT_FALSE(*(*q)->Complete((*a)->task_id, "A", 5));
  EXPECT_TRUE(*(*q)->Complete((*b)->task_id, "B", 7));
  EXPECT_FALSE(*(*q)->Complete((*b)->task_id, "B", 7));  // released: no second completion
  auto sql = [&](const std::string& s) { return cluster->Psql("queue", "SET search_path TO skillpulse;\n" + s); };
  EXPECT_EQ(sql("SELECT runs || ' ' || last_done_by || ' ' || last_postings || ' ' || (lease_until IS NULL) || ' ' || "
                "(next_due > now() + interval '59 minutes') FROM tasks WHERE key = 'solo'"),
            "1 B 7 true true");

  // Failures: retry after base * 2^(attempts-1), capped by refresh; give up after max_attempts.
  // (Scheduling "solo2" alone disables the 41 others: they are not in that config.)
  ASSERT_TRUE((*q)->Schedule("# other\n", {{"solo2", "", 100}}).ok());
  EXPECT_EQ(sql("SELECT count(*) FROM tasks WHERE enabled"), "1");
  pg::RetryPolicy policy{10, 3};
  for (int attempt = 1; attempt <= 3; ++attempt) {
    sql("UPDATE tasks SET next_due = now() WHERE key = 'solo2'");
    auto t = (*q)->Claim("C", 60);
    ASSERT_TRUE(t.ok() && t->has_value());
    EXPECT_EQ((*t)->attempts, attempt - 1);
    ASSERT_TRUE(*(*q)->Fail((*t)->task_id, "C", "HTTP 503", policy));
    // Waits 10 s, 20 s, then (3rd failure = max_attempts) the refresh interval, 100 s.
    const int wait_s = attempt == 1 ? 10 : attempt == 2 ? 20 : 100;
    EXPECT_EQ(sql("SELECT attempts || ' ' || failures || ' ' || last_error || ' ' || "
                  "round(extract(epoch FROM next_due - now())) FROM tasks WHERE key = 'solo2'"),
              std::to_string(attempt == 3 ? 0 : attempt) + " " + std::to_string(attempt) + " HTTP 503 " +
                  std::to_string(wait_s));
    auto counts_now = (*q)->Counts();
    ASSERT_TRUE(counts_now.ok());
    EXPECT_EQ(counts_now->retrying, attempt == 3 ? 0 : 1);
    EXPECT_EQ(counts_now->idle(), attempt == 3);
  }
}

}  // namespace
}  // namespace skillpulse
